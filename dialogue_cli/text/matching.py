"""Matching dictionary terms in segmented sentences, the Vietnamese way.

Rules (the README has examples):

* Text and terms are normalized alike (NFC, spaces, tone placement, the
  segmenter's own spelling fixes) and case-folded.
* ``words`` mode (default): a term counts only where it starts and ends on
  word boundaries of the segmentation. Inside the term the segmenter may cut
  anywhere: "chuyển đổi | số" and "chuyển_đổi_số" both count, but in
  "chuyển đổi | số liệu" the term's last syllable is inside a longer word, so
  the place is *rejected* (kept for the audit, not counted).
* ``syllables`` mode: any run of the term's syllables counts.
* Matches never cross a sentence. Within one theme, overlapping terms count
  once: scanning left to right, the longest term starting at a place wins
  (at equal length, the one with fewer wildcards).
* Wildcards: a syllable ``*`` stands for exactly one syllable with a letter
  or digit ("chuyển đổi *"); ``abc*`` for a syllable starting with abc
  (LIWC's ``abandon*``). The word-boundary rule applies to the whole match.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Mapping, Sequence

from dialogue_cli.errors import DictionaryError
from dialogue_cli.text.normalize import fold, normalize
from dialogue_cli.text.segment import Sentence, syllables_of

__all__ = ["MatchMode", "Term", "Match", "Matcher"]

MatchMode = Literal["words", "syllables"]


@dataclass(frozen=True, slots=True)
class Term:
    theme: str
    text: str  # as written in the dictionary
    syllables: tuple[str, ...]  # normalized, case-folded; "*" any syllable, "abc*" one starting with abc
    wild: bool = False  # has a wildcard

    def fits(self, syl: list[str], i: int) -> bool:
        """Whether the sentence's syllables from ``i`` on are this term."""
        if not self.wild:
            return tuple(syl[i : i + len(self.syllables)]) == self.syllables
        if i + len(self.syllables) > len(syl):
            return False
        for part, s in zip(self.syllables, syl[i:]):
            if part[-1:] == "*":
                if not s.startswith(part[:-1]) or not any(c.isalnum() for c in s):
                    return False
            elif part != s:
                return False
        return True


@dataclass(frozen=True, slots=True)
class Match:
    """One place a term's syllables occur in a sentence.

    ``first``/``last`` index the sentence's syllables (``last`` exclusive);
    ``start``/``end`` are offsets into the normalized text. ``accepted`` is
    False for a place the word-boundary rule rejected.
    """

    term: Term
    first: int
    last: int
    start: int
    end: int
    accepted: bool
    form: str | None = None  # a wildcard term's matched syllables, normalized and case-folded


def _compile(terms: list[str], cache: Any) -> dict[str, tuple[str, ...]]:
    """Each term's normalized, case-folded syllables, as segmentation gives them;
    a wildcard term's literal runs are segmented, its ``*`` parts kept.

    Needs underthesea's tokenizer; with a cache, a known dictionary does not.
    """
    wild = {t: _pieces(t) for t in terms if "*" in t}
    if not wild:
        return _compile_plain(terms, cache)
    runs = [run for pieces in wild.values() for run in pieces if run[-1:] != "*"]
    plain = _compile_plain([t for t in terms if t not in wild] + runs, cache)
    for t, pieces in wild.items():
        plain[t] = tuple(s for run in pieces for s in ((_stem(run),) if run[-1:] == "*" else plain[run]))
    return plain


def _pieces(term: str) -> list[str]:
    """``"Chuyển đổi * xanh"`` → ``["Chuyển đổi", "*", "xanh"]``: literal runs and wildcard syllables."""
    out: list[str] = []
    for part in normalize(term).text.split():
        if "*" in part or not out or out[-1][-1:] == "*":
            out.append(part)
        else:
            out[-1] += " " + part
    return out


def _stem(part: str) -> str:
    return "*" if part == "*" else fold(normalize(part[:-1]).text) + "*"


def _compile_plain(terms: list[str], cache: Any) -> dict[str, tuple[str, ...]]:
    key = None
    if cache is not None:
        from dialogue_cli.corpus.cache import cache_key

        key = cache_key("\n".join(terms), [], pos=False, kind="terms")
        found = cache.get_json(key)
        if found is not None:
            return {t: tuple(s) for t, s in zip(terms, found)}
    compiled = {t: tuple(fold(s) for s in syllables_of(normalize(t).text)) for t in terms}
    if cache is not None and key is not None:
        cache.put_json(key, [list(compiled[t]) for t in terms])
    return compiled


