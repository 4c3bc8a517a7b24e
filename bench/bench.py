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
  machine gives two raw loops at once (its ceiling for two processes);
* cache: a warm `themes` run against a cold one, and the same for `keywords`;
* start-up: `dialogue --help` against a bare `python -c "import click"`;
* memory: peak RSS of `dialogue themes --no-cache --jobs 1` at 1× and 10× a
  corpus (the files repeated in a temporary directory).

It prints one table and records it in README.md between the bench markers.
Usage: python bench/bench.py [--n FILES] [--runs N] [--instr-n FILES] [--no-readme]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
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


def record_in_readme(table: str) -> None:
    readme = REPO / "README.md"
    text = readme.read_text(encoding="utf-8")
    block = f"<!-- bench:start -->\n```\n{table}\n```\n<!-- bench:end -->"
    new, count = re.subn(r"<!-- bench:start -->.*?<!-- bench:end -->", lambda _: block, text, flags=re.S)
    if count:
        readme.write_text(new, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=400, help="corpus files (default 400)")
    ap.add_argument("--mem-n", type=int, default=100, help="files in the 1× memory corpus (default 100)")
    ap.add_argument("--instr-n", type=int, default=40, help="files for the instruction counts (default 40; 0: skip)")
    ap.add_argument("--repeat", type=int, default=5, help="runs per start-up figure (median)")
    ap.add_argument("--runs", type=int, default=3, help="interleaved runs per speed figure (fastest kept)")
    ap.add_argument("--no-readme", action="store_true", help="do not record the table in README.md")
    args = ap.parse_args()

    rows: list[tuple[str, str, str]] = []
    bare = median_seconds([sys.executable, "-c", "import click"], args.repeat)
    help_ = median_seconds([DIALOGUE, "--help"], args.repeat)
    rows.append(("start-up: dialogue --help", f"{help_ * 1000:.0f} ms",
                 f"{help_ / bare:.2f}× a bare `import click` ({bare * 1000:.0f} ms); target ≤ 3×"))

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        work = tmp_path / "corpus"
        label = build_corpus(args.n, work)
        syl = syllables(work)
        env = dict(os.environ, DIALOGUE_CACHE_DIR=str(tmp_path / "cache"))
        themes = [DIALOGUE, "themes", str(work), "-f", "csv"]
        keywords = [DIALOGUE, "keywords", str(work), "-f", "csv", "--jobs", "1"]
        raw_loop = [sys.executable, "-c", RAW_LOOP, str(work)]

        runs: dict[str, list[float]] = {k: [] for k in ("raw", "pair", "one", "two", "cold", "warm", "kcold", "kwarm")}
        side: list[tuple[float, float]] = []  # (raw loop, themes --jobs 1), side by side
        for r in range(args.runs):
            side.append(side_by_side(raw_loop, themes + ["--no-cache", "--jobs", "1"]))
            runs["raw"].append(measure(raw_loop)["seconds"])
            runs["one"].append(measure(themes + ["--no-cache", "--jobs", "1"])["seconds"])
            runs["two"].append(measure(themes + ["--no-cache", "--jobs", "2"])["seconds"])
            runs["pair"].append(measure_pair(raw_loop))
            shutil.rmtree(tmp_path / "cache", ignore_errors=True)
            runs["cold"].append(measure(themes + ["--jobs", "1"], env)["seconds"])
            runs["warm"].append(measure(themes + ["--jobs", "1"], env)["seconds"])
            shutil.rmtree(tmp_path / "cache", ignore_errors=True)
            runs["kcold"].append(measure(keywords, env)["seconds"])
            runs["kwarm"].append(measure(keywords, env)["seconds"])
        raw, pair, one, two, cold, warm, kcold, kwarm = (min(runs[k]) for k in runs)
        raw_side, themes_side = (statistics.median(t) for t in zip(*side))
        ratio = statistics.median(r / t for r, t in side)
        rows.append(("raw word_tokenize loop", f"{raw_side:.1f} s",
                     f"{syl / raw_side:,.0f} syllables/s ({label}, {syl:,} syllables)"))
        rows.append(("themes, cold, --jobs 1", f"{themes_side:.1f} s",
                     f"{syl / themes_side:,.0f} syllables/s: {ratio:.2f}× the raw loop's speed; target ≥ 0.9× "
                     f"(side by side, median of {len(side)}: {', '.join(f'{r / t:.2f}' for r, t in side)})"))
        if args.instr_n and shutil.which("valgrind"):
            small, single = tmp_path / "instr", tmp_path / "single"
            build_corpus(args.instr_n, small)
            build_corpus(1, single)
            r_n, t_n, r_1, t_1 = instructions(
                [[sys.executable, "-c", RAW_LOOP, str(small)], [DIALOGUE, "themes", str(small), "--no-cache", "-j", "1"],
                 [sys.executable, "-c", RAW_LOOP, str(single)], [DIALOGUE, "themes", str(single), "--no-cache", "-j", "1"]],
                tmp_path,
            )
            rows.append(("  the same in instructions", f"{t_n / 1e9:.2f} G",
                         f"{r_n / t_n:.3f}× the raw loop's {r_n / 1e9:.2f} G ({args.instr_n} files); per document, "
                         f"start-up excluded: {(r_n - r_1) / (t_n - t_1):.3f}×"))
        rows.append(("themes, cold, --jobs 2", f"{two:.1f} s",
                      f"{one / two:.2f}× --jobs 1; target ≥ 1.6× on 2 cores "
                      f"(two raw loops at once: {2 * raw / pair:.2f}× one)"))
        rows.append(("themes, warm cache", f"{warm:.2f} s", f"{cold / warm:.1f}× faster than cold ({cold:.1f} s); target ≥ 10×"))
        rows.append(("keywords, warm cache", f"{kwarm:.2f} s", f"{kcold / kwarm:.1f}× faster than cold ({kcold:.1f} s)"))

        mem1, mem10 = tmp_path / "mem1", tmp_path / "mem10"
        build_corpus(args.mem_n, mem1)
        build_corpus(args.mem_n, mem10, repeat=10)
        rss1 = measure([DIALOGUE, "themes", str(mem1), "-f", "csv", "--no-cache", "--jobs", "1"])["rss_kb"]
        rss10 = measure([DIALOGUE, "themes", str(mem10), "-f", "csv", "--no-cache", "--jobs", "1"])["rss_kb"]
        rows.append(("peak RSS, 1× corpus", f"{rss1 / 1024:.0f} MB", f"{args.mem_n} files"))
        rows.append(("peak RSS, 10× corpus", f"{rss10 / 1024:.0f} MB",
                     f"{rss10 / rss1:.2f}× the 1× figure; target ≤ 1.2×"))

    width = max(len(r[0]) for r in rows)
    lines = [f"{name:<{width}}  {value:>8}  {note}" for name, value, note in rows]
    cpu = cpu_name()
    lines.append(f"({datetime.date.today()}, {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
                 f"fastest of {args.runs} interleaved runs)")
    table = "\n".join(lines)
    print(table)
    if not args.no_readme:
        record_in_readme(table)


if __name__ == "__main__":
    main()
