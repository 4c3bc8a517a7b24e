"""`dialogue report`: everything the report shows, from the other commands' core rows.

Each document is segmented and analysed once: :func:`report_document` (the
per-document step, run in the worker processes) returns what each analysis
needs from it — the themes row (:func:`~dialogue_cli.analysis.themes.count_rows`),
its term rows, its sources row, its keyword counts, a few KWIC lines and
rejected places — and :class:`ReportBuilder` feeds each one to the aggregator
the other commands use (theme, term and source totals, keyword statistics).
Memory holds group totals and a bounded handful of evidence lines per theme,
plus the per-source rows when the report is per source (they are its table).
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from dialogue_cli.analysis import keyword_stats as stats_core
from dialogue_cli.analysis.groups import GroupBy, Key, Labels
from dialogue_cli.analysis.keywords import Counts, KeywordsError, count_document
from dialogue_cli.analysis.kwic import kwic_rows
from dialogue_cli.analysis.sources import SourceTotals, source_rows
from dialogue_cli.analysis.themes import (CountTotals, TermTotals, count_rows, docs_column, rate_column,
                                          rejected_rows, term_rows)
from dialogue_cli.corpus.pipeline import Analysed
from dialogue_cli.text.matching import Matcher
from dialogue_cli.text.normalize import collation_key

__all__ = ["DocPart", "report_document", "ReportBuilder", "Report", "most_mentions", "date_span", "EVIDENCE_LINES", "MAX_BAR_GROUPS",
           "MAX_KEYNESS_GROUPS"]

Row = dict[str, Any]

EVIDENCE_PER_DOC = 2  # KWIC lines per theme a document offers
EVIDENCE_PER_SOURCE = 2  # … and the report keeps from one source
EVIDENCE_LINES = 6  # KWIC lines per theme in the report
MAX_BAR_GROUPS = 25  # groups drawn in each theme chart (those with most mentions of it); the tables have all
MAX_KEYNESS_GROUPS = 12  # groups with a keyness chart (the largest by words)
KWIC_WINDOW = 8
MAX_FAILED = 50  # failed inputs listed (stderr has every one)

ALL = GroupBy(())  # one group: the whole corpus
MONTH = GroupBy((("date", "month"),))


@dataclass
class DocPart:
    """One document's share of the report (picklable; JSON for the warm path)."""

    count: Row
    terms: list[Row]
    source: Row
    keywords: Counts
    evidence: list[Row] = field(default_factory=list)
    rejected: list[Row] = field(default_factory=list)

    def to_json(self) -> list[Any]:
        return [self.count, self.terms, self.source, self.keywords.to_json(), self.evidence, self.rejected]

    @classmethod
    def from_json(cls, value: list[Any]) -> DocPart:
        count, terms, source, keywords, evidence, rejected = value
        return cls(count, terms, source, Counts.from_json(keywords), evidence, rejected)


def report_document(doc: Analysed, *, matcher: Matcher, stopwords: frozenset[str]) -> DocPart:
    """Every analysis of one document, from the other commands' row functions.

    >>> from dialogue_cli.corpus.inputs import Document
    >>> from dialogue_cli.corpus.pipeline import analyse
    >>> from dialogue_cli.analysis.keywords import load_stopwords
    >>> doc = analyse(Document("a", "a", "Thái Nguyên đẩy mạnh chuyển đổi số.", "utf-8"))
    >>> part = report_document(doc, matcher=Matcher({"t": ["chuyển đổi số"]}), stopwords=load_stopwords())
    >>> part.count["t"], part.evidence[0]["left"], part.evidence[0]["match"]
    (1, 'Thái Nguyên đẩy mạnh', 'chuyển đổi số')
    """
    docs = [doc]
    (count,) = count_rows(docs, matcher)
    (source,) = source_rows(docs)
    evidence: list[Row] = []
    offered: Counter[str] = Counter()
    for line in kwic_rows(docs, matcher, window=KWIC_WINDOW):  # each counted mention, with its theme and term
        theme = line["theme"]
        if offered[theme] < EVIDENCE_PER_DOC:
            offered[theme] += 1
            evidence.append({"theme": theme, "term": line["term"],
                             **{k: v for k, v in line.items() if not k.startswith("_") and k not in ("theme", "term")}})
    rejected: list[Row] = []
    seen: set[tuple[str, str]] = set()
    for row in rejected_rows(docs, matcher):
        if (row["theme"], row["term"]) not in seen:
            seen.add((row["theme"], row["term"]))
            rejected.append(row)
    keywords = count_document(doc, matcher=matcher, stopwords=stopwords)
    return DocPart(count, list(term_rows(docs, matcher)), source, keywords, evidence, rejected)


