"""Groups of documents: ``--by FIELD[,FIELD…]`` and ``--target``/``--reference``.

A group is the documents sharing the values of some metadata fields, as
quanteda's ``groups=`` over docvars. ``date:year``, ``date:month``,
``date:week`` (ISO) and ``date:day`` group any date-like field by period.
Groups are aggregated as documents stream by; their totals are always sums
of the per-document rows (one implementation of each count).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Hashable, Iterable, Iterator, Mapping, Sequence

from typing import TYPE_CHECKING

from dialogue_cli.errors import DialogueError
from dialogue_cli.text.normalize import collation_key

if TYPE_CHECKING:
    from dialogue_cli.corpus.metadata import DatePart

__all__ = ["GroupError", "GroupBy", "parse_by", "Selector", "parse_selector", "order", "EmptyValues", "BY_SOURCE",
           "Comparison", "Labels", "field_names", "check_fields", "with_group_fields"]

Key = tuple[str, ...]
_PARTS = ("year", "month", "week", "day")
_NAME = re.compile(r"^[^\s,=:]+$")


class GroupError(DialogueError):
    """A ``--by`` or ``--target`` that cannot be understood (a usage error)."""

    def __init__(self, problem: str, *, hint: str | None = None) -> None:
        super().__init__(problem)
        self.hint = hint


def _field(text: str, option: str) -> tuple[str, DatePart | None]:
    name, _, part = text.strip().partition(":")
    if not _NAME.match(name):
        raise GroupError(f"{option}: {text.strip()!r} is not a field name",
                         hint="fields are source, file, folder, title, date, outlet, byline and your own")
    if part and part not in _PARTS:
        raise GroupError(f"{option}: {text.strip()!r}: a date groups by {', '.join(_PARTS)}",
                         hint="e.g. --by date:month")
    return name, part or None  # type: ignore[return-value]


@dataclass(frozen=True)
class GroupBy:
    """Which fields make a group; ``key(meta)`` gives a document's group.

    >>> by = parse_by("outlet,date:month")
    >>> by.columns, by.key({"outlet": "VNE", "date": "14/07/2021"})
    (['outlet', 'date:month'], ('VNE', '2021-07'))
    """

    parts: tuple[tuple[str, DatePart | None], ...] = (("source", None),)

    @property
    def columns(self) -> list[str]:
        return [f"{name}:{part}" if part else name for name, part in self.parts]

    @property
    def is_source(self) -> bool:
        """One group per document, in input order: the per-source rows."""
        return self.parts == (("source", None),)

    def key(self, meta: Mapping[str, str]) -> Key:
        """The document's value of each field (NFC, trimmed: "Tuổi Trẻ" typed
        in NFD is the same group), or its date's period; empty when missing."""
        from dialogue_cli.corpus.metadata import date_part

        return tuple(
            date_part(meta.get(name) or "", part) if part else _value(meta.get(name) or "")
            for name, part in self.parts
        )

    def label(self, key: Key) -> dict[str, str]:
        """The group's field columns."""
        return dict(zip(self.columns, key))


BY_SOURCE = GroupBy()


