"""`dialogue duplicates`: syndicated and reused text between documents.

Each document's cleaned body becomes a set of *shingles*: runs of ``k``
consecutive syllables (normalized, case-folded, punctuation dropped), hashed
stably across processes (blake2b per syllable, mixed into 64 bits). Candidate
pairs come from two indexes, then every candidate is verified exactly:

* **MinHash + LSH** (128 permutations, banded so that a pair at the Jaccard
  threshold is a candidate with probability ≥ 0.99): near-complete copies,
  however often a text was republished;
* **an inverted index of shingles** (passim's approach), skipping shingles in
  more than ``max_df`` documents: partial reuse, a passage of a long
  article, which Jaccard-LSH misses. Each cluster of copies found by LSH is
  indexed once (the union of its members' shingles).

What grows with the corpus: per document one sorted ``uint64`` array of its
distinct shingles (8 bytes a syllable) and a 512-byte signature; the index
and the LSH buckets are built once over them.

>>> a = shingles_of_text("a", "Một hai ba bốn năm sáu bảy tám.", k=3)
>>> b = shingles_of_text("b", "Một hai ba bốn năm sáu bảy chín.", k=3)
>>> [(r["jaccard"], r["containment"], r["relation"]) for r in pair_rows([a, b], floor=0.1)]
[(0.714, 0.833, 'duplicate')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from hashlib import blake2b
from typing import Any, Callable, Iterable, Iterator, Literal, Sequence

import numpy as np

__all__ = ["Shingled", "shingle", "shingles_of_text", "pair_rows", "passage_rows", "cluster_rows", "duplicates_of",
           "lsh_bands", "by_group", "PAIR_COLUMNS", "PASSAGE_COLUMNS", "CLUSTER_COLUMNS", "K", "THRESHOLD", "CONTAINMENT",
           "FLOOR", "MIN_PASSAGE", "MAX_DF"]

K = 5  # syllables per shingle
THRESHOLD = 0.5  # Jaccard: a duplicate
CONTAINMENT = 0.8  # share of the smaller document: contained
FLOOR = 0.1  # pairs sharing less than this share of the smaller document are not listed
MIN_PASSAGE = 25  # syllables
MAX_DF = 100  # the inverted index skips shingles in more documents than this
PERMUTATIONS = 128

PAIR_COLUMNS = ["source", "other", "jaccard", "containment", "shared", "relation"]
PASSAGE_COLUMNS = ["source", "start", "end", "other", "other_start", "other_end", "syllables", "text"]
CLUSTER_COLUMNS = ["cluster", "source", "role", "jaccard"]

Relation = Literal["duplicate", "contained", "partial"]

_SYLLABLE = re.compile(r"[^\W_]+")
_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)
_rng = np.random.default_rng(20211307)  # fixed: signatures are comparable across runs and processes
_A = _rng.integers(1, 2**63, size=PERMUTATIONS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)  # odd
_B = _rng.integers(0, 2**63, size=PERMUTATIONS, dtype=np.uint64)
_syllable_hashes: dict[str, int] = {}


@dataclass(frozen=True, slots=True)
class Shingled:
    """One document's shingles. ``unique``: its distinct shingle hashes, sorted;
    ``signature``: its MinHash. With passages: ``ordered`` (the shingle at
    each syllable), ``starts``/``ends`` (each syllable's offsets in the
    original text) and that ``text``."""

    source: str
    unique: np.ndarray
    signature: np.ndarray
    ordered: np.ndarray | None = None
    starts: np.ndarray | None = None
    ends: np.ndarray | None = None
    text: str | None = None
    series: str | None = None  # the value of --across FIELD: pairs within one series are not listed

    @property
    def size(self) -> int:
        return len(self.unique)


def _hash(syllable: str) -> int:
    h = _syllable_hashes.get(syllable)
    if h is None:
        h = _syllable_hashes[syllable] = int.from_bytes(blake2b(syllable.encode(), digest_size=8).digest(), "little")
    return h


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64's finalizer: every output bit depends on every input bit."""
    h = h ^ (h >> np.uint64(30))
    h = h * np.uint64(0xBF58476D1CE4E5B9)
    h = h ^ (h >> np.uint64(27))
    h = h * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


def _shingle_hashes(syllables: Sequence[str], k: int) -> np.ndarray:
    n = len(syllables) - k + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    h = np.fromiter((_hash(s) for s in syllables), dtype=np.uint64, count=len(syllables))
    acc = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):  # a polynomial in the syllable hashes, position-dependent
            acc = acc * np.uint64(0x100000001B3) + h[j:j + n]
        return _mix(acc)


