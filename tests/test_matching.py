from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from dialogue_cli.corpus.inputs import Document
from dialogue_cli.errors import DictionaryError
from dialogue_cli.text.matching import Matcher
from dialogue_cli.corpus.pipeline import analyse

import pytest


def count(text: str, themes: dict[str, list[str]], mode: str = "words") -> dict[str, tuple[int, int]]:
    """theme → (accepted, rejected) in ``text``."""
    matcher = Matcher(themes, mode=mode)  # type: ignore[arg-type]
    doc = analyse(Document("t", "t", text, "utf-8"))
    out = {t: [0, 0] for t in themes}
    for sentence in doc.sentences:
        for m in matcher.find(sentence):
            out[m.term.theme][0 if m.accepted else 1] += 1
    return {t: (a, r) for t, (a, r) in out.items()}


CDS = {"cds": ["chuyển đổi số"]}


def test_old_and_new_tone_placement_match_each_other():
    assert count("Đẩy mạnh số hóa và số hoá.", {"t": ["số hoá"]}) == {"t": (2, 0)}
    assert count("Đẩy mạnh số hóa và số hoá.", {"t": ["số hóa"]}) == {"t": (2, 0)}


def test_nfd_nbsp_and_case_are_normalized():
    text = unicodedata.normalize("NFD", "CHUYỂN ĐỔI SỐ là xu hướng. Thúc đẩy chuyển\u00a0đổi\u00a0số.")
    assert count(text, CDS) == {"cds": (2, 0)}


def test_segmenter_may_cut_inside_the_term():
    # underthesea gives "chuyển đổi | số": the term spans two words and counts
    assert count("Quá trình chuyển đổi số của tỉnh.", CDS) == {"cds": (1, 0)}


def test_term_inside_a_longer_word_is_rejected():
    # "chuyển đổi | số liệu": số belongs to "số liệu" (data)
    assert count("Hệ thống chuyển đổi số liệu sang dạng mới.", CDS) == {"cds": (0, 1)}


def test_syllables_mode_turns_the_boundary_rule_off():
    assert count("Hệ thống chuyển đổi số liệu sang dạng mới.", CDS, mode="syllables") == {"cds": (1, 0)}


def test_matches_never_cross_a_sentence_or_a_line():
    assert count("Tỉnh sẽ chuyển đổi.\nSố liệu tăng.", CDS, mode="syllables") == {"cds": (0, 0)}
    assert count("Họ bàn về chuyển đổi. Số người tham gia tăng.", {"t": ["chuyển đổi số"]}, mode="syllables") == {"t": (0, 0)}


def test_overlapping_terms_in_one_theme_count_once_longest_wins():
    themes = {"cds": ["chuyển đổi số", "chuyển đổi số quốc gia"]}
    matcher = Matcher(themes)
    doc = analyse(Document("t", "t", "Đẩy mạnh chuyển đổi số quốc gia.", "utf-8"))
    found = [m.term.text for s in doc.sentences for m in matcher.find(s) if m.accepted]
    assert found == ["chuyển đổi số quốc gia"]


def test_overlap_of_different_terms_counts_once():
    themes = {"qttt": ["quản trị thực thi", "thực thi chính sách"]}
    assert count("Nâng cao hiệu quả quản trị thực thi chính sách.", themes) == {"qttt": (1, 0)}


def test_themes_are_counted_independently():
    themes = {"a": ["kinh tế số"], "b": ["kinh tế"]}
    assert count("Phát triển kinh tế số.", themes) == {"a": (1, 0), "b": (1, 0)}


def test_same_words_under_two_themes_is_a_dictionary_error():
    with pytest.raises(DictionaryError, match="are the same words"):
        Matcher({"a": ["quy định"], "b": ["qui định"]})


FRAGMENTS = [
    "chuyển đổi số",
    "tăng trưởng xanh",
    "số hóa",
    "kinh tế số",
    "là",
    "xu hướng",
    "của",
    "thời đại",
    "các địa phương",
    "đẩy mạnh",
    "phát triển bền vững",
    "năng lực điều hành",
]


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=12),
    st.sampled_from(["upper", "lower", "nfd", "spaces"]),
)
def test_counts_do_not_change_under_nfd_case_or_extra_spaces(fragments, change):
    from dialogue_cli.text.dictionary import default_dictionary

    themes = default_dictionary().themes
    text = " ".join(fragments) + "."
    changed = {
        "upper": text.upper(),
        "lower": text.lower(),
        "nfd": unicodedata.normalize("NFD", text),
        "spaces": text.replace(" ", "  \u00a0 "),
    }[change]
    assert count(changed, themes) == count(text, themes)
