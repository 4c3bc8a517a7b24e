from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from dialogue_cli.analysis import duplicates as core
from dialogue_cli.commands import duplicates as command

from .conftest import REPO, SEEDS

# A 38-syllable passage two made-up articles share; in A it is written with NBSPs and NFD, as scraped.
PASSAGE = ("Diễn đàn đối thoại phát triển địa phương năm nay do Học viện Chính trị quốc gia phối hợp với "
           "các tổ chức quốc tế đồng tổ chức tại Hà Nội đã thảo luận nhiều giải pháp mới")
WRITTEN = PASSAGE.replace("phát triển", "phát\u00a0triển").replace("Hà Nội", "Ha\u0300 Nội")
A = ("Sáng nay, trời mưa to ở khắp các tỉnh miền Bắc, nhiều tuyến đường bị ngập sâu.\r\n"
     f"{WRITTEN}.\r\nCác đại biểu ra về lúc chiều muộn sau khi bế mạc.\r\n")
B = ("Tin vắn trong ngày: giá vàng tăng mạnh trong tuần qua, người dân đổ xô đi mua.\n"
     f"Theo ban tổ chức, {PASSAGE.lower()}.\nNgày mai trời nắng.\n")


def rows(result):
    assert result.exit_code in (0, 1), result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


@pytest.fixture
def pair(tmp_path):
    (tmp_path / "a.txt").write_bytes(A.encode("utf-8"))
    (tmp_path / "b.txt").write_text(B, encoding="utf-8")
    return tmp_path


def test_a_shared_passage_with_offsets_into_each_original(run, pair):
    result = run("duplicates", str(pair), "--passages", "-f", "jsonl")
    [row] = [json.loads(line) for line in result.stdout.splitlines()]
    a = (pair / "a.txt").read_bytes().decode("utf-8")
    b = (pair / "b.txt").read_bytes().decode("utf-8")
    assert row == {"source": "a.txt", "start": 80, "end": 250, "other": "b.txt", "other_start": 97,
                   "other_end": 266, "syllables": 38, "text": WRITTEN}
    assert a[row["start"]:row["end"]] == WRITTEN  # as written: NBSP and NFD kept
    assert b[row["other_start"]:row["other_end"]] == PASSAGE.lower()


def test_the_pair_with_its_scores(run, pair):
    assert run("duplicates", str(pair), "-f", "csv").stdout == (
        "source,other,jaccard,containment,shared,relation\n"
        "a.txt,b.txt,0.386,0.576,34,partial\n"
    )


def test_a_short_passage_is_not_listed(run, pair):
    assert rows(run("duplicates", str(pair), "--passages", "--min-passage", "39", "-f", "csv")) == []


def test_a_full_copy_with_a_new_dateline_is_a_duplicate(run, tmp_path):
    (tmp_path / "1.txt").write_text(A, encoding="utf-8")
    (tmp_path / "2.txt").write_text("(TTXVN) - " + A, encoding="utf-8")
    (tmp_path / "3.txt").write_text(B, encoding="utf-8")
    got = rows(run("duplicates", str(tmp_path), "-f", "csv"))
    assert got[0] == {"source": "1.txt", "other": "2.txt", "jaccard": "1.0", "containment": "1.0", "shared": "63",
                      "relation": "duplicate"}
    assert [(r["source"], r["other"], r["relation"]) for r in got[1:]] == [
        ("1.txt", "3.txt", "partial"), ("2.txt", "3.txt", "partial")]