def _signature(unique: np.ndarray) -> np.ndarray:
    """MinHash: per permutation (multiply-shift hashing), the least high 32 bits."""
    if not len(unique):
        return np.full(PERMUTATIONS, 0xFFFFFFFF, dtype=np.uint32)
    with np.errstate(over="ignore"):
        lows = [((unique[i:i + 4096, None] * _A + _B) >> np.uint64(32)).min(axis=0)
                for i in range(0, len(unique), 4096)]
    return np.minimum.reduce(lows).astype(np.uint32)


def _build(source: str, syllables: list[str], k: int, spans: list[tuple[int, int]] | None,
           text: str | None, series: str | None = None) -> Shingled:
    ordered = _shingle_hashes(syllables, k)
    unique = np.unique(ordered)
    if spans is None:
        return Shingled(source, unique, _signature(unique), series=series)
    starts = np.array([s for s, _ in spans], dtype=np.int32)
    ends = np.array([e for _, e in spans], dtype=np.int32)
    return Shingled(source, unique, _signature(unique), ordered, starts, ends, text, series)


def shingle(doc: Any, *, k: int = K, passages: bool = False, across: str | None = None) -> Shingled:
    """The shingles of an analysed document's cleaned body (``doc.norm``,
    ``doc.cleaned.body``); with ``passages``, what :func:`passage_rows` needs;
    with ``across``, the document's value of that metadata field."""
    text = doc.norm.text
    syllables: list[str] = []
    spans: list[tuple[int, int]] = []
    for start, end in doc.cleaned.body:
        for m in _SYLLABLE.finditer(text, start, end):
            syllables.append(m.group().casefold())
            if passages:
                spans.append(doc.norm.original_span(m.start(), m.end()))
    return _build(doc.source, syllables, k, spans if passages else None, doc.doc.text if passages else None,
                  (doc.meta.get(across) or None) if across else None)


def shingles_of_text(source: str, text: str, *, k: int = K, passages: bool = False) -> Shingled:
    """:func:`shingle` of a plain (already normalized, uncleaned) text, for tests and examples."""
    matches = list(_SYLLABLE.finditer(text))
    spans = [m.span() for m in matches] if passages else None
    return _build(source, [m.group().casefold() for m in matches], k, spans, text if passages else None)


def lsh_bands(threshold: float, permutations: int = PERMUTATIONS) -> tuple[int, int]:
    """``(bands, rows)``: the most rows per band for which a pair at ``threshold``
    is still a candidate with probability ≥ 0.99 (few false candidates, and
    every candidate is verified anyway).

    >>> lsh_bands(0.5)
    (42, 3)
    """
    best = (permutations, 1)
    for rows in range(1, permutations + 1):
        bands = permutations // rows
        if 1 - (1 - threshold ** rows) ** bands >= 0.99:
            best = (bands, rows)
    return best


def _lsh_candidates(docs: Sequence[Shingled], threshold: float) -> set[tuple[int, int]]:
    bands, rows = lsh_bands(threshold)
    found: set[tuple[int, int]] = set()
    for band in range(bands):  # (identical signatures: the same pairs again, a set keeps them once)
        buckets: dict[bytes, list[int]] = {}
        for i, d in enumerate(docs):
            if d.size:
                buckets.setdefault(d.signature[band * rows:(band + 1) * rows].tobytes(), []).append(i)
        for members in buckets.values():
            for x, i in enumerate(members):
                found.update((i, j) for j in members[x + 1:])
    return found


