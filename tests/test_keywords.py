from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import pytest

from dialogue_cli.corpus.inputs import Document
from dialogue_cli.analysis.keyword_stats import KeywordStats, keyword_rows, summary_rows
from dialogue_cli.analysis.keywords import KeywordsError, collect, load_stopwords
from dialogue_cli.text.matching import Matcher
from dialogue_cli.corpus.pipeline import analyse

from .conftest import SEEDS

TEXTS = {
    # words: Thái Nguyên | đẩy mạnh | chuyển đổi | số ‖ Tỉnh | Thái Nguyên | phát triển | kinh tế | số | và | thái nguyên
    "a.txt": "Thái Nguyên đẩy mạnh chuyển đổi số. Tỉnh Thái Nguyên phát triển kinh tế số và thái nguyên.",
    # Hà Nội | phát triển | đô thị | xanh ‖ Hà Nội | cho | biết | sẽ | tăng trưởng | xanh
    "b.txt": "Hà Nội phát triển đô thị xanh. Hà Nội cho biết sẽ tăng trưởng xanh.",
    # Bắc Giang | phát triển | nông nghiệp ‖ Năm | 2021 | có | 3 | dự án | ở | Bắc Giang
    "c.txt": "Bắc Giang phát triển nông nghiệp. Năm 2021 có 3 dự án ở Bắc Giang.",
}
THEMES = {"cds": ["chuyển đổi số", "kinh tế số"], "xanh": ["tăng trưởng xanh", "đô thị xanh"]}


def counts(*, pos=None, stopwords=None, texts=TEXTS):
    docs = [analyse(Document(n, n, t, "utf-8"), pos=pos is not None) for n, t in texts.items()]
    return collect(docs, matcher=Matcher(THEMES), stopwords=stopwords or load_stopwords(), pos=pos)


def table(rows):
    return [(r["source"], r["keyword"], r["count"], r["score"]) for r in rows]


def test_freq_keywords_exact():
    assert table(keyword_rows(counts(), method="freq")) == [
        ("a.txt", "Thái Nguyên", 3, 272.73),
        # ties in Vietnamese alphabetical order: c < đ < k < p < t
        ("a.txt", "chuyển đổi số", 1, 90.91),
        ("a.txt", "đẩy mạnh", 1, 90.91),
        ("a.txt", "kinh tế số", 1, 90.91),
        ("a.txt", "phát triển", 1, 90.91),
        ("a.txt", "Tỉnh", 1, 90.91),
        ("b.txt", "Hà Nội", 2, 200.0),
        ("b.txt", "đô thị xanh", 1, 100.0),
        ("b.txt", "phát triển", 1, 100.0),
        ("b.txt", "tăng trưởng xanh", 1, 100.0),
        ("c.txt", "Bắc Giang", 2, 200.0),
        ("c.txt", "dự án", 1, 100.0),
        ("c.txt", "nông nghiệp", 1, 100.0),
        ("c.txt", "phát triển", 1, 100.0),
    ]


def test_stop_words_numbers_and_single_characters_are_dropped():
    keys = {k for c in counts().counts.values() for k in c}
    assert not keys & {"cho", "biết", "sẽ", "năm", "có", "ở", "và", "2021", "3", "."}


def test_multi_syllable_stop_words_come_from_the_package():
    words = load_stopwords()
    assert "cho biết" in words and "của" in words
    assert len(words) > 1500


def test_own_stop_words_file_adds_to_the_list(tmp_path: Path):
    f = tmp_path / "stop.txt"
    f.write_text("# tên riêng\nphát triển\nTỉnh\n", encoding="utf-8")
    keys = {k for c in counts(stopwords=load_stopwords(str(f))).counts.values() for k in c}
    assert "phát triển" not in keys and "tỉnh" not in keys and "thái nguyên" in keys


def test_theme_terms_are_single_keywords_and_their_parts_are_not_counted():
    a = counts().counts["a.txt"]
    assert a["chuyển đổi số"] == 1 and a["kinh tế số"] == 1
    assert "chuyển đổi" not in a and "kinh tế" not in a


