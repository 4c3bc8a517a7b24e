from __future__ import annotations

import json
import math
from collections import Counter

import pytest

from dialogue_cli.analysis.collocations import bj_scores, cells, window_scores

from .conftest import csv_rows


rows = csv_rows


def test_lambda_and_z_by_hand_on_quantedas_example():
    # "a b c a b d e b d a b": 10 bigrams. For "a b": 3 of them are "a b" (n11); "a" is
    # followed by something else 0 times (n10); "b" follows something else once, "e b"
    # (n01); the other 6 bigrams have neither (n00). Cells, bit i = word i matches:
    toks = "a b c a b d e b d a b".split()
    grams = list(Counter(zip(toks, toks[1:])).items())
    assert cells(grams, [("a", "b")], 2) == [[6, 0, 1, 3]]
    # smoothed by 0.5: λ = ln 3.5 − ln 0.5 − ln 1.5 + ln 6.5 = ln(22.75 / 0.75) = 3.4122
    # z = λ / √(1/3.5 + 1/0.5 + 1/1.5 + 1/6.5) = 3.4122 / 1.76246 = 1.9361
    lam, z = bj_scores([6, 0, 1, 3], 2)
    assert lam == pytest.approx(math.log(22.75 / 0.75)) and round(lam, 4) == 3.4122
    assert round(z, 4) == 1.9361


def test_trigram_cells_by_inclusion_exclusion():
    # "a b d" against the 9 trigrams of the same text (bit i set: word i matches):
    # abc 011, bca 000, cab 000, abd 111, bde 000, deb 000, ebd 110, bda 000, dab 000
    toks = "a b c a b d e b d a b".split()
    grams = list(Counter(zip(toks, toks[1:], toks[2:])).items())
    expected = Counter({0b000: 6, 0b011: 1, 0b111: 1, 0b110: 1})
    assert cells(grams, [("a", "b", "d")], 3) == [[expected[b] for b in range(8)]]


def test_window_scores_by_hand():
    # A 2×2 table worked by hand: N = 10 tokens, the windows hold R1 = 5 of them, the
    # collocate occurs C1 = 1 time, inside a window (O = 1).
    #   E = R1·C1/N = 0.5;  MI = log2(1/0.5) = 1;  t = (1 − 0.5)/√1 = 0.5
    #   logDice = 14 + log2(2·1/(5 + 1)) = 14 − 1.58496 = 12.41504
    #   cells O / E: (1, 0.5) (4, 4.5) (0, 0.5) (5, 4.5)
    #   G² = 2·(1·ln 2 + 4·ln(4/4.5) + 5·ln(5/4.5)) = 2·(0.693147 − 0.471132 + 0.526803) = 1.497636
    s = window_scores(1, 5, 1, 10)
    assert s["expected"] == 0.5 and s["mi"] == 1.0 and s["t"] == 0.5
    assert s["logdice"] == pytest.approx(12.41504, abs=1e-5)
    assert s["g2"] == pytest.approx(1.497636, abs=1e-6)
    # repelled (O < E): G² is negative, MI and t too
    r = window_scores(1, 50, 10, 100)
    assert r["expected"] == 5 and r["g2"] < 0 and r["mi"] == pytest.approx(math.log2(0.2)) and r["t"] == -4


def test_window_scores_match_korap_with_r1_from_the_window_size():
    # RKorAPClient's test: O1 = 4,258,869 node hits, window 10, O2 = 2,165, O = 32, N = 21,304,641,202
    s = window_scores(32, 4258869 * 10, 2165, 21304641202)
    assert s["expected"] == pytest.approx(4.327907, rel=1e-6)
    assert s["mi"] == pytest.approx(2.886331, abs=1e-5) and s["logdice"] == pytest.approx(-5.34404, abs=1e-5)
    assert s["g2"] == pytest.approx(73.05347, abs=0.01)


# Hà_Nội phát_triển . | Hà_Nội phát_triển nhanh . | Hà_Nội đổi_mới . | Đà_Nẵng phát_triển .
SEQ = "Hà Nội phát triển. Hà Nội phát triển nhanh. Hà Nội đổi mới. Đà Nẵng phát triển.\n"


