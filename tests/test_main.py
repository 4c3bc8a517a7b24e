"""The installed console script, run as a user would, in a subprocess."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SEEDS

DIALOGUE = shutil.which("dialogue", path=str(Path(sys.executable).parent))


@pytest.fixture
def script() -> str:
    if DIALOGUE is None:
        pytest.skip("the dialogue console script is not installed")
    return DIALOGUE


def shell(pipeline: str) -> subprocess.CompletedProcess[str]:
    """Run a bash pipeline; it ends by echoing the first command's status."""
    return subprocess.run(
        pipeline + '; echo "status=${PIPESTATUS[0]}"', shell=True, executable="/bin/bash", capture_output=True, text=True
    )


def test_pipe_into_head_ends_quietly(script: str):
    seed = SEEDS / "001_6338e0ceedcb0c4c.txt"
    proc = shell(f"'{script}' tokenize '{seed}' --format jsonl | head -1")
    lines = proc.stdout.splitlines()
    assert lines[0].startswith('{"source": "001_6338e0ceedcb0c4c.txt"')
    assert lines[1] == "status=0"
    assert proc.stderr == ""


def test_python_dash_m(script: str):
    proc = subprocess.run(
        [sys.executable, "-m", "dialogue_cli", "tokenize", "-"],
        input="Tạm biệt.",
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0
    assert proc.stdout == "Tạm_biệt .\n"


def test_missing_file_exit_status(script: str):
    proc = subprocess.run([script, "tokenize", "missing.txt", "-"], input="Tạm biệt.", capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr == "dialogue: missing.txt: no such file or directory\n"
    assert proc.stdout == "Tạm_biệt .\n"


def test_help_imports_neither_underthesea_nor_pandas_nor_rich(script: str):
    code = (
        "import sys; from dialogue_cli.__main__ import run; sys.argv=['dialogue','--help'];"
        "import io, contextlib\n"
        "with contextlib.redirect_stdout(io.StringIO()): run()\n"
        "print(sorted(m for m in ('underthesea','pandas','rich') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stdout.strip() == "[]"


def test_usage_error_exit_status(script: str):
    proc = subprocess.run([script, "nonsense"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "No such command 'nonsense'" in proc.stderr


def test_closed_pipe_keeps_the_status_of_a_failed_input(script: str):
    seed = SEEDS / "001_6338e0ceedcb0c4c.txt"
    proc = shell(f"'{script}' tokenize missing.txt '{seed}' --raw | head -1 >/dev/null")
    assert proc.stdout == "status=1\n"
    assert proc.stderr == "dialogue: missing.txt: no such file or directory\n"
