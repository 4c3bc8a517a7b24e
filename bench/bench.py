"""`make bench`: the figures behind the README's performance section.

Measured side by side in one run, on ../shared/corpus/vntc_sample (or the
seeds repeated when it is absent):

* start-up: `dialogue --help` against a bare `python -c "import click"`;
* tool overhead: a raw loop of underthesea.word_tokenize over the corpus's
  lines in one process, against `dialogue themes` over the same files.

Usage: python bench/bench.py [--n FILES] [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DIALOGUE_SHARED", REPO.parent / "shared"))
BIN = Path(sys.executable).parent
DIALOGUE = str(BIN / "dialogue")


def corpus(n: int, workdir: Path) -> tuple[Path, str]:
    """Copy n files of the VNTC sample (or the seeds, repeated) into workdir."""
    sample = SHARED / "corpus" / "vntc_sample"
    if sample.is_dir():
        files = sorted(sample.rglob("*.txt"))
        files = files[:: max(1, len(files) // n)][:n]
        label = f"vntc_sample, {len(files)} files"
    else:
        seeds = sorted((REPO / "seeds").glob("*.txt"))
        files = [seeds[i % len(seeds)] for i in range(n)]
        label = f"seeds repeated, {len(files)} files"
    for i, f in enumerate(files):
        shutil.copyfile(f, workdir / f"{i:05d}.txt")
    return workdir, label


def timed(cmd: list[str], repeat: int) -> float:
    """Median wall time of a command, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


RAW_LOOP = """
import sys, time
from pathlib import Path
from underthesea import word_tokenize
word_tokenize("khởi động")
lines = [l for f in sorted(Path(sys.argv[1]).glob("*.txt"))
         for l in f.read_text(encoding="utf-8").splitlines() if l.strip()]
start = time.perf_counter()
for line in lines:
    word_tokenize(line)
print(time.perf_counter() - start, sum(len(l.split()) for l in lines))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300, help="how many corpus files (default 300)")
    ap.add_argument("--repeat", type=int, default=5, help="runs per start-up figure (median)")
    args = ap.parse_args()

    rows: list[tuple[str, str, str]] = []
    bare = timed([sys.executable, "-c", "import click"], args.repeat)
    help_ = timed([DIALOGUE, "--help"], args.repeat)
    rows.append(("start-up: dialogue --help", f"{help_ * 1000:.0f} ms", f"{help_ / bare:.2f}× bare import click ({bare * 1000:.0f} ms); target ≤ 3×"))

    with tempfile.TemporaryDirectory() as tmp:
        work, label = corpus(args.n, Path(tmp))
        out = subprocess.run([sys.executable, "-c", RAW_LOOP, str(work)], check=True, capture_output=True, text=True)
        raw_seconds, syllables = (float(x) for x in out.stdout.split())
        start = time.perf_counter()
        subprocess.run([DIALOGUE, "themes", str(work), "-f", "csv"], check=True, stdout=subprocess.DEVNULL)
        tool_seconds = time.perf_counter() - start
    rows.append(("raw word_tokenize loop", f"{raw_seconds:.1f} s", f"{syllables / raw_seconds:,.0f} syllables/s ({label}, {syllables:,.0f} syllables)"))
    rows.append(("dialogue themes (cold, whole run)", f"{tool_seconds:.1f} s", f"{syllables / tool_seconds:,.0f} syllables/s; speed {raw_seconds / tool_seconds:.2f}× the raw loop; target ≥ 0.9×"))

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>8}  {note}")


if __name__ == "__main__":
    main()
