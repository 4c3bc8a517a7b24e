"""What every command shares: options, the domain-error edge, and :class:`Session` (from :mod:`.session`)."""

from __future__ import annotations

import codecs
import functools
from typing import Any, Callable

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
              "id_column", "dedupe")


def _check_pattern(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    if value is None:
        return None
    from dialogue_cli.corpus.metadata import PatternError, compile_pattern

    try:
        return compile_pattern(value)
    except PatternError as exc:
        raise click.BadParameter(str(exc)) from None


def input_options(f: Callable[..., Any], *, paths: bool = True, dedupe: bool = True,
                  segments: bool = True) -> Callable[..., Any]:
    """PATHS and the options that choose and read them (--glob, --encoding,
    --raw, --jobs, --scheduler, --no-cache, --dedupe) and give them metadata (--path-pattern, --meta,
    --text-column, --id-column), shared by every analysing command and handed
    to it as one ``inputs`` dict (for :class:`Session`). ``segments=False``: a
    command that never segments (no --scheduler, --no-cache)."""
    command = f

    @functools.wraps(command)
    def collect(*args: Any, **kwargs: Any) -> Any:
        inputs = {key: kwargs.pop(key) for key in INPUT_KEYS if key in kwargs}
        if not segments:
            inputs.update(scheduler=None, no_cache=True)
        return command(*args, inputs=inputs, **kwargs)

    f = collect
    if dedupe:
        f = click.option("--dedupe", is_flag=True,
                         help="Analyse one document per cluster of near-complete duplicates (the first in input "
                              "order; see `dialogue duplicates --clusters`); stderr lists the others.")(f)
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
    if segments:
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
        "--themes", "themes_file", metavar="FILE", help="Theme dictionary instead of the built-in one: YAML (nested keys: parent/child), JSON, LIWC .dic or .dicx."
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


_BY_HELP = ("One row per group of documents sharing these fields (outlet, folder, your own…; a date by "
            "date:year, date:month, date:week (ISO) or date:day). Default: source.")


def by_option(f: Callable[..., Any] | None = None, *, help: str = _BY_HELP) -> Any:
    """``--by FIELD[,FIELD…]``, parsed into a GroupBy; ``by_option(help=…)`` for another wording."""
    option = click.option("--by", "by", metavar="FIELD[,FIELD…]", callback=_check_by, help=help)
    return option if f is None else option(f)


def _check_by(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    from dialogue_cli.analysis.groups import GroupError, parse_by

    try:
        return parse_by(value)
    except GroupError as exc:
        raise click.BadParameter(f"{exc}; {exc.hint}" if exc.hint else str(exc)) from None


from dialogue_cli.commands.session import Session  # noqa: E402  (every command takes it with the options)
