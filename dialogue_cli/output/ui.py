"""What the CLI tells the user on stderr: input problems and progress.

A progress bar appears only when stderr is a terminal, and only once the work
has run for about a second; problems print above it, one line each.
"""

from __future__ import annotations

import sys
import time
from typing import Any, Iterable, Iterator, TypeVar

from dialogue_cli.errors import DialogueError

T = TypeVar("T")

PROG = "dialogue"
_DELAY = 1.0
_reported = 0  # problems reported in this process; the entry point reads it


def problems_reported() -> int:
    """How many input problems this process has reported (for the exit status)."""
    return _reported


_CONTROLS = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F]} | {0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"}


def one_line(text: str) -> str:
    """``text`` safe as one line of a terminal: control characters (a name's
    newline or escape codes) and bytes that were not UTF-8 shown as escapes.

    >>> print(one_line("a\\nb\\x1b[31m"))
    a\\nb\\x1b[31m
    """
    from dialogue_cli.corpus.walk import shown

    return shown(text).translate(_CONTROLS)


def format_problem(problem: DialogueError) -> str:
    """One line: ``dialogue: PATH: PROBLEM; HINT`` (see :func:`one_line`)."""
    text = f"{PROG}: {problem}"
    if problem.hint:
        text += f"; {problem.hint}"
    return one_line(text)


class Reporter:
    """Collects input problems (exit status 1) and drives the progress bar."""

    def __init__(self) -> None:
        self.failures = 0
        self.problems: list[str] = []  # each failed input's line, for the report's overview
        self._progress: Any = None
        self._warned: set[str] = set()

    def problem(self, problem: DialogueError) -> None:
        global _reported
        self.failures += 1
        _reported += 1
        self.problems.append(str(problem))
        self._emit(format_problem(problem))

    def warning(self, message: str) -> None:
        """A note on stderr, once, that does not change the exit status."""
        if message in self._warned:
            return
        self._warned.add(message)
        self._emit(one_line(f"{PROG}: warning: {message}"))

    def _emit(self, line: str) -> None:
        """One line on stderr, above the progress bar when one is shown."""
        if self._progress is not None:
            self._progress.console.print(line, markup=False, highlight=False)
        else:
            sys.stderr.write(line + "\n")
            sys.stderr.flush()

    @property
    def exit_code(self) -> int:
        return 1 if self.failures else 0

    def track(self, items: Iterable[T], *, total: int | None, label: str) -> Iterator[T]:
        """Yield ``items``; after a second, show a progress bar on a terminal stderr
        (``total`` None: not known in advance, as for the rows of a table)."""
        if not sys.stderr.isatty() or (total is not None and total < 2):
            yield from items
            return
        started = time.monotonic()
        task = None
        done = 0
        try:
            for item in items:
                yield item
                done += 1
                if self._progress is None and time.monotonic() - started > _DELAY:
                    from rich.console import Console
                    from rich.progress import (
                        BarColumn,
                        MofNCompleteColumn,
                        Progress,
                        TextColumn,
                        TimeRemainingColumn,
                    )

                    self._progress = Progress(
                        TextColumn("{task.description}"),
                        BarColumn(),
                        MofNCompleteColumn(),
                        TimeRemainingColumn(),
                        console=Console(stderr=True),
                        transient=True,
                    )
                    self._progress.start()
                    task = self._progress.add_task(label, total=total, completed=done)
                elif self._progress is not None and task is not None:
                    self._progress.update(task, completed=done)
        finally:
            if self._progress is not None:
                self._progress.stop()
                self._progress = None
