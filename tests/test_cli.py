from __future__ import annotations

import codecs
import json
from pathlib import Path

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
