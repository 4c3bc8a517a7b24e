"""Keyword statistics: counts added up per group as documents stream by, and
the scores of each group's keywords.

Scores (the README gives the formulas): ``freq`` (rate per 1,000 words),
``tfidf`` (count × log10(N / df), as quanteda's ``dfm_tfidf``), ``keyness``
(log-likelihood G² of the group against the rest, Rayson's formula, signed,
with Hardie's Log Ratio as effect size). :class:`KeywordStats` keeps only
corpus totals in memory; :func:`keyword_rows` scores one group at a time from
its own counts and those totals, with numpy: no group × word grid.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from typing import IO, Any, Callable, Iterable, Iterator, Sequence

import numpy as np

from dialogue_cli.analysis.keywords import Counts, KeywordsError, Method
from dialogue_cli.text.normalize import collation_key

__all__ = ["KeywordStats", "keyword_rows", "summary_rows", "columns"]


def columns(method: Method) -> list[str]:
    return ["source", "rank", "keyword", "count", "score"] + (["effect"] if method == "keyness" else [])


class KeywordStats:
    """Keyword counts added up per group as documents stream by.

    ``unique=True`` (one document per group, e.g. per source): a group goes
    to a temporary file as it is added (int32 key ids and counts), so memory
    holds only corpus totals (per key: count, groups containing it; per group:
    words). A group added again is read back and held in memory from then on.
    ``unique=False``: every group is held in memory (a few large groups).

    >>> stats = KeywordStats(unique=False)
    >>> stats.add("VNE", Counts(["a"], {"a": 5}, {"a": Counter({"số": 2, "xanh": 1})}))
    >>> stats.add("VNE", Counts(["b"], {"b": 2}, {"b": Counter({"số": 1})}))
    >>> stats.groups, stats.words, stats.counts("VNE")
    (['VNE'], {'VNE': 7}, {'số': 3, 'xanh': 1})
    """

    def __init__(self, *, unique: bool = True) -> None:
        self.unique = unique
        self.groups: list[str] = []  # in first-added order
        self.words: dict[str, int] = {}  # group → word tokens
        self.forms: Counter[tuple[str, str]] = Counter()
        self._ids: dict[str, int] = {}  # key → key id, in id order
        self._total = np.zeros(0, np.int64)  # key id → count in the corpus
        self._df = np.zeros(0, np.int64)  # key id → groups containing the key
        self._held: dict[str, dict[int, int]] = {}  # groups in memory: key id → count, first seen first
        self._spilled: dict[str, tuple[int, int]] = {}  # groups on file: (byte offset, entries)
        self._file: IO[bytes] | None = None
        self._end = 0

    def add(self, group: str, part: Counts) -> None:
        """Add one document's counts (``part``, from :func:`count_document`) to ``group``."""
        (source,) = part.sources
        bag = part.counts[source]
        ids = np.array([self._ids.setdefault(k, len(self._ids)) for k in bag], dtype=np.int64)
        n = np.fromiter(bag.values(), np.int64, len(bag))
        if len(self._ids) > len(self._total):
            more = np.zeros(max(1024, 2 * len(self._ids)) - len(self._total), np.int64)
            self._total, self._df = np.concatenate([self._total, more]), np.concatenate([self._df, more])
        self._total[ids] += n
        self.forms.update(part.forms)
        if new := group not in self.words:
            self.groups.append(group)
        self.words[group] = self.words.get(group, 0) + part.words[source]
        if new and self.unique:
            self._df[ids] += 1
            self._spill(group, ids, n)
            return
        if group in self._spilled:  # unique, yet added again: back to memory
            self._held[group] = dict(zip(*(a.tolist() for a in self.entries(group))))
            del self._spilled[group]
        held = self._held.setdefault(group, {})
        for i, k in zip(ids.tolist(), n.tolist()):
            if i not in held:
                self._df[i] += 1
            held[i] = held.get(i, 0) + k

    def _spill(self, group: str, ids: np.ndarray, n: np.ndarray) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="dialogue-keywords-")  # unlinked: gone at exit
        self._file.seek(self._end)
        np.concatenate([ids, n]).astype(np.int32).tofile(self._file)
        self._spilled[group] = (self._end, len(ids))
        self._end += 8 * len(ids)

    def entries(self, group: str) -> tuple[np.ndarray, np.ndarray]:
        """The key ids in ``group`` (first seen first) and their counts."""
        if group in self._held:
            held = self._held[group]
            return np.fromiter(held, np.int64, len(held)), np.fromiter(held.values(), np.int64, len(held))
        offset, size = self._spilled[group]
        assert self._file is not None, "KeywordStats read after close()"
        self._file.seek(offset)
        both = np.fromfile(self._file, np.int32, 2 * size).astype(np.int64)
        return both[:size], both[size:]

    @property
    def keys(self) -> list[str]:
        """Every key, by key id."""
        return list(self._ids)

    def counts(self, group: str) -> dict[str, int]:
        """The keyword counts of one ``group``."""
        ids, n, keys = *self.entries(group), self.keys
        return {keys[i]: k for i, k in zip(ids.tolist(), n.tolist())}

    def display_forms(self) -> dict[str, str]:
        """Each key's most frequent written form (the first seen on a tie)."""
        return Counts(forms=self.forms).display_forms()

    def close(self) -> None:
        """Delete the temporary file now (else when the object is collected)."""
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self) -> KeywordStats:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @classmethod
    def of(cls, counts: Counts) -> KeywordStats:
        """One group per source of merged ``counts`` (as :func:`collect` gives)."""
        stats = cls(unique=False)
        for s in counts.sources:
            stats.add(s, Counts([s], {s: counts.words[s]}, {s: counts.counts[s]}))
        stats.forms = Counter(counts.forms)
        return stats


