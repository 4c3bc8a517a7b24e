"""`dialogue cache info|clear`."""

from __future__ import annotations

from typing import Any

import click

from dialogue_cli.commands.common import CONTEXT, domain_errors, output_options


@click.group("cache", context_settings=CONTEXT)
def command() -> None:
    """The segmentation cache (in $DIALOGUE_CACHE_DIR or the user cache directory)."""


@command.command("info", context_settings=CONTEXT)
@output_options()
@domain_errors()
def info(**out: Any) -> None:
    """Where the cache is, how many segmentations it holds and its size."""
    from dialogue_cli.corpus.cache import cache_dir, info
    from dialogue_cli.output.writer import open_writer

    row = info(cache_dir())
    with open_writer(fmt=out["fmt"], output=out["output"], header=not out["no_header"], bom=out["bom"]) as w:
        w.rows([row], list(row))


@command.command("clear", context_settings=CONTEXT)
def clear() -> None:
    """Delete the cache."""
    from dialogue_cli.corpus.cache import cache_dir, clear

    freed = clear(cache_dir())
    click.echo(f"removed {cache_dir()} cache files ({freed:,} bytes)", err=True)
