"""The report as one self-contained HTML file: Jinja2 templates, inline SVG charts.

Nothing is loaded from anywhere: no script, style sheet, font or image
URL. Charts are SVG drawn from :mod:`dialogue_cli.output.svg`; tables are
sortable by a tiny inline script that sorts on keys computed here (numbers,
or a text's rank in Vietnamese alphabetical order), never by the browser's
own string order. The report's data is embedded as JSON
(``<script type="application/json" id="report-data">``).
"""

from __future__ import annotations

import json
from typing import Any, Mapping, Sequence

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from dialogue_cli.analysis.report import EVIDENCE_LINES, MAX_BAR_GROUPS, Report, date_span
from dialogue_cli.analysis.themes import docs_column, rate_column
from dialogue_cli.output.writer import readable
from dialogue_cli.output import svg
from dialogue_cli.text.normalize import collation_key

__all__ = ["render_html"]

# Sort a table on a header click, by each cell's data-k (a number); ≤ 2 KB.
SORT_SCRIPT = (
    "document.querySelectorAll('table.sortable').forEach(function(t){var hs=t.tHead.rows[0].cells;"
    "Array.prototype.forEach.call(hs,function(th,i){th.tabIndex=0;function go(){var b=t.tBodies[0],"
    "r=Array.prototype.slice.call(b.rows),d=th.getAttribute('aria-sort')==='ascending'?-1:1;"
    "Array.prototype.forEach.call(hs,function(h){h.removeAttribute('aria-sort')});"
    "th.setAttribute('aria-sort',d>0?'ascending':'descending');r.sort(function(a,c){"
    "return d*(parseFloat(a.cells[i].dataset.k)-parseFloat(c.cells[i].dataset.k))});"
    "r.forEach(function(x){b.appendChild(x)})}th.addEventListener('click',go);"
    "th.addEventListener('keydown',function(e){if(e.key==='Enter')go()})})});"
)


def _env() -> Environment:
    env = Environment(loader=PackageLoader("dialogue_cli.output", "templates"),
                      autoescape=select_autoescape(["html", "j2"]), trim_blocks=False, lstrip_blocks=False)
    env.filters["num"] = readable
    return env


class _Table:
    """Rows of cells with sort keys: ``columns`` = [(name, key, kind)], kind num|text|markup."""

    def __init__(self, rows: Sequence[Mapping[str, Any]], columns: Sequence[tuple[str, str, str]],
                 footer: Mapping[str, Any] | None = None, classes: Mapping[str, str] | None = None,
                 html: Mapping[str, Any] | None = None) -> None:
        classes, html = classes or {}, html or {}
        ranks: dict[str, dict[str, int]] = {}
        for name, key, kind in columns:
            if kind not in ("num", "raw"):
                values = sorted({str(r.get(key) or "") for r in rows}, key=lambda v: (collation_key(v), v))
                ranks[key] = {v: i for i, v in enumerate(values)}
        self.columns = [{"name": _header(name), "plain": name, "numeric": kind in ("num", "raw")} for name, key, kind in columns]
        self.rows = []
        for r in rows:
            cells = []
            for name, key, kind in columns:
                value = r.get(key)
                if kind in ("num", "raw"):
                    k = "-1e300" if value is None else repr(value)
                    shown = readable(value) if kind == "num" else ("" if value is None else str(value))
                    cells.append({"html": shown, "k": k, "cls": "num"})
                else:
                    shown = html[key](r) if key in html else escape(value or "")
                    cells.append({"html": shown, "k": ranks[key][str(value or "")], "cls": classes.get(key, "")})
            self.rows.append(cells)
        self.footer = None
        if footer is not None:
            self.footer = [{"html": readable(footer.get(key)) if kind == "num" else escape(footer.get(key) or ""),
                            "cls": "num" if kind == "num" else ""} for name, key, kind in columns]


def _header(name: str) -> Any:
    """A long column name on two lines: ``chuyển đổi số`` / ``per 1k``."""
    for tail in (" per 1k", " docs"):
        if name.endswith(tail) and len(name) > 12:
            return Markup("{}<br><small>{}</small>").format(name[: -len(tail)], tail.strip())
    return name


