"""Walking a directory for the files that match ``--glob``, saying what is skipped.

Every entry whose path matches the pattern is either returned (a regular file,
or a symlink to one) or reported: a dangling symlink, a named pipe, a socket,
a device, an unresolvable link. A directory is searched, whatever its name
(``notes.txt/`` too); symlinks to directories are followed, and one that
leads back to a directory already being searched (a loop) is skipped with one
warning. A subdirectory that cannot be read is reported, and the walk goes on.
Hidden entries (a name starting with ``.``) are left out.

The walk keeps its own stack, so no depth of nesting exhausts Python's; a
path longer than the system allows (``PATH_MAX``) is reported once.
"""

from __future__ import annotations

import errno
import fnmatch
import functools
import os
import re
import stat
from typing import Callable

from dialogue_cli.errors import InputProblem

__all__ = ["GlobError", "check_glob", "matches", "walk", "os_reason", "shown", "name", "kind_problem", "link_problem"]

OnProblem = Callable[[InputProblem], None]
OnWarning = Callable[[str], None]


class GlobError(ValueError):
    """A ``--glob`` that cannot select files inside a directory."""


def check_glob(pattern: str) -> str:
    """A ``--glob`` is relative: matched against paths inside the directories given.

    >>> check_glob("*.md")
    '*.md'
    >>> check_glob("/tmp/*.txt")
    Traceback (most recent call last):
    ...
    dialogue_cli.corpus.walk.GlobError: '/tmp/*.txt' is an absolute path; the pattern is matched inside the directories given: pass the directory as a PATH and the pattern alone, e.g. /tmp --glob '*.txt'
    """
    if not pattern.strip("/"):
        raise GlobError(f"{pattern!r} matches no file name; e.g. --glob '*.txt'")
    if pattern.startswith("/"):
        head, _, tail = pattern.rpartition("/")
        raise GlobError(f"{pattern!r} is an absolute path; the pattern is matched inside the directories given: "
                        f"pass the directory as a PATH and the pattern alone, e.g. {head or '/'} --glob '{tail}'")
    parts = [part for part in pattern.split("/") if part not in ("", ".")]  # ./*.txt is *.txt
    if ".." in parts:
        raise GlobError(f"{pattern!r}: '..' cannot be part of the pattern; it is matched inside the "
                        "directories given")
    if not parts:
        raise GlobError(f"{pattern!r} matches no file name; e.g. --glob '*.txt'")
    return "/".join(parts)


@functools.lru_cache(maxsize=64)
def _compiled(pattern: str) -> tuple[re.Pattern[str] | None, ...]:
    """Each component of the pattern as a regex; None stands for ``**``."""
    return tuple(None if part == "**" else re.compile(fnmatch.translate(part))
                 for part in pattern.split("/") if part)


def matches(parts: tuple[str, ...], pattern: str) -> bool:
    """Whether a relative path ends with the pattern (as ``Path.rglob`` matches):
    ``*`` stays within a component, ``**`` spans any number of them.

    >>> matches(("a", "b.txt"), "*.txt"), matches(("a", "b.txt"), "a/*.txt"), matches(("b.txt",), "a/*.txt")
    (True, True, False)
    >>> matches(("x", "a", "y", "b.txt"), "a/**/*.txt")
    True
    """
    pats = _compiled(pattern)

    def tail(i: int, j: int) -> bool:  # parts[:i] against pats[:j], from the end
        if j == 0:
            return True
        if pats[j - 1] is None:
            return any(tail(k, j - 1) for k in range(i, -1, -1))
        return i > 0 and bool(pats[j - 1].match(parts[i - 1])) and tail(i - 1, j - 1)  # type: ignore[union-attr]

    return tail(len(parts), len(pats))


def shown(path: str) -> str:
    """A path as text: bytes of the name that are not UTF-8 as ``\\xNN``.

    >>> shown(os.fsdecode(b"caf\\xff.txt"))
    'caf\\\\xff.txt'
    """
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        pass
    try:
        data = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that is no escaped byte
        return path.encode("utf-8", "backslashreplace").decode("utf-8")
    return data.decode("utf-8", "backslashreplace")


def shorten(path: str, limit: int = 160) -> str:
    """A path of at most about ``limit`` characters: its start and its end."""
    if len(path) <= limit:
        return path
    return f"{path[: limit // 2]}…{path[-(limit // 2):]}"


