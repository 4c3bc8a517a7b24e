"""`dialogue keywords`: the words that characterise each source.

Candidates are the segmenter's word tokens, case-folded for counting and
shown in their most frequent written form. Stop words (the `stop-words`
package's Vietnamese list, plus ``--stopwords FILE``), punctuation, numbers
and single characters are dropped; theme terms of the active dictionary count
as one keyword ("chuyển đổi số", not "chuyển đổi" + "số").

Documents are counted one at a time (:func:`count_document`, in the worker
processes); :mod:`dialogue_cli.analysis.keyword_stats` adds them up into groups and
scores them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from itertools import repeat
from typing import Any, Iterable, Literal

from dialogue_cli.errors import DialogueError
from dialogue_cli.text.matching import Matcher
from dialogue_cli.text.normalize import fold, normalize_term
from dialogue_cli.corpus.pipeline import Analysed
from dialogue_cli.text.segment import Sentence

__all__ = ["Method", "KeywordsError", "Counts", "count_document", "merge", "collect", "load_stopwords"]

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
    from dialogue_cli.errors import PathError

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

    def to_json(self) -> list[Any]:
        """Plain JSON (for the warm path), order kept: ties between forms depend on it."""
        return [self.sources, self.words, {s: dict(c) for s, c in self.counts.items()},
                [[k, f, n] for (k, f), n in self.forms.items()]]

    @classmethod
    def from_json(cls, value: list[Any]) -> Counts:
        sources, words, counts, forms = value
        return cls(sources, words, {s: Counter(c) for s, c in counts.items()},
                   Counter({(k, f): n for k, f, n in forms}))


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

    >>> from dialogue_cli.corpus.inputs import Document
    >>> from dialogue_cli.corpus.pipeline import analyse
    >>> doc = analyse(Document("a", "a", "Thái Nguyên đẩy mạnh chuyển đổi số.", "utf-8"))
    >>> c = collect([doc], matcher=Matcher({"t": ["chuyển đổi số"]}), stopwords=load_stopwords())
    >>> sorted(c.counts["a"].items())
    [('chuyển đổi số', 1), ('thái nguyên', 1), ('đẩy mạnh', 1)]
    """
    return merge(count_document(d, matcher=matcher, stopwords=stopwords, pos=pos) for d in docs)
