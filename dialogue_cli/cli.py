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


def input_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """PATHS, --glob, --encoding and --raw, shared by every analysing command."""
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
    f = click.argument("paths", nargs=-1, metavar="[PATHS]...")(f)
    return f


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

    def __init__(
        self, *, paths: Sequence[str], glob: str, encoding: str | None, raw: bool, out: dict[str, Any]
    ) -> None:
        from .corpus import default_corpus, expand
        from .ui import Reporter

        if out.get("bom") and out["fmt"] not in ("csv", "tsv", "auto"):
            raise click.UsageError("--bom goes with csv or tsv output")
        self.reporter = Reporter()
        self.encoding = encoding
        self.raw = raw
        self.out = out
        self.refs = expand(list(paths) or [str(default_corpus())], glob=glob, on_problem=self.reporter.problem)

    def documents(self, *, pos: bool = False, label: str = "Analysing") -> Any:
        from .pipeline import analyse_corpus

        refs = self.reporter.track(self.refs, total=len(self.refs), label=label)
        return analyse_corpus(refs, encoding=self.encoding, pos=pos, raw=self.raw, on_problem=self.reporter.problem)

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
def tokenize(
    ctx: click.Context, paths: tuple[str, ...], glob: str, encoding: str | None, raw: bool, pos: bool, **out: Any
) -> None:
    """Segment text into sentences and words.

    The text format prints one sentence per line with a word's syllables
    joined by "_" (Chuyển_đổi số là xu_hướng .); csv, tsv, json and jsonl
    give one row per token: source, sentence, position, token (+ pos).
    """
    from .tokens import COLUMNS, token_lines, token_rows

    session = Session(paths=paths, glob=glob, encoding=encoding, raw=raw, out=out)
    docs = session.documents(pos=pos, label="Tokenizing")
    with session.writer() as w:
        if w.fmt == "text":
            w.lines(token_lines(docs, headers=len(session.refs) > 1))
        else:
            w.rows(token_rows(docs, pos=pos), COLUMNS + (["pos"] if pos else []))
    ctx.exit(session.reporter.exit_code)


@cli.command(context_settings=CONTEXT)
@input_options
@click.option("--themes", "themes_file", metavar="FILE", help="Theme dictionary (YAML or JSON) instead of the built-in one.")
@click.option(
    "--match",
    "mode",
    type=click.Choice(["words", "syllables"]),
    default="words",
    show_default=True,
    help="words: terms must start and end on word boundaries; syllables: any syllable run.",
)
@click.option("--by-term", "shape", flag_value="terms", help="One row per source × theme × term, with rejected places.")
@click.option("--evidence", "shape", flag_value="evidence", help="One row per mention, with offsets into the original file.")
@click.option("--show-rejected", "shape", flag_value="rejected", help="List the places the word-boundary rule rejected.")
@output_options()
@click.pass_context
@domain_errors()
def themes(ctx: click.Context, paths: tuple[str, ...], glob: str, encoding: str | None, raw: bool,
           themes_file: str | None, mode: str, shape: str | None, **out: Any) -> None:
    """Count theme mentions per source (built-in: chuyển đổi số, tăng
    trưởng xanh, quản trị thực thi), with rates per 1,000 words."""
    from . import themes as core
    from .dictionary import default_dictionary, load_dictionary
    from .matching import Matcher
    from .output import TableStyle

    dictionary = load_dictionary(themes_file) if themes_file else default_dictionary()
    matcher = Matcher(dictionary.themes, mode=mode, name=dictionary.name)  # type: ignore[arg-type]
    session = Session(paths=paths, glob=glob, encoding=encoding, raw=raw, out=out)
    docs = session.documents(label="Counting themes")
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
        w.rows(rows(docs, matcher), columns, style=style)
    ctx.exit(session.reporter.exit_code)


@cli.command(context_settings=CONTEXT)
@input_options
@click.option("--show-removed", is_flag=True, help="Audit the cleaning: every line, kept or removed by which rule.")
@output_options()
@click.pass_context
@domain_errors()
def sources(ctx: click.Context, paths: tuple[str, ...], glob: str, encoding: str | None, raw: bool,
            show_removed: bool, **out: Any) -> None:
    """One row per document: title, date, outlet, byline read from the page,
    and its size once bylines, teasers and other boilerplate are removed."""
    from .output import TableStyle
    from .sources import AUDIT_COLUMNS, COLUMNS, audit_rows, source_rows

    session = Session(paths=paths, glob=glob, encoding=encoding, raw=raw, out=out)
    docs = session.documents(label="Reading sources")
    with session.writer() as w:
        if show_removed:
            w.rows(audit_rows(docs), AUDIT_COLUMNS, style=TableStyle(group_by="source", dim_unless=("status", "kept")))
        else:
            w.rows(source_rows(docs), COLUMNS, style=TableStyle(right=["sentences", "words", "removed_lines"]))
    ctx.exit(session.reporter.exit_code)