def _keyness(a: np.ndarray, b: np.ndarray, c: float, d: float) -> tuple[np.ndarray, np.ndarray]:
    """Signed G² and Log Ratio, rounded: ``a`` of ``c`` words here, ``b`` of ``d`` in the rest."""
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    g2 = 2 * (np.where(a > 0, a * np.log(a / e1), 0.0) + np.where(b > 0, b * np.log(b / e2), 0.0))
    over = a / c > b / d
    effect = np.log2((np.where(a > 0, a, 0.5) / c) / (np.where(b > 0, b, 0.5) / d))
    return np.where(over, g2, -g2).round(2), effect.round(2)


class _Scorer:
    """Scores one group at a time from its own counts and the corpus totals."""

    def __init__(self, stats: KeywordStats, method: Method, negative: bool, min_count: int) -> None:
        self.stats, self.method, self.negative, self.min_count = stats, method, negative, min_count
        self.keys = stats.keys
        size = len(self.keys)
        self.total, self.df = stats._total[:size], stats._df[:size]
        self.words = float(sum(stats.words.values()))
        if negative:  # absent words: the vocabulary by corpus count, in levels of equal count
            self.rank = np.empty(size, np.int64)  # a key's place in code-point order (the old grid's order)
            self.rank[sorted(range(size), key=self.keys.__getitem__)] = np.arange(size)
            self.by_total = np.argsort(-self.total, kind="stable")
            minus, starts = np.unique(-self.total[self.by_total], return_index=True)
            self.bounds = np.r_[starts, size]  # level i: by_total[bounds[i]:bounds[i + 1]]
            self.levels = (-minus[-minus >= min_count]).astype(float)  # corpus counts, largest first
            self.present = np.zeros(size, bool)

    def rows(self, group: str, top: int) -> tuple[np.ndarray, ...]:
        """Candidate rows of ``group``: key ids, counts, scores, effects, order, tie-break."""
        ids, n = self.stats.entries(group)
        c = float(self.stats.words[group])
        effect = np.zeros(len(ids))
        if self.method == "freq":
            score = (n / c * 1000).round(2)
            keep = n >= self.min_count
        elif self.method == "tfidf":
            score = (n * np.log10(len(self.stats.groups) / self.df[ids])).round(3)
            keep = n >= self.min_count
        else:
            a = n.astype(float)
            b = self.total[ids] - a
            score, effect = _keyness(a, b, c, self.words - c)
            if self.negative:  # the floor applies where the word is over-represented: here or in the rest
                keep = ((score > 0) & (n >= self.min_count)) | ((score < 0) & (b >= self.min_count))
            else:
                keep = (n >= self.min_count) & (score > 0)
        out = ids[keep], n[keep], score[keep], effect[keep]
        if not self.negative:
            return (*out, out[2], np.arange(len(out[0])))
        out = tuple(np.concatenate([x, y]) for x, y in zip(out, self._absent(ids, c, top)))
        return (*out, np.abs(out[2]), self.rank[out[0]])

    def _absent(self, ids: np.ndarray, c: float, top: int) -> tuple[np.ndarray, ...]:
        """The absent words (count 0, rest = corpus count) that can make the top:
        levels by |score| (sorted, though it grows with the corpus count), until
        ``top`` words and every word tied with the last one on the rounded score."""
        score, effect = _keyness(np.zeros(len(self.levels)), self.levels, c, self.words - c)
        level = np.flatnonzero(score < 0)
        level = level[np.argsort(score[level], kind="stable")]  # |score| descending
        self.present[ids] = True
        picked: list[np.ndarray] = []
        levels: list[int] = []
        have, cut = 0, 0.0
        for lv in level.tolist():
            if have >= top and score[lv] > cut:
                break
            found = self.by_total[self.bounds[lv] : self.bounds[lv + 1]]
            found = found[~self.present[found]]
            picked.append(found)
            levels += [lv] * len(found)
            have, cut = have + len(found), score[lv]
        self.present[ids] = False
        at = np.array(levels, np.int64)
        return np.concatenate([np.zeros(0, np.int64), *picked]), np.zeros(len(at), np.int64), score[at], effect[at]


