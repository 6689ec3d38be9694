"""The built book works offline in a real browser.

Every page of ``_build/html``, served on 127.0.0.1: no console error, no failed request,
no request to any other host. Every lab page: moving its precomputed slider (or radio
choice) with the keyboard changes the visible frame. A small probe book, built here from
the repository's own ``_config.yml`` and vendored JavaScript, proves the offline widgets
and icon fonts even before the labs exist.
"""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .harness import (
    NOT_BUILT,
    ROOT,
    require_built_book,
    screenshot_path,
    serve_directory,
    settle,
    watched_page,
)

# The precomputed frames of a static lab (collective_ai.widgets.static.frame_html).
FRAME = ".collective-ai-frame"
SLIDER_HANDLE = ".noUi-handle[role=slider]"
# A static lab's radio choice (collective_ai.widgets.static.choice_view): an arrow key moves it.
CHOICE_RADIO = ".widget-radio input[type=radio]"

# What the learner sees of one slider's lab: the visible frames in the same output, or the
# whole output without the slider itself when a lab has no frame class.
VISIBLE_FRAME_JS = """
handle => {
  const output = handle.closest('.cell_output, .output, .jp-OutputArea') || document.body;
  const frames = [...output.querySelectorAll('FRAME')].filter(f => f.offsetParent !== null);
  if (frames.length) return frames.map(f => f.outerHTML).join('\\n');
  const copy = output.cloneNode(true);
  copy.querySelectorAll('.widget-slider, .widget-hslider').forEach(s => s.remove());
  return copy.innerHTML;
}
""".replace("FRAME", FRAME)


def offline_problems(context, url: str) -> list[str]:
    with watched_page(context) as (page, watch):
        page.goto(url, wait_until="load")
        settle(page)
    return watch.problems


def move_slider_and_compare(page, handle) -> tuple[str, str]:
    """Press an arrow key on a slider; return the visible frame before and after."""
    before = handle.evaluate(VISIBLE_FRAME_JS)
    at_end = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
    handle.focus()
    page.keyboard.press("ArrowLeft" if at_end else "ArrowRight")
    with contextlib.suppress(PlaywrightTimeout):  # the assertion below reports what stayed the same
        page.wait_for_function(
            "([h, before]) => (" + VISIBLE_FRAME_JS + ")(h) !== before",
            arg=[handle.element_handle(), before],
            timeout=5_000,
        )
    return before, handle.evaluate(VISIBLE_FRAME_JS)


def test_the_watch_reports_each_kind_of_problem(browser_context, tmp_path):
    (tmp_path / "index.html").write_text(
        "<!doctype html><title>t</title><link rel=icon href=data:,>"
        '<script src="missing.js"></script>'
        '<img alt="" src="https://cdn.example.org/pixel.png">'
        "<script>console.error('boom')</script>"
    )
    with serve_directory(tmp_path) as url, watched_page(browser_context) as (page, watch):
        page.goto(url + "index.html", wait_until="load")
        settle(page)
    problems = "\n".join(watch.problems)
    assert "HTTP 404" in problems
    assert "missing.js" in problems
    assert "console error: boom" in problems
    assert watch.foreign == ["https://cdn.example.org/pixel.png"]


def test_probe_book_widgets_work_offline(browser_context, probe_book):
    with watched_page(browser_context) as (page, watch):
        page.goto(probe_book + "probe-widgets.html", wait_until="load")
        settle(page)
        handle = page.locator(SLIDER_HANDLE).first
        before, after = move_slider_and_compare(page, handle)
        icon_font = page.evaluate(
            "performance.getEntriesByType('resource').map(e => e.name)"
            ".filter(n => n.includes('/_static/html-manager/') && n.endsWith('.woff2'))"
        )
    assert not watch.problems
    assert "Frame 0" in before
    assert "Frame 1" in after
    assert icon_font, "the widget icon font was not loaded from _static/html-manager/"


def test_page_works_offline(browser_context, book_url, page_name):
    if page_name == NOT_BUILT:
        require_built_book()
    problems = offline_problems(browser_context, book_url + page_name)
    assert not problems, f"{page_name}:\n" + "\n".join(problems)


def test_static_lab_slider_changes_the_visible_frame(browser_context, book_url, lab):
    page_name = f"notebooks/{lab}.html"
    if not (require_built_book() / page_name).is_file():
        pytest.fail(f"{page_name} was not built")
    with watched_page(browser_context) as (page, watch):
        page.goto(book_url + page_name, wait_until="load")
        settle(page)
        handles = page.locator(f"{SLIDER_HANDLE}, {CHOICE_RADIO}")
        if "ScoringLab" in (ROOT / "notebooks" / f"{lab}.ipynb").read_text():
            assert page.locator(FRAME).count(), f"{page_name}: a scoring lab with no frames"
        if not handles.count():
            pytest.skip(f"{page_name} has no slider or choice")
        changes = []
        for index in range(handles.count()):
            handle = handles.nth(index)
            handle.scroll_into_view_if_needed()
            changes.append(move_slider_and_compare(page, handle))
        frame = page.locator(FRAME).locator("visible=true").first
        if frame.count():
            frame.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshot_path(f"static-{lab}")))
    assert not watch.problems, "\n".join(watch.problems)
    unchanged = [i for i, (before, after) in enumerate(changes) if before == after]
    assert not unchanged, f"{page_name}: sliders {unchanged} moved but the frame stayed the same"
