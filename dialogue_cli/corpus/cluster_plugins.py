"""Dask worker plugins of the ``--scheduler`` backend (importing this imports ``distributed``)."""

from __future__ import annotations

from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from dialogue_cli import __version__

__all__ = ["IgnoreInterrupt", "Warmup"]


class Warmup(WorkerPlugin):
    """Loads underthesea once per worker process (idempotent: a long-lived cluster keeps it)."""

    name = f"dialogue-cli-{__version__}-warmup"
    idempotent = True

    def setup(self, worker: Any) -> None:
        from dialogue_cli.corpus.cluster import _warm_up

        _warm_up()


class IgnoreInterrupt(WorkerPlugin):
    """local:N only: Ctrl-C reaches the workers too (one process group); the client cancels and closes
    them, so they ignore it rather than print tracebacks (a worker restarted after a crash included)."""

    name = "dialogue-cli-ignore-interrupt"
    idempotent = True

    def setup(self, worker: Any) -> None:
        import signal
        import threading

        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, signal.SIG_IGN)
