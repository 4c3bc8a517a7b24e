from __future__ import annotations

from pathlib import Path

import pytest

from dialogue_cli.text.dictionary import default_dictionary, load_dictionary, parse_dictionary
from dialogue_cli.errors import DictionaryError

from .conftest import SEEDS


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


# --- issue 15: dictionaries that used to crash or be accepted --------------------------------------------

SEED = str(SEEDS / "002_03d2201b80de2184.txt")


def themes_with(run, tmp_path: Path, name: str, text: str):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return run("themes", "--themes", str(f), SEED, "-f", "csv"), f


@pytest.mark.parametrize("name, text", [
    ("deep.yaml", "[" * 50_000 + "]" * 50_000),
    ("deep.json", '{"a": ' + "[" * 50_000 + "]" * 50_000 + "}"),
    ("deep-block.yaml", "a:\n" + "".join("  " * i + "-\n" for i in range(3000))),
])
def test_a_dictionary_nested_50000_deep_is_one_line(run, tmp_path: Path, name: str, text: str):
    result, f = themes_with(run, tmp_path, name, text)
    assert result.exit_code == 2
    assert result.stderr == (f"dialogue: {f}: nested too deeply to be a dictionary (lists or mappings inside one "
                             f"another); e.g. \"chuyển đổi số: [chuyển đổi số, kinh tế số]\"\n")
    assert result.stdout == ""


def test_the_same_theme_twice_in_json_is_refused(run, tmp_path: Path):
    result, f = themes_with(run, tmp_path, "twice.json", '{"a": ["số hóa"], "b": ["x"], "a": ["kinh tế số"]}')
    assert result.exit_code == 2
    assert result.stderr == f"dialogue: {f}: theme 'a' appears twice; merge its terms into one list\n"


def test_an_object_as_terms_in_json_is_refused():
    assert problem('{"a": {"b": ["x"]}}', is_json=True) == "t.yaml: theme 'a' must be a list of terms"
    assert problem('{"a": [{"b": 1}]}', is_json=True) == 't.yaml: term {"b": 1} under \'a\' is not text'


@pytest.mark.parametrize("term", ["\u200b", "\u200b\u200c\ufeff", "\u00ad", "\u200e\u200f", "\u2063", "\ufe0f",
                                  "\u3164", "\U000e0041", "\u202e \u2066"])
def test_a_term_of_only_invisible_characters_is_refused(run, tmp_path: Path, term: str):
    result, f = themes_with(run, tmp_path, "t.yaml", f'a:\n  - chuyển đổi số\n  - "{term}"\n')
    assert result.exit_code == 2
    assert result.stderr == (f"dialogue: {f}: line 3: term {term!r} under 'a' has only invisible characters; "
                             "it would match nothing; delete it\n")


def test_a_term_with_an_invisible_character_inside_still_matches(run, tmp_path: Path):
    result, _ = themes_with(run, tmp_path, "t.yaml", 'a: ["phát\u200b triển"]\n')
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1].split(",")[2] != "0"


def test_a_theme_name_of_only_invisible_characters_is_refused():
    assert problem('"\u200e": [x]\n') == "t.yaml: line 1: theme name '\\u200e' has only invisible characters"
