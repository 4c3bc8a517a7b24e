"""`dialogue themes`: how often each source mentions each theme.

Like quanteda's ``tokens_lookup`` + ``dfm`` or LIWC's category counts, but
with Vietnamese word boundaries (see :mod:`dialogue_cli.text.matching`). Every
function streams one row (or a few) per document.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator, Mapping, Sequence

from dialogue_cli.analysis.groups import GroupBy, Key, order, sum_into
from dialogue_cli.text.matching import Match, Matcher, words_around
from dialogue_cli.corpus.pipeline import Analysed
from dialogue_cli.text.segment import Sentence

__all__ = [
    "count_columns",
    "count_rows",
    "total_row",
    "TERM_COLUMNS",
    "term_columns",
    "term_rows",
    "EVIDENCE_COLUMNS",
    "evidence_rows",
    "REJECTED_COLUMNS",
    "rejected_rows",
    "group_count_rows",
    "group_term_rows",
    "CountTotals",
    "TermTotals",
    "docs_column",
]

Row = dict[str, Any]


def rate_column(theme: str) -> str:
    return f"{theme} per 1k"


def docs_column(theme: str) -> str:
    return f"{theme} docs"


def count_columns(themes: Sequence[str], by: GroupBy | None = None) -> list[str]:
    """``source, words, <theme>…, <theme> per 1k…``; for groups, the group's
    fields, ``documents``, ``words``, counts, ``<theme> docs`` and rates."""
    if by is None or by.is_source:
        return ["source", "words", *themes, *(rate_column(t) for t in themes)]
    return [*by.columns, "documents", "words", *themes, *(docs_column(t) for t in themes),
            *(rate_column(t) for t in themes)]


def _rate(count: int, words: int) -> float | None:
    return round(count * 1000 / words, 2) if words else None


def _matches(doc: Analysed, matcher: Matcher) -> Iterator[tuple[int, Sentence, Match]]:
    for i, sentence in enumerate(doc.sentences, 1):
        for m in matcher.find(sentence):
            yield i, sentence, m


def count_rows(docs: Iterable[Analysed], matcher: Matcher) -> Iterator[Row]:
    """One row per source: word count, mentions per theme, rate per 1,000 words."""
    for doc in docs:
        counts = dict.fromkeys(matcher.themes, 0)
        for _, _, m in _matches(doc, matcher):
            if m.accepted:
                counts[m.term.theme] += 1
        words = doc.word_count
        row: Row = {"source": doc.source, "words": words, **counts}
        row.update({rate_column(t): _rate(c, words) for t, c in counts.items()})
        yield row


def total_row(rows: Sequence[Mapping[str, Any]], themes: Sequence[str], *, first: str = "source") -> Row:
    """The TOTAL row: summed counts (and documents), and rates over all words."""
    summed = ["words", *themes] + (["documents", *(docs_column(t) for t in themes)] if rows and "documents" in rows[0]
                                   else [])
    row: Row = {first: "TOTAL", **{c: sum(int(r[c]) for r in rows) for c in summed}}
    row.update({rate_column(t): _rate(row[t], row["words"]) for t in themes})
    return row


class CountTotals:
    """Running group totals of :func:`count_rows` rows, fed one document at a
    time (what :func:`group_count_rows` does with a stream; the report feeds
    several aggregators from one pass).

    >>> t = CountTotals(["x"])
    >>> t.add(("a",), {"words": 10, "x": 2}); t.add(("a",), {"words": 10, "x": 0})
    >>> list(t.rows(GroupBy((("outlet", None),))))
    [{'outlet': 'a', 'documents': 2, 'words': 20, 'x': 2, 'x docs': 1, 'x per 1k': 100.0}]
    """

    def __init__(self, themes: Sequence[str]) -> None:
        self.themes = list(themes)
        self.totals: dict[Key, dict[str, int]] = {}
        self._columns = ["documents", "words", *themes, *(docs_column(t) for t in themes)]

    def add(self, key: Key, row: Mapping[str, Any]) -> None:
        sum_into(self.totals, key, {**row, "documents": 1, **{docs_column(t): int(row[t] > 0) for t in self.themes}},
                 self._columns)

    def rows(self, by: GroupBy) -> Iterator[Row]:
        """One row per group, in group order."""
        for key in order(self.totals, by):
            acc = self.totals[key]
            yield {**by.label(key), **acc, **{rate_column(t): _rate(acc[t], acc["words"]) for t in self.themes}}


def group_count_rows(pairs: Iterable[tuple[Key, Row]], *, by: GroupBy, themes: Sequence[str]) -> Iterator[Row]:
    """One row per group from the per-document :func:`count_rows`: summed
    words and mentions, ``documents``, ``<theme> docs`` (documents with at
    least one mention) and rates over the group's words."""
    totals = CountTotals(themes)
    for key, row in pairs:
        totals.add(key, row)
    yield from totals.rows(by)


