"""Sentence and word segmentation with underthesea, aligned to character offsets.

Lines are paragraphs: each line is split into sentences with
``underthesea.sent_tokenize`` and each sentence into words with
``underthesea.word_tokenize`` (or ``pos_tag`` when tags are wanted, which
segments the same way). Every word and every syllable keeps its span in the
normalized text, so matches can be traced back to the original file.

underthesea is imported on first use, so ``dialogue --help`` never pays for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Iterable, NamedTuple, Sequence

__all__ = ["Word", "Sentence", "count_words", "is_word_text", "segment", "segment_text", "syllables_of", "underthesea_version"]


class Word(NamedTuple):
    """One word as underthesea segments it; syllables are joined by spaces.

    ``spans`` holds the (start, end) of each syllable in the normalized text.
    (A named tuple: millions are built from the cache, and tuples build fast.)
    """

    text: str
    spans: tuple[tuple[int, int], ...]
    pos: str | None = None

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]

    @property
    def syllables(self) -> list[str]:
        return self.text.split(" ")

    @property
    def is_word(self) -> bool:
        """True for word tokens, False for punctuation and symbols."""
        return is_word_text(self.text)


@dataclass(slots=True)
class Sentence:
    """A sentence: its span and text in the normalized document, and its tokens.

    ``tokens`` are underthesea's words as it returned them (syllables joined
    by spaces; a shouted run in lower case), ``tags`` their POS tags when
    asked for. ``words`` aligns them to character spans on first use:
    counting needs the tokens only, so most sentences are never aligned.

    >>> s = segment("Chuyển đổi số.")[0]
    >>> s.tokens, s.words[1]
    (('Chuyển đổi', 'số', '.'), Word(text='số', spans=((11, 13),), pos=None))
    """

    start: int
    end: int
    text: str
    tokens: tuple[str, ...]
    tags: tuple[str, ...] | None = None
    _words: tuple[Word, ...] | None = field(default=None, compare=False, repr=False)

    def first_syllables(self) -> list[int]:
        """Where each token starts, counted in syllables.

        >>> segment("Chuyển đổi số.")[0].first_syllables()
        [0, 2, 3]
        """
        firsts = []
        at = 0
        for token in self.tokens:
            firsts.append(at)
            at += token.count(" ") + 1
        return firsts

    @property
    def forms(self) -> tuple[str, ...]:
        """The tokens as the text writes them: a shouted run keeps its capitals."""
        if _case_basis(self.text) == self.text:
            return self.tokens
        return tuple([w.text for w in self.words])

    @property
    def words(self) -> tuple[Word, ...]:
        """The tokens as :class:`Word` with syllable spans (aligned once, then kept)."""
        if self._words is None:
            basis = _case_basis(self.text)
            tags = self.tags if self.tags is not None else (None,) * len(self.tokens)
            self._words = _align(basis, list(zip(self.tokens, tags)), offset=self.start,
                                 cased=self.text if basis != self.text else None)
        return self._words


@cache
def _underthesea() -> Any:
    import gc

    import underthesea  # heavy: about a second with its models

    underthesea.word_tokenize("")  # load the segmentation model now, then move it and
    gc.freeze()  # the rest of the long-lived heap out of the collector's passes (~1.5% of a run)
    return underthesea


def underthesea_version() -> str:
    """Version of the installed underthesea (imports it)."""
    return str(_underthesea().__version__)


_LINE = re.compile(r"[^\n]+")
_ALNUM = re.compile(r"[^\W_]")


def is_word_text(text: str) -> bool:
    """True if ``text`` has a letter or digit (a word, not punctuation).

    >>> is_word_text("số"), is_word_text("...")
    (True, False)
    """
    return _ALNUM.search(text) is not None


def count_words(tokens: Iterable[str]) -> int:
    """How many ``tokens`` are words (have a letter or digit).

    >>> count_words(["Hà Nội", ",", "2021"])
    2
    """
    return len(list(filter(_ALNUM.search, tokens)))


_SPACE = frozenset(" \t\n\r\f\v")


def _skip_space(text: str, i: int, end: int) -> int:
    while i < end and text[i] in _SPACE:
        i += 1
    return i


def _run_end(text: str, i: int, end: int) -> int:
    while i < end and text[i] not in _SPACE:
        i += 1
    return i


def _exact_spans(text: str, flat: list[str], offset: int) -> list[tuple[int, int]] | None:
    """Spans of syllables that are, in order, exactly the text's characters
    between blanks (the usual case); None if one is not."""
    spans: list[tuple[int, int]] = []
    append = spans.append
    find = text.find
    cur = 0
    for syl in flat:
        at = find(syl, cur)
        if at < 0 or (at != cur and not text[cur:at].isspace()):
            return None
        cur = at + len(syl)
        append((at + offset, cur + offset))
    return spans


def _tolerant_spans(text: str, flat: list[str], offset: int, cased: str | None) -> list[tuple[int, int]]:
    """Spans of syllables some of which underthesea rewrote; syllables found
    as they are take their case back from ``cased`` (updating ``flat``)."""
    spans: list[tuple[int, int]] = []
    end = len(text)
    cur = 0
    for k, syl in enumerate(flat):
        at = text.find(syl, cur)
        if at >= 0 and (at == cur or text[cur:at].isspace()):  # found after blanks
            stop = at + len(syl)
            cur = at
            if cased is not None:
                flat[k] = cased[cur:stop]
        else:  # rewritten by underthesea's token normalization
            cur = _skip_space(text, cur, end)
            stop = _run_end(text, cur, end)
            if k + 1 < len(flat):
                nxt = text.find(flat[k + 1], cur + 1, stop)
                if nxt > cur:
                    stop = nxt
            stop = max(stop, min(cur + 1, end))
        spans.append((cur + offset, stop + offset))
        cur = stop
    return spans


def _align(
    text: str, words: Sequence[tuple[str, str | None]], *, offset: int = 0, cased: str | None = None
) -> tuple[Word, ...]:
    """Give each syllable of ``words`` its span in ``text`` (shifted by ``offset``).

    underthesea's syllables are substrings of the input, except where its
    token normalization rewrote a short token ("Qui" → "Quy"). Such a token
    takes the characters up to where the next syllable is found, or to the
    end of the whitespace-delimited run. ``cased`` is the same text in its
    original case, when ``text`` is a lower-cased copy: syllables take their
    case back from it.
    """
    flat = " ".join([w for w, _ in words]).split(" ")
    spans = _exact_spans(text, flat, offset) if cased is None else None
    exact = spans is not None
    if spans is None:
        spans = _tolerant_spans(text, flat, offset, cased)
    out: list[Word] = []
    new = tuple.__new__  # named tuples without the Python-level __new__: this runs per word
    i = 0
    for w, tag in words:
        if " " in w:
            n = w.count(" ") + 1
            out.append(new(Word, (w if exact else " ".join(flat[i : i + n]), tuple(spans[i : i + n]), tag)))
            i += n
        else:
            out.append(new(Word, (w if exact else flat[i], (spans[i],), tag)))
            i += 1
    return tuple(out)


def _lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


_CAPS = "A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
# A run of upper-case words of two letters or more ("CHUYỂN ĐỔI SỐ").
_CAPS_RUN = re.compile(rf"(?<![^\W\d_])[{_CAPS}]{{2,}}(?:[ \t]+[{_CAPS}]{{2,}})*(?![^\W\d_])")
# Letters only Vietnamese words have: a run with one is shouted text, not an acronym (UBND, HĐND).
_VIETNAMESE = re.compile(r"[ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ]")


def _case_basis(sentence: str) -> str:
    """The text to segment: the sentence with its shouted runs lower-cased.

    underthesea's model is case-sensitive: it glues "THÀNH PHỐ XANH" into
    one word and "SỐ là" into another. A run of upper-case words that has a
    Vietnamese letter carries no case information, so it is segmented in
    lower case (same length: spans still hold). Acronyms (UBND, HĐND, COVID)
    and Title Case names keep their case.

    >>> _case_basis("CHUYỂN ĐỔI SỐ là xu hướng của UBND tỉnh")
    'chuyển đổi số là xu hướng của UBND tỉnh'
    """
    if not _VIETNAMESE.search(sentence):
        return sentence
    return _CAPS_RUN.sub(
        lambda m: _lower_same_length(m.group()) if _VIETNAMESE.search(m.group()) else m.group(), sentence
    )


# A mark that may end a sentence: . ? ! before whitespace and more text
# (group 1: the whitespace).
_CANDIDATE = re.compile(r"[.?!](?=(\s+)\S)")


def _sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of the line ``text[start:end]``; underthesea's
    ``sent_tokenize`` decides every boundary.

    sent_tokenize splits at every period, also inside "baobacninh.com.vn";
    a real boundary has whitespace after it, so pieces that touch are merged.
    Its decision at a mark depends only on the token holding the mark and the
    first character after the whitespace (abbreviations, numbers, an
    ellipsis before a capital), and it loops over every character in Python:
    so it is asked about that window alone, for each candidate mark.

    >>> line = "Tp. HCM có 1.500 người. Hết"
    >>> [line[s:e] for s, e in _sentence_spans(line, 0, len(line))]
    ['Tp. HCM có 1.500 người.', 'Hết']
    """
    line = text[start:end]
    cuts: list[tuple[int, int]] = []  # (end of a sentence, start of the next)
    for m in _CANDIDATE.finditer(line):
        first = m.start()  # the start of the mark's token
        while first and not line[first - 1].isspace():
            first -= 1
        window = line[first : m.end(1) + 1]
        if len(_merged_pieces(_underthesea().sent_tokenize(window), window)) > 1:
            cuts.append((m.end(), m.end(1)))
    spans: list[tuple[int, int]] = []
    at = 0
    for stop, resume in [*cuts, (len(line), len(line))]:
        piece = line[at:stop]
        stripped = piece.strip()
        if stripped:
            first = at + piece.find(stripped)
            spans.append((start + first, start + first + len(stripped)))
        at = resume
    return spans


