"""The built book works offline in a real browser.

Every page of ``_build/html``, served on 127.0.0.1: no console error, no failed request,
no request to any other host. Every lab page: moving its precomputed slider (or radio
choice) with the keyboard changes the visible frame (one drive per lab page, shared with ``test_course_view``'s
slider check; the other checks read each page's one shared loading, ``views.py``). A small probe book, built here from
the repository's own ``_config.yml`` and vendored JavaScript, proves the offline widgets
and icon fonts even before the labs exist.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

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
from .views import SLIDERS_JS

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


def test_the_site_root_answers_for_its_icon():
    """The root index.html is a bare redirect: a browser asks for /favicon.ico there."""
    icon = require_built_book() / "favicon.ico"
    assert icon.read_bytes()[:4] == b"\x00\x00\x01\x00"  # an ICO file's header


def test_page_works_offline(book_pages_seen, page_name):
    if page_name == NOT_BUILT:
        require_built_book()
    problems = book_pages_seen(page_name).problems
    assert not problems, f"{page_name}:\n" + "\n".join(problems)


@dataclass
class StaticLab:
    """One lab page driven by keyboard: each control's frame before and after it moved."""

    frames: int  # precomputed frames on the page
    moves: list[tuple[bool, str, str]]  # (is a slider, frame before, frame after), in order
    sliders: list[dict]  # what each slider announces and shows, after the moves
    problems: list[str]


def drive_static_lab(context, url: str, lab: str) -> StaticLab:
    """Move every slider and radio choice of a lab page once; screenshot static-LAB.png.

    ``test_course_view``'s slider check reads the same drive (``static_labs_driven``).
    """
    with watched_page(context) as (page, watch):
        page.goto(url + f"notebooks/{lab}.html", wait_until="load")
        settle(page)
        frames = page.locator(FRAME).count()
        controls = page.locator(f"{SLIDER_HANDLE}, {CHOICE_RADIO}")
        moves = []
        for index in range(controls.count()):
            control = controls.nth(index)
            control.scroll_into_view_if_needed()
            is_slider = control.evaluate("(e, s) => e.matches(s)", SLIDER_HANDLE)
            moves.append((is_slider, *move_slider_and_compare(page, control)))
        if moves:
            frame = page.locator(FRAME).locator("visible=true").first
            if frame.count():
                frame.scroll_into_view_if_needed()
            page.screenshot(path=str(screenshot_path(f"static-{lab}")))
            page.wait_for_timeout(300)
        sliders = page.evaluate(SLIDERS_JS)
        return StaticLab(frames, moves, sliders, list(watch.problems))


def test_static_lab_slider_changes_the_visible_frame(static_labs_driven, lab):
    page_name = f"notebooks/{lab}.html"
    if not (require_built_book() / page_name).is_file():
        pytest.fail(f"{page_name} was not built")
    driven = static_labs_driven(lab)
    if "ScoringLab" in (ROOT / "notebooks" / f"{lab}.ipynb").read_text():
        assert driven.frames, f"{page_name}: a scoring lab with no frames"
    if not driven.moves:
        pytest.skip(f"{page_name} has no slider or choice")
    assert not driven.problems, "\n".join(driven.problems)
    unchanged = [i for i, (_, before, after) in enumerate(driven.moves) if before == after]
    assert not unchanged, f"{page_name}: sliders {unchanged} moved but the frame stayed the same"
