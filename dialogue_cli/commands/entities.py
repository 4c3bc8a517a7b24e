"""`dialogue entities`."""

from __future__ import annotations

import functools
from typing import Any

import click

from dialogue_cli.commands.common import CONTEXT, Session, by_option, domain_errors, input_options, output_options


@click.command("entities", context_settings=CONTEXT)
@input_options
@by_option
@click.option("--kind", "kinds", multiple=True, type=click.Choice(["place", "person", "organisation", "other"]),
              help="Only these kinds (repeat the option for several). Default: all.")
@click.option("--top", default=10, show_default=True, type=click.IntRange(1), help="Entities per source or group.")
@click.option("--min-count", default=1, show_default=True, type=click.IntRange(1), help="Ignore rarer entities.")
@click.option("--empty", is_flag=True, help="List a source or group with no entity too, as one row with count 0.")
@click.option("--evidence", is_flag=True, help="One row per mention, with offsets into the original file.")
@output_options()
@click.pass_context
@domain_errors()
def command(ctx: click.Context, inputs: dict[str, Any], by: Any, kinds: tuple[str, ...], top: int, min_count: int,
            empty: bool, evidence: bool, **out: Any) -> None:
    """Places (provinces old and new, with their 2025 province), people and
    organisations of each source or --by group, with the spellings met."""
    from dialogue_cli.analysis import entities as core
    from dialogue_cli.analysis.groups import Labels

    labels, session = Labels(by), Session(**inputs, out=out)
    step = functools.partial(core.mentions, gazetteer=core.Gazetteer.load(), text=evidence)
    parts = ((labels(key), part) for key, part in session.each(step, tags=True, label="Finding entities", by=by))
    rows, columns, style = _shape(parts, labels, kinds=kinds or core.KINDS, top=top, min_count=min_count,
                                  empty=empty, evidence=evidence)
    with session.writer() as w:
        w.rows(rows, columns, style=style)
    ctx.exit(session.reporter.exit_code)


def _shape(parts: Any, labels: Any, *, kinds: tuple[str, ...], top: int, min_count: int, empty: bool,
           evidence: bool) -> tuple[Any, list[str], Any]:
    """The rows, columns and table style: one row per mention, or per entity."""
    from dialogue_cli.analysis import entities as core
    from dialogue_cli.output.writer import TableStyle

    if evidence:  # each mention keeps its source and gains its group's fields
        return (core.evidence_rows(parts, fields=labels.fields, kinds=kinds),
                list(dict.fromkeys(["source", *labels.columns, *core.EVIDENCE_COLUMNS])), TableStyle(highlight=["form"]))
    rows = core.entity_rows(parts, groups=labels.output, kinds=kinds, top=top, min_count=min_count, empty=empty)
    return (labels.relabel(rows), [*labels.columns, *core.COLUMNS[1:]],
            TableStyle(group_by="group", hidden=labels.columns, right=["count"]))
