"""`dialogue kwic`."""

from __future__ import annotations

import functools
from typing import Any

import click

from dialogue_cli.commands.common import (CONTEXT, Session, by_option, dictionary_option, domain_errors, input_options,
                                          load_dictionary, match_option, output_options)


@click.command("kwic", context_settings=CONTEXT)
@click.argument("pattern", required=False)
@functools.partial(input_options, paths=False)
@click.argument("paths", nargs=-1, metavar="[PATHS]...")
@click.option("--theme", metavar="NAME", help="Every term of this theme instead of a PATTERN.")
@dictionary_option
@match_option
@by_option(help="Add these fields of each line's document as columns (outlet, folder, your own…; a date by "
                "date:year, date:month, date:week (ISO) or date:day).")
@click.option("--window", default=8, show_default=True, type=click.IntRange(0), help="Words of context each side.")
@click.option("--sort", type=click.Choice(["source", "left", "right"]), default="source", show_default=True,
              help="left/right: by the context words nearest the match (AntConc's sort).")
@output_options()
@click.pass_context
@domain_errors()
def command(ctx: click.Context, pattern: str | None, inputs: dict[str, Any], theme: str | None,
            themes_file: str | None, mode: str, by: Any, window: int, sort: str, **out: Any) -> None:
    """Every occurrence of PATTERN (a word or phrase) or of a --theme, in context;
    with --theme, the term that matched; with --by, each line's group fields."""
    from dialogue_cli.analysis.kwic import COLUMNS, kwic_rows, sort_rows
    from dialogue_cli.output.writer import TableStyle

    terms = _terms(pattern, theme, themes_file, inputs)
    session = Session(**inputs, out=out)
    matcher = session.matcher(terms, mode=mode)
    rows, columns = session.labelled_rows(kwic_rows, matcher, columns=[*COLUMNS, *(["term"] if theme is not None else [])],
                                          label="Searching", window=window, by=by)
    with session.writer() as w:
        w.rows(sort_rows(rows, sort), columns,  # type: ignore[arg-type]
               style=TableStyle(right=["left"], highlight=["match"], hidden=["start", "end"],
                                clip={"left": "start", "right": "end"}))
    ctx.exit(session.reporter.exit_code)


def _terms(pattern: str | None, theme: str | None, themes_file: str | None, inputs: dict[str, Any]) -> Any:
    """What to search for: --theme's terms (PATTERN is then a path: it joins ``inputs``), or PATTERN itself."""
    if themes_file and theme is None:
        raise click.UsageError("--themes goes with --theme NAME (a PATTERN is searched as it is)")
    if theme is not None:
        from dataclasses import replace

        dictionary = load_dictionary(themes_file)
        themes = dictionary.themes
        if theme not in themes:
            raise click.BadParameter(f"no theme {theme!r}; the themes are: {', '.join(themes)}", param_hint="--theme")
        inputs["paths"] = ((pattern,) if pattern else ()) + inputs["paths"]
        return replace(dictionary, themes={theme: themes[theme]})  # its import warnings are still shown
    if pattern and pattern.strip():
        from dialogue_cli.text.normalize import normalize_term, visible

        if not visible(normalize_term(pattern)):
            raise click.BadParameter(f"{pattern!r} has only invisible characters: it would match nothing",
                                     param_hint="PATTERN")
        return {pattern: [pattern]}
    raise click.UsageError("give a PATTERN to search for, or --theme NAME")
