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
from dataclasses import dataclass
from typing import IO, Any, Iterator

from dialogue_cli.corpus.inputs import Fields, InputRef, builtin_fields, table_kind
from dialogue_cli.errors import InputProblem
from dialogue_cli.text.normalize import scrub

__all__ = ["TableOptions", "SourceIds", "table_kind", "table_rows", "table_fields", "TEXT_COLUMNS", "ID_COLUMNS"]

TEXT_COLUMNS = ("text", "content", "body", "maintext")
ID_COLUMNS = ("id", "url")
# trafilatura's and news-please's names for the fields this tool knows.
ALIASES = {"hostname": "outlet", "sitename": "outlet", "source_domain": "outlet", "author": "byline",
           "authors": "byline", "date_publish": "date"}

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # articles are longer than csv's 128 KB default


@dataclass(frozen=True)
class TableOptions:
    """Which column holds the text and which the id (default: the usual names)."""

    text_column: str | None = None
    id_column: str | None = None
    encoding: str | None = None


class SourceIds:
    """Keeps source ids unique across a run: a repeated id is replaced by
    ``FILE#ROW`` (as a repeated file name is replaced by its path)."""

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def claim(self, wanted: str, fallback: str) -> str:
        source = fallback if not wanted or wanted in self._seen else wanted
        self._seen.add(source)
        return source


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
    id: str | None
    fields: list[str]  # field names, aliases included


def _layout(ref: InputRef, columns: list[str], options: TableOptions) -> _Layout:
    shown = ", ".join(columns[:12]) + (", …" if len(columns) > 12 else "")
    text = _pick(columns, options.text_column, TEXT_COLUMNS)
    if text is None:
        if options.text_column:
            raise _problem(ref, f"no column {options.text_column!r} (columns: {shown})", "check --text-column")
        raise _problem(ref, f"no text column (looked for {', '.join(TEXT_COLUMNS)}; columns: {shown})",
                       "name it with --text-column")
    ident = _pick(columns, options.id_column, ID_COLUMNS)
    if ident is None and options.id_column:
        raise _problem(ref, f"no column {options.id_column!r} (columns: {shown})", "check --id-column")
    fields = [c for c in columns if c != text]
    for col, alias in ALIASES.items():
        if col in fields and alias not in fields:
            fields.append(alias)
    return _Layout(text, ident, fields)


def _fields(record: dict[str, Any], layout: _Layout) -> Fields:
    out = {k: _value(v) for k, v in record.items() if k != layout.text}
    for col, alias in ALIASES.items():
        if out.get(col) and not out.get(alias):
            out[alias] = out[col]
    return tuple(out.items())


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
                source = ids.claim(_value(record.get(layout.id)).strip() if layout.id else "", fallback)
                folder = dict(ref.fields).get("folder", "")
                yield InputRef(source, ref.path, builtin_fields(source, ref.path, folder), _fields(record, layout),
                               text)
    except InputProblem as problem:
        yield problem
    except OSError as exc:
        yield _problem(ref, (exc.strerror or str(exc)).lower())


def table_fields(ref: InputRef, *, options: TableOptions) -> list[str]:
    """The metadata field names the table's rows will carry (from its first row)."""
    try:
        with open(ref.path, "rb") as fh:
            for _, record in _READERS[table_kind(ref.path) or "csv"](fh, ref, options):
                if not isinstance(record, InputProblem):
                    return _layout(ref, list(record), options).fields
    except (OSError, InputProblem):
        pass
    return []


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
                except ValueError:
                    if eof or not more():
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
