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


def test_by_adds_each_lines_group_fields(run):
    from .conftest import REPO, csv_rows

    news = str(REPO / "examples" / "news.jsonl")
    got = csv_rows(run("kwic", "chuyển đổi số", news, "--by", "outlet,date:month", "-f", "csv", "--no-cache"))
    assert got[0] == ["source", "outlet", "date:month", "sentence", "left", "match", "right", "start", "end"]
    assert [r[:3] for r in got[1:]] == [
        ["https://baomau.vn/bai-1", "baomau.vn", "2021-05"], ["https://baomau.vn/bai-2", "baomau.vn", "2021-05"],
        ["https://baomau.vn/bai-4", "baomau.vn", "2021-06"], ["https://baomau.vn/bai-4", "baomau.vn", "2021-06"],
        ["https://baomau.vn/bai-5", "baomau.vn", "2021-07"], ["https://tintuc-demo.vn/bai-10", "tintuc-demo.vn", "2021-07"],
        ["https://tintuc-demo.vn/bai-11", "tintuc-demo.vn", "2021-08"]]
    plain = csv_rows(run("kwic", "chuyển đổi số", news, "-f", "csv", "--no-cache"))
    assert [r[:1] + r[3:] for r in got] == plain  # the same lines, with the group fields added
    bad = run("kwic", "chuyển đổi số", news, "--by", "outlett")
    assert bad.exit_code == 2 and "no document has a field 'outlett'" in bad.stderr


def test_theme_lines_say_which_term_matched(run, tmp_path):
    from .conftest import csv_rows

    (tmp_path / "a.txt").write_text("Tỉnh chú trọng kinh tế số. Kinh tế xanh và chuyển đổi số.", encoding="utf-8")
    (tmp_path / "t.yaml").write_text("số hoá:\n  - chuyển đổi số\n  - kinh tế số\n", encoding="utf-8")
    got = csv_rows(run("kwic", str(tmp_path / "a.txt"), "--theme", "số hoá", "--themes", str(tmp_path / "t.yaml"),
                       "-f", "csv", "--no-cache"))
    assert got[0][-1] == "term" and [(r[3], r[-1]) for r in got[1:]] == [("kinh tế số", "kinh tế số"),
                                                                         ("chuyển đổi số", "chuyển đổi số")]
    assert "term" not in csv_rows(run("kwic", "kinh tế", str(tmp_path / "a.txt"), "-f", "csv", "--no-cache"))[0]


def test_by_a_field_named_like_a_column_is_a_usage_error(run, tmp_path):
    table = tmp_path / "t.jsonl"
    table.write_text('{"id": "a", "text": "Tỉnh đẩy mạnh chuyển đổi số.", "sentence": "S-1", "match": "M"}\n',
                     encoding="utf-8")
    for args in (["kwic", "chuyển đổi số", str(table), "--by", "match"],
                 ["themes", str(table), "--evidence", "--by", "sentence"]):
        result = run(*args, "-f", "csv", "--no-cache")
        assert result.exit_code == 2 and result.stdout == ""
        assert f"--by {args[-1]}: this output has a column '{args[-1]}' of its own" in result.stderr


def test_by_lines_warm_and_with_two_jobs_and_their_warning(run, tmp_path, monkeypatch):
    from .conftest import SEEDS, csv_rows

    monkeypatch.setenv("DIALOGUE_CACHE_DIR", str(tmp_path / "cache"))
    args = ["kwic", "chuyển đổi số", str(SEEDS), "--by", "outlet", "-f", "csv"]
    cold = run(*args, "-j", "1")
    assert "3 documents have no outlet: their rows show outlet empty" in cold.stderr
    assert run(*args, "-j", "2").stdout == cold.stdout == run(*args, "-j", "2").stdout  # cold, then warm
    plain = csv_rows(run("kwic", "chuyển đổi số", str(SEEDS), "-f", "csv", "--no-cache"))
    assert [r[:1] + r[2:] for r in csv_rows(cold)] == plain and len(plain) == 1 + 36


def test_stdin_is_read_whatever_the_jobs(run):
    text = "Tỉnh đẩy mạnh chuyển đổi số."
    one = run("kwic", "chuyển đổi số", "-", "-j", "1", "-f", "csv", "--no-cache", input=text)
    two = run("kwic", "chuyển đổi số", "-", "-j", "2", "-f", "csv", "--no-cache", input=text)
    assert two.stdout == one.stdout and len(one.stdout.splitlines()) == 2
