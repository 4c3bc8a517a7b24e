"""Vietnamese text normalization that remembers where every character came from.

Every document goes through :func:`normalize` before anything else:

* Unicode NFC (NFD input such as ``e`` + U+0301 becomes ``é``);
* NBSP and the other Unicode space characters become an ASCII space;
* zero-width characters, BOMs inside the text and soft hyphens are removed;
* CRLF and lone CR become LF;
* old-style tone placement becomes the modern one underthesea uses
  (``hoà`` → ``hòa``, ``thuỷ`` → ``thủy``, ``Uỷ`` → ``Ủy``, ``khoẻ`` → ``khỏe``);
* ``ð`` (eth, a common mis-encoding of ``đ``) becomes ``đ``;
* lone surrogates become U+FFFD, so nothing downstream can crash on them.

The result keeps an :class:`OffsetMap` back to the original decoded text, so
evidence and KWIC rows can point into the file as it was written.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

__all__ = ["Normalized", "OffsetMap", "normalize", "normalize_term", "visible", "scrub", "fold", "collation_key"]

# --- same-length character replacements -------------------------------------

_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_SAME_LENGTH = str.maketrans({**{c: " " for c in _SPACES}, "\r": "\n", "ð": "đ", "Ð": "Đ"})
_HAS_SAME_LENGTH = re.compile(f"[{_SPACES}\rðÐ]")  # most files have none: skip the translation

# --- length-changing edits (one regex pass) ---------------------------------

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# Combining marks that NFC may fold into the preceding base character.
_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_EDITS = re.compile(
    rf"(?P<crlf>\r\n)|(?P<zw>[{_ZERO_WIDTH}]+)|(?P<cluster>(?s:.)(?:[{_ZERO_WIDTH}]*[{_COMBINING}])+)"
)
_HAS_EDITS = re.compile(f"[\r{_ZERO_WIDTH}{_COMBINING}]")  # a fast scan before the slow one
_DROP_ZERO_WIDTH = str.maketrans("", "", _ZERO_WIDTH)
_SURROGATE = re.compile("[\ud800-\udfff]")

# --- tone placement ---------------------------------------------------------

_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng


def _tone_table() -> dict[str, str]:
    """Old style (tone on the second vowel) → new style (tone on the first)."""
    table: dict[str, str] = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for f in (first, first.upper()):
            for s in (second, second.upper()):
                for tone in _TONES:
                    old = f + unicodedata.normalize("NFC", s + tone)
                    new = unicodedata.normalize("NFC", f + tone) + s
                    table[old] = new
    return table


_TONE_TABLE = _tone_table()
# Only open syllables move their tone ("hoàng", "toán" keep it on the second
# vowel in both styles), and "qu" + "y" is a consonant + vowel ("quý" stays).
# The pattern is a superset of the table's keys (it starts with a character
# class, which the regex engine scans fast); other pairs are left as they are.
_TONE_RE = re.compile(
    rf"[oOuU](?<![qQ].)[{''.join(sorted({old[1] for old in _TONE_TABLE}))}](?![^\W\d_]|[{_COMBINING}])"
)


def _retone(m: re.Match[str]) -> str:
    return _TONE_TABLE.get(m.group(), m.group())


@dataclass(frozen=True)
class OffsetMap:
    """Maps offsets in normalized text back to offsets in the original text.

    The map is piecewise: between edits the two texts are shifted copies of
    each other; an edited span (an NFC cluster, a removed character) maps as
    a whole. ``start(i)`` and ``end(j)`` give the original span of the
    normalized span ``[i, j)``.

    >>> n = normalize("a\\u00adb")
    >>> n.offsets.start(1), n.offsets.end(2)
    (2, 3)
    """

    # Each piece: normalized start, original start, normalized length, original length.
    norm_starts: tuple[int, ...] = ()
    orig_starts: tuple[int, ...] = ()
    norm_lens: tuple[int, ...] = ()
    orig_lens: tuple[int, ...] = ()
    is_copy: tuple[bool, ...] = ()
    norm_len: int = 0
    orig_len: int = 0

    def _piece(self, i: int) -> int:
        return bisect_right(self.norm_starts, i) - 1

    def start(self, i: int) -> int:
        """Original offset of the character at normalized offset ``i``."""
        if not self.norm_starts:
            return i
        if i >= self.norm_len:
            return self.orig_len
        k = self._piece(i)
        if self.is_copy[k]:
            return self.orig_starts[k] + (i - self.norm_starts[k])
        return self.orig_starts[k]

    def end(self, j: int) -> int:
        """Original offset just after the character at normalized offset ``j - 1``."""
        if not self.norm_starts:
            return j
        if j <= 0:
            return 0
        k = self._piece(j - 1)
        if self.is_copy[k]:
            return self.orig_starts[k] + (j - self.norm_starts[k])
        return self.orig_starts[k] + self.orig_lens[k]


@dataclass(frozen=True)
class Normalized:
    """Normalized text plus the map back to the original."""

    text: str
    offsets: OffsetMap = field(default_factory=OffsetMap)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the normalized span ``[start, end)``."""
        if start == end:
            s = self.offsets.start(start)
            return s, s
        return self.offsets.start(start), self.offsets.end(end)


