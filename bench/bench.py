"""`make bench`: the performance figures, measured side by side in one run.

Corpus: ../shared/corpus/vntc_sample (the first --n files in path order,
spread over the topic folders), or the seeds repeated when it is absent.
Every figure is a whole process, timed from outside, started the same way.
The machine is a shared VM whose speed drifts, so runs that are compared are
interleaved and repeated (--runs), and each figure is the fastest run
(the overhead ratio excepted, see below):

* tool overhead: a raw loop of underthesea.word_tokenize over the corpus's
  lines, against `dialogue themes --no-cache --jobs 1` over the same files,
  run side by side (one per core, started together; the median ratio of
  --runs rounds); also in CPU instructions (valgrind's callgrind, when
  installed), which do not drift: the whole run on --instr-n files, and per
  document (the same minus a one-file run: no interpreter or model start-up);
* parallel: `--jobs 2` against `--jobs 1` (cache off), next to what this
  machine gives two raw loops at once (its ceiling for two processes); and
  `--scheduler local:2` (a 2-worker Dask LocalCluster, started by the run)
  against both, each ratio within its round, the median shown (also alone,
  with --dask-only; --n 2000 shows the fixed start-up cost amortised);
* cache: a warm `themes` run against a cold one, and the same for `keywords`;
* start-up: `dialogue --help` against a bare `python -c "import click"`;
* memory: peak RSS of `dialogue themes --no-cache --jobs 1` at 1× and 10× a
  corpus (the files repeated in a temporary directory);
* scale (also alone, with --scale-only): every command that reads a corpus
  (themes, keywords freq / keyness / keyness --negative, kwic, tokenize -f
  jsonl, sources) at --jobs 1 and 2, warm cache, on the --scale-n files (1×)
  and on the same files ten times over (10×: hard links r0/… to r9/…, since
  the tool skips paths whose realpath it has seen); wall time and peak RSS of
  each, one run each. With --big, also `keywords --method keyness --negative`
  on the whole sample ten times over (20,000 documents), the issue's target.

Peak RSS in the scale section is the process tree's: the command's process
and its workers are listed from /proc/PID/task/*/children and their RSS
(/proc/PID/statm) summed every 20 ms; the figure is the largest sum, or the
kernel's ru_maxrss of the tree (os.wait4) if larger. Why sample: ru_maxrss of
children is the peak of the single largest process, which hides the workers
of --jobs 2; summing each process's own peak would add peaks that never
coexisted. A summed RSS counts the copy-on-write pages the forked workers
share with the parent once per process, so for --jobs 2 it is an upper bound
of the memory used; the 10×/1× ratio compares like with like. A spike shorter
than 20 ms can be missed (ru_maxrss still catches it in any one process).
The same sampler is the watchdog: a run over --scale-timeout seconds or
--scale-cap-gb of RSS is killed (its whole process group) and recorded so,
rather than left to take the shared machine down.

It prints one table and records it in README.md between the bench markers
(the scale table between the bench-scale markers), unless --no-readme.
Usage: python bench/bench.py [--n FILES] [--runs N] [--instr-n FILES] [--no-readme]
                             [--scale-only] [--scale-n FILES] [--big] [--dask-only]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DIALOGUE_SHARED", REPO.parent / "shared"))
DIALOGUE = str(Path(sys.executable).parent / "dialogue")

RAW_LOOP = """
import sys
from pathlib import Path
from underthesea import word_tokenize
for f in sorted(Path(sys.argv[1]).glob("*.txt")):
    for line in f.read_text(encoding="utf-8").splitlines():
        if line.strip():
            word_tokenize(line)
