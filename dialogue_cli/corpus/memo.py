"""The warm path: a command's per-document result, remembered per unchanged file.

A re-run over files that have not changed skips reading, normalizing,
cleaning, segmentation and the command's own step: the result is looked up
under a key made of the file's identity (real path, size, mtime and ctime in
nanoseconds), its metadata fields, the options that change an analysis, a
token describing the step (function and arguments) and a hash of this
package's code. Anything else misses, and takes the ordinary path through the
content-hash segmentation cache. Results are stored as JSON (never pickle)
and only when small; a result type that is not plain rows must offer
``to_json()`` / ``from_json()``.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import Any, Callable

__all__ = ["step_token", "file_key", "encode", "decode", "MAX_BYTES"]

MAX_BYTES = 16_384  # a larger result (e.g. every token of a long article) is not worth keeping
MAX_ROWS = 500  # more rows than this are not even encoded (tokenize: the segmentation cache serves it)


class _Opaque(Exception):
    """A step argument with no stable description: do not memoize."""


def _token(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [_token(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(json.dumps(_token(v), ensure_ascii=False) for v in value)
    if isinstance(value, dict):
        return sorted((str(k), _token(v)) for k, v in value.items())
    if isinstance(value, partial):
        return [_token(value.func), _token(value.args), _token(value.keywords)]
    if callable(getattr(value, "cache_token", None)):
        return [type(value).__qualname__, value.cache_token()]
    if callable(value) and getattr(value, "__module__", "").startswith("dialogue_cli"):
        return f"{value.__module__}:{value.__qualname__}"
    raise _Opaque(type(value).__qualname__)


@lru_cache(maxsize=16)
def step_token(step: Callable[..., Any]) -> str | None:
    """A stable description of a step, or None if one of its arguments has none
    (computed once per step object: a run asks for every document).

    >>> step_token(partial(step_token, 1, x={"b", "a"})) == step_token(partial(step_token, 1, x={"a", "b"}))
    True
    >>> step_token(partial(step_token, object())) is None
    True
    """
    try:
        text = json.dumps(_token(step), ensure_ascii=False, separators=(",", ":"))
    except _Opaque:
        return None
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@cache
def _code_version() -> str:
    """A hash of this package's source: any change to the code forgets old results."""
    h = hashlib.sha256()
    for f in sorted(Path(__file__).parent.parent.rglob("*.py")):
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def file_key(path: str, *, fields: Any, options: Any, token: str) -> str | None:
    """The memo key of one file's result, or None if it cannot be stat'ed."""
    from dialogue_cli.corpus.cache import PIPELINE_VERSION, _underthesea_version

    try:
        st = os.stat(path)
        real = os.path.realpath(path)
    except OSError:
        return None
    head = [PIPELINE_VERSION, _underthesea_version(), _code_version(), real, st.st_size, st.st_mtime_ns,
            st.st_ctime_ns, fields, options.encoding, options.raw, options.pos, token]
    return "result:" + hashlib.sha256(json.dumps(head, ensure_ascii=False).encode("utf-8", "surrogatepass")).hexdigest()


def _plain(value: Any) -> bool:
    """True if JSON gives ``value`` back exactly (no tuples, only str keys)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return True
    if isinstance(value, list):
        return all(map(_plain, value))
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


def encode(result: Any) -> Any:
    """A JSON value that :func:`decode` turns back into ``result``; None if there is none
    (or the result is too long to be worth keeping)."""
    if isinstance(result, list) and len(result) > MAX_ROWS:
        return None
    if _plain(result):
        return {"plain": result}
    if callable(getattr(result, "to_json", None)):
        cls = type(result)
        return {"type": f"{cls.__module__}:{cls.__qualname__}", "value": result.to_json()}
    return None


def decode(value: Any) -> Any:
    if "plain" in value:
        return value["plain"]
    module, _, name = value["type"].partition(":")
    if not module.startswith("dialogue_cli."):
        raise ValueError(f"unexpected result type {value['type']!r}")
    import importlib

    return getattr(importlib.import_module(module), name).from_json(value["value"])
