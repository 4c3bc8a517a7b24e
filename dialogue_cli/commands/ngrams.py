"""`dialogue ngrams`."""

from __future__ import annotations

import functools
from typing import Any

import click

from dialogue_cli.commands.common import (CONTEXT, Session, by_option, dictionary_option, domain_errors, input_options,
                                          load_dictionary, output_options)


@click.command("ngrams", context_settings=CONTEXT)
@input_options
@by_option
@click.option("-n", "--size", default=2, show_default=True, type=click.IntRange(2, 5), help="Words per n-gram (2 to 5).")
@click.option("--top", default=10, show_default=True, type=click.IntRange(1), help="N-grams per source or group.")
@click.option("--min-count", default=2, show_default=True, type=click.IntRange(1), help="Ignore rarer n-grams.")
@click.option("--stopwords", metavar="FILE", help="More stop words, one per line, added to the Vietnamese list.")
@dictionary_option
@output_options()
@click.pass_context
@domain_errors()
def command(ctx: click.Context, inputs: dict[str, Any], by: Any, size: int, top: int, min_count: int,
            stopwords: str | None, themes_file: str | None, **out: Any) -> None:
    """The most frequent word n-grams of each source or --by group: never across
    sentences or punctuation, no stop word at either end, theme terms whole."""
    from dialogue_cli.analysis import ngrams as core
    from dialogue_cli.analysis.groups import Labels
    from dialogue_cli.analysis.keywords import load_stopwords
    from dialogue_cli.output.writer import TableStyle

    labels, words = Labels(by), load_stopwords(stopwords)
    session = Session(**inputs, out=out)
    step = functools.partial(core.count_ngrams, matcher=session.matcher(load_dictionary(themes_file)),
                             stopwords=words, size=size)
    parts = ((labels(key), part) for key, part in session.each(step, label="Counting n-grams", by=by))
    rows = core.ngram_rows(parts, groups=labels.output, top=top, min_count=min_count, unique=by.is_source)
    with session.writer() as w:
        w.rows(labels.relabel(rows), [*labels.columns, *core.COLUMNS[1:], *([] if by.is_source else ["docs"])],
               style=TableStyle(group_by="group", hidden=labels.columns, highlight=["ngram"]))
    ctx.exit(session.reporter.exit_code)
