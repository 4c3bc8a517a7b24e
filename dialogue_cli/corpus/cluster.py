"""The Dask backend of :func:`~dialogue_cli.corpus.pipeline.analyse_corpus` (``--scheduler``).

The client reads every input itself (workers cannot see its files, stdin or
table columns) and answers what its caches know: the per-file memo, then the
segmentation cache. Only the misses travel, as text, in batches of
:data:`BATCH` documents, one task each, at most :data:`WINDOW` batches per
worker thread in flight. A worker segments (underthesea loaded once per
worker process by :class:`Warmup`), runs the command's step and sends back the
result, the page's fields and, when the client has a cache, the sentences,
which the client stores: one writer, and a warm re-run never leaves the
client. With ``local:N`` the workers share this machine: they read the files and
use the cache and the memo themselves, as ``--jobs`` workers do, forked from a
client that has underthesea loaded. Results are yielded in input order,
whatever order the tasks finish in.

``distributed`` is imported when a scheduler is connected to; with ``local:N``,
only when the first document must be sent: a warm re-run starts no cluster.

>>> parse_address("local:3"), parse_address("tcp://10.0.0.5:8786")
((None, 3), ('tcp://10.0.0.5:8786', 0))
"""

from __future__ import annotations

import logging
import re
from collections import deque
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from dialogue_cli import __version__
from dialogue_cli.corpus.inputs import STDIN, InputRef, read
from dialogue_cli.errors import DialogueError, InputProblem
from dialogue_cli.corpus.pipeline import (Analysed, Keyed, Options, _memo_key, _recall, _remember, cache_problem, fields_of,
                                          merged_fields, open_cache, page_fields)

if TYPE_CHECKING:
    from distributed import Client, Future, LocalCluster

__all__ = ["BATCH", "WINDOW", "ClusterError", "Scheduler", "connect", "parse_address", "remote_results"]

BATCH = 16  # documents per task: ~0.5 s of segmentation, so the ~1 ms a task costs the scheduler is noise
WINDOW = 4  # batches in flight per worker thread: bounds memory, keeps every worker busy
CONNECT_TIMEOUT = "3s"

# For local:N (and this client): fork the workers (no second start-up), no sampling profiler, few ticks:
# on a small machine, each wake-up of their event loops takes the GIL from segmentation.
LOCAL_CONFIG = {
    "distributed.scheduler.allowed-failures": 3,
    "distributed.worker.multiprocessing-method": "fork",
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "500ms",
    "distributed.admin.tick.limit": "60s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
}

_LOCAL = re.compile(r"local(?::(\d+))?")


