from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from dialogue_cli.corpus.inputs import Document
from dialogue_cli.text.matching import Matcher
from dialogue_cli.corpus.pipeline import analyse
from dialogue_cli.analysis.themes import count_columns, count_rows, evidence_rows, rejected_rows, term_rows, total_row

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
    from dialogue_cli.corpus.inputs import InputRef, read
    from dialogue_cli.text.dictionary import default_dictionary

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


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_grouped_counts_exact_on_a_small_table(run, tmp_path: Path):
    table = tmp_path / "t.jsonl"
    lines = [
        {"url": "u1", "outlet": "TT", "date": "2021-07-14", "text": "Chuyển đổi số. Chuyển đổi số."},
        {"url": "u2", "outlet": "TT", "date": "20/07/2021", "text": "Tăng trưởng xanh."},
        {"url": "u3", "outlet": "VNE", "date": "2021-08-01", "text": "Chuyển đổi số liệu."},
        {"url": "u4", "date": "hôm qua", "text": "Không có gì."},
    ]
    table.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    result = run("themes", str(table), "--by", "outlet,date:month", "-f", "csv", "--no-cache")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "outlet,date:month,documents,words,chuyển đổi số,tăng trưởng xanh,quản trị thực thi,chuyển đổi số docs,"
        "tăng trưởng xanh docs,quản trị thực thi docs,chuyển đổi số per 1k,tăng trưởng xanh per 1k,"
        "quản trị thực thi per 1k",
        "TT,2021-07,2,6,2,1,0,1,1,0,333.33,166.67,0.0",  # words: chuyển đổi | số ×2, tăng trưởng | xanh,
        "VNE,2021-08,1,2,0,0,0,0,0,0,0.0,0.0,0.0",  # chuyển đổi | số liệu: no mention
        ",,1,3,0,0,0,0,0,0,0.0,0.0,0.0",
    ]
    assert result.stderr.splitlines() == [
        "dialogue: warning: 1 document has no outlet: it forms a group with an empty outlet",
        "dialogue: warning: 1 document has no date with a month (or one that is not a date): "
        "it forms a group with an empty date:month",
    ]
    terms = run("themes", str(table), "--by", "outlet", "--by-term", "-f", "csv", "--no-cache")
    assert terms.stdout.splitlines()[1:] == ["TT,chuyển đổi số,chuyển đổi số,2,0", "TT,tăng trưởng xanh,tăng trưởng xanh,1,0",
                                             "VNE,chuyển đổi số,chuyển đổi số,0,1"]
    evidence = run("themes", str(table), "--by", "outlet", "--evidence", "-f", "csv", "--no-cache")
    assert evidence.stdout.splitlines()[:2] == ["source,outlet,sentence,theme,term,start,end,text",
                                                "u1,TT,1,chuyển đổi số,chuyển đổi số,0,13,Chuyển đổi số."]


def test_by_source_is_todays_output_byte_for_byte(run):
    for args in (["themes", "-f", "csv"], ["themes", "-f", "table"], ["themes", "--by-term", "-f", "csv"],
                 ["themes", "--evidence", "-f", "jsonl"], ["keywords", "--method", "keyness", "-f", "csv"],
                 ["keywords", "--method", "tfidf", "--summary", "-f", "csv"], ["sources", "-f", "csv"]):
        default = run(*args)
        assert default.stdout and run(*args, "--by", "source").stdout == default.stdout, args


def test_bad_by_is_a_usage_error(run):
    result = run("themes", "--by", "date:quarter")
    assert result.exit_code == 2
    assert "a date groups by year, month, week, day" in result.stderr


