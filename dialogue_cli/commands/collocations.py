"""`dialogue collocations`."""

from __future__ import annotations

import functools
from typing import Any

import click

from dialogue_cli.commands.common import (CONTEXT, Session, by_option, dictionary_option, domain_errors, input_options,
                                          load_dictionary, output_options)

SEQUENCE_SORTS, NODE_SORTS = ("z", "lambda", "count"), ("logdice", "mi", "g2", "t", "count")


def _window(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    parts = value.split(",")
    if len(parts) > 2 or not all(p.strip().isdigit() for p in parts):
        raise click.BadParameter(f"{value!r} is not L,R (words left and right, e.g. 5,5) or N (both sides)")
    left, right = int(parts[0]), int(parts[-1])
    if left + right == 0:
        raise click.BadParameter("the window is empty: give at least one word on one side")
    return left, right


@click.command("collocations", context_settings=CONTEXT)
@input_options
@by_option
@click.option("--node", metavar="WORD", help="Collocates of this word or phrase (matched as kwic does).")
@click.option("--theme", metavar="NAME", help="Collocates of every term of this theme.")
@click.option("--window", metavar="L,R", callback=_window, help="--node/--theme: words left and right. [default: 5,5]")
@click.option("--size", type=click.IntRange(2, 4), help="Sequences: words per sequence (2 to 4). [default: 2]")
@click.option("--min-count", type=click.IntRange(1),
              help="Ignore rarer sequences or collocates (co-occurrences). [default: 2; --node/--theme: 5]")
@click.option("--sort", type=click.Choice([*SEQUENCE_SORTS, *NODE_SORTS[:-1]]),
              help="Sequences: z, lambda, count [default: z]; --node/--theme: logdice, mi, g2, t, count "
                   "[default: logdice].")
@click.option("--top", default=10, show_default=True, type=click.IntRange(1), help="Rows per source or group.")
@click.option("--keep-stopwords", is_flag=True, help="Let stop words be collocates and start or end sequences.")
@click.option("--stopwords", metavar="FILE", help="More stop words, one per line, added to the Vietnamese list.")
@dictionary_option
@output_options()
@click.pass_context
@domain_errors()
def command(ctx: click.Context, inputs: dict[str, Any], by: Any, node: str | None, theme: str | None,
            window: tuple[int, int] | None, size: int | None, min_count: int | None, sort: str | None, top: int,
            keep_stopwords: bool, stopwords: str | None, themes_file: str | None, **out: Any) -> None:
    """Multi-word expressions scored by λ and z (quanteda's textstat_collocations), or
    the collocates of a --node word or a --theme within a --window (AntConc's Collocates)."""
    from dialogue_cli.analysis import collocations as core
    from dialogue_cli.analysis.groups import Labels
    from dialogue_cli.output.writer import TableStyle

    dictionary = load_dictionary(themes_file)
    name, terms, sort, min_count = _mode(node, theme, dictionary.themes, window, size, sort, min_count)
    labels, session = Labels(by), Session(**inputs, out=out)
    step = _step(session, dictionary, terms, size=size or 2, window=window or (5, 5), stopwords=stopwords,
                 keep_stopwords=keep_stopwords)
    parts = ((labels(key), part) for key, part in session.each(step, label="Counting", by=by))
    rows = core.collocation_rows(parts, groups=labels.output, node=name, size=size or 2, top=top, min_count=min_count,
                                 sort=sort, unique=by.is_source)  # type: ignore[arg-type]
    columns, shown = (core.SEQUENCE_COLUMNS, "collocation") if terms is None else (core.NODE_COLUMNS, "collocate")
    with session.writer() as w:
        w.rows(labels.relabel(rows), [*labels.columns, *columns[1:]],
               style=TableStyle(group_by="group", hidden=[*labels.columns, "node"], highlight=[shown]))
    ctx.exit(session.reporter.exit_code)


def _step(session: Session, dictionary: Any, terms: dict[str, list[str]] | None, *, size: int,
          window: tuple[int, int], stopwords: str | None, keep_stopwords: bool) -> Any:
    """The per-document count: sequences of ``size`` words, or the collocates of ``terms``' node."""
    from dialogue_cli.analysis import collocations as core
    from dialogue_cli.analysis.keywords import load_stopwords

    shared = {"matcher": session.matcher(dictionary), "stopwords": load_stopwords(stopwords), "keep_stopwords": keep_stopwords}
    if terms is None:
        return functools.partial(core.count_sequences, size=size, **shared)
    return functools.partial(core.count_collocates, node=session.matcher(terms), window=window, **shared)


def _mode(node: str | None, theme: str | None, themes: dict[str, list[str]], window: Any, size: int | None,
          sort: str | None, min_count: int | None) -> tuple[str | None, dict[str, list[str]] | None, str, int]:
    """The node's name and terms (None, None: sequences), the sort and the count floor; usage errors."""
    if node is not None and theme is not None:
        raise click.UsageError("--node and --theme do not go together: give one node")
    if node is None and theme is None:
        if window is not None:
            raise click.UsageError("--window goes with --node or --theme")
        if sort is not None and sort not in SEQUENCE_SORTS:
            raise click.UsageError(f"--sort {sort} goes with --node or --theme; sequences sort by z, lambda or count")
        return None, None, sort or "z", 2 if min_count is None else min_count
    if size is not None:
        raise click.UsageError("--size is for sequences; with --node or --theme, --window sets the span")
    if sort is not None and sort not in NODE_SORTS:
        raise click.UsageError(f"--sort {sort} is for sequences; collocates sort by logdice, mi, g2, t or count")
    if theme is not None:
        if theme not in themes:
            raise click.BadParameter(f"no theme {theme!r}; the themes are: {', '.join(themes)}", param_hint="--theme")
        return theme, {theme: themes[theme]}, sort or "logdice", 5 if min_count is None else min_count
    if not node.strip():  # type: ignore[union-attr]
        raise click.BadParameter("give a word or phrase", param_hint="--node")
    return node, {node: [node]}, sort or "logdice", 5 if min_count is None else min_count  # type: ignore[dict-item]