def keyword_rows(
    stats: KeywordStats | Counts,
    *,
    method: Method = "freq",
    top: int = 10,
    min_count: int = 1,
    negative: bool = False,
    groups: Sequence[str] | None = None,
    unit: str = "source",
) -> Iterator[dict[str, Any]]:
    """The top keywords of each group (``source``), best first, in long format:
    the ``groups`` given, in that order (scored against the whole corpus),
    else every group in first-added order.

    Per group: by score (by |score| with ``negative``), then count, then
    keyword in Vietnamese alphabetical order. Errors are raised at the call,
    before any row (``unit`` names the groups in them: source, group).
    """
    if isinstance(stats, Counts):
        stats = KeywordStats.of(stats)
    if method != "freq" and len(stats.groups) < 2:
        hint = "give two or more files, or use --method freq" if unit == "source" else \
            "choose a --by field that splits the documents, or use --method freq"
        raise KeywordsError(f"--method {method} compares {unit}s, and only {len(stats.groups)} was read", hint=hint)
    wanted = list(stats.groups if groups is None else groups)
    for group in wanted:
        if group not in stats.words:
            raise KeywordsError(f"no source or group {group!r} was read")
    return _rows(stats, wanted, method, top, min_count, negative)


def _rows(stats: KeywordStats, wanted: list[str], method: Method, top: int, min_count: int,
          negative: bool) -> Iterator[dict[str, Any]]:
    scorer = _Scorer(stats, method, negative and method == "keyness", min_count)
    shown = stats.display_forms()
    for group in wanted:
        with np.errstate(all="ignore"):  # as pandas: x/0 is inf or nan, silently
            ids, n, score, effect, order, tie = scorer.rows(group, top)
        words = [shown[scorer.keys[i]] for i in ids.tolist()]
        for rank, i in enumerate(_best(order, n, tie, top, lambda i: collation_key(words[i])), 1):
            out = {"source": group, "rank": rank, "keyword": words[i], "count": int(n[i]), "score": float(score[i])}
            if method == "keyness":
                out["effect"] = float(effect[i])
            yield out


def _best(order: np.ndarray, count: np.ndarray, tie: np.ndarray, top: int,
          collate: Callable[[int], Any]) -> list[int]:
    """The ``top`` best rows by order, count (descending), collation, ``tie``. Only rows
    that can make the top (ties at the cut included) get the (slow) collation key."""
    best = np.lexsort((tie, -count, -order))
    if len(best) > top:
        last = best[top - 1]
        tied = (order[best[top:]] == order[last]) & (count[best[top:]] == count[last])
        best = best[: top + (len(tied) if tied.all() else int(np.argmin(tied)))]
    rows = zip((-order[best]).tolist(), (-count[best]).tolist(), best.tolist(), tie[best].tolist())
    return [row[2] for row in sorted(rows, key=lambda r: (r[0], r[1], collate(r[2]), r[3]))[:top]]


def summary_rows(rows: Iterable[dict[str, Any]], sources: list[str]) -> Iterator[dict[str, Any]]:
    """One row per source, its keywords joined by "; " (for spreadsheets)."""
    joined: dict[str, list[str]] = {s: [] for s in sources}
    for row in rows:
        joined[row["source"]].append(row["keyword"])
    for source in sources:
        yield {"source": source, "keywords": "; ".join(joined[source])}
