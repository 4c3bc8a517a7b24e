"""`dialogue entities`: the places, people and organisations of each source or group.

Not underthesea's NER: its CRF model runs offline but is slow (about 12× the
segmentation) and poor on news (README, "Entities"). Instead, on the cached
POS-tagged segmentation:

1. **organisations**: a cue word written with a capital ("Bộ", "Sở", "Ngân
   hàng", "Học viện"…) followed by capitalised words ("Bộ Tài chính", "Học
   viện Chính trị quốc gia Hồ Chí Minh");
2. **places**: a gazetteer of Vietnam's provinces and centrally-run cities from
   underthesea's own ``address/data/mapping.json`` (63 before the 2025 merger,
   34 after, and which old province went where), with the aliases, other
   places and traps of ``data/entities.yaml`` ("TP.HCM", "Sài Gòn"; "Thái
   Bình Dương" is the Pacific, not Thái Bình), matched case-sensitively on
   word boundaries, longest first ("hòa bình", peace, is not Hòa Bình);
3. **people** and **other** names: the remaining runs of ``Np`` (proper noun)
   words; a run that starts with a family name (Nguyễn, Trần, Lê…) is a person,
   and so is a bare given name after a title ("ông Thắng"), which joins the one
   full name of the document that ends with it ("Nguyễn Xuân Thắng").
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from functools import cache
from importlib import resources
from typing import Any, Iterable, Iterator, Literal, Sequence

from dialogue_cli.corpus.pipeline import Analysed
from dialogue_cli.text.normalize import collation_key, fold, normalize
from dialogue_cli.text.segment import Sentence

__all__ = ["Kind", "KINDS", "COLUMNS", "EVIDENCE_COLUMNS", "Gazetteer", "mentions", "entity_rows", "evidence_rows"]

Kind = Literal["place", "person", "organisation", "other"]
KINDS: tuple[Kind, ...] = ("place", "person", "organisation", "other")
COLUMNS = ["source", "entity", "kind", "count", "province_2025", "forms"]
EVIDENCE_COLUMNS = ["source", "sentence", "entity", "kind", "province_2025", "form", "start", "end", "text"]
GAPS = frozenset({"và", "quốc gia", "nhà nước", "nhân dân"})  # lower-case words allowed inside an organisation's name
_ROMAN = re.compile(r"[IVXLCDM]+")
Span = tuple[str, str, str | None, int, int]  # kind, entity (or "" for the form), province_2025, first, last token


def _syllables(name: str) -> tuple[str, ...]:
    return tuple(normalize(name).text.split(" "))


def _capital(token: str) -> bool:
    return token[:1].isupper()


class Gazetteer:
    """Names to find, compiled from mapping.json and the shipped ``entities.yaml``.

    >>> g = Gazetteer.load()
    >>> g.places[("TP.HCM",)], g.places[("Bắc", "Giang")], g.places[("Thái", "Bình", "Dương")]
    (('TP Hồ Chí Minh', 'TP Hồ Chí Minh'), ('Bắc Giang', 'Bắc Ninh'), ('Thái Bình Dương', None))
    """

    def __init__(self, data: dict[str, Any], mapping: dict[str, Any]) -> None:
        display = data.get("display", {})
        name = lambda short: display.get(short, short)  # noqa: E731
        new = {key: name(p["short"]) for key, p in mapping["province_names"].items()}
        self.places: dict[tuple[str, ...], tuple[str, str | None]] = {}  # syllables → (entity, province_2025)
        for key, p in mapping["old_province_names"].items():
            entry = (name(p["short"]), new[mapping["province_mapping"][key]])
            forms = [p["name"], *data.get("aliases", {}).get(p["short"], [])]
            forms += [] if p["short"] in display else [p["short"]]  # "Hồ Chí Minh" alone is also the person
            for form in forms:
                self.places[_syllables(form)] = entry
        for form in [*data.get("places", []), *data.get("traps", [])]:
            self.places.setdefault(_syllables(form), (normalize(form).text, None))
        for syl, entry in list(self.places.items()):  # a shouted headline ("HÀ NỘI"), and the full stop
            self.places.setdefault(tuple(s.upper() for s in syl), entry)  # the segmenter leaves on "TP.HCM."
        for syl, entry in list(self.places.items()):
            self.places.setdefault((*syl[:-1], syl[-1] + "."), entry)
        self.longest = max(len(s) for s in self.places)
        self.surnames = frozenset(data["surnames"])
        self.titles = frozenset(data["titles"])
        self.cues = frozenset(data["organisations"])
        self.eponyms = frozenset(data.get("eponyms", []))
        self.not_names = frozenset(data.get("not_names", []))
        self.version = mapping["metadata"]["version"]
        self.token = hashlib.sha256(json.dumps([data, self.version], ensure_ascii=False, sort_keys=True).encode()).hexdigest()

    @classmethod
    @cache
    def load(cls) -> Gazetteer:
        """The shipped gazetteer (mapping.json of the installed underthesea)."""
        import yaml

        data = yaml.safe_load(resources.files("dialogue_cli").joinpath("data/entities.yaml").read_text("utf-8"))
        mapping = json.loads(resources.files("underthesea").joinpath("address/data/mapping.json").read_text("utf-8"))
        return cls(data, mapping)

    def cache_token(self) -> list[Any]:
        """What decides the results (for the warm path's keys)."""
        return ["entities", self.token]

    def person_like(self, token: str) -> bool:
        """A full name in one word: a family name, then one to three capitalised syllables."""
        syl = token.split(" ")
        return 2 <= len(syl) <= 4 and syl[0] in self.surnames and all(map(_capital, syl))

    def spans(self, forms: Sequence[str], tags: Sequence[str | None]) -> list[Span]:
        """The entities of one sentence's tokens, in order: (kind, entity or "",
        province_2025, first token, last token + 1). A place inside an
        organisation's name counts too ("Sở Tư pháp TP.HCM")."""
        n, found = len(forms), []
        org, placed = [False] * n, [False] * n
        for first, last in self._organisations(forms):
            found.append(("organisation", "", None, first, last))
            org[first:last] = [True] * (last - first)
        syl = [s for f in forms for s in f.split(" ")]
        at, starts = 0, {}
        for k, form in enumerate(forms):
            starts[at] = k
            at += form.count(" ") + 1
        starts[at] = n
        for i, k in starts.items():
            if k == n or placed[k]:
                continue
            for size in range(min(self.longest, len(syl) - i), 0, -1):
                entry = self.places.get(tuple(syl[i : i + size]))
                end = starts.get(i + size)
                if entry is not None and end is not None and not any(placed[k:end]) and (
                        all(org[k:end]) or not any(org[k:end])):  # inside an organisation's name or outside
                    found.append(("place", entry[0], entry[1], k, end))
                    placed[k:end] = [True] * (end - k)
                    break
        found += self._names(forms, tags, [a or b for a, b in zip(org, placed)])
        return sorted(found, key=lambda s: (s[3], -s[4]))

    def _organisations(self, forms: Sequence[str]) -> Iterator[tuple[int, int]]:
        k, n = 0, len(forms)
        while k < n:
            end = k
            if forms[k] in self.cues:
                j = k + 1
                while j < n and (forms[j] in self.eponyms or not self.person_like(forms[j])):
                    if _capital(forms[j]) and forms[j][:1].isalpha():
                        end, j = j, j + 1
                    elif forms[j] in GAPS and j + 1 < n and _capital(forms[j + 1]) and forms[j + 1] not in self.cues:
                        j += 1
                    else:
                        break
            if end > k:
                yield k, end + 1
            k = end + 1

    def _names(self, forms: Sequence[str], tags: Sequence[str | None], taken: list[bool]) -> Iterator[Span]:
        k, n = 0, len(forms)
        while k < n:
            if taken[k] or tags[k] != "Np":
                k += 1
                continue
            end = k + 1  # a run of Np words, cut before a full name ("Hà Nội | Nguyễn Thị Tuyến")
            while end < n and tags[end] == "Np" and not taken[end] and not self.person_like(forms[end]):
                end += 1
            text = " ".join(forms[k:end])
            syl = text.split(" ")
            if text in self.cues:  # "Viện" alone: the rest of the name is not capitalised
                pass
            elif syl[0] in self.cues or " ".join(syl[:2]) in self.cues:
                yield "organisation", "", None, k, end
            elif (syl[0] in self.surnames and 2 <= len(syl) <= 4 and all(map(_capital, syl))) or (
                    len(syl) == 1 and k > 0 and forms[k - 1] in self.titles):
                yield "person", "", None, k, end
            elif len(text.rstrip(".")) > 1 and not _ROMAN.fullmatch(text) and text not in self.not_names:
                yield "other", "", None, k, end
            k = end


def mentions(doc: Analysed, *, gazetteer: Gazetteer, text: bool = False) -> list[dict[str, Any]]:
    """Every entity mention of one document (run in the worker processes):
    ``entity``, ``kind``, ``form`` (as written), ``province_2025``, ``sentence``
    and ``start``/``end`` into the original text (with ``text``: the sentence).

    >>> from dialogue_cli.corpus.inputs import Document
    >>> from dialogue_cli.corpus.pipeline import analyse
    >>> doc = analyse(Document("a", "a", "Ông Nguyễn Văn An đến TP.HCM.", "utf-8"), pos=True)
    >>> [(m["entity"], m["kind"], m["start"], m["end"]) for m in mentions(doc, gazetteer=Gazetteer.load())]
    [('Nguyễn Văn An', 'person', 4, 17), ('TP Hồ Chí Minh', 'place', 22, 28)]
    """
    found: list[dict[str, Any]] = []
    for i, sentence in enumerate(doc.sentences, 1):
        forms = sentence.forms
        spans = gazetteer.spans(forms, sentence.tags or (None,) * len(forms))
        if spans:
            found += _rows(doc, i, sentence, spans, text)
    full = {}  # a bare given name joins the document's one full name ending with it
    for m in found:
        if m["kind"] == "person" and " " in m["entity"]:
            full.setdefault(m["entity"].rsplit(" ", 1)[1], set()).add(m["entity"])
    for m in found:
        if m["kind"] == "person" and len(full.get(m["entity"], ())) == 1:
            m["entity"] = next(iter(full[m["entity"]]))
    return found


def _rows(doc: Analysed, i: int, sentence: Sentence, spans: list[Span], text: bool) -> Iterator[dict[str, Any]]:
    words = sentence.words
    for kind, entity, province, first, last in spans:
        form, end = " ".join(sentence.forms[first:last]), words[last - 1].end
        if form.endswith(".") and last == len(words) and len(form) > 2:  # "TP.HCM." ends the sentence
            form, end = form[:-1], end - 1
        start, end = doc.norm.original_span(words[first].start, end)
        row = {"entity": entity or form, "kind": kind, "form": form, "province_2025": province, "sentence": i,
               "start": start, "end": end}
        if text:
            row["source"] = doc.source
            row["text"] = doc.original(sentence.start, sentence.end)
        yield row


def _ranked(counter: Counter[str]) -> list[str]:
    """Most frequent first, the first seen on a tie."""
    order = {k: i for i, k in enumerate(counter)}
    return sorted(counter, key=lambda k: (-counter[k], order[k]))


def entity_rows(parts: Iterable[tuple[str, list[dict[str, Any]]]], *, groups: Any, kinds: Sequence[str] = KINDS,
                top: int | None = None, min_count: int = 1, empty: bool = False) -> Iterator[dict[str, Any]]:
    """Per group (``source``), its entities, most mentioned first, ties in
    Vietnamese alphabetical order: ``entity`` (a place's canonical name, else
    the most frequent name), ``kind``, ``count``, ``province_2025`` and
    ``forms`` (the spellings met, most frequent first, joined by "; ").
    ``groups()`` gives the groups to show, once every part has been added;
    with ``empty``, a group with none gets one row with ``count`` 0.

    >>> part = [{"entity": "TP Hồ Chí Minh", "kind": "place", "form": f, "province_2025": "TP Hồ Chí Minh"}
    ...         for f in ("TP.HCM", "Sài Gòn", "TP.HCM")]
    >>> [(r["entity"], r["count"], r["forms"]) for r in entity_rows([("a", part)], groups=lambda: ["a"])]
    [('TP Hồ Chí Minh', 3, 'TP.HCM; Sài Gòn')]
    """
    acc: dict[str, dict[tuple[str, str], dict[str, Any]]] = {}
    for group, found in parts:
        own = acc.setdefault(group, {})
        for m in found:
            if m["kind"] not in kinds:
                continue
            held = own.setdefault((fold(m["entity"]), m["kind"]), {"names": Counter(), "forms": Counter(),
                                                                   "p": m["province_2025"]})
            held["names"][m["entity"]] += 1
            held["forms"][m["form"]] += 1
    for group in groups():
        rows = []
        for (_, kind), held in acc.get(group, {}).items():
            count = sum(held["forms"].values())
            if count >= min_count:
                rows.append({"source": group, "entity": _ranked(held["names"])[0], "kind": kind, "count": count,
                             "province_2025": held["p"], "forms": "; ".join(_ranked(held["forms"]))})
        rows.sort(key=lambda r: (-r["count"], collation_key(r["entity"]), r["entity"], KINDS.index(r["kind"])))
        if not rows and empty:
            rows = [{"source": group, "entity": "", "kind": "", "count": 0, "province_2025": None, "forms": ""}]
        yield from rows[:top]


def evidence_rows(parts: Iterable[tuple[str, list[dict[str, Any]]]], *, fields: Any,
                  kinds: Sequence[str] = KINDS) -> Iterator[dict[str, Any]]:
    """One row per mention, in input order, with its group's ``fields(group)``:
    ``original[start:end]`` is the name as written (``form``, normalized).

    >>> part = [{"source": "a", "entity": "Huế", "kind": "place", "form": "Thừa Thiên Huế", "start": 0, "end": 14}]
    >>> next(evidence_rows([("a", part)], fields=lambda g: {"source": g}))["entity"]
    'Huế'
    """
    for group, found in parts:
        for m in found:
            if m["kind"] in kinds:
                yield {**fields(group), **m}
