"""``align review`` in a real browser: headless Chromium (Debian's) driven by Playwright.

One browser for the whole module; each test gets a fresh page and its own server (a
thread on a free loopback port) over a fresh build folder. Skips, with the reason, where
Playwright or Chromium is missing (CI installs Chromium in .ci/run). Set ALIGN_CHROMIUM to
use another Chromium binary.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from review_data import GLOSSARY, make_build

pytest.importorskip("starlette", reason="align[review] is not installed")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (align[test])")

CHROMIUM = os.environ.get("ALIGN_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
#: Flags for a closed network: no first-run, sync, component or background requests.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not Path(CHROMIUM).is_file():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium; CI installs it)",
                allow_module_level=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    profile = tempfile.mkdtemp(prefix="align-review-chromium-")
    with sync_api.sync_playwright() as p:
        try:
            ctx = p.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
                viewport={"width": 1400, "height": 900})
        except Exception as exc:  # a broken Chromium install: say so, do not fail the suite
            pytest.skip(f"Chromium at {CHROMIUM} does not start: {str(exc).splitlines()[0]}")
        yield ctx
        ctx.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture()
def page(browser):
    pg = browser.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    pg.close()
    assert not errors, errors


@pytest.fixture()
def served(tmp_path):
    """(url, review folder, aligned folder) of a live review server."""
    from align.glossary import load_glossary
    from align.review.load import load_pair_docs
    from align.review.server import ServerThread, create_app
    from align.review.session import ReviewSession
    from align.review.store import ReviewStore

    aligned = make_build(tmp_path / "build")
    store = ReviewStore(tmp_path / "review", reviewer="e2e")
    session = ReviewSession(load_pair_docs([aligned]), glossary=load_glossary(GLOSSARY), store=store)
    app = create_app(session, reviewer="e2e", allowed_hosts=["127.0.0.1"], export_dir=store.root / "export")
    with ServerThread(app) as url:
        yield url, store.root, aligned


def current(page) -> str:
    return page.text_content(".bead.cur code")


def wait_version(page, v: int) -> None:
    page.wait_for_selector(f"body[data-version='{v}']", timeout=10000)


def open_page(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready='1']", timeout=10000)


def test_keyboard_merge_split_undo_survive_a_reload(page, served):
    url, root, _ = served
    open_page(page, url)
    assert current(page) == "[0]:[0]"
    page.keyboard.press("j")
    assert current(page) == "[1,2]:[1]"
    page.keyboard.press("j")
    assert current(page) == "[3]:[2]"
    page.keyboard.press("k")
    page.keyboard.press("m")  # merge [1,2]:[1] with [3]:[2]
    wait_version(page, 1)
    assert current(page) == "[1,2,3]:[1,2]"
    page.keyboard.press("s")  # split mode: a cut on each side
    assert page.locator(".bead.cur .cut").count() == 2
    page.keyboard.press("ArrowRight")  # source cut after 2 sentences
    page.keyboard.press("Enter")
    wait_version(page, 2)
    assert current(page) == "[1,2]:[1]"
    assert page.text_content("#bead-2 code") == "[3]:[2]"
    page.keyboard.press("z")  # undo the split
    wait_version(page, 3)
    assert current(page) == "[1,2,3]:[1,2]"
    page.reload()
    page.wait_for_selector("body[data-ready='1']")
    assert current(page) == "[1,2,3]:[1,2]"  # same document, same bead, the edit is there
    beads = (root / "beads" / "000-ai-vision-large-models" / "pt-en.beads").read_text().splitlines()
    assert beads[:3] == ["[0]:[0]", "[1,2,3]:[1,2]", "[4]:[3]"]
    log = [json.loads(x) for x in (root / "review-log.jsonl").read_text().splitlines()]
    assert [(e["action"], e["op"]) for e in log] == [("edit", "merge"), ("edit", "split"), ("undo", "split")]
    assert page.is_disabled("button[data-act='redo']") is False


def test_review_queue_lists_the_lowest_confidence_first(page, served):
    url, _, aligned = served
    recs = [json.loads(x) for x in (aligned / "000-ai-vision-large-models" / "pt-en.jsonl").read_text().splitlines()]
    order = sorted(range(len(recs)), key=lambda i: (recs[i]["confidence"], i))
    open_page(page, url)
    page.click("#mode-queue")
    rows = page.locator("#beads .bead:not(.ctx) .num").all_text_contents()
    assert [int(r.split("[")[0].lstrip("#")) - 1 for r in rows[:5]] == order[:5]
    lowest = page.locator(".bead.cur .chip").text_content()
    assert float(lowest) == pytest.approx(recs[order[0]]["confidence"], abs=1e-3)
    assert "c-low" in page.get_attribute(".bead.cur .chip", "class")
    # accepting with the keyboard sends the bead to the end of the queue: the next lowest is up
    page.keyboard.press("a")
    wait_version(page, 1)
    assert page.locator(".bead.cur .num").text_content().startswith(f"#{order[1] + 1}")


def test_findings_are_highlighted_with_the_expected_term_on_hover(page, served):
    url, _, _ = served
    open_page(page, url)
    page.keyboard.press("J")  # next document: zh-Hant-en
    page.wait_for_selector("body[data-doc='1']")
    page.keyboard.press("f")  # only beads with findings
    marks = page.locator("mark.f-forbidden-term")
    assert marks.count() >= 1
    gun = page.locator("mark.f-forbidden-term", has_text="gun camera").first
    assert "box camera" in gun.get_attribute("data-tip")
    gun.hover()  # the expected term shows on hover
    tip = page.evaluate("e => getComputedStyle(e, '::after').content", gun.element_handle())
    assert "box camera" in tip
    n_rows = page.locator("#beads .bead").count()
    assert 0 < n_rows < 20  # the filter left only beads with findings
    # the document list shows counts and progress
    first = page.locator("#doc-list li").nth(1).text_content()
    assert "93 beads" in first or "beads" in first and "finding" in first


def test_filters_by_type_and_confidence(page, served):
    url, _, _ = served
    open_page(page, url)
    page.select_option("#f-type", "2-1")
    kinds = page.locator("#beads .bead .kind").all_text_contents()
    assert kinds and set(kinds) == {"2-1"}
    page.select_option("#f-type", "")
    page.fill("#f-below", "0.2")
    chips = [float(x) for x in page.locator("#beads .bead .chip").all_text_contents()]
    assert chips and max(chips) < 0.2


def test_static_export_opens_with_the_network_disabled(browser, tmp_path):
    from conftest import run_cli

    aligned = make_build(tmp_path / "build")
    report = tmp_path / "report.html"
    code, _, err = run_cli(["review", str(aligned), "-g", str(GLOSSARY), "--export", str(report)])
    assert code == 0, err
    page = browser.new_page()
    seen: list[str] = []

    def route(r):
        seen.append(r.request.url)
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            r.abort()

    page.route("**/*", route)
    browser.set_offline(True)
    try:
        page.goto(report.as_uri())
        page.wait_for_selector("body[data-ready='1']", timeout=10000)
        assert page.locator("#beads .bead").count() == 100  # first page of 106 beads
        assert page.is_visible("#mode-banner")
        assert not page.is_visible("#actions")
        page.keyboard.press("j")
        assert current(page) == "[1,2]:[1]"
        page.keyboard.press("m")  # read-only: nothing happens but a message
        assert "read-only" in page.text_content("#status")
        page.keyboard.press("J")
        page.wait_for_selector("body[data-doc='1']")
        assert page.locator("mark.f-forbidden-term").count() >= 1
    finally:
        browser.set_offline(False)
        page.close()
    assert seen == [report.as_uri()]  # the file itself, nothing else
