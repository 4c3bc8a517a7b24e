from __future__ import annotations

from dialogue_cli.corpus.inputs import Document
from dialogue_cli.analysis.kwic import kwic_rows, sort_rows
from dialogue_cli.text.matching import Matcher
from dialogue_cli.corpus.pipeline import analyse

ORIGINAL = (
    "Tiêu đề\r\n"
    "Năm nay, tỉnh đẩy mạnh chuyển\u00a0đổi\u00a0số trong mọi lĩnh vực của đời sống xã hội.\r\n"
    "Hệ thống chuyển đổi số liệu. Ai cũng nói về CHUYỂN ĐỔI SỐ.\r\n"
)


def rows(pattern="chuyển đổi số", text=ORIGINAL, **kw):
    doc = analyse(Document("a.txt", "a.txt", text, "utf-8"))
    sort = kw.pop("sort", "source")
    return list(sort_rows(kwic_rows([doc], Matcher({pattern: [pattern]}), **kw), sort))


def test_offsets_round_trip_into_the_original_text_with_nbsp():
    found = rows()
    assert [(r["match"], ORIGINAL[r["start"] : r["end"]]) for r in found] == [
        ("chuyển\u00a0đổi\u00a0số", "chuyển\u00a0đổi\u00a0số"),
        ("CHUYỂN ĐỔI SỐ", "CHUYỂN ĐỔI SỐ"),
    ]
    assert [r["sentence"] for r in found] == [2, 4]  # "số liệu" is not a match


def test_window_counts_words_and_stays_in_the_sentence():
    # words: Năm | nay | , | tỉnh | đẩy mạnh | [chuyển đổi số] | trong | mọi | lĩnh vực | …
    first = rows(window=3)[0]
    assert (first["left"], first["right"]) == ("nay, tỉnh đẩy mạnh", "trong mọi lĩnh vực")
    # "Năm nay ," is 2 words and a comma: the sentence start bounds the left side
    wide = rows(window=8)[0]
    assert wide["left"] == "Năm nay, tỉnh đẩy mạnh"
    assert wide["right"] == "trong mọi lĩnh vực của đời sống xã hội."
    last = rows(window=8)[1]
    assert (last["left"], last["right"]) == ("Ai cũng nói về", ".")
    assert rows(window=0)[0]["left"] == ""


def test_syllables_mode_also_finds_the_rejected_place():
    found = [r["sentence"] for r in rows()]
    assert found == [2, 4]
    doc = analyse(Document("a.txt", "a.txt", ORIGINAL, "utf-8"))
    both = [r["sentence"] for r in kwic_rows([doc], Matcher({"p": ["chuyển đổi số"]}, mode="syllables"))]
    assert both == [2, 3, 4]


def test_sort_by_right_and_left_context():
    text = "Phát triển năng lượng xanh. Đẩy mạnh năng lượng tái tạo. Cần năng lượng sạch."
    assert [r["right"] for r in rows("năng lượng", text, sort="right")] == ["sạch.", "tái tạo.", "xanh."]
    assert [r["left"] for r in rows("năng lượng", text, sort="left")] == ["Cần", "Đẩy mạnh", "Phát triển"]
    assert [r["sentence"] for r in rows("năng lượng", text, sort="source")] == [1, 2, 3]


def test_punctuation_beyond_the_window_is_left_out():
    text = "Trong khi đó, phiên 2 về cơ hội tăng trưởng xanh trong trạng thái bình thường mới, theo đó."
    row = rows("tăng trưởng xanh", text, window=4)[0]
    assert (row["left"], row["right"]) == ("phiên 2 về cơ hội", "trong trạng thái bình thường mới")
    edge = rows("tăng trưởng xanh", '"Cơ hội tăng trưởng xanh."', window=4)[0]
    assert (edge["left"], edge["right"]) == ('"Cơ hội', '."')
