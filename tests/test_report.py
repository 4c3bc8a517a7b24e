"""`dialogue report`: the numbers equal the other commands' CSV, the page is
self-contained and draws in a real (headless) browser, the dashboard fits 80 columns."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import REPO, SEEDS

NEWS = str(REPO / "examples" / "news.jsonl")
CHROMIUM = Path(os.environ.get("DIALOGUE_CHROMIUM", "/usr/bin/chromium"))  # Debian's; `make test` installs it


def _report(run, tmp_path: Path, *args: str) -> tuple[str, dict]:
    out = tmp_path / "report.html"
    result = run("report", *args, "-o", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    return html, _data(html)


def _data(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.S)
    assert found
    return json.loads(found.group(1))


def _csv(run, *args: str) -> list[dict[str, str]]:
    result = run(*args, "-f", "csv")
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def _as_csv(rows: list[dict], columns: list[str]) -> list[dict[str, str]]:
    """Rows as the CSV writer prints them."""
    return [{c: "" if r.get(c) is None else str(r[c]) for c in columns} for r in rows]


class _Tables(HTMLParser):
    """The text of every table cell, per section id."""

    def __init__(self) -> None:
        super().__init__()
        self.section: str | None = None
        self.tables: dict[str, list[list[list[str]]]] = {}
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "section":
            self.section = dict(attrs).get("id")
        elif tag == "table":
            self.tables.setdefault(self.section or "", []).append([])
        elif tag == "tr":
            self.tables[self.section or ""][-1].append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.tables[self.section or ""][-1][-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def _values(cells) -> list:
    """Cells compared as numbers where they are numbers ("3,183" = "3183", "6.30" = "6.3")."""
    out = []
    for c in cells:
        try:
            out.append(float(c.replace(",", "")))
        except ValueError:
            out.append(c)
    return out


def _tables(html: str) -> dict[str, list[list[list[str]]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def test_theme_numbers_equal_themes_csv(run, tmp_path):
    html, data = _report(run, tmp_path, str(SEEDS))
    expected = _csv(run, "themes", str(SEEDS))
    assert _as_csv(data["theme_rows"], list(expected[0])) == expected
    # the visible table: the same numbers (thousands separated), then the TOTAL row
    table = _tables(html)["themes"][0]
    assert [_values(row) for row in table[1:-1]] == [_values(r.values()) for r in expected]
    assert table[-1][:2] == ["TOTAL", "3,183"]


def test_grouped_theme_and_trend_numbers_equal_themes_csv(run, tmp_path):
    html, data = _report(run, tmp_path, NEWS, "--by", "outlet")
    expected = _csv(run, "themes", NEWS, "--by", "outlet")
    assert _as_csv(data["theme_rows"], list(expected[0])) == expected
    trends = _csv(run, "themes", NEWS, "--by", "outlet,date:month")
    assert _as_csv(data["trend_rows"], list(trends[0])) == trends
    assert data["trend_columns"] == ["outlet", "date:month"]
    assert html.count('<path d="M') == 6  # three themes × two outlets, one line each
    # the segmentation audit: the rejected "chuyển đổi số liệu" and its words
    assert [(a["term"], a["count"], a["rejected"], a["example"]) for a in data["audit"]] == [
        ("chuyển đổi số", 7, 1, "chuyển đổi | số liệu")]


def test_keyness_equals_keywords_csv(run, tmp_path):
    _, data = _report(run, tmp_path, str(SEEDS))
    expected = _csv(run, "keywords", str(SEEDS), "--method", "keyness", "--top", "10")
    assert _as_csv(data["keyness"], list(expected[0])) == expected
    _, data = _report(run, tmp_path, NEWS, "--by", "outlet", "--top", "3")
    expected = _csv(run, "keywords", NEWS, "--by", "outlet", "--method", "keyness", "--top", "3")
    assert _as_csv(data["keyness"], list(expected[0])) == expected
    assert all(r["score"] < 0 for r in data["keyness_negative"])


def test_overview_evidence_and_methods(run, tmp_path):
    html, data = _report(run, tmp_path, str(SEEDS))
    ov = data["overview"]
    sizes = _csv(run, "sources", str(SEEDS))
    assert ov["documents"] == 5 and ov["words"] == sum(int(r["words"]) for r in sizes) == 3183
    assert ov["removed_lines"] == sum(int(r["removed_lines"]) for r in sizes)
    assert (ov["first_date"], ov["last_date"]) == ("2021-07-13", "2021-07-14")
    assert [o["outlet"] for o in ov["outlets"]] == ["baobacninh.com.vn", "TTH.VN"]
    for theme, lines in data["evidence"].items():
        assert 0 < len(lines) <= 6
        assert max(sum(1 for x in lines if x["source"] == s) for s in {x["source"] for x in lines}) <= 2
        for x in lines:  # offsets into the original file, as `themes --evidence` gives them
            text = (SEEDS / x["source"]).read_text(encoding="utf-8-sig").replace("\r\n", "\n")
            assert text[x["start"]:x["end"]] == x["match"]
    assert "<mark>chuyển\xa0đổi\xa0số</mark>" in html or "<mark>chuyển đổi số</mark>" in html
    assert data["methods"]["underthesea"].startswith("9.5")
    for title in ("The corpus", "Themes by source", "Trends by month", "Distinctive words", "Evidence",
                  "Segmentation audit", "Methods"):
        assert f"<h2>{title}</h2>" in html


def test_self_contained(run, tmp_path):
    html, _ = _report(run, tmp_path, str(SEEDS))
    assert not re.search(r'(src|href)\s*=\s*["\']?(https?:|//)', html)
    assert "<link" not in html and "@import" not in html and "url(" not in html
    assert re.findall(r"https?://[^\s\"'<]+", html.split('id="report-data"')[0]) == [
        "http://www.w3.org/2000/svg"] * html.count("<svg ")
    script = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(script) == 1 and len(script[0].encode()) <= 2048
    assert html.count("<svg ") == 3 + 1 + 1 + 5  # themes, share, trend, a keyness chart per source


def test_failed_inputs_are_listed(run, tmp_path):
    out = tmp_path / "r.html"
    result = run("report", "missing.txt", str(SEEDS / "002_03d2201b80de2184.txt"), "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == "dialogue: missing.txt: no such file or directory\n"
    data = _data(out.read_text(encoding="utf-8"))
    assert data["overview"]["failed"] == ["missing.txt: no such file or directory"]
    assert data["overview"]["documents"] == 1
    assert data["keyness"] == [] and "two or more" in data["keyness_note"]


def test_html_on_stdout_when_piped_and_no_file_on_usage_error(run, tmp_path):
    result = run("report", str(SEEDS / "002_03d2201b80de2184.txt"))
    assert result.exit_code == 0 and result.stdout.startswith("<!DOCTYPE html>")
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [số hóa]\nb: [Số hoá]\n", encoding="utf-8")
    out = tmp_path / "never.html"
    result = run("report", "--themes", str(bad), "-o", str(out))
    assert result.exit_code == 2 and not out.exists() and list(tmp_path.iterdir()) == [bad]


def test_each_document_is_segmented_once(run, tmp_path, monkeypatch):
    from dialogue_cli.corpus import pipeline

    calls = []
    real = pipeline.segment
    monkeypatch.setattr(pipeline, "segment", lambda *a, **k: calls.append(1) or real(*a, **k))
    result = run("report", str(SEEDS), "--no-cache", "--jobs", "1", "-o", str(tmp_path / "r.html"))
    assert result.exit_code == 0
    assert len(calls) == 5


def test_dashboard_fits_80_columns(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    result = run("report", NEWS, "--by", "outlet", "-f", "terminal")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    for title in ("Corpus", "Themes by outlet", "Trends by month", "Distinctive words", "Evidence",
                  "Segmentation audit", "Methods"):
        assert any(line.startswith(f"╭─ {title} ") for line in lines), title
    assert "chuyển đổi | số liệu" in result.stdout


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"no {CHROMIUM} (`apt-get install chromium`; `make test` installs it when it can)")
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (test extra)")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield b
        b.close()


def test_report_draws_in_headless_chromium(run, tmp_path, browser):
    html_path = tmp_path / "report.html"
    assert run("report", str(SEEDS), "-o", str(html_path)).exit_code == 0
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests, console, errors = [], [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: console.append((m.type, m.text)))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(html_path.as_uri(), wait_until="load")
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    assert (tmp_path / "report.png").stat().st_size > 10_000
    marks = page.eval_on_selector_all("svg", "svgs => svgs.map(s => s.querySelectorAll('.marks rect, .marks circle,"
                                             " .marks path').length)")
    assert len(marks) == 10 and all(n > 0 for n in marks)
    sizes = page.eval_on_selector_all("svg", "svgs => svgs.map(s => s.getBoundingClientRect().width)")
    assert all(w > 100 for w in sizes)
    assert "chuyển đổi số" in page.inner_text("#themes")
    # the tables sort: by words, descending on the second click
    header = page.locator("#themes table th", has_text="words").first
    header.click()
    header.click()
    first = page.locator("#themes table tbody tr").first.inner_text()
    assert first.startswith("001_6338e0ceedcb0c4c.txt")
    assert requests == [html_path.as_uri()]
    assert [c for c in console if c[0] in ("error", "warning")] == [] and errors == []
    page.close()


def test_templates_are_package_data():
    from importlib.resources import files

    assert files("dialogue_cli.output").joinpath("templates/report.html.j2").is_file()


def test_same_file_whatever_the_jobs_and_the_cache(run, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1638316800")
    files = []
    for i, args in enumerate([("--jobs", "1", "--no-cache"), ("--jobs", "2"), ("--jobs", "1"), ("--jobs", "1")]):
        (tmp_path / str(i)).mkdir()
        out = tmp_path / str(i) / "r.html"  # the same name: the page shows the command that makes it
        assert run("report", str(SEEDS), NEWS, *args, "-o", str(out)).exit_code == 0
        files.append(out.read_bytes())
    assert all(f == files[0] for f in files)  # cold, two workers, the cache, the warm path
    assert b"2021-12-01 00:00 UTC" in files[0]


def test_by_month_groups_are_the_trend(run, tmp_path):
    html, data = _report(run, tmp_path, NEWS, "--by", "date:month")
    expected = _csv(run, "themes", NEWS, "--by", "date:month")
    assert _as_csv(data["theme_rows"], list(expected[0])) == _as_csv(data["trend_rows"], list(expected[0])) == expected
    assert html.count('<path d="M') == 3  # one chart, a line per theme


def test_group_without_a_value(run, tmp_path):
    out = tmp_path / "r.html"
    result = run("report", str(SEEDS), "--by", "outlet", "-o", str(out))
    assert result.exit_code == 0
    assert "3 documents have no outlet" in result.stderr
    html = out.read_text(encoding="utf-8")
    assert ">(no outlet)</text>" in html and "(no outlet) vs the rest" in html


def test_an_output_that_cannot_be_written_fails_before_the_analysis(run, tmp_path, monkeypatch):
    from dialogue_cli.analysis import report as core

    def never(*args, **kwargs):
        raise AssertionError("analysed before the output was opened")

    monkeypatch.setattr(core, "report_document", never)
    result = run("report", "-o", str(tmp_path / "nope" / "r.html"))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"dialogue: {tmp_path}/nope/r.html: cannot be written (no such file or directory)\n"
