"""What every command shares: options, the domain-error edge, and :class:`Session`."""

from __future__ import annotations

import codecs
import functools
from typing import Any, Callable, Iterator, Sequence

import click

from dialogue_cli.errors import DialogueError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class DialogueClickError(click.ClickException):
    """A domain error shown as one line: ``dialogue: error: …; hint``."""

    def __init__(self, error: DialogueError, exit_code: int) -> None:
        super().__init__(str(error))
        self.error = error
        self.exit_code = exit_code

    def show(self, file: Any = None) -> None:
        from dialogue_cli.output.ui import format_problem

        click.echo(format_problem(self.error), err=True)


def domain_errors(exit_code: int = 2) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Turn the core's domain exceptions into one-line click errors."""

    def decorate(f: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(f)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return f(*args, **kwargs)
            except DialogueError as exc:
                raise DialogueClickError(exc, exit_code) from None

        return wrapper

    return decorate


def _check_encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        info = codecs.lookup(value)
    except LookupError:
        raise click.BadParameter(f"unknown encoding {value!r} (try utf-8, utf-16, cp1258)") from None
    if not getattr(info, "_is_text_encoding", True) or info.name == "undefined":  # rot13, base64, zlib…
        raise click.BadParameter(f"{value!r} is not a text encoding (try utf-8, utf-16, cp1258)")
    return info.name


def _check_glob(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from dialogue_cli.corpus.walk import GlobError, check_glob

    try:
        return check_glob(value)
    except GlobError as exc:
        raise click.BadParameter(str(exc)) from None


INPUT_KEYS = ("paths", "glob", "encoding", "raw", "jobs", "scheduler", "no_cache", "path_pattern", "meta", "text_column",
              "id_column")


def _check_pattern(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    if value is None:
        return None
    from dialogue_cli.corpus.metadata import PatternError, compile_pattern

    try:
        return compile_pattern(value)
    except PatternError as exc:
        raise click.BadParameter(str(exc)) from None


def input_options(f: Callable[..., Any], *, paths: bool = True) -> Callable[..., Any]:
    """PATHS and the options that choose and read them (--glob, --encoding,
    --raw, --jobs, --scheduler, --no-cache) and give them metadata (--path-pattern, --meta,
    --text-column, --id-column), shared by every analysing command and handed
    to it as one ``inputs`` dict (for :class:`Session`)."""
    command = f

    @functools.wraps(command)
    def collect(*args: Any, **kwargs: Any) -> Any:
        inputs = {key: kwargs.pop(key) for key in INPUT_KEYS if key in kwargs}
        return command(*args, inputs=inputs, **kwargs)

    f = collect
    f = click.option("--id-column", metavar="NAME",
                     help="Tables: the column holding each row's id. Default: the first of id, url, source with a value, "
                          "else FILE#ROW.")(f)
    f = click.option("--text-column", metavar="NAME",
                     help="Tables (.csv .tsv .jsonl .json .parquet): the text column. "
                          "Default: the first of text, content, body, maintext.")(f)
    f = click.option("--meta", metavar="FILE",
                     help="Metadata table (CSV, TSV or JSONL) with a source column; its other columns become fields.")(f)
    f = click.option("--path-pattern", metavar="REGEX", callback=_check_pattern,
                     help="Fields from each source id: a regex with named groups, e.g. '(?P<outlet>[A-Z]+)_'.")(f)
    f = click.option(
        "--no-cache", is_flag=True, help="Segment everything afresh: neither read nor write the segmentation cache."
    )(f)
    f = click.option(
        "--scheduler",
        metavar="ADDRESS",
        envvar="DIALOGUE_SCHEDULER",
        help="Analyse on a Dask cluster: its scheduler's address (tcp://HOST:8786), or local:N to start N "
             "worker processes here. Env: DIALOGUE_SCHEDULER. Needs: pip install 'dialogue-cli[dask]'.",
    )(f)
    f = click.option(
        "-j",
        "--jobs",
        type=click.IntRange(0),
        default=None,
        help="Worker processes (0: one per core). Default: all cores for corpora over ~200 KB, else 1.",
    )(f)
    f = click.option(
        "--raw",
        is_flag=True,
        help="Analyse whole files: do not remove bylines, teasers and other page boilerplate.",
    )(f)
    f = click.option(
        "--encoding",
        metavar="NAME",
        callback=_check_encoding,
        help="Force an input encoding (e.g. cp1258). Default: UTF-8, or UTF-16/32 with a BOM.",
    )(f)
    f = click.option(
        "--glob",
        default="*.txt",
        show_default=True,
        callback=_check_glob,
        help="Which files to read inside directories (searched recursively).",
    )(f)
    if paths:
        f = click.argument("paths", nargs=-1, metavar="[PATHS]...")(f)
    return f


def dictionary_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--themes", "themes_file", metavar="FILE", help="Theme dictionary (YAML or JSON) instead of the built-in one."
    )(f)


def match_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--match",
        "mode",
        type=click.Choice(["words", "syllables"]),
        default="words",
        show_default=True,
        help="words: terms must start and end on word boundaries; syllables: any syllable run.",
    )(f)


def load_dictionary(themes_file: str | None) -> Any:
    from dialogue_cli.text.dictionary import default_dictionary, load_dictionary

    return load_dictionary(themes_file) if themes_file else default_dictionary()


POS_TAGS = {"N", "Np", "Nc", "Nu", "Ny", "Nb", "V", "Vb", "Vy", "A", "Ab", "P", "R", "L", "M", "E", "C", "Cc",
            "I", "T", "Y", "Z", "X", "CH", "B", "S"}


def check_pos(ctx: click.Context, param: click.Parameter, value: str | None) -> frozenset[str] | None:
    if value is None:
        return None
    tags = frozenset(t.strip() for t in value.split(",") if t.strip())
    unknown = sorted(tags - POS_TAGS)
    if unknown or not tags:
        raise click.BadParameter(
            f"unknown POS tag {', '.join(unknown) or value!r}; underthesea's tags include N, Np, V, A, R, E, M"
        )
    return tags


def output_options(*, text: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--format, -o, --no-header and --bom, shared by every command."""
    from dialogue_cli.output.writer import FORMATS

    choices = list(FORMATS) + (["text"] if text else [])
    default = "text" if text else "auto"

    def decorate(f: Callable[..., Any]) -> Callable[..., Any]:
        f = click.option("--bom", is_flag=True, help="Start csv/tsv output with a UTF-8 BOM (for Excel).")(f)
        f = click.option("--no-header", is_flag=True, help="Leave out the header row of csv/tsv.")(f)
        f = click.option(
            "-o",
            "--output",
            metavar="FILE",
            help="Write to FILE (atomically: complete or not at all) instead of stdout.",
        )(f)
        f = click.option(
            "-f",
            "--format",
            "fmt",
            type=click.Choice(choices),
            default=default,
            show_default=True,
            help="auto: a table on a terminal, csv when piped or written to a file.",
        )(f)
        return f

    return decorate


def by_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--by", "by", metavar="FIELD[,FIELD…]", callback=_check_by,
        help="One row per group of documents sharing these fields (outlet, folder, your own…; a date by "
             "date:year, date:month, date:week (ISO) or date:day). Default: source.",
    )(f)


def _check_by(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    from dialogue_cli.analysis.groups import GroupError, parse_by

    try:
        return parse_by(value)
    except GroupError as exc:
        raise click.BadParameter(f"{exc}; {exc.hint}" if exc.hint else str(exc)) from None


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
                 text_column: str | None = None, id_column: str | None = None, scheduler: str | None = None) -> None:
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
        self.scheduler = _connect(scheduler, jobs) if scheduler else None
        self.cache = None
        if not no_cache:
            from dialogue_cli.corpus.cache import cache_dir
            from dialogue_cli.corpus.pipeline import open_cache

            self.cache = open_cache(cache_dir())

    def inputs(self) -> Iterator[Any]:
        """Every document to analyse, annotated, in order: files, and the rows of
        tables (a bad row is an InputProblem in its place)."""
        from dialogue_cli.corpus.inputs import table_kind
        from dialogue_cli.errors import InputProblem

        annotate = self.annotator.annotate if self.annotator is not None else (lambda ref: ref)
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

    def each(self, step: Any, *, tags: bool = False, label: str = "Analysing", by: Any = None) -> Any:
        """``step(document)`` for each readable document, in input order (run in
        the worker processes with --jobs); with ``by``, ``(group key, step(document))``.
        A ``by`` field that no input has is a usage error, raised here, before any output."""
        if by is not None:
            self.check_fields(by)
        return self._each(step, tags, label, by)

    def check_fields(self, grouping: Any) -> None:
        """Raise GroupError for a --by/--target field no document can have."""
        from dialogue_cli.analysis.groups import GroupBy, check_fields

        if not (isinstance(grouping, GroupBy) and grouping.is_source):
            check_fields(grouping, self.fields())

    def _each(self, step: Any, tags: bool, label: str, by: Any) -> Any:
        from dialogue_cli.corpus.pipeline import Options, analyse_corpus, auto_jobs, keyed

        options = Options(self.encoding, tags, self.raw, self.cache.path.parent if self.cache else None)
        jobs = auto_jobs(self.refs) if self.jobs is None else self.jobs
        if by is not None:
            step = keyed(by.key, step)
        total = self._total()
        results = analyse_corpus(self.inputs(), options=options, jobs=jobs, step=step, scheduler=self.scheduler,
                                 total=total, on_problem=self.reporter.problem, on_cache_problem=self.reporter.warning)
        yield from self._noting(self.reporter.track(results, total=total, label=label), by)

    def _noting(self, results: Any, by: Any) -> Iterator[Any]:
        """Pass results on; at the end, warn about empty groups and unmatched metadata."""
        from dialogue_cli.analysis.groups import EmptyValues, GroupBy

        empty = EmptyValues(by) if isinstance(by, GroupBy) and not by.is_source else None
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
             **kwargs: Any) -> Any:
        """The rows of ``fn(docs, *args, **kwargs)``, computed document by document;
        with ``by`` (not source), ``(group key, row)`` pairs."""
        from itertools import chain

        from dialogue_cli.corpus.pipeline import rows_of

        step = rows_of(fn, *args, **kwargs)
        if by is None or by.is_source:
            return chain.from_iterable(self.each(step, tags=tags, label=label))
        return ((key, row) for key, rows in self.each(step, tags=tags, label=label, by=by) for row in rows)

    def matcher(self, themes: Any, *, mode: str = "words", name: str = "dictionary") -> Any:
        from dialogue_cli.text.matching import Matcher

        matcher = Matcher(themes, mode=mode, name=name, cache=self.cache)  # type: ignore[arg-type]
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
