from __future__ import annotations

from pathlib import Path

import pytest

from dialogue_cli.corpus.inputs import InputRef
from dialogue_cli.corpus.metadata import Annotator, MetaError, PatternError, compile_pattern, date_part, load_sidecar, parse_date


@pytest.mark.parametrize("value, expected", [
    ("2021-07-14T13:48", (2021, 7, 14)),
    ("2021/7/4", (2021, 7, 4)),
    ("2021-07", (2021, 7, None)),
    ("14/07/2021 13:48", (2021, 7, 14)),
    ("Thứ Ba, 13-7-2021", (2021, 7, 13)),
    ("Wed, 14 Jul 2021 13:48:00 +0700", (2021, 7, 14)),
    ("2021", (2021, None, None)),
    ("31/02/2021", None),
    ("hôm qua", None),
    ("", None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_date_parts_weeks_are_iso_and_imprecise_dates_are_empty():
    assert date_part("2021-01-03", "week") == "2020-W53"  # a Sunday: ISO week of the year before
    assert date_part("2021-07", "week") == "" and date_part("2021-07", "month") == "2021-07"
    assert date_part("2021", "month") == "" and date_part("2021", "year") == "2021"


def test_path_pattern_needs_a_named_group():
    with pytest.raises(PatternError, match="no named group"):
        compile_pattern("[A-Z]+_")
    with pytest.raises(PatternError, match="not a regular expression"):
        compile_pattern("(?P<a>")
    with pytest.raises(PatternError, match="a group named 'source' would replace the source id"):
        compile_pattern("(?P<source>[A-Z]+)_")


def test_annotator_orders_pattern_table_sidecar_and_counts_misses():
    a = Annotator(compile_pattern(r"(?P<outlet>[A-Z]+)_"), {"VNE_1.txt": (("outlet", "VnExpress"),), "nope": ()},
                  ["outlet"])
    ref = a.annotate(InputRef("VNE_1.txt", "p", (), (("outlet", "table"),)))
    assert dict(ref.extra) == {"outlet": "VnExpress"} and ref.extra[0] == ("outlet", "VNE")
    a.annotate(InputRef("x.txt", "p"))
    assert a.notes("m.csv") == [
        "--path-pattern did not match 1 source (e.g. 'x.txt'): their pattern fields are empty",
        "m.csv: 1 row matched no document (e.g. source 'nope')",
    ]


def test_sidecar_formats_and_errors(tmp_path: Path):
    csv = tmp_path / "m.csv"
    csv.write_text("source,outlet,province\na.txt,TT,Huế\n", encoding="utf-8")
    assert load_sidecar(str(csv)) == ({"a.txt": (("outlet", "TT"), ("province", "Huế"))}, ["outlet", "province"])
    jl = tmp_path / "m.jsonl"
    jl.write_text('{"source": "a.txt", "n": 2}\n', encoding="utf-8")
    assert load_sidecar(str(jl)) == ({"a.txt": (("n", "2"),)}, ["n"])
    bad = tmp_path / "bad.csv"
    bad.write_text("file,outlet\na,b\n", encoding="utf-8")
    with pytest.raises(MetaError, match="no 'source' column"):
        load_sidecar(str(bad))
    twice = tmp_path / "twice.tsv"
    twice.write_text("source\tx\na\t1\na\t2\n", encoding="utf-8")
    with pytest.raises(MetaError, match="line 3: source 'a' appears twice"):
        load_sidecar(str(twice))
    with pytest.raises(MetaError, match="no such file"):
        load_sidecar(str(tmp_path / "missing.csv"))
