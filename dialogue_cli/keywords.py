"""`dialogue keywords`: the words that characterise each source.

Candidates are the segmenter's word tokens, case-folded for counting and
shown in their most frequent written form. Stop words (the `stop-words`
package's Vietnamese list, plus ``--stopwords FILE``), punctuation, numbers
and single characters are dropped; theme terms of the active dictionary count
as one keyword ("chuyển đổi số", not "chuyển đổi" + "số").

Scores (the README gives the formulas): ``freq`` (rate per 1,000 words),
``tfidf`` (count × log10(N / df), as quanteda's ``dfm_tfidf``), ``keyness``
(log-likelihood G² of the source against the rest, Rayson's formula, signed,
with Hardie's Log Ratio as effect size).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from itertools import repeat
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Literal

from .errors import DialogueError
from .matching import Matcher
from .normalize import collation_key, fold, normalize_term
from .pipeline import Analysed
from .segment import Sentence

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Method", "Counts", "count_document", "merge", "collect", "keyword_rows", "summary_rows",
           "load_stopwords", "columns"]

Method = Literal["freq", "tfidf", "keyness"]


class KeywordsError(DialogueError):
    """The request cannot be answered for this corpus."""

    def __init__(self, problem: str, *, hint: str | None = None) -> None:
        super().__init__(problem)
        self.hint = hint


@cache
def _default_stopwords() -> frozenset[str]:
    from stop_words import get_stop_words

    return frozenset(normalize_term(w) for w in get_stop_words("vietnamese"))


def load_stopwords(path: str | None = None) -> frozenset[str]:
    """The Vietnamese stop-word list, plus one word or phrase per line of ``path``
    (blank lines and ``#`` comments ignored)."""
    words = _default_stopwords()
    if path is None:
        return words
    from .errors import PathError

    try:
        lines = open(path, encoding="utf-8-sig").read().splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        reason = "not UTF-8" if isinstance(exc, UnicodeDecodeError) else (exc.strerror or str(exc)).lower()
        raise PathError(path, reason, hint="--stopwords takes a UTF-8 text file, one word per line") from None
    extra = {normalize_term(x) for x in lines if x.strip() and not x.lstrip().startswith("#")}
    return words | extra


@dataclass
class Counts:
    """Candidate counts per source, word totals, and written forms.

    ``forms`` counts (key, written form) pairs over the whole corpus.
    """

    sources: list[str] = field(default_factory=list)
    words: dict[str, int] = field(default_factory=dict)
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    forms: Counter[tuple[str, str]] = field(default_factory=Counter)

    def display_forms(self) -> dict[str, str]:
        """Each key's most frequent written form (the first seen on a tie)."""
        best: dict[str, tuple[str, int]] = {}
        for (key, form), n in self.forms.items():
            if key not in best or n > best[key][1]:
                best[key] = (form, n)
        return {key: form for key, (form, _) in best.items()}

    def display(self, key: str) -> str:
        """The most frequent written form of one ``key``."""
        return self.display_forms()[key]


def _keep(key: str, stopwords: frozenset[str]) -> bool:
    return key not in stopwords and len(key) > 1 and any(map(str.isalpha, key))


def _free_forms(sentence: Sentence, taken: set[int], pos: frozenset[str] | None) -> Iterable[str]:
    """The sentence's words as written, less those inside ``taken`` syllables
    (theme terms) and, with ``pos``, those without a wanted tag."""
    if not taken and pos is None:
        return sentence.forms
    tags = sentence.tags or repeat(None)
    return [
        text
        for text, tag, first in zip(sentence.forms, tags, sentence.first_syllables())
        if first not in taken and (pos is None or tag in pos)
    ]


def count_document(
    doc: Analysed,
    *,
    matcher: Matcher,
    stopwords: frozenset[str],
    pos: frozenset[str] | None = None,
) -> Counts:
    """Keyword candidates of one document (run in the worker processes)."""
    keys: list[str] = []
    forms: list[tuple[str, str]] = []
    keep: dict[str, bool] = {}  # key → is a candidate (words repeat: decide once)
    for sentence in doc.sentences:
        taken: set[int] = set()  # syllables inside accepted theme terms
        for m in matcher.find(sentence):
            if m.accepted:
                key = " ".join(m.term.syllables)
                keys.append(key)
                forms.append((key, " ".join(doc.norm.text[m.start : m.end].split())))
                taken.update(range(m.first, m.last))
        free = _free_forms(sentence, taken, pos)
        for key, text in zip(fold("\n".join(free)).split("\n"), free):  # one casefold per sentence
            ok = keep.get(key)
            if ok is None:
                ok = keep[key] = _keep(key, stopwords)  # has a letter: punctuation and numbers are out
            if ok:
                keys.append(key)
                forms.append((key, text))
    return Counts([doc.source], {doc.source: doc.word_count}, {doc.source: Counter(keys)}, Counter(forms))


def merge(parts: Iterable[Counts]) -> Counts:
    """One corpus's counts from its documents' counts, in order."""
    out = Counts()
    for part in parts:
        out.sources.extend(part.sources)
        out.words.update(part.words)
        out.counts.update(part.counts)
        out.forms.update(part.forms)
    return out


def collect(
    docs: Iterable[Analysed],
    *,
    matcher: Matcher,
    stopwords: frozenset[str],
    pos: frozenset[str] | None = None,
) -> Counts:
    """Count keyword candidates per source, one document at a time.

    >>> from dialogue_cli.corpus import Document
    >>> from dialogue_cli.pipeline import analyse
    >>> doc = analyse(Document("a", "a", "Thái Nguyên đẩy mạnh chuyển đổi số.", "utf-8"))
    >>> c = collect([doc], matcher=Matcher({"t": ["chuyển đổi số"]}), stopwords=load_stopwords())
    >>> sorted(c.counts["a"].items())
    [('chuyển đổi số', 1), ('thái nguyên', 1), ('đẩy mạnh', 1)]
    """
    return merge(count_document(d, matcher=matcher, stopwords=stopwords, pos=pos) for d in docs)


def columns(method: Method) -> list[str]:
    return ["source", "rank", "keyword", "count", "score"] + (["effect"] if method == "keyness" else [])


def _table(counts: Counts, *, grid: bool = False) -> pd.DataFrame:
    """Long table (source, key, count); with ``grid``, every source × key, zeros included."""
    import pandas as pd

    rows = [(s, k, n) for s in counts.sources for k, n in counts.counts[s].items()]
    df = pd.DataFrame(rows, columns=["source", "key", "count"])
    if grid and not df.empty:
        wide = df.pivot(index="source", columns="key", values="count").reindex(counts.sources).fillna(0)
        df = wide.stack().rename("count").reset_index().astype({"count": int})
    return df


def _score(df: pd.DataFrame, counts: Counts, method: Method) -> pd.DataFrame:
    import numpy as np

    words = df["source"].map(counts.words).astype(float)
    if method == "freq":
        df["score"] = (df["count"] / words * 1000).round(2)
    elif method == "tfidf":
        n = len(counts.sources)
        doc_freq = df.groupby("key")["count"].transform("size")
        df["score"] = (df["count"] * np.log10(n / doc_freq)).round(3)
    else:
        total = float(sum(counts.words.values()))
        a = df["count"].astype(float)
        b = df.groupby("key")["count"].transform("sum") - a
        df["rest"] = b
        c, d = words, total - words
        e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
        with np.errstate(divide="ignore", invalid="ignore"):
            g2 = 2 * (np.where(a > 0, a * np.log(a / e1), 0.0) + np.where(b > 0, b * np.log(b / e2), 0.0))
            over = a / c > b / d
            effect = np.log2((a.where(a > 0, 0.5) / c) / (b.where(b > 0, 0.5) / d))
        df["score"] = np.where(over, g2, -g2).round(2)
        df["effect"] = effect.round(2)
    return df


def keyword_rows(
    counts: Counts,
    *,
    method: Method = "freq",
    top: int = 10,
    min_count: int = 1,
    negative: bool = False,
) -> Iterator[dict[str, Any]]:
    """The top keywords of each source, best first, in long format."""
    if method != "freq" and len(counts.sources) < 2:
        raise KeywordsError(
            f"--method {method} compares sources, and only {len(counts.sources)} was read",
            hint="give two or more files, or use --method freq",
        )
    negative = negative and method == "keyness"
    df = _table(counts, grid=negative)
    if df.empty:
        return
    df = _score(df, counts, method)
    if negative:  # the floor applies where the word is over-represented: here or in the rest
        df = df[((df["score"] > 0) & (df["count"] >= min_count)) | ((df["score"] < 0) & (df["rest"] >= min_count))]
    else:
        df = df[(df["count"] >= min_count) & (df["score"] > 0 if method == "keyness" else True)]
    df = df.assign(order=df["score"].abs() if negative else df["score"])
    shown = counts.display_forms()
    for source, part in _top(df, top=top, sources=counts.sources, display=shown.__getitem__):
        for rank, row in enumerate(part, 1):
            out = {"source": source, "rank": rank, "keyword": shown[row.key], "count": int(row.count),
                   "score": float(row.score)}
            if method == "keyness":
                out["effect"] = float(row.effect)
            yield out


def _top(
    df: pd.DataFrame, *, top: int, sources: list[str], display: Callable[[str], str]
) -> Iterator[tuple[str, list[Any]]]:
    """Each source's ``top`` rows by order, then count, then keyword in
    Vietnamese alphabetical order. Only rows that can make the top (ties at
    the cut included) get the (slow) collation key."""
    df = df.sort_values(["order", "count"], ascending=False, kind="stable")
    place = df.groupby("source", sort=False).cumcount()
    cut = df[place == top - 1].set_index("source")[["order", "count"]]
    tied = (df["order"] == df["source"].map(cut["order"])) & (df["count"] == df["source"].map(cut["count"]))
    df = df[(place < top) | tied].copy()
    df["collate"] = df["key"].map(lambda key: collation_key(display(key)))
    df = df.sort_values(["order", "count", "collate"], ascending=[False, False, True], kind="stable")
    best: dict[str, list[Any]] = {}
    for row in df.groupby("source", sort=False).head(top).itertuples(index=False):
        best.setdefault(row.source, []).append(row)
    for source in sources:
        if source in best:
            yield source, best[source]


def summary_rows(rows: Iterable[dict[str, Any]], sources: list[str]) -> Iterator[dict[str, Any]]:
    """One row per source, its keywords joined by "; " (for spreadsheets)."""
    joined: dict[str, list[str]] = {s: [] for s in sources}
    for row in rows:
        joined[row["source"]].append(row["keyword"])
    for source in sources:
        yield {"source": source, "keywords": "; ".join(joined[source])}

