"""Corpus reading: files, directories and stdin, decoded into documents.

Inputs are expanded first (directories recursively, ``*.txt`` by default),
then read one at a time. A bad input never stops the others: :func:`read`
raises an :class:`~dialogue_cli.errors.InputProblem`, which the pipeline
hands to ``on_problem`` before going on.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Callable, Sequence

from dialogue_cli.corpus.walk import link_problem, name, os_reason, shown, walk
from dialogue_cli.errors import InputProblem

__all__ = ["Document", "Fields", "InputRef", "builtin_fields", "table_kind", "default_corpus", "expand", "decode", "read"]

STDIN = "-"
OnProblem = Callable[[InputProblem], None]
OnWarning = Callable[[str], None]


Fields = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class InputRef:
    """A document to analyse: its stable source id, where it lives, and its
    metadata fields. ``text`` is set when the document was already read (a row
    of a structured corpus); otherwise the file at ``path`` is read.

    ``fields`` are the built-in ones (``source``, ``file``, ``folder``): the
    page's own metadata overrides them; ``extra`` (path pattern, table
    columns, ``--meta``) overrides the page's.
    """

    source: str
    path: str  # as the user can find it; "-" for stdin
    fields: Fields = ()
    extra: Fields = ()
    text: str | None = None

    def with_extra(self, extra: Fields) -> InputRef:
        return InputRef(self.source, self.path, self.fields, self.extra + extra, self.text)


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded document. ``text`` is the original text, line ends as written."""

    source: str
    path: str
    text: str
    encoding: str


def default_corpus() -> Path:
    """The bundled seed articles: package data in a wheel, ``seeds/`` in a checkout."""
    packaged = resources.files("dialogue_cli") / "seeds"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "seeds"


def expand(
    paths: Sequence[str], *, glob: str = "*.txt", on_problem: OnProblem, on_warning: OnWarning | None = None
) -> list[InputRef]:
    """Turn command-line paths into document references, in a stable order.

    A file's source id is its name; a file found in a directory gets its path
    relative to that directory (see :mod:`dialogue_cli.corpus.walk` for what
    is searched and what is reported). Should two inputs share an id, the
    later one is named by its path as given. Bytes of a file name that are
    not UTF-8 show in its source id as ``\\xNN``.

    >>> [r.source for r in expand([str(default_corpus())], on_problem=print)][:1]
    ['000_bd2ac04a1bd0c17a.txt']
    """
    refs: list[InputRef] = []
    seen_files: set[str] = set()
    seen_ids: set[str] = set()

    def add(source: str, path: str, folder: str = "") -> None:
        real = os.path.realpath(path) if path != STDIN else STDIN  # stdin, like a file, is read once
        if real in seen_files:
            return
        seen_files.add(real)
        source = shown(source)
        if source in seen_ids:
            source = shown(path)
        seen_ids.add(source)
        refs.append(InputRef(source, path, builtin_fields(source, path, shown(folder))))

    for given in paths:
        if given == STDIN:
            add("<stdin>", STDIN)
            continue
        try:
            st = os.stat(given)
        except OSError as exc:
            if os.path.islink(given):
                on_problem(link_problem(given, exc))
            else:
                on_problem(InputProblem(name(given), "no such file or directory" if exc.errno == errno.ENOENT
                                        else os_reason(exc)))
            continue
        if not stat.S_ISDIR(st.st_mode):
            add(os.path.basename(given.rstrip("/")) or given, given)  # a FIFO is read as it comes, like cat
            continue
        found = walk(given, glob, on_problem=on_problem, on_warning=on_warning or (lambda message: None))
        if not found:
            on_problem(
                InputProblem(
                    name(given),
                    f"directory has no files matching {glob!r}",
                    hint="use --glob to choose other files, e.g. --glob '*.md'",
                )
            )
        for parts, path in found:
            add("/".join(parts), path, parts[0] if len(parts) > 1 else "")
    return refs


_TABLES = {".csv": "csv", ".tsv": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".parquet": "parquet"}


def table_kind(path: str) -> str | None:
    """``csv``, ``tsv``, ``jsonl``, ``json`` or ``parquet`` for a table of documents
    (read by :mod:`dialogue_cli.corpus.tables`), else None.

    >>> table_kind("news.NDJSON"), table_kind("a.txt")
    ('jsonl', None)
    """
    return _TABLES.get(os.path.splitext(path)[1].lower())


def builtin_fields(source: str, path: str, folder: str = "") -> Fields:
    """The fields every document has: ``source``, ``file`` (the file's name)
    and ``folder`` (first directory level under a directory given; empty for
    a file given directly).

    >>> builtin_fields("Kinh doanh/a.txt", "/data/Kinh doanh/a.txt", "Kinh doanh")
    (('source', 'Kinh doanh/a.txt'), ('file', 'a.txt'), ('folder', 'Kinh doanh'))
    """
    return (("source", source), ("file", "<stdin>" if path == STDIN else shown(os.path.basename(path))),
            ("folder", folder))


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, *, name: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM optional) or BOM-marked UTF-16/32.

    Returns ``(text, encoding)``; a BOM is not part of the text. Anything else
    raises :class:`InputProblem` unless ``encoding`` forces a codec.

    >>> decode("hoà".encode("utf-16"), name="x")
    ('hoà', 'utf-16')
    """
    if encoding is None:
        for bom, codec in _BOMS:
            if data.startswith(bom):
                encoding = codec
                break
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
        except UnicodeError as exc:  # punycode and the like raise a bare UnicodeError
            where = f" (byte 0x{data[exc.start]:02x} at offset {exc.start})" if isinstance(
                exc, UnicodeDecodeError) and exc.start < len(data) else ""
            raise InputProblem(
                name,
                f"cannot be decoded as {encoding}{where}",
                hint="check the file's encoding and pass it with --encoding",
            ) from None
    if b"\x00" in data:
        raise InputProblem(
            name,
            "binary file (contains NUL bytes)",
            hint="if it is UTF-16 without a BOM, pass --encoding utf-16-le",
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        raise InputProblem(
            name,
            f"not UTF-8 (invalid byte 0x{data[exc.start]:02x} at offset {exc.start})",
            hint="pass the file's encoding, e.g. --encoding cp1258",
        ) from None


def read(ref: InputRef, *, encoding: str | None = None) -> Document:
    """Read and decode one input; raises :class:`InputProblem` on failure."""
    if ref.text is not None:
        return Document(ref.source, ref.path, ref.text, "utf-8")
    try:
        if ref.path == STDIN:
            data = sys.stdin.buffer.read()
        else:
            with open(ref.path, "rb") as fh:
                data = fh.read()
    except OSError as exc:
        raise InputProblem(name(ref.path), os_reason(exc)) from None
    text, used = decode(data, name=ref.path, encoding=encoding)
    return Document(ref.source, ref.path, text, used)