def _unit(report: Report) -> str:
    return " × ".join(report.group_columns) if report.grouped else "source"


def _theme_charts(report: Report) -> list[dict[str, Any]]:
    label = report.label
    by_label = {label(r): r for r in report.theme_rows}
    drawn = {t: [by_label[g] for g in report.chart_groups[t]] for t in report.themes}
    top = max([r[rate_column(t)] or 0 for t in report.themes for r in drawn[t]] or [0])
    width = _label_width([r for rows in drawn.values() for r in rows], label)
    charts = []
    for i, theme in enumerate(report.themes):
        rows = drawn[theme]
        tips = [f"{label(r)}: {readable(r[rate_column(theme)])} per 1,000 words ({r[theme]:,} mentions in {r['words']:,} "
                f"words)" for r in rows]
        ylabel = _unit(report)
        if len(rows) < len(report.theme_rows):
            ylabel = f"the {len(rows)} {ylabel}s with most mentions" if rows else "no mention"
        charts.append(svg.bar_chart(title=theme, labels=[label(r) for r in rows],
                                    values=[r[rate_column(theme)] for r in rows], tips=tips,
                                    xlabel="mentions per 1,000 words", ylabel=ylabel,
                                    color=svg.PALETTE[i % len(svg.PALETTE)], top=top, label_width=width))
    return charts


def _label_width(rows: Sequence[Mapping[str, Any]], label: Any) -> int:
    longest = max([len(label(r)) for r in rows] or [4])
    return int(min(210, max(70, longest * svg.FONT * svg.CHAR + 10)))


def _share_chart(report: Report) -> dict[str, Any]:
    total, n = report.total, report.total["documents"]
    values = [round(100 * total[docs_column(t)] / n, 2) if n else None for t in report.themes]
    tips = [f"{t}: {total[docs_column(t)]:,} of {n:,} documents" for t in report.themes]
    return svg.bar_chart(title="Documents mentioning the theme", labels=report.themes, values=values, tips=tips,
                         xlabel="% of documents", ylabel="theme", top=100, value_format="{:.3g}%",
                         label_width=_label_width([{"t": t} for t in report.themes], lambda r: r["t"]))


def _trends(report: Report) -> tuple[list[dict[str, Any]], str | None]:
    month = "date:month"
    dated = [r for r in report.trend_rows if r[month]]
    undated = sum(r["documents"] for r in report.trend_rows if not r[month])
    if not dated:
        return [], "None of the documents has a date (from the page, a table column or --meta), so there is no trend to draw."
    periods = sorted({r[month] for r in dated})
    note = f"{undated:,} document{'s' if undated != 1 else ''} without a date {'are' if undated != 1 else 'is'} not " \
        "drawn (the table counts them in the row without a month)." if undated else None
    groups = [c for c in report.trend_columns if c != month]
    charts = []
    if not groups:  # one chart, a line per theme
        by_period = {r[month]: r for r in dated}
        series = [{"name": t, "values": [by_period[p][rate_column(t)] if p in by_period else None for p in periods],
                   "tips": [_trend_tip(t, by_period.get(p), p) for p in periods]} for t in report.themes]
        charts.append(svg.line_chart(title="All documents", periods=periods, series=series, xlabel="month",
                                     ylabel="per 1,000 words", width=560))
        return charts, note
    names: dict[tuple[str, ...], str] = {}
    for r in dated:
        names.setdefault(tuple(r[c] for c in groups), " · ".join(r[c] or f"(no {c})" for c in groups))
    if len(names) > len(svg.PALETTE):
        note = (note + " " if note else "") + f"The {len(svg.PALETTE)} first of {len(names):,} groups are drawn."
    keys = list(names)[: len(svg.PALETTE)]
    cell = {(tuple(r[c] for c in groups), r[month]): r for r in dated}
    for theme in report.themes:
        series = [{"name": names[k], "values": [cell[(k, p)][rate_column(theme)] if (k, p) in cell else None
                                                for p in periods],
                   "tips": [_trend_tip(names[k], cell.get((k, p)), p, theme) for p in periods]} for k in keys]
        charts.append(svg.line_chart(title=theme, periods=periods, series=series, xlabel="month",
                                     ylabel="per 1,000 words"))
    return charts, note


