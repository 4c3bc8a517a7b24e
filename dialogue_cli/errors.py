"""Domain exceptions. The core raises these; the CLI turns them into messages."""

from __future__ import annotations


class DialogueError(Exception):
    """Base class for every error the core raises on purpose."""

    hint: str | None = None


class PathError(DialogueError):
    """A problem with one named file: ``PATH: PROBLEM``, plus a hint to fix it."""

    def __init__(self, path: str, problem: str, *, hint: str | None = None) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
        self.hint = hint

    def __reduce__(self) -> tuple[object, ...]:
        # Worker processes send these back; the default (cls(*args)) would not rebuild them.
        return (self.__class__, (self.path, self.problem), {"hint": self.hint})


class InputProblem(PathError):
    """One input (file, directory, stdin) could not be read.

    >>> str(InputProblem("a.txt", "no such file or directory"))
    'a.txt: no such file or directory'
    """


class DictionaryError(PathError):
    """A theme dictionary is malformed.

    >>> str(DictionaryError("t.yaml", "line 3: expected a list of terms"))
    't.yaml: line 3: expected a list of terms'
    """


class OutputError(PathError):
    """``-o FILE`` cannot be written.

    >>> str(OutputError("/nope/x.csv", "cannot be written (no such file or directory)"))
    '/nope/x.csv: cannot be written (no such file or directory)'
    """
