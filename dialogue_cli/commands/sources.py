"""`dialogue sources`."""

from __future__ import annotations

from typing import Any

import click

from dialogue_cli.commands.common import CONTEXT, Session, by_option, domain_errors, input_options, output_options


@click.command("sources", context_settings=CONTEXT)
@input_options
@by_option
@click.option("--show-removed", is_flag=True, help="Audit the cleaning: every line, kept or removed by which rule.")
@output_options()
@click.pass_context
@domain_errors()
def command(ctx: click.Context, inputs: dict[str, Any], by: Any, show_removed: bool, **out: Any) -> None:
    """One row per document: every metadata field (built-in, read from the
    page, from --path-pattern, table columns, --meta) and its size once
    bylines, teasers and other boilerplate are removed. With --by, one row
    per group: documents, sizes and date range."""
    from dialogue_cli.analysis import sources as core
    from dialogue_cli.output.writer import TableStyle

    if show_removed and not by.is_source:
        raise click.UsageError("--show-removed lists each document's lines; it does not go with --by")
    session = Session(**inputs, out=out)
    label = "Reading sources"
    with session.writer() as w:
        if show_removed:
            w.rows(session.rows(core.audit_rows, label=label), core.AUDIT_COLUMNS,
                   style=TableStyle(group_by="source", dim_unless=("status", "kept")))
        elif by.is_source:
            fields = session.fields()
            w.rows(session.rows(core.source_rows, label=label, fields=fields), core.columns(fields),
                   style=TableStyle(right=core.SIZES))
        else:
            rows = core.group_source_rows(session.rows(core.source_rows, label=label, by=by), by=by)
            w.rows(rows, core.group_columns(by), style=TableStyle(right=["documents", *core.SIZES]))
    ctx.exit(session.reporter.exit_code)
