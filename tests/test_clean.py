from __future__ import annotations

import pytest

from dialogue_cli.text.clean import clean
from dialogue_cli.corpus.inputs import Document
from dialogue_cli.text.normalize import normalize
from dialogue_cli.corpus.pipeline import analyse

from .conftest import SEEDS

LEAD = "Sáng 13/7, diễn đàn đối thoại phát triển địa phương đã diễn ra tại Hà Nội với nhiều đại biểu."
BODY = "Các đại biểu thảo luận về chuyển đổi số và tăng trưởng xanh trong trạng thái bình thường mới."


def split(text: str):
    """(kept lines, [(rule, removed text)], metadata) of a synthetic page."""
    c = clean(text)
    kept = [line.strip() for s, e in c.body for line in text[s:e].split("\n") if line.strip()]
    return kept, [(r.rule, text[r.start : r.end]) for r in c.removed], c.meta


def test_plain_article_loses_nothing():
    text = f"Tiêu đề bài viết\n{LEAD}\n\n{BODY}\n"
    kept, removed, meta = split(text)
    assert kept == ["Tiêu đề bài viết", LEAD, BODY]
    assert removed == []
    assert (meta.title, meta.date, meta.outlet, meta.byline) == ("Tiêu đề bài viết", None, None, None)


def test_date_line_with_view_counter():
    kept, removed, meta = split(f"Tiêu đề\n14/07/2021 13:48 Số lượt xem: 32\n{LEAD}")
    assert removed == [("date", "14/07/2021 13:48 Số lượt xem: 32")]
    assert meta.date == "2021-07-14T13:48"
    assert kept == ["Tiêu đề", LEAD]


def test_weekday_date_line_and_kicker_before_the_title():
    text = f"ClockThứ Ba, 13/07/2021 18:03\nĐối thoại phát triển địa phương:\n\nThực thi mục tiêu phát triển\n{LEAD}"
    kept, removed, meta = split(text)
    assert removed == [("date", "ClockThứ Ba, 13/07/2021 18:03"), ("kicker", "Đối thoại phát triển địa phương:")]
    assert (meta.date, meta.title) == ("2021-07-13T18:03", "Thực thi mục tiêu phát triển")
    assert kept == ["Thực thi mục tiêu phát triển", LEAD]


def test_date_without_time_and_impossible_dates():
    assert split(f"Ngày 05-01-2006\n{LEAD}")[2].date == "2006-01-05"
    assert split(f"Ngày 45/13/2006\n{LEAD}")[2].date is None


def test_dateline_prefix_gives_the_outlet_and_only_the_prefix_goes():
    kept, removed, meta = split(f"Tiêu đề\nTTH.VN - {LEAD}")
    assert removed == [("dateline", "TTH.VN - ")]
    assert meta.outlet == "TTH.VN"
    assert kept == ["Tiêu đề", LEAD]
    assert split(f"Tiêu đề\n(TTXVN) - {LEAD}")[2].outlet == "TTXVN"
    # a place is not an outlet
    assert split(f"Tiêu đề\nTPHCM - {LEAD}")[1] == []


def test_placeholder_line():
    kept, removed, _ = split(f"{LEAD}\n{{keywords}}\n{BODY}")
    assert removed == [("placeholder", "{keywords}")]
    assert kept == [LEAD, BODY]


def test_glued_headline_list():
    glued = (
        "Nhiều nhiệm vụ khoa học thúc đẩy phát triển kinh tế xã hộiKhai mạc Kỳ họp chuyên đề lần thứ 14 "
        "của tỉnhThảo luận các nhiệm vụ, giải pháp thúc đẩy phát triển kinh tế"
    )
    kept, removed, _ = split(f"{LEAD}\n{glued}\n{BODY}")
    assert removed == [("headlines", glued)]
    assert kept == [LEAD, BODY]


def test_score_tables_and_brand_names_are_not_headline_lists():
    table = "Malaga 0-2 Valencia Villarreal 0-2 Deportivo Barcelona 3-0 R.MadridAlbacete 1-1 GetafeLevante 1-2 Betis"
    brands = "Hãng PetroVietnam và VnExpress cùng McDonald mở rộng thị trường trong năm nay"
    assert split(f"{LEAD}\n{table}\n{brands}\n{BODY}")[1] == []


