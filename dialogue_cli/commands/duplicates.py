"""`dialogue duplicates`."""

from __future__ import annotations

import functools
from typing import Any

import click

from dialogue_cli.commands.common import CONTEXT, Session, by_option, domain_errors, input_options, output_options

# The core's defaults (dialogue_cli.analysis.duplicates, which imports numpy: not at start-up); a test checks them.
K, THRESHOLD, CONTAINMENT, FLOOR, MIN_PASSAGE, MAX_DF = 5, 0.5, 0.8, 0.1, 25, 100

_SHARE = click.FloatRange(0, 1)


@click.command("duplicates", context_settings=CONTEXT)
@functools.partial(input_options, dedupe=False, segments=False)
@click.option("--passages", is_flag=True, help="The shared passages: offsets into both documents and the text.")
@click.option("--clusters", is_flag=True, help="Clusters of near-complete duplicates: the kept document and its copies.")
@click.option("--shingle", "k", type=click.IntRange(1), default=K, show_default=True, help="Syllables per shingle.")
@click.option("--threshold", type=_SHARE, default=THRESHOLD, show_default=True,
              help="Jaccard from which two documents are duplicates and cluster (--dedupe uses the default).")
@click.option("--containment", type=_SHARE, default=CONTAINMENT, show_default=True,
              help="Share of the smaller document's shingles from which it is contained in the other.")
@click.option("--min-containment", "floor", type=_SHARE, default=FLOOR, show_default=True,
              help="Pairs: list those sharing at least this share of the smaller document.")
@click.option("--min-passage", type=click.IntRange(1), default=MIN_PASSAGE, show_default=True,
              help="--passages: the shortest passage listed, in syllables (whatever share of the documents it is).")
@click.option("--across", metavar="FIELD",
              help="Pairs and passages: only between documents whose FIELD differs (e.g. outlet), as passim's series.")
@click.option("--max-df", type=click.IntRange(2), default=MAX_DF, show_default=True,
              help="Partial reuse: ignore shingles found in more documents than this (boilerplate).")
@by_option
@output_options()
@click.pass_context
@domain_errors()
def command(ctx: click.Context, inputs: dict[str, Any], passages: bool, clusters: bool, k: int, threshold: float,
            containment: float, floor: float, min_passage: int, across: str | None, max_df: int, by: Any,
            **out: Any) -> None:
    """Syndicated and reused text: pairs of documents with their Jaccard and
    containment (the share of the smaller one they share), the shared
    passages (--passages), or clusters of near-complete copies (--clusters);
    with --by, within each group only. Shingles of K syllables of each cleaned
    body; no segmentation."""
    from dialogue_cli.analysis import duplicates as core
    from dialogue_cli.corpus.pipeline import keyed

    if passages and clusters:
        raise click.UsageError("--passages and --clusters do not go together: choose one")
    session = Session(**inputs, out=out)
    if across is not None and across not in (fields := session.fields()):
        raise click.BadParameter(f"no field {across!r}; the documents have {', '.join(fields)}", param_hint="--across")
    session.check_fields(by)
    step = functools.partial(core.shingle, k=k, passages=passages, across=across)
    docs = list(session.prepared(step if by.is_source else keyed(by.key, step), label="Shingling", by=by))
    rows, columns, style = _shape(core, passages=passages, clusters=clusters, k=k, threshold=threshold,
                                  containment=containment, floor=floor, min_passage=min_passage, max_df=max_df)
    if not by.is_source:
        rows, columns = functools.partial(core.by_group, by=by, rows=rows), [*by.columns, *columns]
    with session.writer() as w:
        w.rows(rows(docs), columns, style=style)
    ctx.exit(session.reporter.exit_code)


def _shape(core: Any, *, passages: bool, clusters: bool, k: int, threshold: float, containment: float, floor: float,
           min_passage: int, max_df: int) -> tuple[Any, list[str], Any]:
    """The rows (a function of the documents), columns and table style of one output shape."""
    from dialogue_cli.output.writer import TableStyle

    opts = dict(threshold=threshold, max_df=max_df)
    if clusters:
        return (functools.partial(core.cluster_rows, threshold=threshold), core.CLUSTER_COLUMNS,
                TableStyle(right=["jaccard"]))
    if passages:
        return (functools.partial(core.passage_rows, k=k, min_syllables=min_passage, **opts), core.PASSAGE_COLUMNS,
                TableStyle(right=["start", "end", "other_start", "other_end", "syllables"]))
    return (functools.partial(core.pair_rows, contained=containment, floor=floor, **opts), core.PAIR_COLUMNS,
            TableStyle(right=["jaccard", "containment", "shared"]))
