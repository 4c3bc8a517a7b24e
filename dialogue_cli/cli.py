"""The `dialogue` command line: the root group and its commands.

Each command lives in a module of :mod:`dialogue_cli.commands` (csvkit's
layout); options and :class:`~dialogue_cli.commands.common.Session` are
shared from :mod:`dialogue_cli.commands.common`. Heavy modules (underthesea,
pandas, rich) are imported inside the commands, so that ``dialogue --help``
starts about as fast as click itself.
"""

from __future__ import annotations

import click

from dialogue_cli import __version__
from dialogue_cli.commands import (cache, collocations, duplicates, entities, keywords, kwic, ngrams, report, sources,
                                   themes, tokenize)
from dialogue_cli.commands.common import CONTEXT


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="dialogue")
def cli() -> None:
    """Analyse Vietnamese news articles: tokens, theme counts and evidence.

    PATHS are files, directories (searched for *.txt), tables of documents
    (.csv .tsv .jsonl .json .parquet: one article per row) or - for stdin.
    With no PATHS, the five bundled seed articles are analysed.
    """


for module in (tokenize, themes, sources, keywords, ngrams, collocations, entities, kwic, duplicates, report, cache):
    cli.add_command(module.command)
