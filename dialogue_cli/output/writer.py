"""Every command's output: table, csv, tsv, json, jsonl (and text lines).

``auto`` is a rich table when stdout is a terminal and CSV otherwise (a pipe
or ``-o FILE``). ``-o FILE`` is written to a temporary file beside the target
and renamed into place at the end, so no truncated file is ever left behind.
JSON keeps Vietnamese unescaped.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import stat
import sys
import tempfile
import textwrap
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any, Callable, Iterable, Iterator, Literal, Mapping, Sequence

from dialogue_cli.errors import OutputError

__all__ = ["Format", "FORMATS", "TableStyle", "Writer", "open_writer", "readable"]

def _escape(exc: UnicodeError) -> tuple[str, int]:
    """Encoding error handler, the last line of defence: a lone surrogate (a stray
    byte of a name, an escaped one in JSON) as ``\\uNNNN``, valid in every format."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return "".join(f"\\u{ord(c):04x}" for c in exc.object[exc.start : exc.end]), exc.end


ESCAPE = "dialogue.escape"
codecs.register_error(ESCAPE, _escape)

Format = Literal["auto", "table", "csv", "tsv", "json", "jsonl", "text"]
FORMATS: tuple[str, ...] = ("auto", "table", "csv", "tsv", "json", "jsonl")


@dataclass(frozen=True)
class TableStyle:
    """How a table looks in a terminal; other formats ignore it.

    ``footer`` computes a last row set apart from the rows (e.g. TOTAL); ``bars`` are numeric
    columns drawn with an inline bar scaled to the column's maximum;
    ``group_by`` prints one table per value of that column; ``right`` and
    ``highlight`` name columns to right-align and to emphasise; ``dim_unless``
    dims the rows whose column differs from a value (removed lines). A table
    wider than the terminal is printed as ``panels`` instead: one table per
    (title, {column: header}) with the other columns repeated, and then, if
    still too wide, without bars.
    """

    title: str | None = None
    footer: Callable[[list[Mapping[str, Any]]], Mapping[str, Any]] | None = None
    bars: Sequence[str] = ()
    group_by: str | None = None
    right: Sequence[str] = ()
    highlight: Sequence[str] = ()
    headers: Mapping[str, str] = field(default_factory=dict)
    dim_unless: tuple[str, Any] | None = None  # (column, value): other rows are dimmed
    hidden: Sequence[str] = ()  # columns left out of the table (kept in csv/json)
    clip: Mapping[str, str] = field(default_factory=dict)  # column → "start"/"end": cut to fit, one line
    panels: Sequence[tuple[str, Mapping[str, str]]] = ()  # the narrow layout, see above


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return str(value)  # cores round their own floats


def readable(value: Any) -> str:
    """A number for people (the report and the dashboard): thousands separated,
    floats with two decimals, a dash for none.

    >>> readable(12345), readable(0.5), readable(None), readable("x")
    ('12,345', '0.50', '–', 'x')
    """
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _shown(value: Any) -> str:
    """A table cell: floats with two decimals (csv/json keep the value as it is)."""
    return f"{value:.2f}" if isinstance(value, float) else _cell(value)


_BAR_WIDTH = 8
_BLOCKS = " ▏▎▍▌▋▊▉█"


def _bar(value: float, maximum: float) -> str:
    if maximum <= 0 or value <= 0:
        return " " * _BAR_WIDTH
    eighths = round(value / maximum * _BAR_WIDTH * 8)
    full, part = divmod(eighths, 8)
    bar = "█" * full + (_BLOCKS[part] if part else "")
    return bar.ljust(_BAR_WIDTH)


