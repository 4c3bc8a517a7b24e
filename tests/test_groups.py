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
