"""`dialogue tokenize`."""

from __future__ import annotations

from typing import Any

import click

from dialogue_cli.commands.common import CONTEXT, Session, domain_errors, input_options, output_options


@click.command("tokenize", context_settings=CONTEXT)
@input_options
@click.option("--pos", is_flag=True, help="Add underthesea POS tags (a pos column).")
@output_options(text=True)
@click.pass_context
@domain_errors()
def command(ctx: click.Context, inputs: dict[str, Any], pos: bool, **out: Any) -> None:
    """Segment text into sentences and words.

    The text format prints one sentence per line with a word's syllables
    joined by "_" (Chuyển_đổi số là xu_hướng .); csv, tsv, json and jsonl
    give one row per token: source, sentence, position, token (+ pos).
    """
    from dialogue_cli.analysis.tokens import COLUMNS, token_lines, token_rows

    session = Session(**inputs, out=out)
    with session.writer() as w:
        if w.fmt == "text":
            w.lines(session.rows(token_lines, tags=pos, label="Tokenizing", headers=len(session.refs) > 1))
        else:
            w.rows(session.rows(token_rows, tags=pos, label="Tokenizing", pos=pos), COLUMNS + (["pos"] if pos else []))
    ctx.exit(session.reporter.exit_code)
