from __future__ import annotations

from dialogue_cli.corpus.inputs import Document
from dialogue_cli.corpus.pipeline import analyse
from dialogue_cli.analysis.sources import audit_rows, source_rows

PAGE = (
    "Thứ Ba, 13/07/2021 18:03\r\n"
    "Chuyển đổi số ở địa phương\r\n"
    "TTO - Tỉnh đẩy mạnh chuyển đổi số trong năm nay.\r\n"
    "Tin, ảnh: Thái Sơn\r\n"
    "TIN MỚI\r\n"
    "Thủ tướng thăm Sơn La.\r\n"
)


def test_source_row():
    doc = analyse(Document("a.txt", "a.txt", PAGE, "utf-8"))
    assert list(source_rows([doc])) == [
        {
            "source": "a.txt",
            "file": "a.txt",
            "folder": "",
            "title": "Chuyển đổi số ở địa phương",
            "date": "2021-07-13T18:03",
            "outlet": "TTO",
            "byline": "Thái Sơn",
            "sentences": 2,
            "words": 11,
            "removed_lines": 4,
        }
    ]


def test_audit_rows_show_every_line_with_its_status_and_line_number():
    doc = analyse(Document("a.txt", "a.txt", PAGE, "utf-8"))
    assert [(r["line"], r["status"], r["text"]) for r in audit_rows([doc])] == [
        (1, "date", "Thứ Ba, 13/07/2021 18:03"),
        (2, "kept", "Chuyển đổi số ở địa phương"),
        (3, "dateline", "TTO - "),
        (3, "kept", "Tỉnh đẩy mạnh chuyển đổi số trong năm nay."),
        (4, "byline", "Tin, ảnh: Thái Sơn"),
        (5, "trailer", "TIN MỚI"),
        (6, "trailer", "Thủ tướng thăm Sơn La."),
    ]


def test_raw_keeps_everything_and_reads_no_metadata():
    doc = analyse(Document("a.txt", "a.txt", PAGE, "utf-8"), raw=True)
    row = next(source_rows([doc]))
    assert (row["title"], row["date"], row["byline"], row["removed_lines"]) == (None, None, None, 0)
    assert {r["status"] for r in audit_rows([doc])} == {"kept"}


def test_sources_show_every_field_and_meta_overrides(run, tmp_path):
    table = tmp_path / "news.csv"
    table.write_text('url,sitename,date,text\nu1,Tuổi Trẻ,2021-07-14,"Chuyển đổi số."\nu2,VnExpress,15/08/2021,\n'
                     'u3,VnExpress,2021-08-20,"Tăng trưởng xanh."\n', encoding="utf-8")
    meta = tmp_path / "meta.csv"
    meta.write_text("source,province,sitename\nu1,Huế,TTO\nzz,Nowhere,\n", encoding="utf-8")
    result = run("sources", str(table), "--meta", str(meta), "-f", "csv", "--no-cache")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "source,file,folder,title,date,outlet,byline,province,sitename,url,sentences,words,removed_lines",
        "u1,news.csv,,,2021-07-14,Tuổi Trẻ,,Huế,TTO,u1,1,2,0",
        "u3,news.csv,,,2021-08-20,VnExpress,,,VnExpress,u3,1,2,0",
    ]
    assert result.stderr.splitlines() == [
        f"dialogue: {table}: row 2: no text in column 'text'",
        f"dialogue: warning: {meta}: 1 row matched no document (e.g. source 'zz')",
    ]


def test_sources_by_group_give_documents_sizes_and_date_range(run, tmp_path):
    table = tmp_path / "news.jsonl"
    table.write_text(
        '{"text": "Một. Hai.", "outlet": "TT", "date": "2021-07-14"}\n'
        '{"text": "Ba.", "outlet": "TT", "date": "03/06/2021"}\n'
        '{"text": "Bốn.", "outlet": "VNE"}\n', encoding="utf-8")
    result = run("sources", str(table), "--by", "outlet", "-f", "csv", "--no-cache")
    assert result.stdout.splitlines() == [
        "outlet,documents,sentences,words,removed_lines,first_date,last_date",
        "TT,2,3,3,0,2021-06-03,2021-07-14",
        "VNE,1,1,1,0,,",
    ]


def test_path_pattern_fields_and_the_unmatched_count(run, tmp_path):
    (tmp_path / "KD").mkdir()
    (tmp_path / "KD" / "KD_ VNE_ (1).txt").write_text("Một.", encoding="utf-8")
    (tmp_path / "KD" / "other.txt").write_text("Hai.", encoding="utf-8")
    result = run("sources", str(tmp_path), "--path-pattern", r"[A-Z]+_ ?(?P<outlet>[A-Z]+)_", "-f", "csv", "--no-cache")
    assert [line.split(",")[:6] for line in result.stdout.splitlines()] == [
        ["source", "file", "folder", "title", "date", "outlet"],
        ["KD/KD_ VNE_ (1).txt", "KD_ VNE_ (1).txt", "KD", "", "", "VNE"],
        ["KD/other.txt", "other.txt", "KD", "", "", ""],
    ]
    assert result.stderr == ("dialogue: warning: --path-pattern did not match 1 source (e.g. 'KD/other.txt'): "
                             "their pattern fields are empty\n")
    assert result.exit_code == 0


def test_show_removed_does_not_go_with_by(run):
    result = run("sources", "--show-removed", "--by", "outlet")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith("Error: --show-removed lists each document's lines; it does not go with --by\n")
