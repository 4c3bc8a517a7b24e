"""The :class:`Session` of a command run: its inputs, cluster, cache, reporter and writer."""

from __future__ import annotations

from typing import Any, Iterator, Sequence

import click


def _connect(address: str, jobs: int | None) -> Any:
    """The connected scheduler of --scheduler, closed when the command ends."""
    import importlib.util

    ctx = click.get_current_context(silent=True)
    if jobs is not None:
        from click.core import ParameterSource

        if ctx is not None and ctx.get_parameter_source("scheduler") == ParameterSource.ENVIRONMENT:
            return None  # --jobs on the command line beats DIALOGUE_SCHEDULER: run here
        raise click.UsageError("--jobs and --scheduler do not go together: the cluster's workers do the work")
    if importlib.util.find_spec("distributed") is None:
        raise click.UsageError("--scheduler needs Dask: pip install 'dialogue-cli[dask]'")
    from dialogue_cli.commands.common import DialogueClickError
    from dialogue_cli.corpus.cluster import ClusterError, connect

    try:
        scheduler = connect(address)
    except ClusterError as exc:
        raise DialogueClickError(exc, 2) from None
    if ctx is not None:
        ctx.call_on_close(scheduler.close)
    return scheduler


class Session:
    """What a command needs from its options: inputs, the reporter, the writer."""

    def __init__(self, *, paths: Sequence[str], glob: str, encoding: str | None, raw: bool, jobs: int | None,
                 no_cache: bool, out: dict[str, Any], path_pattern: Any = None, meta: str | None = None,
                 text_column: str | None = None, id_column: str | None = None, scheduler: str | None = None,
                 dedupe: bool = False) -> None:
        from dialogue_cli.corpus.inputs import default_corpus, expand
        from dialogue_cli.output.ui import Reporter

        if out.get("bom") and out["fmt"] not in ("csv", "tsv", "auto"):
            raise click.UsageError("--bom goes with csv or tsv output")
        self.meta_path = meta
        self.annotator = None
        if path_pattern is not None or meta:
            from dialogue_cli.corpus.metadata import Annotator, load_sidecar

            sidecar, columns = load_sidecar(meta) if meta else ({}, [])
            self.annotator = Annotator(path_pattern, sidecar, columns)
        self.table_options = (text_column, id_column, encoding)
        self.reporter = Reporter()
        self.encoding = encoding
        self.raw = raw
        self.out = out
        self.refs = expand(list(paths) or [str(default_corpus())], glob=glob, on_problem=self.reporter.problem,
                           on_warning=self.reporter.warning)
        self._ids: Any = None
        self.jobs = jobs
        self.dedupe = dedupe
        if dedupe:
            _check_rereadable(self.refs)
        self.scheduler = _connect(scheduler, jobs) if scheduler else None
        self.cache = None
        if not no_cache:
            from dialogue_cli.corpus.cache import cache_dir
            from dialogue_cli.corpus.pipeline import open_cache

            self.cache = open_cache(cache_dir())

    def inputs(self, *, annotate: bool = True) -> Iterator[Any]:
        """Every document to analyse, annotated (unless not ``annotate``), in order:
        files, and the rows of tables (a bad row is an InputProblem in its place)."""
        from dialogue_cli.corpus.inputs import table_kind
        from dialogue_cli.errors import InputProblem

        annotate = self.annotator.annotate if self.annotator is not None and annotate else (lambda ref: ref)
        self._ids = None  # each pass names the rows afresh (--dedupe reads them twice)
        for ref in self.refs:
            if table_kind(ref.path):
                from dialogue_cli.corpus.tables import SourceIds, TableOptions, table_rows

                if self._ids is None:  # file ids are unique already; rows must not take one of them
                    self._ids = SourceIds()
                    for r in self.refs:
                        self._ids.claim(r.source, r.path)
                for row in table_rows(ref, options=TableOptions(*self.table_options), ids=self._ids):
                    yield row if isinstance(row, InputProblem) else annotate(row)
            else:
                yield annotate(ref)

    def fields(self) -> list[str]:
        """Every metadata field name the documents can carry, built-in first."""
        from dialogue_cli.corpus.inputs import table_kind

        names = ["source", "file", "folder", "title", "date", "outlet", "byline"]
        names += self.annotator.names if self.annotator is not None else []
        for ref in self.refs:
            if table_kind(ref.path):
                from dialogue_cli.corpus.tables import TableOptions, table_fields

                names += table_fields(ref, options=TableOptions(*self.table_options))
        return list(dict.fromkeys(names))

    def each(self, step: Any, *, tags: bool = False, label: str = "Analysing", by: Any = None,
             grouped: bool = True) -> Any:
        """``step(document)`` for each readable document, in input order (run in
        the worker processes with --jobs); with ``by``, ``(group key, step(document))``.
        A ``by`` field that no input has is a usage error, raised here, before any output.
        ``grouped`` False: the fields only label rows (kwic lines), for the warnings' wording."""
        if by is not None:
            self.check_fields(by)
        return self._each(step, tags, label, by, grouped)

    def check_fields(self, grouping: Any) -> None:
        """Raise GroupError for a --by/--target field no document can have."""
        from dialogue_cli.analysis.groups import GroupBy, check_fields

        if not (isinstance(grouping, GroupBy) and grouping.is_source):
            check_fields(grouping, self.fields())

    def _each(self, step: Any, tags: bool, label: str, by: Any, grouped: bool = True) -> Any:
        from dialogue_cli.corpus.pipeline import Options, analyse_corpus, auto_jobs, keyed

        options = Options(self.encoding, tags, self.raw, self.cache.path.parent if self.cache else None)
        jobs = auto_jobs(self.refs) if self.jobs is None else self.jobs
        if by is not None:
            step = keyed(by.key, step)
        total = self._total()
        inputs = self.inputs()
        if self.dedupe:
            dropped = self._duplicates()
            inputs = (ref for ref in inputs if getattr(ref, "source", None) not in dropped)
            total = None if total is None else total - len(dropped)  # the progress bar counts what is analysed
        results = analyse_corpus(inputs, options=options, jobs=jobs, step=step, scheduler=self.scheduler,
                                 total=total, on_problem=self.reporter.problem, on_cache_problem=self.reporter.warning)
        yield from self._noting(self.reporter.track(results, total=total, label=label), by, grouped)

    def prepared(self, step: Any, *, label: str = "Reading", report: bool = True, by: Any = None) -> Iterator[Any]:
        """``step(document)`` for each readable document, in input order, read,
        normalized and cleaned but not segmented (cheap: ``duplicates``, ``--dedupe``).
        Unless ``report`` is false (--dedupe's first pass, which leaves this to the
        analysis), input problems and unmatched metadata are reported (and, with a
        ``by`` grouping and a keyed ``step``, documents without a value); only then are
        the documents annotated, so that nothing is counted twice."""
        from dialogue_cli.corpus.pipeline import Options, auto_jobs, prepare_corpus

        options = Options(self.encoding, False, self.raw, None)
        jobs = auto_jobs(self.refs) if self.jobs is None else self.jobs
        results = prepare_corpus(self.inputs(annotate=report), options=options, jobs=jobs, step=step,
                                 on_problem=self.reporter.problem if report else (lambda problem: None))
        tracked = self.reporter.track(results, total=self._total(), label=label)
        yield from self._noting(tracked, by) if report else tracked

    def _duplicates(self) -> set[str]:
        """--dedupe: the sources to skip (every near-complete duplicate but the
        first of its cluster), each named on stderr. Input problems are left
        to the analysis pass, which reports them in their place."""
        from dialogue_cli.analysis.duplicates import duplicates_of, shingle

        docs = list(self.prepared(shingle, label="Looking for duplicates", report=False))
        copies = duplicates_of(docs)
        for i, (kept, jaccard) in sorted(copies.items()):
            self.reporter.warning(f"{docs[i].source}: near-duplicate of {docs[kept].source} "
                                  f"(Jaccard {jaccard:.2f}), skipped (--dedupe)")
        if copies:
            clusters = len({kept for kept, _ in copies.values()})
            self.reporter.warning(f"--dedupe: {len(copies)} of {len(docs)} documents skipped as near-duplicates "
                                  f"({clusters} cluster{'s' if clusters > 1 else ''} kept once)")
        return {docs[i].source for i in copies}

    def _noting(self, results: Any, by: Any, grouped: bool = True) -> Iterator[Any]:
        """Pass results on; at the end, warn about empty groups and unmatched metadata."""
        from dialogue_cli.analysis.groups import EmptyValues, GroupBy

        empty = EmptyValues(by, grouped=grouped) if isinstance(by, GroupBy) and not by.is_source else None
        for result in results:
            if empty is not None:
                empty.add(result[0])
            yield result
        notes = self.annotator.notes(self.meta_path) if self.annotator is not None else []
        for note in (empty.notes() if empty else []) + notes:
            self.reporter.warning(note)

    def _total(self) -> int | None:
        from dialogue_cli.corpus.inputs import table_kind

        return None if any(table_kind(r.path) for r in self.refs) else len(self.refs)

    def rows(self, fn: Any, *args: Any, tags: bool = False, label: str = "Analysing", by: Any = None,
             grouped: bool = True, **kwargs: Any) -> Any:
        """The rows of ``fn(docs, *args, **kwargs)``, computed document by document;
        with ``by`` (not source), ``(group key, row)`` pairs (``grouped``: see :meth:`each`)."""
        from itertools import chain

        from dialogue_cli.corpus.pipeline import rows_of

        step = rows_of(fn, *args, **kwargs)
        if by is None or by.is_source:
            return chain.from_iterable(self.each(step, tags=tags, label=label))
        parts = self.each(step, tags=tags, label=label, by=by, grouped=grouped)
        return ((key, row) for key, rows in parts for row in rows)

    def labelled_rows(self, fn: Any, *args: Any, columns: Sequence[str], label: str = "Analysing", by: Any = None,
                      **kwargs: Any) -> tuple[Any, list[str]]:
        """The rows of ``fn`` (one per mention or line, as :meth:`rows`) each with its
        document's ``by`` fields added, and the output columns: ``source``, the fields,
        then ``columns``. A field named like a column is a usage error, raised now."""
        if by is None or by.is_source:
            return self.rows(fn, *args, label=label, **kwargs), list(columns)
        from dialogue_cli.analysis.groups import with_group_fields

        pairs = self.rows(fn, *args, label=label, by=by, grouped=False, **kwargs)
        return with_group_fields(pairs, by, columns=columns), list(dict.fromkeys(["source", *by.columns, *columns]))

    def matcher(self, themes: Any, *, mode: str = "words", name: str = "dictionary") -> Any:
        """A :class:`Matcher` of a theme mapping, or of a loaded ``Dictionary``
        (its name, its ``shared`` terms; its import warnings are shown)."""
        from dialogue_cli.text.dictionary import Dictionary
        from dialogue_cli.text.matching import Matcher

        shared = False
        if isinstance(themes, Dictionary):
            for warning in themes.warnings:
                self.reporter.warning(warning)
            themes, name, shared = themes.themes, themes.name, themes.shared
        matcher = Matcher(themes, mode=mode, name=name, cache=self.cache, shared=shared)  # type: ignore[arg-type]
        if self.cache is not None and self.cache.problem:
            self.reporter.warning(self.cache.problem)
        return matcher

    def writer(self) -> Any:
        from dialogue_cli.output.writer import open_writer

        return open_writer(
            fmt=self.out["fmt"],
            output=self.out["output"],
            header=not self.out["no_header"],
            bom=self.out["bom"],
        )


def _check_rereadable(refs: Sequence[Any]) -> None:
    """--dedupe reads every input twice: stdin, a pipe or a device can be read once."""
    import os
    import stat

    for ref in refs:
        try:
            regular = ref.path != "-" and stat.S_ISREG(os.stat(ref.path).st_mode)
        except OSError:
            continue  # reported when it is read
        if not regular:
            shown = "stdin" if ref.path == "-" else f"{ref.path} (a pipe or device)"
            raise click.UsageError(f"--dedupe reads the inputs twice and {shown} can be read once: save it to a file")