def _trend_tip(name: str, row: Mapping[str, Any] | None, period: str, theme: str | None = None) -> str:
    if row is None:
        return f"{name} · {period}: no documents"
    t = theme or name
    return (f"{name} · {period}: {readable(row[rate_column(t)])} per 1,000 words ({row[t]:,} mentions, "
            f"{row['documents']:,} documents, {row['words']:,} words)")


def _keyness_charts(report: Report) -> list[dict[str, Any]]:
    charts = []
    groups: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for side, rows in (("over", report.keyness), ("under", report.keyness_negative)):
        for r in rows:
            groups.setdefault(r["group"], {"over": [], "under": []})[side].append(r)
    for group, sides in groups.items():
        def rows(side: str) -> list[dict[str, Any]]:
            return [{"word": r["keyword"], "score": r["score"], "effect": r["effect"],
                     "tip": f"{r['keyword']}: {r['count']:,} times in {group}; G² {r['score']:+.2f}, "
                            f"Log Ratio {r['effect']:+.2f}"} for r in sides[side]]

        charts.append(svg.diverging_chart(title=f"{group} vs the rest", over=rows("over"), under=rows("under"),
                                          xlabel="keyness (signed G²)"))
    return charts


def _kwic_html(row: Mapping[str, Any]) -> Markup:
    return Markup("<mark>{}</mark>").format(row["match"])


