"""The report on a terminal: the HTML report's sections as rich panels, with
block bars, at most 80 columns wide."""

from __future__ import annotations

from typing import IO, Any, Iterable, Sequence

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dialogue_cli.analysis.report import Report, date_span, most_mentions
from dialogue_cli.analysis.themes import docs_column, rate_column
from dialogue_cli.output.writer import readable

__all__ = ["print_dashboard", "WIDTH"]

WIDTH = 80
_BLOCKS = " ▏▎▍▌▋▊▉█"
_SPARK = "▁▂▃▄▅▆▇█"
TERMINAL_GROUPS = 6  # keyness panels shown (the HTML has up to 12)
TERMINAL_WORDS = 5
TERMINAL_LINES = 3
TERMINAL_BARS = 10  # groups per theme


def bar(value: float | None, top: float, width: int) -> str:
    """A block bar of ``width`` cells for ``value`` out of ``top``.

    >>> bar(5, 10, 4)
    '██  '
    """
    if not value or top <= 0 or value <= 0:
        return " " * width
    eighths = round(value / top * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (_BLOCKS[part] if part else "")).ljust(width)[:width]


def spark(values: Sequence[float | None]) -> str:
    """One cell per period: ``·`` where there is no document.

    >>> spark([0, 5, 10, None])
    '▁▅█·'
    """
    top = max([v for v in values if v is not None] or [0])
    return "".join("·" if v is None else _SPARK[0 if top <= 0 else min(7, round(v / top * 7))] for v in values)


