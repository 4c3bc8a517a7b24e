"""The `dialogue` command line: options in, core calls, rows to the writer.

Heavy modules (underthesea, rich) are imported inside the commands, so that
``dialogue --help`` starts about as fast as click itself.
"""

from __future__ import annotations

import codecs
import functools
from typing import Any, Callable, Sequence

import click

from . import __version__
from .errors import DialogueError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class DialogueClickError(click.ClickException):
    """A domain error shown as one line: ``dialogue: error: …; hint``."""

    def __init__(self, error: DialogueError, exit_code: int) -> None:
        super().__init__(str(error))
        self.error = error
        self.exit_code = exit_code

    def show(self, file: Any = None) -> None:
        from .ui import format_problem

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
        return codecs.lookup(value).name
    except LookupError:
        raise click.BadParameter(f"unknown encoding {value!r} (try utf-8, utf-16, cp1258)") from None


INPUT_KEYS = ("paths", "glob", "encoding", "raw", "jobs", "no_cache")


def input_options(f: Callable[..., Any], *, paths: bool = True) -> Callable[..., Any]:
    """PATHS, --glob, --encoding, --raw, --jobs and --no-cache, shared by every
    analysing command and handed to it as one ``inputs`` dict (for :class:`Session`)."""
    command = f

    @functools.wraps(command)
    def collect(*args: Any, **kwargs: Any) -> Any:
        inputs = {key: kwargs.pop(key) for key in INPUT_KEYS if key in kwargs}
        return command(*args, inputs=inputs, **kwargs)

    f = collect
    f = click.option(
        "--no-cache", is_flag=True, help="Segment everything afresh: neither read nor write the segmentation cache."
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


def _load_dictionary(themes_file: str | None) -> Any:
    from .dictionary import default_dictionary, load_dictionary

    return load_dictionary(themes_file) if themes_file else default_dictionary()


POS_TAGS = {"N", "Np", "Nc", "Nu", "Ny", "Nb", "V", "Vb", "Vy", "A", "Ab", "P", "R", "L", "M", "E", "C", "Cc",
            "I", "T", "Y", "Z", "X", "CH", "B", "S"}


def _check_pos(ctx: click.Context, param: click.Parameter, value: str | None) -> frozenset[str] | None:
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
    from .output import FORMATS

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


class Session:
    """What a command needs from its options: inputs, the reporter, the writer."""

    def __init__(self, *, paths: Sequence[str], glob: str, encoding: str | None, raw: bool, jobs: int | None,
                 no_cache: bool, out: dict[str, Any]) -> None:
        from .corpus import default_corpus, expand
        from .ui import Reporter

        if out.get("bom") and out["fmt"] not in ("csv", "tsv", "auto"):
            raise click.UsageError("--bom goes with csv or tsv output")
        self.reporter = Reporter()
        self.encoding = encoding
        self.raw = raw
        self.out = out
        self.refs = expand(list(paths) or [str(default_corpus())], glob=glob, on_problem=self.reporter.problem)
        self.jobs = jobs
        self.cache = None
        if not no_cache:
            from .cache import cache_dir
            from .pipeline import open_cache

            self.cache = open_cache(cache_dir())

    def each(self, step: Any, *, tags: bool = False, label: str = "Analysing") -> Any:
        """``step(document)`` for each readable document, in input order (run in
        the worker processes with --jobs)."""
        from .pipeline import Options, analyse_corpus, auto_jobs

        options = Options(self.encoding, tags, self.raw, self.cache.path.parent if self.cache else None)
        jobs = auto_jobs(self.refs) if self.jobs is None else self.jobs
        results = analyse_corpus(self.refs, options=options, jobs=jobs, step=step, on_problem=self.reporter.problem,
                                 on_cache_problem=self.reporter.warning)
        return self.reporter.track(results, total=len(self.refs), label=label)

    def rows(self, fn: Any, *args: Any, tags: bool = False, label: str = "Analysing", **kwargs: Any) -> Any:
        """The rows of ``fn(docs, *args, **kwargs)``, computed document by document."""
        from itertools import chain

        from .pipeline import rows_of

        return chain.from_iterable(self.each(rows_of(fn, *args, **kwargs), tags=tags, label=label))

    def matcher(self, themes: Any, *, mode: str = "words", name: str = "dictionary") -> Any:
        from .matching import Matcher

        matcher = Matcher(themes, mode=mode, name=name, cache=self.cache)  # type: ignore[arg-type]
        if self.cache is not None and self.cache.problem:
            self.reporter.warning(self.cache.problem)
        return matcher

    def writer(self) -> Any:
        from .output import open_writer

        return open_writer(
            fmt=self.out["fmt"],
            output=self.out["output"],
            header=not self.out["no_header"],
            bom=self.out["bom"],
        )


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="dialogue")
def cli() -> None:
    """Analyse Vietnamese news articles: tokens, theme counts and evidence.

    PATHS are files, directories (searched for *.txt) or - for stdin. With no
    PATHS, the five bundled seed articles are analysed.
    """


