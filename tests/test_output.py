from __future__ import annotations

import json
from pathlib import Path

import pytest

from dialogue_cli.output.writer import TableStyle, open_writer

from .conftest import SEEDS

ROWS = [
    {"source": "a.txt", "term": "chuyển đổi số", "count": 3},
    {"source": "b, c.txt", "term": 'tăng "trưởng" xanh', "count": 0},
]
COLS = ["source", "term", "count"]


def render(capsys, fmt: str, **kw) -> str:
    with open_writer(fmt=fmt, **kw) as w:
        w.rows(ROWS, COLS, style=TableStyle(bars=["count"], footer=lambda rows: {"source": "TOTAL", "count": sum(r["count"] for r in rows)}))
    return capsys.readouterr().out


def test_csv(capsys):
    assert render(capsys, "csv") == (
        "source,term,count\n"
        "a.txt,chuyển đổi số,3\n"
        '"b, c.txt","tăng ""trưởng"" xanh",0\n'
    )


def test_csv_without_header_and_with_bom(capsys):
    assert render(capsys, "csv", header=False, bom=True) == (
        '\ufeffa.txt,chuyển đổi số,3\n"b, c.txt","tăng ""trưởng"" xanh",0\n'
    )


def test_tsv(capsys):
    assert render(capsys, "tsv") == (
        "source\tterm\tcount\na.txt\tchuyển đổi số\t3\nb, c.txt\t\"tăng \"\"trưởng\"\" xanh\"\t0\n"
    )


def test_json_keeps_vietnamese_unescaped(capsys):
    out = render(capsys, "json")
    assert "chuyển đổi số" in out
    assert json.loads(out) == ROWS


def test_json_of_no_rows_is_an_empty_list(capsys):
    with open_writer(fmt="json") as w:
        w.rows([], COLS)
    assert json.loads(capsys.readouterr().out) == []


def test_jsonl(capsys):
    lines = render(capsys, "jsonl").splitlines()
    assert lines[0] == '{"source": "a.txt", "term": "chuyển đổi số", "count": 3}'
    assert [json.loads(x) for x in lines] == ROWS


def test_auto_is_csv_when_piped(capsys):
    assert render(capsys, "auto").startswith("source,term,count\n")


def test_table_has_rows_bars_and_footer(capsys):
    out = render(capsys, "table")
    assert "chuyển đổi số" in out and "TOTAL" in out and "█" in out
    assert "\x1b[" not in out  # not a terminal: no colour codes


def test_table_groups_into_sections(capsys):
    with open_writer(fmt="table") as w:
        w.rows(ROWS, COLS, style=TableStyle(group_by="source"))
    out = capsys.readouterr().out
    assert out.index("a.txt") < out.index("chuyển đổi số") < out.index("b, c.txt")


def test_no_color_is_honoured(monkeypatch, capsys):
    from dialogue_cli.output.writer import Writer
    import io

    monkeypatch.setenv("NO_COLOR", "1")
    buf = io.StringIO()
    Writer(buf, fmt="table", header=True, terminal=True).rows(ROWS, COLS, style=TableStyle(bars=["count"]))
    assert "chuyển đổi số" in buf.getvalue()
    assert "\x1b[3" not in buf.getvalue()  # no foreground colours


def test_output_file_is_written_atomically(tmp_path: Path):
    target = tmp_path / "out.csv"
    target.write_text("old contents\n", encoding="utf-8")

    def failing_rows():
        yield ROWS[0]
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        with open_writer(fmt="csv", output=str(target)) as w:
            w.rows(failing_rows(), COLS)
    assert target.read_text(encoding="utf-8") == "old contents\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temp file left

    with open_writer(fmt="auto", output=str(target)) as w:
        w.rows(ROWS, COLS)
    assert target.read_text(encoding="utf-8").startswith("source,term,count\na.txt,")
    assert target.stat().st_mode & 0o777 != 0o600


# --- -o FILE that cannot be replaced atomically (found with issue 15) ------------------------------------

def test_output_into_a_missing_folder_or_onto_a_folder_is_one_line(run, tmp_path: Path):
    seed = str(SEEDS / "002_03d2201b80de2184.txt")
    missing = run("themes", seed, "-o", str(tmp_path / "nope" / "x.csv"))
    assert (missing.exit_code, missing.stdout) == (2, "")
    assert missing.stderr == f"dialogue: {tmp_path}/nope/x.csv: cannot be written (no such file or directory)\n"
    folder = run("themes", seed, "-o", str(tmp_path))
    assert folder.exit_code == 2
    assert folder.stderr == f"dialogue: {tmp_path}: is a directory; give -o a file name\n"
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind


def test_output_through_a_symlink_replaces_the_file_it_points_to(run, tmp_path: Path):
    (tmp_path / "real.csv").write_text("old\n", encoding="utf-8")
    (tmp_path / "link.csv").symlink_to("real.csv")
    result = run("tokenize", "-", "-f", "csv", "-o", str(tmp_path / "link.csv"), input="Tạm biệt.")
    assert result.exit_code == 0
    assert (tmp_path / "link.csv").is_symlink()
    assert (tmp_path / "real.csv").read_text(encoding="utf-8").startswith("source,sentence,position,token\n")


def test_output_to_a_pipe_is_written_in_place(run, tmp_path: Path):
    import os
    import threading

    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    result = run("tokenize", "-", "-f", "csv", "--no-header", "-o", str(fifo), input="Tạm biệt.")
    reader.join(timeout=30)
    assert result.exit_code == 0
    assert got == ["<stdin>,1,1,Tạm biệt\n<stdin>,1,2,.\n"]
    assert fifo.is_fifo()
