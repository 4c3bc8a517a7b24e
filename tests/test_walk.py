"""Walking directories: every entry that matches --glob is analysed or reported (issue 15)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from dialogue_cli.corpus.walk import check_glob, GlobError, matches

OK = "Tạm biệt."


def corpus(tmp_path: Path) -> Path:
    d = tmp_path / "c"
    d.mkdir()
    (d / "ok.txt").write_text(OK, encoding="utf-8")
    return d


def sources(stdout: str) -> list[str]:
    """The source column of csv token rows, in order, once each."""
    return list(dict.fromkeys(line.split(",", 1)[0] for line in stdout.splitlines()[1:]))


def test_an_absolute_glob_is_a_usage_error(run, tmp_path: Path):
    d = corpus(tmp_path)
    result = run("tokenize", str(d), "--glob", "/tmp/*.txt")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--glob': '/tmp/*.txt' is an absolute path; the pattern is matched inside "
        "the directories given: pass the directory as a PATH and the pattern alone, e.g. /tmp --glob '*.txt'")
    assert "Traceback" not in result.stderr and result.stdout == ""


@pytest.mark.parametrize("pattern", ["", "/", ".", "../*.txt", "a/../*.txt"])
def test_other_globs_that_select_nothing_inside_are_refused(pattern: str):
    with pytest.raises(GlobError):
        check_glob(pattern)


def test_a_glob_is_tidied():
    assert check_glob("./*.txt") == "*.txt" and check_glob("a//./b/*.txt") == "a/b/*.txt"


def test_glob_components_match_the_end_of_the_relative_path():
    assert matches(("Kinh doanh", "a.txt"), "*.txt")
    assert matches(("x", "Kinh doanh", "a.txt"), "Kinh doanh/*.txt")
    assert not matches(("Kinh doanh", "a.md"), "*.txt")
    assert matches(("a", "b", "c", "d.txt"), "a/**/*.txt") and matches(("a", "d.txt"), "a/**/*.txt")


def test_a_glob_with_a_folder_selects_within_it(run, tmp_path: Path):
    d = corpus(tmp_path)
    (d / "VNE").mkdir()
    (d / "VNE" / "a.txt").write_text(OK, encoding="utf-8")
    result = run("tokenize", str(d), "--glob", "VNE/*.txt", "-f", "csv")
    assert result.exit_code == 0 and sources(result.stdout) == ["VNE/a.txt"]


@pytest.mark.parametrize("target, problem", [
    ("gone.txt", "dangling symbolic link (to 'gone.txt', which does not exist)"),
    ("x.txt", "symbolic link loop (the link cannot be resolved)"),  # x.txt → x.txt
])
def test_a_symlink_to_nothing_in_a_folder_is_reported(run, tmp_path: Path, target: str, problem: str):
    d = corpus(tmp_path)
    (d / "x.txt").symlink_to(target)
    result = run("tokenize", str(d), "-f", "csv")
    assert result.exit_code == 1
    assert result.stderr == f"dialogue: {d}/x.txt: {problem}\n"
    assert sources(result.stdout) == ["ok.txt"]


def test_a_dangling_symlink_named_on_the_command_line_is_reported(run, tmp_path: Path):
    d = corpus(tmp_path)
    (d / "x.txt").symlink_to("gone.txt")
    result = run("tokenize", str(d / "x.txt"), str(d / "ok.txt"), "-f", "csv")
    assert result.exit_code == 1
    assert result.stderr == f"dialogue: {d}/x.txt: dangling symbolic link (to 'gone.txt', which does not exist)\n"
    assert sources(result.stdout) == ["ok.txt"]


def test_a_fifo_in_a_folder_is_reported_not_read(run, tmp_path: Path):
    d = corpus(tmp_path)
    os.mkfifo(d / "x.txt")  # reading it would wait for a writer forever
    result = run("tokenize", str(d), "-f", "csv")
    assert result.exit_code == 1
    assert result.stderr == (f"dialogue: {d}/x.txt: is a named pipe (FIFO), not a regular file: skipped; "
                             "name it on the command line to read it from a writer\n")
    assert sources(result.stdout) == ["ok.txt"]


def test_a_fifo_named_on_the_command_line_is_read_like_cat(run, tmp_path: Path):
    import threading

    fifo = tmp_path / "in.txt"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text(OK, encoding="utf-8"))  # waits for the reader
    writer.start()
    result = run("tokenize", str(fifo))
    writer.join(timeout=30)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "Tạm_biệt .\n", "")


def test_a_directory_named_like_a_file_is_searched(run, tmp_path: Path):
    d = corpus(tmp_path)
    (d / "sub.txt").mkdir()
    (d / "sub.txt" / "inner.txt").write_text(OK, encoding="utf-8")
    result = run("tokenize", str(d), "-f", "csv")
    assert (result.exit_code, result.stderr) == (0, "")
    assert sources(result.stdout) == ["ok.txt", "sub.txt/inner.txt"]


def test_a_symlink_loop_is_skipped_with_one_warning(run, tmp_path: Path):
    d = corpus(tmp_path)
    (d / "sub").mkdir()
    (d / "sub" / "a.txt").write_text(OK, encoding="utf-8")
    (d / "sub" / "back").symlink_to("..")  # c/sub/back → c: a loop
    (d / "self").symlink_to(".")
    result = run("tokenize", str(d), "-f", "csv")
    assert result.exit_code == 0
    assert result.stderr == (
        f"dialogue: warning: {d}/self: symbolic link loop (leads back to {d.resolve()}): not followed\n"
        f"dialogue: warning: {d}/sub/back: symbolic link loop (leads back to {d.resolve()}): not followed\n")
    assert sources(result.stdout) == ["ok.txt", "sub/a.txt"]


def test_a_symlinked_folder_is_followed(run, tmp_path: Path):
    d = corpus(tmp_path)
    elsewhere = tmp_path / "2021"
    elsewhere.mkdir()
    (elsewhere / "b.txt").write_text(OK, encoding="utf-8")
    (d / "2021").symlink_to(elsewhere)
    result = run("tokenize", str(d), "-f", "csv")
    assert (result.exit_code, result.stderr) == (0, "")
    assert sources(result.stdout) == ["2021/b.txt", "ok.txt"]


def test_an_unreadable_subfolder_is_reported(run, tmp_path: Path, unreadable):
    d = corpus(tmp_path)
    (d / "locked").mkdir()
    (d / "locked" / "a.txt").write_text(OK, encoding="utf-8")
    unreadable("locked")
    result = run("tokenize", str(d), "-f", "csv")
    assert result.exit_code == 1
    assert result.stderr == f"dialogue: {d}/locked: permission denied: its files are skipped\n"
    assert sources(result.stdout) == ["ok.txt"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 folder")
def test_a_chmod_000_subfolder_is_reported(run, tmp_path: Path):
    d = corpus(tmp_path)
    (d / "locked").mkdir()
    (d / "locked" / "a.txt").write_text(OK, encoding="utf-8")
    (d / "locked").chmod(0)
    try:
        result = run("tokenize", str(d), "-f", "csv")
    finally:
        (d / "locked").chmod(0o755)
    assert result.exit_code == 1
    assert result.stderr == f"dialogue: {d}/locked: permission denied: its files are skipped\n"


def test_folders_nested_beyond_path_max_are_reported_once(run, tmp_path: Path):
    d = corpus(tmp_path)
    depth, fd = 0, os.open(d, os.O_RDONLY)
    try:  # build it with directory descriptors: the path itself is too long to use
        while len(str(d)) + 2 * depth < 4200:
            os.mkdir("a", dir_fd=fd)
            inner = os.open("a", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd, depth = inner, depth + 1
            if depth == 3:
                with open(os.open("x.txt", os.O_WRONLY | os.O_CREAT, dir_fd=fd), "w", encoding="utf-8") as f:
                    f.write(OK)
    finally:
        os.close(fd)
    try:
        result = run("tokenize", str(d), "-f", "csv")
    finally:  # shutil.rmtree (pytest's clean-up of old runs) recurses and would fail on it
        subprocess.run(["rm", "-rf", str(d / "a")], check=True)
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"dialogue: {d}/a/a/a/") and "…" in line
    assert re.search(r"…(/a)+: path too long \(409[67] bytes; the system allows 4096\): its files are skipped$", line)
    assert len(line) < 400
    assert sources(result.stdout) == ["a/a/a/x.txt", "ok.txt"]
