from __future__ import annotations

from pathlib import Path

from dialogue_cli.corpus.inputs import InputRef
from dialogue_cli.errors import InputProblem
from dialogue_cli.corpus.pipeline import Options, analyse_corpus, auto_jobs

from .conftest import SEEDS


def refs(tmp_path: Path) -> list[InputRef]:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00")  # UTF-16 BOM, odd byte count
    out = [InputRef(p.name, str(p)) for p in sorted(SEEDS.glob("*.txt"))]
    out.insert(2, InputRef("bad.txt", str(bad)))
    out.insert(4, InputRef("missing.txt", str(tmp_path / "missing.txt")))
    return out


def run_corpus(tmp_path: Path, jobs: int):
    problems: list[InputProblem] = []
    docs = list(analyse_corpus(refs(tmp_path), options=Options(), jobs=jobs, on_problem=problems.append))
    return docs, [str(p) for p in problems]


def test_jobs_give_the_same_results_in_the_same_order(tmp_path: Path):
    one, problems_one = run_corpus(tmp_path, 1)
    two, problems_two = run_corpus(tmp_path, 2)
    assert [d.source for d in one] == [p.name for p in sorted(SEEDS.glob("*.txt"))]
    assert [(d.source, d.sentences, d.cleaned.meta) for d in two] == [(d.source, d.sentences, d.cleaned.meta) for d in one]
    assert problems_two == problems_one and len(problems_one) == 2


def test_cli_output_is_identical_whatever_the_jobs(run):
    outputs = {j: run("themes", "--evidence", "--no-cache", "--jobs", j, "-f", "csv").stdout for j in ("1", "2", "0")}
    assert outputs["1"] == outputs["2"] == outputs["0"]
    assert len(outputs["1"].splitlines()) == 1 + 49 + 16 + 17


def test_auto_jobs_uses_cores_only_for_a_sizeable_corpus(tmp_path: Path):
    small = [InputRef(p.name, str(p)) for p in SEEDS.glob("*.txt")]
    assert auto_jobs(small) == 1
    big = tmp_path / "big.txt"
    big.write_text("Chuyển đổi số. " * 20_000, encoding="utf-8")
    import os

    assert auto_jobs(small + [InputRef("big.txt", str(big))]) == (os.cpu_count() or 1)


def test_worker_results_survive_pickling():
    """A result that cannot be unpickled kills the pool's result thread and hangs the run."""
    import pickle

    from dialogue_cli.corpus.inputs import Document
    from dialogue_cli.errors import DictionaryError
    from dialogue_cli.corpus.pipeline import analyse

    problem = InputProblem("a.txt", "binary file", hint="use --encoding")
    back = pickle.loads(pickle.dumps(problem))
    assert (type(back), str(back), back.hint) == (InputProblem, "a.txt: binary file", "use --encoding")
    assert str(pickle.loads(pickle.dumps(DictionaryError("t.yaml", "bad")))) == "t.yaml: bad"
    doc = analyse(Document("a", "a", "Tiêu đề\nChuyển\u00a0đổi số.\nTin: Thu Hằng", "utf-8"))
    again = pickle.loads(pickle.dumps(doc))
    assert again == doc


def test_unreadable_file_is_reported_and_others_still_read(tmp_path: Path, monkeypatch):
    good = tmp_path / "good.txt"
    good.write_text("tốt", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("x", encoding="utf-8")
    real_open = open

    def fake_open(path, *a, **kw):  # root can read anything: simulate EACCES
        if str(path) == str(bad):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *a, **kw)

    monkeypatch.setattr("builtins.open", fake_open)
    problems: list[InputProblem] = []
    refs = [InputRef("bad.txt", str(bad)), InputRef("good.txt", str(good))]
    docs = list(analyse_corpus(refs, on_problem=problems.append))
    assert [d.doc.text for d in docs] == ["tốt"]
    assert [str(p) for p in problems] == [f"{bad}: permission denied"]