"""

MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "rss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def measure(cmd: list[str], env: dict[str, str] | None = None) -> dict[str, float]:
    """Wall time and peak RSS of one command, from a fresh wrapper process."""
    out = subprocess.run([sys.executable, "-c", MEASURE, *cmd], check=True, capture_output=True, text=True, env=env)
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def side_by_side(a: list[str], b: list[str]) -> tuple[float, float]:
    """Wall times of ``a`` and ``b`` started together, one per core, so that the
    machine's drift hits both alike. The first to finish is restarted as a
    filler until the other ends: both run against the same load throughout."""
    import time

    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    start = time.perf_counter()
    procs = {"a": subprocess.Popen(a, **quiet), "b": subprocess.Popen(b, **quiet)}  # type: ignore[call-overload]
    times: dict[str, float] = {}
    filler: subprocess.Popen[bytes] | None = None
    while len(times) < 2:
        for name, proc in procs.items():
            if name not in times and proc.poll() is not None:
                if proc.returncode:
                    raise SystemExit(f"bench: {' '.join(a if name == 'a' else b)} failed")
                times[name] = time.perf_counter() - start
                if len(times) == 1:
                    filler = subprocess.Popen(a if name == "a" else b, **quiet)  # type: ignore[call-overload]
        time.sleep(0.01)
    if filler is not None:
        filler.kill()
        filler.wait()
    return times["a"], times["b"]


def measure_pair(cmd: list[str]) -> float:
    """Wall time of two copies of ``cmd`` started together."""
    procs = [subprocess.Popen([sys.executable, "-c", MEASURE, *cmd], stdout=subprocess.PIPE, text=True) for _ in range(2)]
    return max(json.loads(p.communicate()[0])["seconds"] for p in procs)


def instructions(cmds: list[list[str]], workdir: Path) -> list[int]:
    """CPU instructions each command executes (callgrind), run two at a time."""
    counts: list[int] = []
    for i in range(0, len(cmds), 2):
        procs = [
            subprocess.Popen(["valgrind", "--tool=callgrind", f"--callgrind-out-file={workdir}/cg.%p", *cmd],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            for cmd in cmds[i : i + 2]
        ]
        for proc in procs:
            err = proc.communicate()[1]
            found = re.search(r"Collected : (\d+)", err)
            if proc.returncode or not found:
                raise SystemExit(f"bench: valgrind failed: {err[-500:]}")
            counts.append(int(found.group(1)))
    return counts


def median_seconds(cmd: list[str], repeat: int) -> float:
    return statistics.median(measure(cmd)["seconds"] for _ in range(repeat))


def build_corpus(n: int, workdir: Path, repeat: int = 1) -> str:
    """Copy n corpus files (repeated `repeat` times) into workdir; say what they are."""
    sample = SHARED / "corpus" / "vntc_sample"
    if sample.is_dir():
        files = sorted(sample.rglob("*.txt"))
        files = files[:: max(1, len(files) // n)][:n]
        label = f"vntc_sample, {len(files)} files"
    else:
        seeds = sorted((REPO / "seeds").glob("*.txt"))
        files = [seeds[i % len(seeds)] for i in range(n)]
        label = f"seeds repeated, {len(files)} files"
    workdir.mkdir(parents=True, exist_ok=True)
    for r in range(repeat):
        for i, f in enumerate(files):
            shutil.copyfile(f, workdir / f"{r:03d}_{i:05d}.txt")
    return label


def syllables(directory: Path) -> int:
    return sum(len(f.read_text(encoding="utf-8").split()) for f in directory.glob("*.txt"))


def cpu_name() -> str:
    """The processor's model name (Linux), else what platform knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def record_in_readme(table: str, marker: str = "bench") -> None:
    """Replace the block between README.md's ``<!-- {marker}:start/end -->`` markers."""
    readme = REPO / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    block = f"{start}\n```\n{table}\n```\n{end}"
    new, count = re.subn(re.escape(start) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    if count:
        readme.write_text(new, encoding="utf-8")
    else:
        print(f"bench: README.md has no {start} marker: table not recorded", file=sys.stderr)


def footer(what: str) -> str:
    """The line that says when, where and how a table was measured."""
    return (f"({datetime.date.today()}, {cpu_name()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, {what})")


def measured_code(env: dict[str, str] | None = None) -> str:
    """Where the `dialogue` console script imports dialogue_cli from (PYTHONPATH first)."""
    out = subprocess.run([sys.executable, "-P", "-c", "import dialogue_cli; print(dialogue_cli.__file__)"],
                         capture_output=True, text=True, env=env, cwd=tempfile.gettempdir())
    return str(Path(out.stdout.strip()).parent) if out.returncode == 0 else "(dialogue_cli not importable)"


# --- the general figures ---------------------------------------------------

def bench_startup(repeat: int) -> list[tuple[str, str, str]]:
    """`dialogue --help` against a bare `import click`."""
    bare = median_seconds([sys.executable, "-c", "import click"], repeat)
    help_ = median_seconds([DIALOGUE, "--help"], repeat)
    return [("start-up: dialogue --help", f"{help_ * 1000:.0f} ms",
             f"{help_ / bare:.2f}× a bare `import click` ({bare * 1000:.0f} ms); target ≤ 3×")]


def bench_speed(n: int, runs: int, instr_n: int, tmp_path: Path) -> list[tuple[str, str, str]]:
    """Overhead against the raw loop, --jobs 2 against 1, warm against cold."""
    rows: list[tuple[str, str, str]] = []
    work = tmp_path / "corpus"
    label = build_corpus(n, work)
    syl = syllables(work)
    env = dict(os.environ, DIALOGUE_CACHE_DIR=str(tmp_path / "cache"))
    themes = [DIALOGUE, "themes", str(work), "-f", "csv"]
    keywords = [DIALOGUE, "keywords", str(work), "-f", "csv", "--jobs", "1"]
    raw_loop = [sys.executable, "-c", RAW_LOOP, str(work)]

    times: dict[str, list[float]] = {k: [] for k in ("raw", "pair", "one", "two", "cold", "warm", "kcold", "kwarm",
                                                     "dask")}
    side: list[tuple[float, float]] = []  # (raw loop, themes --jobs 1), side by side
    for _ in range(runs):
        side.append(side_by_side(raw_loop, themes + ["--no-cache", "--jobs", "1"]))
        times["raw"].append(measure(raw_loop)["seconds"])
        times["one"].append(measure(themes + ["--no-cache", "--jobs", "1"])["seconds"])
        times["two"].append(measure(themes + ["--no-cache", "--jobs", "2"])["seconds"])
        times["dask"].append(measure(themes + ["--no-cache", "--scheduler", "local:2"])["seconds"])
        times["pair"].append(measure_pair(raw_loop))
        shutil.rmtree(tmp_path / "cache", ignore_errors=True)
        times["cold"].append(measure(themes + ["--jobs", "1"], env)["seconds"])
        times["warm"].append(measure(themes + ["--jobs", "1"], env)["seconds"])
        shutil.rmtree(tmp_path / "cache", ignore_errors=True)
        times["kcold"].append(measure(keywords, env)["seconds"])
        times["kwarm"].append(measure(keywords, env)["seconds"])
    raw, pair, one, two, cold, warm, kcold, kwarm, dask = (min(times[k]) for k in times)
    raw_side, themes_side = (statistics.median(t) for t in zip(*side))
    ratio = statistics.median(r / t for r, t in side)
    rows.append(("raw word_tokenize loop", f"{raw_side:.1f} s",
                 f"{syl / raw_side:,.0f} syllables/s ({label}, {syl:,} syllables)"))
    rows.append(("themes, cold, --jobs 1", f"{themes_side:.1f} s",
                 f"{syl / themes_side:,.0f} syllables/s: {ratio:.2f}× the raw loop's speed; target ≥ 0.95× "
                 f"(side by side, median of {len(side)}: {', '.join(f'{r / t:.2f}' for r, t in side)})"))
    if instr_n and shutil.which("valgrind"):
        small, single = tmp_path / "instr", tmp_path / "single"
        build_corpus(instr_n, small)
        build_corpus(1, single)
        r_n, t_n, r_1, t_1 = instructions(
            [[sys.executable, "-c", RAW_LOOP, str(small)], [DIALOGUE, "themes", str(small), "--no-cache", "-j", "1"],
             [sys.executable, "-c", RAW_LOOP, str(single)], [DIALOGUE, "themes", str(single), "--no-cache", "-j", "1"]],
            tmp_path,
        )
        rows.append(("  the same in instructions", f"{t_n / 1e9:.2f} G",
                     f"{r_n / t_n:.3f}× the raw loop's {r_n / 1e9:.2f} G ({instr_n} files); per document, "
                     f"start-up excluded: {(r_n - r_1) / (t_n - t_1):.3f}×"))
    rows.append(("themes, cold, --jobs 2", f"{two:.1f} s",
                 f"{one / two:.2f}× --jobs 1; target ≥ 1.6× on 2 cores "
                 f"(two raw loops at once: {2 * raw / pair:.2f}× one)"))
    rows.append(dask_row(times["one"], times["two"], times["dask"]))
    rows.append(("themes, warm cache", f"{warm:.2f} s", f"{cold / warm:.1f}× faster than cold ({cold:.1f} s); target ≥ 30×"))
    rows.append(("keywords, warm cache", f"{kwarm:.2f} s", f"{kcold / kwarm:.1f}× faster than cold ({kcold:.1f} s); target ≥ 10×"))
    return rows


def dask_row(one: list[float], two: list[float], dask: list[float]) -> tuple[str, str, str]:
    """The local:2 line from interleaved rounds: each ratio taken within its round (the
    machine drifts between rounds), the median shown, then every round's."""
    speedup = [o / d for o, d in zip(one, dask)]
    versus = [d / t for d, t in zip(dask, two)]
    rounds = ", ".join(f"{s:.2f}/{v:.2f}" for s, v in zip(speedup, versus))
    return ("themes, cold, --scheduler local:2", f"{min(dask):.1f} s",
            f"{statistics.median(speedup):.2f}× --jobs 1, {statistics.median(versus):.2f}× the time of --jobs 2 "
            f"({min(two):.1f} s), medians of {len(dask)} rounds ({rounds}); target ≥ 1.6× and ≤ 1.10×")


def bench_dask(n: int, runs: int, tmp_path: Path) -> tuple[tuple[str, str, str], str]:
    """Cold `themes` on a 2-worker LocalCluster against --jobs 1 and --jobs 2, interleaved;
    the row and what the corpus is."""
    work = tmp_path / "corpus"
    label = build_corpus(n, work)
    themes = [DIALOGUE, "themes", str(work), "-f", "csv", "--no-cache"]
    times: dict[str, list[float]] = {"one": [], "two": [], "dask": []}
    for _ in range(runs):
        for key, extra in (("one", ["--jobs", "1"]), ("two", ["--jobs", "2"]), ("dask", ["--scheduler", "local:2"])):
            times[key].append(measure(themes + extra)["seconds"])
            print(f"bench: {key} {times[key][-1]:.2f} s", file=sys.stderr)
    return dask_row(times["one"], times["two"], times["dask"]), label


def bench_memory(mem_n: int, tmp_path: Path) -> list[tuple[str, str, str]]:
    """Peak RSS of a cold `themes --jobs 1` at 1× and 10× a corpus."""
    mem1, mem10 = tmp_path / "mem1", tmp_path / "mem10"
    build_corpus(mem_n, mem1)
    build_corpus(mem_n, mem10, repeat=10)
    rss1 = measure([DIALOGUE, "themes", str(mem1), "-f", "csv", "--no-cache", "--jobs", "1"])["rss_kb"]
    rss10 = measure([DIALOGUE, "themes", str(mem10), "-f", "csv", "--no-cache", "--jobs", "1"])["rss_kb"]
    return [("peak RSS, 1× corpus", f"{rss1 / 1024:.0f} MB", f"{mem_n} files"),
            ("peak RSS, 10× corpus", f"{rss10 / 1024:.0f} MB", f"{rss10 / rss1:.2f}× the 1× figure; target ≤ 1.2×")]


# --- the scale table ----------------------------------------------------------

# (label, arguments before the corpus path, arguments after it)
SCALE_COMMANDS: list[tuple[str, list[str], list[str]]] = [
    ("themes", ["themes"], ["-f", "csv"]),
    ("keywords", ["keywords"], ["-f", "csv"]),
    ("keywords --method keyness", ["keywords"], ["-f", "csv", "--method", "keyness"]),
    ("keywords --method keyness --negative", ["keywords"], ["-f", "csv", "--method", "keyness", "--negative"]),
    ('kwic "phát triển"', ["kwic", "phát triển"], ["-f", "csv"]),
    ("tokenize -f jsonl", ["tokenize"], ["-f", "jsonl"]),
    ("sources", ["sources"], ["-f", "csv"]),
    ("ngrams", ["ngrams"], ["-f", "csv"]),
    ("collocations", ["collocations"], ["-f", "csv"]),
    ('collocations --node "phát triển"', ["collocations", "--node", "phát triển"], ["-f", "csv"]),
]
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
SAMPLE_EVERY = 0.02  # seconds between RSS samples


def tree_rss_kb(pid: int) -> int:
    """Summed RSS of ``pid`` and all its descendants, read from /proc."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            total += int(Path(f"/proc/{p}/statm").read_text().split()[1]) * PAGE_KB
            for task in Path(f"/proc/{p}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError, IndexError):
            pass  # it ended between two reads
    return total


def run_capped(cmd: list[str], env: dict[str, str], timeout: float, cap_kb: int) -> dict[str, object]:
    """Run ``cmd`` (stdout to /dev/null) with its wall time and the tree's peak RSS;
    kill its process group past ``timeout`` seconds or ``cap_kb`` of RSS.
    Returns seconds, rss_kb, killed (None or why) and error (None or stderr's end)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env, start_new_session=True)
        peak, killed = 0, None
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, tree_rss_kb(proc.pid))
            elapsed = time.perf_counter() - start
            if peak > cap_kb or elapsed > timeout:
                killed = f"over {cap_kb / 1024 ** 2:.3g} GB" if peak > cap_kb else f"over {timeout:g} s"
                os.killpg(proc.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(SAMPLE_EVERY)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        error = None
        if proc.returncode and not killed:
            err.seek(0)
            lines = err.read().decode("utf-8", "replace").strip().splitlines()
            error = f"exit {proc.returncode}: {lines[-1] if lines else ''}"
    return {"seconds": seconds, "rss_kb": max(peak, usage.ru_maxrss), "killed": killed, "error": error}


def link_repeats(src: Path, dest: Path, times: int) -> None:
    """dest/r0/… to dest/r{times-1}/…: hard links to src's files (copies where
    linking fails). Not symlinks: the tool skips a realpath it has seen."""
    for r in range(times):
        (dest / f"r{r}").mkdir(parents=True, exist_ok=True)
        for f in sorted(src.glob("*.txt")):
            target = dest / f"r{r}" / f.name
            try:
                os.link(f, target)
            except OSError:
                shutil.copyfile(f, target)


def scale_figure(result: dict[str, object]) -> tuple[str, str]:
    """(time, RSS) as the table shows them; a killed run's figures are lower bounds."""
    if result["error"] == "not run":
        return "not run", "-"
    if result["error"]:
        return "failed", str(result["error"])[:60]
    more = ">" if result["killed"] else ""
    return f"{more}{result['seconds']:.1f} s", f"{more}{result['rss_kb'] / 1024:,.0f} MB"  # type: ignore[operator]


def bench_scale(n: int, jobs: list[int], tmp_path: Path, timeout: float, cap_kb: int) -> list[str]:
    """Every command at each --jobs, warm, on 1× and 10× the corpus: the table's lines."""
    one, ten = tmp_path / "scale1", tmp_path / "scale10"
    label = build_corpus(n, one)
    link_repeats(one, ten, 10)
    env = dict(os.environ, DIALOGUE_CACHE_DIR=str(tmp_path / "scale-cache"))
    # Untimed: themes caches every document's segments (all the commands share them) and the
    # dictionary's compiled terms; kwic caches its pattern's (segmented by underthesea otherwise).
    for name, before, after in SCALE_COMMANDS:
        if name == "themes" or before[0] == "kwic" or "--node" in before:
            subprocess.run([DIALOGUE, *before, str(one), *after, "--jobs", str(max(jobs))],
                           check=True, stdout=subprocess.DEVNULL, env=env)

    header = ("command", "jobs", "1× time", "1× RSS", "10× time", "10× RSS", "10×/1× RSS")
    rows: list[tuple[str, ...]] = []
    for name, before, after in SCALE_COMMANDS:
        for j in jobs:
            results = []
            for corpus in (one, ten):
                if results and (results[0]["killed"] or results[0]["error"]):
                    results.append(results[0] | {"error": "not run"})  # it would fail the same way
                    break
                cmd = [DIALOGUE, *before, str(corpus), *after, "--jobs", str(j)]
                results.append(run_capped(cmd, env, timeout, cap_kb))
                print(f"bench: scale {name} --jobs {j} {'10×' if corpus == ten else '1×'}: {results[-1]}",
                      file=sys.stderr)
            small, big = results
            ratio = f"- (1× killed: {small['killed']})" if small["killed"] else "-"
            if not (small["error"] or small["killed"] or big["error"]):
                r = big["rss_kb"] / small["rss_kb"]  # type: ignore[operator]
                ratio = f"{'>' if big['killed'] else ''}{r:.2f}" + ("  MISSED" if r > 1.2 else "")
                if big["killed"]:
                    ratio += f" (killed: {big['killed']})"
            rows.append((name, str(j), *scale_figure(small), *scale_figure(big), ratio))
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) if i in (0, 6) else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))).rstrip()
             for row in [header, *rows]]
    lines.append(f"1× = {label}; 10× = the same files ten times ({10 * n:,}); warm cache, one run each, "
                 f"output to /dev/null; RSS: the process tree's, target 10×/1× ≤ 1.2")
    return lines


