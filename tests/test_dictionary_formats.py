"""Issue 14 item 4: LIWC .dic / .dicx, nested YAML, syllable wildcards."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogue_cli.corpus.inputs import Document
from dialogue_cli.corpus.pipeline import analyse
from dialogue_cli.errors import DictionaryError
from dialogue_cli.text.dictionary import load_dictionary, parse_dictionary
from dialogue_cli.text.matching import Matcher

TEXT = "Chuyển đổi số và kinh tế số. Công nghệ số, công nghệ xanh và số hóa, số hoá.\n"

DIC = ("%\r\n1\tkinh tế\r\n2  công nghệ\r\n%\r\n"
       "chuyển đổi số\t1\t2\r\nkinh tế số\t1\r\ncông nghệ *  2\r\n"
       "like\t(02 134)125/464\t(02 134)126\t2\r\nkind\t<of>131/125\r\nsố hóa*\t\t2\r\n")


BY_TERM = [  # --by-term on TEXT with DIC (less its "số hóa*") or the same .dicx
    "source,theme,term,form,count,rejected",
    "t.txt,kinh tế,chuyển đổi số,chuyển đổi số,1,0",
    "t.txt,kinh tế,kinh tế số,kinh tế số,1,0",
    "t.txt,công nghệ,chuyển đổi số,chuyển đổi số,1,0",
    "t.txt,công nghệ,công nghệ *,công nghệ số,1,0",
    "t.txt,công nghệ,công nghệ *,công nghệ xanh,1,0",
]


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    f = tmp_path / name
    f.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return str(f)


def themes(run, tmp_path: Path, name: str, content: str | bytes, *args: str):
    text = write(tmp_path, "t.txt", TEXT)
    f = write(tmp_path, name, content)
    return run("themes", text, "--themes", f, "-f", "csv", *args), f


def problem(tmp_path: Path, name: str, content: str | bytes) -> str:
    with pytest.raises(DictionaryError) as err:
        load_dictionary(write(tmp_path, name, content))
    return str(err.value).split(": ", 1)[1] + (f"; {err.value.hint}" if err.value.hint else "")


# --- LIWC .dic ----------------------------------------------------------------------------------------------

def test_liwc_dic_counts_a_term_in_each_of_its_categories(run, tmp_path: Path):
    result, f = themes(run, tmp_path, "a.dic", DIC)
    assert result.exit_code == 0
    assert result.stdout == ("source,words,kinh tế,công nghệ,kinh tế per 1k,công nghệ per 1k\n"
                             "t.txt,13,2,5,153.85,384.62\n")
    assert result.stderr == (f"dialogue: warning: {f}: skipped 2 conditional LIWC entries ('(…)' or '<…>' "
                             "categories) on lines 8, 9\n")


def test_liwc_dic_by_term_reports_each_wildcard_form(run, tmp_path: Path):
    result, _ = themes(run, tmp_path, "a.dic", DIC, "--by-term")
    assert result.stdout.splitlines() == [*BY_TERM, "t.txt,công nghệ,số hóa*,số hóa,2,0"]


def test_liwc_dic_windows_1252_bom_and_spaces(tmp_path: Path):
    d = load_dictionary(write(tmp_path, "w.dic", "%\n1 positive\n%\ncaf\xe9 1\ncandle stick 1\n".encode("cp1252")))
    assert d.themes == {"positive": ["café", "candle stick"]} and d.shared
    d = load_dictionary(write(tmp_path, "b.dic", "\ufeff%\n1\tpos\n%\nVui\t1\n"))
    assert d.themes == {"pos": ["vui"]} and d.warnings == ()


def test_liwc2015_categories_nested_by_tabs(tmp_path: Path):
    d = load_dictionary(write(tmp_path, "n.dic", "%\n1\tfunct\n\t2\tpronoun\n\t3\tarticle\n4\taffect\n%\n"
                                                  "a\t1\t3\ntôi\t1\t2\nvui\t4\n"))
    assert d.themes == {"funct": ["a", "tôi"], "funct/pronoun": ["tôi"], "funct/article": ["a"], "affect": ["vui"]}


@pytest.mark.parametrize("content, message", [
    ("1\tpos\n%\nvui\t1\n", "line 1: a LIWC .dic file starts with a line '%'; then one 'ID<TAB>category' line per "
                            "category, and '%' again"),
    ("%\n1\tpos\nvui\t1\n", "line 1: the category list opened here has no closing '%' line"),
    ("%\n1\tpos\n%\nvui\t1\nbuồn\t7\n", "line 5: category id '7' is not defined between the '%' lines"),
    ("%\n1\tpos\n%\nvui\n", "line 4: term 'vui' has no category id"),
    ("%\n1\tpos\n1\tneg\n%\n", "line 3: category id 1 is defined twice"),
    ("%\npos\n%\n", "line 2: a category line is 'ID<TAB>name', not 'pos'"),
    ("%\n1\tpos\n%\n*\t1\n", "line 4: term '*' under 'pos': a * in the wrong place; \"*\" stands for one syllable "
                             "(\"chuyển đổi *\"), \"abc*\" for a syllable starting with abc; a term cannot start "
                             "with a bare *"),
    ("%\n1\tpos\n%\nv*i\t1\n", "line 4: term 'v*i' under 'pos': a * in the wrong place; \"*\" stands for one "
                               "syllable (\"chuyển đổi *\"), \"abc*\" for a syllable starting with abc; a term cannot "
                               "start with a bare *"),
])
def test_malformed_liwc_dic_names_the_line(tmp_path: Path, content: str, message: str):
    assert problem(tmp_path, "bad.dic", content) == message


def test_malformed_dictionary_is_one_line_and_exit_2(run, tmp_path: Path):
    result, f = themes(run, tmp_path, "bad.dic", "%\n1\tpos\n%\nvui\t1\nbuồn\t7\n")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"dialogue: {f}: line 5: category id '7' is not defined between the '%' lines\n"


# --- LIWC-22 .dicx ------------------------------------------------------------------------------------------

def test_dicx_any_non_empty_cell_is_membership(run, tmp_path: Path):
    dicx = "DicTerm,kinh tế,công nghệ\r\nchuyển đổi số,X,X\r\nkinh tế số,1,\r\ncông nghệ *,,0.5\r\n"
    result, _ = themes(run, tmp_path, "a.dicx", dicx, "--by-term")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == BY_TERM


@pytest.mark.parametrize("content, message", [
    ("Entry,Correct,Correct\nx,1,\n", "line 1: category 'Correct' appears twice"),
    ("Entry\nx\n", "line 1: no category columns after the term column"),
    ("Entry,A\n\nx,1\ny,\n", "line 4: term 'y' has no category marked"),
    ("Entry,A\n,1\n", "line 2: a row without a term in the first column"),
    ("Entry,A\nx,1,1\n", "line 2: 3 columns, but the header has 2"),
    ('Entry,A\n"x\ny",1\nz,\n', "line 4: term 'z' has no category marked"),
])
def test_malformed_dicx_names_the_line(tmp_path: Path, content: str, message: str):
    assert problem(tmp_path, "bad.dicx", content) == message


# --- nested YAML --------------------------------------------------------------------------------------------

def test_nested_yaml_keys_become_parent_child_themes():
    text = "kinh tế:\n  số: [kinh tế số]\n  xanh:\n    - kinh tế xanh\n    - tăng trưởng xanh\ncông nghệ: [công nghệ *]\n"
    assert parse_dictionary(text, name="t").themes == {
        "kinh tế/số": ["kinh tế số"], "kinh tế/xanh": ["kinh tế xanh", "tăng trưởng xanh"],
        "công nghệ": ["công nghệ *"]}


def test_nested_yaml_keeps_the_one_theme_per_term_check():
    with pytest.raises(DictionaryError) as err:
        parse_dictionary("a:\n  b: [số hóa]\n  c: [Số hoá]\n", name="t.yaml")
    assert str(err.value) == "t.yaml: line 3: term 'Số hoá' is under both 'a/b' and 'a/c'"
    with pytest.raises(DictionaryError) as err:
        parse_dictionary("a:\n  b: [x]\na/b: [y]\n", name="t.yaml")
    assert str(err.value) == "t.yaml: line 3: theme 'a/b' appears twice"


# --- wildcards ----------------------------------------------------------------------------------------------

def matches(text: str, themes: dict[str, list[str]]) -> list[tuple[str, str, str | None, bool]]:
    matcher = Matcher(themes)
    doc = analyse(Document("t", "t", text, "utf-8"))
    return [(m.term.theme, m.term.text, m.form, m.accepted) for s in doc.sentences for m in matcher.find(s)]


def test_a_star_is_exactly_one_syllable_at_the_end():
    assert matches("Chuyển đổi số, chuyển đổi xanh và chuyển đổi.", {"a": ["chuyển đổi *"]}) == [
        ("a", "chuyển đổi *", "chuyển đổi số", True), ("a", "chuyển đổi *", "chuyển đổi xanh", True)]


def test_a_star_inside_a_term():
    assert matches("Kinh tế tư nhân và kinh tế xanh, kinh tế nhà nước.", {"a": ["kinh tế * nhân", "kinh tế * nước"]}
                   ) == [("a", "kinh tế * nhân", "kinh tế tư nhân", True), ("a", "kinh tế * nước", "kinh tế nhà nước", True)]


def test_the_word_boundary_rule_applies_to_the_whole_wildcard_match():
    # "số liệu" is one word: "chuyển đổi *" matches "chuyển đổi số" but the place ends inside a word
    assert matches("Hệ thống chuyển đổi số liệu sang dạng mới.", {"a": ["chuyển đổi số *", "chuyển đổi *"]}) == [
        ("a", "chuyển đổi số *", "chuyển đổi số liệu", True)]


def test_a_literal_term_wins_over_a_wildcard_of_the_same_length():
    assert matches("Chuyển đổi số.", {"a": ["chuyển đổi *", "chuyển đổi số"]}) == [
        ("a", "chuyển đổi số", None, True)]


def test_a_prefix_star_is_a_syllable_starting_with_it():
    assert matches("Số hóa và số hoá, số học.", {"a": ["số h*"]}) == [
        ("a", "số h*", "số hóa", True), ("a", "số h*", "số hóa", True), ("a", "số h*", "số học", True)]
    assert matches("Phát triển.", {"a": ["phát*"]}) == [("a", "phát*", "phát", False)]  # inside "phát triển"


def test_imported_terms_may_be_in_several_themes_but_hand_written_ones_not():
    matcher = Matcher({"a": ["chuyển đổi số"], "b": ["Chuyển đổi số"]}, shared=True)
    doc = analyse(Document("t", "t", "Chuyển đổi số.", "utf-8"))
    assert [m.term.theme for m in matcher.find(doc.sentences[0])] == ["a", "b"]
    with pytest.raises(DictionaryError, match="are the same words"):
        Matcher({"a": ["quy định"], "b": ["qui định"]})


def test_a_wildcard_term_in_hand_written_yaml(run, tmp_path: Path):
    result, _ = themes(run, tmp_path, "t.yaml", "cn: [công nghệ *]\n", "--by-term")
    assert result.stdout.splitlines() == ["source,theme,term,form,count,rejected",
                                          "t.txt,cn,công nghệ *,công nghệ số,1,0",
                                          "t.txt,cn,công nghệ *,công nghệ xanh,1,0"]


def test_nested_yaml_names_are_checked():
    for text, message in [('"": {b: [x]}', "t: line 1: empty theme name"),
                          ('a: {"": [x]}', "t: line 1: empty theme name under 'a'"),
                          ("a: {}", "t: line 1: theme 'a' has no terms")]:
        with pytest.raises(DictionaryError) as err:
            parse_dictionary(text, name="t")
        assert str(err.value) == message
    assert parse_dictionary('" kinh  tế ": {số: [x]}\na: {b: {c: [y]}, d: z}', name="t").themes == {
        "kinh tế/số": ["x"], "a/b/c": ["y"], "a/d": ["z"]}


def test_keywords_count_each_wildcard_form_as_its_own_token(run, tmp_path: Path):
    f = write(tmp_path, "w.yaml", "cd: [chuyển đổi *]\n")
    result = run("keywords", "-", "--themes", f, "-f", "csv", input="Chuyển đổi số và chuyển đổi xanh. Chuyển đổi số.\n")
    assert result.stdout.splitlines() == ["source,rank,keyword,count,score", "<stdin>,1,Chuyển đổi số,2,285.71",
                                          "<stdin>,2,chuyển đổi xanh,1,142.86"]


def test_kwic_theme_of_a_liwc_file_shows_its_warning(run, tmp_path: Path):
    text = write(tmp_path, "t.txt", TEXT)
    f = write(tmp_path, "a.dic", DIC)
    result = run("kwic", "--themes", f, "--theme", "kinh tế", text, "-f", "csv")
    assert result.exit_code == 0
    assert [line.split(",")[3] for line in result.stdout.splitlines()] == ["match", "Chuyển đổi số", "kinh tế số"]
    assert result.stderr.startswith(f"dialogue: warning: {f}: skipped 2 conditional LIWC entries")