def test_sequences_exact(run):
    # 5 bigrams ("phát triển nhanh" counts in the tables but is no candidate: "nhanh" is a stop word).
    # "Hà Nội phát triển": n11 = 2, n10 = 1 (Hà Nội đổi mới), n01 = 1 (Đà Nẵng phát triển), n00 = 1
    #   λ = ln 1.5 − ln 1.5 − ln 1.5 + ln 2.5 = ln(2.5/1.5) = 0.511;  z = 0.511/√(3/1.5 + 1/2.5) = 0.33
    # "Đà Nẵng phát triển": n11 = 1, n10 = 0, n01 = 2, n00 = 2: λ = ln(2.5·1.5/(0.5·2.5)) = ln 3 = 1.099
    assert rows(run("collocations", "-", "--min-count", "1", "-f", "csv", input=SEQ)) == [
        ["source", "rank", "collocation", "count", "lambda", "z"],
        ["<stdin>", "1", "Đà Nẵng phát triển", "1", "1.099", "0.59"],
        ["<stdin>", "2", "Hà Nội đổi mới", "1", "1.099", "0.59"],
        ["<stdin>", "3", "Hà Nội phát triển", "2", "0.511", "0.33"],
    ]
    assert rows(run("collocations", "-", "-f", "csv", input=SEQ))[1:] == [["<stdin>", "1", "Hà Nội phát triển", "2",
                                                                         "0.511", "0.33"]]
    kept = rows(run("collocations", "-", "--min-count", "1", "--keep-stopwords", "--sort", "count", "-f", "csv",
                    input=SEQ))
    assert [r[2] for r in kept[1:]] == ["Hà Nội phát triển", "Đà Nẵng phát triển", "Hà Nội đổi mới",
                                         "phát triển nhanh"]


# Kinh_tế phát_triển nhanh . | Nền kinh_tế phát_triển_bền_vững và ổn_định . | Du_lịch phát_triển .
NODE = "Kinh tế phát triển nhanh. Nền kinh tế phát triển bền vững và ổn định. Du lịch phát triển.\n"


def test_node_exact(run):
    # Window 2,2: N = 3 + 5 + 2 = 10 tokens (punctuation takes no place); 2 nodes; the windows hold
    # R1 = 2 (phát triển, nhanh) + 3 (Nền; phát triển bền vững, và) = 5 tokens; "ổn định" is 3 words away.
    # "phát triển bền vững" is a theme term: one token. Stop words (nhanh, nền, và) are not shown.
    # "phát triển": O = 1, C1 = 2: E = 5·2/10 = 1, MI = 0, t = 0, G² = 0, logDice = 14 + log2(2/7) = 12.193
    assert rows(run("collocations", "-", "--node", "kinh tế", "--window", "2,2", "--min-count", "1", "-f", "csv",
                    input=NODE)) == [
        ["source", "rank", "node", "collocate", "count", "left", "right", "node_count", "collocate_count",
         "expected", "mi", "g2", "t", "logdice"],
        ["<stdin>", "1", "kinh tế", "phát triển bền vững", "1", "0", "1", "2", "1", "0.5", "1.0", "1.498", "0.5",
         "12.415"],
        ["<stdin>", "2", "kinh tế", "phát triển", "1", "0", "1", "2", "2", "1.0", "0.0", "0.0", "0.0", "12.193"],
    ]
    kept = rows(run("collocations", "-", "--node", "kinh tế", "--window", "2", "--min-count", "1", "--keep-stopwords",
                    "--sort", "count", "-f", "csv", input=NODE))
    assert [(r[3], r[5], r[6]) for r in kept[1:]] == [("Nền", "1", "0"), ("nhanh", "0", "1"), ("phát triển", "0", "1"),
                                                      ("phát triển bền vững", "0", "1"), ("và", "0", "1")]
    left_only = rows(run("collocations", "-", "--node", "kinh tế", "--window", "1,0", "--min-count", "1",
                         "--keep-stopwords", "-f", "csv", input=NODE))
    assert [r[3] for r in left_only[1:]] == ["Nền"]


