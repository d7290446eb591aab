"""The HTML report: a self-contained page, safe whatever the documents hold,
checked in a real browser (Debian's Chromium, driven by Playwright)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil

import pytest
from click.testing import CliRunner
from conftest import SEEDS, nth, read

import provenance
from provenance.cli import main
from provenance.config import Settings
from provenance.report.html import diff, script_json, write_html
from provenance.report.layout import forest

SEED_000 = "000_25dbbafef6f50195.txt"
SEED_003 = "003_4be7770271fcae25.txt"
SEED_004 = "004_fce141847a8d4f3b.txt"
# The start of the Reuters story that seed 000 carries twice.
REUTERS_FIRST_LINE = "A Russian service member stands next to the remains of a drone"


def render(tmp_path, corpus, name="report.html"):
    out = tmp_path / name
    result = CliRunner().invoke(main, ["scan", str(corpus), "--format", "html", "--output", str(out)])
    assert result.exit_code == 0, result.output
    return out


def scripts(page: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", page, re.DOTALL)


# --- The page as a file ------------------------------------------------------


def test_script_json_cannot_end_its_element_and_reads_back():
    value = {"t": "</script><script>alert(1)</script> <!-- & \u2028\u2029 </textarea>"}
    out = script_json(value)
    assert not set("<>&") & set(out)
    assert "\u2028" not in out and "\u2029" not in out
    assert json.loads(out) == value


def test_the_page_runs_only_its_own_script_and_loads_nothing(tmp_path):
    page = render(tmp_path, SEEDS).read_text(encoding="utf-8")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    assert "default-src 'none'" in csp
    (code,) = scripts(page)  # one script element that runs; the data blocks do not
    digest = base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "<link" not in page and "@import" not in page


def test_the_page_from_a_saved_report_is_the_page_from_the_scan(tmp_path, monkeypatch):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["scan", "seeds", "--format", "html", "-o", "a.html"]).exit_code == 0
    assert runner.invoke(main, ["scan", "seeds", "--format", "json", "-o", "r.json"]).exit_code == 0
    result = runner.invoke(main, ["report", "r.json", "-o", "b.html"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_a_document_changed_since_the_scan_is_shown_without_its_text(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    runner = CliRunner()
    report = tmp_path / "r.json"
    assert runner.invoke(main, ["scan", str(corpus), "--format", "json", "-o", str(report)]).exit_code == 0
    (corpus / SEED_003).write_text("rewritten after the scan\n", encoding="utf-8")
    result = runner.invoke(main, ["report", str(report), "-o", str(tmp_path / "p.html")])
    assert result.exit_code == 0
    assert "1 of 5 documents could not be read back" in result.output
    page = (tmp_path / "p.html").read_text(encoding="utf-8")
    texts = json.loads(re.search(r'id="report-texts">(.*?)</script>', page, re.DOTALL).group(1))
    order = [d["id"] for d in json.loads(report.read_text())["documents"]]
    assert texts[order.index(SEED_003)] is None
    assert texts[order.index(SEED_004)] == read(corpus / SEED_004)


def test_report_refuses_a_file_that_is_not_a_report(tmp_path):
    bad = tmp_path / "r.json"
    bad.write_text('{"format_version": 1}', encoding="utf-8")
    result = CliRunner().invoke(main, ["report", str(bad)])
    assert result.exit_code == 2
    assert "format version 2" in result.output


def test_diff_marks_the_words_each_copy_alone_has():
    a = "the quick brown fox jumps"
    b = "the quick red fox jumps high"
    only_a, only_b = diff(a, (0, len(a)), b, (0, len(b)))
    assert only_a == [a.index("brown"), a.index("brown") + len("brown")]
    assert only_b == [b.index("red"), b.index("red") + 3, b.index("high"), len(b)]


def test_diff_compares_only_the_extents_given():
    a = "HEADER one two three"
    b = "one two four FOOTER"
    only_a, only_b = diff(a, (a.index("one"), len(a)), b, (0, b.index(" FOOTER")))
    assert only_a == [a.index("three"), len(a)]
    assert only_b == [b.index("four"), b.index("four") + 4]


def test_clean_would_remove_what_clean_removes(tmp_path):
    report = provenance.scan([SEEDS])
    texts = {d.id: d.text for d in report.documents}
    import io

    out = io.StringIO()
    write_html(report.to_dict(), texts, out, strip=Settings().strip)
    data = json.loads(re.search(r'id="report-data">(.*?)</script>', out.getvalue(), re.DOTALL).group(1))
    shutil.copytree(SEEDS, tmp_path / "seeds")
    before = sum(len(read(p)) for p in (tmp_path / "seeds").iterdir())
    provenance.clean([tmp_path / "seeds"])
    after = sum(len(read(p)) for p in (tmp_path / "seeds").iterdir())
    assert data["overview"]["removed"] == before - after > 0


def _lineage(clusters, edges):
    ids = sorted({x for e in edges for x in e[:2]})
    return {
        "nodes": [{"id": i, "type": "agency" if i.startswith("agency:") else "document"} for i in ids],
        "edges": [{"source": s, "target": t, "relation": r} for s, t, r in edges],
        "clusters": [{"id": f"cluster-{n}", "documents": docs} for n, docs in enumerate(clusters, 1)],
    }


@pytest.mark.parametrize("engine", ["networkx", "dot"])
def test_each_story_is_its_own_tree_and_an_agency_is_drawn_in_each(engine):
    if engine == "dot" and shutil.which("dot") is None:
        pytest.skip("Graphviz is not installed")
    lineage = _lineage(
        [["a1", "a2", "a3"], ["b1", "b2"]],
        [
            ("agency:AP", "a1", "wire-copy"),
            ("a1", "a2", "duplicate"),
            ("a1", "a3", "duplicate"),
            ("agency:AP", "b1", "wire-copy"),
            ("b1", "b2", "duplicate"),
            ("c1", "c2", "derived"),
        ],
    )
    trees = forest(lineage, engine)
    assert [sorted(t.nodes) for t in trees] == [
        ["a1", "a2", "a3", "agency:AP"],
        ["agency:AP", "b1", "b2"],
        ["c1", "c2"],
    ]
    for tree in trees:
        assert len(tree.xy) == len(tree.nodes)
        assert all(0 <= x <= tree.width and 0 <= y <= tree.height for x, y in tree.xy)
        # Root on the left, copies to its right.
        assert tree.xy[0][0] < min(x for x, _ in tree.xy[1:])
    assert trees[0].nodes[0] == "agency:AP"


# --- The page in a browser -----------------------------------------------------


@pytest.fixture(scope="module")
def seeds_page(tmp_path_factory):
    return render(tmp_path_factory.mktemp("html"), SEEDS)


def open_page(browser, path):
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda dialog: (errors.append("dialog: " + dialog.message), dialog.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_selector("html[data-ready='1']")
    return page, errors


def go(page, fragment):
    """Show the view at ``fragment`` and wait until it is drawn."""
    page.evaluate("fragment => { location.hash = fragment; }", fragment)
    drawn(page, fragment)


def drawn(page, fragment):
    page.wait_for_function("f => document.documentElement.dataset.route === f", arg=fragment)


@pytest.mark.browser
def test_the_seed_findings_are_on_the_page(browser, seeds_page):
    report = provenance.scan([SEEDS])
    page, errors = open_page(browser, seeds_page)
    rows = page.locator("main table").first.locator("tr").all_inner_texts()
    counts = dict(line.split("\t") for line in rows[1:])
    assert counts == {k: str(len(report.of_kind(k))) for k in counts} and set(counts) == {
        f.kind for f in report.findings
    }
    assert page.locator(".card .n").first.inner_text() == "5"
    assert errors == []
    page.close()


@pytest.mark.browser
def test_the_doubled_reuters_block_of_000_is_marked_as_its_later_copy(browser, seeds_page):
    text = read(SEEDS / SEED_000)
    later = nth(text, REUTERS_FIRST_LINE, 2)
    page, errors = open_page(browser, seeds_page)
    order = page.evaluate("JSON.parse(document.getElementById('report-data').textContent).docs.map(d => d.id)")
    go(page, f"#doc/{order.index(SEED_000)}")
    marked = page.locator("main .text mark.rep").all_inner_texts()
    assert marked, "no repeated block marked"
    line_of_later = text.count("\n", 0, later) + 1
    first_marked_row = page.locator("main .text .ln", has=page.locator("mark.rep")).first
    assert first_marked_row.locator(".no").inner_text() == str(line_of_later)
    assert marked[0].startswith(REUTERS_FIRST_LINE)
    # Nothing before the later copy is marked.
    first_line = text[: text.index("\n")]
    assert page.locator("main .text .ln").first.locator(".tx").inner_text() == first_line
    assert errors == []
    page.close()


@pytest.mark.browser
def test_the_quotation_003_and_004_share_shows_side_by_side(browser, seeds_page):
    t3, t4 = read(SEEDS / SEED_003), read(SEEDS / SEED_004)
    start = t3.index("We discussed the attack on Russia’s docked airplanes")
    quote = t3[start : t3.index("by both sides", start) + len("by both sides")]
    assert quote in t4  # the fixture: 004 carries it too
    page, errors = open_page(browser, seeds_page)
    go(page, "#findings")
    links = page.locator("main .story h3 a")
    messages = links.all_inner_texts()
    hits = [n for n, m in enumerate(messages) if SEED_003 in m and SEED_004 in m and "quotation" in m]
    assert hits, messages
    shown = []
    for n in hits:
        go(page, "#findings")
        link = page.locator("main .story h3 a").nth(n)
        target = link.get_attribute("href")
        link.click()
        drawn(page, target)
        columns = page.locator("main .cols > div")
        assert columns.count() == 2
        names = sorted(columns.nth(k).locator("h3 a").first.inner_text() for k in range(2))
        assert names == [SEED_003, SEED_004]
        shown.append([" ".join(columns.nth(k).locator(".text").inner_text().split()) for k in range(2)])
    assert any(all(quote in column for column in pair) for pair in shown), shown
    assert errors == []
    page.close()


HOSTILE = [
    "<script>window.pwned = 1</script>",
    "</textarea><script>window.pwned = 2</script>",
    "</script><script>window.pwned = 3</script><!--",
    '<img src=x onerror="window.pwned = 4">',
]


@pytest.mark.browser
def test_a_crafted_document_renders_as_text_and_runs_nothing(browser, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = (
        "Harbour quay to close for repairs until the spring, the harbour authority said on Monday after divers"
        " found cracks in the old stone wall during a routine inspection of the northern quay.\n"
        + "\n".join(HOSTILE)
        + "\nFishing boats will moor at the ferry terminal while the work goes on, and the fish market will open"
        " an hour later than usual, the authority said in a statement on Monday evening.\n"
    )
    names = ['<img src=x onerror="window.pwned=5">.txt', "copy-<b>bold<!--.txt"]
    for name in names:
        (corpus / name).write_text(body, encoding="utf-8")
    path = render(tmp_path, corpus)
    page, errors = open_page(browser, path)
    order = page.evaluate("JSON.parse(document.getElementById('report-data').textContent).docs.map(d => d.id)")
    assert sorted(order) == sorted(names)
    for fragment in ["#overview", "#stories", "#findings", "#documents", "#doc/0", "#doc/1", "#group/0/1"]:
        go(page, fragment)
        assert page.evaluate("typeof window.pwned") == "undefined", fragment
    go(page, "#doc/0")
    shown = page.locator("main .text").inner_text()
    for line in HOSTILE:
        assert line in shown
    go(page, "#documents")
    assert names[0] in page.locator("main").inner_text()
    assert page.locator("main img").count() == 0
    assert errors == []
    page.close()


@pytest.mark.browser
def test_a_click_on_a_story_node_opens_its_document(browser, seeds_page):
    page, errors = open_page(browser, seeds_page)
    go(page, "#stories")
    node = page.locator("main svg.tree g.document").first
    doc = int(node.get_attribute("data-doc"))
    node.click()
    drawn(page, f"#doc/{doc}")
    order = page.evaluate("JSON.parse(document.getElementById('report-data').textContent).docs.map(d => d.id)")
    assert page.locator("main h2").first.inner_text() == order[doc]
    assert page.locator("main .text .ln").first.locator(".tx").inner_text() == read(SEEDS / order[doc]).split("\n")[0]
    assert errors == []
    page.close()