def test_by_a_field_no_document_has_is_a_usage_error_before_any_output(run, tmp_path: Path):
    for command in ("themes", "sources", "keywords"):
        result = run(command, str(SEEDS), "--path-pattern", r"(?P<n>\d+)_", "--by", "outlett,date:month", "-f", "csv")
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == ("dialogue: no document has a field 'outlett'; the fields are source, file, folder, "
                                 "title, date, outlet, byline, n\n")
    target = run("keywords", str(SEEDS), "--method", "keyness", "--target", "outlett=TT", "-f", "csv")
    assert target.exit_code == 2 and "no document has a field 'outlett'" in target.stderr
    # JSON rows may each have their own keys: any row's key is a field, the others are unknown
    table = tmp_path / "t.jsonl"
    table.write_text('{"text": "Chuyển đổi số."}\n{"text": "Xanh.", "province": "Huế"}\n', encoding="utf-8")
    unknown = run("themes", str(table), "--by", "provinc", "-f", "csv", "--no-cache")
    assert (unknown.exit_code, unknown.stdout) == (2, "")
    assert unknown.stderr == ("dialogue: no document has a field 'provinc'; the fields are source, file, folder, "
                              "title, date, outlet, byline, province\n")
    rows = run("themes", str(table), "--by", "province", "-f", "csv", "--no-cache")
    assert rows.exit_code == 0 and [r.split(",")[:3] for r in rows.stdout.splitlines()[1:]] == [["Huế", "1", "1"],
                                                                                                 ["", "1", "2"]]  # chuyển đổi | số
    assert rows.stderr == "dialogue: warning: 1 document has no province: it forms a group with an empty province\n"


def vntc_subset(shared: Path, tmp_path: Path, per_folder: int = 4) -> Path:
    """A few VNTC articles from every topic folder, copied (names keep their spaces)."""
    import shutil

    root = tmp_path / "vntc"
    for folder in sorted((shared / "corpus" / "vntc_sample").iterdir()):
        if folder.is_dir():
            (root / folder.name).mkdir(parents=True)
            for f in sorted(folder.glob("*.txt"))[:per_folder]:
                shutil.copy(f, root / folder.name / f.name)
    return root


PATTERN = r"(?P<topic>[^/]+)/[A-Z]+_ ?(?P<outlet>[A-Z]+)_"


def outlet_of(name: str) -> str:
    import re

    return re.search(r"[A-Z]+_ ?([A-Z]+)_", name).group(1)  # XH_TT_ (3521).txt, KD_ VNE_ (102).txt


# Terms common in VNTC news, so that the group sums below are checked on real counts, not zeros.
COMMON = "Việt Nam: [Việt Nam]\nthành phố: [thành phố, TP.HCM, Hà Nội]\nngười dân: [người dân]\n"
COMMON_THEMES = ["Việt Nam", "thành phố", "người dân"]


def summed(per_doc: list[dict[str, str]], key, columns: list[str],
           themes: list[str] = COMMON_THEMES) -> dict[tuple[str, ...], dict[str, int]]:
    """Group totals computed another way: summing the per-document rows; ``<theme> docs``
    counts the rows with a mention."""
    out: dict[tuple[str, ...], dict[str, int]] = {}
    for row in per_doc:
        acc = out.setdefault(key(row), {c: 0 for c in columns} | {"documents": 0} | {f"{t} docs": 0 for t in themes})
        acc["documents"] += 1
        for c in columns:
            acc[c] += int(row[c])
        for t in themes:
            acc[f"{t} docs"] += int(row[t]) > 0
    return out


def check_group_rows(rows: list[dict[str, str]], fields: list[str], expected: dict) -> None:
    """Each group row has the summed counts and rates over its summed words, in order."""
    assert [tuple(r[f] for f in fields) for r in rows] == sorted(expected)
    for r in rows:
        acc = expected[tuple(r[f] for f in fields)]
        assert {c: int(r[c]) for c in acc} == acc
        for t in COMMON_THEMES:
            assert float(r[f"{t} per 1k"]) == round(acc[t] * 1000 / acc["words"], 2)


def common_themes(tmp_path: Path) -> str:
    f = tmp_path / "common.yaml"
    f.write_text(COMMON, encoding="utf-8")
    return str(f)