def _n(count: int, word: str) -> str:
    """``1 document``, ``2,000 documents``."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _grid(*widths: int | None, right: Iterable[int] = ()) -> Table:
    table = Table.grid(padding=(0, 1))
    right = set(right)
    for i, w in enumerate(widths):
        table.add_column(width=w, no_wrap=True, overflow="ellipsis", justify="right" if i in right else "left",
                         min_width=w)
    return table


def _panel(title: str, explain: str, *body: RenderableType) -> Panel:
    return Panel(Group(Text(explain, style="dim"), *body), title=f"[bold]{title}[/bold]", title_align="left",
                 width=WIDTH, padding=(0, 1))


def _corpus(r: Report) -> Panel:
    ov = r.overview
    dates = date_span(ov) or "no dates"
    facts = [_n(ov["documents"], "document"), _n(ov["words"], "word"), _n(ov["sentences"], "sentence"), dates,
             _n(len(ov["outlets"]), "outlet"), _n(ov["failed_count"], "input") + " failed",
             _n(ov["removed_lines"], "line") + " removed by cleaning"]
    body: list[RenderableType] = [Text(" · ".join(facts))]
    if ov["outlets"]:
        body.append(Text("Outlets: " + ", ".join(f"{o['outlet']} ({o['documents']:,})" for o in ov["outlets"])))
    for line in ov["failed"][:5]:
        body.append(Text(f"failed: {line}", style="red", overflow="ellipsis", no_wrap=True))
    if ov["failed_count"] > 5:
        body.append(Text(f"and {ov['failed_count'] - 5:,} more (stderr lists them all)", style="red"))
    return _panel("Corpus", "What was analysed, after removing bylines, teasers and page furniture.", *body)


def _themes(r: Report) -> Panel:
    label = r.label
    by_label = {label(x): x for x in r.theme_rows}
    drawn = {t: most_mentions([by_label[g] for g in r.chart_groups[t]], t, TERMINAL_BARS) for t in r.themes}
    top = max([x[rate_column(t)] or 0 for t in r.themes for x in drawn[t]] or [0])
    body: list[RenderableType] = []
    for theme in r.themes:
        grid = _grid(24, 38, 8, right=[2])
        for x in drawn[theme]:
            grid.add_row(label(x), Text(bar(x[rate_column(theme)], top, 38), style="cyan"), readable(x[rate_column(theme)]))
        body += [Text(theme, style="bold"), grid if drawn[theme] else Text("no mention", style="dim")]
    share = _grid(24, 38, 8, right=[2])
    n = r.total["documents"]
    for theme in r.themes:
        pct = 100 * r.total[docs_column(theme)] / n if n else None
        share.add_row(theme, Text(bar(pct, 100, 38), style="green"), "–" if pct is None else f"{pct:.3g}%")
    body += [Text("Share of documents mentioning the theme", style="bold"), share]
    if len(r.theme_rows) > TERMINAL_BARS:
        body.append(Text(f"Of {len(r.theme_rows):,} groups, the {TERMINAL_BARS} with most mentions of each theme.",
                         style="dim"))
    unit = " × ".join(r.group_columns)
    return _panel(f"Themes by {unit}", "Mentions per 1,000 words, so that long and short texts compare fairly.", *body)


def _trends(r: Report) -> Panel:
    month = "date:month"
    dated = [x for x in r.trend_rows if x[month]]
    explain = "Theme rate per 1,000 words month by month (one cell per month)."
    if not dated:
        return _panel("Trends by month", explain, Text("No document has a date: there is no trend to draw."))
    periods = sorted({x[month] for x in dated})
    groups = [c for c in r.trend_columns if c != month]
    cell = {(tuple(x[c] for c in groups), x[month]): x for x in dated}
    keys = list(dict.fromkeys(tuple(x[c] for c in groups) for x in dated))
    body: list[RenderableType] = [Text(f"{periods[0]} … {periods[-1]} ({len(periods)} month{'s' if len(periods) != 1 else ''})")]
    width = max(8, min(40, len(periods)))
    grid = _grid(22, 22, width, 11, right=[3])
    for theme in r.themes:
        for k in keys[:8]:
            values = [cell[(k, p)][rate_column(theme)] if (k, p) in cell else None for p in periods][-width:]
            peak = max([v for v in values if v is not None] or [0])
            grid.add_row(theme, " · ".join(k) or "all documents", spark(values), f"max {peak:g}")
    body.append(grid)
    return _panel("Trends by month", explain, *body)


def _keywords(r: Report) -> Panel:
    explain = "Words a group uses much more than the rest: G² (bar) and Log Ratio."
    if not r.keyness:
        return _panel("Distinctive words", explain, Text(r.keyness_note or "No keyword."))
    groups: dict[str, list[dict[str, Any]]] = {}
    for x in r.keyness:
        groups.setdefault(x["group"], []).append(x)
    body: list[RenderableType] = []
    for group, rows in list(groups.items())[:TERMINAL_GROUPS]:
        top = max(x["score"] for x in rows)
        grid = _grid(24, 30, 8, 9, right=[2, 3])
        for x in rows[:TERMINAL_WORDS]:
            grid.add_row(x["keyword"], Text(bar(x["score"], top, 30), style="blue"), f"{x['score']:.2f}",
                         f"LR {x['effect']:+.2f}")
        body += [Text(group, style="bold", overflow="ellipsis", no_wrap=True), grid]
    if len(groups) > TERMINAL_GROUPS:
        body.append(Text(f"{len(groups) - TERMINAL_GROUPS} more groups in the HTML report (-o report.html).",
                         style="dim"))
    return _panel("Distinctive words", explain, *body)


def _evidence(r: Report) -> Panel:
    body: list[RenderableType] = []
    for theme, lines in r.evidence.items():
        body.append(Text(theme, style="bold"))
        if not lines:
            body.append(Text("no mention", style="dim"))
        for x in lines[:TERMINAL_LINES]:
            line = Text(no_wrap=True, overflow="ellipsis")
            line.append(_tail(x["left"], 26).rjust(26) + " ", style="dim")
            line.append(x["match"], style="bold yellow")
            right = x["right"]
            line.append(("" if right[:1] in ",.;:!?)”" else " ") + right, style="dim")
            body += [line, Text(f"    {x['source']} {x['start']}–{x['end']}", style="dim", no_wrap=True,
                                overflow="ellipsis")]
    return _panel("Evidence", "Real passages, the match highlighted, with the source and offsets.", *body)


def _tail(text: str, width: int) -> str:
    """The last words of ``text`` that fit ``width`` cells, "…" first if cut.

    >>> _tail("một hai ba bốn", 9)
    '…ba bốn'
    """
    if len(text) <= width:
        return text
    words, out = text.split(), ""
    for w in reversed(words):
        if len(w) + len(out) + 2 > width:
            break
        out = f"{w} {out}".strip()
    return "…" + out


def _audit(r: Report) -> Panel:
    explain = "Term syllables the segmenter read as part of other words (not counted)."
    if not r.audit:
        return _panel("Segmentation audit", explain, Text("No rejected place."))
    grid = _grid(20, 8, 8, 36, right=[1, 2])
    grid.add_row(Text("term", style="bold"), Text("counted", style="bold"), Text("rejected", style="bold"),
                 Text("example", style="bold"))
    for x in r.audit:
        grid.add_row(x["term"], f"{x['count']:,}", f"{x['rejected']:,}", f"{x['example']} ({x['source']})")
    return _panel("Segmentation audit", explain, grid)


def _methods(r: Report) -> Panel:
    m = r.methods
    grid = _grid(14, 60)
    grid.add_row("versions", f"dialogue {m['dialogue']}, underthesea {m['underthesea']}")
    for k, v in m["options"].items():
        if k != "command":
            grid.add_row(k, str(v))
    for theme, terms in m["terms"].items():
        grid.add_row("dictionary", f"{theme}: {len(terms)} terms")
    again = Text(f"again: {m['options']['command']}", overflow="fold") if "command" in m["options"] else Text("")
    return _panel("Methods", "What makes these numbers reproducible (-o report.html adds the run date).", grid,
                  again)


def print_dashboard(report: Report, stream: IO[str], *, terminal: bool = False) -> None:
    """Every section of the report, one panel each, on ``stream``."""
    console = Console(file=stream, width=WIDTH, force_terminal=terminal or None, highlight=False,
                      soft_wrap=False)
    for section in (_corpus, _themes, _trends, _keywords, _evidence, _audit, _methods):
        console.print(section(report))
