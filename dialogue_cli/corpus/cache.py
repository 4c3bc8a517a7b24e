"""Segmentation cache: an SQLite file, so an unchanged corpus is never segmented twice.

Key: a hash of the normalized text, the regions segmented (the cleaned body),
the options that change segmentation (POS tags), this pipeline's version and
underthesea's. Value: each sentence's span and tokens (and tags), as
zlib-compressed JSON: nothing in the file is ever executed. Word spans are
not stored; they are aligned again when a command needs them.

The file lives in the user cache directory (platformdirs), or in
``$DIALOGUE_CACHE_DIR``. Several processes may read and write it at once (WAL
journal, busy timeout). If it is corrupt or unreadable, the first failure is
recorded in :attr:`SegmentCache.problem` and the cache is bypassed: it never
fails an analysis.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
import zlib
from functools import cache
from pathlib import Path
from typing import Any, Iterable, Sequence

from dialogue_cli.text.segment import Sentence

__all__ = ["PIPELINE_VERSION", "SegmentCache", "cache_dir", "cache_key", "info", "clear"]

# Bump when normalization, cleaning or segmentation changes what is stored.
PIPELINE_VERSION = "3"
FILENAME = "segments.sqlite3"


def cache_dir() -> Path:
    """``$DIALOGUE_CACHE_DIR``, else the platform's user cache directory."""
    override = os.environ.get("DIALOGUE_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("dialogue-cli"))


@cache
def _underthesea_version() -> str:
    """The installed underthesea's version, without importing it: from its
    dist-info folder name when there is one (fast), else importlib.metadata."""
    from importlib.util import find_spec

    spec = find_spec("underthesea")
    if spec is not None and spec.origin:
        site = Path(spec.origin).parent.parent
        found = sorted(site.glob("underthesea-*.dist-info"))
        if len(found) == 1:
            return found[0].name[len("underthesea-"):-len(".dist-info")]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("underthesea")
    except PackageNotFoundError:  # pragma: no cover
        return "unknown"


def cache_key(text: str, regions: Sequence[tuple[int, int]], *, pos: bool, kind: str = "segments") -> str:
    """Hash of everything that decides the segmentation of ``text``.

    >>> cache_key("a", [(0, 1)], pos=False) == cache_key("a", [(0, 1)], pos=True)
    False
    """
    h = hashlib.sha256()
    head = json.dumps([kind, PIPELINE_VERSION, _underthesea_version(), pos, list(regions)])
    h.update(head.encode())
    h.update(b"\0")
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _encode(sentences: Iterable[Sentence]) -> bytes:
    data = [[s.start, s.end, s.tokens, s.tags] for s in sentences]
    return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(), 1)


def _decode(blob: bytes, text: str) -> list[Sentence]:
    return [
        Sentence(start, end, text[start:end], tuple(tokens), None if tags is None else tuple(tags))
        for start, end, tokens, tags in json.loads(zlib.decompress(blob))
    ]


def _retry_locked(action: Any, attempts: int = 40) -> Any:
    """Run ``action``, waiting out "database is locked": while several processes
    create the file at once, SQLite can answer that without using its busy timeout."""
    for attempt in range(attempts):
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(min(0.01 * (attempt + 1), 0.2))
    return None  # pragma: no cover


class SegmentCache:
    """Get and put segmentations; bypassed (with ``problem`` set) after an error."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / FILENAME
        self.problem: str | None = None
        self._db: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)

            def setup() -> None:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute("PRAGMA cache_size=-256")  # 256 KiB: lookups are one-off, a bigger page cache only grows RSS
                db.execute("CREATE TABLE IF NOT EXISTS segments (key TEXT PRIMARY KEY, value BLOB NOT NULL)")

            _retry_locked(setup)
            self._db = db
        return self._db

    def _fail(self, exc: Exception) -> None:
        self.problem = f"{self.path}: cache bypassed ({exc})"
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
        self._db = None

    def _get(self, key: str, decode: Any) -> Any:
        if self.problem:
            return None
        try:
            row = _retry_locked(
                lambda: self._connect().execute("SELECT value FROM segments WHERE key = ?", (key,)).fetchone()
            )
            return decode(row[0]) if row else None
        except (sqlite3.Error, OSError, zlib.error, ValueError, TypeError) as exc:
            self._fail(exc)
            return None

    def _put(self, key: str, blob: bytes) -> None:
        if self.problem:
            return
        try:
            _retry_locked(lambda: self._connect().execute("INSERT OR REPLACE INTO segments VALUES (?, ?)", (key, blob)))
        except (sqlite3.Error, OSError) as exc:
            self._fail(exc)

    def get(self, key: str, text: str) -> list[Sentence] | None:
        """The cached sentences of the normalized ``text`` under ``key``, or None."""
        return self._get(key, lambda blob: _decode(blob, text))  # type: ignore[no-any-return]

    def put(self, key: str, sentences: list[Sentence]) -> None:
        self._put(key, _encode(sentences))

    def get_json(self, key: str) -> Any:
        """A small JSON value under ``key`` (compiled dictionary terms)."""
        return self._get(key, lambda blob: json.loads(zlib.decompress(blob)))

    def put_json(self, key: str, value: Any, *, max_bytes: int | None = None) -> None:
        """Store ``value``; with ``max_bytes``, only if it compresses to that size or less."""
        blob = zlib.compress(json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass"), 1)
        if max_bytes is None or len(blob) <= max_bytes:
            self._put(key, blob)


def info(directory: Path) -> dict[str, Any]:
    """Where the cache is, how many segmentations it holds, how big it is."""
    path = directory / FILENAME
    entries: int | str = 0
    if path.exists():
        try:
            with sqlite3.connect(path, timeout=30) as db:
                entries = db.execute("SELECT count(*) FROM segments").fetchone()[0]
        except sqlite3.Error as exc:
            entries = f"unreadable ({exc})"
    size = sum(p.stat().st_size for p in directory.glob(FILENAME + "*")) if directory.exists() else 0
    return {"path": str(path), "entries": entries, "bytes": size, "pipeline": PIPELINE_VERSION,
            "underthesea": _underthesea_version()}


def clear(directory: Path) -> int:
    """Delete the cache files; returns how many bytes were freed."""
    freed = 0
    for p in directory.glob(FILENAME + "*"):
        freed += p.stat().st_size
        p.unlink()
    return freed
