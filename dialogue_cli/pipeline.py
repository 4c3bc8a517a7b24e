"""The per-document pipeline: read → normalize → clean → segment.

Documents flow through one at a time, so memory does not grow with the corpus.
Every command that analyses text consumes :func:`analyse_corpus`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

from .clean import Cleaned, clean, keep_all
from .corpus import Document, InputRef, OnProblem, iter_documents
from .normalize import Normalized, normalize
from .segment import Sentence, segment

__all__ = ["Analysed", "analyse", "analyse_corpus"]


@dataclass(frozen=True, slots=True)
class Analysed:
    """A document with its normalized text, its cleaning and its sentences."""

    doc: Document
    norm: Normalized
    cleaned: Cleaned
    sentences: list[Sentence]

    @property
    def source(self) -> str:
        return self.doc.source

    @property
    def word_count(self) -> int:
        """Word tokens, punctuation and symbols excluded."""
        return sum(1 for s in self.sentences for w in s.words if w.is_word)

    def original(self, start: int, end: int) -> str:
        """The original text behind the normalized span ``[start, end)``."""
        s, e = self.norm.original_span(start, end)
        return self.doc.text[s:e]


def analyse(doc: Document, *, pos: bool = False, raw: bool = False) -> Analysed:
    """Normalize, clean (unless ``raw``) and segment one document.

    >>> from dialogue_cli.corpus import Document
    >>> a = analyse(Document("x", "x", "Chuyển\\u00a0đổi số.", "utf-8"))
    >>> [w.text for w in a.sentences[0].words]
    ['Chuyển đổi', 'số', '.']
    """
    norm = normalize(doc.text)
    cleaned = keep_all(norm.text) if raw else clean(norm.text)
    return Analysed(doc, norm, cleaned, segment(norm.text, pos=pos, spans=cleaned.body))


def analyse_corpus(
    refs: Iterable[InputRef],
    *,
    encoding: str | None = None,
    pos: bool = False,
    raw: bool = False,
    on_problem: OnProblem,
) -> Iterator[Analysed]:
    """Analyse each readable input in order; report the others."""
    for doc in iter_documents(refs, encoding=encoding, on_problem=on_problem):
        yield analyse(doc, pos=pos, raw=raw)