@cli.command(context_settings=CONTEXT)
@input_options
@click.option("--pos", is_flag=True, help="Add underthesea POS tags (a pos column).")
@output_options(text=True)
@click.pass_context
@domain_errors()
def tokenize(ctx: click.Context, inputs: dict[str, Any], pos: bool, **out: Any) -> None:
    """Segment text into sentences and words.

    The text format prints one sentence per line with a word's syllables
    joined by "_" (Chuyển_đổi số là xu_hướng .); csv, tsv, json and jsonl
    give one row per token: source, sentence, position, token (+ pos).
    """
    from .tokens import COLUMNS, token_lines, token_rows

    session = Session(**inputs, out=out)
    with session.writer() as w:
        if w.fmt == "text":
            w.lines(session.rows(token_lines, tags=pos, label="Tokenizing", headers=len(session.refs) > 1))
        else:
            w.rows(session.rows(token_rows, tags=pos, label="Tokenizing", pos=pos), COLUMNS + (["pos"] if pos else []))
    ctx.exit(session.reporter.exit_code)


@cli.command(context_settings=CONTEXT)
@input_options
@dictionary_option
@match_option
@click.option("--by-term", "shape", flag_value="terms", help="One row per source × theme × term, with rejected places.")
@click.option("--evidence", "shape", flag_value="evidence", help="One row per mention, with offsets into the original file.")
@click.option("--show-rejected", "shape", flag_value="rejected", help="List the places the word-boundary rule rejected.")
@output_options()
@click.pass_context
@domain_errors()
def themes(ctx: click.Context, inputs: dict[str, Any], themes_file: str | None, mode: str, shape: str | None,
           **out: Any) -> None:
    """Count theme mentions per source (built-in: chuyển đổi số, tăng
    trưởng xanh, quản trị thực thi), with rates per 1,000 words."""
    from . import themes as core
    from .output import TableStyle

    dictionary = _load_dictionary(themes_file)
    session = Session(**inputs, out=out)
    matcher = session.matcher(dictionary.themes, mode=mode, name=dictionary.name)
    names = list(dictionary.themes)
    rows, columns, style = {
        "terms": (core.term_rows, core.TERM_COLUMNS, TableStyle(right=["count", "rejected"])),
        "evidence": (core.evidence_rows, core.EVIDENCE_COLUMNS, TableStyle(highlight=["term"])),
        "rejected": (core.rejected_rows, core.REJECTED_COLUMNS, TableStyle(highlight=["words"])),
        None: (core.count_rows, core.count_columns(names), TableStyle(
            footer=lambda rows: core.total_row(rows, names), bars=[core.rate_column(t) for t in names],
            headers={core.rate_column(t): f"{t}\nper 1k words" for t in names})),
    }[shape]
    with session.writer() as w:
        w.rows(session.rows(rows, matcher, label="Counting themes"), columns, style=style)
    ctx.exit(session.reporter.exit_code)


@cli.command(context_settings=CONTEXT)
@input_options
@click.option("--show-removed", is_flag=True, help="Audit the cleaning: every line, kept or removed by which rule.")
@output_options()
@click.pass_context
@domain_errors()
def sources(ctx: click.Context, inputs: dict[str, Any], show_removed: bool, **out: Any) -> None:
    """One row per document: title, date, outlet, byline read from the page,
    and its size once bylines, teasers and other boilerplate are removed."""
    from .output import TableStyle
    from .sources import AUDIT_COLUMNS, COLUMNS, audit_rows, source_rows

    session = Session(**inputs, out=out)
    with session.writer() as w:
        if show_removed:
            w.rows(session.rows(audit_rows, label="Reading sources"), AUDIT_COLUMNS,
                   style=TableStyle(group_by="source", dim_unless=("status", "kept")))
        else:
            w.rows(session.rows(source_rows, label="Reading sources"), COLUMNS,
                   style=TableStyle(right=["sentences", "words", "removed_lines"]))
    ctx.exit(session.reporter.exit_code)


@cli.command(context_settings=CONTEXT)
@input_options
@click.option("--top", default=10, show_default=True, type=click.IntRange(1), help="Keywords per source.")
@click.option("--method", type=click.Choice(["freq", "tfidf", "keyness"]), default="freq", show_default=True,
              help="freq: rate per 1,000 words; tfidf: across the sources; keyness: G² against the rest.")