def os_reason(exc: OSError) -> str:
    """The lower-case reason of an OS error, as messages print it."""
    if exc.errno == errno.EACCES:
        return "permission denied"
    if exc.errno == errno.EISDIR:
        return "is a directory"
    if exc.errno == errno.ELOOP:
        return "symbolic link loop (the link cannot be resolved)"
    if exc.errno == errno.ENAMETOOLONG:
        return f"path too long ({len(os.fsencode(exc.filename or ''))} bytes; the system allows {_path_max()})"
    return (exc.strerror or str(exc)).lower()


def _path_max() -> int:
    try:
        return os.pathconf("/", "PC_PATH_MAX")
    except (OSError, ValueError, AttributeError):  # pragma: no cover - not POSIX
        return 4096


def name(path: str) -> str:
    """A path as messages print it: as text (see :func:`shown`), at most about 160 characters."""
    return shorten(shown(path))


_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"))


def kind_problem(path: str, mode: int) -> InputProblem:
    """The problem with a matched entry that is not a regular file."""
    kind = next((kind for test, kind in _KINDS if test(mode)), "not a regular file")
    hint = "name it on the command line to read it from a writer" if stat.S_ISFIFO(mode) else None
    return InputProblem(name(path), f"is {kind}, not a regular file: skipped", hint=hint)


def link_problem(path: str, exc: OSError) -> InputProblem:
    """The problem with a symlink that does not lead to a file."""
    if exc.errno == errno.ENOENT:
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return InputProblem(name(path), f"dangling symbolic link (to {shown(target)!r}, which does not exist)")
    return InputProblem(name(path), os_reason(exc))


def _is_loop(directory: str, link: str) -> bool:
    """Whether the symlink ``link`` in ``directory`` leads to it or one of its ancestors."""
    here, target = os.path.realpath(directory), os.path.realpath(link)
    return here == target or here.startswith(target.rstrip("/") + "/")


def walk(root: str, pattern: str, *, on_problem: OnProblem, on_warning: OnWarning) -> list[tuple[tuple[str, ...], str]]:
    """``(relative parts, path)`` of every regular file under ``root`` matching
    ``pattern``, in the order of their relative paths."""
    found: list[tuple[tuple[str, ...], str]] = []
    try:
        top = os.stat(root)
    except OSError as exc:
        on_problem(InputProblem(name(root), os_reason(exc)))
        return found
    stack: list[tuple[str, tuple[str, ...]]] = [(root, ())]
    visited = {(top.st_dev, top.st_ino)}  # a directory reached twice (through links) is searched once
    while stack:
        directory, parts = stack.pop()
        try:
            with os.scandir(directory) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            on_problem(InputProblem(name(directory), f"{os_reason(exc)}: its files are skipped"))
            continue
        subdirs = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = (*parts, entry.name)
            try:
                if entry.is_file(follow_symlinks=False):  # the common case, from the directory listing alone
                    if matches(rel, pattern):
                        found.append((rel, entry.path))
                    continue
                if not entry.is_symlink() and not entry.is_dir(follow_symlinks=False) and not matches(rel, pattern):
                    continue
                st = entry.stat()  # follows symlinks
            except OSError as exc:
                if entry.is_symlink():
                    if matches(rel, pattern):
                        on_problem(link_problem(entry.path, exc))
                elif entry.is_dir(follow_symlinks=False):
                    on_problem(InputProblem(name(entry.path), f"{os_reason(exc)}: its files are skipped"))
                elif matches(rel, pattern):
                    on_problem(InputProblem(name(entry.path), os_reason(exc)))
                continue
            if stat.S_ISDIR(st.st_mode):
                key = (st.st_dev, st.st_ino)
                if entry.is_symlink() and _is_loop(directory, entry.path):
                    on_warning(f"{name(entry.path)}: symbolic link loop (leads back to "
                               f"{name(os.path.realpath(entry.path))}): not followed")
                elif key not in visited:
                    visited.add(key)
                    subdirs.append((entry.path, rel))
            elif matches(rel, pattern):
                if stat.S_ISREG(st.st_mode):
                    found.append((rel, entry.path))
                else:
                    on_problem(kind_problem(entry.path, st.st_mode))
        stack.extend(reversed(subdirs))  # searched in name order
    found.sort(key=lambda f: "/".join(f[0]))
    return found
