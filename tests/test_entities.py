"""`dialogue entities`: gazetteer places (old and new provinces), people, organisations."""

from __future__ import annotations

import json

from dialogue_cli.analysis.entities import Gazetteer

from .conftest import csv_rows, write_tree

TEXT = ("Ông Nguyễn Văn An đến TP.HCM hôm qua. Tại TP HCM và Thành phố Hồ Chí Minh, ông An gặp Bộ Tài chính.\n"
        "Tàu đi qua Thái Bình Dương. Tỉnh Bắc Giang và Hòa Bình cần hòa bình. Sài Gòn đẹp.\n")


rows = csv_rows


def test_aliases_group_and_old_provinces_map_to_2025(run):
    # TP.HCM, TP HCM, Thành phố Hồ Chí Minh and Sài Gòn are one place; Bắc Giang merged into Bắc Ninh and
    # Hòa Bình into Phú Thọ in 2025; "hòa bình" (peace, lower case) is no place; Thái Bình Dương (the
    # Pacific) is neither Thái Bình nor Bình Dương.
    assert rows(run("entities", "-", "-f", "csv", input=TEXT)) == [
        ["source", "entity", "kind", "count", "province_2025", "forms"],
        ["<stdin>", "TP Hồ Chí Minh", "place", "4", "TP Hồ Chí Minh", "TP.HCM; TP HCM; Thành phố Hồ Chí Minh; Sài Gòn"],
        ["<stdin>", "Bắc Giang", "place", "1", "Bắc Ninh", "Tỉnh Bắc Giang"],
        ["<stdin>", "Bộ Tài chính", "organisation", "1", "", "Bộ Tài chính"],
        ["<stdin>", "Hòa Bình", "place", "1", "Phú Thọ", "Hòa Bình"],
        ["<stdin>", "Nguyễn Văn An", "person", "1", "", "Nguyễn Văn An"],
        ["<stdin>", "Thái Bình Dương", "place", "1", "", "Thái Bình Dương"],
    ]


def test_the_pacific_is_not_two_provinces(run):
    out = rows(run("entities", "-", "-f", "csv", "--kind", "place", input="Thái Bình Dương rộng. Thái Bình giàu."))
    assert [r[1:5] for r in out[1:]] == [["Thái Bình", "place", "1", "Hưng Yên"], ["Thái Bình Dương", "place", "1", ""]]
    out = rows(run("entities", "-", "-f", "csv", input="THÁI BÌNH DƯƠNG VÀ HÀ NỘI\nHòa bình ở Hà Nội."))
    assert [(r[1], r[3], r[5]) for r in out[1:]] == [("Hà Nội", "2", "HÀ NỘI; Hà Nội"), ("Thái Bình Dương", "1",
                                                                                     "THÁI BÌNH DƯƠNG")]


def test_a_given_name_joins_the_full_name(run):
    text = "Bà Nguyễn Thị Tuyến phát biểu. Theo bà Tuyến, Hà Nội sẽ phát triển."
    assert rows(run("entities", "-", "-f", "csv", "--kind", "person", input=text))[1:] == [
        ["<stdin>", "Nguyễn Thị Tuyến", "person", "2", "", "Nguyễn Thị Tuyến; Tuyến"]]


def test_evidence_offsets_point_into_the_original(run):
    out = rows(run("entities", "-", "--evidence", "--kind", "place", "-f", "csv", input=TEXT))
    assert out[0] == ["source", "sentence", "entity", "kind", "province_2025", "form", "start", "end", "text"]
    assert out[1] == ["<stdin>", "1", "TP Hồ Chí Minh", "place", "TP Hồ Chí Minh", "TP.HCM", "22", "28",
                      "Ông Nguyễn Văn An đến TP.HCM hôm qua."]
    for r in out[1:]:
        assert TEXT[int(r[6]):int(r[7])] == r[5]
    assert [r[5] for r in out[1:]] == ["TP.HCM", "TP HCM", "Thành phố Hồ Chí Minh", "Thái Bình Dương",
                                       "Tỉnh Bắc Giang", "Hòa Bình", "Sài Gòn"]


def test_top_min_count_and_empty(run):
    out = rows(run("entities", "-", "--top", "1", "-f", "csv", input=TEXT))
    assert [r[1] for r in out[1:]] == ["TP Hồ Chí Minh"]
    out = rows(run("entities", "-", "--min-count", "2", "-f", "csv", input=TEXT))
    assert [r[1] for r in out[1:]] == ["TP Hồ Chí Minh"]
    assert rows(run("entities", "-", "-f", "csv", input="Không có tên nào."))[1:] == []
    assert rows(run("entities", "-", "--empty", "-f", "csv", input="Không có tên nào."))[1:] == [
        ["<stdin>", "", "", "0", "", ""]]


def test_usage_errors(run):
    for args in (["--kind", "city"], ["--top", "0"], ["--min-count", "0"], ["--by", "a b"]):
        assert run("entities", *args).exit_code == 2, args
    assert "'city' is not one of" in run("entities", "--kind", "city").stderr


