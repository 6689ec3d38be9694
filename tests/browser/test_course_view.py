"""The course as a learner sees it: no code, no raw MyST, honest sliders, nothing off-screen.

In the built book: no visible code cell on a lab page, no raw MyST role on any page, no
horizontal overflow on a 390 px phone, every precomputed slider announcing the value its
readout shows, and at least two working sliders on each scoring lab. In Voila and JupyterLab
(the views a facilitator projects): no raw MyST role in any rendered cell, and sliders that
announce their readout. Screenshots land in _build/screenshots/. The read-only checks look
at each page's or lab's one shared opening (``views.py``); the phone check narrows that
page to 390 px.
"""

from __future__ import annotations

import re

import pytest

from .harness import NOT_BUILT, ROOT, require_built_book, said
from .views import PHONE

# A MyST role left as text: {cite:p}`key`, {doc}`path`, {term}`word`, and the rest.
RAW_ROLE = re.compile(r"\{(?:cite(?::[a-z]+)?|doc|term|ref|numref|eq|download)\}`")
RAW_DIRECTIVE = re.compile(r"^\s*(?:```|:::)\{[a-z-]+\}", re.M)
SCORING_LABS = ("hiring-screener", "warehouse-rates", "call-centre")


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


def test_lab_pages_show_no_code(book_pages_seen, lab):
    page_name = f"notebooks/{lab}.html"
    seen = book_pages_seen(page_name)  # screenshot: _build/screenshots/course-LAB.png
    assert seen.visible_code == 0, f"{page_name}: {seen.visible_code} code cells visible"
    assert "NBVAL" not in seen.main_text
    assert "nbval" not in seen.main_text
    assert "{{ 7*7 }}" not in seen.main_text
    assert "javascript:alert" not in seen.main_text


def test_no_page_shows_raw_myst(book_pages_seen, page_name):
    page_or_fail(page_name)
    text = book_pages_seen(page_name).prose
    assert not raw_markup(text), f"{page_name}: {raw_markup(text)[:5]}"


def test_no_page_runs_off_a_phone_screen(book_pages_seen, page_name):
    page_or_fail(page_name)
    seen = book_pages_seen(page_name)  # lab chapters: _build/screenshots/phone-LAB.png
    width, wrapped = seen.phone_width, seen.phone_wrapped
    assert width <= PHONE["width"], f"{page_name} is {width} px wide on a 390 px screen"
    assert not wrapped, f"{page_name}: category names wrapped over lines: {wrapped[:3]}"


@pytest.mark.parametrize("scoring_lab", SCORING_LABS)
def test_each_scoring_lab_has_two_sliders_that_announce_their_value(
    static_labs_driven, scoring_lab
):
    page_name = f"notebooks/{scoring_lab}.html"
    driven = static_labs_driven(scoring_lab)  # every control moved once, by keyboard
    changes = [(before, after) for is_slider, before, after in driven.moves if is_slider]
    count, sliders = len(changes), driven.sliders
    assert count >= 2, f"{page_name}: {count} slider(s)"
    assert all(before != after for before, after in changes), f"{page_name}: a slider did nothing"
    assert sliders
    assert not announcements_match(sliders), sliders
    assert not driven.problems, driven.problems


def test_static_lab_page_fits_the_budget(lab):
    path = require_built_book() / "notebooks" / f"{lab}.html"
    assert path.stat().st_size <= 2_000_000, f"{path.name}: {path.stat().st_size:,} bytes"


# --- the live views ----------------------------------------------------------------------


def test_voila_shows_no_raw_myst_and_honest_sliders(voila_labs_seen, lab):
    seen = voila_labs_seen(lab)
    text, sliders = seen.prose, seen.sliders
    assert not raw_markup(text), f"{lab} in Voila: {raw_markup(text)[:5]}"
    references = said("References", seen.lang)  # Voila speaks VOILA_LANG
    assert references in text or "{cite" not in (ROOT / "notebooks" / f"{lab}.ipynb").read_text()
    assert not announcements_match(sliders), sliders


def test_jupyterlab_shows_no_raw_myst_and_honest_sliders(jupyterlab_labs_seen, lab):
    seen = jupyterlab_labs_seen(lab)
    markdown, sliders = seen.prose, seen.sliders
    assert markdown, f"{lab}: no rendered markdown found"
    assert not raw_markup(markdown), f"{lab} in JupyterLab: {raw_markup(markdown)[:5]}"
    assert seen.notice == 0, f"{lab}: tells a JupyterLab user to open it in JupyterLab"
    assert not announcements_match(sliders), sliders
