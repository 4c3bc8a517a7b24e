from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from dialogue_cli.corpus.inputs import InputRef, builtin_fields
from dialogue_cli.errors import InputProblem
from dialogue_cli.corpus.tables import SourceIds, TableOptions, table_fields, table_kind, table_rows


def rows(path: Path, **options):
    ref = InputRef(path.name, str(path), builtin_fields(path.name, str(path)))
    out = []
    for item in table_rows(ref, options=TableOptions(**options), ids=SourceIds()):
        if isinstance(item, InputProblem):
            out.append(str(item).replace(str(path), path.name))
        else:
            out.append((item.source, item.text, dict(item.extra)))
    return out


def test_kinds():
    assert [table_kind(p) for p in ("a.csv", "a.TSV", "a.ndjson", "a.jsonl", "a.json", "a.parquet", "a.txt")] == [
        "csv", "tsv", "jsonl", "jsonl", "json", "parquet", None]


def test_csv_rows_with_id_text_and_fields(tmp_path: Path):
    f = tmp_path / "news.csv"
    f.write_text('id,title,content,sitename\n7,"Tiêu đề","Chuyển đổi số.\nDòng hai",VnExpress\n', encoding="utf-8")
    assert rows(f) == [("7", "Chuyển đổi số.\nDòng hai",
                        {"id": "7", "title": "Tiêu đề", "sitename": "VnExpress", "outlet": "VnExpress"})]


def test_jsonl_ids_fall_back_to_file_and_row_and_stay_unique(tmp_path: Path):
    f = tmp_path / "n.jsonl"
    f.write_text(
        json.dumps({"url": "u1", "text": "Một."}, ensure_ascii=False) + "\n\n"
        + json.dumps({"text": "Hai.", "author": "Thu Hằng", "n": 3}, ensure_ascii=False) + "\n"
        + json.dumps({"url": "u1", "text": "Ba."}) + "\n",
        encoding="utf-8",
    )
    assert rows(f) == [
        ("u1", "Một.", {"url": "u1"}),
        ("n.jsonl#3", "Hai.", {"author": "Thu Hằng", "n": "3", "byline": "Thu Hằng"}),
        ("n.jsonl#4", "Ba.", {"url": "u1"}),  # a repeated id is replaced, as a repeated file name is
    ]


def test_bad_rows_are_reported_in_place_and_the_others_kept(tmp_path: Path):
    f = tmp_path / "n.jsonl"
    f.write_bytes(b'{"text": "A."}\n{"text": \n[1]\n{"text": ""}\n{"text": "B\xff"}\n{"text": "C."}\n')
    assert rows(f) == [
        ("n.jsonl#1", "A.", {}),
        "n.jsonl: line 2: not valid JSON (Expecting value)",
        "n.jsonl: line 3: not a JSON object",
        "n.jsonl: row 4: no text in column 'text'",
        "n.jsonl: line 5: not UTF-8 (invalid byte 0xff)",
        ("n.jsonl#6", "C.", {}),
    ]


def test_wrong_column_names_fail_the_file_with_its_columns(tmp_path: Path):
    f = tmp_path / "a.csv"
    f.write_text("id,body\n1,Một.\n", encoding="utf-8")
    assert rows(f, text_column="noidung") == ["a.csv: no column 'noidung' (columns: id, body)"]
    assert rows(f, id_column="url") == ["a.csv: no column 'url' (columns: id, body)"]
    g = tmp_path / "b.csv"
    g.write_text("id,tieu_de\n1,x\n", encoding="utf-8")
    assert rows(g) == ["b.csv: no text column (looked for text, content, body, maintext; columns: id, tieu_de)"]


def test_text_column_option_is_case_insensitive_and_tsv_utf16_is_read(tmp_path: Path):
    f = tmp_path / "a.tsv"
    f.write_bytes(codecs.BOM_UTF16_LE + "ID\tNoiDung\r\nx\tHai dòng.\r\n".encode("utf-16-le"))
    assert rows(f, text_column="noidung", id_column="id") == [("x", "Hai dòng.", {"ID": "x"})]


def test_csv_row_with_too_many_fields(tmp_path: Path):
    f = tmp_path / "a.csv"
    f.write_text("text,x\nMột.,1,2\nHai.,3\n", encoding="utf-8")
    assert rows(f) == ["a.csv: row 1 (line 2): 3 fields, the header has 2", ("a.csv#2", "Hai.", {"x": "3"})]


def test_json_array_streams_objects_and_reports_a_broken_tail(tmp_path: Path):
    f = tmp_path / "a.json"
    f.write_text('[{"text": "Một.", "date": "2021-07-14"}, {"text": "Hai."}, {"text": ', encoding="utf-8")
    out = rows(f)
    assert out[:2] == [("a.json#1", "Một.", {"date": "2021-07-14"}), ("a.json#2", "Hai.", {})]
    assert out[2].startswith("a.json: row 3: Expecting value; the rest of the file is skipped")
    empty = tmp_path / "e.json"
    empty.write_text(" [ ] ", encoding="utf-8")
    assert rows(empty) == []
    obj = tmp_path / "o.json"
    obj.write_text('{"text": "x"}', encoding="utf-8")
    assert rows(obj)[0].startswith("o.json: row 1: not a JSON array")


def test_json_array_larger_than_one_read(tmp_path: Path):
    f = tmp_path / "big.json"
    docs = [{"id": str(i), "text": "Chuyển đổi số " * 2000} for i in range(60)]  # ~1.7 MB: several chunks
    f.write_text(json.dumps(docs, ensure_ascii=False), encoding="utf-8")
    assert [r[0] for r in rows(f)] == [str(i) for i in range(60)]


def test_table_fields_come_from_the_first_row(tmp_path: Path):
    f = tmp_path / "a.jsonl"
    f.write_text('{"url": "u", "hostname": "vnexpress.net", "text": "x", "date": "2021"}\n', encoding="utf-8")
    ref = InputRef("a.jsonl", str(f))
    assert table_fields(ref, options=TableOptions()) == ["url", "hostname", "date", "outlet"]


def test_parquet_rows(tmp_path: Path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    f = tmp_path / "a.parquet"
    pq.write_table(pa.table({"url": ["u1", "u2"], "text": ["Một.", "Hai."], "outlet": ["TT", "VNE"]}), f)
    assert rows(f) == [("u1", "Một.", {"url": "u1", "outlet": "TT"}), ("u2", "Hai.", {"url": "u2", "outlet": "VNE"})]
