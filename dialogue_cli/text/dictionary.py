"""Theme dictionaries: a YAML or JSON mapping from theme name to a list of terms.

Loading validates the file and reports the first problem with its line
(YAML) as a :class:`~dialogue_cli.errors.DictionaryError`: not a mapping, a
theme without terms, an empty or non-text term, the same term under two
themes, a duplicated theme, a syntax error. Terms repeated within one theme
are kept once. Nested YAML keys become ``parent/child`` themes. LIWC ``.dic``
and ``.dicx`` files are read by :mod:`dialogue_cli.text.dictionary_formats`;
their terms may be in several themes (``shared``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from dialogue_cli.errors import DictionaryError
from dialogue_cli.text.normalize import normalize_term, scrub, visible

__all__ = ["Dictionary", "load_dictionary", "default_dictionary", "parse_dictionary"]

DEFAULT_NAME = "built-in themes"


@dataclass(frozen=True)
class Dictionary:
    """Themes in file order, each with its terms as written in the file."""

    name: str
    themes: dict[str, list[str]]
    shared: bool = False  # a term may be in several themes (imported LIWC dictionaries)
    warnings: tuple[str, ...] = ()  # what the import skipped, for the user


def default_dictionary() -> Dictionary:
    """The built-in three themes (package data ``data/themes.yaml``).

    >>> list(default_dictionary().themes)
    ['chuyển đổi số', 'tăng trưởng xanh', 'quản trị thực thi']
    """
    text = (resources.files("dialogue_cli") / "data" / "themes.yaml").read_text(encoding="utf-8")
    return parse_dictionary(text, name=DEFAULT_NAME)


def load_dictionary(path: str) -> Dictionary:
    """Read and validate a dictionary file: ``.dic`` (LIWC), ``.dicx`` (LIWC-22),
    ``.json`` as JSON, anything else as YAML."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise DictionaryError(path, "no such file", hint="check the path given to --themes") from None
    except OSError as exc:
        raise DictionaryError(path, (exc.strerror or str(exc)).lower()) from None
    suffix = path.lower().rsplit(".", 1)[-1]
    if suffix in ("dic", "dicx"):
        from dialogue_cli.text.dictionary_formats import read_liwc

        raw, warnings = read_liwc(data, name=path, dicx=suffix == "dicx")
        return validate(raw, name=path, shared=True, warnings=warnings)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DictionaryError(path, f"not UTF-8 (invalid byte at offset {exc.start})", hint="save it as UTF-8") from None
    return parse_dictionary(text, name=path, is_json=path.lower().endswith(".json"))


def _yaml_tree(text: str, name: str) -> Any:
    """Compose YAML into nodes, which remember their line numbers."""
    import yaml

    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:
        raise DictionaryError(name, _TOO_DEEP, hint=_EXAMPLE) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}: " if mark else ""
        raise DictionaryError(name, f"{where}YAML syntax error: {exc.problem or exc.context}",
                              hint="fix the YAML syntax") from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, e.g. a control character
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        line = text.count("\n", 0, exc.position) + 1
        raise DictionaryError(name, f"line {line}: YAML does not allow the character U+{char:04X}",
                              hint="remove it") from None
    except yaml.YAMLError as exc:
        raise DictionaryError(name, f"YAML error: {str(exc).splitlines()[0]}") from None


Raw = list[tuple[str, int, list[tuple[Any, int]]]]  # (theme, line, [(term, line)…]) as read


def _from_yaml(text: str, name: str) -> Raw:
    import yaml

    root = _yaml_tree(text, name)
    if not isinstance(root, yaml.MappingNode):
        raise DictionaryError(name, "expected a mapping from theme name to a list of terms", hint=_EXAMPLE)
    themes: Raw = []
    try:
        _yaml_themes(root, "", themes, name)
    except RecursionError:
        raise DictionaryError(name, _TOO_DEEP, hint=_EXAMPLE) from None
    return themes


def _yaml_themes(mapping: Any, parent: str, themes: Raw, name: str) -> None:
    """Append the themes of one mapping; a key whose value is a mapping nests (``parent/child``)."""
    import yaml

    for key, value in mapping.value:
        line = key.start_mark.line + 1
        if not isinstance(key, yaml.ScalarNode):
            raise DictionaryError(name, f"line {line}: a theme name must be text")
        clean = " ".join(scrub(key.value).split())
        nests = isinstance(value, yaml.MappingNode) and bool(value.value)
        if (parent or nests) and (not clean or not visible(clean)):
            raise DictionaryError(name, f"line {line}: empty theme name" + (f" under {parent!r}" if parent else ""))
        theme = f"{parent}/{clean}" if parent else (clean if nests else key.value)
        if nests:
            _yaml_themes(value, theme, themes, name)
            continue
        if isinstance(value, yaml.ScalarNode) and value.value != "":
            items = [(value, value.start_mark.line + 1)]  # a single term
        elif isinstance(value, yaml.SequenceNode):
            items = [(v, v.start_mark.line + 1) for v in value.value]
        elif isinstance(value, yaml.ScalarNode) or isinstance(value, yaml.MappingNode):
            items = []
        else:
            raise DictionaryError(name, f"line {line}: theme {theme!r} must be a list of terms", hint=_EXAMPLE)
        terms = []
        for node, term_line in items:
            if not isinstance(node, yaml.ScalarNode):  # a scalar's text is kept as written: "4.0"
                raise DictionaryError(
                    name, f"line {term_line}: a term under {theme!r} is a list or mapping, not text"
                )
            terms.append((node.value, term_line))
        themes.append((theme, line, terms))


