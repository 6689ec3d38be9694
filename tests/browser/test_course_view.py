"""The course as a learner sees it: no code, no raw MyST, honest sliders, nothing off-screen.

In the built book: no visible code cell on a lab page, no raw MyST role on any page, no
horizontal overflow on a 390 px phone, every precomputed slider announcing the value its
readout shows, and at least two working sliders on each scoring lab. In Voila and JupyterLab
(the views a facilitator projects): no raw MyST role in any rendered cell, and sliders that
announce their readout. Screenshots land in _build/screenshots/.
"""

from __future__ import annotations

import re

import pytest

from .harness import NOT_BUILT, ROOT, require_built_book, screenshot_path, settle, watched_page
from .test_book_offline import SLIDER_HANDLE, move_slider_and_compare
from .test_live_labs import KERNEL_IDLE_JS, open_in_jupyterlab, open_voila_lab, page_area, run_all

# A MyST role left as text: {cite:p}`key`, {doc}`path`, {term}`word`, and the rest.
RAW_ROLE = re.compile(r"\{(?:cite(?::[a-z]+)?|doc|term|ref|numref|eq|download)\}`")
RAW_DIRECTIVE = re.compile(r"^\s*(?:```|:::)\{[a-z-]+\}", re.M)
SCORING_LABS = ("hiring-screener", "warehouse-rates", "call-centre")
PHONE = {"width": 390, "height": 844}

# What a reader sees as prose: the text of an element without its code samples (an
# instructor's guide may show MyST source on purpose, inside <pre> or <code>).
PROSE_JS = """
element => {
  const copy = element.cloneNode(true);
  copy.querySelectorAll('pre, code, .highlight').forEach(e => e.remove());
  return copy.innerText;
}
"""

# The slider handles with what they announce and what the readout beside them shows.
SLIDERS_JS = """
() => [...document.querySelectorAll('.widget-slider')].filter(s => s.offsetParent !== null)
  .map(s => {
    const handle = s.querySelector('.noUi-handle[role=slider]');
    const readout = s.querySelector('.widget-readout');
    return {
      name: handle && handle.getAttribute('aria-label'),
      valuetext: handle && handle.getAttribute('aria-valuetext'),
      readout: readout ? readout.textContent.trim() : null,
    };
  })
"""


# Row headers of the course's tables (a category, a setting) that wrap onto a second line.
WRAPPED_NAMES_JS = """
() => [...document.querySelectorAll('.collective-ai-scroll th[scope=row]')]
  .filter(th => th.offsetParent !== null)
  .filter(th => {
    const range = document.createRange();
    range.selectNodeContents(th);
    const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
    return tops.size > 1;
  })
  .map(th => th.textContent.trim())
"""


def raw_markup(text: str) -> list[str]:
    """Every raw role or directive fence in ``text``, with a little context."""
    found = [text[max(0, m.start() - 30) : m.end() + 30] for m in RAW_ROLE.finditer(text)]
    found += [m.group(0).strip() for m in RAW_DIRECTIVE.finditer(text)]
    return found


def announcements_match(sliders: list[dict]) -> list[dict]:
    """The sliders whose announced value differs from their readout (as text or as number)."""

    def same(a: str | None, b: str | None) -> bool:
        if a is None or b is None:
            return False
        try:
            return a == b or float(a) == float(b)
        except ValueError:
            return False

    return [s for s in sliders if not s["name"] or not same(s["valuetext"], s["readout"])]


def page_or_fail(page_name: str) -> None:
    if page_name == NOT_BUILT:
        require_built_book()


# --- the static book ---------------------------------------------------------------------


def test_lab_pages_show_no_code(browser_context, book_url, lab):
    page_name = f"notebooks/{lab}.html"
    with watched_page(browser_context) as (page, _):
        page.goto(book_url + page_name, wait_until="load")
        settle(page)
        visible_code = page.locator(".cell_input").locator("visible=true").count()
        text = page.inner_text("main")
        page.screenshot(path=str(screenshot_path(f"course-{lab}")), full_page=False)
    assert visible_code == 0, f"{page_name}: {visible_code} code cells visible"
    assert "NBVAL" not in text
    assert "nbval" not in text
    assert "{{ 7*7 }}" not in text
    assert "javascript:alert" not in text


