"""The bad-input matrix: every kind of bad input against every analysing command.

Commands are discovered from the click group, so a command added later inherits
these guarantees (give it a row in ARGS if it needs an argument before PATHS).
Each case checks the exit status, the exact ``dialogue: …`` lines on stderr (one
per bad input, naming it), that there is no traceback, and that the good file
beside the bad one was still analysed. Then hypothesis throws arbitrary bytes,
file names and dictionaries at the tool.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogue_cli.cli import cli

COMMANDS = sorted(name for name, command in cli.commands.items() if name != "cache")
# What a command needs before its PATHS (or to list a one-sentence document at all: n-grams seen once)
ARGS = {"kwic": ["chuyển đổi số"], "entities": ["--empty"], "ngrams": ["--min-count", "1"], "collocations": ["--min-count", "1"]}
PAIRWISE = {"duplicates"}  # commands that list pairs of documents: the good file gets a copy to pair with
DICTIONARY_ARGS = {"kwic": ["--theme", "a"]}  # how a command is made to read --themes (instead of ARGS)
GOOD = "Chuyển đổi số giúp doanh nghiệp phát triển."


def params(command: str) -> set[str]:
    return {p.name for p in cli.commands[command].params if p.name}


def invoke(command: str, *args: str, lead: list[str] | None = None):
    """``dialogue COMMAND [ARGS] args…`` in this process, stdout and stderr apart."""
    fmt = ["-f", "jsonl"] if "fmt" in params(command) else []
    lead = ARGS.get(command, []) if lead is None else lead
    if command in PAIRWISE:  # the good file's copy, so that it shows up in a pair
        copies = [Path(a).with_name("ok-copy.txt") for a in args if a.endswith("/ok.txt")]
        for copy in copies:
            copy.write_text(GOOD, encoding="utf-8")
        args = (*args, *map(str, copies))
    return CliRunner().invoke(cli, [command, *lead, *args, *fmt], catch_exceptions=False)


@dataclass
class Case:
    """One bad input: files to write (``name: text or bytes``), then ``make(tmp)``
    for what is not a plain file; ``{tmp}`` in the strings stands for the folder."""

    args: list[str]  # the inputs and options; the good file is added after them
    lines: list[str]  # stderr, exactly
    status: int = 1
    files: dict[str, str | bytes] = field(default_factory=dict)
    make: Callable[[Path], object] | None = None
    analysed: bool = True  # False for a usage error: nothing is analysed
    needs: str | None = None  # a parameter the command must have for the case to apply
    also: list[str] = field(default_factory=list)  # more that must be in stdout (a good row's id…)

    def build(self, tmp: Path) -> Case:
        for name, data in self.files.items():
            (tmp / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        if self.make is not None:
            self.make(tmp)

        def sub(texts: list[str]) -> list[str]:
            return [t.replace("{tmp}", str(tmp)).replace("{real}", str(tmp.resolve())) for t in texts]

        return Case(sub(self.args), sub(self.lines), self.status, analysed=self.analysed, also=sub(self.also))


DEEP = "[" * 50_000 + "]" * 50_000
GOOD_ROW = json.dumps({"id": "row-one", "text": GOOD})
DANGLING = "dangling symbolic link (to 'gone.txt', which does not exist)"
THEMES = {"needs": "themes_file", "status": 2, "analysed": False}
META = {"needs": "meta", "status": 2, "analysed": False}
OK_IN_C = {"c/ok.txt": GOOD}  # the folder cases: the good file beside the bad entry

CASES = {
    "missing path": Case(["{tmp}/missing.txt"], ["dialogue: {tmp}/missing.txt: no such file or directory"]),
    "binary file": Case(["{tmp}/pic.txt"], ["dialogue: {tmp}/pic.txt: binary file (contains NUL bytes); if it is "
                                            "UTF-16 without a BOM, pass --encoding utf-16-le"],
                        files={"pic.txt": b"\x89PNG\x00\x00"}),
    "invalid UTF-8": Case(["{tmp}/old.txt"], ["dialogue: {tmp}/old.txt: not UTF-8 (invalid byte 0xf2 at offset 1); "
                                              "pass the file's encoding, e.g. --encoding cp1258"],
                          files={"old.txt": b"h\xf2a"}),
    "empty file": Case(["{tmp}/empty.txt"], [], 0, files={"empty.txt": b""}),
    "folder without matches": Case(["{tmp}/notes"], ["dialogue: {tmp}/notes: directory has no files matching "
                                                     "'*.txt'; use --glob to choose other files, e.g. --glob '*.md'"],
                                   files={"notes/a.md": GOOD}),
    "dangling symlink in a folder": Case(["{tmp}/c"], ["dialogue: {tmp}/c/x.txt: " + DANGLING], files=OK_IN_C,
                                         make=lambda t: (t / "c" / "x.txt").symlink_to("gone.txt")),
    "dangling symlink given": Case(["{tmp}/x.txt"], ["dialogue: {tmp}/x.txt: " + DANGLING],
                                   make=lambda t: (t / "x.txt").symlink_to("gone.txt")),
    "FIFO in a folder": Case(["{tmp}/c"], ["dialogue: {tmp}/c/x.txt: is a named pipe (FIFO), not a regular file: "
                                           "skipped; name it on the command line to read it from a writer"],
                             files=OK_IN_C, make=lambda t: os.mkfifo(t / "c" / "x.txt")),
    "symlink loop in a folder": Case(["{tmp}/c"], ["dialogue: warning: {tmp}/c/x.txt: symbolic link loop (leads "
                                                   "back to {real}/c): not followed"], 0,
                                     files=OK_IN_C, make=lambda t: (t / "c" / "x.txt").symlink_to(".")),
    "directory named *.txt": Case(["{tmp}/c"], [], 0, files={**OK_IN_C, "c/x.txt/inner.txt": GOOD},
                                  also=["x.txt/inner.txt"]),
    "unreadable subfolder": Case(["{tmp}/c"], ["dialogue: {tmp}/c/x.txt: permission denied: its files are skipped"],
                                 files={**OK_IN_C, "c/x.txt/a.txt": GOOD}),  # made unreadable below
    "file name not UTF-8": Case(["{tmp}/n"], [], 0, files={os.fsdecode(b"n/caf\xe9.txt"): GOOD},  # Latin-1 é
                                also=["caf\\\\xe9.txt"]),  # as JSON writes a backslash
    "JSONL bad row": Case(["{tmp}/d.jsonl"], ["dialogue: {tmp}/d.jsonl: line 2: not valid JSON (Expecting property "
                                              "name enclosed in double quotes)"],
                          files={"d.jsonl": GOOD_ROW + "\n{bad\n"}, also=["row-one"]),
    "JSONL row nested too deeply": Case(["{tmp}/d.jsonl"], ["dialogue: {tmp}/d.jsonl: line 1: nested too deeply"],
                                        files={"d.jsonl": '{"text": ' + DEEP + "}\n" + GOOD_ROW}, also=["row-one"]),
    "JSONL line not UTF-8": Case(["{tmp}/d.jsonl"], ["dialogue: {tmp}/d.jsonl: line 1: not UTF-8 (invalid byte "
                                                     "0xf2); pass the file's encoding with --encoding"],
                                 files={"d.jsonl": b'{"text": "h\xf2a"}\n' + GOOD_ROW.encode()}, also=["row-one"]),
    "CSV bad row": Case(["{tmp}/d.csv"], ["dialogue: {tmp}/d.csv: row 2 (line 3): 3 fields, the header has 2"],
                        files={"d.csv": f"id,text\nrow-a,{GOOD}\nx,y,z\n"}, also=["row-a"]),
    "CSV without a text column": Case(["{tmp}/d.csv"], ["dialogue: {tmp}/d.csv: no text column (looked for text, "
                                                        "content, body, maintext; columns: a, b); name it with "
                                                        "--text-column"], files={"d.csv": "a,b\n1,2\n"}),
    "JSON not an array": Case(["{tmp}/d.json"], ["dialogue: {tmp}/d.json: row 1: not a JSON array; the rest of the "
                                                 "file is skipped; a .json corpus is one array of objects; JSON "
                                                 "Lines (.jsonl) has one object per line"],
                              files={"d.json": '{"text": "x"}'}),
    "JSON row nested too deeply": Case(["{tmp}/d.json"], ["dialogue: {tmp}/d.json: row 2: nested too deeply; the rest "
                                                          "of the file is skipped"],
                                       files={"d.json": f"[{GOOD_ROW}, {DEEP}]"}, also=["row-one"]),
    "--meta not UTF-8": Case(["--meta", "{tmp}/m.csv"], ["dialogue: {tmp}/m.csv: not UTF-8; save the table as UTF-8"],
                             files={"m.csv": b"source,outlet\nok.txt,V\xf2E\n"}, **META),
    "--meta without a source column": Case(
        ["--meta", "{tmp}/m.csv"], ["dialogue: {tmp}/m.csv: no 'source' column (columns: file, outlet); --meta "
                                    "needs a source column holding the source ids `dialogue sources` shows"],
        files={"m.csv": "file,outlet\nok.txt,VNE\n"}, **META),
    "--meta row nested too deeply": Case(["--meta", "{tmp}/m.jsonl"], ["dialogue: {tmp}/m.jsonl: line 1: not valid "
                                                                       "JSON"],
                                         files={"m.jsonl": '{"source": ' + DEEP + "}\n"}, **META),
    "--themes with a theme twice": Case(["--themes", "{tmp}/t.json"], ["dialogue: {tmp}/t.json: theme 'a' appears "
                                                                       "twice; merge its terms into one list"],
                                        files={"t.json": '{"a": ["số hóa"], "a": ["kinh tế số"]}'}, **THEMES),
    "--themes nested too deeply": Case(["--themes", "{tmp}/t.yaml"], [
        "dialogue: {tmp}/t.yaml: nested too deeply to be a dictionary (lists or mappings inside one another); "
        'e.g. "chuyển đổi số: [chuyển đổi số, kinh tế số]"'], files={"t.yaml": DEEP}, **THEMES),
    "--themes with an invisible term": Case(["--themes", "{tmp}/t.yaml"], [
        "dialogue: {tmp}/t.yaml: line 1: term '\\u200b\\u2060' under 'a' has only invisible characters; it would "
        "match nothing; delete it"], files={"t.yaml": 'a: [chuyển đổi số, "\u200b\u2060"]\n'}, **THEMES),
    "--themes LIWC .dic with an undefined category": Case(["--themes", "{tmp}/t.dic"], [
        "dialogue: {tmp}/t.dic: line 4: category id '9' is not defined between the '%' lines"],
        files={"t.dic": "%\n1\ta\n%\nchuyển đổi số\t9\n"}, **THEMES),
    "--themes LIWC-22 .dicx row without a category": Case(["--themes", "{tmp}/t.dicx"], [
        "dialogue: {tmp}/t.dicx: line 2: term 'chuyển đổi số' has no category marked"],
        files={"t.dicx": "DicTerm,a\nchuyển đổi số,\n"}, **THEMES),
}


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("command", COMMANDS)
def test_bad_input(command: str, name: str, tmp_path: Path, unreadable):
    needs = CASES[name].needs
    if needs and needs not in params(command):
        pytest.skip(f"{command} has no {needs} parameter")
    c = CASES[name].build(tmp_path)
    if name == "unreadable subfolder":
        unreadable("x.txt")
    good = tmp_path / "good" / "ok.txt"
    good.parent.mkdir()
    good.write_text(GOOD, encoding="utf-8")
    lead = DICTIONARY_ARGS.get(command) if needs == "themes_file" else None
    result = invoke(command, *c.args, str(good), lead=lead)
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == c.lines
    assert result.exit_code == c.status
    if c.analysed:
        assert "ok.txt" in result.stdout
        assert all(text in result.stdout for text in c.also)
    else:
        assert result.stdout == ""


USAGE = {
    "--glob /tmp/*.txt": ["--glob", "/tmp/*.txt"],
    "--encoding rot13": ["--encoding", "rot13"],
    "--encoding base64": ["--encoding", "base64"],
    "--encoding klingon": ["--encoding", "klingon"],
    "--path-pattern (": ["--path-pattern", "("],
    "--jobs -1": ["--jobs", "-1"],
}


@pytest.mark.parametrize("option", list(USAGE))
@pytest.mark.parametrize("command", COMMANDS)
def test_bad_option_is_a_usage_error(command: str, option: str, tmp_path: Path):
    (tmp_path / "ok.txt").write_text(GOOD, encoding="utf-8")
    result = invoke(command, *USAGE[option], str(tmp_path / "ok.txt"))
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert result.stderr.splitlines()[-1].startswith("Error: Invalid value for")


def test_every_command_is_in_the_matrix():
    assert {"tokenize", "themes", "sources", "keywords", "kwic"} <= set(COMMANDS)
    for name in COMMANDS:  # PATHS, and nothing else required unless ARGS gives it
        required = [p.name for p in cli.commands[name].params
                    if isinstance(p, click.Argument) and p.required and p.name != "paths"]
        assert not required or name in ARGS, f"give {name} its arguments in ARGS"


# --- properties: whatever the input, analysed or one line per problem, never a traceback ------------------

PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(result, *, statuses: tuple[int, ...], named: str | None = None) -> None:
    assert "Traceback" not in result.stderr
    assert result.exit_code in statuses, result.stderr
    for line in result.stderr.splitlines():
        assert line.startswith("dialogue: ") and (named is None or line.startswith(f"dialogue: {named}"))
    if result.exit_code != 2:
        assert "ok.txt" in result.stdout


@PROPERTY
@given(data=st.binary(max_size=300), command=st.sampled_from(COMMANDS),
       suffix=st.sampled_from([".txt", ".csv", ".tsv", ".jsonl", ".json", ".parquet"]))
def test_any_bytes_in_a_file(data: bytes, command: str, suffix: str):
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / f"x{suffix}").write_bytes(data)
        (Path(tmp) / "ok.txt").write_text(GOOD, encoding="utf-8")
        result = invoke(command, f"{tmp}/x{suffix}", f"{tmp}/ok.txt")
        _check(result, statuses=(0, 1), named=f"{tmp}/x{suffix}")
        assert len(result.stderr.splitlines()) <= data.count(b"\n") + data.count(b"\r") + 1


_NAME = st.binary(min_size=1, max_size=40).filter(lambda b: b"/" not in b and b"\x00" not in b)


@PROPERTY
@given(name=_NAME, command=st.sampled_from(COMMANDS))
def test_any_file_name(name: bytes, command: str):
    from dialogue_cli.corpus.walk import shown

    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp) / "c"
        d.mkdir()
        real = os.fsdecode(name + b".txt")
        (d / real).write_text("", encoding="utf-8")
        (Path(tmp) / "ok.txt").write_text(GOOD, encoding="utf-8")
        inputs = [str(d / real)] + ([str(d)] if not real.startswith(".") else [])  # the folder finds it again
        result = invoke(command, *inputs, f"{tmp}/ok.txt")
        _check(result, statuses=(0,))
        assert result.stderr == ""
        if command in ("sources", "themes"):  # a row for every document, even an empty one
            sources = [json.loads(line)["source"] for line in result.stdout.splitlines()]
            assert shown(os.path.basename(real)) in sources


_YAMLISH = st.text(alphabet=st.sampled_from(list("ab: -[]{},\"'\n#&*!|>?%@\\\t\u200b\ufeff\u00a0sốx")),
                   max_size=60)


@PROPERTY
@given(text=st.one_of(st.text(max_size=60), _YAMLISH), as_json=st.booleans())
def test_any_dictionary_text(text: str, as_json: bool):
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / ("t.json" if as_json else "t.yaml")
        f.write_text(text, encoding="utf-8", errors="surrogatepass")
        (Path(tmp) / "ok.txt").write_text(GOOD, encoding="utf-8")
        result = invoke("themes", "--themes", str(f), f"{tmp}/ok.txt")
        _check(result, statuses=(0, 2), named=str(f))
        assert len(result.stderr.splitlines()) == (result.exit_code == 2)


_LIWCISH = st.text(alphabet=st.sampled_from(list("%12 \t\n\r,()<>/*\"xsố\ufeff\u200b")), max_size=60)


@PROPERTY
@given(text=st.one_of(st.text(max_size=60), _LIWCISH), suffix=st.sampled_from([".dic", ".dicx"]))
def test_any_liwc_dictionary_text(text: str, suffix: str):
    """A LIWC file is read (at most one warning) or refused with one line naming it."""
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / f"t{suffix}"
        f.write_text(text, encoding="utf-8", errors="surrogatepass")
        (Path(tmp) / "ok.txt").write_text(GOOD, encoding="utf-8")
        result = invoke("themes", "--themes", str(f), f"{tmp}/ok.txt")
        assert "Traceback" not in result.stderr and result.exit_code in (0, 2), result.stderr
        lines = result.stderr.splitlines()
        assert len(lines) <= 1
        if result.exit_code == 2:
            assert len(lines) == 1 and lines[0].startswith(f"dialogue: {f}: ")
        else:
            assert all(line.startswith(f"dialogue: warning: {f}: skipped ") for line in lines)
            assert "ok.txt" in result.stdout
