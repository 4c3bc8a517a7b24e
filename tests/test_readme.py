"""Every `$ dialogue …` example in README.md runs and prints what the README shows.

Run `.venv/bin/python -m tests.test_readme` to rewrite the outputs after a
deliberate change (then read the diff).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

README = REPO / "README.md"
BLOCK = re.compile(r"```console\n(.*?)```", re.S)


def examples(text: str) -> list[tuple[str, str, re.Match[str]]]:
    """(command, expected output, block match) for each runnable console block."""
    found = []
    for m in BLOCK.finditer(text):
        body = m.group(1)
        if not body.startswith("$ ") or body.startswith("$ make"):
            continue
        command, _, output = body.partition("\n")
        found.append((command[2:], output, m))
    return found


def run(command: str) -> str:
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}", COLUMNS="100", NO_COLOR="1")
    proc = subprocess.run(
        ["bash", "-c", command], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    return proc.stdout


CASES = examples(README.read_text(encoding="utf-8"))


@pytest.mark.skipif(not CASES, reason="README has no console examples")
@pytest.mark.parametrize("command, expected", [(c, o) for c, o, _ in CASES], ids=[c for c, _, _ in CASES])
def test_readme_example(command: str, expected: str) -> None:
    if "../shared" in command and not (REPO.parent / "shared").is_dir():
        pytest.skip("../shared is not present")
    assert run(command) == expected


def update() -> None:
    text = README.read_text(encoding="utf-8")
    for command, _, m in reversed(examples(text)):
        block = f"```console\n$ {command}\n{run(command)}```"
        text = text[: m.start()] + block + text[m.end() :]
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    update()
