from __future__ import annotations

import os
from functools import partial
from pathlib import Path

from dialogue_cli.corpus import memo
from dialogue_cli.corpus.inputs import InputRef
from dialogue_cli.text.matching import Matcher
from dialogue_cli.corpus.pipeline import Options, _work, rows_of
from dialogue_cli.analysis.themes import count_rows


def test_step_tokens_are_stable_and_opaque_arguments_refuse():
    a = rows_of(count_rows, Matcher({"t": ["chuyển đổi số"]}))
    b = rows_of(count_rows, Matcher({"t": ["chuyển đổi số"]}))
    c = rows_of(count_rows, Matcher({"t": ["chuyển đổi số", "số hóa"]}))
    assert memo.step_token(a) == memo.step_token(b) != memo.step_token(c)
    assert memo.step_token(partial(count_rows, object())) is None


def test_encode_round_trips_rows_and_refuses_tuples():
    rows = [{"source": "a", "words": 3, "rate": 1.25, "x": None, "_left": ["một"]}]
    assert memo.decode(memo.encode(rows)) == rows
    assert memo.encode([("a", 1)]) is None
    assert memo.encode([{"token": "x"}] * (memo.MAX_ROWS + 1)) is None


def test_warm_results_follow_the_file_and_its_metadata(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("DIALOGUE_CACHE_DIR", str(tmp_path / "cache"))
    f = tmp_path / "a.txt"
    f.write_text("Chuyển đổi số.", encoding="utf-8")
    options = Options(cache_dir=tmp_path / "cache")
    step = rows_of(count_rows, Matcher({"t": ["chuyển đổi số"]}))
    calls: list[int] = []
    monkeypatch.setattr("dialogue_cli.corpus.pipeline.analyse", _spy(calls))
    ref = InputRef("a.txt", str(f), (("source", "a.txt"),))
    first, _ = _work(ref, options, step)
    again, _ = _work(ref, options, step)
    assert again == first == [{"source": "a.txt", "words": 2, "t": 1, "t per 1k": 500.0}]
    assert len(calls) == 1  # the second run never analysed the file
    _work(InputRef("a.txt", str(f), (("source", "a.txt"),), (("outlet", "TT"),)), options, step)
    assert len(calls) == 2  # other metadata: another result
    f.write_text("Tăng trưởng.  ", encoding="utf-8")
    os.utime(f, ns=(1, 1))
    changed, _ = _work(ref, options, step)
    assert changed == [{"source": "a.txt", "words": 1, "t": 0, "t per 1k": 0.0}] and len(calls) == 3


def _spy(calls):
    from dialogue_cli.corpus import pipeline

    real = pipeline.analyse

    def analyse(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    return analyse