def _index_candidates(sets: Sequence[np.ndarray], *, max_df: int, min_shared: int) -> dict[tuple[int, int], int]:
    """Pairs of ``sets`` (sorted distinct hashes) sharing at least ``min_shared``
    hashes that are in at most ``max_df`` sets, with that count: one sort of
    every (hash, set)."""
    if len(sets) < 2:
        return {}
    hashes = np.concatenate(sets)
    owners = np.repeat(np.arange(len(sets), dtype=np.int64), [len(x) for x in sets])
    order = np.argsort(hashes, kind="stable")  # stable: within a hash, owners stay in order
    hashes, owners = hashes[order], owners[order]
    starts = np.concatenate(([0], np.flatnonzero(np.diff(hashes)) + 1))
    sizes = np.diff(np.concatenate((starts, [len(hashes)])))
    codes = []
    n = np.int64(len(sets))
    for size in np.unique(sizes[(sizes >= 2) & (sizes <= max_df)]):
        groups = owners[starts[sizes == size][:, None] + np.arange(size)]
        a, b = np.triu_indices(int(size), 1)
        codes.append((groups[:, a] * n + groups[:, b]).ravel())
    if not codes:
        return {}
    pairs, counts = np.unique(np.concatenate(codes), return_counts=True)
    keep = counts >= min_shared
    return {(int(p // n), int(p % n)): int(c) for p, c in zip(pairs[keep], counts[keep])}


def _relation(jaccard: float, containment: float, *, threshold: float, contained: float) -> Relation:
    if jaccard >= threshold:
        return "duplicate"
    return "contained" if containment >= contained else "partial"


Verified = tuple[float, float, int]  # jaccard, containment, shared


def _verify(a: Shingled, b: Shingled) -> Verified:
    small, large = (a.unique, b.unique) if a.size <= b.size else (b.unique, a.unique)
    if not len(small):
        return 0.0, 0.0, 0
    at = np.searchsorted(large, small).clip(max=len(large) - 1) if len(large) else None
    shared = int((large[at] == small).sum()) if at is not None else 0
    if not shared:
        return 0.0, 0.0, 0
    return shared / (a.size + b.size - shared), shared / min(a.size, b.size), shared


def _clusters(docs: Sequence[Shingled], threshold: float) -> tuple[dict[tuple[int, int], Verified], list[int]]:
    """The LSH candidates, verified, and each document's cluster: the first
    document in input order of those linked by Jaccard ≥ ``threshold``."""
    parent = list(range(len(docs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    verified = {}
    for i, j in sorted(_lsh_candidates(docs, threshold)):
        verified[(i, j)] = v = _verify(docs[i], docs[j])
        if v[0] >= threshold:
            ri, rj = root(i), root(j)
            parent[max(ri, rj)] = min(ri, rj)
    return verified, [root(i) for i in range(len(docs))]


def _pairs(docs: Sequence[Shingled], *, threshold: float, floor: float, max_df: int,
           min_shared: int = 2) -> list[tuple[int, int, float, float, int]]:
    """Verified pairs ``(i, j, jaccard, containment, shared)``, i before j in input
    order, most contained first. Copies are indexed once: the inverted index
    holds one set per cluster (the union of its members'), so that a text
    published a hundred times neither hides behind ``max_df`` nor makes
    ``max_df²`` pairs per shingle; each pair of clusters it finds is then
    verified member by member. Pairs within one ``series`` are left out."""
    verified, roots = _clusters(docs, threshold)
    members: dict[int, list[int]] = {}
    for i, r in enumerate(roots):
        members.setdefault(r, []).append(i)
    keys = list(members)
    sets = [docs[r].unique if len(members[r]) == 1 else np.unique(np.concatenate([docs[i].unique for i in members[r]]))
            for r in keys]
    smallest = [min(docs[i].size for i in members[r]) for r in keys]
    candidates = {(i, j) for m in members.values() for x, i in enumerate(m) for j in m[x + 1:]}
    for (x, y), count in _index_candidates(sets, max_df=max_df, min_shared=min_shared).items():
        if count >= floor * min(smallest[x], smallest[y]):  # no member pair can reach the floor otherwise
            candidates.update((min(i, j), max(i, j)) for i in members[keys[x]] for j in members[keys[y]])
    found = []
    for i, j in sorted(candidates | set(verified)):
        jaccard, containment, shared = verified.get((i, j)) or _verify(docs[i], docs[j])
        series = docs[i].series
        if series is not None and series == docs[j].series:  # passim's "series": one outlet repeating itself
            continue
        if shared and (containment >= floor or jaccard >= threshold):
            found.append((i, j, jaccard, containment, shared))
    found.sort(key=lambda p: (-p[3], -p[2], p[0], p[1]))
    return found


def pair_rows(docs: Sequence[Shingled], *, threshold: float = THRESHOLD, contained: float = CONTAINMENT,
              floor: float = FLOOR, max_df: int = MAX_DF) -> Iterator[dict[str, Any]]:
    """Pairs of documents sharing at least ``floor`` of the smaller one's shingles
    (or with Jaccard ≥ ``threshold``), most contained first: ``relation`` is
    ``duplicate`` (Jaccard ≥ threshold), ``contained`` (containment ≥
    ``contained``) or ``partial``."""
    for i, j, jac, con, shared in _pairs(docs, threshold=threshold, floor=floor, max_df=max_df):
        yield {"source": docs[i].source, "other": docs[j].source, "jaccard": round(jac, 3),
               "containment": round(con, 3), "shared": shared,
               "relation": _relation(jac, con, threshold=threshold, contained=contained)}


def _runs(a: Shingled, b: Shingled) -> list[tuple[int, int, int]]:
    """Maximal runs ``(i, j, n)``: shingles ``a[i:i+n]`` equal ``b[j:j+n]`` (array-wise:
    every matching (i, j), sorted by diagonal i - j, cut where it breaks)."""
    assert a.ordered is not None and b.ordered is not None
    order = np.argsort(b.ordered, kind="stable")
    hashes = b.ordered[order]
    lo = np.searchsorted(hashes, a.ordered, "left")
    counts = np.searchsorted(hashes, a.ordered, "right") - lo
    i = np.repeat(np.arange(len(a.ordered)), counts)
    if not len(i):
        return []
    first = np.repeat(lo - np.concatenate(([0], np.cumsum(counts)[:-1])), counts)  # each match's place in b
    j = order[first + np.arange(len(i))]
    by = np.lexsort((i, i - j))
    i, j = i[by], j[by]
    starts = np.flatnonzero(np.concatenate(([True], (np.diff(i - j) != 0) | (np.diff(i) != 1))))
    lengths = np.diff(np.concatenate((starts, [len(i)])))
    return sorted(zip(i[starts].tolist(), j[starts].tolist(), lengths.tolist()))


def passage_rows(docs: Sequence[Shingled], *, k: int = K, min_syllables: int = MIN_PASSAGE,
                 threshold: float = THRESHOLD, max_df: int = MAX_DF) -> Iterator[dict[str, Any]]:
    """Every passage of at least ``min_syllables`` syllables that two documents
    share (a maximal run of shared shingles), whatever share of them it is,
    as character offsets into each original text; ``text`` is the first
    document's, as written. Pairs as :func:`pair_rows` orders them. Needs
    documents shingled with ``passages=True``."""
    least = max(2, min_syllables - k + 1)  # shingles a pair must share to share such a passage
    for i, j, *_ in _pairs(docs, threshold=threshold, floor=0.0, max_df=max_df, min_shared=least):
        a, b = docs[i], docs[j]
        assert a.starts is not None and a.ends is not None and b.starts is not None and b.ends is not None
        for x, y, n in _runs(a, b):
            syllables = n + k - 1
            if syllables < min_syllables:
                continue
            start, end = int(a.starts[x]), int(a.ends[x + syllables - 1])
            yield {"source": a.source, "start": start, "end": end, "other": b.source,
                   "other_start": int(b.starts[y]), "other_end": int(b.ends[y + syllables - 1]),
                   "syllables": syllables, "text": (a.text or "")[start:end]}


def duplicates_of(docs: Sequence[Shingled], *, threshold: float = THRESHOLD) -> dict[int, tuple[int, float]]:
    """Union-find over the pairs with Jaccard ≥ ``threshold``: each copy's index →
    (its cluster's first document in input order, their Jaccard)."""
    verified, roots = _clusters(docs, threshold)
    return {i: (r, (verified.get((r, i)) or _verify(docs[r], docs[i]))[0]) for i, r in enumerate(roots) if r != i}


def cluster_rows(docs: Sequence[Shingled], *, threshold: float = THRESHOLD) -> Iterator[dict[str, Any]]:
    """Clusters of near-complete duplicates (Jaccard ≥ ``threshold``, linked
    transitively), numbered in input order: the ``kept`` document (the first)
    and each ``copy`` with its Jaccard to the kept one."""
    copies = duplicates_of(docs, threshold=threshold)
    members: dict[int, list[int]] = {}
    for i, (kept, _) in sorted(copies.items()):
        members.setdefault(kept, []).append(i)
    for number, kept in enumerate(sorted(members), start=1):
        yield {"cluster": number, "source": docs[kept].source, "role": "kept", "jaccard": None}
        for i in members[kept]:
            yield {"cluster": number, "source": docs[i].source, "role": "copy", "jaccard": round(copies[i][1], 3)}


def by_group(keyed: Iterable[tuple[Any, Shingled]], *, by: Any,
             rows: Callable[[list[Shingled]], Iterable[dict[str, Any]]]) -> Iterator[dict[str, Any]]:
    """``rows(docs)`` for the documents of each ``--by`` group, in group order, each
    row led by the group's fields: pairs are looked for inside a group only (one
    month, one outlet), and clusters are numbered within it.

    >>> from dialogue_cli.analysis.groups import parse_by
    >>> list(by_group([(("b",), "x"), (("a",), "y"), (("b",), "z")], by=parse_by("outlet"),
    ...               rows=lambda docs: [{"n": len(docs)}]))
    [{'outlet': 'a', 'n': 1}, {'outlet': 'b', 'n': 2}]
    """
    from dialogue_cli.analysis.groups import order

    groups: dict[Any, list[Shingled]] = {}
    for key, doc in keyed:
        groups.setdefault(key, []).append(doc)
    for key in order(groups, by):
        label = by.label(key)
        for row in rows(groups[key]):
            yield {**label, **row}