def test_most_frequent_written_form_is_shown():
    c = counts()
    assert c.counts["a.txt"]["thái nguyên"] == 3  # "Thái Nguyên" twice, "thái nguyên" once
    assert c.display("thái nguyên") == "Thái Nguyên"


def test_tfidf_is_count_times_log10_n_over_df():
    rows = {(r["source"], r["keyword"]): r["score"] for r in keyword_rows(counts(), method="tfidf")}
    assert rows[("a.txt", "Thái Nguyên")] == round(3 * math.log10(3 / 1), 3)
    assert rows[("a.txt", "phát triển")] == 0.0  # in every source


def test_keyness_g2_computed_by_hand():
    # "Thái Nguyên": 3 of a.txt's 11 words, 0 of the other 20
    a, b, c, d = 3, 0, 11, 20
    expected_1 = c * (a + b) / (c + d)
    g2 = 2 * (a * math.log(a / expected_1))
    log_ratio = math.log2((a / c) / (0.5 / d))  # zero frequency counted as 0.5
    rows = {(r["source"], r["keyword"]): r for r in keyword_rows(counts(), method="keyness")}
    assert rows[("a.txt", "Thái Nguyên")]["score"] == round(g2, 2) == 6.22
    assert rows[("a.txt", "Thái Nguyên")]["effect"] == round(log_ratio, 2) == 3.45


def test_keyness_lists_only_over_represented_words_by_default():
    rows = list(keyword_rows(counts(), method="keyness"))
    assert all(r["score"] > 0 for r in rows)
    assert ("a.txt", "phát triển") not in {(r["source"], r["keyword"]) for r in rows}
    negative = list(keyword_rows(counts(), method="keyness", negative=True, top=100))
    under = {(r["source"], r["keyword"]): r for r in negative if r["score"] < 0}
    assert under[("a.txt", "Hà Nội")]["count"] == 0  # absent here, frequent elsewhere


def test_min_count_and_top():
    rows = list(keyword_rows(counts(), method="freq", min_count=2))
    assert table(rows) == [("a.txt", "Thái Nguyên", 3, 272.73), ("b.txt", "Hà Nội", 2, 200.0),
                           ("c.txt", "Bắc Giang", 2, 200.0)]
    assert len(list(keyword_rows(counts(), top=1))) == 3


def test_ties_at_the_top_cut_are_settled_alphabetically_not_by_first_appearance():
    texts = {"x.txt": "Thái Nguyên và Thái Nguyên. Tỉnh đẩy mạnh. Bắc Giang."}
    assert [r["keyword"] for r in keyword_rows(counts(texts=texts), top=2)] == ["Thái Nguyên", "Bắc Giang"]


def test_equally_frequent_written_forms_show_the_first_seen():
    c = counts(texts={"x.txt": "Hà Nội và HÀ NỘI."})
    assert c.counts["x.txt"]["hà nội"] == 2 and c.display("hà nội") == "Hà Nội"


def test_pos_restricts_candidates_but_keeps_theme_terms():
    rows = keyword_rows(counts(pos=frozenset({"Np"})), method="freq")
    assert list(summary_rows(rows, ["a.txt", "b.txt", "c.txt"])) == [
        {"source": "a.txt", "keywords": "Thái Nguyên; chuyển đổi số; kinh tế số"},
        {"source": "b.txt", "keywords": "Hà Nội; đô thị xanh; tăng trưởng xanh"},
        {"source": "c.txt", "keywords": "Bắc Giang"},
    ]


def test_comparing_methods_need_two_sources():
    one = counts(texts={"a.txt": TEXTS["a.txt"]})
    with pytest.raises(KeywordsError, match="only 1 was read"):
        list(keyword_rows(one, method="keyness"))


