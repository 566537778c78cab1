"""The HTML report in a real headless browser (Debian's chromium and
chromium-driver, driven by selenium): the page loads from a file:// URL with
no network, the stance matrix and the charts render with a size, escaped data
text shows as text, and the browser logs no console errors.  A screenshot is
saved to test-artifacts/."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = "/usr/bin/chromedriver"

pytestmark = pytest.mark.browser


def _browser_or_skip():
    absent = {"chromium": CHROMIUM is None, "chromium-driver": not os.path.exists(DRIVER)}
    missing = [name for name, gone in absent.items() if gone]
    if missing:
        what = " and ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {what} missing: run 'make browser' as root")
        pytest.skip(
            f"{what} not installed: run 'make browser' as root, "
            "or 'sudo apt-get install chromium chromium-driver'"
        )


@pytest.fixture
def driver(tmp_path, monkeypatch):
    _browser_or_skip()
    monkeypatch.setenv("SE_OFFLINE", "true")  # selenium must never try to download a driver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1280,2000",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    try:
        yield browser
    finally:
        browser.quit()


def _page(tmp_path: Path, html: str) -> str:
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    return page.as_uri()


def _severe(driver) -> list[dict]:
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def test_report_renders_in_chromium(driver, tmp_path, mini_report_html):
    from selenium.webdriver.common.by import By

    driver.get(_page(tmp_path, mini_report_html))
    assert "position-gap report" in driver.title

    matrix = driver.find_element(By.ID, "stance-matrix")
    assert matrix.size["width"] > 0 and matrix.size["height"] > 0
    headers = [th.text for th in matrix.find_elements(By.CSS_SELECTOR, "thead th")]
    assert headers[:2] == ["ISSUE", "NORTHLAND"] or headers[:2] == ["Issue", "Northland"]
    assert "150,000 personnel" in matrix.text

    heat = driver.find_element(By.ID, "gap-heatmap")
    assert heat.size["width"] > 100 and heat.size["height"] > 50
    cells = heat.find_elements(By.CSS_SELECTOR, "rect")
    assert len(cells) >= 4
    timelines = driver.find_elements(By.CSS_SELECTOR, "svg.timeline")
    assert timelines, "no gap timeline drawn"
    assert all(t.size["width"] > 100 and t.size["height"] > 50 for t in timelines)
    # The army-size chart draws the two pairs whose gap changed as step lines across the plot.
    lines = timelines[0].find_elements(By.TAG_NAME, "polyline")
    assert len(lines) == 2 and all(line.size["width"] > 100 for line in lines)
    assert all(d.size["width"] > 0 for d in timelines[0].find_elements(By.TAG_NAME, "circle"))

    # Footnote links land on a source that shows the quote.
    first = driver.find_element(By.CSS_SELECTOR, "#stance-matrix sup.fn a")
    target = driver.find_element(By.ID, first.get_attribute("href").split("#")[1])
    assert target.find_element(By.CLASS_NAME, "quote").text

    assert _severe(driver) == []
    # No part of the page is wider than the window (charts scale down).
    assert driver.execute_script(
        "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(height + 40, 8000))
    assert driver.save_screenshot(str(ARTIFACTS / "report-mini.png"))
    driver.set_window_size(420, 900)  # a phone
    assert driver.save_screenshot(str(ARTIFACTS / "report-mini-narrow.png"))


def test_hostile_text_stays_text_in_chromium(driver, tmp_path, hostile_report_html):
    """A quote holding <script> shows as text: no script runs, no alert, no console error."""
    from selenium.webdriver.common.by import By

    driver.get(_page(tmp_path, hostile_report_html))
    body = driver.find_element(By.TAG_NAME, "body").text
    assert "<script>window.pwned=1</script>" in body
    assert driver.execute_script("return window.pwned === undefined")
    assert driver.find_elements(By.CSS_SELECTOR, "main script") == []
    assert driver.find_elements(By.CSS_SELECTOR, "a[href^='javascript']") == []
    assert _severe(driver) == []


@pytest.fixture
def mini_report_html(mini_path) -> str:
    import datetime as dt

    import peacetracker
    from peacetracker.report import build_report, render

    ds = peacetracker.load(mini_path)
    return render(build_report(ds, since=dt.date(2026, 1, 6)), "html")


@pytest.fixture
def hostile_report_html() -> str:
    from _report_data import hostile
    from peacetracker.report import build_report, render

    return render(build_report(hostile()), "html")


def test_many_parties_fit_the_window_without_sideways_scrolling(driver, tmp_path):
    """The bundled dataset (11 parties) at 1280px: the stance matrix is laid out
    compactly (each issue a row, the parties with a stance on it wrapping inside
    it), so no party name is cut off and nothing scrolls sideways."""
    from selenium.webdriver.common.by import By

    import peacetracker
    from peacetracker.report import build_report, render

    ds = peacetracker.load(ROOT / "positions")
    rep = build_report(ds)
    assert len(rep.matrix_parties) > 8
    driver.get(_page(tmp_path, render(rep, "html")))
    matrix = driver.find_element(By.ID, "stance-matrix")
    box = driver.execute_script(
        "const m = arguments[0], s = m.parentElement;"
        "return [m.scrollWidth, m.clientWidth, s.scrollWidth, s.clientWidth,"
        " document.documentElement.clientWidth, m.getBoundingClientRect().right];",
        matrix,
    )
    width, client, outer, outer_client, window_width, right = box
    assert width <= client + 1 and outer <= outer_client + 1, box  # no sideways scroll
    assert right <= window_width, box
    # every party with a stance is named in full, next to its position
    names = {e.text.casefold() for e in matrix.find_elements(By.CSS_SELECTOR, ".who")}
    assert {p.name.casefold() for p in rep.matrix_parties} <= names
    ARTIFACTS.mkdir(exist_ok=True)
    driver.set_window_size(1280, 2000)
    assert driver.save_screenshot(str(ARTIFACTS / "report-positions.png"))


def test_first_screen_shows_a_gap_between_the_focus_parties(driver, tmp_path):
    """At 1280x800 the bundled dataset's report opens with its lede: the first
    sentence, naming both focus parties and their gap, is on the first screen
    with its footnotes; the weak-evidence legend is drawn with the matrix and
    the heatmap, with a hatched swatch."""
    import datetime as dt

    from selenium.webdriver.common.by import By

    import peacetracker
    from peacetracker.report import build_report, render

    ds = peacetracker.load(ROOT / "positions")
    rep = build_report(ds, since=dt.date(2025, 12, 26))
    driver.set_window_size(1280, 800)
    driver.get(_page(tmp_path, render(rep, "html")))
    height = driver.execute_script("return window.innerHeight")
    first = driver.find_element(By.CSS_SELECTOR, "#lede li.lede-apart")
    box = driver.execute_script("return arguments[0].getBoundingClientRect().bottom", first)
    assert 0 < box <= height, (box, height)
    a, b = (rep.party_name(p) for p in rep.focus[:2])
    assert a in first.text and b in first.text and "far apart" in first.text
    # its footnote marks lead to quotes
    links = first.find_elements(By.CSS_SELECTOR, "sup.fn a")
    assert links
    target = driver.find_element(By.ID, links[0].get_attribute("href").split("#")[1])
    assert target.find_element(By.CLASS_NAME, "quote").text
    # the legend for weak evidence, with a hatched swatch, beside matrix and heatmap
    legends = driver.find_elements(By.CSS_SELECTOR, ".weak-legend")
    assert len(legends) >= 2 and all(e.is_displayed() for e in legends)
    assert "weak evidence" in legends[0].text.casefold()
    swatch = legends[0].find_element(By.CSS_SELECTOR, ".swatch.weak")
    assert "repeating-linear-gradient" in swatch.value_of_css_property("background-image")
    hatched = driver.find_elements(By.CSS_SELECTOR, "#gap-heatmap g.weak")
    assert hatched and all(g.size["width"] > 0 for g in hatched)
    assert _severe(driver) == []
    ARTIFACTS.mkdir(exist_ok=True)
    assert driver.save_screenshot(str(ARTIFACTS / "report-first-screen.png"))
