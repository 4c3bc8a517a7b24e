"""`dialogue ngrams`: word n-grams per source or group, with their counts.

An n-gram is ``size`` consecutive tokens of one sentence, over underthesea's
words (not syllables), with the candidates of `dialogue keywords`
(:func:`~dialogue_cli.analysis.keywords.sentence_tokens`): theme terms are one
token; punctuation and numbers break n-grams; an n-gram may neither start nor
end with a stop word (or a single character), but may hold one inside
("phát triển của tỉnh"). Counted case-folded, shown in the corpus's most
frequent written form.

Documents are counted one at a time (:func:`count_ngrams`, in the worker
processes, a small JSON result for the warm path); :class:`Streamed` adds
them up per group as they pass. Memory: per group, one counter of the n-gram
types seen (types, not tokens: it grows with the vocabulary of n-grams, not
with the corpus); per source (``--by source``), each document is ranked as it
arrives and only its top rows are kept, on file; across the corpus, a count per
type and the written forms of the types written in more than one way.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from typing import IO, Any, Callable, Iterable, Iterator, Mapping, Sequence

from dialogue_cli.analysis.keywords import NUMBER, PUNCT, WORD, Token, disjoint, sentence_tokens, theme_spans
from dialogue_cli.corpus.pipeline import Analysed
from dialogue_cli.text.matching import Matcher
from dialogue_cli.text.normalize import collation_key

__all__ = ["SEP", "COLUMNS", "Forms", "Streamed", "count_ngrams", "sentences_of", "count_part", "best", "ngram_rows",
           "plain"]

SEP = "\t"  # joins the words of an n-gram key (a word holds spaces between its syllables)
COLUMNS = ["source", "rank", "ngram", "count"]
Part = dict[str, Any]  # one document's result: {"c": {key: count}, "f": {key: {form: count}}, …}


def plain(key: str) -> str:
    """An n-gram key as text: its words joined by spaces.

    >>> plain("chuyển đổi số" + SEP + "quốc gia")
    'chuyển đổi số quốc gia'
    """
    return key.replace(SEP, " ")


def sentences_of(doc: Analysed, *, matcher: Matcher, stopwords: frozenset[str],
                 spans: Callable[[Any], list[Any]] | None = None) -> Iterator[list[Token]]:
    """Each sentence's tokens in order, theme terms (and ``spans(sentence)``,
    which win where they overlap one) as single tokens."""
    kinds: dict[str, Any] = {}
    for sentence in doc.sentences:
        own = spans(sentence) if spans is not None else []
        themes = [s for s in theme_spans(doc, sentence, matcher)
                  if not any(s[0] < o[1] and o[0] < s[1] for o in own)]
        yield sentence_tokens(sentence, disjoint(own + themes), stopwords=stopwords, kinds=kinds)


def count_part(grams: Iterable[tuple[str, str]]) -> Part:
    """``{"c": counts, "f": forms}`` of (key, written form) occurrences; ``f``
    keeps, in the order first seen, the forms of the keys written otherwise
    than in lower case (the others need none: small results for the warm path)."""
    counts: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for key, form in grams:
        counts[key] += 1
        forms.setdefault(key, Counter())[form] += 1
    odd = {k: dict(f) for k, f in forms.items() if len(f) > 1 or plain(k) not in f}
    return {"c": dict(counts), "f": odd}


def _ngrams(tokens: list[Token], size: int, edges: bool) -> Iterator[tuple[str, str]]:
    """(key, form) of every n-gram of one sentence: no number or punctuation
    inside; with ``edges``, no stop word at either end."""
    for i in range(len(tokens) - size + 1):
        run = tokens[i : i + size]
        if any(t[2] in (NUMBER, PUNCT) for t in run):
            continue
        if edges and (run[0][2] != WORD or run[-1][2] != WORD):
            continue
        yield SEP.join(t[0] for t in run), " ".join(t[1] for t in run)


def count_ngrams(doc: Analysed, *, matcher: Matcher, stopwords: frozenset[str], size: int = 2) -> Part:
    """The n-grams of one document (run in the worker processes).

    >>> from dialogue_cli.corpus.inputs import Document
    >>> from dialogue_cli.corpus.pipeline import analyse
    >>> from dialogue_cli.analysis.keywords import load_stopwords
    >>> doc = analyse(Document("a", "a", "Thái Nguyên đẩy mạnh chuyển đổi số.", "utf-8"))
    >>> part = count_ngrams(doc, matcher=Matcher({"t": ["chuyển đổi số"]}), stopwords=load_stopwords())
    >>> sorted(plain(k) for k in part["c"]), part["f"]
    (['thái nguyên đẩy mạnh', 'đẩy mạnh chuyển đổi số'], {'thái nguyên\\tđẩy mạnh': {'Thái Nguyên đẩy mạnh': 1}})
    """
    return count_part(g for tokens in sentences_of(doc, matcher=matcher, stopwords=stopwords)
                      for g in _ngrams(tokens, size, True))


class Forms:
    """Each key's most frequent written form across the corpus (the first seen
    on a tie), holding forms only for the keys written in more than one way."""

    def __init__(self) -> None:
        self.total: Counter[str] = Counter()
        self.odd: dict[str, dict[str, int]] = {}

    def add(self, counts: Mapping[str, int], forms: Mapping[str, Mapping[str, int]]) -> None:
        for key, n in counts.items():
            own = forms.get(key)
            if own is None:  # written in lower case only, here
                if key in self.odd:
                    self.odd[key][plain(key)] = self.odd[key].get(plain(key), 0) + n
            else:
                held = self.odd.get(key)
                if held is None:  # earlier documents wrote it in lower case only
                    held = self.odd[key] = {plain(key): self.total[key]} if self.total[key] else {}
                for form, k in own.items():
                    held[form] = held.get(form, 0) + k
            self.total[key] += n

    def __call__(self, key: str) -> str:
        held = self.odd.get(key)
        if not held:
            return plain(key)
        most = max(held.values())
        return next(form for form, n in held.items() if n == most)


def best(rows: list[dict[str, Any]], *, top: int, by: str, text: Callable[[dict[str, Any]], str]) -> list[dict[str, Any]]:
    """The ``top`` rows by ``by`` then ``count`` (descending), then text in
    Vietnamese alphabetical order. Only the rows that can make the top (ties at
    the cut included) get the (slow) collation key."""
    rows = sorted(rows, key=lambda r: (-r[by], -r["count"]))
    if len(rows) > top:
        cut = (rows[top - 1][by], rows[top - 1]["count"])
        end = top
        while end < len(rows) and (rows[end][by], rows[end]["count"]) == cut:
            end += 1
        rows = rows[:end]
    return sorted(rows, key=lambda r: (-r[by], -r["count"], collation_key(text(r)), text(r)))[:top]


class Streamed:
    """Documents' results added up per group as they pass, then scored.

    ``merge(acc, part)`` adds a document's result to its group's accumulator
    (a new one is ``{}``); ``score(acc)`` gives the group's candidate rows
    (``key``, ``count``, scores…). With ``unique`` (one document per group:
    per source: source ids are unique), a group is scored as it is added and
    only its ``top`` rows are kept, in a temporary file (written forms are
    known only at the end). ``forms`` names the part's counts that give written forms.
    """

    def __init__(self, *, merge: Callable[[dict[str, Any], Part], None],
                 score: Callable[[dict[str, Any]], list[dict[str, Any]]], top: int, by: str = "count",
                 unique: bool = False, forms: str = "c") -> None:
        self.merge, self.score, self.top, self.by, self.unique, self.field = merge, score, top, by, unique, forms
        self.forms = Forms()
        self.groups: dict[str, dict[str, Any]] = {}  # group → accumulator (not unique)
        self._done: IO[str] | None = None  # unique: each group's top rows, a JSON line each, in added order

    def add(self, group: str, part: Part) -> None:
        self.forms.add(part[self.field], part.get("f", {}))
        if not self.unique:
            self.merge(self.groups.setdefault(group, {}), part)
            return
        acc: dict[str, Any] = {}  # source ids are unique: the group is complete
        self.merge(acc, part)
        if found := best(self.score(acc), top=self.top, by=self.by, text=lambda r: plain(r["key"])):
            if self._done is None:  # on file, not in memory: the written forms are known only at the end
                self._done = tempfile.TemporaryFile("w+", encoding="utf-8", prefix="dialogue-ngrams-")
            self._done.write(json.dumps([group, found], ensure_ascii=False) + "\n")

    def _found(self, groups: Sequence[str]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
        if not self.unique:
            for group in groups:
                if group in self.groups:
                    yield group, best(self.score(self.groups[group]), top=self.top, by=self.by,
                                      text=lambda r: plain(r["key"]))
        elif self._done is not None:
            self._done.seek(0)
            for line in self._done:
                yield tuple(json.loads(line))  # type: ignore[misc]
            self._done.close()

    def rows(self, groups: Sequence[str]) -> Iterator[dict[str, Any]]:
        """The top rows of each of ``groups``, in that order (``unique``: in the
        order added): ``source`` (the group), ``rank``, the row's fields with
        ``key`` shown in its written form."""
        for group, found in self._found(groups):
            for rank, row in enumerate(found, 1):
                yield {"source": group, "rank": rank, **row, "key": self.forms(row["key"])}


def merge_counts(acc: dict[str, Any], part: Part) -> None:
    """Add a document's n-gram counts to a group's: counts, documents."""
    counts = acc.setdefault("c", Counter())
    docs = acc.setdefault("d", Counter())
    counts.update(part["c"])
    docs.update(part["c"].keys())


def ngram_rows(parts: Iterable[tuple[str, Part]], *, groups: Callable[[], Sequence[str]], top: int = 10,
               min_count: int = 2, unique: bool = False) -> Iterator[dict[str, Any]]:
    """The ``top`` n-grams of each group (``source``), most frequent first,
    ties in Vietnamese alphabetical order: ``rank``, ``ngram``, ``count`` and,
    unless ``unique`` (per source), ``docs`` (documents of the group that have it).
    ``groups()`` gives the groups to show, once every part has been added.

    >>> rows = ngram_rows([("a", {"c": {"x\\ty": 2, "y\\tz": 3}, "f": {}})], groups=lambda: ["a"], unique=True)
    >>> [(r["rank"], r["ngram"], r["count"]) for r in rows]
    [(1, 'y z', 3), (2, 'x y', 2)]
    """
    def score(acc: dict[str, Any]) -> list[dict[str, Any]]:
        docs = acc["d"]
        return [{"key": k, "count": n, "docs": docs[k]} for k, n in acc["c"].items() if n >= min_count]

    stats = Streamed(merge=merge_counts, score=score, top=top, unique=unique)
    for group, part in parts:
        stats.add(group, part)
    for row in stats.rows(groups()):
        out = {"source": row["source"], "rank": row["rank"], "ngram": row["key"], "count": row["count"]}
        if not unique:
            out["docs"] = row["docs"]
        yield out
