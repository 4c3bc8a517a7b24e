"""`dialogue report`."""

from __future__ import annotations

import functools
import sys
from typing import Any

import click

from dialogue_cli.commands.common import (CONTEXT, Session, by_option, dictionary_option, domain_errors, input_options,
                                          load_dictionary)


@click.command("report", context_settings=CONTEXT)
@input_options
@dictionary_option
@by_option
@click.option("--top", default=10, show_default=True, type=click.IntRange(1), help="Distinctive words per group.")
@click.option("-f", "--format", "view", type=click.Choice(["auto", "html", "terminal"]), default="auto",
              show_default=True, help="auto: a dashboard on a terminal, HTML when piped or written with -o.")
@click.option("-o", "--output", metavar="FILE", help="Write the report to FILE (atomically) instead of stdout.")
@click.pass_context
@domain_errors()
def command(ctx: click.Context, inputs: dict[str, Any], themes_file: str | None, by: Any, top: int, view: str,
            output: str | None) -> None:
    """One self-contained HTML report (offline, charts as SVG): the corpus,
    theme rates per source or --by group, trends by month, distinctive
    words, evidence, the segmentation audit and the methods. On a terminal
    without -o, the same sections as a dashboard."""
    dictionary = load_dictionary(themes_file)
    session = Session(**inputs, out={"fmt": "text", "output": output, "no_header": False, "bom": False})
    matcher = session.matcher(dictionary)
    dashboard = view == "terminal" or (view == "auto" and output is None and sys.stdout.isatty())
    with session.writer() as w:  # opened first: an -o that cannot be written fails before the analysis
        report = _build(session, matcher, dictionary, by=by, top=top,
                        options=_options(inputs, by, dictionary.name, top, themes_file, output))
        _write(report, w, dashboard=dashboard)
    ctx.exit(session.reporter.exit_code)


def _build(session: Session, matcher: Any, dictionary: Any, *, by: Any, top: int, options: dict[str, str]) -> Any:
    """The report's data: one pass over the corpus, every section's rows."""
    from dialogue_cli.analysis import report as core
    from dialogue_cli.analysis.keywords import load_stopwords

    step = functools.partial(core.report_document, matcher=matcher, stopwords=load_stopwords())
    return core.build_report(session.each(step, label="Building the report", by=by), matcher=matcher,
                             themes=list(dictionary.themes), by=by, top=top, terms=dictionary.themes, options=options,
                             problems=session.reporter.problems)


def _write(report: Any, w: Any, *, dashboard: bool) -> None:
    """The report as a terminal dashboard or as the HTML page."""
    if dashboard:
        from dialogue_cli.output.dashboard import print_dashboard

        print_dashboard(report, w.stream, terminal=w.terminal)
    else:
        from dialogue_cli.output.html_report import render_html

        w.stream.write(render_html(report))


def _options(inputs: dict[str, Any], by: Any, dictionary: str, top: int, themes_file: str | None,
             output: str | None) -> dict[str, str]:
    """The options of this run, and the command that makes the report again, for the methods section."""
    import os
    import shlex

    paths = list(inputs.get("paths") or ())
    shown = {"inputs": " ".join(paths) or "the bundled seeds", "--by": ",".join(by.columns),
             "--themes": dictionary, "--top": str(top), "cleaning": "off (--raw)" if inputs.get("raw") else "on"}
    argv = ["dialogue", "report", *paths] + (["--by", shown["--by"]] if not by.is_source else [])
    argv += (["--themes", themes_file] if themes_file else []) + (["--top", str(top)] if top != 10 else [])
    argv += ["--raw"] if inputs.get("raw") else []
    if inputs.get("dedupe"):
        shown["--dedupe"] = "on: one document per cluster of near-duplicates"
        argv += ["--dedupe"]
    for key in ("glob", "encoding", "path_pattern", "meta", "text_column", "id_column"):
        value = inputs.get(key)
        if value and not (key == "glob" and value == "*.txt"):
            option = "--" + key.replace("_", "-")
            shown[option] = getattr(value, "pattern", value)
            argv += [option, shown[option]]
    shown["command"] = shlex.join(argv + (["-o", os.path.basename(output)] if output else []))  # the file's own name
    return shown
