"""`dialogue keywords`."""

from __future__ import annotations

import contextlib
import functools
from typing import Any, Iterator

import click

from dialogue_cli.commands.common import (CONTEXT, Session, by_option, check_pos, dictionary_option, domain_errors, input_options,
                     load_dictionary, output_options)


@click.command("keywords", context_settings=CONTEXT)
@input_options
@by_option
@click.option("--target", metavar="FIELD=VALUE[,…]",
              help="keyness: these documents (e.g. outlet=VNE) against --reference, by default all the others.")
@click.option("--reference", metavar="FIELD=VALUE[,…]", help="keyness: the reference documents for --target.")
@click.option("--top", default=10, show_default=True, type=click.IntRange(1), help="Keywords per source or group.")
@click.option("--method", type=click.Choice(["freq", "tfidf", "keyness"]), default="freq", show_default=True,
              help="freq: rate per 1,000 words; tfidf: across the sources or groups; keyness: G² against the rest.")
@click.option("--min-count", default=1, show_default=True, type=click.IntRange(1), help="Ignore rarer keywords.")
@click.option("--negative", is_flag=True, help="keyness: also list words under-represented in the source.")
@click.option("--pos", "pos_tags", metavar="TAGS", callback=check_pos,
              help="Only these underthesea POS tags, e.g. N,Np,V,A (theme terms always count).")
@click.option("--stopwords", metavar="FILE", help="More stop words, one per line, added to the Vietnamese list.")
@dictionary_option
@click.option("--summary", is_flag=True, help="One row per source or group with its keywords joined by '; '.")
@output_options()
@click.pass_context
@domain_errors()
def command(ctx: click.Context, inputs: dict[str, Any], by: Any, target: str | None, reference: str | None,
            top: int, method: str, min_count: int, negative: bool, pos_tags: frozenset[str] | None,
            stopwords: str | None, themes_file: str | None, summary: bool, **out: Any) -> None:
    """The words that characterise each source or --by group, or a --target
    against a --reference: stop words out, theme terms whole."""
    from dialogue_cli.analysis import keyword_stats as stats_core
    from dialogue_cli.analysis import keywords as core
    from dialogue_cli.analysis.groups import Labels

    labels = Labels(_grouping(by, target, reference, method))
    words = core.load_stopwords(stopwords)
    session = Session(**inputs, out=out)
    step = functools.partial(core.count_document, matcher=session.matcher(load_dictionary(themes_file)),
                             stopwords=words, pos=pos_tags)
    with _counted(session, step, labels, tags=pos_tags is not None) as stats:
        rows = stats_core.keyword_rows(stats, method=method, top=top, min_count=min_count, negative=negative,  # type: ignore[arg-type]
                                       groups=labels.output(), unit="source" if by.is_source else "group")
        with session.writer() as w:
            _write(w, labels, rows, method, summary)
    ctx.exit(session.reporter.exit_code)


@contextlib.contextmanager
def _counted(session: Session, step: Any, labels: Any, *, tags: bool) -> Iterator[Any]:
    """Every document's keyword counts added to its group as they stream by (then
    a --target or --reference that matched nothing is an error)."""
    from dialogue_cli.analysis.keyword_stats import KeywordStats

    with KeywordStats(unique=getattr(labels.grouping, "is_source", False)) as stats:
        for key, part in session.each(step, tags=tags, label="Counting words", by=labels.grouping):
            if (label := labels(key)) is not None:
                stats.add(label, part)
        labels.check()
        yield stats


def _write(w: Any, labels: Any, rows: Any, method: str, summary: bool) -> None:
    """Long rows (one table per source or group), or one row each with --summary."""
    from dialogue_cli.analysis import keyword_stats as stats_core
    from dialogue_cli.output.writer import TableStyle

    if summary:
        w.rows(labels.relabel(stats_core.summary_rows(rows, labels.output())), [*labels.columns, "keywords"])
    else:
        w.rows(labels.relabel(rows), [*labels.columns, *stats_core.columns(method)[1:]],  # type: ignore[arg-type]
               style=TableStyle(group_by="group", hidden=labels.columns, highlight=["keyword"]))


def _grouping(by: Any, target: str | None, reference: str | None, method: str) -> Any:
    """--by groups, or a --target/--reference comparison (keyness only)."""
    from dialogue_cli.analysis.groups import Comparison, GroupError, parse_selector

    if target is None:
        if reference is not None:
            raise click.UsageError("--reference goes with --target")
        return by
    if method != "keyness":
        raise click.UsageError("--target goes with --method keyness")
    if not by.is_source:
        raise click.UsageError("--target compares two sets of documents; --by makes groups: use one or the other")
    try:
        return Comparison(parse_selector(target), parse_selector(reference, option="--reference") if reference else None)
    except GroupError as exc:
        raise click.BadParameter(f"{exc}; {exc.hint}" if exc.hint else str(exc)) from None
