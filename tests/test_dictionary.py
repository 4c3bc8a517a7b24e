from __future__ import annotations

from pathlib import Path

import pytest

from dialogue_cli.text.dictionary import default_dictionary, load_dictionary, parse_dictionary
from dialogue_cli.errors import DictionaryError


def problem(text: str, *, is_json: bool = False) -> str:
    with pytest.raises(DictionaryError) as err:
        parse_dictionary(text, name="t.yaml", is_json=is_json)
    return str(err.value)


def test_default_dictionary_has_the_three_themes_and_their_terms():
    themes = default_dictionary().themes
    assert list(themes) == ["chuyển đổi số", "tăng trưởng xanh", "quản trị thực thi"]
    assert [len(t) for t in themes.values()] == [17, 11, 7]
    assert themes["chuyển đổi số"][:3] == ["chuyển đổi số", "kinh tế số", "xã hội số"]
    assert themes["tăng trưởng xanh"][-1] == "trung hòa carbon"
    assert themes["quản trị thực thi"][-1] == "cải cách hành chính"


def test_valid_yaml_and_json():
    assert parse_dictionary("a:\n  - x y\n  - z\nb: [w]\n", name="t").themes == {"a": ["x y", "z"], "b": ["w"]}
    assert parse_dictionary('{"a": ["x", "y"]}', name="t.json", is_json=True).themes == {"a": ["x", "y"]}


def test_terms_repeated_in_one_theme_are_kept_once():
    assert parse_dictionary("a: [số hóa, Số  Hoá, số\u00a0hóa]", name="t").themes == {"a": ["số hóa"]}


def test_not_a_mapping():
    assert problem("- a\n- b\n") == "t.yaml: expected a mapping from theme name to a list of terms"
    assert problem("") == "t.yaml: expected a mapping from theme name to a list of terms"
    assert problem('["a"]', is_json=True) == "t.yaml: expected an object from theme name to a list of terms"


def test_empty_term_names_its_line():
    assert problem("a:\n  - x\n  - ''\n") == "t.yaml: line 3: empty term under 'a'"


def test_same_term_under_two_themes():
    assert problem("a: [số hóa]\nb:\n  - y\n  - Số hoá\n") == "t.yaml: line 4: term 'Số hoá' is under both 'a' and 'b'"


def test_yaml_syntax_error_with_its_line():
    assert problem("a: [x, y\nb: [z]\n").startswith("t.yaml: line 2: YAML syntax error:")


def test_json_syntax_error_with_its_line():
    assert problem('{"a": ["x",\n ]}', is_json=True) == "t.yaml: line 2: JSON syntax error: Expecting value"


def test_theme_without_terms_and_nested_terms():
    assert problem("a:\nb: [x]\n") == "t.yaml: line 1: theme 'a' has no terms"
    assert problem("a: [x, [y]]\n") == "t.yaml: line 1: a term under 'a' is a list or mapping, not text"


def test_duplicate_theme():
    assert problem("a: [x]\na: [y]\n") == "t.yaml: line 2: theme 'a' appears twice"


def test_load_missing_file(tmp_path: Path):
    with pytest.raises(DictionaryError, match="no such file"):
        load_dictionary(str(tmp_path / "nope.yaml"))


def test_load_from_file(tmp_path: Path):
    f = tmp_path / "mine.json"
    f.write_text('{"tham nhũng": ["tham nhũng", "hối lộ"]}', encoding="utf-8")
    assert load_dictionary(str(f)).themes == {"tham nhũng": ["tham nhũng", "hối lộ"]}
