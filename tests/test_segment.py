from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dialogue_cli.text.segment import _align, _merged_pieces, _sentence_spans, segment, syllables_of


def words(text: str) -> list[list[str]]:
    return [[w.text for w in s.words] for s in segment(text)]


def test_sentences_and_words():
    assert words("Chuyển đổi số là xu hướng. Tăng trưởng xanh cũng vậy.") == [
        ["Chuyển đổi", "số", "là", "xu hướng", "."],
        ["Tăng trưởng", "xanh", "cũng", "vậy", "."],
    ]


def test_lines_never_share_a_sentence():
    assert words("Tiêu đề không có dấu chấm\nNội dung bài viết.") == [
        ["Tiêu đề", "không", "có", "dấu", "chấm"],
        ["Nội dung", "bài", "viết", "."],
    ]


def test_every_syllable_span_points_at_its_text():
    text = "Ngày 13/7, Học viện tổ chức  đối thoại (lần đầu) về COVID-19."
    for sent in segment(text):
        for w in sent.words:
            assert [text[s:e] for s, e in w.spans] == w.syllables
            assert text[w.start : w.end].split() == w.syllables


def test_token_normalization_still_gets_the_right_span():
    # underthesea rewrites "Qui" as "Quy" and "nghành" as "ngành"
    text = "Qui định nghành, mới."
    sent = segment(text)[0]
    by_text = {w.text: text[w.start : w.end] for w in sent.words}
    assert by_text["Quy định"] == "Qui định"
    assert by_text["ngành"] == "nghành"
    assert by_text[","] == ","


def test_aligner_falls_back_to_the_next_syllable():
    text = "xyz, abc"
    out = _align(text, [("XYZ", None), (",", None), ("abc", None)])
    assert [(w.text, text[w.start : w.end]) for w in out] == [("XYZ", "xyz"), (",", ","), ("abc", "abc")]


def test_pos_tags_come_with_the_same_words():
    plain = segment("Chuyển đổi số là xu hướng của thời đại.")
    tagged = segment("Chuyển đổi số là xu hướng của thời đại.", pos=True)
    assert [w.text for w in plain[0].words] == [w.text for w in tagged[0].words]
    assert [(w.text, w.pos) for w in tagged[0].words][:3] == [("Chuyển đổi", "N"), ("số", "N"), ("là", "V")]


def test_segment_only_the_given_regions():
    text = "Bỏ dòng này.\nGiữ dòng này."
    kept = segment(text, spans=[(13, len(text))])
    assert [[w.text for w in s.words] for s in kept] == [["Giữ", "dòng", "này", "."]]


def test_syllables_of_a_phrase_follow_segmentation_normalization():
    assert syllables_of("Qui định") == ["Quy", "định"]
    assert syllables_of("chuyển đổi số") == ["chuyển", "đổi", "số"]


def test_empty_and_blank_text():
    assert segment("") == []
    assert segment(" \n\n  \n") == []


def test_a_period_inside_a_domain_does_not_end_a_sentence():
    assert words("Nguồn: baobacninh.com.vn. Hết.") == [
        ["Nguồn", ":", "baobacninh.com.vn", "."],
        ["Hết", "."],
    ]


def test_sentences_keep_underthesea_tokens_and_align_words_on_demand():
    sent = segment("CHUYỂN ĐỔI SỐ là xu hướng.")[0]
    assert sent.tokens == ("chuyển đổi", "số", "là", "xu hướng", ".")  # what underthesea saw
    assert sent.forms == ("CHUYỂN ĐỔI", "SỐ", "là", "xu hướng", ".")  # as the text writes them
    assert [(w.text, w.spans) for w in sent.words][:2] == [("CHUYỂN ĐỔI", ((0, 6), (7, 10))), ("SỐ", ((11, 13),))]


PIECES = [*"aAđĐ1 .?!…\t\x0b\"()", "com", "vn", "Tp", "T.Ư", "e.g", "...", "1.5", "?!", "  "]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=25).map("".join))
def test_windowed_sentence_split_agrees_with_sent_tokenize_on_the_whole_line(line):
    from underthesea import sent_tokenize

    whole = _merged_pieces(sent_tokenize(line), line) if line.strip() else []
    assert _sentence_spans(line, 0, len(line)) == whole


def test_windowed_sentence_split_agrees_with_sent_tokenize_on_vntc(shared):
    from underthesea import sent_tokenize

    from dialogue_cli.text.normalize import normalize

    for f in sorted((shared / "corpus" / "vntc_sample").rglob("*.txt"))[::4]:
        for line in normalize(f.read_text(encoding="utf-8")).text.split("\n"):
            whole = _merged_pieces(sent_tokenize(line), line) if line.strip() else []
            assert _sentence_spans(line, 0, len(line)) == whole, (f.name, line)