class Matcher:
    """Compiled terms of one or more themes.

    >>> from dialogue_cli.text.segment import segment
    >>> m = Matcher({"cds": ["chuyển đổi số"]})
    >>> s = segment("Chuyển đổi số và chuyển đổi số liệu.")[0]
    >>> [(x.term.text, x.accepted) for x in m.find(s)]
    [('chuyển đổi số', True), ('chuyển đổi số', False)]
    """

    def __init__(
        self,
        themes: Mapping[str, Sequence[str]],
        *,
        mode: MatchMode = "words",
        name: str = "dictionary",
        cache: Any = None,
        shared: bool = False,
    ) -> None:
        self.mode = mode
        self._spec = [mode, [[theme, list(terms)] for theme, terms in themes.items()]] + (["shared"] if shared else [])
        compiled = _compile([t for terms in themes.values() for t in terms], cache)
        self.themes = list(themes)
        # theme → first syllable → terms, longest first
        self._index: dict[str, dict[str, list[Term]]] = {}
        self._order: dict[tuple[str, str], tuple[int, int]] = {}
        seen: dict[tuple[str, ...], Term] = {}
        stems: set[int] = set()  # lengths of the "abc*" first syllables
        for t_no, (theme, terms) in enumerate(themes.items()):
            index: dict[str, list[Term]] = {}
            mine: set[tuple[str, ...]] = set()
            for k, text in enumerate(terms):
                self._order[(theme, text)] = (t_no, k)
                syl = compiled[text]
                if not shared and syl in seen and seen[syl].theme != theme:
                    raise DictionaryError(
                        name,
                        f"terms {seen[syl].text!r} ({seen[syl].theme}) and {text!r} ({theme}) are the same words",
                        hint="a term may belong to one theme only",
                    )
                if not syl or syl in mine or syl[0] == "*":
                    continue  # spelled differently, same syllables: count once
                term = Term(theme, text, syl, wild=any(s[-1:] == "*" for s in syl))
                seen.setdefault(syl, term)
                mine.add(syl)
                if syl[0][-1:] == "*":
                    stems.add(len(syl[0]) - 1)
                index.setdefault(syl[0], []).append(term)
            for bucket in index.values():
                bucket.sort(key=lambda t: (-len(t.syllables), sum(s[-1:] == "*" for s in t.syllables)))
            self._index[theme] = index
        self._firsts = frozenset(first for index in self._index.values() for first in index)
        self._stems = sorted(stems)
        self.wild = any(t.wild for index in self._index.values() for bucket in index.values() for t in bucket)

    def cache_token(self) -> list[Any]:
        """What decides this matcher's results (for the warm path's keys)."""
        return self._spec

    def term_order(self, theme: str, text: str) -> tuple[int, int]:
        """Sort key: the term's place in the dictionary."""
        return self._order[(theme, text)]

    def find(self, sentence: Sentence) -> list[Match]:
        """Accepted and rejected matches of every theme in one sentence, in order."""
        syl = fold(" ".join(sentence.tokens)).split(" ")
        firsts, stems = self._firsts, self._stems
        if stems:
            starts = [i for i, s in enumerate(syl) if s in firsts or any(s[:n] + "*" in firsts for n in stems)]
        else:
            starts = [i for i, s in enumerate(syl) if s in firsts]
        if not starts:  # most sentences: no term can start anywhere
            return []
        spans: list[tuple[int, int]] = []  # per syllable, built at the first match
        word_start: list[bool] = []
        words_mode = self.mode == "words"
        found: list[Match] = []
        # Each theme scans left to right; an accepted match skips the places it covers.
        resume = [0] * len(self.themes)
        for i in starts:
            for t_no, theme in enumerate(self.themes):
                if i < resume[t_no]:
                    continue
                for term in self._candidates(theme, syl[i]) if stems else self._index[theme].get(syl[i], ()):
                    size = len(term.syllables)
                    if (tuple(syl[i : i + size]) != term.syllables) if not term.wild else not term.fits(syl, i):
                        continue
                    if not spans:  # the first match: align the sentence
                        spans = [span for w in sentence.words for span in w.spans]
                        word_start = [False] * (len(syl) + 1)
                        for first in sentence.first_syllables():
                            word_start[first] = True
                        word_start[-1] = True  # the sentence end is a boundary
                    ok = not words_mode or (word_start[i] and word_start[i + size])
                    form = " ".join(syl[i : i + size]) if term.wild else None
                    found.append(Match(term, i, i + size, spans[i][0], spans[i + size - 1][1], ok, form))
                    if ok:
                        resume[t_no] = i + size
                        break
        found.sort(key=lambda m: (m.start, self.themes.index(m.term.theme), -m.end))
        return found

    def _candidates(self, theme: str, first: str) -> list[Term]:
        """The terms of a theme that can start with syllable ``first``, longest first."""
        index = self._index[theme]
        found = list(index.get(first, ()))
        for n in self._stems:
            if len(first) >= n and first[:n] + "*" != first:
                found += index.get(first[:n] + "*", ())
        found.sort(key=lambda t: (-len(t.syllables), sum(s[-1:] == "*" for s in t.syllables)))
        return found


def words_around(sentence: Sentence, match: Match) -> str:
    """The segmenter's words that cover a match, cut with "|": the audit view.

    >>> from dialogue_cli.text.segment import segment
    >>> s = segment("chuyển đổi số liệu")[0]
    >>> words_around(s, Matcher({"t": ["chuyển đổi số"]}).find(s)[0])
    'chuyển đổi | số liệu'
    """
    return " | ".join(w.text for w in sentence.words if w.end > match.start and w.start < match.end)

