"""`dialogue themes`."""

from __future__ import annotations

from typing import Any

import click

from dialogue_cli.commands.common import (CONTEXT, Session, by_option, dictionary_option, domain_errors, input_options, load_dictionary,
                     match_option, output_options)


@click.command("themes", context_settings=CONTEXT)
@input_options
@dictionary_option
@match_option
@by_option
@click.option("--by-term", "shape", flag_value="terms", help="One row per source (or group) × theme × term, with rejected places.")
@click.option("--evidence", "shape", flag_value="evidence", help="One row per mention, with offsets into the original file.")
@click.option("--show-rejected", "shape", flag_value="rejected", help="List the places the word-boundary rule rejected.")
@output_options()
@click.pass_context
@domain_errors()
def command(ctx: click.Context, inputs: dict[str, Any], themes_file: str | None, mode: str, by: Any,
            shape: str | None, **out: Any) -> None:
    """Count theme mentions per source or --by group (built-in: chuyển đổi
    số, tăng trưởng xanh, quản trị thực thi), with rates per 1,000 words."""
    dictionary = load_dictionary(themes_file)
    session = Session(**inputs, out=out)
    matcher = session.matcher(dictionary, mode=mode)
    rows, columns, style = _shape(session, matcher, list(dictionary.themes), shape, by)
    with session.writer() as w:
        w.rows(rows, columns, style=style)
    ctx.exit(session.reporter.exit_code)


def _shape(session: Session, matcher: Any, names: list[str], shape: str | None, by: Any) -> tuple[Any, list[str], Any]:
    """The rows, columns and table style of one output shape."""
    from dialogue_cli.analysis import themes as core
    from dialogue_cli.output.writer import TableStyle

    label = "Counting themes"
    grouped = not by.is_source
    if shape == "terms":
        rows = session.rows(core.term_rows, matcher, label=label, by=by)
        columns = core.term_columns(matcher)
        if grouped:
            rows, columns = core.group_term_rows(rows, by=by, matcher=matcher), [*by.columns, *columns[1:]]
        return rows, columns, TableStyle(right=["count", "rejected"])
    if shape in ("evidence", "rejected"):
        fn, columns = (core.evidence_rows, core.EVIDENCE_COLUMNS) if shape == "evidence" else (
            core.rejected_rows, core.REJECTED_COLUMNS)
        rows, columns = session.labelled_rows(fn, matcher, columns=columns, label=label, by=by)  # + group fields
        return rows, columns, TableStyle(highlight=["term" if shape == "evidence" else "words"])
    rows = session.rows(core.count_rows, matcher, label=label, by=by)
    if grouped:
        rows = core.group_count_rows(rows, by=by, themes=names)
    return rows, core.count_columns(names, by), count_style(names, by)


def count_style(names: list[str], by: Any) -> Any:
    """The counts table: a TOTAL row, bars on the rates; in a narrow terminal, one
    table per theme (mentions, docs, per 1k words) with the source or group columns."""
    from dialogue_cli.analysis import themes as core
    from dialogue_cli.output.writer import TableStyle

    first = by.columns[0]
    return TableStyle(
        footer=lambda rows: core.total_row(rows, names, first=first), bars=[core.rate_column(t) for t in names],
        headers={**{core.rate_column(t): f"{t}\nper 1k words" for t in names},
                 **{core.docs_column(t): f"{t}\ndocs" for t in names}},
        panels=[(t, {t: "mentions", core.docs_column(t): "docs", core.rate_column(t): "per 1k words"}) for t in names])
