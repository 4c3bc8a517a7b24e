"""`dialogue sources`: one row per document with every metadata field, one
row per group with ``--by``, and the cleaning audit (every line of the page,
kept or removed by which rule)."""

from __future__ import annotations

from typing import Any, Iterable, Iterator, Sequence

from dialogue_cli.analysis.groups import GroupBy, Key, order, sum_into
from dialogue_cli.corpus.metadata import date_part
from dialogue_cli.corpus.pipeline import Analysed

__all__ = ["FIELDS", "SIZES", "columns", "source_rows", "group_columns", "group_source_rows", "SourceTotals", "AUDIT_COLUMNS",
           "audit_rows"]

FIELDS = ["source", "file", "folder", "title", "date", "outlet", "byline"]
SIZES = ["sentences", "words", "removed_lines"]
AUDIT_COLUMNS = ["source", "line", "status", "text"]


def columns(fields: Sequence[str] = FIELDS) -> list[str]:
    return [*fields, *SIZES]


def source_rows(docs: Iterable[Analysed], *, fields: Sequence[str] = FIELDS) -> Iterator[dict[str, Any]]:
    """Each document's ``fields`` (None when it has no such field) and its size after cleaning."""
    for doc in docs:
        row: dict[str, Any] = {f: doc.meta.get(f) for f in fields}
        row.update(sentences=len(doc.sentences), words=doc.word_count, removed_lines=doc.cleaned.removed_lines)
        yield row


def group_columns(by: GroupBy) -> list[str]:
    return [*by.columns, "documents", *SIZES, "first_date", "last_date"]


def _day(value: str) -> str:
    return date_part(value, "day") or date_part(value, "month") or date_part(value, "year")


class SourceTotals:
    """Running group totals of :func:`source_rows` rows: documents, summed
    sizes, first and last date (what :func:`group_source_rows` does with a stream)."""

    def __init__(self) -> None:
        self.totals: dict[Key, dict[str, int]] = {}
        self.spans: dict[Key, tuple[str, str]] = {}

    def add(self, key: Key, row: dict[str, Any]) -> None:
        sum_into(self.totals, key, {**row, "documents": 1}, ["documents", *SIZES])
        if day := _day(row.get("date") or ""):
            first, last = self.spans.get(key, (day, day))
            self.spans[key] = (min(first, day), max(last, day))

    def rows(self, by: GroupBy) -> Iterator[dict[str, Any]]:
        for key in order(self.totals, by):
            first, last = self.spans.get(key, (None, None))
            yield {**by.label(key), **self.totals[key], "first_date": first, "last_date": last}


def group_source_rows(pairs: Iterable[tuple[Key, dict[str, Any]]], *, by: GroupBy) -> Iterator[dict[str, Any]]:
    """One row per group from the per-document :func:`source_rows`: documents,
    summed sizes, and the first and last date among its documents."""
    totals = SourceTotals()
    for key, row in pairs:
        totals.add(key, row)
    yield from totals.rows(by)


def audit_rows(docs: Iterable[Analysed]) -> Iterator[dict[str, Any]]:
    """Every non-blank line: its number in the file, ``kept`` or the rule that
    removed it (a stripped dateline prefix gets a row of its own)."""
    for doc in docs:
        text = doc.norm.text
        removed = {(r.start, r.end): r.rule for r in doc.cleaned.removed}
        line_no = 1
        pos = 0
        for line in text.split("\n"):
            start, end = pos, pos + len(line)
            stripped = line.strip()
            if stripped:
                lead = start + len(line) - len(line.lstrip())
                span = (lead, lead + len(stripped))
                rule = removed.get(span)
                prefix = next((r for r in doc.cleaned.removed if r.rule == "dateline" and r.start == lead), None)
                if prefix is not None:
                    yield _row(doc, line_no, "dateline", prefix.start, prefix.end)
                    span = (prefix.end, span[1])
                yield _row(doc, line_no, rule or "kept", *span)
            pos = end + 1
            line_no += 1


def _row(doc: Analysed, line: int, status: str, start: int, end: int) -> dict[str, Any]:
    return {"source": doc.source, "line": line, "status": status, "text": doc.original(start, end)}
