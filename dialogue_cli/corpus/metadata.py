"""Document metadata fields from the path and from a sidecar table.

Every document carries named fields. From weakest to strongest: the built-in
``source``, ``file`` and ``folder``; the page's own ``title``, ``date``,
``outlet`` and ``byline`` (read by :mod:`dialogue_cli.text.clean`); the named
groups of ``--path-pattern`` matched against the source id; a structured
corpus's columns; a ``--meta`` sidecar table. :class:`Annotator` adds the last
two kinds (pattern and sidecar) to each input as it streams by, and counts
what did not match so that the CLI can say so once.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Literal

from dialogue_cli.corpus.inputs import Fields, InputRef
from dialogue_cli.errors import PathError

__all__ = ["MetaError", "Annotator", "load_sidecar", "compile_pattern", "date_part", "DatePart"]

DatePart = Literal["year", "month", "week", "day"]


class MetaError(PathError):
    """A ``--meta`` table cannot be used."""


class PatternError(Exception):
    """A ``--path-pattern`` that is not a usable regular expression."""


def compile_pattern(text: str) -> re.Pattern[str]:
    """A ``--path-pattern``: a regular expression with at least one named group.

    >>> compile_pattern(r"(?P<topic>[^/]+)/").groupindex
    mappingproxy({'topic': 1})
    """
    try:
        pattern = re.compile(text)
    except re.error as exc:
        raise PatternError(f"not a regular expression ({exc})") from None
    if not pattern.groupindex:
        raise PatternError("has no named group, e.g. (?P<outlet>[A-Z]+)")
    if "source" in pattern.groupindex:
        raise PatternError("a group named 'source' would replace the source id; give it another name")
    return pattern


def load_sidecar(path: str) -> tuple[dict[str, Fields], list[str]]:
    """A ``--meta`` table (CSV, TSV or JSON Lines) with a ``source`` column:
    each row's other columns, by source id, and the column names."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            if path.lower().endswith((".jsonl", ".ndjson")):
                rows = [(n, _json_row(path, n, line)) for n, line in enumerate(fh, 1) if line.strip()]
            else:
                delimiter = "\t" if path.lower().endswith((".tsv", ".tab")) else ","
                reader = csv.DictReader(fh, delimiter=delimiter)
                rows = [(reader.line_num, r) for r in reader]
    except OSError as exc:
        raise MetaError(path, (exc.strerror or str(exc)).lower()) from None
    except UnicodeDecodeError:
        raise MetaError(path, "not UTF-8", hint="save the table as UTF-8") from None
    except csv.Error as exc:
        raise MetaError(path, f"not a readable table ({exc})") from None
    table: dict[str, Fields] = {}
    columns: list[str] = []
    for line, row in rows:
        if "source" not in row:
            raise MetaError(path, f"no 'source' column (columns: {', '.join(map(str, row))})",
                            hint="--meta needs a source column holding the source ids `dialogue sources` shows")
        source = str(row["source"] or "").strip()
        if source in table:
            raise MetaError(path, f"line {line}: source {source!r} appears twice")
        values = {str(k).strip(): "" if v is None else str(v) for k, v in row.items() if k != "source" and k is not None}
        columns.extend(c for c in values if c not in columns)
        table[source] = tuple(values.items())
    return table, columns


def _json_row(path: str, n: int, line: str) -> dict[str, object]:
    try:
        row = json.loads(line)
    except (ValueError, RecursionError):
        raise MetaError(path, f"line {n}: not valid JSON") from None
    if not isinstance(row, dict):
        raise MetaError(path, f"line {n}: not a JSON object")
    return {k: v if isinstance(v, str) or v is None else json.dumps(v, ensure_ascii=False) for k, v in row.items()}


@dataclass
class Annotator:
    """Adds path-pattern and sidecar fields to each input, counting misses."""

    pattern: re.Pattern[str] | None = None
    sidecar: dict[str, Fields] = field(default_factory=dict)
    sidecar_columns: list[str] = field(default_factory=list)
    unmatched: int = 0
    unmatched_example: str | None = None
    seen_sidecar: set[str] = field(default_factory=set)

    @property
    def names(self) -> list[str]:
        """The field names this annotator can add."""
        return [*(self.pattern.groupindex if self.pattern else ()), *self.sidecar_columns]

    def annotate(self, ref: InputRef) -> InputRef:
        """``ref`` with its pattern fields (weaker than its table columns) and sidecar fields."""
        before: Fields = ()
        after: Fields = ()
        if self.pattern is not None:
            m = self.pattern.search(ref.source)
            if m is None:
                self.unmatched += 1
                self.unmatched_example = self.unmatched_example or ref.source
            else:
                before = tuple((k, v or "") for k, v in m.groupdict().items())
        if self.sidecar and ref.source in self.sidecar:
            self.seen_sidecar.add(ref.source)
            after = self.sidecar[ref.source]
        if not before and not after:
            return ref
        return InputRef(ref.source, ref.path, ref.fields, before + ref.extra + after, ref.text)

    def notes(self, meta_path: str | None = None) -> list[str]:
        """What did not match, one sentence each (for warnings)."""
        out = []
        if self.unmatched:
            out.append(f"--path-pattern did not match {_n(self.unmatched, 'source')} "
                       f"(e.g. {self.unmatched_example!r}): their pattern fields are empty")
        missing = len(self.sidecar) - len(self.seen_sidecar)
        if missing:
            example = next(s for s in self.sidecar if s not in self.seen_sidecar)
            out.append(f"{meta_path or '--meta'}: {_n(missing, 'row')} matched no document (e.g. source {example!r})")
        return out


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?!\d)")
_DMY = re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")


def parse_date(value: str) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) from the date formats news data uses: ISO 8601
    (2021-07-14, 2021-07-14T13:48, 2021-07), Vietnamese day first (14/07/2021,
    "Thứ Tư, 14/7/2021"), RFC 2822 (RSS), a bare year. None if none fits.

    >>> parse_date("Thứ Tư, 14/7/2021 13:48"), parse_date("2021-07")
    ((2021, 7, 14), (2021, 7, None))
    """
    found: tuple[int, int | None, int | None] | None = None
    if m := _ISO.search(value):
        found = (int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None)
    elif m := _DMY.search(value):
        found = (int(m.group(3)), int(m.group(2)), int(m.group(1)))
    elif m := _YEAR.match(value):
        return int(m.group(1)), None, None
    else:
        from email.utils import parsedate_to_datetime  # 20 ms of imports: only for RSS dates

        try:
            d = parsedate_to_datetime(value)
            found = (d.year, d.month, d.day)
        except (TypeError, ValueError, IndexError):
            return None
    try:
        dt.date(found[0], found[1] or 1, found[2] or 1)
    except ValueError:
        return None
    return found


def date_part(value: str, part: DatePart) -> str:
    """The ``year`` (2021), ``month`` (2021-07), ISO ``week`` (2021-W28) or
    ``day`` (2021-07-14) of a date written in any :func:`parse_date` format;
    empty when the date lacks that precision or is not a date.

    >>> [date_part("14/07/2021", p) for p in ("year", "month", "week", "day")]
    ['2021', '2021-07', '2021-W28', '2021-07-14']
    """
    found = parse_date(value) if value else None
    if found is None:
        return ""
    year, month, day = found
    if part == "year":
        return f"{year:04d}"
    if month is None:
        return ""
    if part == "month":
        return f"{year:04d}-{month:02d}"
    if day is None:
        return ""
    if part == "day":
        return f"{year:04d}-{month:02d}-{day:02d}"
    iso = dt.date(year, month, day).isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"
