"""The per-document pipeline: read → normalize → clean → segment (or the cache).

Documents flow through one at a time, so memory does not grow with the
corpus. With ``jobs > 1`` a pool of worker processes reads, cleans and
segments; results come back in input order, so the output is the same
whatever the number of jobs. Every analysing command consumes
:func:`analyse_corpus`.
"""

from __future__ import annotations

import os
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence, TypeVar

from dialogue_cli.corpus.inputs import STDIN, Document, Fields, InputRef, OnProblem, builtin_fields, read, table_kind
from dialogue_cli.corpus.pool import LazyPool, batch_of, result_of
from dialogue_cli.errors import InputProblem
from dialogue_cli.text.normalize import Normalized, normalize
from dialogue_cli.text.segment import Sentence, count_words, segment

if TYPE_CHECKING:
    from dialogue_cli.text.clean import Cleaned

__all__ = ["Analysed", "Options", "analyse", "analyse_corpus", "prepare", "prepare_corpus", "auto_jobs", "rows_of", "keyed", "WINDOW"]

WINDOW = 4  # documents in flight per worker process: bounds memory whatever the writer's speed

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Analysed:
    """A document with its normalized text, its cleaning, its sentences and
    its metadata fields (``meta``: built-in, page, path, table, sidecar)."""

    doc: Document
    norm: Normalized
    cleaned: Cleaned
    sentences: list[Sentence]
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def source(self) -> str:
        return self.doc.source

    @property
    def word_count(self) -> int:
        """Word tokens, punctuation and symbols excluded."""
        return sum(count_words(s.tokens) for s in self.sentences)

    def original(self, start: int, end: int) -> str:
        """The original text behind the normalized span ``[start, end)``."""
        s, e = self.norm.original_span(start, end)
        return self.doc.text[s:e]


@dataclass(frozen=True)
class Options:
    """What decides a document's analysis (and its cache key)."""

    encoding: str | None = None
    pos: bool = False
    raw: bool = False
    cache_dir: Path | None = None  # None: no cache


_caches: dict[Path, object] = {}  # one open cache per process and directory
os.register_at_fork(after_in_child=_caches.clear)  # never use the parent's SQLite connection: open our own


def open_cache(directory: Path):  # type: ignore[no-untyped-def]
    """This process's cache in ``directory`` (one connection, one failure report)."""
    from dialogue_cli.corpus.cache import SegmentCache

    if directory not in _caches:
        _caches[directory] = SegmentCache(directory)
    return _caches[directory]


def page_fields(cleaned: Cleaned) -> Fields:
    """The metadata the page itself gives (empty ones left out)."""
    m = cleaned.meta
    return tuple((k, v) for k, v in (("title", m.title), ("date", m.date), ("outlet", m.outlet),
                                      ("byline", m.byline)) if v)


def analyse(doc: Document, *, pos: bool = False, raw: bool = False, cache_dir: Path | None = None,
            fields: Fields = (), extra: Fields = ()) -> Analysed:
    """Normalize, clean (unless ``raw``) and segment one document, through the
    cache in ``cache_dir`` when one is given. Its fields: ``fields`` (built-in;
    default: its source), then the page's, then ``extra``.

    >>> from dialogue_cli.corpus.inputs import Document
    >>> a = analyse(Document("x", "x", "Chuyển\\u00a0đổi số.", "utf-8"))
    >>> [w.text for w in a.sentences[0].words]
    ['Chuyển đổi', 'số', '.']
    """
    norm = normalize(doc.text)
    from dialogue_cli.text.clean import clean, keep_all  # not needed when a warm run remembers every result

    cleaned = keep_all(norm.text) if raw else clean(norm.text)
    store = key = sentences = None
    if cache_dir is not None:
        from dialogue_cli.corpus.cache import cache_key

        store = open_cache(cache_dir)
        key = cache_key(norm.text, cleaned.body, pos=pos)
        sentences = store.get(key, norm.text)
    if sentences is None:
        sentences = segment(norm.text, pos=pos, spans=cleaned.body)
        if store is not None:
            store.put(key, sentences)
    return Analysed(doc, norm, cleaned, sentences, fields_of(doc, cleaned, fields, extra))


def fields_of(doc: Document, cleaned: Cleaned, fields: Fields = (), extra: Fields = ()) -> dict[str, str]:
    """A document's metadata: built-in ``fields`` (default: its source), the page's, then ``extra``."""
    meta = dict(fields or builtin_fields(doc.source, doc.path))
    meta.update(page_fields(cleaned))
    meta.update(extra)
    return meta


def cache_problem(options: Options) -> str | None:
    """The cache failure of this process, if any (reported once by the CLI)."""
    if options.cache_dir is None or options.cache_dir not in _caches:
        return None
    return _caches[options.cache_dir].problem  # type: ignore[attr-defined, no-any-return]


