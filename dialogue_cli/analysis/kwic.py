"""`dialogue kwic`: every occurrence of a word, a phrase or a theme, in context.

Matching follows the themes rules (normalization, case, word boundaries,
``--match syllables``). Context is up to N words either side, never leaving
the sentence; punctuation is shown but does not count as a word. ``match`` is
the text exactly as written in the file, at ``start:end``.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator, Literal

from dialogue_cli.text.matching import Match, Matcher
from dialogue_cli.text.normalize import collation_key, fold
from dialogue_cli.corpus.pipeline import Analysed
from dialogue_cli.text.segment import Sentence, Word

__all__ = ["COLUMNS", "TERM_COLUMNS", "Sort", "kwic_rows", "sort_rows"]

COLUMNS = ["source", "sentence", "left", "match", "right", "start", "end"]
TERM_COLUMNS = ["theme", "term"]  # also in every row: what matched (the kwic command shows them with --theme)
Sort = Literal["source", "left", "right"]


def _reach(outward: list[Word], window: int) -> tuple[int | None, list[str]]:
    """Walk away from the match (nearest word first): the index of the last
    token shown and the ``window`` words counted. Punctuation shows between
    counted words; past the last one only where the sentence ends within the
    window (its final period, an opening quote)."""
    counted: list[str] = []
    last: int | None = None
    for k, w in enumerate(outward):
        if w.is_word:
            if len(counted) == window:
                return last, counted
            counted.append(fold(w.text))
            last = k
    return (len(outward) - 1 if outward and window else last), counted


def _context(doc: Analysed, sentence: Sentence, m: Match, window: int) -> tuple[str, str, list[str], list[str]]:
    """Left and right context text, and their words outward from the match."""
    before = [w for w in reversed(sentence.words) if w.end <= m.start]
    after = [w for w in sentence.words if w.start >= m.end]
    left_last, left_words = _reach(before, window)
    right_last, right_words = _reach(after, window)
    left_start = before[left_last].start if left_last is not None else m.start
    right_end = after[right_last].end if right_last is not None else m.end
    text = doc.norm.text
    return (
        " ".join(text[left_start : m.start].split()),
        " ".join(text[m.end : right_end].split()),
        left_words,
        right_words,
    )


def kwic_rows(docs: Iterable[Analysed], matcher: Matcher, *, window: int = 8) -> Iterator[dict[str, Any]]:
    """One row per accepted match, in file order: source, sentence, left,
    match, right, start, end, the theme and term that matched (and the
    context words, for :func:`sort_rows`)."""
    for doc in docs:
        for i, sentence in enumerate(doc.sentences, 1):
            for m in matcher.find(sentence):
                if not m.accepted:
                    continue
                left, right, lw, rw = _context(doc, sentence, m, window)
                start, end = doc.norm.original_span(m.start, m.end)
                yield {"source": doc.source, "sentence": i, "left": left, "match": doc.doc.text[start:end],
                       "right": right, "start": start, "end": end, "theme": m.term.theme, "term": m.term.text,
                       "_left": lw, "_right": rw}


def sort_rows(rows: Iterable[dict[str, Any]], sort: Sort = "source") -> Iterable[dict[str, Any]]:
    """AntConc's sort: ``left`` orders by the words nearest the match on the
    left (L1, L2, …), ``right`` by R1, R2, …, in Vietnamese alphabetical
    order; ``source`` keeps file order. Equal contexts keep file order."""
    if sort == "source":
        return rows
    side = "_left" if sort == "left" else "_right"
    return sorted(rows, key=lambda row: tuple(collation_key(w) for w in row[side]))