class ClusterError(DialogueError):
    """The scheduler cannot be used (unreachable, bad address, versions differ)."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


def parse_address(value: str) -> tuple[str | None, int]:
    """``(address, 0)`` for a scheduler address; ``(None, N)`` for ``local[:N]`` (N=0: one per core)."""
    local = _LOCAL.fullmatch(value.strip())
    if local:
        return None, int(local.group(1) or 0)
    if not value.strip() or value.strip().startswith("local"):
        raise ClusterError(f"bad scheduler address {value!r}", "e.g. tcp://10.0.0.5:8786, or local:2 for 2 local workers")
    return value.strip(), 0


def _warm_up() -> None:
    from dialogue_cli.text.segment import segment

    segment("Khởi động.")


@dataclass
class Scheduler:
    """A client of a cluster. For ``local:N`` the cluster starts when the first
    document has to be sent (``start``), so that a warm re-run starts none."""

    threads: int = 1
    local: bool = False  # the workers share this machine: its files and its cache
    start: Callable[[], tuple[Client, LocalCluster]] | None = None
    cluster: LocalCluster | None = None
    _client: Client | None = None

    @property
    def client(self) -> Client:
        if self._client is None:
            assert self.start is not None
            self._client, self.cluster = self.start()
        return self._client

    def close(self) -> None:
        _close(self._client, self.cluster)


def connect(value: str) -> Scheduler:
    """Connect to ``value`` (an address: now, loading underthesea on its workers and
    checking they run this version), or prepare ``local[:N]`` (N worker processes here,
    started on first use)."""
    import os

    address, n = parse_address(value)  # before any connection: a bad address is not an unreachable one
    if address is None:
        n = n or os.cpu_count() or 1
        return Scheduler(threads=n, local=True, start=lambda: _start_local(n, value))
    from distributed import Client

    from dialogue_cli.corpus.cluster_plugins import Warmup

    _configure()
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise _unreachable(value, exc) from None
    scheduler = Scheduler(_client=client)
    try:
        _check_versions(client, value)
        client.register_plugin(Warmup())
        scheduler.threads = max(1, sum(client.nthreads().values()))
    except BaseException:
        scheduler.close()
        raise
    return scheduler


def _start_local(n: int, value: str) -> tuple[Client, LocalCluster]:
    """N worker processes forked from this one once it has underthesea loaded: they
    inherit it (no second load, pages shared)."""
    import signal
    import threading

    from distributed import Client, LocalCluster

    from dialogue_cli.corpus.cluster_plugins import IgnoreInterrupt

    _warm_up()
    _configure()
    cluster = client = None
    # Ctrl-C meanwhile waits (noted, not lost) and stops the run once the cluster is up, so that it can be
    # closed whole; the workers forked meanwhile inherit the noting handler, so never print a traceback.
    # (Not a blocked signal: a mask is per thread, and numpy's BLAS threads would take the signal.)
    interrupted: list[int] = []
    main = threading.current_thread() is threading.main_thread()  # only there can a handler be set
    previous = signal.signal(signal.SIGINT, lambda signum, frame: interrupted.append(signum)) if main else None
    try:
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)
        client = Client(cluster, timeout=CONNECT_TIMEOUT)
        client.register_plugin(IgnoreInterrupt())
    except (OSError, TimeoutError, ValueError) as exc:
        _close(client, cluster)
        raise _unreachable(value, exc) from None
    except BaseException:
        _close(client, cluster)
        raise
    finally:
        if main:
            signal.signal(signal.SIGINT, previous)
    if interrupted:
        _close(client, cluster)
        raise KeyboardInterrupt
    return client, cluster


def _close(client: Client | None, cluster: LocalCluster | None) -> None:
    if client is not None:
        client.close()
    if cluster is not None:
        cluster.close()


def _configure() -> None:
    import dask

    dask.config.set(LOCAL_CONFIG)
    for name in ["distributed", *(n for n in logging.root.manager.loggerDict if n.startswith("distributed."))]:
        logging.getLogger(name).setLevel(logging.CRITICAL)  # our own one-line errors instead


def _unreachable(value: str, exc: BaseException) -> ClusterError:
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return ClusterError(f"cannot reach the scheduler at {value} ({reason})",
                        "start one with `dask scheduler`, or use --scheduler local:2")


def _check_versions(client: Client, value: str) -> None:
    """Refuse workers that run another dialogue-cli (segmentation is part of the output)."""
    try:
        found = client.run(_versions)
    except (ImportError, AttributeError) as exc:
        raise ClusterError(f"the workers of {value} cannot run dialogue-cli ({exc})",
                           "install the same dialogue-cli on every worker") from None
    for worker, versions in found.items():
        if versions != _versions():
            raise ClusterError(f"worker {worker} of {value} runs dialogue-cli/underthesea {'/'.join(versions)}, "
                               f"not {'/'.join(_versions())}",
                               "install the same dialogue-cli on every worker")


def _versions() -> tuple[str, str]:
    from dialogue_cli.corpus.cache import _underthesea_version

    return __version__, _underthesea_version()


# -- the workers' side --------------------------------------------------------------------------------------------

def _run_batch(refs: list[InputRef], options: Options, step: Callable[[Analysed], Any],
               sentences: bool) -> list[tuple[Any, Any, Any]]:
    """Analyse documents whose text is given: ``(step result, page fields, sentences or None)`` each."""
    from dialogue_cli.corpus.pipeline import analyse

    out = []
    for ref in refs:
        doc = analyse(read(ref), pos=options.pos, raw=options.raw, fields=ref.fields, extra=ref.extra)
        out.append((step(doc), page_fields(doc.cleaned), doc.sentences if sentences else None))
    return out


def _run_local_batch(refs: list[InputRef], options: Options, step: Callable[[Analysed], Any]) -> list[Any]:
    """local:N: each document as a --jobs worker does it (reading, the cache, the memo)."""
    from dialogue_cli.corpus.pipeline import _work

    return [_work(ref, options, step) for ref in refs]


# -- the client's side --------------------------------------------------------------------------------------------

@dataclass
class _Batch:
    refs: list[InputRef] = field(default_factory=list)
    future: Future | None = None
    results: list[Any] | None = None


@dataclass
class _Slot:
    """A document sent to the cluster: where its result will be, and what to store it under."""

    batch: _Batch
    index: int
    ref: InputRef
    memo_key: str | None
    seg_key: str | None


def remote_results(scheduler: Scheduler, refs: Iterable[InputRef | InputProblem], options: Options,
                   step: Callable[[Analysed], Any], *, batch: int = BATCH, window: int = WINDOW,
                   total: int | None = None) -> Iterator[tuple[Any, str | None]]:
    """``(result or InputProblem, cache problem)`` per input, in input order, as
    :func:`~dialogue_cli.corpus.pipeline.analyse_corpus` wants them. With the
    number of inputs known (``total``), batches shrink towards the end (see
    :func:`batch_size`), so that the last ones do not keep one worker busy while
    the others idle."""
    key_of, inner = (step.key, step.step) if isinstance(step, Keyed) else (None, step)
    remote = replace(options, cache_dir=None)
    keep_sentences = options.cache_dir is not None
    store = open_cache(options.cache_dir) if options.cache_dir is not None else None
    most = max(1, window * scheduler.threads)
    pending: deque[Any] = deque()
    inflight: list[Future] = []
    current = _Batch()
    seen = 0  # inputs triaged so far
    shipped: list[Any] = []  # the step, sent to every worker once (not pickled into each task)

    def submit() -> None:
        nonlocal current
        if current.refs:
            client = scheduler.client  # local:N starts here
            if not shipped:
                shipped.append(client.scatter(step if scheduler.local else inner, broadcast=True, hash=False))
            current.future = (client.submit(_run_local_batch, current.refs, options, shipped[0], pure=False)
                              if scheduler.local else
                              client.submit(_run_batch, current.refs, remote, shipped[0], keep_sentences, pure=False))
            inflight.append(current.future)
            current = _Batch()

    def finish(entry: Any) -> tuple[Any, str | None]:
        if not isinstance(entry, _Slot):
            return entry, cache_problem(options)
        b = entry.batch
        if b.future is None:
            submit()
        if b.results is None:
            assert b.future is not None
            b.results = _result(b.future)
            inflight.remove(b.future)
        if scheduler.local:  # the worker used the cache and the memo itself
            result, note = b.results[entry.index]
            b.results[entry.index] = None
            return result, note or cache_problem(options)
        result, page, sentences = b.results[entry.index]
        b.results[entry.index] = None  # let the batch's memory go as its documents are taken
        if sentences is not None and store is not None and entry.seg_key is not None:
            store.put(entry.seg_key, sentences)
        if entry.memo_key is not None:
            _remember(entry.memo_key, options, page, result)
        if key_of is not None:
            result = (key_of(merged_fields(entry.ref, page)), result)
        return result, cache_problem(options)

    def triage(ref: InputRef | InputProblem) -> Any:
        """The result if the client has it (or the input's problem), else a slot in the batch."""
        if isinstance(ref, InputProblem):
            return ref
        try:
            memo_key = _memo_key(ref, options, inner)
            found = _recall(memo_key, options)
            if found is not None:
                page, result = found
                if key_of is not None:
                    result = (key_of(merged_fields(ref, page)), result)
                return result
            if scheduler.local and ref.path != STDIN:
                return add(ref, ref, None, None)
            doc = read(ref, encoding=options.encoding)
        except InputProblem as problem:
            return problem
        seg_key = None
        if store is not None:
            analysed, seg_key = _cached(doc, ref, options, store)
            if analysed is not None:
                result = inner(analysed)
                if memo_key is not None:
                    _remember(memo_key, options, page_fields(analysed.cleaned), result)
                return (key_of(analysed.meta), result) if key_of is not None else result
        return add(InputRef(ref.source, ref.path, ref.fields, ref.extra, doc.text), ref, memo_key, seg_key)

    def add(sent: InputRef, ref: InputRef, memo_key: str | None, seg_key: str | None) -> _Slot:
        current.refs.append(sent)
        slot = _Slot(current, len(current.refs) - 1, ref, memo_key, seg_key)
        if len(current.refs) >= batch_size(batch, None if total is None else total - seen, scheduler.threads):
            submit()
        return slot

    try:
        for ref in refs:
            seen += 1
            pending.append(triage(ref))
            while len(inflight) >= most or len(pending) > most * batch:
                yield finish(pending.popleft())
        submit()
        while pending:
            yield finish(pending.popleft())
    finally:
        if inflight:  # stopped early (Ctrl-C, a closed pipe, an error): cancel what is left
            scheduler.client.cancel(inflight)


def batch_size(batch: int, left: int | None, threads: int) -> int:
    """Documents per task: ``batch``, down to 1 as the ``left`` inputs (unknown: None)
    come to fewer than two batches per worker thread (guided scheduling).

    >>> [batch_size(16, left, 2) for left in (None, 400, 64, 20, 6, 1)]
    [16, 16, 16, 5, 1, 1]
    """
    if left is None:
        return batch
    return max(1, min(batch, left // (2 * threads)))


def _result(future: Future) -> list[Any]:
    """A batch's results; a lost scheduler or a batch that keeps killing workers is a ClusterError."""
    from concurrent.futures import CancelledError

    from distributed.comm import CommClosedError
    from distributed.scheduler import KilledWorker

    try:
        return future.result()  # type: ignore[no-any-return]
    except KilledWorker:
        raise ClusterError("a batch of documents killed every worker that ran it",
                           "see the workers' logs (memory limit?)") from None
    except (CancelledError, CommClosedError, OSError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ClusterError(f"lost the scheduler ({reason})", "check it and re-run") from None


def _cached(doc: Any, ref: InputRef, options: Options, store: Any) -> tuple[Analysed | None, str]:
    """The document analysed from the segmentation cache (else None), and its cache key."""
    from dialogue_cli.corpus.cache import cache_key
    from dialogue_cli.text.clean import clean, keep_all
    from dialogue_cli.text.normalize import normalize

    norm = normalize(doc.text)
    cleaned = keep_all(norm.text) if options.raw else clean(norm.text)
    key = cache_key(norm.text, cleaned.body, pos=options.pos)
    sentences = store.get(key, norm.text)
    if sentences is None:
        return None, key
    return Analysed(doc, norm, cleaned, sentences, fields_of(doc, cleaned, ref.fields, ref.extra)), key
