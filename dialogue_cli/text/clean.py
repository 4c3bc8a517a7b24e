"""Article cleaning: split a news page into article body and removed parts.

A small set of line rules, each written for a pattern news sites share:

* ``date``: a short date line in the header ("14/07/2021 13:48 Số lượt xem: 32",
  "Thứ Ba, 13/07/2021 18:03") — gives the date;
* ``kicker``: a short header line ending in ":" just before the title
  ("Đối thoại phát triển địa phương:");
* ``dateline``: an outlet prefix opening the lead ("TTH.VN - ", "(TTXVN) - ") —
  only the prefix goes, and it gives the outlet;
* ``placeholder``: template leftovers ("{keywords}") and view counters;
* ``headlines``: related headlines glued into one line by HTML stripping
  ("…phát triển kinh tế xã hộiKhai mạc Kỳ họp…");
* ``related``: the list of links to earlier articles that closes a page, one
  headline a line with its date glued on ("Lễ an táng Chủ tịch Arafat(12/11/2004)",
  VnExpress); only at the end, before the trailer;
* ``byline`` / ``source``: "Tin, ảnh: …", "Tin: …", "Bài: …", "Nguồn: …" end the
  article; so do "Ảnh: …", "Theo …" and a lone name line ("Thu Hằng") when
  only the page's trailer follows them;
* ``trailer``: everything from a trailer marker ("tin nổi bật", "BẠN CÓ THỂ
  QUAN TÂM", "TIN MỚI", "Liên kết website", "Return to top", rating and
  comment prompts…) or from the end of the article to the end of the page.

Work is on normalized text; the body is a list of spans into it, so offsets
still lead back to the original file. Metadata is read, never guessed: a field
is empty when its pattern is not there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Removed", "Metadata", "Cleaned", "clean", "keep_all"]


@dataclass(frozen=True, slots=True)
class Removed:
    start: int
    end: int
    rule: str


@dataclass(slots=True)
class Metadata:
    title: str | None = None
    date: str | None = None
    outlet: str | None = None
    byline: str | None = None


@dataclass(slots=True)
class Cleaned:
    """Body spans and removed parts, both as offsets into the normalized text."""

    body: list[tuple[int, int]]
    removed: list[Removed] = field(default_factory=list)
    meta: Metadata = field(default_factory=Metadata)

    @property
    def removed_lines(self) -> int:
        """Whole lines removed (a stripped dateline prefix is not a line)."""
        return sum(1 for r in self.removed if r.rule != "dateline")


def keep_all(text: str) -> Cleaned:
    """No cleaning (``--raw``): the whole text is the body."""
    return Cleaned([(0, len(text))])


# --- line patterns ------------------------------------------------------------

_UP = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_LOW = "a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"

_DATE = re.compile(r"(?<!\d)(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?:\D{1,3}?(\d{1,2})[:hg](\d{2}))?")
_TRAILER = re.compile(
    r"(tin nổi bật|tin mới|tin mới nhất|tin liên quan|tin cùng chuyên mục|các tin khác|tin khác|"
    r"bài liên quan|bài viết liên quan|bạn có thể quan tâm|có thể bạn quan tâm|xem thêm|xem tiếp|đọc thêm|"
    r"liên kết website|return to top|về đầu trang|lên đầu trang|đánh giá|ý kiến bình luận|"
    r"bình luận|gửi bình luận|ý kiến của bạn|"
    r"hãy trở thành người đầu tiên (đánh giá|bình luận).*)[\s:!.]*",
    re.I,
)
_RELATED = re.compile(r"\S.{4,250}?[^\s(]\((\d{1,2})/(\d{1,2})/(\d{4})\)")  # no space before "(": a link, not prose
_PLACEHOLDER = re.compile(r"\{[\w ]+\}|(số )?lượt xem:? ?\d+|\d+ lượt xem", re.I)
_NAME_WORD = rf"[{_UP}][{_LOW}]*"
_NAME = rf"{_NAME_WORD}(?: {_NAME_WORD}){{1,4}}"
_BYLINE_END = re.compile(
    r"(?:tin|bài|tin và ảnh|tin, ảnh|tin - ảnh|tin/ảnh|bài và ảnh|bài, ảnh|bài - ảnh|bài/ảnh)\s*:\s*(.{2,60}?)\.?",
    re.I,
)
_CREDIT = re.compile(r"ảnh\s*:\s*(.{2,60}?)\.?", re.I)
_SOURCE = re.compile(r"nguồn\s*:\s*(\S.{1,80}?)\.?", re.I)
_THEO = re.compile(rf"[Tt]heo ((?:[{_UP}][\w.]*)(?: [\w.]+){{0,3}})\.?")
_LONE_NAME = re.compile(rf"({_NAME})(?: \((?:theo ([^()]{{1,40}})|[^()]{{1,40}})\))?")
_GLUE = re.compile(rf"[{_LOW}][{_UP}][{_LOW}]")
_DATELINE = re.compile(
    rf"\(?([{_UP}][\w]*\.(?:vn|VN|com|COM|net|NET)|\((?:[{_UP}][\w.]*)(?: [\w.]+){{0,2}}\)|[{_UP}]{{2,6}})\)?\s*[-–—]\s+(?=[{_UP}])"
)
_VIETNAMESE = re.compile(r"[đĐăâêôơưĂÂÊÔƠƯ]|[^\x00-\u00ff\s]")
_PLACES = {"TPHCM", "HCM", "TP", "HN", "HÀ", "TPHN"}


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int
    text: str  # stripped

    @property
    def syllables(self) -> int:
        return len(self.text.split())


def _lines(text: str) -> list[_Line]:
    out = []
    for m in re.finditer(r"[^\n]+", text):
        stripped = m.group().strip()
        if stripped:
            lead = len(m.group()) - len(m.group().lstrip())
            out.append(_Line(m.start() + lead, m.start() + lead + len(stripped), stripped))
    return out


def _full(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    return pattern.fullmatch(text)


def _iso_date(m: re.Match[str]) -> str | None:
    day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= day <= 31 and 1 <= month <= 12 and 1900 <= year <= 2100):
        return None
    date = f"{year:04d}-{month:02d}-{day:02d}"
    if m.group(4) and int(m.group(4)) < 24 and int(m.group(5)) < 60:
        date += f"T{int(m.group(4)):02d}:{m.group(5)}"
    return date


def _is_date_line(line: _Line) -> re.Match[str] | None:
    m = _DATE.search(line.text)
    return m if m and line.syllables <= 10 else None


def _ends_sentence(text: str) -> bool:
    return text.rstrip("\"'”’)»").endswith((".", "!", "?", "…", ":", ";", ","))


def _is_headline_list(line: _Line) -> bool:
    """Headlines glued by HTML stripping: "…xã hộiKhai mạc…", twice or more,
    each piece a Vietnamese phrase of five syllables or more (score tables
    such as "ValenciaVillarreal 0-2" are not headlines)."""
    if line.text.endswith(".") or len(_GLUE.findall(line.text)) < 2:
        return False
    cuts = [m.start() + 1 for m in _GLUE.finditer(line.text)]
    pieces = [line.text[a:b] for a, b in zip([0, *cuts], [*cuts, len(line.text)])]
    return all(len(p.split()) >= 5 and _VIETNAMESE.search(p) for p in pieces)


def _related(line: _Line) -> bool:
    """A related-article link: "Tiêu đề bài(12/05/2004)", a real date glued to a headline."""
    m = _full(_RELATED, line.text)
    if not m or not (1 <= int(m.group(1)) <= 31 and 1 <= int(m.group(2)) <= 12) or line.syllables > 40:
        return False
    head = line.text[: m.start(1) - 1]  # a signature or source with a date is the article's end, not a link
    return not any(_full(p, head) for p in (_THEO, _SOURCE, _BYLINE_END, _CREDIT, _LONE_NAME))


def _lone_name(line: _Line) -> re.Match[str] | None:
    """A signature line: "Thu Hằng", "Minh Châu (theo BBC)"."""
    m = _full(_LONE_NAME, line.text)
    return m if m and line.syllables <= 8 else None


def clean(text: str) -> Cleaned:
    """Split normalized text into article body and removed parts.

    >>> c = clean("Tiêu đề bài\\nNội dung bài viết.\\nTin, ảnh: Quốc Trường\\nTIN MỚI\\nTin khác.")
    >>> c.meta.title, c.meta.byline, [r.rule for r in c.removed]
    ('Tiêu đề bài', 'Quốc Trường', ['byline', 'trailer', 'trailer'])
    """
    lines = _lines(text)
    meta = Metadata()
    rule: dict[int, str] = {}  # line index → removal rule
    cut = len(lines)  # index of the first line of the trailer
    prefix: tuple[int, int] | None = None  # a stripped dateline prefix

    # Header: date line, kicker, title, dateline prefix on the lead.
    for i, line in enumerate(lines[:6]):
        if line.syllables > 30 or (_ends_sentence(line.text) and not line.text.endswith(":")):
            if (m := _DATELINE.match(line.text)) and m.group(1).strip("()") not in _PLACES:
                meta.outlet = m.group(1).strip("()")
                prefix = (line.start, line.start + m.end())
            break
        if meta.date is None and (d := _is_date_line(line)) and (iso := _iso_date(d)):
            meta.date = iso
            rule[i] = "date"
        elif line.text.endswith(":") and line.syllables <= 12 and i + 1 < len(lines) and meta.title is None:
            rule[i] = "kicker"
        elif meta.title is None and line.syllables <= 30 and not _ends_sentence(line.text) and not _PLACEHOLDER.search(line.text):
            meta.title = line.text

    # Anywhere: placeholders, counters, glued headline lists, trailer markers.
    for i, line in enumerate(lines):
        if i in rule:
            continue
        if _full(_PLACEHOLDER, line.text):
            rule[i] = "placeholder"
        elif _is_headline_list(line):
            rule[i] = "headlines"
        elif i > 0 and _full(_TRAILER, line.text):
            cut = min(cut, i)
            break

    # Links to related articles close the page: the run of them just before the trailer.
    start = cut
    while start > 1 and start - 1 not in rule and _related(lines[start - 1]):
        start -= 1
    for i in range(start, cut):
        rule[i] = "related"
    cut = start

    # End of the article: an explicit byline ("Tin, ảnh: …") ends it; a source
    # line, a photo credit, "Theo …" or a lone name ends it when only the
    # trailer follows (a "Nguồn:" line may also close a section mid-article).
    for i in range(min(cut, len(lines))):
        if i in rule or i == 0:
            continue
        t = lines[i].text
        tail = cut - i - 1  # lines between this one and the trailer
        if m := _full(_BYLINE_END, t):
            meta.byline, rule[i], cut = m.group(1).strip(), "byline", i + 1
            break
        near_end = tail == 0 or (cut < len(lines) and tail <= 4)
        if not near_end:
            continue
        if m := _full(_SOURCE, t):
            meta.outlet = meta.outlet or m.group(1).strip()
            rule[i], cut = "source", i + 1
            break
        if m := _full(_CREDIT, t):
            meta.byline, rule[i], cut = m.group(1).strip(), "byline", i + 1
            break
        if m := _full(_THEO, t):
            meta.outlet = meta.outlet or m.group(1)
            rule[i], cut = "source", i + 1
            break
        if (m := _lone_name(lines[i])) and _ends_sentence(lines[i - 1].text):
            meta.byline, rule[i], cut = m.group(1), "byline", i + 1
            meta.outlet = meta.outlet or m.group(2)
            break
    for i in range(cut, len(lines)):
        rule.setdefault(i, "trailer")

    body: list[tuple[int, int]] = []
    removed: list[Removed] = []
    for i, line in enumerate(lines):
        if i in rule:
            removed.append(Removed(line.start, line.end, rule[i]))
            continue
        start = line.start
        if prefix and prefix[0] == line.start:
            removed.append(Removed(prefix[0], prefix[1], "dateline"))
            start = prefix[1]
        if body and body[-1][1] == start - 1:  # join adjacent lines: fewer spans
            body[-1] = (body[-1][0], line.end)
        else:
            body.append((start, line.end))
    return Cleaned(body, removed, meta)