@click.option("--min-count", default=1, show_default=True, type=click.IntRange(1), help="Ignore rarer keywords.")
@click.option("--negative", is_flag=True, help="keyness: also list words under-represented in the source.")
@click.option("--pos", "pos_tags", metavar="TAGS", callback=_check_pos,
              help="Only these underthesea POS tags, e.g. N,Np,V,A (theme terms always count).")
@click.option("--stopwords", metavar="FILE", help="More stop words, one per line, added to the Vietnamese list.")
@dictionary_option
@click.option("--summary", is_flag=True, help="One row per source with its keywords joined by '; '.")
@output_options()
@click.pass_context
@domain_errors()
def keywords(ctx: click.Context, inputs: dict[str, Any], top: int, method: str, min_count: int, negative: bool,
             pos_tags: frozenset[str] | None, stopwords: str | None, themes_file: str | None, summary: bool,
             **out: Any) -> None:
    """The words that characterise each source: stop words out, theme terms whole."""
    from . import keywords as core
    from .output import TableStyle

    words = core.load_stopwords(stopwords)
    session = Session(**inputs, out=out)
    matcher = session.matcher(_load_dictionary(themes_file).themes)
    step = functools.partial(core.count_document, matcher=matcher, stopwords=words, pos=pos_tags)
    counts = core.merge(session.each(step, tags=pos_tags is not None, label="Counting words"))
    rows = core.keyword_rows(counts, method=method, top=top, min_count=min_count, negative=negative)  # type: ignore[arg-type]
    with session.writer() as w:
        if summary:
            w.rows(core.summary_rows(rows, counts.sources), ["source", "keywords"])
        else:
            w.rows(rows, core.columns(method), style=TableStyle(group_by="source", highlight=["keyword"]))  # type: ignore[arg-type]
    ctx.exit(session.reporter.exit_code)


@cli.command(context_settings=CONTEXT)
@click.argument("pattern", required=False)
@functools.partial(input_options, paths=False)
@click.argument("paths", nargs=-1, metavar="[PATHS]...")
@click.option("--theme", metavar="NAME", help="Every term of this theme instead of a PATTERN.")
@dictionary_option
@match_option
@click.option("--window", default=8, show_default=True, type=click.IntRange(0), help="Words of context each side.")
@click.option("--sort", type=click.Choice(["source", "left", "right"]), default="source", show_default=True,
              help="left/right: by the context words nearest the match (AntConc's sort).")
@output_options()
@click.pass_context
@domain_errors()
def kwic(ctx: click.Context, pattern: str | None, inputs: dict[str, Any], theme: str | None, themes_file: str | None,
         mode: str, window: int, sort: str, **out: Any) -> None:
    """Every occurrence of PATTERN (a word or phrase) or of a --theme, in context."""
    from .kwic import COLUMNS, kwic_rows, sort_rows
    from .output import TableStyle

    if theme is not None:
        themes = _load_dictionary(themes_file).themes
        if theme not in themes:
            raise click.BadParameter(f"no theme {theme!r}; the themes are: {', '.join(themes)}", param_hint="--theme")
        inputs["paths"], terms = ((pattern,) if pattern else ()) + inputs["paths"], {theme: themes[theme]}
    elif pattern and pattern.strip():
        terms = {pattern: [pattern]}
    else:
        raise click.UsageError("give a PATTERN to search for, or --theme NAME")
    session = Session(**inputs, out=out)
    matcher = session.matcher(terms, mode=mode)
    rows = sort_rows(session.rows(kwic_rows, matcher, label="Searching", window=window), sort)  # type: ignore[arg-type]
    with session.writer() as w:
        w.rows(rows, COLUMNS, style=TableStyle(right=["left"], highlight=["match"], hidden=["start", "end"],
                                                  clip={"left": "start", "right": "end"}))
    ctx.exit(session.reporter.exit_code)


@cli.group(context_settings=CONTEXT)
def cache() -> None:
    """The segmentation cache (in $DIALOGUE_CACHE_DIR or the user cache directory)."""


@cache.command("info", context_settings=CONTEXT)
@output_options()
def cache_info(**out: Any) -> None:
    """Where the cache is, how many segmentations it holds and its size."""
    from .cache import cache_dir, info
    from .output import open_writer

    row = info(cache_dir())
    with open_writer(fmt=out["fmt"], output=out["output"], header=not out["no_header"], bom=out["bom"]) as w:
        w.rows([row], list(row))


@cache.command("clear", context_settings=CONTEXT)
def cache_clear() -> None:
    """Delete the cache."""
    from .cache import cache_dir, clear

    freed = clear(cache_dir())
    click.echo(f"removed {cache_dir()} cache files ({freed:,} bytes)", err=True)