def test_explicit_byline_ends_the_article():
    kept, removed, meta = split(f"{LEAD}\n{BODY}\nTin, ảnh: Quốc Trường\nMột tin khác không liên quan.")
    assert removed == [("byline", "Tin, ảnh: Quốc Trường"), ("trailer", "Một tin khác không liên quan.")]
    assert meta.byline == "Quốc Trường"
    assert kept == [LEAD, BODY]


def test_source_line_before_the_trailer_gives_the_outlet():
    kept, removed, meta = split(f"{LEAD}\n{BODY}\nNguồn: baobacninh.com.vn\nLiên kết website")
    assert removed == [("source", "Nguồn: baobacninh.com.vn"), ("trailer", "Liên kết website")]
    assert meta.outlet == "baobacninh.com.vn"


def test_source_line_mid_article_does_not_end_it():
    text = f"{LEAD}\nNguồn: Infotech\n{BODY}\n{BODY}\n{BODY}\n{BODY}\n{BODY}\n{BODY}"
    kept, removed, meta = split(text)
    assert removed == []
    assert meta.outlet is None


def test_lone_name_closing_the_article_then_teasers_and_marker():
    teaser = "Kỳ vọng đến Việt Nam vừa tắm biển, ăn đặc sản vừa làm việc với thế giới"
    text = f"{LEAD}\n{BODY}\nThu Hằng\n{teaser}\n{teaser}\ntin nổi bật\nTin khác về chuyển đổi số."
    kept, removed, meta = split(text)
    assert meta.byline == "Thu Hằng"
    assert [r for r, _ in removed] == ["byline", "trailer", "trailer", "trailer", "trailer"]
    assert kept == [LEAD, BODY]


def test_lone_name_as_last_line_with_source_in_parentheses():
    kept, removed, meta = split(f"{LEAD}\n{BODY}\nMinh Châu (theo BBC)")
    assert (meta.byline, meta.outlet) == ("Minh Châu", "BBC")
    assert removed == [("byline", "Minh Châu (theo BBC)")]


def test_a_name_line_inside_the_article_is_kept():
    text = f"{LEAD}\nNguyễn Văn An\n{BODY}\n{BODY}\n{BODY}\n{BODY}\n{BODY}\n{BODY}"
    assert split(text)[1] == []


def test_related_article_links_close_the_page_and_the_signature_before_them_counts():
    """VnExpress pages end with links to earlier articles, each headline with its date glued on."""
    links = ["Lễ an táng Chủ tịch Arafat(12/11/2004)", "Vụ Lã Thị Kim Oanh: Bị cáo khen nhau trước tòa(26/03/2004)"]
    kept, removed, meta = split("\n".join([LEAD, BODY, "Minh Châu", *links, "Xem tiếp", "Một bài khác(01/02/2004)"]))
    assert removed == [("byline", "Minh Châu"), *[("related", link) for link in links],
                       ("trailer", "Xem tiếp"), ("trailer", "Một bài khác(01/02/2004)")]
    assert kept == [LEAD, BODY] and meta.byline == "Minh Châu"


def test_a_closing_theo_line_gives_the_outlet():
    kept, removed, meta = split("\n".join([LEAD, BODY, "Theo TTXVN"]))
    assert removed == [("source", "Theo TTXVN")] and meta.outlet == "TTXVN" and kept == [LEAD, BODY]


def test_a_dated_signature_or_source_is_not_a_related_link():
    """Kept as the article's last line, as before the rule (neither form is a known signature)."""
    for last in ("Theo TTXVN(12/05/2004)", "Thu Hằng(12/05/2004)"):
        kept, removed, _ = split("\n".join([LEAD, BODY, last]))
        assert removed == [] and kept == [LEAD, BODY, last]


def test_dates_in_the_article_are_not_related_links():
    """A date after a space, inside the article, or not a date at all stays."""
    lines = [LEAD, "Loạt trận 1 (9/2/2005)", "Kết quả công bố ngày(12/05/2004)", BODY, "Mã số(45/13/2004)"]
    kept, removed, _ = split("\n".join(lines))
    assert removed == [] and kept == lines


