from __future__ import annotations

import pytest

from dialogue_cli.analysis.groups import EmptyValues, GroupError, order, parse_by, parse_selector


def test_parse_by_and_keys():
    by = parse_by("outlet, date:week")
    assert by.columns == ["outlet", "date:week"] and not by.is_source
    assert by.key({"outlet": " TT ", "date": "14/07/2021"}) == ("TT", "2021-W28")
    assert by.key({}) == ("", "")
    assert parse_by(None).is_source and parse_by("source").is_source


@pytest.mark.parametrize("text, message", [
    ("date:quarter", "a date groups by year, month, week, day"),
    ("outlet,,date", "is not a field name"),
    ("outlet,outlet", "a field is named twice"),
])
def test_bad_by(text, message):
    with pytest.raises(GroupError, match=message):
        parse_by(text)


def test_order_dates_in_time_names_in_vietnamese_order_empty_last():
    by = parse_by("outlet,date:month")
    keys = [("TT", "2021-10"), ("", "2021-01"), ("Đà Nẵng", ""), ("TT", "2021-09"), ("An", "2022-01")]
    assert order(keys, by) == [("An", "2022-01"), ("Đà Nẵng", ""), ("TT", "2021-09"), ("TT", "2021-10"),
                               ("", "2021-01")]


def test_selectors():
    s = parse_selector("outlet=VNE,date:month=2021-07")
    assert s.matches({"outlet": "VNE", "date": "14/07/2021"})
    assert not s.matches({"outlet": "VNE", "date": "14/08/2021"})
    with pytest.raises(GroupError, match="is not FIELD=VALUE"):
        parse_selector("outlet")


def test_empty_values_are_counted_once_per_field():
    tally = EmptyValues(parse_by("outlet,date:month"))
    for key in [("", ""), ("TT", ""), ("", "2021-07")]:
        tally.add(key)
    assert tally.notes() == [
        "2 documents have no outlet: they form a group with an empty outlet",
        "2 documents have no date with a month (or one that is not a date): they form a group with an empty date:month",
    ]


def test_a_selector_value_may_hold_a_comma_and_values_are_nfc():
    import unicodedata

    s = parse_selector("outlet=Tuổi Trẻ, TP.HCM,date:year=2021")
    assert s.values == ("Tuổi Trẻ, TP.HCM", "2021") and s.by.columns == ["outlet", "date:year"]
    nfd = unicodedata.normalize("NFD", "Tuổi Trẻ, TP.HCM")
    assert s.matches({"outlet": nfd, "date": "2021-07-14"})
    assert parse_selector(unicodedata.normalize("NFD", "outlet=Tuổi Trẻ")).values == ("Tuổi Trẻ",)
    assert parse_by("outlet").key({"outlet": f" {nfd} "}) == ("Tuổi Trẻ, TP.HCM",)
    with pytest.raises(GroupError, match="'Tuổi Trẻ' is not FIELD=VALUE"):
        parse_selector("Tuổi Trẻ,outlet=TT")


def test_check_fields_names_the_unknown_field_and_the_known_ones():
    from dialogue_cli.analysis.groups import Comparison, check_fields

    check_fields(parse_by("outlet,date:month"), ["source", "date", "outlet"])
    with pytest.raises(GroupError, match="no document has a field 'outlett'") as err:
        check_fields(parse_by("date:month,outlett"), ["source", "date", "outlet"])
    assert err.value.hint == "the fields are source, date, outlet"
    with pytest.raises(GroupError, match="'province'"):
        check_fields(Comparison(parse_selector("outlet=TT"), parse_selector("province=Huế", option="--reference")),
                     ["outlet"])