def _merged_pieces(pieces: list[str], line: str) -> list[tuple[int, int]]:
    """Spans of sent_tokenize's ``pieces`` of ``line``, merged where they touch."""
    spans: list[tuple[int, int]] = []
    cur = 0
    for sent in pieces:
        at = line.find(sent, cur)
        if at < 0:  # never seen; keep the rest of the line as one sentence
            rest = line[cur:].strip()
            if rest:
                at = line.find(rest, cur)
                spans.append((at, at + len(rest)))
            break
        if spans and spans[-1][1] == at:
            spans[-1] = (spans[-1][0], at + len(sent))
        else:
            spans.append((at, at + len(sent)))
        cur = at + len(sent)
    return spans


def segment_text(text: str, *, pos: bool = False) -> tuple[tuple[str, ...], tuple[str, ...] | None]:
    """underthesea's tokens (and POS tags) of one sentence, shouted runs in lower case.

    >>> segment_text("CHUYỂN ĐỔI SỐ.")
    (('chuyển đổi', 'số', '.'), None)
    """
    uts = _underthesea()
    basis = _case_basis(text)
    if pos:
        pairs = uts.pos_tag(basis)
        return tuple([w for w, _ in pairs]), tuple([t for _, t in pairs])
    return tuple(uts.word_tokenize(basis)), None


