"""`dialogue tokenize`: segmented text as rows or as VLSP-style lines."""

from __future__ import annotations

from typing import Iterable, Iterator

from dialogue_cli.corpus.pipeline import Analysed

__all__ = ["COLUMNS", "token_rows", "token_lines"]

COLUMNS = ["source", "sentence", "position", "token"]


def token_rows(docs: Iterable[Analysed], *, pos: bool = False) -> Iterator[dict[str, object]]:
    """One row per token: source, sentence and position (1-based), token (+ pos).

    A multi-syllable word keeps its spaces: ``"Chuyển đổi"``.
    """
    for doc in docs:
        for i, sent in enumerate(doc.sentences, 1):
            for j, word in enumerate(sent.words, 1):
                row: dict[str, object] = {
                    "source": doc.source,
                    "sentence": i,
                    "position": j,
                    "token": word.text,
                }
                if pos:
                    row["pos"] = word.pos
                yield row


def token_lines(docs: Iterable[Analysed], *, headers: bool = False) -> Iterator[str]:
    """One sentence per line, a word's syllables joined by ``_`` (VLSP style).

    With ``headers``, each document starts with a CoNLL-U style
    ``# newdoc id = SOURCE`` line.

    >>> from dialogue_cli.corpus.pipeline import analyse
    >>> from dialogue_cli.corpus.inputs import Document
    >>> list(token_lines([analyse(Document("x", "x", "Chuyển đổi số là xu hướng.", "utf-8"))]))
    ['Chuyển_đổi số là xu_hướng .']
    """
    for doc in docs:
        if headers:
            yield f"# newdoc id = {doc.source}"
        for sent in doc.sentences:
            yield " ".join(w.text.replace(" ", "_") for w in sent.words)
