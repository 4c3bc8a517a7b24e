from __future__ import annotations

import codecs
import csv
import io
import json
from pathlib import Path

import pytest

from .conftest import SEEDS


def test_tokenize_stdin_as_text(run):
    result = run("tokenize", "-", "--format", "text", input="Chuyển đổi số là xu hướng.")
    assert result.exit_code == 0
    assert result.stdout == "Chuyển_đổi số là xu_hướng .\n"
    assert result.stderr == ""


def test_tokenize_default_is_text(run):
    result = run("tokenize", "-", input="Tạm biệt.")
    assert result.stdout == "Tạm_biệt .\n"


def test_tokenize_jsonl_rows(run):
    result = run("tokenize", str(SEEDS / "001_6338e0ceedcb0c4c.txt"), "--format", "jsonl")
    first = json.loads(result.stdout.splitlines()[1])
    assert first == {"source": "001_6338e0ceedcb0c4c.txt", "sentence": 1, "position": 2, "token": "Đây"}


def test_tokenize_csv_with_pos(run):
    result = run("tokenize", "-", "--format", "csv", "--pos", input="Chuyển đổi số.")
    assert result.stdout == (
        "source,sentence,position,token,pos\n"
        "<stdin>,1,1,Chuyển đổi,N\n"
        "<stdin>,1,2,số,N\n"
        "<stdin>,1,3,.,CH\n"
    )


def test_no_paths_means_the_seeds(run):
    result = run("tokenize", "--format", "csv")
    sources = {line.split(",", 1)[0] for line in result.stdout.splitlines()[1:]}
    assert sources == {p.name for p in SEEDS.glob("*.txt")}


def test_missing_file_is_reported_and_the_rest_processed(run):
    result = run("tokenize", "missing.txt", str(SEEDS / "002_03d2201b80de2184.txt"))
    assert result.exit_code == 1
    assert result.stderr == "dialogue: missing.txt: no such file or directory\n"
    assert result.stdout.startswith("Đối_thoại phát_triển địa_phương năm 2021\n")


def test_bad_files_each_get_one_line(run, tmp_path: Path):
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "latin.txt").write_bytes("hòa".encode("utf-8")[:-1] + b"\xff")
    (tmp_path / "empty").mkdir()
    (tmp_path / "ok.txt").write_text("Tạm biệt.", encoding="utf-8")
    (tmp_path / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + "Tạm biệt.\r\n".encode("utf-16-le"))
    result = run(
        "tokenize",
        str(tmp_path / "bin.txt"),
        str(tmp_path / "latin.txt"),
        str(tmp_path / "empty"),
        str(tmp_path / "ok.txt"),
        str(tmp_path / "utf16.txt"),
        "-f",
        "csv",
    )
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"dialogue: {tmp_path / 'empty'}: directory has no files matching '*.txt'")
    assert lines[1].startswith(f"dialogue: {tmp_path / 'bin.txt'}: binary file (contains NUL bytes)")
    assert lines[2].startswith(f"dialogue: {tmp_path / 'latin.txt'}: not UTF-8 (invalid byte 0xff at offset 3)")
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines()[1:] == [
        "ok.txt,1,1,Tạm biệt",
        "ok.txt,1,2,.",
        "utf16.txt,1,1,Tạm biệt",
        "utf16.txt,1,2,.",
    ]


def test_forced_encoding(run, tmp_path: Path):
    f = tmp_path / "old.txt"
    f.write_bytes(b"T\xe0i li\xeau.")  # latin-1 à, ê: "Tài liêu"
    assert run("tokenize", str(f)).exit_code == 1
    result = run("tokenize", str(f), "--encoding", "latin-1")
    assert result.exit_code == 0
    assert result.stdout == "Tài_liêu .\n"


def test_unknown_encoding_is_a_usage_error(run):
    result = run("tokenize", "--encoding", "klingon")
    assert result.exit_code == 2
    assert "unknown encoding 'klingon'" in result.stderr


def test_unknown_format_is_a_usage_error(run):
    result = run("tokenize", "--format", "xml")
    assert result.exit_code == 2


def test_bom_with_json_is_a_usage_error(run):
    result = run("tokenize", "-", "--format", "json", "--bom", input="x")
    assert result.exit_code == 2
    assert "--bom goes with csv or tsv" in result.stderr


