from __future__ import annotations

from dialogue_cli.corpus.inputs import Document
from dialogue_cli.corpus.pipeline import analyse
from dialogue_cli.analysis.tokens import token_lines, token_rows


def doc(text: str, source: str = "a.txt"):
    return analyse(Document(source, source, text, "utf-8"))


def test_rows_are_numbered_from_one_per_sentence():
    rows = list(token_rows([doc("Tạm biệt. Chuyển đổi số.")]))
    assert [(r["sentence"], r["position"], r["token"]) for r in rows] == [
        (1, 1, "Tạm biệt"),
        (1, 2, "."),
        (2, 1, "Chuyển đổi"),
        (2, 2, "số"),
        (2, 3, "."),
    ]
    assert set(rows[0]) == {"source", "sentence", "position", "token"}


def test_rows_with_pos():
    rows = list(token_rows([doc("Chuyển đổi số là xu hướng.")], pos=False))
    assert "pos" not in rows[0]
    tagged = analyse(Document("a", "a", "Chuyển đổi số là xu hướng.", "utf-8"), pos=True)
    rows = list(token_rows([tagged], pos=True))
    assert [r["pos"] for r in rows] == ["N", "N", "V", "N", "CH"]


def test_lines_join_syllables_with_underscores_and_mark_documents():
    docs = [doc("Chuyển đổi số là xu hướng.", "a.txt"), doc("Tăng trưởng xanh.", "b.txt")]
    assert list(token_lines(docs, headers=True)) == [
        "# newdoc id = a.txt",
        "Chuyển_đổi số là xu_hướng .",
        "# newdoc id = b.txt",
        "Tăng_trưởng xanh .",
    ]


def test_empty_document_has_no_tokens():
    assert list(token_rows([doc("")])) == []
    assert doc("").word_count == 0
