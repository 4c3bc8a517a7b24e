from __future__ import annotations

import json
import zlib

from dialogue_cli.analysis.ngrams import Forms, best, plain

from .conftest import csv_rows, write_tree

# Hà_Nội phát_triển kinh_tế xanh .
# hà_nội phát_triển du_lịch , Hà_Nội phát_triển của tỉnh .
# Tỉnh đẩy_mạnh chuyển_đổi số .
# Tỉnh đẩy_mạnh chuyển_đổi số và kinh_tế , xã_hội .
TEXT = ("Hà Nội phát triển kinh tế xanh. hà nội phát triển du lịch, Hà Nội phát triển của tỉnh.\n"
        "Tỉnh đẩy mạnh chuyển đổi số. Tỉnh đẩy mạnh chuyển đổi số và kinh tế, xã hội.\n")


rows = csv_rows


def test_bigrams_exact(run):
    # "kinh tế xanh" and "chuyển đổi số" are theme terms: one token each. Not counted:
    # "phát triển của", "của tỉnh", "số và" (a stop word at an edge), "kinh tế xã hội" (a comma).
    assert rows(run("ngrams", "-", "--min-count", "1", "--top", "20", "-f", "csv", input=TEXT)) == [
        ["source", "rank", "ngram", "count"],
        ["<stdin>", "1", "Hà Nội phát triển", "3"],  # written "hà nội" once: the most frequent form
        ["<stdin>", "2", "đẩy mạnh chuyển đổi số", "2"],  # ties: Vietnamese order, đ before t
        ["<stdin>", "3", "Tỉnh đẩy mạnh", "2"],
        ["<stdin>", "4", "phát triển du lịch", "1"],
        ["<stdin>", "5", "phát triển kinh tế xanh", "1"],
    ]


def test_trigrams_may_hold_a_stop_word_inside(run):
    out = rows(run("ngrams", "-", "-n", "3", "--min-count", "1", "--top", "20", "-f", "csv", input=TEXT))
    assert [r[2:] for r in out[1:]] == [
        ["Tỉnh đẩy mạnh chuyển đổi số", "2"],
        ["chuyển đổi số và kinh tế", "1"],
        ["hà nội phát triển du lịch", "1"],
        ["Hà Nội phát triển kinh tế xanh", "1"],
        ["phát triển của tỉnh", "1"],
    ]


def test_min_count_top_and_stopwords_file(run, tmp_path):
    stop = tmp_path / "stop.txt"
    stop.write_text("tỉnh\n", encoding="utf-8")
    out = rows(run("ngrams", "-", "--top", "1", "-f", "csv", input=TEXT))
    assert out[1:] == [["<stdin>", "1", "Hà Nội phát triển", "3"]]
    out = rows(run("ngrams", "-", "--stopwords", str(stop), "-f", "csv", input=TEXT))
    assert [r[2] for r in out[1:]] == ["Hà Nội phát triển", "đẩy mạnh chuyển đổi số"]


def test_groups_have_docs(run, tmp_path):
    write_tree(tmp_path, {"x/1.txt": "Hà Nội phát triển. Hà Nội phát triển.", "x/2.txt": "Hà Nội phát triển du lịch.",
                          "y/3.txt": "Đà Nẵng phát triển du lịch. Đà Nẵng phát triển."})
    out = rows(run("ngrams", str(tmp_path), "--by", "folder", "-f", "csv"))
    assert out == [
        ["folder", "rank", "ngram", "count", "docs"],
        ["x", "1", "Hà Nội phát triển", "3", "2"],
        ["y", "1", "Đà Nẵng phát triển", "2", "1"],
    ]


def test_every_format_and_jobs(run):
    one = run("ngrams", "--top", "3", "-f", "jsonl", "-j", "1")
    two = run("ngrams", "--top", "3", "-f", "jsonl", "-j", "2")
    assert one.exit_code == two.exit_code == 0 and one.stdout == two.stdout
    first = json.loads(one.stdout.splitlines()[0])
    assert first == {"source": "000_bd2ac04a1bd0c17a.txt", "rank": 1, "ngram": "tỉnh Bắc Giang", "count": 4}
    assert len(json.loads(run("ngrams", "--top", "3", "-f", "json").stdout)) == 15
    assert run("ngrams", "--top", "1", "-f", "tsv").stdout.splitlines()[1] == "000_bd2ac04a1bd0c17a.txt\t1\ttỉnh Bắc Giang\t4"
    assert "tỉnh Bắc Giang" in run("ngrams", "--top", "1", "-f", "table").stdout


