from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from dialogue_cli.corpus.inputs import InputRef, decode, default_corpus, expand, read
from dialogue_cli.errors import InputProblem

from .conftest import SEEDS


def collect(paths, **kw):
    problems: list[InputProblem] = []
    refs = expand([str(p) for p in paths], on_problem=problems.append, **kw)
    return refs, problems


def test_utf8_with_and_without_bom():
    assert decode("hòa".encode(), name="a") == ("hòa", "utf-8")
    assert decode(codecs.BOM_UTF8 + "hòa".encode(), name="a") == ("hòa", "utf-8-sig")


def test_utf16_with_bom_little_and_big_endian():
    assert decode(codecs.BOM_UTF16_LE + "số".encode("utf-16-le"), name="a") == ("số", "utf-16")
    assert decode(codecs.BOM_UTF16_BE + "số".encode("utf-16-be"), name="a") == ("số", "utf-16")


def cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: tone marks as separate combining bytes."""
    import unicodedata

    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        d = unicodedata.normalize("NFD", ch)
        tone = "".join(c for c in d if c in tones)
        out.append(unicodedata.normalize("NFC", "".join(c for c in d if c not in tones)) + tone)
    return "".join(out).encode("cp1258")


def test_invalid_utf8_names_the_byte_and_suggests_encoding():
    with pytest.raises(InputProblem) as err:
        decode(cp1258("hòa"), name="old.txt")
    assert str(err.value) == "old.txt: not UTF-8 (invalid byte 0xcc at offset 2)"
    assert "--encoding" in (err.value.hint or "")


def test_forced_encoding_cp1258():
    text, used = decode(cp1258("Chuyển đổi số"), name="a", encoding="cp1258")
    assert used == "cp1258"
    # cp1258 carries tones as combining marks; normalization composes them later
    from dialogue_cli.text.normalize import normalize

    assert normalize(text).text == "Chuyển đổi số"


def test_binary_file_is_reported():
    with pytest.raises(InputProblem) as err:
        decode(b"\x89PNG\r\n\x1a\n\x00\x00", name="pic.txt")
    assert str(err.value) == "pic.txt: binary file (contains NUL bytes)"


def test_directory_recursion_with_awkward_names(tmp_path: Path):
    (tmp_path / "Kinh doanh").mkdir()
    (tmp_path / "Kinh doanh" / "KD_ VNE_ (102).txt").write_text("a", encoding="utf-8")
    (tmp_path / "Thời sự").mkdir()
    (tmp_path / "Thời sự" / "bài viết.txt").write_text("b", encoding="utf-8")
    (tmp_path / "notes.md").write_text("c", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("d", encoding="utf-8")
    refs, problems = collect([tmp_path])
    assert problems == []
    assert [r.source for r in refs] == ["Kinh doanh/KD_ VNE_ (102).txt", "Thời sự/bài viết.txt"]
    refs, _ = collect([tmp_path], glob="*.md")
    assert [r.source for r in refs] == ["notes.md"]


def test_file_source_is_its_name_and_duplicates_are_read_once(tmp_path: Path):
    f = tmp_path / "a.txt"
    f.write_text("x", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("y", encoding="utf-8")
    refs, _ = collect([f, f, tmp_path / "sub" / "a.txt"])
    assert [r.source for r in refs] == ["a.txt", str(tmp_path / "sub" / "a.txt")]


def test_stdin_given_twice_is_read_once(tmp_path: Path):
    f = tmp_path / "a.txt"
    f.write_text("x", encoding="utf-8")
    refs, problems = collect(["-", f, "-"])
    assert [(r.source, r.path) for r in refs] == [("<stdin>", "-"), ("a.txt", str(f))] and problems == []


def test_missing_path_and_empty_directory_are_reported(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    refs, problems = collect([tmp_path / "nope.txt", tmp_path / "empty"])
    assert refs == []
    assert [p.problem for p in problems] == [
        "no such file or directory",
        "directory has no files matching '*.txt'",
    ]


def test_empty_file_is_an_empty_document(tmp_path: Path):
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    doc = read(InputRef("empty.txt", str(f)))
    assert doc.text == ""


def test_default_corpus_is_the_five_seeds():
    assert default_corpus().resolve() == SEEDS.resolve() or (default_corpus() / "001_6338e0ceedcb0c4c.txt").is_file()
    names = sorted(p.name for p in default_corpus().glob("*.txt"))
    assert names == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert len(names) == 5


def test_seeds_are_byte_for_byte_copies(shared: Path):
    for f in SEEDS.glob("*.txt"):
        assert f.read_bytes() == (shared / "seeds" / f.name).read_bytes()


def test_real_utf16_original_from_vntc(shared: Path):
    original = next((shared / "corpus" / "vntc_utf16").rglob("*.txt"))
    raw = original.read_bytes()
    assert raw.startswith(codecs.BOM_UTF16_LE) and b"\r\x00\n\x00" in raw
    doc = read(InputRef(original.name, str(original)))
    assert doc.encoding == "utf-16"
    assert "\r\n" in doc.text
    from dialogue_cli.text.normalize import normalize

    n = normalize(doc.text)
    assert "\r" not in n.text
    first_line = n.text.split("\n", 1)[0]
    s, e = n.original_span(0, len(first_line))
    assert doc.text[s:e] == doc.text.split("\r\n", 1)[0]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_chmod_000_file_is_reported(tmp_path: Path):
    f = tmp_path / "locked.txt"
    f.write_text("x", encoding="utf-8")
    f.chmod(0)
    with pytest.raises(InputProblem, match="permission denied"):
        read(InputRef("locked.txt", str(f)))