def render_html(report: Report) -> str:
    """The whole page.

    >>> "<svg" in render_html(_example())
    True
    """
    r = report
    unit = _unit(r)
    ov = r.overview
    themes = r.themes
    dates = date_span(ov) or "no dates"
    cards = [(readable(ov["documents"]), "documents"), (readable(ov["words"]), "words"), (readable(ov["sentences"]), "sentences"),
             (dates, "date range"), (readable(len(ov["outlets"])), "outlets"),
             (readable(ov["failed_count"]), "inputs failed"), (readable(ov["removed_lines"]), "lines cleaned away")]
    if r.grouped:
        cards.insert(1, (readable(len(r.theme_rows)), "groups"))
    group_cols = [(c, c, "text") for c in r.group_columns]
    theme_cols = group_cols + ([("documents", "documents", "num")] if r.grouped else []) + [("words", "words", "num")]
    theme_cols += [(f"{t}", t, "num") for t in themes]
    if r.grouped:
        theme_cols += [(f"{t} docs", docs_column(t), "num") for t in themes]
    theme_cols += [(f"{t} per 1k", rate_column(t), "num") for t in themes]
    total = {**r.total, r.group_columns[0]: "TOTAL"}
    keys = {c: "key" for c in [*r.group_columns, *r.trend_columns]}
    trend_charts, trend_note = _trends(r)
    month_cols = [(c, c, "text") for c in r.trend_columns] + [("documents", "documents", "num"),
                                                              ("words", "words", "num")]
    month_cols += [(t, t, "num") for t in themes] + [(f"{t} per 1k", rate_column(t), "num") for t in themes]
    kw_cols = group_cols + [("rank", "rank", "num"), ("keyword", "keyword", "text"), ("count", "count", "num"),
                            ("G²", "score", "num"), ("Log Ratio", "effect", "num")]
    ev_cols = [("left", "left", "text"), ("match", "match", "text"), ("right", "right", "text"),
               ("term", "term", "text"), ("source", "source", "text"), ("start", "start", "raw"), ("end", "end", "raw")]
    evidence = [(t, _Table(r.evidence[t], ev_cols, classes={"left": "left", "right": "right", "source": "src", "match": "match",
                                                         "term": "term"},
                           html={"match": _kwic_html})) for t in themes]
    audit_cols = [("theme", "theme", "text"), ("term", "term", "text"), ("counted", "count", "num"),
                  ("rejected", "rejected", "num"), ("example: the segmenter's words", "example", "text"),
                  ("in the sentence", "text", "text"), ("source", "source", "text"), ("start", "start", "raw")]
    terms = [{"theme": t, "terms": ", ".join(v), "n": len(v)} for t, v in r.methods["terms"].items()]
    by = "" if not r.grouped else f" --by {','.join(r.group_columns)}"
    options = dict(r.methods["options"])
    again = options.pop("command", None)
    methods = [("dialogue", r.methods["dialogue"]), ("underthesea", r.methods["underthesea"]),
               ("run", r.methods["run"]), *options.items(),
               ("matching", "a term counts where it starts and ends on a word boundary of underthesea's segmentation; "
                            "text and terms normalized (NFC, tone placement) and case-folded"),
               ("rates", "mentions × 1,000 / word tokens (punctuation excluded)"),
               ("keyness", "signed log-likelihood G² of the group against the rest (Rayson), effect size Log Ratio "
                           f"(Hardie); the top {r.methods['top']} each side; stop words, numbers and punctuation out"),
               ("evidence", f"up to {EVIDENCE_LINES} lines per theme (at most 2 from one source), "
                            f"{r.methods['window']} words of context each side")]
    if again:
        methods.append(("made by", Markup("<code>{}</code>").format(again)))
    sections = [("corpus", "Corpus"), ("themes", "Themes"), ("trends", "Trends"), ("keywords", "Distinctive words"),
                ("evidence", "Evidence"), ("audit", "Segmentation audit"), ("methods", "Methods")]
    chart_note = None
    if len(r.theme_rows) > MAX_BAR_GROUPS:
        chart_note = (f"There are {len(r.theme_rows):,} {unit}s: each chart shows the {MAX_BAR_GROUPS} with the most "
                      "mentions of its theme, highest rate first; the table below has them all.")
    context = {
        "r": r, "unit": unit, "page_title": "Theme report", "sections": sections, "cards": cards,
        "subtitle": f"{ov['documents']:,} documents · {ov['words']:,} words · {len(themes)} themes · "
                    f"{'by ' + unit if r.grouped else 'per source'} · {r.methods['run']}",
        "theme_charts": _theme_charts(r), "share_chart": _share_chart(r), "chart_note": chart_note,
        "theme_table": _Table(r.theme_rows, theme_cols, footer=total, classes=keys),
        "themes_command": f"dialogue themes{by} -f csv",
        "trend_charts": trend_charts, "trend_note": trend_note, "trend_table": _Table([{**t, "date:month": t["date:month"] or "(no date)"} for t in r.trend_rows],
                                                                       month_cols, classes=keys),
        "trend_command": f"dialogue themes --by {','.join(r.trend_columns)} -f csv",
        "keyness_charts": _keyness_charts(r), "keyness_table": _Table(r.keyness, kw_cols, classes=keys),
        "keywords_command": f"dialogue keywords{by} --method keyness --top {r.methods['top']} -f csv",
        "evidence": evidence, "audit_table": _Table(r.audit, audit_cols, classes={"example": "match", "theme": "key", "term": "key", "source": "src"}),
        "methods": methods, "terms_table": _Table(terms, [("theme", "theme", "text"), ("terms", "n", "num"),
                                                          ("the terms", "terms", "text")]),
        "data_json": Markup(json.dumps(r.as_dict(), ensure_ascii=False).replace("</", "<\\/")),
        "sort_script": Markup(SORT_SCRIPT),
    }
    return _env().get_template("report.html.j2").render(context)


def _example() -> Report:
    """A tiny report (for the doctest)."""
    from dialogue_cli.analysis.report import Report

    row = {"source": "a.txt", "words": 100, "x": 2, "x per 1k": 20.0}
    return Report(themes=["x"], group_columns=["source"], grouped=False,
                  overview={"documents": 1, "sentences": 3, "words": 100, "removed_lines": 0, "first_date": None,
                            "last_date": None, "groups": 1, "outlets": [], "without_outlet": 1, "failed": [],
                            "failed_count": 0},
                  theme_rows=[row], total={"documents": 1, "words": 100, "x": 2, "x docs": 1, "x per 1k": 20.0},
                  chart_groups={"x": ["a.txt"]}, trend_columns=["date:month"], trend_rows=[], keyness=[],
                  keyness_negative=[], keyness_note="one group", evidence={"x": []}, audit=[],
                  methods={"dialogue": "0", "underthesea": "0", "run": "now", "terms": {"x": ["x"]}, "options": {},
                           "top": 10, "window": 8})