class Writer:
    """Writes rows or lines to one stream in one format."""

    def __init__(self, stream: IO[str], *, fmt: Format, header: bool, terminal: bool) -> None:
        self.stream = stream
        self.fmt = fmt
        self.header = header
        self.terminal = terminal

    def lines(self, lines: Iterable[str]) -> None:
        """Plain text lines (the ``text`` format)."""
        for line in lines:
            self.stream.write(line + "\n")

    def rows(
        self,
        rows: Iterable[Mapping[str, Any]],
        columns: Sequence[str],
        *,
        style: TableStyle | None = None,
    ) -> None:
        """Rows as dicts keyed by ``columns``, in the writer's format."""
        if self.fmt in ("csv", "tsv"):
            self._delimited(rows, columns)
        elif self.fmt == "jsonl":
            for row in rows:
                self.stream.write(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False) + "\n")
        elif self.fmt == "json":
            self._json(rows, columns)
        else:
            self._table(list(rows), columns, style or TableStyle())

    def _delimited(self, rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> None:
        w = csv.writer(self.stream, delimiter="\t" if self.fmt == "tsv" else ",", lineterminator="\n")
        if self.header:
            w.writerow(columns)
        for row in rows:
            w.writerow([_cell(row.get(c)) for c in columns])

    def _json(self, rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> None:
        self.stream.write("[")
        first = True
        for row in rows:
            self.stream.write("\n" if first else ",\n")
            self.stream.write(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False))
            first = False
        self.stream.write("\n]\n" if not first else "]\n")

    def _table(self, rows: list[Mapping[str, Any]], columns: Sequence[str], style: TableStyle) -> None:
        from rich.console import Console
        from rich.measure import Measurement
        from rich.table import Table

        console = Console(
            file=self.stream,
            force_terminal=self.terminal or None,
            width=None if self.terminal else 200,
            highlight=False,
        )
        groups: list[tuple[str | None, list[Mapping[str, Any]]]]
        if style.clip:
            visible = [c for c in columns if c != style.group_by and c not in style.hidden]
            rows = _clip(rows, visible, style.clip, console.width)
        if style.group_by:
            order: dict[str, list[Mapping[str, Any]]] = {}
            for row in rows:
                order.setdefault(str(row.get(style.group_by)), []).append(row)
            groups = list(order.items())
            shown = [c for c in columns if c != style.group_by and c not in style.hidden]
        else:
            groups = [(style.title, rows)]
            shown = [c for c in columns if c not in style.hidden]
        footer = style.footer(rows) if style.footer else None
        maxima = {
            c: max([float(r.get(c) or 0) for r in rows] or [0.0]) for c in style.bars
        }

        def build(title: str | None, group: list[Mapping[str, Any]], shown: list[str], headers: Mapping[str, str],
                  bars: Sequence[str], tight: bool = False) -> Table:
            """``tight`` is the last resort in a narrow terminal: numeric columns are
            as wide as their widest value (their headers wrap to fit) and text
            columns fold into what is left, so that no number is ever cut off."""
            table = Table(title=title, title_justify="left", show_footer=footer is not None)
            for c in shown:
                numeric = c in style.right or c in style.bars or any(
                    isinstance(r.get(c), (int, float)) for r in group[:50]
                )
                header = headers.get(c, c)
                width: int | None = None if style.clip and c in style.clip else len(header.split("\n")[0])
                if tight:
                    values = [*(r.get(c) for r in group), *([footer.get(c)] if footer else [])]
                    width = max([len(w) for w in header.split()] + [len(_shown(v)) for v in values if numeric])
                    header = textwrap.fill(" ".join(header.split()), width) if numeric else header
                table.add_column(
                    header,
                    footer=_shown(footer.get(c)) if footer else "",
                    justify="right" if numeric else "left",
                    style="bold yellow" if c in style.highlight else None,
                    no_wrap=numeric if tight else c in style.bars or c == shown[0] or bool(style.clip),
                    overflow="fold" if tight else "ellipsis",
                    min_width=width,
                )
            for r in group:
                cells = []
                for c in shown:
                    value = r.get(c)
                    text = _shown(value)
                    if c in bars:
                        text = f"[cyan]{_bar(float(r.get(c) or 0), maxima[c])}[/cyan] {text:>6}"
                    cells.append(text)
                dim = style.dim_unless is not None and r.get(style.dim_unless[0]) != style.dim_unless[1]
                table.add_row(*cells, style="dim red" if dim else None)
            return table

        wide = console.options.update_width(100_000)

        def fits(shown: list[str], headers: Mapping[str, str], bars: Sequence[str]) -> bool:
            return Measurement.get(console, wide, build(None, rows, shown, headers, bars)).maximum <= console.width

        # The widest layout that fits: all columns with bars; else, with panels,
        # one table per panel; then without bars; then tight (wrapping text).
        layouts = [(None, shown, style.headers)]
        if style.panels and not fits(shown, style.headers, style.bars):
            inner = {c for _, cols in style.panels for c in cols}
            common = [c for c in shown if c not in inner]
            layouts = [(name, common + [c for c in cols if c in shown], {**style.headers, **cols})
                       for name, cols in style.panels]
        for title, group in groups:
            for name, cols, headers in layouts:
                bars = style.bars if fits(cols, headers, style.bars) else ()
                tight = not bars and not fits(cols, headers, ())
                caption = " · ".join(t for t in (title, name) if t) or None
                console.print(build(caption, group, cols, headers, bars, tight))


def _clip(rows: list[Mapping[str, Any]], shown: Sequence[str], clip: Mapping[str, str], width: int) -> list[Mapping[str, Any]]:
    """Cut the ``clip`` columns to share what the other columns leave of the width."""
    fixed = sum(max([len(c)] + [len(_cell(r.get(c))) for r in rows]) + 3 for c in shown if c not in clip)
    room = max(8, (width - fixed - 4) // max(1, len(clip)) - 3)

    def cut(text: str, side: str) -> str:
        if len(text) <= room:
            return text
        return "…" + text[-(room - 1):] if side == "start" else text[: room - 1] + "…"

    return [{**r, **{c: cut(_cell(r.get(c)), side) for c, side in clip.items()}} for r in rows]


def _resolve(fmt: str, *, to_file: bool) -> Format:
    if fmt != "auto":
        return fmt  # type: ignore[return-value]
    if not to_file and sys.stdout.isatty():
        return "table"
    return "csv"


@contextmanager
def open_writer(
    *,
    fmt: str,
    output: str | None = None,
    header: bool = True,
    bom: bool = False,
) -> Iterator[Writer]:
    """A writer to stdout or, atomically, to ``output`` (see :func:`_target`);
    raises :class:`~dialogue_cli.errors.OutputError` when it cannot be written.

    >>> with open_writer(fmt="csv") as w:
    ...     w.rows([{"a": 1}], ["a"])
    a
    1
    """
    resolved = _resolve(fmt, to_file=output is not None)
    if output is None or output == "-":
        stream = sys.stdout
        if hasattr(stream, "reconfigure") and getattr(stream, "errors", ESCAPE) == "strict":
            stream.reconfigure(errors=ESCAPE)  # a name's stray bytes cannot end the run
        if bom:
            stream.write("\ufeff")
        yield Writer(stream, fmt=resolved, header=header, terminal=stream.isatty())
        stream.flush()
        return
    target, atomic = _target(output)
    if not atomic:  # a pipe or a device (/dev/stdout): written as it is, like a shell redirection
        try:
            fh = open(target, "w", encoding="utf-8", errors=ESCAPE, newline="")
        except OSError as exc:
            raise OutputError(output, f"cannot be written ({_reason(exc)})") from None
        with fh:
            if bom:
                fh.write("\ufeff")
            yield Writer(fh, fmt=resolved, header=header, terminal=False)
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=".dialogue-", suffix=".tmp", dir=os.path.dirname(os.path.abspath(target)))
    except OSError as exc:
        raise OutputError(output, f"cannot be written ({_reason(exc)})") from None
    try:
        with io.open(fd, "w", encoding="utf-8", errors=ESCAPE, newline="") as fh:
            if bom:
                fh.write("\ufeff")
            yield Writer(fh, fmt=resolved, header=header, terminal=False)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise OutputError(output, f"cannot be written ({_reason(exc)})") from None
    except BaseException:
        os.unlink(tmp)
        raise


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def _target(output: str) -> tuple[str, bool]:
    """Where ``-o`` writes, and whether atomically: a regular file (through a
    symlink, the file it points to) or a new name is replaced at the end; a
    pipe or a device is written in place; a directory is an error."""
    try:
        st = os.stat(output)
    except FileNotFoundError:
        return output, True
    except OSError as exc:
        raise OutputError(output, f"cannot be written ({_reason(exc)})") from None
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(output, "is a directory", hint="give -o a file name")
    if not stat.S_ISREG(st.st_mode):
        return output, False
    return os.path.realpath(output), True