def test_groups_equal_the_sum_of_their_documents_on_vntc(run, shared: Path, tmp_path: Path):
    """themes --by folder, and --by outlet with the path pattern, on VNTC articles: each group
    row is the sum of its documents' rows, at --jobs 1 and --jobs 2 (cache off: the workers
    segment and count everything themselves)."""
    corpus = vntc_subset(shared, tmp_path)
    themes = ["--themes", common_themes(tmp_path)]
    columns = ["words", *COMMON_THEMES]
    per_doc = read_csv(run("themes", str(corpus), *themes, "-f", "csv").stdout)
    assert len(per_doc) == 40 and sum(int(r[t]) for r in per_doc for t in COMMON_THEMES) >= 40
    for by, key in (("folder", lambda r: (r["source"].split("/")[0],)),
                    ("outlet", lambda r: (outlet_of(r["source"]),))):
        expected = summed(per_doc, key, columns)
        for options in (["-j", "1"], ["-j", "2", "--no-cache"]):
            result = run("themes", str(corpus), *themes, "--path-pattern", PATTERN, "--by", by, "-f", "csv", *options)
            assert (result.exit_code, result.stderr) == (0, "")
            check_group_rows(read_csv(result.stdout), [by], expected)
    assert len(expected) >= 3  # outlets in the subset


def test_jsonl_corpus_by_outlet_and_month(run, shared: Path, tmp_path: Path):
    """A scraper-style JSON Lines corpus made from VNTC articles, dates spread over months."""
    corpus = vntc_subset(shared, tmp_path, per_folder=3)
    table = tmp_path / "news.jsonl"
    truth = {}
    with table.open("w", encoding="utf-8") as fh:
        for i, f in enumerate(sorted(corpus.rglob("*.txt"))):
            outlet = outlet_of(f.name)
            date = f"2021-{i % 5 + 1:02d}-{i % 27 + 1:02d}T08:00:00"
            url = f"https://example.vn/{f.parent.name}/{i}"
            truth[url] = (outlet, date[:7])
            fh.write(json.dumps({"url": url, "outlet": outlet, "date": date,
                                 "text": f.read_text(encoding="utf-8")}, ensure_ascii=False) + "\n")
    themes = ["--themes", common_themes(tmp_path)]
    per_doc = read_csv(run("themes", str(table), *themes, "-f", "csv").stdout)
    assert [r["source"] for r in per_doc] == list(truth)
    assert sum(int(r[t]) for r in per_doc for t in COMMON_THEMES) >= 30
    expected = summed(per_doc, lambda r: truth[r["source"]], ["words", *COMMON_THEMES])
    assert len({month for _, month in expected}) == 5
    for options in (["-j", "1"], ["-j", "2", "--no-cache"]):
        result = run("themes", str(table), *themes, "--by", "outlet,date:month", "-f", "csv", *options)
        assert (result.exit_code, result.stderr) == (0, "")
        check_group_rows(read_csv(result.stdout), ["outlet", "date:month"], expected)  # months in order per outlet
    terms = read_csv(run("themes", str(table), *themes, "--by", "date:month", "--by-term", "-f", "csv").stdout)
    per_term = read_csv(run("themes", str(table), *themes, "--by-term", "-f", "csv").stdout)
    want: dict[tuple[str, str], int] = {}
    for r in per_term:
        want[(truth[r["source"]][1], r["term"])] = want.get((truth[r["source"]][1], r["term"]), 0) + int(r["count"])
    assert {(r["date:month"], r["term"]): int(r["count"]) for r in terms} == want
    # sources --by: documents, summed sizes and each group's date range, from `dialogue sources`' own rows
    docs = read_csv(run("sources", str(table), "-f", "csv").stdout)
    span: dict[tuple[str, str], dict] = {}
    for r in docs:
        g = span.setdefault((r["outlet"], r["date"][:7]), {"documents": 0, "words": 0, "sentences": 0, "days": []})
        g["documents"] += 1
        g["words"] += int(r["words"])
        g["sentences"] += int(r["sentences"])
        g["days"].append(r["date"][:10])
    groups = read_csv(run("sources", str(table), "--by", "outlet,date:month", "-f", "csv", "-j", "2").stdout)
    assert [(r["outlet"], r["date:month"]) for r in groups] == sorted(span)
    assert {(r["outlet"], r["date:month"]): {"documents": int(r["documents"]), "words": int(r["words"]),
                                             "sentences": int(r["sentences"]), "days": [r["first_date"], r["last_date"]]}
            for r in groups} == {k: {**g, "days": [min(g["days"]), max(g["days"])]} for k, g in span.items()}