def test_clusters_keep_the_first_in_input_order(run, tmp_path):
    (tmp_path / "1.txt").write_text(B, encoding="utf-8")
    (tmp_path / "2.txt").write_text(A, encoding="utf-8")
    (tmp_path / "3.txt").write_text("TTO - " + A + "Ảnh: Minh Châu\n", encoding="utf-8")
    (tmp_path / "4.txt").write_text(A.replace("chiều muộn", "tối"), encoding="utf-8")
    assert run("duplicates", str(tmp_path), "--clusters", "-f", "csv").stdout == (
        "cluster,source,role,jaccard\n"
        "1,2.txt,kept,\n"
        "1,3.txt,copy,1.0\n"
        "1,4.txt,copy,0.838\n"
    )
    # the partial reuse (1 and 2 share a passage) is no cluster; stricter, 4.txt is no longer a copy
    assert run("duplicates", str(tmp_path), "--clusters", "--threshold", "0.95", "-f", "csv").stdout == (
        "cluster,source,role,jaccard\n"
        "1,2.txt,kept,\n"
        "1,3.txt,copy,1.0\n"
    )


def test_thresholds_decide_the_relation_and_the_listing(run, tmp_path):
    (tmp_path / "long.txt").write_text(A + B, encoding="utf-8")
    (tmp_path / "short.txt").write_text(A, encoding="utf-8")
    assert rows(run("duplicates", str(tmp_path), "-f", "csv"))[0]["relation"] == "duplicate"  # J 0.685
    got = rows(run("duplicates", str(tmp_path), "--threshold", "0.9", "-f", "csv"))
    assert [(r["jaccard"], r["containment"], r["relation"]) for r in got] == [("0.685", "1.0", "contained")]
    got = rows(run("duplicates", str(tmp_path), "--threshold", "0.9", "--containment", "1", "-f", "csv"))
    assert got[0]["relation"] == "contained"
    assert rows(run("duplicates", str(tmp_path / "short.txt"), str(tmp_path / "long.txt"), "--threshold", "0.9",
                    "--min-containment", "1", "-f", "csv"))[0]["source"] == "short.txt"


def test_the_floor_hides_little_overlap(run, pair):
    assert rows(run("duplicates", str(pair), "--min-containment", "0.6", "-f", "csv")) == []


def test_the_seeds(run):
    assert run("duplicates", "-f", "csv").stdout == (
        "source,other,jaccard,containment,shared,relation\n"
        "000_bd2ac04a1bd0c17a.txt,003_3c8b0f3c32aefa02.txt,0.158,0.336,233,partial\n"
        "000_bd2ac04a1bd0c17a.txt,001_6338e0ceedcb0c4c.txt,0.12,0.249,253,partial\n"
        "001_6338e0ceedcb0c4c.txt,003_3c8b0f3c32aefa02.txt,0.042,0.118,82,partial\n"
    )
    assert rows(run("duplicates", "--clusters", "-f", "csv")) == []


def test_the_seeds_press_release_passage(run):
    got = [r for r in rows(run("duplicates", "--passages", "-f", "csv")) if r["other"].startswith("003")]
    longest = max(got, key=lambda r: int(r["syllables"]))
    assert (longest["source"], longest["start"], longest["end"], longest["other_start"], longest["other_end"],
            longest["syllables"]) == ("000_bd2ac04a1bd0c17a.txt", "3093", "3789", "2677", "3377", "149")
    text = (SEEDS / "000_bd2ac04a1bd0c17a.txt").read_bytes().decode("utf-8-sig")
    assert text[3093:3789] == longest["text"]
    assert longest["text"].startswith("giai đoạn 2021-2025.") and "quản trị thực thi" in longest["text"]


def test_same_output_with_two_jobs_and_from_a_table(run, tmp_path):
    (tmp_path / "news.jsonl").write_text(
        "\n".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) for i, t in
                  (("x", A), ("y", "TTXVN - " + A), ("z", B))) + "\n", encoding="utf-8")
    one = run("duplicates", str(tmp_path / "news.jsonl"), "-j", "1", "-f", "csv").stdout
    assert one == run("duplicates", str(tmp_path / "news.jsonl"), "-j", "2", "-f", "csv").stdout
    assert [r["source"] + r["other"] + r["relation"] for r in rows(run("duplicates", str(tmp_path / "news.jsonl"),
                                                                        "-f", "csv"))][0] == "xyduplicate"


