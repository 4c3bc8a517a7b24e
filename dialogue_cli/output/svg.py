"""Chart geometry for the HTML report: plain dicts of coordinates that the
Jinja2 templates (``templates/charts.html.j2``) draw as inline SVG.

No chart library: bars, lines and axes are a few rectangles and paths, the
order of every label is decided here (Vietnamese collation, time order), and
each mark carries its tooltip text (an SVG ``<title>``).
"""

from __future__ import annotations

import math
from typing import Any, Sequence

__all__ = ["PALETTE", "nice_ticks", "fit", "bar_chart", "line_chart", "diverging_chart"]

PALETTE = ["#2f5f8f", "#4e8a5b", "#b7793a", "#7d5a9c", "#a84848", "#3f8a8f", "#8a7d35", "#6b6b6b"]
POSITIVE, NEGATIVE = "#2f5f8f", "#b4b9bf"
FONT = 12  # px, labels
CHAR = 0.6  # average glyph width in em (DejaVu Sans is wide; Vietnamese marks add no width)

Chart = dict[str, Any]


def nice_ticks(top: float, n: int = 4) -> list[float]:
    """Round tick values from 0 to at least ``top``.

    >>> nice_ticks(26.75)
    [0, 10, 20, 30]
    >>> nice_ticks(0)
    [0, 1]
    """
    if top <= 0:
        return [0, 1]
    raw = top / n
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    count = math.ceil(top / step - 1e-9)
    return [_clean(i * step) for i in range(count + 1)]


def _clean(x: float) -> float:
    r = round(x, 6)
    return int(r) if r == int(r) else r


def fit(text: str, width: float, size: float = FONT) -> str:
    """``text`` cut with an ellipsis to about ``width`` pixels.

    >>> fit("Doi song/DS_ VNE_ (1374).txt", 100)
    'Doi so…4).txt'
    """
    most = max(2, int(width / (size * CHAR)))
    if len(text) <= most:
        return text
    tail = (most - 1) // 2
    return text[: most - 1 - tail] + "…" + text[len(text) - tail:]


def _tick_text(v: float) -> str:
    return f"{v:,}" if isinstance(v, int) else f"{v:g}"


def bar_chart(*, title: str, labels: Sequence[str], values: Sequence[float | None], tips: Sequence[str],
              xlabel: str, ylabel: str, color: str = PALETTE[0], width: int = 350, value_format: str = "{:.2f}",
              top: float | None = None, label_width: int = 150) -> Chart:
    """Horizontal bars, one per label, top to bottom in the order given."""
    row, pad_top, pad_bottom, right = 20, 34, 42, 44
    plot = width - label_width - right
    ticks = nice_ticks(top if top is not None else max([v or 0 for v in values] or [0]))
    scale = plot / ticks[-1]
    bars = []
    for i, (label, value, tip) in enumerate(zip(labels, values, tips)):
        y = pad_top + i * row
        w = (value or 0) * scale
        bars.append({"y": y + 3, "h": row - 6, "w": round(w, 1), "label": fit(label, label_width - 8),
                     "full": label, "tip": tip, "value": "–" if value is None else value_format.format(value),
                     "vx": round(label_width + w + 4, 1), "ty": y + row / 2 + 4})
    height = pad_top + len(bars) * row + pad_bottom
    axis_y = pad_top + len(bars) * row
    return {"kind": "bar", "title": title, "width": width, "height": height, "x0": label_width, "plot": plot,
            "bars": bars, "color": color, "axis_y": axis_y, "top": pad_top, "xlabel": xlabel, "ylabel": ylabel,
            "ticks": [{"x": round(label_width + t * scale, 1), "text": _tick_text(t)} for t in ticks]}


def line_chart(*, title: str, periods: Sequence[str], series: Sequence[dict[str, Any]], xlabel: str,
               ylabel: str, width: int = 350, height: int = 230) -> Chart:
    """Lines over ``periods`` (in time order): ``series`` = [{name, values, tips}], one colour each."""
    left, right, pad_top, bottom = 48, 28, 34, 46
    plot_w, plot_h = width - left - right, height - pad_top - bottom
    top = max([v for s in series for v in s["values"] if v is not None] or [0])
    ticks = nice_ticks(top)
    n = len(periods)
    step = plot_w / max(1, n - 1)

    def x(i: int) -> float:
        return round(left + (i * step if n > 1 else plot_w / 2), 1)

    def y(v: float) -> float:
        return round(pad_top + plot_h - v / ticks[-1] * plot_h, 1)

    lines = []
    for k, s in enumerate(series):
        points = [{"x": x(i), "y": y(v), "tip": tip} for i, (v, tip) in enumerate(zip(s["values"], s["tips"]))
                  if v is not None]
        path = " ".join(f"{'M' if j == 0 else 'L'}{p['x']},{p['y']}" for j, p in enumerate(points))
        lines.append({"name": s["name"], "color": PALETTE[k % len(PALETTE)], "points": points, "path": path})
    every = max(1, math.ceil(n / max(1, plot_w // 56)))  # period labels that fit
    return {"kind": "line", "title": title, "width": width, "height": height, "left": left, "plot_w": plot_w,
            "top": pad_top, "bottom_y": pad_top + plot_h, "lines": lines, "xlabel": xlabel, "ylabel": ylabel,
            "yticks": [{"y": y(t), "text": _tick_text(t)} for t in ticks],
            "xticks": [{"x": x(i), "text": p} for i, p in enumerate(periods) if i % every == 0 or i == n - 1]}


def diverging_chart(*, title: str, over: Sequence[dict[str, Any]], under: Sequence[dict[str, Any]], xlabel: str,
                    width: int = 548) -> Chart:
    """quanteda's ``textplot_keyness``: over-represented words (score > 0) as
    bars to the right, under-represented ones (score < 0) to the left; rows
    = [{word, score, effect, tip}], strongest first."""
    row, pad_top, bottom, label = 19, 34, 42, 136
    rows = list(over) + list(under)
    pos = max([r["score"] for r in over] or [0])
    neg = max([-r["score"] for r in under] or [0])
    plot = width - 2 * label
    step = nice_ticks(pos + neg, 5)[1]  # one step for both sides
    lo, hi = math.ceil(neg / step - 1e-9), max(1, math.ceil(pos / step - 1e-9))
    scale = plot / ((lo + hi) * step)
    zero = label + lo * step * scale
    bars = []
    for i, r in enumerate(rows):
        y = pad_top + i * row + (8 if under and i >= len(over) else 0)
        w = abs(r["score"]) * scale
        right = r["score"] > 0
        bars.append({"x": round(zero if right else zero - w, 1), "w": round(w, 1), "y": y + 2, "h": row - 5,
                     "color": POSITIVE if right else NEGATIVE, "tip": r["tip"],
                     "tx": round(zero + w + 4 if right else zero - w - 4, 1), "ty": y + row / 2 + 3,
                     "anchor": "start" if right else "end", "text": fit(f"{r['word']} {r['effect']:+.1f}", label - 6)})
    axis_y = pad_top + len(rows) * row + (8 if under and over else 0)
    ticks = [{"x": round(zero + k * step * scale, 1), "text": _tick_text(_clean(k * step))} for k in range(-lo, hi + 1)]
    return {"kind": "diverging", "title": title, "width": width, "height": axis_y + bottom, "bars": bars,
            "zero": round(zero, 1), "top": pad_top, "axis_y": axis_y, "ticks": ticks, "xlabel": xlabel,
            "x0": label, "plot": plot}
