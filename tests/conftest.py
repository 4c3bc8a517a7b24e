"""Shared fixtures. underthesea is loaded once per test session (it is cached
process-wide by dialogue_cli.text.segment), and every command runs through CliRunner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from dialogue_cli.cli import cli

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED = Path(os.environ.get("DIALOGUE_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Never touch the user's real segmentation cache (subprocesses inherit this)."""
    os.environ["DIALOGUE_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session", autouse=True)
def _underthesea_once() -> None:
    from dialogue_cli.text.segment import segment

    segment("Khởi động.")


@pytest.fixture
def run():
    """Invoke `dialogue ARGS` with CliRunner; stdout and stderr kept apart."""

    def invoke(*args: str, input: str | bytes | None = None):
        runner = CliRunner()
        return runner.invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture
def unreadable(monkeypatch: pytest.MonkeyPatch):
    """``unreadable(name)``: folders named so cannot be listed, as for a user
    without permission (the suite runs as root, who may read anything)."""
    import errno

    real = os.scandir

    def deny(name: str) -> None:
        def scandir(path=".", *args):
            if os.fspath(path).endswith(name):
                raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
            return real(path, *args)

        monkeypatch.setattr(os, "scandir", scandir)

    return deny


def csv_rows(result) -> list[list[str]]:
    """The CSV rows (header first) a successful CliRunner result printed."""
    import csv
    import io

    assert result.exit_code == 0, result.output
    return list(csv.reader(io.StringIO(result.stdout)))


def write_tree(root, files: dict[str, str]):
    """Write ``{relative path: text}`` under ``root`` (folders made as needed); return ``root``."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
