from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

from dialogue_cli.corpus.cache import SegmentCache, cache_key, clear, info
from dialogue_cli.corpus.inputs import Document
from dialogue_cli.corpus.pipeline import analyse
from dialogue_cli.text.segment import segment

from .conftest import SEEDS

TEXT = "Chuyển đổi số là xu hướng. Tăng trưởng xanh!\nDòng hai."


def test_round_trip_keeps_words_spans_and_tags():
    sentences = segment(TEXT, pos=True)
    store = SegmentCache(Path(__import__("tempfile").mkdtemp()))
    store.put("k", sentences)
    assert store.get("k", TEXT) == sentences
    assert [s.words for s in store.get("k", TEXT)] == [s.words for s in sentences]
    assert store.get("missing", TEXT) is None


def test_key_covers_text_regions_and_options():
    base = cache_key(TEXT, [(0, 10)], pos=False)
    assert base == cache_key(TEXT, [(0, 10)], pos=False)
    assert base != cache_key(TEXT + " ", [(0, 10)], pos=False)
    assert base != cache_key(TEXT, [(0, 11)], pos=False)
    assert base != cache_key(TEXT, [(0, 10)], pos=True)


def test_warm_analysis_does_not_segment(tmp_path: Path, monkeypatch):
    doc = Document("a", "a", TEXT, "utf-8")
    cold = analyse(doc, cache_dir=tmp_path)

    def no_segmenting(*a, **kw):
        raise AssertionError("segmented although cached")

    monkeypatch.setattr("dialogue_cli.corpus.pipeline.segment", no_segmenting)
    warm = analyse(doc, cache_dir=tmp_path)
    assert warm.sentences == cold.sentences


def test_corrupt_cache_is_bypassed_and_reported(tmp_path: Path):
    (tmp_path / "segments.sqlite3").write_bytes(b"this is not a database" * 100)
    store = SegmentCache(tmp_path)
    assert store.get("k", TEXT) is None
    assert store.problem is not None and "cache bypassed" in store.problem
    store.put("k", segment(TEXT))  # silently skipped
    assert store.get("k", TEXT) is None


def test_corrupt_cache_does_not_fail_the_command(run, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("DIALOGUE_CACHE_DIR", str(tmp_path))
    (tmp_path / "segments.sqlite3").write_bytes(b"garbage" * 1000)
    result = run("themes", "-f", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[2].startswith("001_6338e0ceedcb0c4c.txt,995,17,")
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "cache bypassed" in warnings[0]


def _writer(args: tuple[str, int]) -> int:
    directory, n = args
    store = SegmentCache(Path(directory))
    sentences = segment(f"Tài liệu số {n}. Chuyển đổi số.")
    for i in range(30):
        store.put(f"{n}-{i}", sentences)
    return 0 if store.problem is None else 1


def test_several_processes_writing_at_once(tmp_path: Path):
    # creating a fresh file from 8 processes at once is where "database is locked" showed
    for trial in range(3):
        fresh = tmp_path / f"fresh{trial}"
        with multiprocessing.get_context("fork").Pool(8) as pool:
            assert pool.map(_writer, [(str(fresh), n) for n in range(8)]) == [0] * 8
    tmp_path = tmp_path / "fresh2"
    with sqlite3.connect(tmp_path / "segments.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*) FROM segments").fetchone() == (240,)
    store = SegmentCache(tmp_path)
    assert [w.text for w in store.get("7-29", "Tài liệu số 7. Chuyển đổi số.")[0].words] == ["Tài liệu", "số", "7", "."]


def test_info_and_clear(tmp_path: Path):
    store = SegmentCache(tmp_path)
    store.put("k", segment(TEXT))
    about = info(tmp_path)
    assert about["entries"] == 1 and about["bytes"] > 0 and about["path"].endswith("segments.sqlite3")
    assert clear(tmp_path) > 0
    assert info(tmp_path)["entries"] == 0


def test_cache_commands_and_no_cache(run, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("DIALOGUE_CACHE_DIR", str(tmp_path))
    run("themes", "--no-cache", str(SEEDS / "002_03d2201b80de2184.txt"))
    assert not (tmp_path / "segments.sqlite3").exists()
    run("themes", str(SEEDS / "002_03d2201b80de2184.txt"))
    result = run("cache", "info", "-f", "csv")
    assert result.stdout.splitlines()[1].startswith(f"{tmp_path / 'segments.sqlite3'},3,")  # document, terms, result
    result = run("cache", "clear")
    assert result.exit_code == 0 and "removed" in result.stderr
    assert not (tmp_path / "segments.sqlite3").exists()


def test_default_cache_dir_is_the_user_cache_directory(monkeypatch):
    from platformdirs import user_cache_dir

    from dialogue_cli.corpus.cache import cache_dir

    monkeypatch.delenv("DIALOGUE_CACHE_DIR")
    assert cache_dir() == Path(user_cache_dir("dialogue-cli"))
    monkeypatch.setenv("DIALOGUE_CACHE_DIR", "/somewhere/else")
    assert cache_dir() == Path("/somewhere/else")
