"""The worker pool of ``--jobs``: started on first use, results taken in submission order.

>>> with LazyPool(2) as pool:
...     pool.pool is None
True
"""

from __future__ import annotations

from typing import Any

__all__ = ["LazyPool", "batch_of", "result_of"]


def result_of(item: Any) -> tuple[Any, str | None]:
    """A result given as it is (worked out in the parent), or the pool's when it comes."""
    return item if isinstance(item, tuple) else item.get()  # type: ignore[no-any-return]


def batch_of(item: Any) -> list[Any]:
    """The same for a batch's list of results."""
    return item if isinstance(item, list) else item.get()  # type: ignore[no-any-return]


class LazyPool:
    """A process pool (forked where the system can) started by the first :meth:`get`."""

    def __init__(self, processes: int, **kwargs: Any) -> None:
        self.processes, self.kwargs, self.pool = processes, kwargs, None

    def get(self) -> Any:
        if self.pool is None:
            import multiprocessing

            context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
            self.pool = context.Pool(self.processes, **self.kwargs)
        return self.pool

    def __enter__(self) -> LazyPool:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.terminate()  # what Pool's own __exit__ does