def test_no_page_shows_raw_myst(browser_context, book_url, page_name):
    page_or_fail(page_name)
    with watched_page(browser_context) as (page, _):
        page.goto(book_url + page_name, wait_until="load")
        text = page.locator("body").evaluate(PROSE_JS)
    assert not raw_markup(text), f"{page_name}: {raw_markup(text)[:5]}"


def test_no_page_runs_off_a_phone_screen(browser, book_url, page_name):
    page_or_fail(page_name)
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(book_url + page_name, wait_until="load")
        settle(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        wrapped = page.evaluate(WRAPPED_NAMES_JS)
        if page_name.startswith("notebooks/"):
            name = page_name.removeprefix("notebooks/").removesuffix(".html")
            page.screenshot(path=str(screenshot_path(f"phone-{name}")))
    finally:
        context.close()
    assert width <= PHONE["width"], f"{page_name} is {width} px wide on a 390 px screen"
    assert not wrapped, f"{page_name}: category names wrapped over lines: {wrapped[:3]}"


@pytest.mark.parametrize("scoring_lab", SCORING_LABS)
def test_each_scoring_lab_has_two_sliders_that_announce_their_value(
    browser_context, book_url, scoring_lab
):
    page_name = f"notebooks/{scoring_lab}.html"
    with watched_page(browser_context) as (page, watch):
        page.goto(book_url + page_name, wait_until="load")
        settle(page)
        handles = page.locator(SLIDER_HANDLE)
        count = handles.count()
        changes = []
        for index in range(count):
            handles.nth(index).scroll_into_view_if_needed()
            changes.append(move_slider_and_compare(page, handles.nth(index)))
        page.wait_for_timeout(300)
        sliders = page.evaluate(SLIDERS_JS)
    assert count >= 2, f"{page_name}: {count} slider(s)"
    assert all(before != after for before, after in changes), f"{page_name}: a slider did nothing"
    assert sliders
    assert not announcements_match(sliders), sliders
    assert not watch.problems, watch.problems


def test_static_lab_page_fits_the_budget(lab):
    path = require_built_book() / "notebooks" / f"{lab}.html"
    assert path.stat().st_size <= 2_000_000, f"{path.name}: {path.stat().st_size:,} bytes"


# --- the live views ----------------------------------------------------------------------


def test_voila_shows_no_raw_myst_and_honest_sliders(browser_context, voila, lab):
    with watched_page(browser_context) as (page, _):
        area = open_voila_lab(page, voila, lab)
        text = page.locator("body").evaluate(PROSE_JS)
        sliders = page.evaluate(SLIDERS_JS)
        area.scroll_into_view_if_needed()
    assert not raw_markup(text), f"{lab} in Voila: {raw_markup(text)[:5]}"
    assert "References" in text or "{cite" not in (ROOT / "notebooks" / f"{lab}.ipynb").read_text()
    assert not announcements_match(sliders), sliders


def test_jupyterlab_shows_no_raw_myst_and_honest_sliders(browser_context, jupyterlab, lab):
    with watched_page(browser_context) as (page, _):
        open_in_jupyterlab(page, jupyterlab, lab)
        run_all(page)
        page_area(page, lab)
        page.wait_for_function(KERNEL_IDLE_JS, timeout=60_000)
        page.wait_for_timeout(500)
        outputs = page.locator(".jp-MarkdownOutput")
        markdown = "\n".join(outputs.nth(i).evaluate(PROSE_JS) for i in range(outputs.count()))
        notice = page.get_by_text("Open this notebook in JupyterLab").count()
        sliders = page.evaluate(SLIDERS_JS)
    assert markdown, f"{lab}: no rendered markdown found"
    assert not raw_markup(markdown), f"{lab} in JupyterLab: {raw_markup(markdown)[:5]}"
    assert notice == 0, f"{lab}: tells a JupyterLab user to open it in JupyterLab"
    assert not announcements_match(sliders), sliders
