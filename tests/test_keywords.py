from __future__ import annotations

import math
from pathlib import Path

import pytest

from dialogue_cli.corpus import Document
from dialogue_cli.keywords import KeywordsError, collect, keyword_rows, load_stopwords, summary_rows
from dialogue_cli.matching import Matcher
from dialogue_cli.pipeline import analyse

from .conftest import SEEDS

TEXTS = {
    # words: Thái Nguyên | đẩy mạnh | chuyển đổi | số ‖ Tỉnh | Thái Nguyên | phát triển | kinh tế | số | và | thái nguyên
    "a.txt": "Thái Nguyên đẩy mạnh chuyển đổi số. Tỉnh Thái Nguyên phát triển kinh tế số và thái nguyên.",
    # Hà Nội | phát triển | đô thị | xanh ‖ Hà Nội | cho | biết | sẽ | tăng trưởng | xanh
    "b.txt": "Hà Nội phát triển đô thị xanh. Hà Nội cho biết sẽ tăng trưởng xanh.",
    # Bắc Giang | phát triển | nông nghiệp ‖ Năm | 2021 | có | 3 | dự án | ở | Bắc Giang
    "c.txt": "Bắc Giang phát triển nông nghiệp. Năm 2021 có 3 dự án ở Bắc Giang.",
}
THEMES = {"cds": ["chuyển đổi số", "kinh tế số"], "xanh": ["tăng trưởng xanh", "đô thị xanh"]}


def counts(*, pos=None, stopwords=None, texts=TEXTS):
    docs = [analyse(Document(n, n, t, "utf-8"), pos=pos is not None) for n, t in texts.items()]
    return collect(docs, matcher=Matcher(THEMES), stopwords=stopwords or load_stopwords(), pos=pos)


def table(rows):
    return [(r["source"], r["keyword"], r["count"], r["score"]) for r in rows]


def test_freq_keywords_exact():
    assert table(keyword_rows(counts(), method="freq")) == [
        ("a.txt", "Thái Nguyên", 3, 272.73),
        # ties in Vietnamese alphabetical order: c < đ < k < p < t
        ("a.txt", "chuyển đổi số", 1, 90.91),
        ("a.txt", "đẩy mạnh", 1, 90.91),
        ("a.txt", "kinh tế số", 1, 90.91),
        ("a.txt", "phát triển", 1, 90.91),
        ("a.txt", "Tỉnh", 1, 90.91),
        ("b.txt", "Hà Nội", 2, 200.0),
        ("b.txt", "đô thị xanh", 1, 100.0),
        ("b.txt", "phát triển", 1, 100.0),
        ("b.txt", "tăng trưởng xanh", 1, 100.0),
        ("c.txt", "Bắc Giang", 2, 200.0),
        ("c.txt", "dự án", 1, 100.0),
        ("c.txt", "nông nghiệp", 1, 100.0),
        ("c.txt", "phát triển", 1, 100.0),
    ]


def test_stop_words_numbers_and_single_characters_are_dropped():
    keys = {k for c in counts().counts.values() for k in c}
    assert not keys & {"cho", "biết", "sẽ", "năm", "có", "ở", "và", "2021", "3", "."}


def test_multi_syllable_stop_words_come_from_the_package():
    words = load_stopwords()
    assert "cho biết" in words and "của" in words
    assert len(words) > 1500


def test_own_stop_words_file_adds_to_the_list(tmp_path: Path):
    f = tmp_path / "stop.txt"
    f.write_text("# tên riêng\nphát triển\nTỉnh\n", encoding="utf-8")
    keys = {k for c in counts(stopwords=load_stopwords(str(f))).counts.values() for k in c}
    assert "phát triển" not in keys and "tỉnh" not in keys and "thái nguyên" in keys


def test_theme_terms_are_single_keywords_and_their_parts_are_not_counted():
    a = counts().counts["a.txt"]
    assert a["chuyển đổi số"] == 1 and a["kinh tế số"] == 1
    assert "chuyển đổi" not in a and "kinh tế" not in a


