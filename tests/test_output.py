from __future__ import annotations

import json
import re
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


THEMES = ["chuyển đổi số", "tăng trưởng xanh", "quản trị thực thi"]


def narrow_table(monkeypatch, by: str, rows: list[dict], width: int = 80) -> list[str]:
    """The themes counts table as a terminal of ``width`` columns shows it (colours stripped)."""
    import io
    import re

    from dialogue_cli.analysis.groups import parse_by
    from dialogue_cli.analysis.themes import count_columns
    from dialogue_cli.commands.themes import count_style
    from dialogue_cli.output.writer import Writer

    monkeypatch.setenv("COLUMNS", str(width))
    out = io.StringIO()
    grouping = parse_by(by)
    Writer(out, fmt="table", header=True, terminal=True).rows(rows, count_columns(THEMES, grouping),
                                                              style=count_style(THEMES, grouping))
    return [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in out.getvalue().splitlines()]


def group_row(fields: dict, n: int) -> dict:
    row = {**fields, "documents": 1091 + n, "words": 398676 + n}
    for i, t in enumerate(THEMES):
        row |= {t: 120 + 10 * i + n, f"{t} docs": 40 + i + n, f"{t} per 1k": round(0.3 + i + n / 7, 2)}
    return row


@pytest.mark.parametrize("by, values", [
    ("outlet,date:month", [("tintuc-demo.vn", "2021-05"), ("baomau.vn", "2021-06")]),
    ("folder,date:month", [("Chinh tri Xa hoi", "2021-05"), ("Khoa hoc", "2021-06")]),
    ("folder,outlet,date:week", [("Chinh tri Xa hoi", "Tuổi Trẻ, TP.HCM", "2021-W05")]),
])
def test_a_grouped_themes_table_fits_80_columns_and_cuts_no_number(monkeypatch, by, values):
    names = by.split(",")
    rows = [group_row(dict(zip(names, v)), n) for n, v in enumerate(values)]
    lines = narrow_table(monkeypatch, by, rows)
    assert max(len(line) for line in lines) <= 80
    text = "\n".join(lines)
    assert [line.strip() for line in lines if line.strip() in THEMES] == THEMES  # one table per theme, titled
    for row in rows:
        for column, value in row.items():
            if isinstance(value, (int, float)) and column not in ("documents", "words"):
                shown = f"{value:.2f}" if isinstance(value, float) else str(value)
                assert re.search(rf"(?<![\d.]){re.escape(shown)}(?![\d.])", text), (column, shown)
        assert str(row["words"]) in text and str(row["documents"]) in text


def test_per_source_themes_table_at_80_columns_is_one_table_per_theme_with_bars(monkeypatch):
    rows = [{"source": f"00{i}_bd2ac04a1bd0c17a.txt", "words": 700 + i, **{t: i + j for j, t in enumerate(THEMES)},
             **{f"{t} per 1k": round((i + j) * 1000 / (700 + i), 2) for j, t in enumerate(THEMES)}} for i in range(3)]
    lines = narrow_table(monkeypatch, "source", rows)
    assert max(len(line) for line in lines) <= 80
    assert [line.strip() for line in lines if line.strip() in THEMES] == THEMES
    assert "┃ source                   ┃ words ┃ mentions ┃    per 1k words ┃" in lines
    assert sum("█" in line for line in lines) >= 3  # bars kept: they fit
    wide = narrow_table(monkeypatch, "source", rows, width=200)
    assert not any(line.strip() in THEMES for line in wide) and len(wide[2]) > 80  # one table, as in a wide terminal


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