@pytest.mark.parametrize(
    "marker",
    ["TIN MỚI", "BẠN CÓ THỂ QUAN TÂM", "Liên kết website", "Return to top", "ĐÁNH GIÁ",
     "Hãy trở thành người đầu tiên đánh giá cho bài viết này!", "Tin liên quan:", "Xem thêm", "Xem tiếp"],
)
def test_trailer_markers_end_the_page(marker):
    kept, removed, _ = split(f"{LEAD}\n{BODY}\n{marker}\nMột bài khác hoàn toàn.")
    assert removed == [("trailer", marker), ("trailer", "Một bài khác hoàn toàn.")]
    assert kept == [LEAD, BODY]


SEED_META = {
    "000_bd2ac04a1bd0c17a.txt": (None, None, None, "Quốc Trường",
                                 "Dự ở điểm cầu T.Ư có các đồng chí:",
                                 "nâng cao khả năng chống chịu của nền kinh tế."),
    "001_6338e0ceedcb0c4c.txt": ('"Đây là thời điểm cần có tư duy quốc gia và hành động địa phương"', None, None,
                                 "Thu Hằng",
                                 '"Đây là thời điểm cần có tư duy quốc gia và hành động địa phương"',
                                 "khai thác tiềm năng tăng trưởng xanh của các địa phương."),
    "002_03d2201b80de2184.txt": ("Đối thoại phát triển địa phương năm 2021", "2021-07-14T13:48",
                                 "baobacninh.com.vn", None,
                                 "Đối thoại phát triển địa phương năm 2021",
                                 "đưa đất nước vượt qua khó khăn, vững bước tiến lên."),
    "003_3c8b0f3c32aefa02.txt": ("Thực thi mục tiêu phát triển trong trạng thái bình thường mới",
                                 "2021-07-13T18:03", "TTH.VN", "Thái Sơn",
                                 "Thực thi mục tiêu phát triển trong trạng thái bình thường mới",
                                 "bảo đảm sự đồng bộ, cụ thể và thành công”."),
    "004_538c58c966f93917.txt": (None, None, None, None,
                                 "Trước thềm phiên khai mạc chính thức Đại hội XIII của Đảng,",
                                 "tạo niềm tin, khí thế mới cho đất nước phát triển."),
}


@pytest.mark.parametrize("name", sorted(SEED_META))
def test_seed_metadata_and_body(name):
    title, date, outlet, byline, first, last = SEED_META[name]
    text = (SEEDS / name).read_text(encoding="utf-8")
    doc = analyse(Document(name, name, text, "utf-8"))
    meta = doc.cleaned.meta
    assert (meta.title, meta.date, meta.outlet, meta.byline) == (title, date, outlet, byline)
    sentences = [doc.original(s.start, s.end) for s in doc.sentences]
    assert sentences[0].startswith(first)
    assert sentences[-1].endswith(last)
    body = " ".join(sentences)
    assert "Thủ tướng" not in body and "Return to top" not in body


def test_cleaning_works_on_normalized_text_with_crlf_and_nbsp():
    original = f"Tiêu\u00a0đề\r\n{LEAD}\r\nTin,\u00a0ảnh: Quốc Trường\r\nTIN MỚI\r\n"
    n = normalize(original)
    c = clean(n.text)
    assert c.meta.byline == "Quốc Trường"
    s, e = n.original_span(*c.body[0])
    assert original[s:e] == f"Tiêu\u00a0đề\r\n{LEAD}"


def test_vntc_sample_keeps_nearly_everything(shared):
    """The rules are written for patterns news sites share: on 2,000 real
    VNTC articles they must not eat article text (measured: 10 lines, and 3
    "Xem tiếp" markers), and `related` takes the VnExpress link lists whole
    (measured: 392 links on 79 pages, none left in a body)."""
    import re

    files = sorted((shared / "corpus" / "vntc_sample").rglob("*.txt"))
    link = re.compile(r".*[^\s(]\(\d{1,2}/\d{1,2}/\d{4}\)")
    removed = left = 0
    related: list[str] = []
    for f in files:
        text = normalize(f.read_text(encoding="utf-8")).text
        c = clean(text)
        removed += sum(1 for r in c.removed if r.rule not in ("related", "dateline"))
        related += [f.name for r in c.removed if r.rule == "related"]
        left += sum(1 for s, e in c.body for line in text[s:e].split("\n") if link.fullmatch(line.strip()))
    assert removed <= 15 and (len(related), len(set(related))) == (392, 79) and left == 0
    assert all("VNE_" in name for name in related)