def test_seed_004_keyness_leads_with_its_places():
    from dialogue_cli.text.dictionary import default_dictionary

    docs = [analyse(Document(p.name, str(p), p.read_text(encoding="utf-8"), "utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    c = collect(docs, matcher=Matcher(default_dictionary().themes), stopwords=load_stopwords())
    top = [r["keyword"] for r in keyword_rows(c, method="keyness", top=2) if r["source"].startswith("004")]
    assert top == ["Thái Nguyên", "Hà Nội"]


# --- the streaming statistics against a dense reference --------------------------------------------

def parts(texts, pos=None):
    """One Counts per document, as the worker processes return them."""
    from dialogue_cli.analysis.keywords import count_document

    matcher, words = Matcher(THEMES), load_stopwords()
    return [count_document(analyse(Document(n, n, t, "utf-8"), pos=pos is not None), matcher=matcher,
                           stopwords=words, pos=pos) for n, t in texts.items()]


def stats_of(grouped, *, unique=False):
    """``grouped``: (group, Counts of one document) pairs."""


    stats = KeywordStats(unique=unique)
    for group, part in grouped:
        stats.add(group, part)
    return stats


def r(x, digits):
    """Round as numpy does (scale, round half to even, unscale)."""
    return round(x * 10**digits) / 10**digits


def reference_rows(counts, words, shown, *, method, top, min_count, negative):
    """Every group × every word of the corpus (absent ones too), scored one at a time."""
    from dialogue_cli.text.normalize import collation_key

    groups = list(counts)
    vocab = sorted({k for c in counts.values() for k in c})
    total = sum(words.values())
    negative = negative and method == "keyness"
    out = []
    for g in groups:
        found = []
        for key in vocab:
            a = counts[g].get(key, 0)
            b = sum(counts[h].get(key, 0) for h in groups if h != g)
            if a == 0 and not negative:
                continue
            c, d = words[g], total - words[g]
            effect = None
            if method == "freq":
                score, ok = r(a / c * 1000, 2), a >= min_count
            elif method == "tfidf":
                df = sum(1 for h in groups if counts[h].get(key, 0) > 0)
                score, ok = r(a * math.log10(len(groups) / df), 3), a >= min_count
            else:
                e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
                g2 = 2 * ((a * math.log(a / e1) if a else 0.0) + (b * math.log(b / e2) if b else 0.0))
                score = r(g2 if a / c > b / d else -g2, 2)
                effect = r(math.log2(((a or 0.5) / c) / ((b or 0.5) / d)), 2)
                ok = (score > 0 and a >= min_count) or (negative and score < 0 and b >= min_count)
            if ok:
                found.append((abs(score) if negative else score, a, key, score, effect))
        found.sort(key=lambda f: (-f[0], -f[1], collation_key(shown[f[2]])))
        for rank, (_, a, key, score, effect) in enumerate(found[:top], 1):
            row = {"source": g, "rank": rank, "keyword": shown[key], "count": a, "score": score}
            if method == "keyness":
                row["effect"] = effect
            out.append(row)
    return out


SEED_TEXTS = {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
CONFIGS = [(m, n, t, k) for m in ("freq", "tfidf", "keyness") for n in (False, True) if m == "keyness" or not n
           for t in (1, 3, 100) for k in (1, 2)]


@pytest.mark.parametrize("texts", [TEXTS, SEED_TEXTS], ids=["texts", "seeds"])
def test_rows_equal_a_dense_reference(texts):
    docs = parts(texts)
    stats = stats_of((p.sources[0], p) for p in docs)
    counts = {p.sources[0]: dict(p.counts[p.sources[0]]) for p in docs}
    words = {p.sources[0]: p.words[p.sources[0]] for p in docs}
    under = 0
    for method, negative, top, min_count in CONFIGS:
        opts = dict(method=method, top=top, min_count=min_count, negative=negative)
        got = list(keyword_rows(stats, **opts))
        assert got == reference_rows(counts, words, stats.display_forms(), **opts), opts
        under += sum(row["count"] == 0 for row in got)
    assert under > 0  # absent words were listed and checked


def test_absent_words_tied_on_the_rounded_score_are_ordered_alphabetically():
    # "t" has 10 of 1,000,010 words; absent words score -2·rest·ln(1 + 10⁻⁵) ≈ -rest/50,000:
    # rests 260 to 749 all round to -0.01, 1,000 to -0.02, 200 to -0.0 (dropped)
    from dialogue_cli.analysis.keywords import Counts

    rest = Counter({"xoài": 700, "cam": 300, "bưởi": 260, "dừa": 1000, "na": 200, "ổi": 5})
    stats = stats_of([("t", Counts(["t"], {"t": 10}, {"t": Counter({"táo": 10})}, Counter({("táo", "táo"): 10}))),
                      ("r", Counts(["r"], {"r": 1_000_000}, {"r": rest}, Counter({(k, k): n for k, n in rest.items()})))])
    rows = [(x["keyword"], x["count"], x["score"]) for x in keyword_rows(stats, method="keyness", negative=True, top=3,
                                                                        groups=["t"])]
    assert rows == [("táo", 10, 230.26), ("dừa", 0, -0.02), ("bưởi", 0, -0.01)]  # not "xoài", the larger rest
    every = keyword_rows(stats, method="keyness", negative=True, top=10, groups=["t"])
    assert [x["keyword"] for x in every] == ["táo", "dừa", "bưởi", "cam", "xoài"]


def test_documents_of_one_group_add_up():
    from dialogue_cli.analysis.keywords import Counts

    a, b, c = parts(TEXTS)
    grouped = stats_of([("ab", a), ("c", c), ("ab", b)])
    both = Counts(["ab"], {"ab": a.words["a.txt"] + b.words["b.txt"]},
                  {"ab": a.counts["a.txt"] + b.counts["b.txt"]}, a.forms + b.forms)
    whole = stats_of([("ab", both), ("c", c)])
    assert grouped.groups == ["ab", "c"] and grouped.words == {"ab": 11 + 10, "c": 10}
    assert grouped.counts("ab") == {"thái nguyên": 3, "đẩy mạnh": 1, "chuyển đổi số": 1, "tỉnh": 1,
                                    "phát triển": 2, "kinh tế số": 1, "hà nội": 2, "đô thị xanh": 1,
                                    "tăng trưởng xanh": 1}
    for method, negative, top, min_count in CONFIGS:
        opts = dict(method=method, top=top, min_count=min_count, negative=negative)
        assert list(keyword_rows(grouped, **opts)) == list(keyword_rows(whole, **opts)), opts
    tfidf = {(x["source"], x["keyword"]): x["score"] for x in keyword_rows(grouped, method="tfidf", top=100)}
    assert tfidf[("ab", "phát triển")] == 0.0 and tfidf[("ab", "Hà Nội")] == round(2 * math.log10(2), 3)


def test_groups_select_and_order_the_output_but_all_count():
    stats = stats_of((p.sources[0], p) for p in parts(TEXTS))
    every = list(keyword_rows(stats, method="keyness", negative=True, top=3))
    some = list(keyword_rows(stats, method="keyness", negative=True, top=3, groups=["c.txt", "a.txt"]))
    assert some == [x for x in every if x["source"] == "c.txt"] + [x for x in every if x["source"] == "a.txt"]
    assert [(x["keyword"], x["score"]) for x in some] == [
        ("Bắc Giang", 4.53), ("Thái Nguyên", -2.34), ("dự án", 2.26),  # absent: 2·3·ln(31/21), rounded
        ("Thái Nguyên", 6.22), ("chuyển đổi số", 2.07), ("đẩy mạnh", 2.07)]
    with pytest.raises(KeywordsError, match="'d.txt'"):
        list(keyword_rows(stats, groups=["d.txt"]))


def test_unique_groups_are_spilled_to_a_file_and_score_the_same():
    docs = parts(SEED_TEXTS)
    held = stats_of((p.sources[0], p) for p in docs)
    with stats_of(((p.sources[0], p) for p in docs), unique=True) as spilled:
        assert spilled._file is not None and not spilled._held and len(spilled._spilled) == 5
        assert spilled.counts("004_538c58c966f93917.txt") == held.counts("004_538c58c966f93917.txt")
        for method, negative, top, min_count in CONFIGS:
            opts = dict(method=method, top=top, min_count=min_count, negative=negative)
            assert list(keyword_rows(spilled, **opts)) == list(keyword_rows(held, **opts)), opts
    assert spilled._file is None


def test_a_unique_group_added_again_is_read_back_and_added_up():
    a, b, c = parts(TEXTS)
    again = stats_of([("x", a), ("c", c), ("x", b)], unique=True)
    assert list(again._spilled) == ["c"] and list(again._held) == ["x"]
    held = stats_of([("x", a), ("c", c), ("x", b)])
    assert again.counts("x") == held.counts("x") and again.words == held.words
    assert list(keyword_rows(again, method="tfidf")) == list(keyword_rows(held, method="tfidf"))


def _csv(text):
    import csv
    import io

    return list(csv.DictReader(io.StringIO(text)))


def _news(tmp_path: Path) -> Path:
    import json

    rows = [
        {"url": "a", "outlet": "TT", "text": "Hà Nội đẩy mạnh chuyển đổi số. Hà Nội phát triển."},
        {"url": "b", "outlet": "TT", "text": "Hà Nội có nông nghiệp xanh."},
        {"url": "c", "outlet": "VNE", "text": "Bắc Giang phát triển nông nghiệp. Bắc Giang đẩy mạnh."},
        {"url": "d", "text": "Không có nguồn."},
    ]
    f = tmp_path / "news.jsonl"
    f.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return f


def test_grouped_keyword_counts_are_the_sums_of_their_documents(run, tmp_path: Path):
    f = _news(tmp_path)
    per_doc = _csv(run("keywords", str(f), "--top", "1000", "-f", "csv", "--no-cache").stdout)
    outlet = {"a": "TT", "b": "TT", "c": "VNE", "d": ""}
    expected: dict[tuple[str, str], int] = {}
    for r in per_doc:
        key = (outlet[r["source"]], r["keyword"])
        expected[key] = expected.get(key, 0) + int(r["count"])
    for jobs in ("1", "2"):
        result = run("keywords", str(f), "--by", "outlet", "--top", "1000", "-f", "csv", "-j", jobs, "--no-cache")
        rows = _csv(result.stdout)
        assert {(r["outlet"], r["keyword"]): int(r["count"]) for r in rows} == expected
        assert [r["outlet"] for r in rows][:1] == ["TT"] and rows[0]["keyword"] == "Hà Nội"  # 3 in TT's 9 words
        assert result.stderr == "dialogue: warning: 1 document has no outlet: it forms a group with an empty outlet\n"


def test_target_against_reference_and_the_rest(run, tmp_path: Path):
    f = _news(tmp_path)
    both = run("keywords", str(f), "--method", "keyness", "--target", "outlet=TT", "--reference", "outlet=VNE",
               "--top", "2", "-f", "csv", "--no-cache")
    assert both.stdout.splitlines() == [
        "target,reference,rank,keyword,count,score,effect",
        # TT: 10 words, VNE: 5. Hà Nội a=3, b=0: E1 = 10·3/15 = 2, G² = 2·3·ln(3/2) = 2.43, log2(0.3/0.1) = 1.58
        "outlet=TT,outlet=VNE,1,Hà Nội,3,2.43,1.58",
        # a=1, b=0: G² = 2·ln(1.5) = 0.81, effect log2(0.1/0.1) = 0; ties with "xanh", collation first
        "outlet=TT,outlet=VNE,2,chuyển đổi số,1,0.81,0.0",
    ]
    rest = run("keywords", str(f), "--method", "keyness", "--target", "outlet=VNE", "--top", "1", "-f", "csv",
               "--no-cache")
    assert rest.stdout.splitlines()[1].startswith("outlet=VNE,the rest,1,Bắc Giang,2,")


@pytest.mark.parametrize("args, message", [
    (["--target", "outlet=TT"], "Error: --target goes with --method keyness"),
    (["--method", "keyness", "--reference", "outlet=TT"], "Error: --reference goes with --target"),
    (["--method", "keyness", "--target", "outlet=TT", "--by", "outlet"], "--by makes groups: use one or the other"),
    (["--method", "keyness", "--target", "outlet"], "is not FIELD=VALUE"),
    (["--method", "keyness", "--target", "outlet=XYZ"],
     "dialogue: --target outlet=XYZ matched no document; `dialogue sources` shows each document's fields"),
])
def test_comparison_usage_errors(run, tmp_path: Path, args, message):
    result = run("keywords", str(_news(tmp_path)), *args, "--no-cache")
    assert result.exit_code == 2
    assert message in result.stderr


def test_one_group_cannot_be_compared_and_nothing_is_written(run, tmp_path: Path):
    f = _news(tmp_path)
    for method in ("keyness", "tfidf"):
        result = run("keywords", str(f), "--by", "folder", "--method", method, "-f", "csv", "--no-cache")
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == ("dialogue: warning: 4 documents have no folder: they form a group with an empty "
                                 f"folder\ndialogue: --method {method} compares groups, and only 1 was read; choose a --by "
                                 "field that splits the documents, or use --method freq\n")


def test_keyness_by_outlet_on_vntc_counts_are_summed_documents(run, shared: Path, tmp_path: Path):
    """keywords --by outlet --method keyness on VNTC articles: each group's counts are the
    sums of its documents', and G² and Log Ratio recomputed from those sums (the group's
    words against the rest's) are the scores shown, at --jobs 1 and 2."""
    import math

    from dialogue_cli.text.normalize import fold

    from .test_themes import PATTERN, outlet_of, vntc_subset

    corpus = vntc_subset(shared, tmp_path, per_folder=3)
    per_doc = _csv(run("keywords", str(corpus), "--top", "100000", "-f", "csv").stdout)
    counts: dict[tuple[str, str], int] = {}
    for r in per_doc:
        key = (outlet_of(r["source"]), fold(r["keyword"]))
        counts[key] = counts.get(key, 0) + int(r["count"])
    words: dict[str, int] = {}
    for r in _csv(run("themes", str(corpus), "-f", "csv").stdout):
        words[outlet_of(r["source"])] = words.get(outlet_of(r["source"]), 0) + int(r["words"])
    corpus_count: dict[str, int] = {}
    for (_, k), n in counts.items():
        corpus_count[k] = corpus_count.get(k, 0) + n
    total = sum(words.values())

    def g2(outlet: str, k: str) -> tuple[float, float]:
        a, c = counts[(outlet, k)], words[outlet]
        b, d = corpus_count[k] - a, total - c
        e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
        score = 2 * (a * math.log(a / e1) + (b * math.log(b / e2) if b else 0))
        return score, math.log2((a / c) / ((b or 0.5) / d))

    for jobs in ("1", "2"):
        rows = _csv(run("keywords", str(corpus), "--path-pattern", PATTERN, "--by", "outlet", "--method", "keyness",
                        "--top", "5", "-f", "csv", "-j", jobs).stdout)
        assert [r["outlet"] for r in rows] == [o for o in sorted(words) for _ in range(5)]
        for r in rows:
            k = fold(r["keyword"])
            assert int(r["count"]) == counts[(r["outlet"], k)]
            score, effect = g2(r["outlet"], k)
            assert abs(float(r["score"]) - score) < 0.006 and abs(float(r["effect"]) - effect) < 0.006, r
        for outlet in words:  # the top 5 are the 5 best over-represented keywords
            scores = sorted((g2(o, k)[0] for o, k in counts if o == outlet and counts[(o, k)] * (total - words[o])
                             > (corpus_count[k] - counts[(o, k)]) * words[o]), reverse=True)
            shown = [float(r["score"]) for r in rows if r["outlet"] == outlet]
            assert all(abs(x - y) < 0.006 for x, y in zip(shown, scores[:5])), outlet
