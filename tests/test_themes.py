from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from dialogue_cli.corpus import Document
from dialogue_cli.matching import Matcher
from dialogue_cli.pipeline import analyse
from dialogue_cli.themes import count_columns, count_rows, evidence_rows, rejected_rows, term_rows, total_row

from .conftest import SEEDS

THEMES = {"cds": ["chuyển đổi số", "số hóa"], "xanh": ["tăng trưởng xanh"]}


def docs():
    return [
        analyse(Document("a.txt", "a.txt", "Chuyển đổi số và số hoá. Hệ thống chuyển đổi số liệu.", "utf-8")),
        analyse(Document("b.txt", "b.txt", "Tăng trưởng xanh.", "utf-8")),
        analyse(Document("empty.txt", "empty.txt", "", "utf-8")),
    ]


def test_count_rows_and_rates():
    rows = list(count_rows(docs(), Matcher(THEMES)))
    assert count_columns(list(THEMES)) == ["source", "words", "cds", "xanh", "cds per 1k", "xanh per 1k"]
    assert rows == [
        # words: Chuyển đổi | số | và | số | hóa ‖ Hệ thống | chuyển đổi | số liệu
        {"source": "a.txt", "words": 8, "cds": 2, "xanh": 0, "cds per 1k": 250.0, "xanh per 1k": 0.0},
        {"source": "b.txt", "words": 2, "cds": 0, "xanh": 1, "cds per 1k": 0.0, "xanh per 1k": 500.0},
        {"source": "empty.txt", "words": 0, "cds": 0, "xanh": 0, "cds per 1k": None, "xanh per 1k": None},
    ]
    assert total_row(rows, list(THEMES)) == {
        "source": "TOTAL", "words": 10, "cds": 2, "xanh": 1, "cds per 1k": 200.0, "xanh per 1k": 100.0,
    }


def test_term_rows_include_rejected_places():
    assert list(term_rows(docs(), Matcher(THEMES))) == [
        {"source": "a.txt", "theme": "cds", "term": "chuyển đổi số", "count": 1, "rejected": 1},
        {"source": "a.txt", "theme": "cds", "term": "số hóa", "count": 1, "rejected": 0},
        {"source": "b.txt", "theme": "xanh", "term": "tăng trưởng xanh", "count": 1, "rejected": 0},
    ]


def test_evidence_offsets_point_into_the_original_text():
    original = "Tiêu đề\r\nNgày nay, CHUYỂN\u00a0ĐỔI SỐ và so\u0302\u0301 hoá là xu hướng.\r\n"
    doc = analyse(Document("x.txt", "x.txt", original, "utf-8"))
    rows = list(evidence_rows([doc], Matcher(THEMES)))
    assert [(r["term"], original[r["start"] : r["end"]]) for r in rows] == [
        ("chuyển đổi số", "CHUYỂN\u00a0ĐỔI SỐ"),
        ("số hóa", "so\u0302\u0301 hoá"),
    ]
    assert rows[0]["sentence"] == 2
    assert rows[0]["text"] == "Ngày nay, CHUYỂN\u00a0ĐỔI SỐ và so\u0302\u0301 hoá là xu hướng."


def test_rejected_rows_show_the_segmentation():
    rows = list(rejected_rows(docs(), Matcher(THEMES)))
    assert [(r["source"], r["sentence"], r["term"], r["words"]) for r in rows] == [
        ("a.txt", 2, "chuyển đổi số", "chuyển đổi | số liệu")
    ]


def test_seed_counts_match_the_hand_count():
    """Checked by reading: seed 001 has 16 "chuyển đổi số" (two joined by
    NBSP), "công nghệ số" and "không gian số" (NBSP): 18 for the theme in
    the whole file; one "chuyển đổi số" is in a teaser after the byline."""
    from dialogue_cli.corpus import InputRef, read
    from dialogue_cli.dictionary import default_dictionary

    ref = InputRef("001", str(SEEDS / "001_6338e0ceedcb0c4c.txt"))
    raw = analyse(read(ref), raw=True)
    doc = analyse(raw.doc)
    matcher = Matcher(default_dictionary().themes)
    whole = {(r["theme"], r["term"]): r["count"] for r in term_rows([raw], matcher)}
    assert whole[("chuyển đổi số", "chuyển đổi số")] == 16
    terms = {(r["theme"], r["term"]): r["count"] for r in term_rows([doc], matcher)}
    assert terms[("chuyển đổi số", "chuyển đổi số")] == 15
    assert terms[("chuyển đổi số", "công nghệ số")] == 1
    assert terms[("chuyển đổi số", "không gian số")] == 1
    assert terms[("tăng trưởng xanh", "tăng trưởng xanh")] == 4
    nbsp = [r for r in evidence_rows([doc], matcher) if "\u00a0" in doc.doc.text[r["start"] : r["end"]]]
    assert len(nbsp) == 3