def segment(
    text: str,
    *,
    pos: bool = False,
    spans: Iterable[tuple[int, int]] | None = None,
) -> list[Sentence]:
    """Split normalized text into sentences of tokens (words aligned on demand).

    ``spans`` limits the work to those (start, end) regions (the article body
    after cleaning); by default the whole text. Lines never share a sentence.

    >>> [[w.text for w in s.words] for s in segment("Tạm biệt.\\nChuyển đổi số")]
    [['Tạm biệt', '.'], ['Chuyển đổi', 'số']]
    """
    regions = [(0, len(text))] if spans is None else spans
    sentences: list[Sentence] = []
    for r_start, r_end in regions:
        for line in _LINE.finditer(text, r_start, r_end):
            if not line.group().strip():
                continue
            for s, e in _sentence_spans(text, line.start(), line.end()):
                sent = text[s:e]
                tokens, tags = segment_text(sent, pos=pos)
                if tokens:
                    sentences.append(Sentence(s, e, sent, tokens, tags))
    return sentences


def syllables_of(phrase: str) -> list[str]:
    """Syllables of a phrase exactly as segmentation would produce them.

    >>> syllables_of("Qui định")
    ['Quy', 'định']
    """
    return [s for w in _underthesea().word_tokenize(phrase) for s in w.split(" ")]
