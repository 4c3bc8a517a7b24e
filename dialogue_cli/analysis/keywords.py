"""`dialogue keywords`: the words that characterise each source.

Candidates are the segmenter's word tokens, case-folded for counting and
shown in their most frequent written form. Stop words (the `stop-words`
package's Vietnamese list, plus ``--stopwords FILE``), punctuation, numbers
and single characters are dropped; theme terms of the active dictionary count
as one keyword ("chuyển đổi số", not "chuyển đổi" + "số").

Documents are counted one at a time (:func:`count_document`, in the worker
processes); :mod:`dialogue_cli.analysis.keyword_stats` adds them up into groups and
scores them. :func:`sentence_tokens` gives a sentence's tokens in order with
their kind (candidate, stop word, number, punctuation), theme terms whole: the
candidates of `ngrams` and `collocations` too.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from itertools import repeat
from typing import Any, Iterable, Literal, Sequence

from dialogue_cli.errors import DialogueError
from dialogue_cli.text.matching import Matcher
from dialogue_cli.text.normalize import fold, normalize_term
from dialogue_cli.corpus.pipeline import Analysed
from dialogue_cli.text.segment import Sentence

__all__ = ["Method", "KeywordsError", "Counts", "count_document", "merge", "collect", "load_stopwords", "WORD", "STOP",
           "NUMBER", "PUNCT", "Kind", "Token", "Span", "kind_of", "theme_spans", "disjoint", "sentence_tokens"]

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
        with open(path, encoding="utf-8-sig") as f:
            lines = f.read().splitlines()
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


# What a token is to the candidate rules (:func:`sentence_tokens`).
WORD = "word"  # a candidate: theme terms, and words that are not stop words, numbers or single characters
STOP = "stop"  # a word that is no candidate: a stop word, a single character (or, with ``pos``, an unwanted tag)
NUMBER = "number"  # digits and no letter: "2021", "13-7"
PUNCT = "punct"  # neither letter nor digit
Kind = Literal["word", "stop", "number", "punct"]
Token = tuple[str, str, str]  # (key: case-folded, form: as written, kind)
Span = tuple[int, int, str, str, str]  # syllables [first, last) taken by one token: (first, last, key, form, kind)


def kind_of(key: str, stopwords: frozenset[str]) -> Kind:
    """What a case-folded word is to the candidate rules.

    >>> [kind_of(k, frozenset({"của"})) for k in ("kinh tế", "của", "ở", "2021", "...")]
    ['word', 'stop', 'stop', 'number', 'punct']
    """
    if _keep(key, stopwords):
        return WORD
    if any(map(str.isalpha, key)):
        return STOP
    return NUMBER if any(map(str.isdigit, key)) else PUNCT


def theme_spans(doc: Analysed, sentence: Sentence, matcher: Matcher) -> list[Span]:
    """The accepted theme matches of a sentence as single tokens, in order
    (matches of different themes may overlap)."""
    return [(m.first, m.last, m.form or " ".join(m.term.syllables), " ".join(doc.norm.text[m.start : m.end].split()), WORD)
            for m in matcher.find(sentence) if m.accepted]


def disjoint(spans: Iterable[Span]) -> list[Span]:
    """Spans that do not overlap, earlier (then longer) first: one token per place."""
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        if not out or span[0] >= out[-1][1]:
            out.append(span)
    return out


def sentence_tokens(sentence: Sentence, spans: Sequence[Span], *, stopwords: frozenset[str],
                    pos: frozenset[str] | None = None, kinds: dict[str, Kind] | None = None) -> list[Token]:
    """The sentence's tokens in order, ``(key, form, kind)``: each span (a theme
    term…) as one token, the other words case-folded with their kind.

    >>> from dialogue_cli.text.segment import segment
    >>> s = segment("Tỉnh đẩy mạnh chuyển đổi số.")[0]
    >>> [t[::2] for t in sentence_tokens(s, [(3, 6, "chuyển đổi số", "chuyển đổi số", WORD)], stopwords=frozenset())]
    [('tỉnh', 'word'), ('đẩy mạnh', 'word'), ('chuyển đổi số', 'word'), ('.', 'punct')]
    """
    kinds = {} if kinds is None else kinds  # words repeat: decide once per key
    forms = sentence.forms
    keys = fold("\n".join(forms)).split("\n")  # one casefold per sentence
    out: list[Token] = []
    if not spans and pos is None:  # most sentences
        for key, text in zip(keys, forms):
            kind = kinds.get(key)
            if kind is None:
                kind = kinds[key] = kind_of(key, stopwords)
            out.append((key, text, kind))
        return out
    taken = {i for span in spans for i in range(span[0], span[1])}
    tags = sentence.tags or repeat(None)
    k = 0
    for key, text, tag, first in zip(keys, forms, tags, sentence.first_syllables()):
        while k < len(spans) and spans[k][0] <= first:
            out.append(spans[k][2:])  # type: ignore[arg-type]
            k += 1
        if first in taken:
            continue
        kind = kinds.get(key)
        if kind is None:
            kind = kinds[key] = kind_of(key, stopwords)
        if kind == WORD and pos is not None and tag not in pos:
            kind = STOP
        out.append((key, text, kind))
    out.extend(span[2:] for span in spans[k:])  # type: ignore[misc]
    return out


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
    kinds: dict[str, Kind] = {}
    for sentence in doc.sentences:
        spans = theme_spans(doc, sentence, matcher)
        for key, text, kind in sentence_tokens(sentence, spans, stopwords=stopwords, pos=pos, kinds=kinds):
            if kind == WORD:
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