def test_most_frequent_written_form_is_shown():
    c = counts()
    assert c.counts["a.txt"]["thái nguyên"] == 3  # "Thái Nguyên" twice, "thái nguyên" once
    assert c.display("thái nguyên") == "Thái Nguyên"


def test_tfidf_is_count_times_log10_n_over_df():
    rows = {(r["source"], r["keyword"]): r["score"] for r in keyword_rows(counts(), method="tfidf")}
    assert rows[("a.txt", "Thái Nguyên")] == round(3 * math.log10(3 / 1), 3)
    assert rows[("a.txt", "phát triển")] == 0.0  # in every source


def test_keyness_g2_computed_by_hand():
    # "Thái Nguyên": 3 of a.txt's 11 words, 0 of the other 20
    a, b, c, d = 3, 0, 11, 20
    expected_1 = c * (a + b) / (c + d)
    g2 = 2 * (a * math.log(a / expected_1))
    log_ratio = math.log2((a / c) / (0.5 / d))  # zero frequency counted as 0.5
    rows = {(r["source"], r["keyword"]): r for r in keyword_rows(counts(), method="keyness")}
    assert rows[("a.txt", "Thái Nguyên")]["score"] == round(g2, 2) == 6.22
    assert rows[("a.txt", "Thái Nguyên")]["effect"] == round(log_ratio, 2) == 3.45


def test_keyness_lists_only_over_represented_words_by_default():
    rows = list(keyword_rows(counts(), method="keyness"))
    assert all(r["score"] > 0 for r in rows)
    assert ("a.txt", "phát triển") not in {(r["source"], r["keyword"]) for r in rows}
    negative = list(keyword_rows(counts(), method="keyness", negative=True, top=100))
    under = {(r["source"], r["keyword"]): r for r in negative if r["score"] < 0}
    assert under[("a.txt", "Hà Nội")]["count"] == 0  # absent here, frequent elsewhere


def test_min_count_and_top():
    rows = list(keyword_rows(counts(), method="freq", min_count=2))
    assert table(rows) == [("a.txt", "Thái Nguyên", 3, 272.73), ("b.txt", "Hà Nội", 2, 200.0),
                           ("c.txt", "Bắc Giang", 2, 200.0)]
    assert len(list(keyword_rows(counts(), top=1))) == 3


def test_ties_at_the_top_cut_are_settled_alphabetically_not_by_first_appearance():
    texts = {"x.txt": "Thái Nguyên và Thái Nguyên. Tỉnh đẩy mạnh. Bắc Giang."}
    assert [r["keyword"] for r in keyword_rows(counts(texts=texts), top=2)] == ["Thái Nguyên", "Bắc Giang"]


def test_equally_frequent_written_forms_show_the_first_seen():
    c = counts(texts={"x.txt": "Hà Nội và HÀ NỘI."})
    assert c.counts["x.txt"]["hà nội"] == 2 and c.display("hà nội") == "Hà Nội"


def test_pos_restricts_candidates_but_keeps_theme_terms():
    rows = keyword_rows(counts(pos=frozenset({"Np"})), method="freq")
    assert list(summary_rows(rows, ["a.txt", "b.txt", "c.txt"])) == [
        {"source": "a.txt", "keywords": "Thái Nguyên; chuyển đổi số; kinh tế số"},
        {"source": "b.txt", "keywords": "Hà Nội; đô thị xanh; tăng trưởng xanh"},
        {"source": "c.txt", "keywords": "Bắc Giang"},
    ]


def test_comparing_methods_need_two_sources():
    one = counts(texts={"a.txt": TEXTS["a.txt"]})
    with pytest.raises(KeywordsError, match="only 1 was read"):
        list(keyword_rows(one, method="keyness"))


def test_seed_004_keyness_leads_with_its_places():
    from dialogue_cli.dictionary import default_dictionary

    docs = [analyse(Document(p.name, str(p), p.read_text(encoding="utf-8"), "utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    c = collect(docs, matcher=Matcher(default_dictionary().themes), stopwords=load_stopwords())
    top = [r["keyword"] for r in keyword_rows(c, method="keyness", top=2) if r["source"].startswith("004")]
    assert top == ["Thái Nguyên", "Hà Nội"]