TERM_COLUMNS = ["source", "theme", "term", "count", "rejected"]
FORM = "form"  # after "term" when the dictionary has wildcards: the distinct matched forms


def term_columns(matcher: Matcher) -> list[str]:
    """:data:`TERM_COLUMNS`, with ``form`` after ``term`` for a dictionary with wildcards."""
    return TERM_COLUMNS[:3] + [FORM] + TERM_COLUMNS[3:] if matcher.wild else list(TERM_COLUMNS)


def term_rows(docs: Iterable[Analysed], matcher: Matcher) -> Iterator[Row]:
    """source × theme × term with accepted (``count``) and rejected places; a
    wildcard term has one row per matched ``form`` ("chuyển đổi *": "chuyển đổi số").

    Rows where both are zero are left out. Order: source, then dictionary order (then form).
    """
    for doc in docs:
        tally: dict[tuple[str, str, str], list[int]] = {}
        for _, _, m in _matches(doc, matcher):
            key = (m.term.theme, m.term.text, m.form or m.term.text)
            tally.setdefault(key, [0, 0])[0 if m.accepted else 1] += 1
        for (theme, term, form), (count, rejected) in sorted(
                tally.items(), key=lambda kv: (matcher.term_order(*kv[0][:2]), kv[0][2])):
            row: Row = {"source": doc.source, "theme": theme, "term": term}
            if matcher.wild:
                row[FORM] = form
            yield {**row, "count": count, "rejected": rejected}


class TermTotals:
    """Running group × theme × term (× form) totals of :func:`term_rows` rows."""

    def __init__(self, matcher: Matcher) -> None:
        self.matcher = matcher
        self.totals: dict[tuple[Key, str, str, str], dict[str, int]] = {}

    def add(self, key: Key, row: Mapping[str, Any]) -> None:
        sum_into(self.totals, (key, row["theme"], row["term"], row.get(FORM, "")), row, ("count", "rejected"))

    def rows(self, by: GroupBy) -> Iterator[Row]:
        """Groups in group order, then terms in dictionary order, then forms."""
        totals, term_order = self.totals, self.matcher.term_order
        rank = {k: i for i, k in enumerate(order({k[0] for k in totals}, by))}
        for k in sorted(totals, key=lambda k: (rank[k[0]], term_order(k[1], k[2]), k[3])):
            key, theme, term, form = k
            row: Row = {**by.label(key), "theme": theme, "term": term}
            if self.matcher.wild:
                row[FORM] = form
            yield {**row, **totals[k]}


def group_term_rows(pairs: Iterable[tuple[Key, Row]], *, by: GroupBy, matcher: Matcher) -> Iterator[Row]:
    """group × theme × term from the per-document :func:`term_rows`, summed."""
    totals = TermTotals(matcher)
    for key, row in pairs:
        totals.add(key, row)
    yield from totals.rows(by)


EVIDENCE_COLUMNS = ["source", "sentence", "theme", "term", "start", "end", "text"]
REJECTED_COLUMNS = ["source", "sentence", "theme", "term", "start", "end", "words", "text"]


def _place(doc: Analysed, i: int, sentence: Sentence, m: Match) -> Row:
    start, end = doc.norm.original_span(m.start, m.end)
    return {
        "source": doc.source,
        "sentence": i,
        "theme": m.term.theme,
        "term": m.term.text,
        "start": start,
        "end": end,
        "text": doc.original(sentence.start, sentence.end),
    }


def evidence_rows(docs: Iterable[Analysed], matcher: Matcher) -> Iterator[Row]:
    """One row per counted mention. ``start``/``end`` are offsets into the
    original decoded file: ``original[start:end]`` is the phrase as written."""
    for doc in docs:
        for i, sentence, m in _matches(doc, matcher):
            if m.accepted:
                yield _place(doc, i, sentence, m)


def rejected_rows(docs: Iterable[Analysed], matcher: Matcher) -> Iterator[Row]:
    """One row per place the word-boundary rule threw away, with the
    segmenter's words around it ("chuyển đổi | số liệu")."""
    for doc in docs:
        for i, sentence, m in _matches(doc, matcher):
            if not m.accepted:
                row = _place(doc, i, sentence, m)
                row["words"] = words_around(sentence, m)
                yield row
