"""Entry point for the `dialogue` console script and `python -m dialogue_cli`.

Exit paths are handled here, once: click errors (usage: 2), a closed stdout
(``dialogue tokenize | head -1``: the rest of the output is dropped quietly;
the status is 1 if an input failed before that, else 0), and Ctrl-C (130).
Commands end with status 1 when an input failed.
"""

from __future__ import annotations

import os
import sys
from typing import Sequence


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def run(args: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit status."""
    import click

    from dialogue_cli.cli import cli

    for stream in (sys.stdout, sys.stderr):  # Vietnamese out, whatever the locale
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding not in ("utf8", "") and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    try:
        try:
            with cli.make_context("dialogue", list(sys.argv[1:] if args is None else args)) as ctx:
                cli.invoke(ctx)
            status = 0
        except click.exceptions.Exit as exc:
            status = exc.exit_code
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        from dialogue_cli.output.ui import problems_reported

        _quiet_stdout()
        return 1 if problems_reported() else 0
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except (click.Abort, KeyboardInterrupt):
        sys.stderr.write("\ndialogue: interrupted\n")
        return 130


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