def normalize(text: str) -> Normalized:
    """Normalize Vietnamese text, keeping a map back to the original offsets.

    >>> normalize("Ho\\u00e0 b\\u00ecnh\\r\\n").text
    'Hòa bình\\n'
    """
    text = _SURROGATE.sub("\ufffd", text)  # same length: offsets unchanged
    pieces: list[tuple[int, int, int, int, bool]] = []
    out: list[str] = []
    n_pos = 0
    o_pos = 0
    edited = False
    for m in _EDITS.finditer(text) if _HAS_EDITS.search(text) else ():
        edited = True
        if m.start() > o_pos:  # unchanged run before this edit
            length = m.start() - o_pos
            pieces.append((n_pos, o_pos, length, length, True))
            out.append(text[o_pos : m.start()])
            n_pos += length
        kind = m.lastgroup
        if kind == "crlf":
            replacement = "\n"
        elif kind == "zw":
            replacement = ""
        else:
            replacement = unicodedata.normalize("NFC", m.group().translate(_DROP_ZERO_WIDTH))
        if replacement:
            pieces.append((n_pos, m.start(), len(replacement), m.end() - m.start(), False))
            out.append(replacement)
            n_pos += len(replacement)
        o_pos = m.end()
    if not edited:  # nothing changed length: identity map
        result = text
        offsets = OffsetMap()
    elif not pieces and o_pos == len(text):  # only characters that are removed
        result = ""
        offsets = OffsetMap(norm_len=0, orig_len=len(text))
    else:
        if o_pos < len(text):
            length = len(text) - o_pos
            pieces.append((n_pos, o_pos, length, length, True))
            out.append(text[o_pos:])
            n_pos += length
        result = "".join(out)
        ns, os_, nl, ol, cp = zip(*pieces)
        offsets = OffsetMap(ns, os_, nl, ol, cp, n_pos, len(text))
    if not unicodedata.is_normalized("NFC", result):
        # Rare singletons outside the combining-mark clusters (e.g. U+212B).
        # They are one character to one character, so offsets hold.
        result = "".join(
            c if len(nc := unicodedata.normalize("NFC", c)) != 1 else nc for c in result
        )
    # Same-length rewrites last: the map built above stays valid.
    if _HAS_SAME_LENGTH.search(result):
        result = result.translate(_SAME_LENGTH)
    result = _TONE_RE.sub(_retone, result)
    return Normalized(result, offsets)


def scrub(text: str) -> str:
    """``text`` with every lone surrogate (a JSON ``\\ud800`` escape) as U+FFFD.

    >>> scrub("a\\ud800b")
    'a\ufffdb'
    """
    return text if text.isascii() else _SURROGATE.sub("\ufffd", text)


def fold(text: str) -> str:
    """Case-fold for matching.

    >>> fold("Chuyển Đổi")
    'chuyển đổi'
    """
    return text.casefold()


_WS = re.compile(r"\s+")


def normalize_term(term: str) -> str:
    """Normalize a dictionary term or search pattern for matching.

    >>> normalize_term("  Số  Hoá ")
    'số hóa'
    """
    return fold(_WS.sub(" ", normalize(term).text).strip())


# Characters that show nothing even where they are not removed: format and control characters, marks
# without a base, unassigned and private-use code points, and the blank "letters" (Hangul fillers, braille blank).
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Mn", "Me", "Zs", "Zl", "Zp"}
_BLANKS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")


def visible(text: str) -> bool:
    """Whether ``text`` has a character that shows (a term of only invisible
    characters would match nothing).

    >>> visible("số"), visible("\u200e\u2063 \ufe0f"), visible("\u3164")
    (True, False, False)
    """
    return any(c not in _BLANKS and unicodedata.category(c) not in _INVISIBLE_CATEGORIES for c in text)


_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {c: i for i, c in enumerate(_ALPHABET)}
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng


def _letter(base: str, marks: str) -> str:
    if base == "đ":
        return "đ"
    if "\u0306" in marks:
        return "ă"
    if "\u0302" in marks:
        return {"a": "â", "e": "ê", "o": "ô"}.get(base, base)
    if "\u031b" in marks:
        return {"o": "ơ", "u": "ư"}.get(base, base)
    return base


def collation_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Sort key in Vietnamese alphabetical order: letters first (a ă â b c d đ
    e ê …), then tones (ngang, huyền, hỏi, ngã, sắc, nặng); case-insensitive.

    >>> sorted(["phát", "đẩy", "dân", "ăn", "an"], key=collation_key)
    ['an', 'ăn', 'dân', 'đẩy', 'phát']
    """
    letters: list[int] = []
    tones: list[int] = []
    for ch in text.casefold():
        d = unicodedata.normalize("NFD", ch)
        base, marks = d[0], d[1:]
        letter = _letter(base, marks)
        if letter in _LETTER_RANK:
            letters.append(_LETTER_RANK[letter])
            tones.append(max((_TONE_RANK.get(m, 0) for m in marks), default=0))
        else:
            letters.append(len(_ALPHABET) + ord(ch))
            tones.append(0)
    return tuple(letters), tuple(tones)
