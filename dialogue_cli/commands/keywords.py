"""`dialogue keywords`."""

from __future__ import annotations

import functools
from typing import Any

import click

from .common import (CONTEXT, Session, by_option, check_pos, dictionary_option, domain_errors, input_options,
                     load_dictionary, output_options)


@click.command("keywords", context_settings=CONTEXT)
@input_options
@by_option
@click.option("--top", default=10, show_default=True, type=click.IntRange(1), help="Keywords per source or group.")
@click.option("--method", type=click.Choice(["freq", "tfidf", "keyness"]), default="freq", show_default=True,
              help="freq: rate per 1,000 words; tfidf: across the sources or groups; keyness: G² against the rest.")
@click.option("--min-count", default=1, show_default=True, type=click.IntRange(1), help="Ignore rarer keywords.")
@click.option("--negative", is_flag=True, help="keyness: also list words under-represented in the source.")
@click.option("--pos", "pos_tags", metavar="TAGS", callback=check_pos,
              help="Only these underthesea POS tags, e.g. N,Np,V,A (theme terms always count).")
@click.option("--stopwords", metavar="FILE", help="More stop words, one per line, added to the Vietnamese list.")
@dictionary_option
@click.option("--summary", is_flag=True, help="One row per source with its keywords joined by '; '.")
@output_options()
@click.pass_context
@domain_errors()
def command(ctx: click.Context, inputs: dict[str, Any], by: Any, top: int, method: str, min_count: int,
            negative: bool, pos_tags: frozenset[str] | None, stopwords: str | None, themes_file: str | None,
            summary: bool, **out: Any) -> None:
    """The words that characterise each source or --by group: stop words
    out, theme terms whole."""
    from .. import keywords as core
    from ..output import TableStyle

    words = core.load_stopwords(stopwords)
    session = Session(**inputs, out=out)
    matcher = session.matcher(load_dictionary(themes_file).themes)
    step = functools.partial(core.count_document, matcher=matcher, stopwords=words, pos=pos_tags)
    counts = core.merge(session.each(step, tags=pos_tags is not None, label="Counting words"))
    rows = core.keyword_rows(counts, method=method, top=top, min_count=min_count, negative=negative)  # type: ignore[arg-type]
    with session.writer() as w:
        if summary:
            w.rows(core.summary_rows(rows, counts.sources), ["source", "keywords"])
        else:
            w.rows(rows, core.columns(method), style=TableStyle(group_by="source", highlight=["keyword"]))  # type: ignore[arg-type]
    ctx.exit(session.reporter.exit_code)
