from __future__ import annotations

import codecs
import io
import json
from pathlib import Path

import pytest

from dialogue_cli.corpus.inputs import InputRef, builtin_fields
from dialogue_cli.errors import InputProblem
from dialogue_cli.corpus import tables
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


def test_table_fields_are_every_key_of_a_json_table_and_the_header_of_a_csv(tmp_path: Path):
    f = tmp_path / "a.jsonl"
    f.write_text('{"url": "u", "hostname": "vnexpress.net", "text": "x", "date": "2021"}\nbroken\n'
                 '{"text": "y", "province": "Huế", "author": "Thu Hằng"}\n', encoding="utf-8")
    ref = InputRef("a.jsonl", str(f))
    assert table_fields(ref, options=TableOptions()) == ["url", "hostname", "date", "province", "author", "outlet",
                                                         "byline"]
    g = tmp_path / "a.csv"
    g.write_text("id,content,sitename\n1,x,TT\n", encoding="utf-8")
    assert table_fields(InputRef("a.csv", str(g)), options=TableOptions()) == ["id", "sitename", "outlet"]


def test_parquet_rows(tmp_path: Path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    f = tmp_path / "a.parquet"
    pq.write_table(pa.table({"url": ["u1", "u2"], "text": ["Một.", "Hai."], "outlet": ["TT", "VNE"]}), f)
    assert rows(f) == [("u1", "Một.", {"url": "u1", "outlet": "TT"}), ("u2", "Hai.", {"url": "u2", "outlet": "VNE"})]


def test_a_broken_element_is_reported_without_reading_the_rest_of_the_file(tmp_path: Path):
    f = tmp_path / "a.json"
    tail = ", ".join(json.dumps({"text": "x" * 1000}) for _ in range(5000))  # 5 MB after the broken element
    f.write_text('[{"text": "Một."}, {"text": "Hai." "x": 1}, ' + tail + "]", encoding="utf-8")

    class Counting(io.FileIO):
        read_bytes = 0

        def readinto(self, b):  # type: ignore[override]
            n = super().readinto(b)
            Counting.read_bytes += n or 0
            return n

    ref = InputRef("a.json", str(f))
    with io.BufferedReader(Counting(str(f))) as fh:
        out = list(tables._json_array(fh, ref, TableOptions()))
    assert out[0] == (1, {"text": "Một."})
    assert str(out[1][1]) == (f"{f}: row 2: Expecting ',' delimiter; the rest of the file is skipped")
    assert len(out) == 2 and Counting.read_bytes <= 2 << 20  # 1 MB chunks: not the whole 5 MB


@pytest.mark.parametrize("kind", ["jsonl", "json"])
def test_rows_stream_memory_stays_below_the_file_size(tmp_path: Path, kind: str):
    import tracemalloc

    f = tmp_path / f"big.{kind}"
    text = "Tỉnh đẩy mạnh chuyển đổi số và tăng trưởng xanh. " * 1000  # 50,000 characters
    with f.open("w", encoding="utf-8") as fh:
        items = (json.dumps({"id": str(i), "text": text}, ensure_ascii=False) for i in range(600))
        fh.write("\n".join(items) if kind == "jsonl" else "[" + ",\n".join(items) + "]")
    size = f.stat().st_size  # ~40 MB
    tracemalloc.start()
    n = sum(1 for r in table_rows(InputRef(f.name, str(f)), options=TableOptions(), ids=SourceIds())
            if not isinstance(r, InputProblem))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert n == 600 and peak < size / 2, (peak, size)  # json: ~13 MB (1 MB chunks), flat as files grow


@pytest.mark.parametrize("kind", ["jsonl", "csv"])
def test_evidence_and_kwic_offsets_are_offsets_into_the_rows_text(run, tmp_path: Path, kind: str):
    import csv
    import unicodedata

    texts = {"r1": "Dòng đầu.\r\nTỉnh đẩy mạnh chuyển\u00a0đổi số và " + unicodedata.normalize("NFD", "tăng trưởng xanh")
             + ".\r\nCHUYỂN ĐỔI SỐ là xu hướng.",
             "r2": "\ufeffKhông. Chuyển đổi số!"}
    f = tmp_path / f"rows.{kind}"
    with f.open("w", encoding="utf-8", newline="") as fh:
        if kind == "csv":
            w = csv.writer(fh)
            w.writerows([["id", "text"], *texts.items()])
        else:
            fh.writelines(json.dumps({"id": k, "text": v}, ensure_ascii=False) + "\n" for k, v in texts.items())
    evidence = [json.loads(line) for line in run("themes", str(f), "--evidence", "-f", "jsonl").stdout.splitlines()]
    assert [(r["source"], r["start"], r["end"], r["term"]) for r in evidence] == [
        ("r1", 25, 38, "chuyển đổi số"), ("r1", 42, 62, "tăng trưởng xanh"), ("r1", 65, 78, "chuyển đổi số"),
        ("r2", 8, 21, "chuyển đổi số")]
    assert [texts[r["source"]][r["start"]:r["end"]] for r in evidence] == [
        "chuyển\u00a0đổi số", unicodedata.normalize("NFD", "tăng trưởng xanh"), "CHUYỂN ĐỔI SỐ", "Chuyển đổi số"]
    kwic = [json.loads(line) for line in run("kwic", "chuyển đổi số", str(f), "-f", "jsonl").stdout.splitlines()]
    assert [(r["source"], r["start"], r["end"]) for r in kwic] == [("r1", 25, 38), ("r1", 65, 78), ("r2", 8, 21)]
    assert all(texts[r["source"]][r["start"]:r["end"]] == r["match"] for r in kwic)


def test_trafilatura_json_rows_take_their_url_as_id_and_never_replace_the_source_id(tmp_path: Path, run):
    f = tmp_path / "t.jsonl"
    rows_ = [{"id": None, "source": "https://vnexpress.net/a", "source-hostname": "VnExpress", "hostname": "vnexpress.net",
              "author": "Thu Hằng", "date": "2021-07-14", "text": "Chuyển đổi số."},
             {"id": "42", "source": "https://vnexpress.net/b", "sitename": "VnExpress", "text": "Xanh."},
             {"id": None, "text": "Không có id."}]
    f.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows_), encoding="utf-8")
    assert rows(f) == [
        ("https://vnexpress.net/a", "Chuyển đổi số.",
         {"id": "", "source-hostname": "VnExpress", "hostname": "vnexpress.net", "author": "Thu Hằng",
          "date": "2021-07-14", "outlet": "vnexpress.net", "byline": "Thu Hằng", "url": "https://vnexpress.net/a"}),
        ("42", "Xanh.", {"id": "42", "sitename": "VnExpress", "outlet": "VnExpress", "url": "https://vnexpress.net/b"}),
        ("t.jsonl#3", "Không có id.", {"id": ""}),
    ]
    out = run("sources", str(f), "-f", "csv", "--no-cache").stdout.splitlines()
    assert out[0] == ("source,file,folder,title,date,outlet,byline,id,source-hostname,hostname,author,sitename,url,"
                      "sentences,words,removed_lines")
    assert out[1].startswith("https://vnexpress.net/a,t.jsonl,,,2021-07-14,vnexpress.net,Thu Hằng,,VnExpress,")
    assert [line.split(",")[0] for line in out[1:]] == ["https://vnexpress.net/a", "42", "t.jsonl#3"]
