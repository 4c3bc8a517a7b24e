"""Structured corpora: a CSV, TSV, JSON Lines, JSON array or Parquet file
holding one document per row, as scrapers (trafilatura, news-please) write them.

Rows stream: a 1 GB JSON Lines file is never loaded whole. Each row becomes
an :class:`~dialogue_cli.corpus.inputs.InputRef` carrying its text, its id and its
other columns as metadata fields; a bad row becomes an
:class:`~dialogue_cli.errors.InputProblem` in its place, so the other rows
are still analysed and problems keep their order.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import sys
from array import array
from dataclasses import dataclass
from typing import IO, Any, Iterable, Iterator

from dialogue_cli.corpus.inputs import Fields, InputRef, builtin_fields, table_kind
from dialogue_cli.errors import InputProblem
from dialogue_cli.text.normalize import scrub

__all__ = ["TableOptions", "SourceIds", "table_kind", "table_rows", "table_fields", "TEXT_COLUMNS", "ID_COLUMNS"]

TEXT_COLUMNS = ("text", "content", "body", "maintext")
ID_COLUMNS = ("id", "url", "source")  # trafilatura's JSON: "id" is often null, "source" is the URL
# trafilatura's and news-please's names for the fields this tool knows.
ALIASES = {"hostname": "outlet", "sitename": "outlet", "source-hostname": "outlet", "source_domain": "outlet",
           "author": "byline", "authors": "byline", "date_publish": "date", "source": "url"}
# A column named like a built-in identity field does not replace it: ``source`` is always the source id
# (trafilatura's ``source`` column, its URL, is the ``url`` field instead).
IDENTITY = ("source",)

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # articles are longer than csv's 128 KB default


@dataclass(frozen=True)
class TableOptions:
    """Which column holds the text and which the id (default: the usual names)."""

    text_column: str | None = None
    id_column: str | None = None
    encoding: str | None = None


class SourceIds:
    """Keeps source ids unique across a run: a repeated id is replaced by
    ``FILE#ROW`` (as a repeated file name is replaced by its path).

    Memory stays small however many rows stream by: the ids seen are kept as
    64-bit hashes in an open-addressing table (at most 32 bytes a row), not as
    strings. Should two different ids share a hash (odds about 1 in 10⁷ for a
    million rows), the later one is named ``FILE#ROW`` too.

    >>> ids = SourceIds()
    >>> [ids.claim(w, f"t.jsonl#{n}") for n, w in enumerate(["u1", "u2", "u1", "", "u2"], 1)]
    ['u1', 'u2', 't.jsonl#3', 't.jsonl#4', 't.jsonl#5']
    """

    def __init__(self) -> None:
        self._table = array("Q", bytes(8 * 1024))  # 0: an empty slot
        self._count = 0

    def claim(self, wanted: str, fallback: str) -> str:
        if wanted and self._add(wanted):
            return wanted
        self._add(fallback)
        return fallback

    def _add(self, text: str) -> bool:
        """Remember ``text``; False if it was seen before."""
        h = hash(text) & 0xFFFF_FFFF_FFFF_FFFF or 1
        table, mask = self._table, len(self._table) - 1
        i = h & mask
        while table[i]:
            if table[i] == h:
                return False
            i = (i + 1) & mask
        table[i] = h
        self._count += 1
        if 2 * self._count > len(table):
            self._grow()
        return True

    def _grow(self) -> None:
        old, self._table = self._table, array("Q", bytes(16 * len(self._table)))
        mask = len(self._table) - 1
        for h in old:
            if h:
                i = h & mask
                while self._table[i]:
                    i = (i + 1) & mask
                self._table[i] = h


def _problem(ref: InputRef, problem: str, hint: str | None = None) -> InputProblem:
    return InputProblem(ref.path, problem, hint=hint)


def _value(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, str):
        return scrub(v)
    return scrub(json.dumps(v, ensure_ascii=False, default=str))


def _pick(columns: list[str], wanted: str | None, defaults: tuple[str, ...]) -> str | None:
    """The column named ``wanted`` (any case), else the first default present."""
    lower = {c.lower(): c for c in columns}
    for name in (wanted,) if wanted else defaults:
        if name.lower() in lower:
            return lower[name.lower()]
    return None


@dataclass(frozen=True)
class _Layout:
    text: str
    ids: tuple[str, ...]  # id columns: a row's id is the first of them with a value
    fields: list[str]  # field names, aliases included


def _layout(ref: InputRef, columns: list[str], options: TableOptions) -> _Layout:
    shown = ", ".join(columns[:12]) + (", …" if len(columns) > 12 else "")
    text = _pick(columns, options.text_column, TEXT_COLUMNS)
    if text is None:
        if options.text_column:
            raise _problem(ref, f"no column {options.text_column!r} (columns: {shown})", "check --text-column")
        raise _problem(ref, f"no text column (looked for {', '.join(TEXT_COLUMNS)}; columns: {shown})",
                       "name it with --text-column")
    if options.id_column:
        ident = _pick(columns, options.id_column, ())
        if ident is None:
            raise _problem(ref, f"no column {options.id_column!r} (columns: {shown})", "check --id-column")
        ids: tuple[str, ...] = (ident,)
    else:
        ids = tuple(c for c in (_pick(columns, name, ()) for name in ID_COLUMNS) if c is not None)
    return _Layout(text, ids, _names(c for c in columns if c != text))


def _names(columns: Iterable[str]) -> list[str]:
    """Field names of these columns: identity fields out, aliases added."""
    fields = list(dict.fromkeys(columns))
    for col, alias in ALIASES.items():
        if col in fields and alias not in fields:
            fields.append(alias)
    return [f for f in fields if f not in IDENTITY]


def _fields(record: dict[str, Any], layout: _Layout) -> Fields:
    out = {k: _value(v) for k, v in record.items() if k != layout.text}
    for col, alias in ALIASES.items():
        if out.get(col) and not out.get(alias):
            out[alias] = out[col]
    return tuple((k, v) for k, v in out.items() if k not in IDENTITY)


def table_rows(ref: InputRef, *, options: TableOptions, ids: SourceIds) -> Iterator[InputRef | InputProblem]:
    """Each row of the table file ``ref`` as a document (or a problem), in file order.

    A row's source id is its id column, else ``FILE#ROW`` (rows count from 1;
    in JSON Lines, the line number).
    """
    kind = table_kind(ref.path) or "csv"
    try:
        with open(ref.path, "rb") as fh:
            records = _READERS[kind](fh, ref, options)
            layout: _Layout | None = None
            for row, record in records:
                if isinstance(record, InputProblem):
                    yield record
                    continue
                if layout is None:
                    layout = _layout(ref, list(record), options)
                text = record.get(layout.text)
                if not isinstance(text, str) or not text.strip():
                    yield _problem(ref, f"row {row}: no text in column {layout.text!r}")
                    continue
                fallback = f"{ref.source}#{row}"
                wanted = next((v for v in (_value(record.get(c)).strip() for c in layout.ids) if v), "")
                source = ids.claim(wanted, fallback)
                folder = dict(ref.fields).get("folder", "")
                yield InputRef(source, ref.path, builtin_fields(source, ref.path, folder), _fields(record, layout),
                               text)
    except InputProblem as problem:
        yield problem
    except OSError as exc:
        yield _problem(ref, (exc.strerror or str(exc)).lower())


def table_fields(ref: InputRef, *, options: TableOptions) -> list[str]:
    """The metadata field names the table's rows will carry: its header (CSV, TSV,
    Parquet: every row has the same columns), or every key of any row (JSON Lines,
    a JSON array: rows may differ, so the file is read once, streamed)."""
    kind = table_kind(ref.path) or "csv"
    names: dict[str, None] = {}
    text: str | None = None
    try:
        with open(ref.path, "rb") as fh:
            for _, record in _READERS[kind](fh, ref, options):
                if isinstance(record, InputProblem):
                    continue
                if text is None:
                    text = _layout(ref, list(record), options).text
                names.update(dict.fromkeys(c for c in record if c != text))
                if kind not in ("json", "jsonl"):
                    break
    except (OSError, InputProblem):
        pass
    return _names(names)


# --- readers: (row number, record dict or problem) ---------------------------------------------------------

Records = Iterator[tuple[int, "dict[str, Any] | InputProblem"]]


def _text_lines(fh: IO[bytes], ref: InputRef, encoding: str | None) -> Iterator[tuple[int, str | InputProblem]]:
    """Decoded lines with their numbers. UTF-8 (BOM optional) is decoded line by
    line, so one bad line is reported and skipped; a BOM-marked UTF-16/32 or a
    forced ``encoding`` is decoded as a stream."""
    head = fh.peek(4)[:4] if hasattr(fh, "peek") else b""
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if encoding is None and head.startswith(bom):
            encoding = codec
            break
    if encoding is not None and codecs.lookup(encoding).name not in ("utf-8", "utf-8-sig"):
        stream = io.TextIOWrapper(fh, encoding=encoding, newline="")
        n = 0
        try:
            for n, line in enumerate(stream, 1):
                yield n, line
        except UnicodeError:
            yield n + 1, _problem(ref, f"line {n + 1}: cannot be decoded as {encoding}; the rest of the file is skipped")
        return
    for n, raw in enumerate(fh, 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield n, _problem(ref, f"line {n}: not UTF-8 (invalid byte 0x{raw[exc.start]:02x})",
                              "pass the file's encoding with --encoding")
            continue
        yield n, line.lstrip("\ufeff") if n == 1 else line


def _delimited(fh: IO[bytes], ref: InputRef, options: TableOptions, delimiter: str) -> Records:
    problems: list[InputProblem] = []

    def lines() -> Iterator[str]:
        for _, line in _text_lines(fh, ref, options.encoding):
            if isinstance(line, InputProblem):
                problems.append(line)
            else:
                yield line

    reader = csv.reader(lines(), delimiter=delimiter)
    header: list[str] | None = None
    row = 0
    try:
        for values in reader:
            while problems:
                yield row + 1, problems.pop(0)
            if header is None:
                header = [h.strip() for h in values]
                continue
            if not any(v.strip() for v in values):
                continue
            row += 1
            if len(values) > len(header):
                yield row, _problem(ref, f"row {row} (line {reader.line_num}): {len(values)} fields, "
                                         f"the header has {len(header)}")
                continue
            yield row, dict(zip(header, values + [""] * (len(header) - len(values))))
    except csv.Error as exc:
        yield row + 1, _problem(ref, f"line {reader.line_num}: {exc}; the rest of the file is skipped")
    while problems:
        yield row + 1, problems.pop(0)


def _jsonl(fh: IO[bytes], ref: InputRef, options: TableOptions) -> Records:
    for n, line in _text_lines(fh, ref, options.encoding):
        if isinstance(line, InputProblem):
            yield n, line
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            yield n, _problem(ref, f"line {n}: not valid JSON ({exc.args[0].split(':')[0]})")
            continue
        except RecursionError:
            yield n, _problem(ref, f"line {n}: nested too deeply")
            continue
        if not isinstance(record, dict):
            yield n, _problem(ref, f"line {n}: not a JSON object")
            continue
        yield n, record


def _json_array(fh: IO[bytes], ref: InputRef, options: TableOptions) -> Records:
    """Elements of a top-level JSON array, parsed one at a time from 1 MB chunks."""
    stream = io.TextIOWrapper(fh, encoding=options.encoding or "utf-8-sig")
    decoder = json.JSONDecoder()
    buf, pos, eof, n = "", 0, False, 0

    def more() -> bool:
        nonlocal buf, pos, eof
        chunk = stream.read(1 << 20)
        buf, pos, eof = buf[pos:] + chunk, 0, not chunk
        return bool(chunk)

    def skip() -> str:
        nonlocal pos
        while True:
            while pos < len(buf) and buf[pos].isspace():
                pos += 1
            if pos < len(buf) or not more():
                return buf[pos] if pos < len(buf) else ""

    try:
        if skip() != "[":
            raise ValueError("not a JSON array")
        pos += 1
        while True:
            if skip() == "]" and n == 0:
                return
            while True:
                try:
                    record, pos = decoder.raw_decode(buf, pos)
                    break
                except json.JSONDecodeError as exc:  # the chunk may end inside the element: read on
                    if not _truncated(exc, len(buf)) or eof or not more():
                        raise
            n += 1
            yield n, record if isinstance(record, dict) else _problem(ref, f"row {n}: not a JSON object")
            sep = skip()
            pos += 1
            if sep == "]":
                return
            if sep != ",":
                raise ValueError(f"expected ',' or ']' after row {n}")
    except UnicodeError:
        yield n + 1, _problem(ref, f"row {n + 1}: not {options.encoding or 'UTF-8'}; the rest of the file is skipped",
                              "pass the file's encoding with --encoding")
    except RecursionError:
        yield n + 1, _problem(ref, f"row {n + 1}: nested too deeply; the rest of the file is skipped")
    except ValueError as exc:
        yield n + 1, _problem(ref, f"row {n + 1}: {str(exc).split(':')[0]}; the rest of the file is skipped",
                              "a .json corpus is one array of objects; JSON Lines (.jsonl) has one object per line")


def _truncated(exc: json.JSONDecodeError, size: int) -> bool:
    """Whether a decoding error can come from the buffer ending inside an element
    (then reading on may cure it). Any other error is reported at once, without
    reading the rest of a large file into memory first.

    >>> def err(text):
    ...     try:
    ...         json.JSONDecoder().raw_decode(text)
    ...     except json.JSONDecodeError as exc:
    ...         return _truncated(exc, len(text))
    >>> err('{"text": "Một'), err('{"a": 12'), err('{"a": 1 "b": 2}' + " " * 100)
    (True, True, False)
    """
    return exc.msg.startswith("Unterminated string") or exc.pos >= size - 16


def _parquet(fh: IO[bytes], ref: InputRef, options: TableOptions) -> Records:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise _problem(ref, "reading Parquet needs pyarrow", "pip install 'dialogue-cli[parquet]'") from None
    try:
        n = 0
        for batch in pq.ParquetFile(fh).iter_batches(batch_size=256):
            for record in batch.to_pylist():
                n += 1
                yield n, record
    except Exception as exc:  # pyarrow raises its own ArrowInvalid, OSError…
        raise _problem(ref, f"not a readable Parquet file ({str(exc).splitlines()[0]})") from None


_READERS: dict[str, Any] = {
    "csv": lambda fh, ref, o: _delimited(fh, ref, o, ","),
    "tsv": lambda fh, ref, o: _delimited(fh, ref, o, "\t"),
    "jsonl": _jsonl,
    "json": _json_array,
    "parquet": _parquet,
}