def test_node_phrase_whatever_the_segmentation(run):
    text = "Tỉnh đẩy mạnh chuyển đổi số. Thành phố thúc đẩy chuyển đổi số. Tỉnh đẩy mạnh du lịch.\n"
    out = rows(run("collocations", "-", "--node", "Chuyển Đổi Số", "--min-count", "1", "-f", "csv", input=text))
    # "Tỉnh" and "đẩy mạnh" occur twice (C1 = 2), once near the node: a lower logDice
    assert [(r[2], r[3], r[4], r[7], r[8]) for r in out[1:]] == [("Chuyển Đổi Số", "Thành phố", "1", "2", "1"),
                                                                ("Chuyển Đổi Số", "thúc đẩy", "1", "2", "1"),
                                                                ("Chuyển Đổi Số", "đẩy mạnh", "1", "2", "2"),
                                                                ("Chuyển Đổi Số", "Tỉnh", "1", "2", "2")]


def test_theme_node_groups_and_jobs(run):
    args = ["collocations", "--theme", "chuyển đổi số", "--by", "folder", "--min-count", "2", "--top", "3",
            "-f", "jsonl"]
    one, two = run(*args, "-j", "1"), run(*args, "-j", "2")
    assert one.exit_code == 0 and one.stdout == two.stdout
    first = json.loads(one.stdout.splitlines()[0])
    assert first["folder"] == "" and first["node"] == "chuyển đổi số" and first["rank"] == 1
    assert "1 document" not in one.stderr  # 5 documents without a folder: one warning
    assert "5 documents have no folder" in one.stderr


def test_every_format(run):
    for fmt in ("csv", "tsv", "json", "jsonl", "table"):
        result = run("collocations", "seeds/002_03d2201b80de2184.txt", "--top", "2", "-f", fmt)
        assert result.exit_code == 0 and "Học viện Chính trị" in result.stdout, fmt


@pytest.mark.parametrize("args, message", [
    (["--window", "x"], "'x' is not L,R"),
    (["--node", "a", "--window", "0,0"], "the window is empty"),
    (["--node", "kinh tế", "--theme", "chuyển đổi số"], "--node and --theme do not go together"),
    (["--node", "kinh tế", "--size", "3"], "--size is for sequences"),
    (["--window", "5,5"], "--window goes with --node or --theme"),
    (["--sort", "mi"], "--sort mi goes with --node or --theme"),
    (["--node", "x", "--sort", "z"], "--sort z is for sequences"),
    (["--theme", "nope"], "no theme 'nope'"),
    (["--size", "5"], "5 is not in the range 2<=x<=4"),
    (["--node", " "], "give a word or phrase"),
])
def test_usage_errors(run, args, message):
    result = run("collocations", *args)
    assert result.exit_code == 2 and message in result.stderr, result.stderr


def test_vntc_node_by_outlet_with_two_jobs(run, shared):
    args = ["collocations", str(shared / "corpus" / "vntc_sample"), "--glob", "*(1??).txt", "--node", "kinh tế",
            "--min-count", "2", "--top", "3", "-f", "csv"]
    two, one = run(*args, "--jobs", "2"), run(*args, "--jobs", "1")
    assert two.exit_code == 0 and two.stdout == one.stdout
    seq = run("collocations", str(shared / "corpus" / "vntc_sample"), "--glob", "*(1??).txt", "--by", "folder",
              "--top", "1", "-f", "csv", "--jobs", "2")
    # one row per folder; the one article of The thao has no bigram twice
    assert [r[0] for r in rows(seq)[1:]] == ["Chinh tri Xa hoi", "Doi song", "Khoa hoc", "Kinh doanh", "Phap luat",
                                             "Suc khoe", "The gioi", "Van hoa", "Vi tinh"]
    assert rows(seq)[4] == ["Kinh doanh", "1", "tỷ USD", "13", "7.428", "9.756"]  # after the related-links rule


def test_trigrams_through_the_command(run):
    # one trigram, "Hà Nội phát triển nhanh" (a candidate with --keep-stopwords): every cell is 0 but
    # n111 = 1, so λ = ln 1.5 − ln 0.5 + 3 ln 0.5 − 3 ln 0.5 = ln 3, z = ln 3 / √(1/1.5 + 7/0.5) = 0.287
    out = rows(run("collocations", "-", "--size", "3", "--min-count", "1", "--keep-stopwords", "-f", "csv", input=SEQ))
    assert out[1:] == [["<stdin>", "1", "Hà Nội phát triển nhanh", "1", "1.099", "0.287"]]
    assert rows(run("collocations", "-", "--size", "3", "--min-count", "1", "-f", "csv", input=SEQ))[1:] == []
