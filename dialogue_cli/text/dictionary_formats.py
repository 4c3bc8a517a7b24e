"""Importing LIWC dictionaries: ``.dic`` (LIWC 2001–2015) and ``.dicx`` (LIWC-22).

``.dic``: a ``%`` line, category lines ``ID NAME`` (LIWC2015 nests them with
leading tabs: ``parent/child``), a ``%`` line, then ``term ID ID…``. Tabs or
spaces, a BOM, CRLF and windows-1252 are accepted. Conditional entries
(``like (02 134)125/464``, ``<of>131/125``) are skipped and named in one
warning. ``.dicx``: CSV, the term in the first column, one column per
category; any non-empty cell is membership. Terms are lower-cased.
"""

from __future__ import annotations

import csv
import io

from dialogue_cli.errors import DictionaryError

__all__ = ["read_liwc", "decode_dictionary"]

Raw = list[tuple[str, int, list[tuple[str, int]]]]


def decode_dictionary(data: bytes, *, name: str) -> str:
    """UTF-8 (BOM or not), else windows-1252, as LIWC files often are.

    >>> decode_dictionary(b"caf\\xe9", name="d")
    'café'
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise DictionaryError(name, f"neither UTF-8 nor windows-1252 (byte 0x{data[exc.start]:02x} at offset "
                                    f"{exc.start})", hint="save it as UTF-8") from None


def read_liwc(data: bytes, *, name: str, dicx: bool = False) -> tuple[Raw, tuple[str, ...]]:
    """Themes as read (name, line, [(term, line)…]) and the warnings.

    >>> read_liwc(b"%\\n1\\tpos\\n%\\nvui\\t1\\n", name="d.dic")
    ([('pos', 2, [('vui', 4)])], ())
    """
    text = decode_dictionary(data, name=name)
    return (_read_dicx(text, name), ()) if dicx else _read_dic(text, name)


_CONDITIONAL = set("()<>/")


def _read_dic(text: str, name: str) -> tuple[Raw, tuple[str, ...]]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    numbered = [(n, line) for n, line in enumerate(lines, 1) if line.strip()]
    if not numbered or numbered[0][1].strip() != "%":
        line = numbered[0][0] if numbered else 1
        raise DictionaryError(name, f"line {line}: a LIWC .dic file starts with a line '%'",
                              hint="then one 'ID<TAB>category' line per category, and '%' again")
    opened = numbered[0][0]
    ids: dict[str, str] = {}  # id → category name
    themes: dict[str, tuple[int, list[tuple[str, int]]]] = {}
    parents: list[tuple[int, str]] = []  # (depth, name) of the enclosing categories (LIWC2015 indents)
    k = 1
    while k < len(numbered) and numbered[k][1].strip() != "%":
        n, line = numbered[k]
        k += 1
        fields = line.split(None, 1)
        if len(fields) < 2:
            raise DictionaryError(name, f"line {n}: a category line is 'ID<TAB>name', not {line.strip()!r}")
        cid, category = fields[0], " ".join(fields[1].split())
        depth = len(line) - len(line.lstrip("\t"))
        while parents and parents[-1][0] >= depth:
            parents.pop()
        full = f"{parents[-1][1]}/{category}" if parents else category
        parents.append((depth, full))
        if cid in ids:
            raise DictionaryError(name, f"line {n}: category id {cid} is defined twice")
        if full in themes:
            raise DictionaryError(name, f"line {n}: category {full!r} appears twice")
        ids[cid] = full
        themes[full] = (n, [])
    if k == len(numbered):
        raise DictionaryError(name, f"line {opened}: the category list opened here has no closing '%' line")
    skipped: list[int] = []
    for n, line in numbered[k + 1:]:
        term, fields = _entry(line, ids)
        if _CONDITIONAL & set("".join(fields)):
            skipped.append(n)
            continue
        if not fields:
            raise DictionaryError(name, f"line {n}: term {term!r} has no category id")
        for cid in fields:
            if cid not in ids:
                raise DictionaryError(name, f"line {n}: category id {cid!r} is not defined between the '%' lines")
            themes[ids[cid]][1].append((term.lower(), n))
    warnings = () if not skipped else (
        f"{name}: skipped {len(skipped)} conditional LIWC {'entry' if len(skipped) == 1 else 'entries'} "
        f"('(…)' or '<…>' categories) on line{'s' if len(skipped) > 1 else ''} {_lines(skipped)}",)
    return [(t, n, terms) for t, (n, terms) in themes.items()], warnings


def _entry(line: str, ids: dict[str, str]) -> tuple[str, list[str]]:
    """``term`` and its category fields: the term ends at the first tab; without
    a tab (spaces only), the trailing known ids are the categories ("candle stick 12")."""
    line = line.strip()
    if "\t" in line:
        term, rest = line.split("\t", 1)
        return " ".join(term.split()), rest.split()
    words = line.split()
    k = len(words)
    while k > 1 and (words[k - 1] in ids or words[k - 1].isdigit() or _CONDITIONAL & set(words[k - 1])):
        k -= 1
    return " ".join(words[:k]), words[k:]


def _lines(numbers: list[int]) -> str:
    """``3, 5, 9`` — at most ten, then how many more."""
    shown = ", ".join(map(str, numbers[:10]))
    return shown + (f" and {len(numbers) - 10} more" if len(numbers) > 10 else "")


def _read_dicx(text: str, name: str) -> Raw:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = []
        start = 1
        for row in reader:
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise DictionaryError(name, f"line {reader.line_num}: CSV error: {exc}") from None
    rows = [(n, row) for n, row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise DictionaryError(name, "no header", hint="a .dicx file starts with 'DicTerm,Category,…'")
    head_line, header = rows[0]
    categories = [" ".join(c.split()) for c in header[1:]]
    if not categories:
        raise DictionaryError(name, f"line {head_line}: no category columns after the term column")
    themes: dict[str, tuple[int, list[tuple[str, int]]]] = {}
    for i, category in enumerate(categories, 2):
        if not category:
            raise DictionaryError(name, f"line {head_line}: column {i} has no category name")
        if category in themes:
            raise DictionaryError(name, f"line {head_line}: category {category!r} appears twice")
        themes[category] = (head_line, [])
    for n, row in rows[1:]:
        term = " ".join(row[0].split()) if row else ""
        cells = row[1:]
        if len(cells) > len(categories) and any(c.strip() for c in cells[len(categories):]):
            raise DictionaryError(name, f"line {n}: {len(row)} columns, but the header has {len(header)}")
        marked = [categories[i] for i, cell in enumerate(cells[: len(categories)]) if cell.strip()]
        if not term:
            raise DictionaryError(name, f"line {n}: a row without a term in the first column")
        if not marked:
            raise DictionaryError(name, f"line {n}: term {term!r} has no category marked")
        for category in marked:
            themes[category][1].append((term.lower(), n))
    return [(t, n, terms) for t, (n, terms) in themes.items()]
