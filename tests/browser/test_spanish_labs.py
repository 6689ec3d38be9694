"""The Spanish book's labs speak Spanish in a browser (``make book LANG=es``).

The Spanish edition executes the notebooks with ``COLLECTIVE_AI_LANG=es`` into its own
notebook cache (``_build/.jupyter_cache_es``), so each lab's precomputed frames carry the
package's Spanish. For every lab page with controls in ``_build/html/es/notebooks/``, served
on 127.0.0.1 in Chromium: each slider and radio choice moved by keyboard changes the visible
frame, and after each move the frame's summary holds the catalog's Spanish words for it
(the glossary's terms, docs/translation.md) and none of the English summary's fixed words.

Outside ``make test`` (which does not build the Spanish edition): ``make spanish-check``
runs it; with no ``_build/html/es`` it skips, saying so. Screenshots: static-es-LAB.png
(1280 px) and phone-es-LAB.png (390 px).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from .harness import BUILD_HTML, screenshot_path, serve_directory, settle, watched_page
from .views import (
    CHOICE_RADIO,
    FRAME,
    PHONE,
    REFLOWED_JS,
    SLIDER_HANDLE,
    move_slider_and_compare,
)

SPANISH_HTML = BUILD_HTML / "es"
NOT_BUILT = "the Spanish edition is not built (_build/html/es): run `make book LANG=es`"


@dataclass(frozen=True)
class Expected:
    """What a lab's summary says in Spanish, and what of its English must be gone.

    ``spanish``: words of the package's catalog for this summary (any one of them counts,
    compared without case); ``english``: fixed words of the English summary, never data.
    """

    spanish: tuple[str, ...]
    english: tuple[str, ...]


_SCORING = Expected(
    spanish=("índice de impacto",),  # "impact ratio" (scoring.result.describe)
    english=("impact ratio", "four-fifths", " against "),
)
# The labs whose static page has controls (collective_ai.widgets.scoring_static's sliders,
# collective_ai.widgets.static.choice_view's radio buttons), and their summaries.
LABS = {
    "hiring-screener": _SCORING,
    "warehouse-rates": _SCORING,
    "call-centre": _SCORING,
    # widgets.audit_lab: "Bar chart of the selection rate by sex. ..."
    "auditing-ai": Expected(
        spanish=("tasa de selección",), english=("Bar chart", "selection rate", " selected")
    ),
    # widgets.survey_lab: "Bar chart of the answers to: ..." under the chart
    "documenting-ai": Expected(
        spanish=("gráfico de barras", "respuestas"), english=("Bar chart", "answers to")
    ),
    # widgets.demand_samples: "A petition titled “...” with 3 demands: ..." (demands.summary)
    "making-demands": Expected(spanish=("demandas",), english=(" titled ", " demands:")),
}

# A slider or radio choice in a page's embedded widget state.
CONTROL_MODEL = re.compile(
    r'"model_name": ?"(?:RadioButtons|FloatSlider|IntSlider|SelectionSlider)Model"'
)

# The visible frames' text in the output that holds a control.
FRAME_TEXT_JS = """
control => {
  const output = control.closest('.cell_output, .output') || document.body;
  return [...output.querySelectorAll('FRAME')].filter(f => f.offsetParent !== null)
    .map(f => f.innerText).join('\\n');
}
""".replace("FRAME", FRAME)


@pytest.fixture(scope="module")
def spanish_book_url():
    """The built book with its Spanish edition, served on 127.0.0.1; skips without it."""
    if not (SPANISH_HTML / "index.html").is_file():
        pytest.skip(NOT_BUILT)
    with serve_directory(BUILD_HTML) as url:
        yield url + "es/"


def language_problems(text: str, expected: Expected) -> list[str]:
    """Why ``text`` is not the Spanish summary: no Spanish word found, English words left."""
    found = text.casefold()
    problems = []
    if not any(word.casefold() in found for word in expected.spanish):
        problems.append(f"none of {list(expected.spanish)}")
    problems += [f"English {word.strip()!r}" for word in expected.english if word in text]
    return problems


def test_language_problems_names_what_is_wrong():
    expected = LABS["hiring-screener"]
    english = "Applicants aged 40 and over advance at 1% against 7%: impact ratio 0.09."
    spanish = "Las personas de 40 años o más avanzan: índice de impacto 0,09."
    assert language_problems(spanish, expected) == []
    assert language_problems(english, expected) == [
        "none of ['índice de impacto']",
        "English 'impact ratio'",
        "English 'against'",
    ]


def test_every_spanish_lab_page_with_controls_is_checked():
    """A lab that gains a slider or a choice must say here what its Spanish summary says."""
    if not (SPANISH_HTML / "index.html").is_file():
        pytest.skip(NOT_BUILT)
    pages = (SPANISH_HTML / "notebooks").glob("*.html")
    with_controls = {page.stem for page in pages if CONTROL_MODEL.search(page.read_text())}
    assert with_controls == set(LABS)


@pytest.mark.parametrize("spanish_lab", sorted(LABS))  # "lab" is conftest's: every notebook
def test_a_spanish_lab_page_moves_and_speaks_spanish(
    browser_context, spanish_book_url, spanish_lab
):
    lab = spanish_lab
    page_file = SPANISH_HTML / "notebooks" / f"{lab}.html"
    if not page_file.is_file():
        pytest.fail(f"es/notebooks/{lab}.html was not built")
    wrong, unchanged = [], []
    with watched_page(browser_context) as (page, watch):
        page.goto(spanish_book_url + f"notebooks/{lab}.html", wait_until="load")
        settle(page)
        assert page.evaluate("document.documentElement.lang") == "es"
        controls = page.locator(f"{SLIDER_HANDLE}, {CHOICE_RADIO}")
        count = controls.count()
        assert count, f"es/notebooks/{lab}.html has no slider or radio choice"
        for index in range(count):
            control = controls.nth(index)
            control.scroll_into_view_if_needed()
            name = control.get_attribute("aria-label") or control.evaluate(
                "e => e.closest('label') ? e.closest('label').innerText : e.value"
            )
            before, after = move_slider_and_compare(page, control)
            if before == after:
                unchanged.append(name)
            text = control.evaluate(FRAME_TEXT_JS)
            if problems := language_problems(text, LABS[lab]):
                wrong.append(f"after a key on {name!r}: {'; '.join(problems)}\n    {text[:200]!r}")
        page.screenshot(path=str(screenshot_path(f"static-es-{lab}")))
        page.set_viewport_size(PHONE)
        page.evaluate(REFLOWED_JS)
        page.wait_for_timeout(500)  # the sidebar slides off screen when the page narrows
        controls.first.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshot_path(f"phone-es-{lab}")))
        problems = list(watch.problems)
    assert not problems, "\n".join(problems)
    assert not unchanged, f"{lab}: moved {unchanged}, the frame stayed the same"
    assert not wrong, f"{lab}: the summary is not in Spanish:\n" + "\n".join(wrong)