def _from_json(text: str, name: str) -> Raw:
    try:
        data = json.loads(text, object_pairs_hook=_Pairs)  # every pair kept: a theme given twice is an error
    except json.JSONDecodeError as exc:
        raise DictionaryError(name, f"line {exc.lineno}: JSON syntax error: {exc.msg}") from None
    except RecursionError:
        raise DictionaryError(name, _TOO_DEEP, hint=_EXAMPLE) from None
    if not isinstance(data, _Pairs):
        raise DictionaryError(name, "expected an object from theme name to a list of terms", hint=_EXAMPLE)
    themes = []
    for theme, terms in data:
        if isinstance(terms, str):
            terms = [terms]
        if not isinstance(terms, list) or isinstance(terms, _Pairs):
            raise DictionaryError(name, f"theme {theme!r} must be a list of terms", hint=_EXAMPLE)
        for t in terms:
            if not isinstance(t, str):
                shown = json.dumps(_plain(t), ensure_ascii=False)[:60]
                raise DictionaryError(name, f"term {shown} under {theme!r} is not text", hint="write it as a string")
        themes.append((theme, 0, [(t, 0) for t in terms]))
    return themes


_EXAMPLE = 'e.g. "chuyển đổi số: [chuyển đổi số, kinh tế số]"'
_TOO_DEEP = "nested too deeply to be a dictionary (lists or mappings inside one another)"


class _Pairs(list):  # type: ignore[type-arg]
    """A JSON object as its (key, value) pairs, in order, repeats included."""


def _plain(value: Any) -> Any:
    """A parsed JSON value with its objects as dicts again (for messages)."""
    if isinstance(value, _Pairs):
        return {k: _plain(v) for k, v in value}
    return [_plain(v) for v in value] if isinstance(value, list) else value


def parse_dictionary(text: str, *, name: str, is_json: bool = False) -> Dictionary:
    """Validate dictionary text; ``name`` is used in error messages.

    >>> parse_dictionary("xanh: [tăng trưởng xanh, Tăng trưởng  XANH]", name="d").themes
    {'xanh': ['tăng trưởng xanh']}
    """
    return validate(_from_json(text, name) if is_json else _from_yaml(text, name), name=name)


def validate(raw: Raw, *, name: str, shared: bool = False, warnings: tuple[str, ...] = ()) -> Dictionary:
    """Check themes and terms as read; with ``shared``, a term may be in several
    themes and a theme may have no terms (a LIWC category no entry uses).

    >>> validate([("a", 1, [("x", 2)]), ("b", 3, [("X", 4)])], name="d", shared=True).themes
    {'a': ['x'], 'b': ['X']}
    """
    at = (lambda line: f"line {line}: " if line else "")
    themes: dict[str, list[str]] = {}
    owner: dict[str, str] = {}
    for theme, line, terms in raw:
        theme = " ".join(scrub(str(theme)).split())
        if not theme or not visible(theme):
            raise DictionaryError(name, f"{at(line)}empty theme name" if not theme.strip() else
                                  f"{at(line)}theme name {theme!r} has only invisible characters")
        if theme in themes:
            raise DictionaryError(name, f"{at(line)}theme {theme!r} appears twice", hint="merge its terms into one list")
        if not terms and not shared:
            raise DictionaryError(name, f"{at(line)}theme {theme!r} has no terms", hint=_EXAMPLE)
        kept: list[str] = []
        mine: set[str] = set()
        for term, term_line in terms:
            key = normalize_term(term)
            where = at(term_line or line)
            if not key or not visible(key):
                if not term.strip():
                    raise DictionaryError(name, f"{where}empty term under {theme!r}")
                raise DictionaryError(name, f"{where}term {term!r} under {theme!r} has only "
                                            "invisible characters", hint="it would match nothing; delete it")
            _check_wildcards(key, term, theme, name=name, where=where)
            if not shared and key in owner and owner[key] != theme:
                raise DictionaryError(
                    name,
                    f"{where}term {term!r} is under both {owner[key]!r} and {theme!r}",
                    hint="a term may belong to one theme only",
                )
            owner.setdefault(key, theme)
            if key not in mine:
                mine.add(key)
                kept.append(" ".join(scrub(term).split()))
        themes[theme] = kept
    if not themes:
        raise DictionaryError(name, "no themes", hint=_EXAMPLE)
    return Dictionary(name, themes, shared=shared, warnings=warnings)


_WILDCARD_HINT = ('"*" stands for one syllable ("chuyển đổi *"), "abc*" for a syllable starting with abc; '
                  "a term cannot start with a bare *")


def _check_wildcards(key: str, term: str, theme: str, *, name: str, where: str) -> None:
    """A ``*`` is a whole syllable (not the first) or ends a syllable."""
    if "*" not in key:
        return
    parts = key.split(" ")
    if parts[0] == "*" or any("*" in p[:-1] for p in parts):
        raise DictionaryError(name, f"{where}term {term!r} under {theme!r}: a * in the wrong place",
                              hint=_WILDCARD_HINT)
