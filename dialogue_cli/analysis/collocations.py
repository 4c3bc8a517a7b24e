"""`dialogue collocations`: multi-word expressions, and the collocates of a node.

Two modes, one output shape (group, rank, the expression, count, scores):

* **Sequences** (no node), as quanteda's ``textstat_collocations``: every
  run of ``size`` tokens of a sentence without number or punctuation is
  counted; the candidates are those that neither start nor end with a stop
  word, seen ``min_count`` times. Each is scored by λ, the ``size``-way
  interaction of the saturated log-linear model of its 2^size table (Blaheta &
  Johnson 2001), and z = λ / its standard error (:func:`bj_scores`).
* **Node** (a word, phrase or theme, matched as `dialogue kwic` does): the
  collocates within ``window`` words left and right, never across a sentence,
  scored from Evert's 2×2 table of span tokens against collocate tokens
  (:func:`window_scores`): MI, signed G², t-score and logDice.

Per document, a small JSON result (counts); per group, counters of types
added up as documents pass (:class:`~dialogue_cli.analysis.ngrams.Streamed`).
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any, Iterable, Iterator, Literal, Sequence

from dialogue_cli.analysis.keywords import NUMBER, PUNCT, STOP, WORD, Token, disjoint
from dialogue_cli.analysis.ngrams import SEP, Part, Streamed, count_part, sentences_of
from dialogue_cli.corpus.pipeline import Analysed
from dialogue_cli.text.matching import Matcher

__all__ = ["Sort", "NODE", "SEQUENCE_COLUMNS", "NODE_COLUMNS", "bj_scores", "cells", "window_scores",
           "count_sequences", "count_collocates", "collocation_rows"]

Sort = Literal["z", "lambda", "logdice", "mi", "g2", "t", "count"]
NODE = "node"  # the kind of a node token
SEQUENCE_COLUMNS = ["source", "rank", "collocation", "count", "lambda", "z"]
NODE_COLUMNS = ["source", "rank", "node", "collocate", "count", "left", "right", "node_count", "collocate_count",
                "expected", "mi", "g2", "t", "logdice"]


def bj_scores(n: Sequence[float], size: int, *, smoothing: float = 0.5) -> tuple[float, float]:
    """λ and z of one sequence from its 2^size cell counts, ``n[b]``: the
    sequences whose word i matches the candidate's where bit i of b is set.

    λ = Σ_b (−1)^(size − |b|) · ln(n_b + s),  z = λ / √(Σ_b 1 / (n_b + s)).

    >>> [round(x, 3) for x in bj_scores([6, 0, 1, 3], 2)]  # "a b" in "a b c a b d e b d a b"
    [3.412, 1.936]
    """
    smoothed = [x + smoothing for x in n]
    lam = sum((-1) ** (size - bin(b).count("1")) * math.log(x) for b, x in enumerate(smoothed))
    return lam, lam / math.sqrt(sum(1 / x for x in smoothed))


def cells(grams: Sequence[tuple[Sequence[str], int]], candidates: Sequence[Sequence[str]], size: int) -> list[list[int]]:
    """Each candidate's 2^size cell counts over all the ``grams`` (words, count):
    for each set S of positions, how many grams agree with the candidate on S
    (a projection), then the exact cells by inclusion–exclusion.

    >>> toks = "a b c a b d e b d a b".split()
    >>> grams = list(Counter(zip(toks, toks[1:])).items())
    >>> cells(grams, [("a", "b")], 2)
    [[6, 0, 1, 3]]
    """
    full = (1 << size) - 1
    total = sum(c for _, c in grams)
    agree: dict[int, dict[tuple[str, ...], int]] = {}
    for mask in range(1, full + 1):
        at = [i for i in range(size) if mask >> i & 1]
        need = dict.fromkeys((tuple(g[i] for i in at) for g in candidates), 0)
        for g, c in grams:
            key = tuple(g[i] for i in at)
            if key in need:
                need[key] += c
        agree[mask] = need
    out = []
    for g in candidates:
        m = [total] + [agree[mask][tuple(g[i] for i in range(size) if mask >> i & 1)] for mask in range(1, full + 1)]
        out.append([sum((-1) ** (bin(s).count("1") - bin(b).count("1")) * m[s]
                        for s in range(full + 1) if s & b == b) for b in range(full + 1)])
    return out


def window_scores(o: float, r1: float, c1: float, n: float) -> dict[str, float]:
    """Scores of a collocate seen ``o`` times among the ``r1`` tokens of the
    node's windows, ``c1`` times among the ``n`` tokens of the corpus:
    E = r1·c1/n, MI = log2(o/E), t = (o − E)/√o, logDice = 14 + log2(2o/(r1 + c1)),
    G² = 2 Σ O·ln(O/E) over the 2×2 table, negative when o < E.

    >>> s = window_scores(32, 4258869 * 10, 2165, 21304641202)  # RKorAPClient's test case
    >>> [round(s[k], 2) for k in ("expected", "mi", "g2", "logdice")]
    [4.33, 2.89, 73.05, -5.34]
    """
    e = r1 * c1 / n
    table = ((o, r1, c1), (r1 - o, r1, n - c1), (c1 - o, n - r1, c1), (n - r1 - c1 + o, n - r1, n - c1))
    g2 = 2 * sum(x * math.log(x * n / (row * col)) for x, row, col in table if x > 0)
    return {"expected": e, "mi": math.log2(o / e), "g2": g2 if o >= e else -g2, "t": (o - e) / math.sqrt(o),
            "logdice": 14 + math.log2(2 * o / (r1 + c1))}


def _runs(tokens: list[Token], size: int) -> Iterator[list[Token]]:
    for i in range(len(tokens) - size + 1):
        run = tokens[i : i + size]
        if not any(t[2] in (NUMBER, PUNCT) for t in run):
            yield run


def count_sequences(doc: Analysed, *, matcher: Matcher, stopwords: frozenset[str], size: int = 2,
                    keep_stopwords: bool = False) -> Part:
    """One document's sequences: ``c`` the candidates (with their forms ``f``),
    and what the tables need of every sequence: for pairs, ``m`` the counts of
    each first and each second word (the margins); longer, ``x`` the sequences
    that are no candidate (a stop word at an edge)."""
    edge = {WORD, STOP} if keep_stopwords else {WORD}
    candidates: list[tuple[str, str]] = []
    others: Counter[str] = Counter()
    margins: tuple[Counter[str], Counter[str]] = (Counter(), Counter())
    for tokens in sentences_of(doc, matcher=matcher, stopwords=stopwords):
        for run in _runs(tokens, size):
            key = SEP.join(t[0] for t in run)
            if size == 2:
                margins[0][run[0][0]] += 1
                margins[1][run[1][0]] += 1
            if run[0][2] in edge and run[-1][2] in edge:
                candidates.append((key, " ".join(t[1] for t in run)))
            elif size > 2:
                others[key] += 1
    return {**count_part(candidates), **({"m": [dict(m) for m in margins]} if size == 2 else {"x": dict(others)})}


def count_collocates(doc: Analysed, *, node: Matcher, matcher: Matcher, stopwords: frozenset[str],
                     window: tuple[int, int] = (5, 5), keep_stopwords: bool = False) -> Part:
    """One document's node occurrences ``o``, tokens ``n`` (words and numbers:
    punctuation takes no place), tokens in the windows ``r`` (the nodes' own
    excluded, each token once), co-occurrences ``k`` (collocate → [count, left,
    right]; a token between two nodes is on the side of the nearer, left on a
    tie) and candidate counts ``c`` (with their forms ``f``)."""
    left, right = window
    wanted = {WORD, STOP} if keep_stopwords else {WORD}

    def spans(sentence: Any) -> list[Any]:
        return disjoint((m.first, m.last, m.form or " ".join(m.term.syllables), "", NODE) for m in node.find(sentence)
                        if m.accepted)

    unigrams: list[tuple[str, str]] = []
    cooc: dict[str, list[int]] = {}
    n = r = o = 0
    for tokens in sentences_of(doc, matcher=matcher, stopwords=stopwords, spans=spans):
        places = [t for t in tokens if t[2] != PUNCT]
        n += len(places)
        unigrams += [(t[0], t[1]) for t in places if t[2] in wanted]
        nodes = [j for j, t in enumerate(places) if t[2] == NODE]
        o += len(nodes)
        for j, t in enumerate(places):
            if not nodes or t[2] == NODE:
                continue
            after = min((j - i for i in nodes if i < j), default=None)  # in that node's right window
            before = min((i - j for i in nodes if i > j), default=None)  # in that node's left window
            in_right = after is not None and after <= right
            in_left = before is not None and before <= left
            if not (in_left or in_right):
                continue
            r += 1
            if t[2] in wanted:
                side = 1 if in_left and (not in_right or before <= after) else 2  # type: ignore[operator]
                row = cooc.setdefault(t[0], [0, 0, 0])
                row[0] += 1
                row[side] += 1
    return {**count_part(unigrams), "k": cooc, "n": n, "r": r, "o": o}


def _merge_sequences(acc: dict[str, Any], part: Part) -> None:
    acc.setdefault("c", Counter()).update(part["c"])
    if "m" in part:
        for mine, theirs in zip(acc.setdefault("m", (Counter(), Counter())), part["m"]):
            mine.update(theirs)
    else:
        acc.setdefault("x", Counter()).update(part["x"])


def _merge_collocates(acc: dict[str, Any], part: Part) -> None:
    acc.setdefault("c", Counter()).update(part["c"])
    k = acc.setdefault("k", {})
    for key, (n, left, right) in part["k"].items():
        row = k.setdefault(key, [0, 0, 0])
        row[0], row[1], row[2] = row[0] + n, row[1] + left, row[2] + right
    for x in "nro":
        acc[x] = acc.get(x, 0) + part[x]


def _score_sequences(acc: dict[str, Any], size: int, min_count: int) -> list[dict[str, Any]]:
    counts = acc["c"]
    chosen = [k for k, c in counts.items() if c >= min_count]
    if not chosen:
        return []
    if "m" in acc:  # pairs: n10 = (first word w1) − n11, n01 = (second word w2) − n11, n00 the rest
        first, second = acc["m"]
        total = sum(first.values())
        table = []
        for key in chosen:
            n11, (w1, w2) = counts[key], key.split(SEP)
            table.append([total - first[w1] - second[w2] + n11, first[w1] - n11, second[w2] - n11, n11])
    else:
        grams = [(k.split(SEP), c) for t in (counts, acc["x"]) for k, c in t.items()]
        table = cells(grams, [k.split(SEP) for k in chosen], size)
    rows = []
    for key, n in zip(chosen, table):
        lam, z = bj_scores(n, size)
        rows.append({"key": key, "count": counts[key], "lambda": round(lam, 3), "z": round(z, 3)})
    return rows


def _score_collocates(acc: dict[str, Any], min_count: int) -> list[dict[str, Any]]:
    if not acc.get("o"):
        return []
    rows = []
    for key, (o, left, right) in acc["k"].items():
        if o >= min_count:
            c1 = acc["c"][key]
            scores = {k: round(v, 3) for k, v in window_scores(o, acc["r"], c1, acc["n"]).items()}
            rows.append({"key": key, "count": o, "left": left, "right": right, "node_count": acc["o"],
                         "collocate_count": c1, **scores})
    return rows


def collocation_rows(parts: Iterable[tuple[str, Part]], *, groups: Any, node: str | None = None, size: int = 2,
                     top: int = 10, min_count: int = 2, sort: Sort = "z", unique: bool = False) -> Iterator[dict[str, Any]]:
    """The ``top`` collocations of each group (``source``), best ``sort`` first,
    then by count, then in Vietnamese alphabetical order; ``node`` (its name)
    for the node mode's parts, else sequences of ``size`` words.
    ``groups()`` gives the groups to show, once every part has been added.

    >>> part = {"c": {"a\\tb": 3, "b\\td": 2}, "f": {}, "m": [{"a": 3, "b": 3, "c": 1, "d": 2, "e": 1},
    ...                                                   {"a": 2, "b": 4, "c": 1, "d": 2, "e": 1}]}
    >>> [(r["collocation"], r["count"], r["lambda"]) for r in collocation_rows([("s", part)], groups=lambda: ["s"])]
    [('a b', 3, 3.412), ('b d', 2, 3.219)]
    """
    if node is None:
        stats = Streamed(merge=_merge_sequences, score=lambda acc: _score_sequences(acc, size, min_count), top=top,
                         by=sort, unique=unique)
    else:
        stats = Streamed(merge=_merge_collocates, score=lambda acc: _score_collocates(acc, min_count), top=top,
                         by=sort, unique=unique)
    for group, part in parts:
        stats.add(group, part)
    for row in stats.rows(groups()):
        key = row.pop("key")
        if node is None:
            yield {"source": row["source"], "rank": row["rank"], "collocation": key, **row}
        else:
            yield {"source": row["source"], "rank": row["rank"], "node": node, "collocate": key, **row}