@dataclass
class Report:
    """The report's data: plain rows, in display order (see :class:`ReportBuilder`)."""

    themes: list[str]
    group_columns: list[str]
    grouped: bool
    overview: Row
    theme_rows: list[Row]  # = `dialogue themes [--by …]` rows
    total: Row  # the whole corpus as one group: documents, words, counts, docs, rates
    chart_groups: dict[str, list[str]]  # per theme, the labels of the groups its chart draws, in drawing order
    trend_columns: list[str]
    trend_rows: list[Row]  # = `dialogue themes --by …,date:month` rows
    keyness: list[Row]  # = `dialogue keywords --method keyness --top N` rows, relabelled
    keyness_negative: list[Row]  # the under-represented words (--negative), for the diverging chart
    keyness_note: str | None
    evidence: dict[str, list[Row]]
    audit: list[Row]
    methods: Row

    def label(self, row: Mapping[str, Any]) -> str:
        """A group's label: its field values joined (a source's id)."""
        return group_label(row, self.group_columns)

    def as_dict(self) -> Row:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


class ReportBuilder:
    """Adds up :class:`DocPart` results per group as they stream by.

    ``by``: the report's groups (per source by default); ``top``: keywords
    per group; ``options``: what the methods section lists.
    """

    def __init__(self, *, matcher: Matcher, themes: Sequence[str], by: GroupBy, top: int = 10,
                 terms: Mapping[str, Sequence[str]] | None = None, options: Mapping[str, Any] | None = None) -> None:
        self.matcher, self.themes, self.by, self.top = matcher, list(themes), by, top
        self.terms = {t: list(v) for t, v in (terms or {}).items()}
        self.options = dict(options or {})
        self.per_source: list[Row] = []
        self.groups = CountTotals(self.themes)
        self.all = CountTotals(self.themes)
        self.trends = CountTotals(self.themes)
        self.term_totals = TermTotals(matcher)
        self.sizes = SourceTotals()
        self.outlets: Counter[str] = Counter()
        self.labels = Labels(by)
        self._monthly = MONTH.parts[0] in by.parts  # --by …,date:month: the groups are the trend's cells
        self.stats = stats_core.KeywordStats(unique=by.is_source)
        self.evidence: dict[str, list[Row]] = {t: [] for t in self.themes}
        self._shown: Counter[tuple[str, str]] = Counter()
        self.examples: dict[tuple[str, str], Row] = {}

    def add(self, key: Key, part: DocPart) -> None:
        """One document's results, ``key`` its group."""
        if self.by.is_source:
            self.per_source.append(part.count)
        else:
            self.groups.add(key, part.count)
        self.all.add((), part.count)
        month = MONTH.key({"date": part.source.get("date") or ""})
        self.trends.add(month if self.by.is_source else key if self._monthly else (*key, *month), part.count)
        for row in part.terms:
            self.term_totals.add((), row)
        self.sizes.add((), part.source)
        self.outlets[part.source.get("outlet") or ""] += 1
        label = self.labels(key)
        if label is not None:
            self.stats.add(label, part.keywords)
        for line in part.evidence:
            theme, source = line["theme"], line["source"]
            if len(self.evidence[theme]) < EVIDENCE_LINES and self._shown[(theme, source)] < EVIDENCE_PER_SOURCE:
                self._shown[(theme, source)] += 1
                self.evidence[theme].append(line)
        for row in part.rejected:
            self.examples.setdefault((row["theme"], row["term"]), row)

    def close(self) -> None:
        self.stats.close()

    def __enter__(self) -> ReportBuilder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def build(self, *, problems: Sequence[str] = ()) -> Report:
        """The report, once every document was added; ``problems``: the inputs that failed."""
        by = self.by
        theme_rows = self.per_source if by.is_source else list(self.groups.rows(by))
        (total,) = self.all.rows(ALL) if self.all.totals else [_empty_total(self.themes)]
        trend_by = MONTH if by.is_source else by if self._monthly else GroupBy(by.parts + MONTH.parts)
        keyness, negative, note = self._keyness()
        group_columns = by.columns
        return Report(
            themes=self.themes,
            group_columns=group_columns,
            grouped=not by.is_source,
            overview=self._overview(problems, len(theme_rows)),
            theme_rows=theme_rows,
            total=total,
            chart_groups={t: _chart_groups(theme_rows, t, group_columns, MAX_BAR_GROUPS) for t in self.themes},
            trend_columns=trend_by.columns,
            trend_rows=list(self.trends.rows(trend_by)),
            keyness=keyness,
            keyness_negative=negative,
            keyness_note=note,
            evidence=self.evidence,
            audit=self._audit(),
            methods=self._methods(),
        )

    def _overview(self, problems: Sequence[str], groups: int) -> Row:
        (sizes,) = self.sizes.rows(ALL) if self.sizes.totals else [
            {"documents": 0, "sentences": 0, "words": 0, "removed_lines": 0, "first_date": None, "last_date": None}]
        outlets = sorted(((o, n) for o, n in self.outlets.items() if o), key=lambda kv: collation_key(kv[0]))
        return {**sizes, "groups": groups, "outlets": [{"outlet": o, "documents": n} for o, n in outlets],
                "without_outlet": self.outlets.get("", 0), "failed": list(problems[:MAX_FAILED]),
                "failed_count": len(problems)}

    def _keyness(self) -> tuple[list[Row], list[Row], str | None]:
        """Keyness rows of the largest groups, as `dialogue keywords --method keyness` gives them."""
        wanted = self.labels.output()
        if len(self.stats.groups) < 2:
            return [], [], "Keyness compares groups with each other: it needs two or more, and this corpus has " \
                           f"{len(self.stats.groups)}."
        chosen = wanted
        note = None
        if len(wanted) > MAX_KEYNESS_GROUPS:
            big = set(sorted(wanted, key=lambda g: -self.stats.words[g])[:MAX_KEYNESS_GROUPS])
            chosen = [g for g in wanted if g in big]
            note = f"Showing the {MAX_KEYNESS_GROUPS} largest of {len(wanted):,} groups (by words)."
        try:
            rows = list(self.labels.relabel(stats_core.keyword_rows(self.stats, method="keyness", top=self.top,
                                                                    groups=chosen)))
            both = stats_core.keyword_rows(self.stats, method="keyness", top=5 * self.top, negative=True,
                                           groups=chosen)
            per_group: Counter[str] = Counter()
            negative = []
            for r in self.labels.relabel(both):  # the under-represented words, at most top per group
                if r["score"] < 0 and per_group[r["group"]] < self.top:
                    per_group[r["group"]] += 1
                    negative.append(r)
        except KeywordsError as exc:  # pragma: no cover - guarded above
            return [], [], str(exc)
        return rows, negative, note

    def _audit(self) -> list[Row]:
        """Terms with rejected places: counted and rejected totals, and the first rejected place."""
        out = []
        for row in self.term_totals.rows(ALL):
            if row["rejected"]:
                ex = self.examples.get((row["theme"], row["term"]), {})
                out.append({**row, "example": ex.get("words"), "text": ex.get("text"), "source": ex.get("source"),
                            "start": ex.get("start"), "end": ex.get("end")})
        return out

    def _methods(self) -> Row:
        from dialogue_cli import __version__
        from dialogue_cli.corpus.cache import _underthesea_version

        return {"dialogue": __version__, "underthesea": _underthesea_version(), "run": run_date(),
                "terms": self.terms, "options": self.options, "top": self.top, "window": KWIC_WINDOW}


