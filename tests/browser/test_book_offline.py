"""The built book works offline in a real browser.

Every page of ``_build/html``, served on 127.0.0.1: no console error, no failed request,
no request to any other host. Every lab page: moving its precomputed slider (or radio
choice) with the keyboard changes the visible frame. Both read the shared openings in
``views.py`` (one loading per page, one keyboard drive per lab page). A small probe book,
built here from the repository's own ``_config.yml`` and vendored JavaScript, proves the
offline widgets and icon fonts even before the labs exist.
"""

from __future__ import annotations

import pytest

from .harness import (
    NOT_BUILT,
    ROOT,
    require_built_book,
    serve_directory,
    settle,
    watched_page,
)
from .views import SLIDER_HANDLE, move_slider_and_compare


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


def test_the_spanish_edition_opens_from_files_and_switches_language(browser_context):
    """``make book LANG=es``: a Spanish page says lang="es", and its link reaches the same
    page in English and back, opened as files the way the USB bundle opens them."""
    spanish = require_built_book() / "es" / "book" / "how-to-use.html"
    if not spanish.is_file():
        pytest.skip("the Spanish edition is built by `make book LANG=es`")
    with watched_page(browser_context) as (page, watch):
        page.goto(spanish.as_uri(), wait_until="load")
        assert page.evaluate("document.documentElement.lang") == "es"
        assert page.locator("h1").first.inner_text().startswith("Cómo usar este libro")
        page.get_by_role("link", name="Read this page in English").click()
        page.wait_for_url("**/_build/html/book/how-to-use.html")
        assert page.evaluate("document.documentElement.lang") == "en"
        page.get_by_role("link", name="Leer esta página en español").click()
        page.wait_for_url("**/_build/html/es/book/how-to-use.html")
    assert not watch.problems, watch.problems
