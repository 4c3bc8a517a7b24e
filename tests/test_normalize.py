from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogue_cli.text.normalize import normalize, normalize_term


def spans_back(original: str, norm_start: int, norm_end: int) -> str:
    n = normalize(original)
    s, e = n.original_span(norm_start, norm_end)
    return original[s:e]


def test_nfd_becomes_nfc_and_offsets_point_at_the_decomposed_original():
    original = unicodedata.normalize("NFD", "Chuyển đổi số")
    n = normalize(original)
    assert n.text == "Chuyển đổi số"
    assert len(original) > len(n.text)
    # "đổi" in normalized text maps back to the decomposed letters
    assert spans_back(original, 7, 10) == unicodedata.normalize("NFD", "đổi")


def test_nbsp_and_unicode_spaces_become_ascii_space_in_place():
    original = "chuyển\u00a0đổi\u2009số\u3000x"
    n = normalize(original)
    assert n.text == "chuyển đổi số x"
    assert spans_back(original, 0, 13) == "chuyển\u00a0đổi\u2009số"


def test_zero_width_and_soft_hyphen_are_removed():
    original = "tăng\u200b trưởng\u00ad xanh\ufeff."
    n = normalize(original)
    assert n.text == "tăng trưởng xanh."
    assert spans_back(original, 5, 16) == "trưởng\u00ad xanh"


def test_zero_width_at_the_start_or_alone_is_removed_too():
    # These used to survive: with nothing else to edit, the text was returned as it came.
    original = "\u200b\ufeffxanh."
    n = normalize(original)
    assert n.text == "xanh."
    assert spans_back(original, 0, 4) == "xanh"
    assert normalize("\u200b\u00ad").text == ""


def test_crlf_and_cr_become_lf():
    original = "dòng một\r\ndòng hai\rdòng ba"
    n = normalize(original)
    assert n.text == "dòng một\ndòng hai\ndòng ba"
    start = n.text.index("dòng hai")
    assert spans_back(original, start, start + 8) == "dòng hai"
    assert spans_back(original, 8, 9) == "\r\n"


@pytest.mark.parametrize(
    "old, new",
    [
        ("hoà", "hòa"),
        ("thuỷ", "thủy"),
        ("Uỷ ban", "Ủy ban"),
        ("khoẻ", "khỏe"),
        ("HOÀ BÌNH", "HÒA BÌNH"),
        ("số hoá", "số hóa"),
        ("hoạ sĩ", "họa sĩ"),
    ],
)
def test_old_tone_placement_becomes_modern(old, new):
    assert normalize(old).text == new


@pytest.mark.parametrize("word", ["hoàng", "toán", "quý", "Quỳnh", "khuỷu", "ngoài", "thuyền", "hóa"])
def test_words_whose_tone_is_already_placed_are_unchanged(word):
    assert normalize(word).text == word


def test_vowel_pairs_outside_the_tone_table_are_left_alone():
    # the pattern scans any o/u + toned vowel; only oa, oe, uy pairs move their tone
    assert normalize("oý uà Oỳ uẹ").text == "oý uà Oỳ uẹ"
    assert normalize("hoà uỷ").text == "hòa ủy"


def test_tone_placement_agrees_with_underthesea():
    from underthesea import text_normalize

    # Wherever underthesea's own table rewrites an old-style word, we agree.
    for old in ["hoà", "thuỷ", "Uỷ", "khoẻ", "hoá", "tuỳ", "toà", "hoạ", "thoả", "khoá"]:
        assert text_normalize(old) != old
        assert normalize(old).text == text_normalize(old)


def test_lone_surrogates_do_not_crash():
    n = normalize("a\ud800b\udfffc")
    assert n.text == "a\ufffdb\ufffdc"


def test_eth_becomes_d_with_stroke():
    assert normalize("ðại hội Ðảng").text == "đại hội Đảng"


def test_terms_are_normalized_and_case_folded():
    assert normalize_term("  Số\u00a0 HOÁ ") == "số hóa"
    assert normalize_term(unicodedata.normalize("NFD", "Thuỷ Lợi")) == "thủy lợi"


vietnamese = st.text(
    alphabet=st.sampled_from(
        list("aàáảãạăằắẳẵặoòóỏõọơờớởỡợuùúủũụyỳýỷỹỵeèéẻẽẹhqtnđ")
        + ["\u00a0", "\u200b", "\r", "\n", " ", "\u0300", "\u0301", "\u0323", "\u00ad"]
    ),
    max_size=40,
)


@given(vietnamese)
def test_normalization_is_idempotent(text):
    once = normalize(text).text
    assert normalize(once).text == once


@given(vietnamese)
def test_offsets_are_monotonic_and_within_the_original(text):
    n = normalize(text)
    previous = 0
    for i in range(len(n.text)):
        s, e = n.original_span(i, i + 1)
        assert previous <= s < e <= len(text)
        previous = s
    if n.text:
        s, e = n.original_span(0, len(n.text))
        assert normalize(text[s:e]).text == n.text


def test_collation_follows_the_vietnamese_alphabet_then_tones():
    from dialogue_cli.text.normalize import collation_key

    words = ["ư", "u", "ơ", "ô", "o", "đ", "d", "â", "ă", "a", "ê", "e", "b"]
    assert sorted(words, key=collation_key) == ["a", "ă", "â", "b", "d", "đ", "e", "ê", "o", "ô", "ơ", "u", "ư"]
    assert sorted(["má", "ma", "mạ", "mà", "mã", "mả"], key=collation_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(["Đà Nẵng", "đà lạt", "Hà Nội"], key=collation_key) == ["đà lạt", "Đà Nẵng", "Hà Nội"]
