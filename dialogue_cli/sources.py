"""`dialogue sources`: one row per document with its metadata, and the
cleaning audit (every line of the page, kept or removed by which rule)."""

from __future__ import annotations

from typing import Any, Iterable, Iterator

from .pipeline import Analysed

__all__ = ["COLUMNS", "source_rows", "AUDIT_COLUMNS", "audit_rows"]

COLUMNS = ["source", "title", "date", "outlet", "byline", "sentences", "words", "removed_lines"]
AUDIT_COLUMNS = ["source", "line", "status", "text"]


def source_rows(docs: Iterable[Analysed]) -> Iterator[dict[str, Any]]:
    """Metadata read from the page (empty when absent), and size after cleaning."""
    for doc in docs:
        meta = doc.cleaned.meta
        yield {
            "source": doc.source,
            "title": meta.title,
            "date": meta.date,
            "outlet": meta.outlet,
            "byline": meta.byline,
            "sentences": len(doc.sentences),
            "words": doc.word_count,
            "removed_lines": doc.cleaned.removed_lines,
        }


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