def test_output_file(run, tmp_path: Path):
    out = tmp_path / "tokens.tsv"
    result = run("tokenize", "-", "-f", "tsv", "-o", str(out), "--no-header", input="Tạm biệt.")
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text(encoding="utf-8") == "<stdin>\t1\t1\tTạm biệt\n<stdin>\t1\t2\t.\n"


def test_empty_file_is_not_an_error(run, tmp_path: Path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("tokenize", str(tmp_path / "empty.txt"), "-f", "csv")
    assert result.exit_code == 0
    assert result.stdout == "source,sentence,position,token\n"


def test_version_and_help(run):
    from dialogue_cli import __version__

    assert run("--version").stdout == f"dialogue, version {__version__}\n"
    assert "tokenize" in run("-h").stdout


SEED_COUNTS = [  # article bodies, boilerplate removed
    ["000_bd2ac04a1bd0c17a.txt", "708", "9", "4", "5", "12.71", "5.65", "7.06"],
    ["001_6338e0ceedcb0c4c.txt", "995", "17", "4", "6", "17.09", "4.02", "6.03"],
    ["002_03d2201b80de2184.txt", "331", "2", "1", "2", "6.04", "3.02", "6.04"],
    ["003_3c8b0f3c32aefa02.txt", "476", "3", "3", "3", "6.3", "6.3", "6.3"],
    ["004_538c58c966f93917.txt", "673", "18", "4", "1", "26.75", "5.94", "1.49"],
]

RAW_SEED_COUNTS = [  # whole files, with --raw
    ["000_bd2ac04a1bd0c17a.txt", "711", "9", "4", "5", "12.66", "5.63", "7.03"],
    ["001_6338e0ceedcb0c4c.txt", "1620", "18", "4", "6", "11.11", "2.47", "3.7"],
    ["002_03d2201b80de2184.txt", "342", "2", "1", "2", "5.85", "2.92", "5.85"],
    ["003_3c8b0f3c32aefa02.txt", "679", "3", "3", "3", "4.42", "4.42", "4.42"],
    ["004_538c58c966f93917.txt", "673", "18", "4", "1", "26.75", "5.94", "1.49"],
]


def test_themes_on_the_seeds_as_csv(run):
    result = run("themes", str(SEEDS), "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == [
        "source", "words", "chuyển đổi số", "tăng trưởng xanh", "quản trị thực thi",
        "chuyển đổi số per 1k", "tăng trưởng xanh per 1k", "quản trị thực thi per 1k",
    ]
    assert rows[1:] == SEED_COUNTS


def test_themes_raw_counts_the_whole_files(run):
    result = run("themes", str(SEEDS), "--format", "csv", "--no-header", "--raw")
    assert list(csv.reader(io.StringIO(result.stdout))) == RAW_SEED_COUNTS


def test_themes_table_has_a_total_row(run):
    result = run("themes", "--format", "table")
    assert result.exit_code == 0
    total = next(line for line in result.stdout.splitlines() if "TOTAL" in line)
    assert [cell.strip() for cell in total.strip("│ ").split("│")][:5] == ["TOTAL", "3183", "49", "16", "17"]


def test_themes_by_term_with_own_dictionary(run, tmp_path: Path):
    themes = tmp_path / "mine.yaml"
    themes.write_text("dữ liệu:\n  - chuyển đổi số\n  - số liệu\n", encoding="utf-8")
    result = run("themes", "-", "--themes", str(themes), "--by-term", "-f", "csv",
                 input="Chuyển đổi số liệu. Chuyển đổi số.")
    assert result.stdout == (
        "source,theme,term,count,rejected\n"
        "<stdin>,dữ liệu,chuyển đổi số,1,1\n"
        "<stdin>,dữ liệu,số liệu,1,0\n"
    )


def test_themes_evidence_jsonl(run, tmp_path: Path):
    f = tmp_path / "bài.txt"
    f.write_bytes("Đẩy mạnh\r\nchuyển\u00a0đổi số.".encode("utf-8"))
    result = run("themes", str(f), "--evidence", "-f", "jsonl")
    row = json.loads(result.stdout)
    original = f.read_bytes().decode("utf-8")
    assert row == {"source": "bài.txt", "sentence": 2, "theme": "chuyển đổi số", "term": "chuyển đổi số",
                   "start": 10, "end": 23, "text": "chuyển\u00a0đổi số."}
    assert original[row["start"] : row["end"]] == "chuyển\u00a0đổi số"


def test_themes_show_rejected(run):
    result = run("themes", "-", "--show-rejected", "-f", "csv", input="Hệ thống chuyển đổi số liệu.")
    assert result.stdout.splitlines() == [
        "source,sentence,theme,term,start,end,words,text",
        "<stdin>,1,chuyển đổi số,chuyển đổi số,9,22,chuyển đổi | số liệu,Hệ thống chuyển đổi số liệu.",
    ]


def test_themes_match_syllables(run):
    result = run("themes", "-", "--match", "syllables", "-f", "csv", input="Hệ thống chuyển đổi số liệu.")
    assert result.stdout.splitlines()[1] == "<stdin>,3,1,0,0,333.33,0.0,0.0"


def test_malformed_dictionary_is_a_usage_error(run, tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [số hóa]\nb: [Số hoá]\n", encoding="utf-8")
    result = run("themes", "--themes", str(bad))
    assert result.exit_code == 2
    assert result.stderr == (
        f"dialogue: {bad}: line 2: term 'Số hoá' is under both 'a' and 'b'; a term may belong to one theme only\n"
    )
    assert result.stdout == ""


def test_sources_on_the_seeds(run):
    result = run("sources", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["source"][:3], r["title"], r["date"], r["outlet"], r["byline"], r["removed_lines"]) for r in rows] == [
        ("000", "", "", "", "Quốc Trường", "1"),
        ("001", '"Đây là thời điểm cần có tư duy quốc gia và hành động địa phương"', "", "", "Thu Hằng", "36"),
        ("002", "Đối thoại phát triển địa phương năm 2021", "2021-07-14T13:48", "baobacninh.com.vn", "", "3"),
        ("003", "Thực thi mục tiêu phát triển trong trạng thái bình thường mới", "2021-07-13T18:03", "TTH.VN",
         "Thái Sơn", "16"),
        ("004", "", "", "", "", "0"),
    ]


def test_sources_show_removed_on_seed_001(run):
    result = run("sources", "--show-removed", str(SEEDS / "001_6338e0ceedcb0c4c.txt"), "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    def status(start: str) -> set[str]:
        return {r["status"] for r in rows if r["text"].startswith(start)}

    assert status("Muốn đẩy nhanh quá trình chuyển đổi số") == {"kept"}
    assert status("{keywords}") == {"placeholder"}
    assert status("Thu Hằng") == {"byline"}
    assert status("Kỳ vọng đến Việt Nam") == {"trailer"}
    assert status("tin nổi bật") == {"trailer"}
    lines = (SEEDS / "001_6338e0ceedcb0c4c.txt").read_text(encoding="utf-8").split("\n")
    before_byline = [x for x in lines[: lines.index("Thu Hằng")] if x.strip(" \u00a0")]
    assert sum(r["status"] == "kept" for r in rows) == len(before_byline) - 1  # less {keywords}
    assert rows[-1]["status"] == "trailer"


def test_kwic_every_slice_is_the_phrase(run):
    result = run("kwic", "tăng trưởng xanh", "-f", "json")
    rows = json.loads(result.stdout)
    by_term = csv.DictReader(io.StringIO(run("themes", "--by-term", "-f", "csv").stdout))
    assert len(rows) == sum(int(r["count"]) for r in by_term if r["term"] == "tăng trưởng xanh") == 12
    for row in rows:
        original = (SEEDS / row["source"]).read_text(encoding="utf-8")
        assert original[row["start"] : row["end"]] == row["match"]
        assert " ".join(row["match"].split()).lower() == "tăng trưởng xanh"


def test_kwic_theme_and_errors(run):
    result = run("kwic", "--theme", "quản trị thực thi", str(SEEDS / "002_03d2201b80de2184.txt"), "-f", "csv")
    assert [r["match"] for r in csv.DictReader(io.StringIO(result.stdout))] == ["quản trị thực thi", "năng lực điều hành"]
    assert run("kwic").exit_code == 2
    bad = run("kwic", "--theme", "không có")
    assert bad.exit_code == 2 and "the themes are: chuyển đổi số, tăng trưởng xanh, quản trị thực thi" in bad.stderr


def test_keywords_summary_and_errors(run, tmp_path: Path):
    result = run("keywords", "--method", "keyness", "--summary", "--top", "2", "-f", "csv")
    assert result.stdout.splitlines()[-1] == "004_538c58c966f93917.txt,Thái Nguyên; Hà Nội"
    one = run("keywords", str(SEEDS / "002_03d2201b80de2184.txt"), "--method", "tfidf")
    assert one.exit_code == 2
    assert "--method tfidf compares sources, and only 1 was read" in one.stderr
    assert run("keywords", "--pos", "N,Q").exit_code == 2
    missing = run("keywords", "--stopwords", str(tmp_path / "nope.txt"))
    assert missing.exit_code == 2 and "nope.txt: no such file or directory" in missing.stderr


def test_keywords_table_has_a_section_per_source(run):
    result = run("keywords", "--top", "3", "-f", "table")
    out = result.stdout
    assert all(name in out for name in (p.name for p in SEEDS.glob("*.txt")))
    assert out.index("000_bd2ac04a1bd0c17a.txt") < out.index("001_6338e0ceedcb0c4c.txt")


@pytest.mark.parametrize("codec", ["rot13", "base64", "zlib", "hex", "undefined"])
def test_a_codec_that_is_not_a_text_encoding_is_a_usage_error(run, codec: str):
    result = run("tokenize", str(SEEDS / "002_03d2201b80de2184.txt"), "--encoding", codec)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '--encoding': '{codec}' is not a text encoding (try utf-8, utf-16, cp1258)")
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_a_text_codec_that_fails_without_a_position_is_one_line(run, tmp_path: Path):
    (tmp_path / "bad.txt").write_bytes(b"abc-9")  # punycode's own UnicodeError, not a UnicodeDecodeError
    (tmp_path / "ok.txt").write_text("abc-", encoding="utf-8")
    result = run("tokenize", str(tmp_path / "bad.txt"), str(tmp_path / "ok.txt"), "--encoding", "punycode")
    assert result.exit_code == 1
    assert result.stderr == (f"dialogue: {tmp_path / 'bad.txt'}: cannot be decoded as punycode; "
                             "check the file's encoding and pass it with --encoding\n")
    assert result.stdout == "# newdoc id = ok.txt\nabc\n"


def test_a_file_name_that_is_not_utf8_with_output_file(run, tmp_path: Path):
    import os

    name = os.fsdecode(b"caf\xff.txt")  # as Python hands a non-UTF-8 name over: surrogate escapes
    (tmp_path / name).write_text("Tạm biệt.", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("Tạm biệt.", encoding="utf-8")
    (tmp_path / os.fsdecode(b"\xfe.txt")).write_bytes(b"\x00")
    out = tmp_path / "out.csv"
    result = run("themes", str(tmp_path), "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == f"dialogue: {tmp_path}/\\xfe.txt: binary file (contains NUL bytes); " \
                            "if it is UTF-16 without a BOM, pass --encoding utf-16-le\n"
    rows = out.read_bytes().decode("utf-8").splitlines()  # valid UTF-8
    assert [r.split(",")[0] for r in rows[1:]] == ["caf\\xff.txt", "ok.txt"]
    given = run("tokenize", str(tmp_path / name), "-f", "jsonl", "-o", str(out))
    assert given.exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[0])["source"] == "caf\\xff.txt"


def test_kwic_refuses_what_it_would_ignore_or_never_match(run, tmp_path: Path):
    themes = tmp_path / "t.yaml"
    themes.write_text("a: [số hóa]\n", encoding="utf-8")
    unused = run("kwic", "tăng trưởng xanh", "--themes", str(themes))
    assert unused.exit_code == 2
    assert unused.stderr.splitlines()[-1] == "Error: --themes goes with --theme NAME (a PATTERN is searched as it is)"
    invisible = run("kwic", "\u200e\u2063")
    assert invisible.exit_code == 2
    assert invisible.stderr.splitlines()[-1] == (
        "Error: Invalid value for PATTERN: '\\u200e\\u2063' has only invisible characters: it would match nothing")