def rows_of(fn: Callable[..., Iterable[Any]], *args: Any, **kwargs: Any) -> Callable[[Analysed], list[Any]]:
    """A per-document step from a row function over documents: ``fn([doc], *args)``
    as a list. Picklable, so that worker processes can run it."""
    from functools import partial

    return partial(_rows_of, fn, args, kwargs)


def _rows_of(fn: Callable[..., Iterable[Any]], args: tuple[Any, ...], kwargs: dict[str, Any], doc: Analysed) -> list[Any]:
    return list(fn([doc], *args, **kwargs))


@dataclass(frozen=True)
class Keyed:
    """A step that also returns the document's group, ``key(doc.meta)``."""

    key: Callable[[dict[str, str]], Any]
    step: Callable[[Analysed], Any]

    def __call__(self, doc: Analysed) -> tuple[Any, Any]:
        return self.key(doc.meta), self.step(doc)


def keyed(key: Callable[[dict[str, str]], Any], step: Callable[[Analysed], T]) -> Callable[[Analysed], tuple[Any, T]]:
    """``step`` that also returns the document's group. Picklable."""
    return Keyed(key, step)


def _identity(doc: Analysed) -> Analysed:
    return doc


def _work(ref: InputRef, options: Options, step: Callable[[Analysed], Any]) -> tuple[Any, str | None]:
    key_of, inner = (step.key, step.step) if isinstance(step, Keyed) else (None, step)
    memo_key = _memo_key(ref, options, inner)
    try:
        found = _recall(memo_key, options)
        if found is not None:
            page, result = found
            meta = merged_fields(ref, page)
        else:
            doc = analyse(read(ref, encoding=options.encoding), pos=options.pos, raw=options.raw,
                          cache_dir=options.cache_dir, fields=ref.fields, extra=ref.extra)
            result, meta = inner(doc), doc.meta
            if memo_key is not None:
                _remember(memo_key, options, page_fields(doc.cleaned), result)
        if key_of is not None:
            result = (key_of(meta), result)
    except InputProblem as problem:
        result = problem
    return result, cache_problem(options)


def remembered(ref: InputRef, options: Options, step: Callable[[Analysed], Any]) -> tuple[Any, str | None] | None:
    """What :func:`_work` would give for ``ref`` if the memo knows its result (else None):
    a stat and one cache look-up, so a parent can answer warm files without a worker."""
    key_of, inner = (step.key, step.step) if isinstance(step, Keyed) else (None, step)
    found = _recall(_memo_key(ref, options, inner), options)
    if found is None:
        return None
    page, result = found
    return ((key_of(merged_fields(ref, page)), result) if key_of is not None else result), cache_problem(options)


def merged_fields(ref: InputRef, page: Fields) -> dict[str, str]:
    """A document's metadata from its input's fields and its page's: what :func:`fields_of` gives."""
    return {**dict(ref.fields), **dict(page), **dict(ref.extra)}


def _memo_key(ref: InputRef, options: Options, step: Callable[[Analysed], Any]) -> str | None:
    """Where a file's result is remembered (files only, with the cache on)."""
    if options.cache_dir is None or ref.text is not None or ref.path == "-":
        return None
    from dialogue_cli.corpus import memo

    token = memo.step_token(step)
    return None if token is None else memo.file_key(ref.path, fields=[ref.fields, ref.extra], options=options,
                                                      token=token)


def _recall(key: str | None, options: Options) -> tuple[Fields, Any] | None:
    if key is None:
        return None
    from dialogue_cli.corpus import memo

    found = open_cache(options.cache_dir).get_json(key)  # type: ignore[arg-type]
    if found is None:
        return None
    page, value = found
    return tuple(tuple(kv) for kv in page), memo.decode(value)


def _remember(key: str, options: Options, page: Fields, result: Any) -> None:
    from dialogue_cli.corpus import memo

    value = memo.encode(result)
    if value is not None:
        open_cache(options.cache_dir).put_json(key, [page, value], max_bytes=memo.MAX_BYTES)  # type: ignore[arg-type]


_worker: tuple[Options, Callable[[Analysed], Any]] | None = None


def _init_worker(options: Options, step: Callable[[Analysed], Any]) -> None:
    global _worker
    _worker = (options, step)


def _work_in_pool(ref: InputRef) -> tuple[Any, str | None]:
    assert _worker is not None
    return _work(ref, *_worker)


def auto_jobs(refs: Sequence[InputRef]) -> int:
    """All cores for a corpus worth it (over ~200 KB of files, a few seconds of
    segmentation), else 1: below that, starting processes costs more than it saves."""
    size = 0
    for ref in refs:
        if ref.path != "-":
            try:
                size += os.path.getsize(ref.path)
            except OSError:
                pass
    many = len(refs) > 1 or any(table_kind(ref.path) for ref in refs)  # a table holds many documents
    return (os.cpu_count() or 1) if size > 200_000 and many else 1