def test_seeds_every_format_and_jobs(run):
    one = run("entities", "--top", "3", "-f", "jsonl", "-j", "1")
    two = run("entities", "--top", "3", "-f", "jsonl", "-j", "2")
    assert one.exit_code == two.exit_code == 0 and one.stdout == two.stdout
    first = json.loads(one.stdout.splitlines()[0])
    assert first == {"source": "000_bd2ac04a1bd0c17a.txt", "entity": "Bắc Giang", "kind": "place", "count": 5,
                     "province_2025": "Bắc Ninh", "forms": "Bắc Giang"}
    assert len(json.loads(run("entities", "--top", "3", "-f", "json").stdout)) == 15
    assert run("entities", "--top", "1", "-f", "tsv").stdout.splitlines()[1] == (
        "000_bd2ac04a1bd0c17a.txt\tBắc Giang\tplace\t5\tBắc Ninh\tBắc Giang")
    assert "Bắc Giang" in run("entities", "--top", "1", "-f", "table").stdout
    out = rows(run("entities", "--kind", "organisation", "--top", "1", "-f", "csv"))
    assert out[2] == ["001_6338e0ceedcb0c4c.txt", "Học viện Chính trị quốc gia Hồ Chí Minh", "organisation", "6", "",
                      "Học viện Chính trị quốc gia Hồ Chí Minh; Học viện Chính trị Quốc gia Hồ Chí Minh"]


def test_groups(run, tmp_path):
    write_tree(tmp_path, {"x/1.txt": "Sài Gòn mưa.", "x/2.txt": "TP.HCM nắng.", "y/3.txt": "Bình Dương mưa."})
    assert rows(run("entities", str(tmp_path), "--by", "folder", "-f", "csv")) == [
        ["folder", "entity", "kind", "count", "province_2025", "forms"],
        ["x", "TP Hồ Chí Minh", "place", "2", "TP Hồ Chí Minh", "Sài Gòn; TP.HCM"],
        ["y", "Bình Dương", "place", "1", "TP Hồ Chí Minh", "Bình Dương"],
    ]
    out = rows(run("entities", str(tmp_path), "--by", "folder", "--evidence", "-f", "csv"))
    assert out[0] == ["source", "folder", "sentence", "entity", "kind", "province_2025", "form", "start", "end", "text"]
    assert out[1] == ["x/1.txt", "x", "1", "TP Hồ Chí Minh", "place", "TP Hồ Chí Minh", "Sài Gòn", "0", "7",
                      "Sài Gòn mưa."]


def test_vntc_with_two_jobs(run, shared):
    args = ["entities", str(shared / "corpus" / "vntc_sample"), "--glob", "*(1??).txt", "--by", "folder", "--top", "3",
            "--kind", "place", "-f", "csv"]
    two, one = run(*args, "--jobs", "2"), run(*args, "--jobs", "1")
    assert two.exit_code == 0 and two.stdout == one.stdout
    out = rows(two)
    assert out[0] == ["folder", "entity", "kind", "count", "province_2025", "forms"]
    assert any(r[1] == "TP Hồ Chí Minh" for r in out[1:])


def test_document_results_are_small_json_for_the_warm_path(run):
    import functools

    from dialogue_cli.analysis.entities import Gazetteer, mentions
    from dialogue_cli.corpus import memo
    from dialogue_cli.corpus.inputs import Document
    from dialogue_cli.corpus.pipeline import analyse

    step = functools.partial(mentions, gazetteer=Gazetteer.load(), text=False)
    assert memo.step_token(step) is not None
    found = step(analyse(Document("a", "a", TEXT, "utf-8"), pos=True))
    assert memo.decode(memo.encode(found)) == found and len(json.dumps(found)) < memo.MAX_BYTES
    cold, warm = run("entities", "seeds", "-f", "csv"), run("entities", "seeds", "-f", "csv")
    assert cold.exit_code == warm.exit_code == 0 and cold.stdout == warm.stdout


def test_the_gazetteer_is_underthesea_mapping():
    g = Gazetteer.load()
    provinces = {entity: new for entity, new in g.places.values() if new is not None}
    assert len(provinces) == 63 and len(set(provinces.values())) == 34
    assert provinces["Bình Dương"] == provinces["Bà Rịa - Vũng Tàu"] == "TP Hồ Chí Minh"
    assert ("Hồ", "Chí", "Minh") not in g.places  # the person, and the Academy


def test_a_place_inside_an_organisation_counts_too(run):
    out = rows(run("entities", "-", "--evidence", "-f", "csv", input="Sở Tư pháp TP.HCM và Ngân hàng Nhà nước Việt Nam họp."))
    assert [(r[2], r[3], r[5], r[6], r[7]) for r in out[1:]] == [
        ("Sở Tư pháp TP.HCM", "organisation", "Sở Tư pháp TP.HCM", "0", "17"),
        ("TP Hồ Chí Minh", "place", "TP.HCM", "11", "17"),
        ("Ngân hàng Nhà nước Việt Nam", "organisation", "Ngân hàng Nhà nước Việt Nam", "21", "48"),
        ("Việt Nam", "place", "Việt Nam", "40", "48"),
    ]