def test_usage_errors(run):
    for args in (["-n", "9"], ["-n", "1"], ["--top", "0"], ["--by", "a b"]):
        result = run("ngrams", *args)
        assert result.exit_code == 2, args
    assert "9 is not in the range 2<=x<=5" in run("ngrams", "-n", "9").stderr


def test_bad_input_is_one_line_and_status_1(run):
    result = run("ngrams", "missing.txt", "-", "--min-count", "1", "-f", "csv", input="Hà Nội phát triển.")
    assert result.exit_code == 1
    assert result.stderr == "dialogue: missing.txt: no such file or directory\n"
    assert result.stdout.splitlines()[1:] == ["<stdin>,1,Hà Nội phát triển,1"]


def test_forms_keep_the_first_seen_on_a_tie():
    forms = Forms()
    forms.add({"hà nội": 1}, {})
    forms.add({"hà nội": 1, "tp\thcm": 2}, {"hà nội": {"Hà Nội": 1}, "tp\thcm": {"TP HCM": 2}})
    assert forms("hà nội") == "hà nội" and forms("tp\thcm") == "TP HCM" and forms("x\ty") == "x y"
    forms.add({"hà nội": 1}, {"hà nội": {"Hà Nội": 1}})
    assert forms("hà nội") == "Hà Nội"


def test_best_collates_only_ties_at_the_cut():
    found = best([{"key": k, "count": n} for k, n in (("đ", 2), ("d", 2), ("a", 1), ("b", 3))], top=2, by="count",
                 text=lambda r: plain(r["key"]))
    assert [r["key"] for r in found] == ["b", "d"]


def test_vntc_by_folder_with_two_jobs(run, shared):
    args = ["ngrams", str(shared / "corpus" / "vntc_sample"), "--glob", "*(1??).txt", "--by", "folder", "--top", "2",
            "-f", "csv"]
    two, one = run(*args, "--jobs", "2"), run(*args, "--jobs", "1")
    assert two.exit_code == 0 and two.stdout == one.stdout
    out = rows(two)
    assert out[0] == ["folder", "rank", "ngram", "count", "docs"]
    assert ["Kinh doanh", "1", "tỷ USD", "13", "3"] in out


def test_document_results_are_small_json_for_the_warm_path(run):
    from dialogue_cli.analysis.collocations import count_collocates, count_sequences
    from dialogue_cli.analysis.keywords import load_stopwords
    from dialogue_cli.analysis.ngrams import count_ngrams
    from dialogue_cli.corpus import memo
    from dialogue_cli.corpus.inputs import Document
    from dialogue_cli.corpus.pipeline import analyse
    from dialogue_cli.text.dictionary import default_dictionary
    from dialogue_cli.text.matching import Matcher

    from .conftest import SEEDS

    path = SEEDS / "004_538c58c966f93917.txt"
    doc = analyse(Document(path.name, str(path), path.read_text(encoding="utf-8"), "utf-8"))
    shared = {"matcher": Matcher(default_dictionary().themes), "stopwords": load_stopwords()}
    for part in (count_ngrams(doc, **shared, size=3), count_sequences(doc, **shared), count_sequences(doc, **shared, size=4),
                 count_collocates(doc, node=Matcher({"số": ["phát triển"]}), **shared)):
        value = memo.encode(part)
        assert value is not None and memo.decode(json.loads(json.dumps(value))) == part
        assert len(zlib.compress(json.dumps(value, ensure_ascii=False).encode(), 1)) < memo.MAX_BYTES  # as stored
    # and a warm run (the memo) prints what the cold one did
    args = ("ngrams", str(path), "-f", "csv")
    assert run(*args).stdout == run(*args).stdout
