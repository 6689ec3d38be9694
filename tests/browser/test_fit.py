"""Every scoring lab fits the screen it is on: a 390 px phone and a 1280 px laptop.

Each scoring lab page of the built book, opened at each width: nothing wider than the
screen, no chart panel wider than the book's column, the panels drawn at their own size
(side by side on the laptop, one under another on the phone) rather than shrunk, each
control's value on screen, and every slider handle, radio button and checkbox at least
24 x 24 CSS px (WCAG 2.2, 2.5.8). On "Documenting AI at work" the survey's question choices
do not overlap and each can be tapped. The chapters whose labs hold choices (documenting and
auditing) opened on a phone: no sideways scrolling and no serious axe-core finding (their
choice boxes once made a scrolling region a keyboard could not reach). Screenshots:
_build/screenshots/fit-LAB-WIDTH.png.
"""

from __future__ import annotations

import itertools

import pytest

from .harness import require_built_book, screenshot_path, settle, watched_page
from .test_course_view import SCORING_LABS
from .views import FITS_JS, blocking_violations, misfits

WIDTHS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 800}}

FIT_JS = """
() => {
  const visible = e => e.offsetParent !== null;
  const column = document.querySelector('.bd-article').getBoundingClientRect();
  const frame = [...document.querySelectorAll('.collective-ai-frame')].find(visible);
  const panels = frame ? [...frame.querySelectorAll('.collective-ai-panels img')] : [];
  const box = r => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                     width: r.width, height: r.height});
  const targets = [...document.querySelectorAll(
    '.noUi-handle, .jupyter-widgets input[type=radio], .jupyter-widgets input[type=checkbox]')]
    .filter(visible).map(e => box(e.getBoundingClientRect()));
  const readouts = [...document.querySelectorAll('.widget-readout')].filter(visible)
    .map(e => box(e.getBoundingClientRect()));
  return {
    scrollWidth: document.documentElement.scrollWidth,
    column: box(column),
    panels: panels.map(i => ({...box(i.getBoundingClientRect()), natural: i.naturalWidth})),
    targets, readouts,
  };
}
"""


@pytest.fixture(scope="module")
def contexts(browser):
    made = {name: browser.new_context(viewport=size) for name, size in WIDTHS.items()}
    yield made
    for context in made.values():
        context.close()


def measure(context, url: str, lab: str, name: str) -> dict:
    with watched_page(context) as (page, _):
        page.goto(url + f"notebooks/{lab}.html", wait_until="load")
        settle(page)
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 300)))")
        frame = page.locator(".collective-ai-frame").locator("visible=true").first
        frame.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -160)")
        page.screenshot(path=str(screenshot_path(f"fit-{lab}-{name}")))
        return page.evaluate(FIT_JS)


@pytest.mark.parametrize("name", list(WIDTHS))
@pytest.mark.parametrize("scoring_lab", SCORING_LABS)
def test_scoring_lab_is_drawn_for_the_width(contexts, book_url, scoring_lab, name):
    require_built_book()
    width = WIDTHS[name]["width"]
    seen = measure(contexts[name], book_url, scoring_lab, name)
    assert seen["scrollWidth"] <= width, f"the page is {seen['scrollWidth']} px wide"
    panels, column = seen["panels"], seen["column"]
    assert len(panels) >= 2, "the chart is not drawn as panels"
    for panel in panels:
        assert panel["left"] >= column["left"] - 1
        assert panel["right"] <= column["right"] + 1, (panel, column)  # never past the column
        # Drawn for the width, not shrunk: at least 90% of its own size (a phone's column is
        # a few pixels narrower than a panel), so its 14 px text stays 13 px or more.
        assert panel["width"] >= 0.9 * panel["natural"], panel
    first, second = panels[0], panels[1]
    if name == "phone":
        assert second["top"] >= first["bottom"] - 1  # one under another
    else:
        assert abs(second["top"] - first["top"]) < 1  # side by side
    small = [t for t in seen["targets"] if t["width"] < 24 or t["height"] < 24]
    assert not small, f"targets under 24 x 24 px: {small[:3]}"
    off = [r for r in seen["readouts"] if r["right"] > width or r["left"] < 0]
    assert not off, f"slider values off screen: {off}"


# The survey lab's question choices: each label's box, and what a tap at its button reaches.
CHOICES_JS = """
() => [...document.querySelectorAll('.widget-radio-box label')].filter(e => e.offsetParent)
  .map(label => {
    const r = label.getBoundingClientRect();
    const input = label.querySelector('input');
    const b = input.getBoundingClientRect();
    const hit = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
    return {top: r.top, bottom: r.bottom, text: label.textContent.trim().slice(0, 40),
            tappable: hit === input || label.contains(hit)};
  })
"""


def test_survey_question_choices_do_not_overlap_on_a_phone(contexts, book_url):
    require_built_book()
    with watched_page(contexts["phone"]) as (page, _):
        page.goto(book_url + "notebooks/documenting-ai.html", wait_until="load")
        settle(page)
        radios = page.locator(".widget-radio").locator("visible=true").first
        radios.scroll_into_view_if_needed()
        choices = page.evaluate(CHOICES_JS)
        page.screenshot(path=str(screenshot_path("fit-documenting-ai-phone")))
    assert len(choices) >= 2
    for above, below in itertools.pairwise(choices):
        assert below["top"] >= above["bottom"] - 1, (above, below)
    assert all(c["tappable"] for c in choices), choices


# The chapters whose labs are not scoring labs: an audit, a survey and a demand drafter.
OTHER_LABS = ["documenting-ai", "auditing-ai", "making-demands"]


@pytest.mark.parametrize("chapter", OTHER_LABS)
def test_chapter_fits_a_phone_with_no_serious_axe_finding(contexts, book_url, chapter):
    require_built_book()
    with watched_page(contexts["phone"]) as (page, watch):
        page.goto(book_url + f"notebooks/{chapter}.html", wait_until="load")
        settle(page)
        found = misfits(page.evaluate(FITS_JS), WIDTHS["phone"]["width"])
        violations = blocking_violations(page)
        page.screenshot(path=str(screenshot_path(f"fit-{chapter}-phone-top")))
        assert not watch.problems, watch.problems
    assert not found, f"{chapter} at 390 px:\n" + "\n".join(found)
    assert not violations, f"{chapter} at 390 px:\n" + "\n".join(violations)


@pytest.mark.parametrize("chapter", OTHER_LABS)
def test_chapter_fits_its_column_on_a_laptop(contexts, book_url, chapter):
    """At 1280 px with the side contents showing: no picture wider than the article's column,
    nothing off screen."""
    require_built_book()
    with watched_page(contexts["laptop"]) as (page, _):
        page.goto(book_url + f"notebooks/{chapter}.html", wait_until="load")
        settle(page)
        facts = page.evaluate(FITS_JS)
    assert facts["column"]["right"] < WIDTHS["laptop"]["width"]  # the side contents show
    assert len(facts["images"]) >= (0 if chapter == "making-demands" else 1)
    found = misfits(facts, WIDTHS["laptop"]["width"])
    assert not found, f"{chapter} at 1280 px:\n" + "\n".join(found)