def _empty_total(themes: Sequence[str]) -> Row:
    return {"documents": 0, "words": 0, **{t: 0 for t in themes}, **{docs_column(t): 0 for t in themes},
            **{rate_column(t): None for t in themes}}


def group_label(row: Mapping[str, Any], columns: Sequence[str]) -> str:
    """A group's field values joined, ``(no outlet)`` for an empty one (as `keywords` titles them).

    >>> group_label({"outlet": "", "date:month": "2021-07"}, ["outlet", "date:month"])
    '(no outlet) · 2021-07'
    """
    return " · ".join(str(row.get(c) or f"(no {c})") for c in columns)


def _chart_groups(rows: Sequence[Row], theme: str, columns: Sequence[str], n: int) -> list[str]:
    """Labels of the groups a theme's chart draws (see :func:`most_mentions`)."""
    return [group_label(r, columns) for r in most_mentions(rows, theme, n)]


def most_mentions(rows: Sequence[Row], theme: str, n: int) -> list[Row]:
    """The rows a chart of ``theme`` draws: all of them, in group order, when there
    are at most ``n``, else the ``n`` with the most mentions (then words), highest
    rate first.

    >>> rows = [{"g": c, "x": m, "words": 10, "x per 1k": m * 100.0} for c, m in zip("abc", (1, 3, 2))]
    >>> [r["g"] for r in most_mentions(rows, "x", 2)], [r["g"] for r in most_mentions(rows, "x", 3)]
    (['b', 'c'], ['a', 'b', 'c'])
    """
    if len(rows) <= n:
        return list(rows)
    best = sorted((r for r in rows if r[theme]), key=lambda r: (-r[theme], -r["words"]))[:n]
    return sorted(best, key=lambda r: -(r[rate_column(theme)] or 0))


def date_span(overview: Mapping[str, Any]) -> str | None:
    """The corpus's dates as shown: ``first – last``, one date, or None without dates.

    >>> date_span({"first_date": "2021-07-13", "last_date": "2021-07-14"}), date_span({"first_date": None})
    ('2021-07-13 – 2021-07-14', None)
    """
    first, last = overview.get("first_date"), overview.get("last_date")
    return (first if first == last else f"{first} – {last}") if first else None


def run_date() -> str:
    """Now, in UTC, to the minute (``SOURCE_DATE_EPOCH`` fixes it, for reproducible files)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch and epoch.isdigit() else \
        dt.datetime.now(dt.timezone.utc)
    return when.strftime("%Y-%m-%d %H:%M UTC")


def build_report(pairs: Iterable[tuple[Key, DocPart]], **options: Any) -> Report:
    """A report from ``(group key, DocPart)`` pairs (``problems`` as :meth:`ReportBuilder.build`)."""
    problems = options.pop("problems", ())
    with ReportBuilder(**options) as builder:
        for key, part in pairs:
            builder.add(key, part)
        return builder.build(problems=problems)
