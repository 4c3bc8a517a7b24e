"""`dialogue duplicates`."""

from __future__ import annotations

import functools
from typing import Any

import click

from dialogue_cli.commands.common import CONTEXT, Session, domain_errors, input_options, output_options

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
@output_options()
@click.pass_context
@domain_errors()
def command(ctx: click.Context, inputs: dict[str, Any], passages: bool, clusters: bool, k: int, threshold: float,
            containment: float, floor: float, min_passage: int, across: str | None, max_df: int, **out: Any) -> None:
    """Syndicated and reused text: pairs of documents with their Jaccard and
    containment (the share of the smaller one they share), the shared
    passages (--passages), or clusters of near-complete copies (--clusters).
    Shingles of K syllables of each cleaned body; no segmentation."""
    from dialogue_cli.analysis import duplicates as core
    from dialogue_cli.output.writer import TableStyle

    if passages and clusters:
        raise click.UsageError("--passages and --clusters do not go together: choose one")
    session = Session(**inputs, out=out)
    if across is not None and across not in (fields := session.fields()):
        raise click.BadParameter(f"no field {across!r}; the documents have {', '.join(fields)}", param_hint="--across")
    step = functools.partial(core.shingle, k=k, passages=passages, across=across)
    docs = list(session.prepared(step, label="Shingling"))
    opts = dict(threshold=threshold, max_df=max_df)
    with session.writer() as w:
        if clusters:
            w.rows(core.cluster_rows(docs, threshold=threshold), core.CLUSTER_COLUMNS, style=TableStyle(right=["jaccard"]))
        elif passages:
            w.rows(core.passage_rows(docs, k=k, min_syllables=min_passage, **opts),
                   core.PASSAGE_COLUMNS, style=TableStyle(right=["start", "end", "other_start", "other_end", "syllables"]))
        else:
            w.rows(core.pair_rows(docs, contained=containment, floor=floor, **opts), core.PAIR_COLUMNS,
                   style=TableStyle(right=["jaccard", "containment", "shared"]))
    ctx.exit(session.reporter.exit_code)
