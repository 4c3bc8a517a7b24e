"""The measurements behind `dialogue duplicates`' defaults (README, *Duplicates*).

    .venv/bin/python bench/duplicates.py [--n 200] [--corpus ../shared/corpus/vntc_sample]

1. The real corpus: the highest Jaccard and containment of any pair, exact
   (the inverted index without a document-frequency cap, every pair sharing a
   shingle verified), and whether the default candidates (LSH + capped index)
   find every pair the exact pass lists.
2. Synthetic syndication: --n articles copied (a) whole with a new dateline,
   (b) trimmed (last paragraph dropped, one word edited, a "TIN LIÊN QUAN"
   teaser appended), (c) shortened to their first half, (d) with a 40-syllable
   passage of theirs inserted into another article. The Jaccard and
   containment of each copy with its original, and which relation the
   defaults give it; the corpus plus the copies run through the command's
   candidates, to check their recall.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from functools import partial
from pathlib import Path

from dialogue_cli.analysis import duplicates as core
from dialogue_cli.corpus.inputs import InputRef, expand
from dialogue_cli.corpus.pipeline import prepare, prepare_corpus

ROOT = Path(__file__).resolve().parent.parent


def shingled(source: str, text: str) -> core.Shingled:
    return core.shingle(prepare(InputRef(source, source, text=text)), passages=True)


def variants(text: str, other: str, rng: random.Random) -> dict[str, str]:
    paragraphs = [p for p in text.split("\n") if p.strip()]
    trimmed = paragraphs[:-1] if len(paragraphs) > 2 else paragraphs[:]
    words = trimmed[-1].split(" ")
    words[rng.randrange(len(words))] = "khác"
    trimmed[-1] = " ".join(words)
    syllables = text.split()
    others = [p for p in other.split("\n") if p.strip()]
    out = {"dateline": "(TTXVN) - " + text,
           "trimmed": "\n".join(trimmed) + "\nTIN LIÊN QUAN\nThủ tướng thăm Sơn La.\n",
           "half": " ".join(syllables[: len(syllables) // 2])}
    for n in (40, 100):
        start = rng.randrange(max(1, len(syllables) - n))
        out[f"passage{n}"] = "\n".join(others[:1] + [" ".join(syllables[start:start + n])] + others[1:])
    return out


def measure(a: core.Shingled, b: core.Shingled) -> tuple[float, float]:
    rows = list(core.pair_rows([a, b], floor=0.0))
    return (rows[0]["jaccard"], rows[0]["containment"]) if rows else (0.0, 0.0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "vntc_sample"))
    parser.add_argument("--n", type=int, default=200)
    args = parser.parse_args()
    refs = expand([args.corpus], glob="*.txt", on_problem=print)
    t = time.perf_counter()
    docs = list(prepare_corpus(refs, step=partial(core.shingle, passages=True), on_problem=print))
    shingling = time.perf_counter() - t
    t = time.perf_counter()
    listed = {(r["source"], r["other"]) for r in core.pair_rows(docs)}
    pairing = time.perf_counter() - t
    exact = list(core.pair_rows(docs, floor=0.0, max_df=len(docs)))  # every pair sharing a shingle
    best_j = max(exact, key=lambda r: r["jaccard"])
    best_c = max(exact, key=lambda r: r["containment"])
    truth = {(r["source"], r["other"]) for r in exact if r["containment"] >= core.FLOOR}
    print(f"corpus: {len(docs)} documents, shingling {shingling:.2f} s, pairs {pairing:.2f} s; "
          f"{len(exact)} pairs share a shingle; highest Jaccard {best_j['jaccard']} ({best_j['source']} / "
          f"{best_j['other']}), highest containment {best_c['containment']}; listed at the defaults {len(listed)}, "
          f"exact {len(truth)}, missed {len(truth - listed)}")
    rng = random.Random(14)
    picked = rng.sample(range(len(docs)), args.n)
    texts = {ref.source: prepare(ref).doc.text for ref in refs if ref.source in {docs[i].source for i in picked}}
    found: dict[str, list[tuple[float, float, str]]] = {}
    copies = []
    for i in picked:
        src = docs[i].source
        other = docs[(i + 1) % len(docs)].source
        other_text = prepare(next(r for r in refs if r.source == other)).doc.text
        for kind, text in variants(texts[src], other_text, rng).items():
            copy = shingled(f"{kind}:{src}", text)
            jac, con = measure(docs[i], copy)
            relation = core._relation(jac, con, threshold=core.THRESHOLD, contained=core.CONTAINMENT)
            found.setdefault(kind, []).append((jac, con, relation))
            copies.append((src, copy))
    for kind, values in found.items():
        js = sorted(v[0] for v in values)
        cs = sorted(v[1] for v in values)
        relations = {r: sum(1 for v in values if v[2] == r) for r in ("duplicate", "contained", "partial")}
        print(f"{kind:9} J median {statistics.median(js):.2f} p10 {js[len(js) // 10]:.2f} min {js[0]:.2f}; "
              f"containment median {statistics.median(cs):.2f} p10 {cs[len(cs) // 10]:.2f} min {cs[0]:.2f}; "
              f"relations {relations}")
    everything = docs + [c for _, c in copies]
    t = time.perf_counter()
    pairs = {(r["source"], r["other"]) for r in core.pair_rows(everything)}
    elapsed = time.perf_counter() - t
    t = time.perf_counter()
    passages = {(r["source"], r["other"]) for r in core.passage_rows(everything)}
    elapsed_passages = time.perf_counter() - t
    missed = [c.source for b, c in copies if (b, c.source) not in pairs]
    unseen = [c.source for b, c in copies if c.source.startswith("passage") and (b, c.source) not in passages]
    print(f"passages: {sum(1 for _, c in copies if c.source.startswith('passage')) - len(unseen)} of the "
          f"passage copies have their passage listed by --passages ({elapsed_passages:.2f} s); missed: {unseen[:3]}")
    print(f"recall: {len(copies) - len(missed)} of {len(copies)} copies paired with their original at the "
          f"defaults ({len(everything)} documents, {elapsed:.2f} s); missed: {len(missed)}, by kind: "
          f"{ {k: sum(1 for m in missed if m.startswith(k + ':')) for k in found} }")


if __name__ == "__main__":
    sys.exit(main())