@pytest.mark.parametrize("args, message", [
    (["--passages", "--clusters"], "--passages and --clusters do not go together"),
    (["--threshold", "1.5"], "Invalid value for '--threshold'"),
    (["--shingle", "0"], "Invalid value for '--shingle'"),
])
def test_usage_errors(run, args, message):
    result = run("duplicates", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_bad_input_is_one_line_and_the_rest_is_analysed(run, pair):
    result = run("duplicates", str(pair / "a.txt"), str(pair / "missing.txt"), str(pair / "b.txt"), "-f", "csv")
    assert result.exit_code == 1
    assert result.stderr == f"dialogue: {pair / 'missing.txt'}: no such file or directory\n"
    assert len(rows(result)) == 1


def test_command_defaults_are_the_cores():
    assert (command.K, command.THRESHOLD, command.CONTAINMENT, command.FLOOR, command.MIN_PASSAGE, command.MAX_DF) == (
        core.K, core.THRESHOLD, core.CONTAINMENT, core.FLOOR, core.MIN_PASSAGE, core.MAX_DF)


def test_shingles_are_hashed_the_same_in_every_process():
    code = ("from dialogue_cli.analysis.duplicates import shingles_of_text as s;"
            "x = s('a', 'Chuyển đổi số là xu hướng tất yếu của thời đại'); print(x.unique.tolist(), x.signature[:4].tolist())")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(outs) == 1


def test_lsh_bands_catch_a_pair_at_the_threshold():
    for threshold in (0.3, 0.5, 0.8, 0.95):
        bands, rows_ = core.lsh_bands(threshold)
        assert bands * rows_ <= core.PERMUTATIONS
        assert 1 - (1 - threshold ** rows_) ** bands >= 0.99


def test_a_copy_published_many_times_still_shows_its_reuse_elsewhere():
    """Copies are indexed once: a passage in more than max_df documents is found
    when they are all copies of one text."""
    docs = [core.shingles_of_text(f"copy{i}", A) for i in range(5)] + [core.shingles_of_text("b", B)]
    got = list(core.pair_rows(docs, max_df=2))
    assert sum(r["relation"] == "duplicate" for r in got) == 10
    assert sorted(r["source"] for r in got if r["other"] == "b") == [f"copy{i}" for i in range(5)]


# --- --dedupe -------------------------------------------------------------------------------------------

def test_dedupe_skips_the_copies_and_says_so(run, tmp_path):
    (tmp_path / "1.txt").write_text(A, encoding="utf-8")
    (tmp_path / "2.txt").write_text("(TTXVN) - " + A, encoding="utf-8")
    (tmp_path / "3.txt").write_text(B, encoding="utf-8")
    result = run("sources", str(tmp_path), "--dedupe", "-f", "csv")
    assert [r["source"] for r in rows(result)] == ["1.txt", "3.txt"]  # 3 shares a passage: not a copy
    assert result.stderr == (
        "dialogue: warning: 2.txt: near-duplicate of 1.txt (Jaccard 1.00), skipped (--dedupe)\n"
        "dialogue: warning: --dedupe: 1 of 3 documents skipped as near-duplicates (1 cluster kept once)\n"
    )


def test_dedupe_progress_counts_only_what_is_analysed(run, tmp_path, monkeypatch):
    from dialogue_cli.output.ui import Reporter

    (tmp_path / "1.txt").write_text(A, encoding="utf-8")
    (tmp_path / "2.txt").write_text("(TTXVN) - " + A, encoding="utf-8")
    (tmp_path / "3.txt").write_text(B, encoding="utf-8")
    seen: list[tuple[str, int | None, int]] = []
    real = Reporter.track

    def track(self, items, *, total, label):
        done = 0
        for item in real(self, items, total=total, label=label):
            done += 1
            yield item
        seen.append((label, total, done))

    monkeypatch.setattr(Reporter, "track", track)
    assert run("themes", str(tmp_path), "--dedupe", "-f", "csv").exit_code == 0
    assert seen == [("Looking for duplicates", 3, 3), ("Counting themes", 2, 2)]


def test_dedupe_keeps_partial_reuse_like_the_seeds(run):
    plain = run("themes", "-f", "csv")
    deduped = run("themes", "--dedupe", "-f", "csv")
    assert deduped.stdout == plain.stdout and deduped.stderr == ""


def test_dedupe_refuses_stdin(run):
    result = run("themes", "-", "--dedupe", input="Chuyển đổi số.")
    assert result.exit_code == 2
    assert "--dedupe reads the inputs twice and stdin can be read once" in result.stderr


def test_dedupe_refuses_a_pipe_it_could_read_only_once(run, tmp_path):
    import os

    os.mkfifo(tmp_path / "p.txt")  # as <(cat file) gives: the first pass would empty it
    result = run("themes", str(tmp_path / "p.txt"), str(SEEDS), "--dedupe", "-f", "csv")
    assert (result.exit_code, result.stdout) == (2, "")
    assert f"--dedupe reads the inputs twice and {tmp_path}/p.txt (a pipe or device) can be read once" in result.stderr


def test_dedupe_counts_unmatched_path_patterns_once(run):
    args = ("themes", "--path-pattern", "(?P<n>[0-9]+)_X", "--by", "n", "-f", "csv")
    plain, deduped = run(*args), run(*args, "--dedupe")
    assert "did not match 5 sources" in plain.stderr and deduped.stderr == plain.stderr
    assert deduped.stdout == plain.stdout


def test_duplicates_reports_unmatched_metadata(run, tmp_path):
    (tmp_path / "meta.csv").write_text("source,region\nnope.txt,north\n", encoding="utf-8")
    result = run("duplicates", "--meta", str(tmp_path / "meta.csv"), "--path-pattern", "(?P<n>[0-9]+)_X", "-f", "csv")
    assert result.exit_code == 0
    assert "did not match 5 sources" in result.stderr and "1 row matched no document" in result.stderr


def test_dedupe_in_groups_and_tables(run, tmp_path):
    (tmp_path / "news.jsonl").write_text(
        "\n".join(json.dumps({"id": i, "outlet": o, "text": t}, ensure_ascii=False) for i, o, t in
                  (("x", "p", A), ("y", "q", "TTXVN - " + A), ("z", "q", B))) + "\n{bad\n", encoding="utf-8")
    result = run("sources", str(tmp_path / "news.jsonl"), "--dedupe", "--by", "outlet", "-f", "csv")
    assert [(r["outlet"], r["documents"]) for r in rows(result)] == [("p", "1"), ("q", "1")]
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "dialogue: warning: y: near-duplicate of x (Jaccard 1.00), skipped (--dedupe)"
    assert sum("news.jsonl: line 4: not valid JSON" in line for line in lines) == 1  # reported once


def test_vntc_sample_has_reuse_but_no_duplicates(run, shared):
    got = rows(run("duplicates", str(shared / "corpus" / "vntc_sample"), "-f", "csv"))
    assert len(got) == 6  # 13 before the cleaning dropped VnExpress's related-article links
    assert max(float(r["jaccard"]) for r in got) < 0.3
    assert {r["relation"] for r in got} == {"partial"}
    assert (got[0]["source"], got[0]["other"], got[0]["containment"]) == (
        "The gioi/TG_VNE_ (1779).txt", "The gioi/TG_VNE_ (1791).txt", "0.341")
    assert rows(run("duplicates", str(shared / "corpus" / "vntc_sample"), "--clusters", "-f", "csv")) == []


def test_empty_and_short_documents_pair_with_nothing(run, tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "short.txt").write_text("Ba bốn.", encoding="utf-8")
    (tmp_path / "same.txt").write_text("Ba bốn.", encoding="utf-8")
    for args in ([], ["--passages"], ["--clusters"]):
        result = run("duplicates", str(tmp_path), *args, "-f", "csv")
        assert result.exit_code == 0 and len(result.stdout.splitlines()) == 1


def test_runs_are_the_maximal_diagonals():
    """Against a brute force over every pair of positions, on random texts with repeats."""
    import random

    rng = random.Random(7)
    for _ in range(200):
        x, y = (" ".join(rng.choice("abcd") for _ in range(rng.randint(0, 40))) for _ in range(2))
        a, b = (core.shingles_of_text(s, t, k=2, passages=True) for s, t in (("a", x), ("b", y)))
        same = {(i, j) for i in range(len(a.ordered)) for j in range(len(b.ordered)) if a.ordered[i] == b.ordered[j]}
        expected = []
        for i, j in sorted(same):
            if (i - 1, j - 1) not in same:
                n = 1
                while (i + n, j + n) in same:
                    n += 1
                expected.append((i, j, n))
        assert core._runs(a, b) == expected


def test_across_leaves_out_pairs_within_one_outlet(run):
    got = rows(run("duplicates", str(REPO / "examples" / "syndicated.jsonl"), "--across", "outlet", "-f", "csv"))
    assert ("baomau-101", "baomau-102") not in {(r["source"], r["other"]) for r in got}  # both baomau.vn
    assert len(got) == 5
    got = rows(run("duplicates", str(REPO / "examples" / "syndicated.jsonl"), "--across", "outlet", "--passages", "-f", "csv"))
    assert all(r["source"] != "baomau-101" or r["other"] != "baomau-102" for r in got) and len(got) == 5
    result = run("duplicates", "--across", "nothing")
    assert result.exit_code == 2 and "no field 'nothing'; the documents have source, file" in result.stderr


def test_vntc_across_outlets(run, shared):
    got = rows(run("duplicates", str(shared / "corpus" / "vntc_sample"), "--path-pattern",
                   "(?P<topic>[^/]+)/[A-Z]+_ ?(?P<outlet>[A-Z]+)_", "--across", "outlet", "-f", "csv"))
    assert [(r["source"], r["other"]) for r in got] == [
        ("Chinh tri Xa hoi/XH_TT_ (2902).txt", "Kinh doanh/KD_ VNE_ (2005).txt"),
        ("Phap luat/PL_ VNE_ (1132).txt", "Phap luat/PL_TT_ (2526).txt")]


def test_by_looks_for_pairs_within_each_group_only(run):
    news = str(REPO / "examples" / "syndicated.jsonl")
    everything = rows(run("duplicates", news, "-f", "csv"))
    by_outlet = run("duplicates", news, "--by", "outlet", "-f", "csv")
    assert by_outlet.stdout.splitlines()[0] == "outlet,source,other,jaccard,containment,shared,relation"
    same_outlet = [dict(r, outlet="baomau.vn") for r in everything
                   if {r["source"], r["other"]} == {"baomau-101", "baomau-102"}]  # the only pair inside one outlet
    assert rows(by_outlet) == same_outlet and len(everything) == 6
    clusters = run("duplicates", news, "--by", "outlet", "--clusters", "-f", "csv")
    assert clusters.stdout == "outlet,cluster,source,role,jaccard\n"  # the copies are on three sites
    unknown = run("duplicates", news, "--by", "nope")
    assert unknown.exit_code == 2 and "no document has a field 'nope'" in unknown.stderr


def test_stdin_beside_a_file_with_two_jobs(run, tmp_path):
    (tmp_path / "a.txt").write_text(A, encoding="utf-8")
    one = run("duplicates", "-", str(tmp_path / "a.txt"), "-j", "1", "-f", "csv", input=A)
    two = run("duplicates", "-", str(tmp_path / "a.txt"), "-j", "2", "-f", "csv", input=A)
    assert two.stdout == one.stdout and len(one.stdout.splitlines()) == 2  # the pair: stdin is read
