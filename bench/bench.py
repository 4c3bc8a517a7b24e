"""`make bench`: the performance figures, measured side by side in one run.

Corpus: ../shared/corpus/vntc_sample (the first --n files in path order,
spread over the topic folders), or the seeds repeated when it is absent.
Every figure is a whole process, timed from outside, started the same way.
The machine is a shared VM whose speed drifts, so runs that are compared are
interleaved and repeated (--runs), and each figure is the fastest run:

* tool overhead: a raw loop of underthesea.word_tokenize over the corpus's
  lines, against `dialogue themes --no-cache --jobs 1` over the same files;
* parallel: `--jobs 2` against `--jobs 1` (cache off);
* cache: a warm `themes` run against a cold one;
* start-up: `dialogue --help` against a bare `python -c "import click"`;
* memory: peak RSS of `dialogue themes --no-cache --jobs 1` at 1× and 10× a
  corpus (the files repeated in a temporary directory).

It prints one table and records it in README.md between the bench markers.
Usage: python bench/bench.py [--n FILES] [--mem-n FILES] [--no-readme]
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
    ap.add_argument("--repeat", type=int, default=5, help="runs per start-up figure (median)")
    ap.add_argument("--runs", type=int, default=2, help="interleaved runs per speed figure (fastest kept)")
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

        runs: dict[str, list[float]] = {"raw": [], "one": [], "two": [], "cold": [], "warm": []}
        for r in range(args.runs):
            runs["raw"].append(measure([sys.executable, "-c", RAW_LOOP, str(work)])["seconds"])
            runs["one"].append(measure(themes + ["--no-cache", "--jobs", "1"])["seconds"])
            runs["two"].append(measure(themes + ["--no-cache", "--jobs", "2"])["seconds"])
            shutil.rmtree(tmp_path / "cache", ignore_errors=True)
            runs["cold"].append(measure(themes + ["--jobs", "1"], env)["seconds"])
            runs["warm"].append(measure(themes + ["--jobs", "1"], env)["seconds"])
        raw, one, two, cold, warm = (min(runs[k]) for k in ("raw", "one", "two", "cold", "warm"))
        rows.append(("raw word_tokenize loop", f"{raw:.1f} s", f"{syl / raw:,.0f} syllables/s ({label}, {syl:,} syllables)"))
        rows.append(("themes, cold, --jobs 1", f"{one:.1f} s",
                     f"{syl / one:,.0f} syllables/s: {raw / one:.2f}× the raw loop's speed; target ≥ 0.9×"))
        rows.append(("themes, cold, --jobs 2", f"{two:.1f} s", f"{one / two:.2f}× --jobs 1; target ≥ 1.6× on 2 cores"))
        rows.append(("themes, warm cache", f"{warm:.2f} s", f"{cold / warm:.1f}× faster than cold ({cold:.1f} s); target ≥ 10×"))

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
    cpu = platform.processor() or platform.machine()
    lines.append(f"({datetime.date.today()}, {cpu}, {os.cpu_count()} cores, Python {platform.python_version()})")
    table = "\n".join(lines)
    print(table)
    if not args.no_readme:
        record_in_readme(table)


if __name__ == "__main__":
    main()