def bench_big(tmp_path: Path, timeout: float, cap_kb: int) -> str:
    """`keywords --method keyness --negative --jobs 2`, warm, on the whole sample ×10."""
    one, ten = tmp_path / "big1", tmp_path / "big10"
    label = build_corpus(2000, one)
    link_repeats(one, ten, 10)
    env = dict(os.environ, DIALOGUE_CACHE_DIR=str(tmp_path / "big-cache"))
    subprocess.run([DIALOGUE, "themes", str(one), "-f", "csv", "--jobs", "2"], check=True,
                   stdout=subprocess.DEVNULL, env=env)
    result = run_capped([DIALOGUE, "keywords", str(ten), "-f", "csv", "--method", "keyness", "--negative",
                         "--jobs", "2"], env, timeout, cap_kb)
    seconds, rss = scale_figure(result)
    met = not (result["error"] or result["killed"]) and result["rss_kb"] < 500 * 1024 and result["seconds"] < 60  # type: ignore[operator]
    return (f"keywords --method keyness --negative --jobs 2, warm, 20,000 documents ({label} ×10): {seconds}, {rss}"
            f"{' (killed: ' + str(result['killed']) + ')' if result['killed'] else ''}; "
            f"target < 60 s and < 500 MB: {'met' if met else 'MISSED'}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=400, help="corpus files (default 400)")
    ap.add_argument("--mem-n", type=int, default=100, help="files in the 1× memory corpus (default 100)")
    ap.add_argument("--instr-n", type=int, default=40, help="files for the instruction counts (default 40; 0: skip)")
    ap.add_argument("--repeat", type=int, default=5, help="runs per start-up figure (median)")
    ap.add_argument("--runs", type=int, default=3, help="interleaved runs per speed figure (fastest kept)")
    ap.add_argument("--no-readme", action="store_true", help="do not record the tables in README.md")
    ap.add_argument("--scale-only", action="store_true", help="run only the scale table")
    ap.add_argument("--scale-n", type=int, help="files in the scale table's 1× corpus (default: --n)")
    ap.add_argument("--scale-jobs", default="1,2", help="--jobs values of the scale table (default 1,2)")
    ap.add_argument("--scale-timeout", type=float, default=300, help="seconds before a scale run is killed (default 300)")
    ap.add_argument("--scale-cap-gb", type=float, default=8, help="RSS before a scale run is killed (default 8 GB)")
    ap.add_argument("--dask-only", action="store_true",
                    help="only the --scheduler local:2 line (cold, against --jobs 1 and 2); README untouched")
    ap.add_argument("--big", action="store_true",
                    help="also keyness --negative on the whole sample ×10 (20,000 documents; slow)")
    args = ap.parse_args()

    code = measured_code()
    if Path(code).resolve() != (REPO / "dialogue_cli").resolve():
        print(f"bench: warning: {DIALOGUE} runs {code}, not this checkout's code "
              f"(set PYTHONPATH={REPO})", file=sys.stderr)
    cap_kb = int(args.scale_cap_gb * 1024 ** 2)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        if args.dask_only:
            (name, value, note), label = bench_dask(args.n, args.runs, tmp_path)
            print(f"{name}  {value}  {note}\n{footer(f'{label}, {args.runs} interleaved rounds, fastest time shown')}")
            return
        if not args.scale_only:
            rows = bench_startup(args.repeat) + bench_speed(args.n, args.runs, args.instr_n, tmp_path)
            rows += bench_memory(args.mem_n, tmp_path)
            width = max(len(r[0]) for r in rows)
            lines = [f"{name:<{width}}  {value:>8}  {note}" for name, value, note in rows]
            lines.append(footer(f"fastest of {args.runs} interleaved runs"))
            table = "\n".join(lines)
            print(table)
            if not args.no_readme:
                record_in_readme(table)
        start = time.perf_counter()
        jobs = [int(j) for j in args.scale_jobs.split(",")]
        scale = bench_scale(args.scale_n or args.n, jobs, tmp_path, args.scale_timeout, cap_kb)
        if args.big:
            scale.append(bench_big(tmp_path, args.scale_timeout, cap_kb))
        scale.append(footer(f"code: {code}; scale section {time.perf_counter() - start:.0f} s"))
        table = "\n".join(scale)
        print(("\n" if not args.scale_only else "") + table)
        if not args.no_readme:
            record_in_readme(table, "bench-scale")


if __name__ == "__main__":
    main()