def test_results_in_flight_are_bounded_whatever_the_consumer_speed():
    """A slow writer must not let the workers run ahead: inputs are taken only
    as results are consumed (at most jobs × WINDOW in flight)."""
    import time

    from dialogue_cli.corpus.pipeline import WINDOW

    text = (SEEDS / "002_03d2201b80de2184.txt").read_text(encoding="utf-8")
    pulled = 0

    def inputs():
        nonlocal pulled
        for i in range(40):
            pulled += 1
            yield InputRef(f"d{i}", f"d{i}", text=text)

    ahead = []
    for consumed, doc in enumerate(analyse_corpus(inputs(), jobs=2, step=len_of_sentences, on_problem=print), 1):
        ahead.append(pulled - consumed)
        time.sleep(0.01)  # the slow writer
    assert consumed == 40
    assert max(ahead) <= 2 * WINDOW
    assert max(ahead) >= WINDOW  # and the workers are kept busy meanwhile


def len_of_sentences(doc):
    return len(doc.sentences)


def test_problems_in_the_input_stream_keep_their_place(tmp_path: Path):
    items = [InputRef("a", "a", text="Một."), InputProblem("t.jsonl", "line 2: not valid JSON"),
             InputRef("b", "b", text="Hai.")]
    for jobs in (1, 2):
        seen: list[str] = []
        results = analyse_corpus(iter(items), jobs=jobs, on_problem=lambda p: seen.append(str(p)))
        order = []
        for r in results:
            order.append(("doc", len(seen)))
        assert seen == ["t.jsonl: line 2: not valid JSON"]
        assert order == [("doc", 0), ("doc", 1)]


def test_a_command_with_a_slow_writer_keeps_few_documents_in_flight(run, tmp_path: Path, monkeypatch):
    """`sources -j 2` with a writer that takes 10 ms a row: the workers may not
    run ahead of it by more than jobs × WINDOW documents."""
    import time

    from dialogue_cli.commands.common import Session
    from dialogue_cli.output.writer import Writer
    from dialogue_cli.corpus.pipeline import WINDOW

    for i in range(40):
        (tmp_path / f"{i:02d}.txt").write_text(f"Bài {i}. Chuyển đổi số.", encoding="utf-8")
    pulled = [0]
    ahead: list[int] = []
    real_inputs, real_rows = Session.inputs, Writer.rows

    def inputs(self):
        for item in real_inputs(self):
            pulled[0] += 1
            yield item

    def rows(self, items, columns, **kw):
        def slow():
            for n, row in enumerate(items, 1):
                ahead.append(pulled[0] - n)
                time.sleep(0.01)
                yield row
        return real_rows(self, slow(), columns, **kw)

    monkeypatch.setattr(Session, "inputs", inputs)
    monkeypatch.setattr(Writer, "rows", rows)
    result = run("sources", str(tmp_path), "-j", "2", "-f", "csv", "--no-cache")
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 41
    assert len(ahead) == 40 and max(ahead) <= 2 * WINDOW


def test_a_warm_rerun_starts_no_worker_pool(run, tmp_path: Path, monkeypatch):
    """The parent answers the files the memo knows; the pool starts at the first it does not."""
    import shutil

    from dialogue_cli.corpus import pool

    monkeypatch.setenv("DIALOGUE_CACHE_DIR", str(tmp_path / "cache"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in sorted(SEEDS.glob("*.txt"))[:3]:
        shutil.copy(p, corpus / p.name)
    starts: list[int] = []
    real = pool.LazyPool.get

    def get(self):
        if self.pool is None:
            starts.append(self.processes)
        return real(self)

    monkeypatch.setattr(pool.LazyPool, "get", get)
    cold = run("themes", str(corpus), "-j", "2", "-f", "csv").stdout
    assert starts == [2]
    assert run("themes", str(corpus), "-j", "2", "-f", "csv").stdout == cold
    assert starts == [2]  # warm: no pool
    shutil.copy(sorted(SEEDS.glob("*.txt"))[3], corpus / "zz.txt")
    mixed = run("themes", str(corpus), "-j", "2", "-f", "csv").stdout
    assert starts == [2, 2]
    assert mixed == run("themes", str(corpus), "-j", "1", "--no-cache", "-f", "csv").stdout
    assert mixed.splitlines()[:4] == cold.splitlines()[:4] and len(mixed.splitlines()) == len(cold.splitlines()) + 1