def analyse_corpus(
    refs: Iterable[InputRef | InputProblem],
    *,
    options: Options = Options(),
    jobs: int = 1,
    step: Callable[[Analysed], Any] = _identity,
    on_problem: OnProblem,
    on_cache_problem: Callable[[str], None] | None = None,
    window: int = WINDOW,
    scheduler: Any = None,
    total: int | None = None,
) -> Iterator[Any]:
    """Analyse each readable input, in input order, and yield ``step(document)``
    (the document itself by default); report the inputs that fail, and the
    problems found in the input stream itself (bad table rows), in order.

    ``jobs``: worker processes (0: one per core). The workers run ``step``
    too, so that only its (small) result crosses between processes. At most
    ``window`` documents per worker are in flight, however slowly the results
    are consumed: ``refs`` is read only as results are taken. A cache failure
    is passed to ``on_cache_problem`` once.

    ``scheduler``: a connected :class:`~dialogue_cli.corpus.cluster.Scheduler`; the
    documents are then analysed on its workers (``jobs`` is not used), in batches
    that shrink towards the end when ``total``, the number of inputs, is known.
    """
    jobs = jobs or os.cpu_count() or 1
    reported = False

    def results() -> Iterator[tuple[Any, str | None]]:
        if scheduler is not None:
            from dialogue_cli.corpus.cluster import remote_results

            yield from remote_results(scheduler, refs, options, step, total=total)
            return
        if jobs == 1:
            for ref in refs:
                yield (ref, None) if isinstance(ref, InputProblem) else _work(ref, options, step)
            return
        # Until the first document the memo does not know, the parent answers from it: a warm re-run
        # forks nothing. From then on the workers look up the rest, in parallel (a cold run pays one
        # look-up here). stdin is read here: a worker's stdin is /dev/null.
        with LazyPool(jobs, initializer=_init_worker, initargs=(options, step)) as pool:
            pending: deque[Any] = deque()
            for ref in refs:
                if isinstance(ref, InputProblem):
                    pending.append((ref, None))
                elif ref.path == STDIN:
                    pending.append(_work(ref, options, step))
                elif pool.pool is None and (found := remembered(ref, options, step)) is not None:
                    pending.append(found)
                else:
                    pending.append(pool.get().apply_async(_work_in_pool, (ref,)))
                if len(pending) >= jobs * window:
                    yield result_of(pending.popleft())
            while pending:
                yield result_of(pending.popleft())

    for result, cache_note in results():
        if cache_note and not reported and on_cache_problem is not None:
            on_cache_problem(cache_note)
            reported = True
        if isinstance(result, InputProblem):
            on_problem(result)
        else:
            yield result


def prepare(ref: InputRef, *, encoding: str | None = None, raw: bool = False) -> Analysed:
    """Read, normalize and clean one input, without segmenting it (``sentences``
    is empty): the cheap first pass of ``duplicates`` and ``--dedupe``."""
    from dialogue_cli.text.clean import clean, keep_all

    doc = read(ref, encoding=encoding)
    norm = normalize(doc.text)
    cleaned = keep_all(norm.text) if raw else clean(norm.text)
    return Analysed(doc, norm, cleaned, [], fields_of(doc, cleaned, ref.fields, ref.extra))


def _prepare_batch(options: Options, step: Callable[[Analysed], Any], refs: list[InputRef | InputProblem]) -> list[Any]:
    out = []
    for ref in refs:
        try:
            out.append(ref if isinstance(ref, InputProblem) else step(prepare(ref, encoding=options.encoding,
                                                                               raw=options.raw)))
        except InputProblem as problem:
            out.append(problem)
    return out


def prepare_corpus(refs: Iterable[InputRef | InputProblem], *, options: Options = Options(), jobs: int = 1,
                   step: Callable[[Analysed], T], on_problem: OnProblem, batch: int = 32) -> Iterator[T]:
    """``step(prepare(ref))`` for each readable input, in input order, in ``jobs``
    worker processes (0: one per core), ``batch`` inputs a task (each takes
    about a millisecond); failures go to ``on_problem``."""
    from functools import partial
    from itertools import islice

    work = partial(_prepare_batch, options, step)
    jobs = jobs or os.cpu_count() or 1

    def results() -> Iterator[list[Any]]:
        chunks = iter(lambda: list(islice(it, batch)), [])
        if jobs == 1:
            yield from map(work, chunks)
            return
        with LazyPool(jobs) as pool:
            pending: deque[Any] = deque()
            for chunk in chunks:  # a chunk with stdin is done here: a worker's stdin is /dev/null
                pending.append(work(chunk) if any(getattr(r, "path", None) == STDIN for r in chunk)
                               else pool.get().apply_async(work, (chunk,)))
                if len(pending) >= jobs * WINDOW:
                    yield batch_of(pending.popleft())
            while pending:
                yield batch_of(pending.popleft())

    it = iter(refs)
    for results_ in results():
        for result in results_:
            if isinstance(result, InputProblem):
                on_problem(result)
            else:
                yield result