def _value(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def parse_by(text: str | None) -> GroupBy:
    """``--by``: comma-separated fields, each optionally ``:year`` etc."""
    if text is None or not text.strip():
        return BY_SOURCE
    parts = tuple(_field(p, "--by") for p in text.split(","))
    if len(set(parts)) < len(parts):
        raise GroupError(f"--by {text}: a field is named twice")
    return GroupBy(parts)


@dataclass(frozen=True)
class Selector:
    """``FIELD=VALUE[,FIELD=VALUE…]``: the documents matching every condition.

    >>> parse_selector("outlet=VNE,date:year=2021").matches({"outlet": "VNE", "date": "2021-07-14"})
    True
    """

    text: str
    by: GroupBy
    values: Key

    def matches(self, meta: Mapping[str, str]) -> bool:
        return self.by.key(meta) == self.values


def parse_selector(text: str, *, option: str = "--target") -> Selector:
    """``FIELD=VALUE[,FIELD=VALUE…]``. A comma not followed by ``FIELD=`` is part
    of the value: ``outlet=Tuổi Trẻ, TP.HCM`` is one condition.

    >>> parse_selector("outlet=Tuổi Trẻ, TP.HCM,date:year=2021").values
    ('Tuổi Trẻ, TP.HCM', '2021')
    """
    conds: list[list[str]] = []
    for piece in text.split(","):
        name, eq, value = piece.partition("=")
        if eq and _NAME.match(name.strip().partition(":")[0]) or not conds:
            conds.append([name, value] if eq else [piece, ""])
            if not eq:
                raise GroupError(f"{option} {text}: {piece.strip()!r} is not FIELD=VALUE",
                                 hint="e.g. --target outlet=VNE")
        else:
            conds[-1][1] += "," + piece
    parts = tuple(_field(name, option) for name, _ in conds)
    return Selector(text, GroupBy(parts), tuple(_value(value) for _, value in conds))


@dataclass(frozen=True)
class Comparison:
    """``--target`` against ``--reference`` (default: every other document),
    AntConc's keyness against a reference corpus. A document matching both
    is in the target; one matching neither is left out.

    >>> c = Comparison(parse_selector("outlet=VNE"), parse_selector("outlet=TT", option="--reference"))
    >>> [c.key({"outlet": o}) for o in ("VNE", "TT", "TN")]
    ['target', 'reference', None]
    """

    target: Selector
    reference: Selector | None = None

    @property
    def columns(self) -> list[str]:
        return ["target", "reference"]

    def key(self, meta: Mapping[str, str]) -> str | None:
        if self.target.matches(meta):
            return "target"
        return "reference" if self.reference is None or self.reference.matches(meta) else None

    def label(self, key: str) -> dict[str, str]:
        return {"target": self.target.text, "reference": self.reference.text if self.reference else "the rest"}


class Labels:
    """String labels for groups (what keyword statistics are keyed by), and
    back to their field columns, in output order."""

    def __init__(self, grouping: GroupBy | Comparison) -> None:
        self.grouping = grouping
        self.keys: dict[str, Any] = {}

    @property
    def columns(self) -> list[str]:
        return self.grouping.columns

    def __call__(self, key: Any) -> str | None:
        """The label of a document's group (None: the document is left out)."""
        if key is None:
            return None
        label = key if isinstance(key, str) else "\x1f".join(key)
        self.keys.setdefault(label, key)
        return label

    def output(self) -> list[str]:
        """The groups to show, in order: input order per source, sorted groups,
        or just the target of a comparison."""
        g = self.grouping
        if isinstance(g, Comparison):
            return ["target"] if "target" in self.keys else []
        if g.is_source:
            return list(self.keys)
        return ["\x1f".join(k) for k in order(self.keys.values(), g)]

    def fields(self, label: str) -> dict[str, str]:
        return self.grouping.label(self.keys[label])

    def relabel(self, rows: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
        """Rows keyed by ``source`` = a label, with the group's field columns instead
        (and ``group``, the values joined, "(no outlet)" for an empty one, to title
        one table per group).

        >>> labels = Labels(parse_by("outlet,date:month"))
        >>> labels(("", "2021-07"))
        '\\x1f2021-07'
        >>> list(labels.relabel([{"source": "\x1f2021-07", "rank": 1}]))
        [{'outlet': '', 'date:month': '2021-07', 'group': '(no outlet) · 2021-07', 'rank': 1}]
        """
        for row in rows:
            fields = self.fields(row.pop("source"))
            yield {**fields, "group": " · ".join(v or f"(no {c})" for c, v in fields.items()), **row}

    def check(self) -> None:
        """A comparison whose target or reference matched no document cannot be made."""
        g = self.grouping
        if isinstance(g, Comparison):
            for key, selector in (("target", g.target), ("reference", g.reference)):
                if key not in self.keys:
                    what = f"--{key} {selector.text}" if selector else "the rest of the corpus"
                    raise GroupError(f"{what} matched no document",
                                     hint="`dialogue sources` shows each document's fields")


def field_names(grouping: GroupBy | Comparison) -> list[str]:
    """The metadata fields a grouping reads (``date`` for ``date:month``)."""
    if isinstance(grouping, Comparison):
        selectors = [grouping.target, *([grouping.reference] if grouping.reference else [])]
        return list(dict.fromkeys(name for s in selectors for name, _ in s.by.parts))
    return list(dict.fromkeys(name for name, _ in grouping.parts))


def check_fields(grouping: GroupBy | Comparison, known: Iterable[str]) -> None:
    """A field no document can carry is a usage error (a typo, most often).

    >>> check_fields(parse_by("outlett"), ["source", "outlet"])
    Traceback (most recent call last):
    ...
    dialogue_cli.analysis.groups.GroupError: no document has a field 'outlett'
    """
    known = list(known)
    for name in field_names(grouping):
        if name not in known:
            raise GroupError(f"no document has a field {name!r}", hint=f"the fields are {', '.join(known)}")


def order(keys: Iterable[Key], by: GroupBy) -> list[Key]:
    """Groups sorted field by field: dates in time order, other values in
    Vietnamese alphabetical order, an empty value last.

    >>> order([("TT",), ("",), ("Đà Nẵng",), ("An Giang",)], parse_by("outlet"))
    [('An Giang',), ('Đà Nẵng',), ('TT',), ('',)]
    """
    dated = [part is not None for _, part in by.parts]

    def sort_key(key: Key) -> tuple[Any, ...]:
        return tuple((v == "", v if d else collation_key(v)) for v, d in zip(key, dated))

    return sorted(keys, key=sort_key)


class EmptyValues:
    """Counts documents whose group has an empty value, per field, for one
    warning each: they are not dropped, they form a group of their own."""

    def __init__(self, by: GroupBy, *, grouped: bool = True) -> None:
        self.by = by
        self.grouped = grouped  # False: the fields are only shown on each row (kwic, evidence)
        self.counts = [0] * len(by.parts)

    def add(self, key: Key) -> None:
        for i, value in enumerate(key):
            if not value:
                self.counts[i] += 1

    def notes(self) -> list[str]:
        out = []
        for column, (name, part), n in zip(self.by.columns, self.by.parts, self.counts):
            if n:
                what = f"no {name}" if part is None else f"no {name} with a {part} (or one that is not a date)"
                one = n == 1
                then = (f"{'it forms' if one else 'they form'} a group with an empty {column}" if self.grouped else
                        f"{'its' if one else 'their'} rows show {column} empty")
                out.append(f"{n:,} document{'' if one else 's'} {'has' if one else 'have'} {what}: {then}")
        return out


def with_group_fields(pairs: Iterable[tuple[Key, Mapping[str, Any]]], by: GroupBy, *,
                      columns: Sequence[str]) -> Iterator[dict[str, Any]]:
    """Each ``(group key, row)`` as the row with its group's fields added (one row per
    mention or line, not per group). A field named like one of the output's ``columns``
    would overwrite it: a GroupError, raised now, before any row.

    >>> by = parse_by("outlet")
    >>> list(with_group_fields([(("VNE",), {"source": "a", "match": "x"})], by, columns=["source", "match"]))
    [{'source': 'a', 'match': 'x', 'outlet': 'VNE'}]
    """
    clash = [c for c in by.columns if c in columns and c != "source"]
    if clash:
        raise GroupError(f"--by {clash[0]}: this output has a column {clash[0]!r} of its own",
                         hint="rename the field (for --meta, its column; for --path-pattern, its group)")
    return ({**row, **by.label(key)} for key, row in pairs)


def sum_into(totals: dict[Hashable, dict[str, int]], key: Hashable, row: Mapping[str, Any],
             columns: Iterable[str]) -> None:
    """Add ``row``'s ``columns`` to the running totals of group ``key``."""
    acc = totals.setdefault(key, dict.fromkeys(columns, 0))
    for c in acc:
        acc[c] += row[c]
