from __future__ import annotations

from dialogue_cli.corpus import Document
from dialogue_cli.pipeline import analyse
from dialogue_cli.sources import audit_rows, source_rows

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
