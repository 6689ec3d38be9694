"""Every lab, live, as a learner drives it: in JupyterLab and in Voila, by keyboard.

For each notebook in notebooks/: open it, run all cells, change the lab's main control with
the keyboard, and check that its figure and its plain-language summary (the
``aria-live`` paragraph every lab keeps) both changed and that no cell shows an error. The
demand drafter has no figure: its preview stands in for one, and it is also exported and
reopened after a kernel restart. Screenshots of each lab go to _build/screenshots/. Each lab
opens once per view (``views.py``): the read-only checks in ``test_course_view`` and
``test_accessibility`` take their facts first, then the drive runs on the same page.
"""

from __future__ import annotations

import contextlib
import itertools
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .harness import NOTEBOOKS, VOILA_LANG, said, screenshot_path, watched_page

pytestmark = pytest.mark.slow

SLIDER_HANDLE = ".noUi-handle[role=slider]"
SUMMARY = "[aria-live=polite]"
# A new employer name each time, so a draft saved by an earlier test still changes.
EMPLOYERS = (f"Quayside Logistics {n}" for n in itertools.count(4417))
# The output that holds a lab (JupyterLab and Voila alike): the one with a live summary.
LAB_OUTPUT = f".jp-OutputArea-output:has({SUMMARY})"
ERROR_OUTPUTS = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
KERNEL_IDLE_JS = """
() => {
  const widget = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = widget && widget.sessionContext && widget.sessionContext.session
    && widget.sessionContext.session.kernel;
  return Boolean(kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle');
}
"""
# What the learner sees change: the figure (or the drafter's preview) and the summary.
LOOK_JS = """
area => ({
  summary: [...area.querySelectorAll('[aria-live=polite]')].map(e => e.innerText).join('\\n'),
  figure: [...area.querySelectorAll('img')].map(i => i.src.slice(-400)).join('\\n')
    || [...area.querySelectorAll('.widget-html-content')].map(e => e.innerHTML).join('\\n'),
})
"""


LAB_KINDS = ("ScoringLab", "AuditLab", "DemandDrafter", "SurveyLab")


def lab_kind(lab: str) -> str | None:
    """Which widget a lab notebook shows (the last one, which the tests drive), from its
    source; None for a chapter notebook with no interactive lab (reading-audits)."""
    source = (NOTEBOOKS / f"{lab}.ipynb").read_text(encoding="utf-8")
    shown = [(source.rfind(f"{kind}("), kind) for kind in LAB_KINDS if f"{kind}(" in source]
    return max(shown)[1] if shown else None


def require_lab(lab: str) -> str:
    kind = lab_kind(lab)
    if kind is None:
        pytest.skip(f"notebooks/{lab}.ipynb has no interactive lab to drive")
    return kind


def change_by_keyboard(page, area, kind: str, *, lang: str = "en") -> str | None:
    """Change the lab's main control the way a keyboard user would; return any typed text.
    Controls are found by their labels in ``lang``, the language the lab speaks.

    A dropdown is opened with Alt+ArrowDown: in JupyterLab a bare ArrowDown on a focused
    <select> is taken by the notebook and moves to the next cell instead.
    """
    if kind == "ScoringLab":
        handle = area.locator(SLIDER_HANDLE).first
        start = handle.get_attribute("aria-valuenow")
        handle.focus()
        page.keyboard.press("PageUp")
        if handle.get_attribute("aria-valuenow") == start:
            page.keyboard.press("ArrowRight")
    elif kind in ("AuditLab", "SurveyLab"):
        label = "Chart shows" if kind == "AuditLab" else "Question"
        area.get_by_label(said(label, lang)).focus()
        for key in ("Alt+ArrowDown", "ArrowDown", "Enter"):
            page.keyboard.press(key)
    else:
        return fill_required_fields(page, area, lang=lang)
    return None


def fill_required_fields(page, area, *, lang: str = "en") -> str:
    """Type into the drafter's Employer box and every other box still marked required."""
    employer = next(EMPLOYERS)
    type_into(page, area.get_by_label(said("Employer", lang), exact=True), employer)
    required = said("required", lang)
    required = area.locator(
        f"input[placeholder='{required}']:visible, textarea[placeholder='{required}']:visible"
    )
    for index in range(required.count()):
        box = required.nth(index)
        if not box.input_value():
            type_into(page, box, "Test entry")
    return employer


def type_into(page, box, text: str) -> None:
    box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def look(area) -> dict:
    return area.evaluate(LOOK_JS)


def wait_for_change(page, area, before: dict) -> dict:
    """Wait until the summary and the figure both differ from ``before`` (or 30 s pass)."""
    with contextlib.suppress(PlaywrightTimeout):  # the caller's assertion shows what did not change
        page.wait_for_function(
            "([area, before]) => { const now = (" + LOOK_JS + ")(area);"
            " return now.summary !== before.summary && now.figure !== before.figure; }",
            arg=[area.element_handle(), before],
            timeout=30_000,
        )
    return look(area)


def snap_lab(page, area, name: str) -> None:
    """Screenshot what the learner sees: the lab's figure (or its summary) scrolled into view."""
    figures = area.locator("img")
    target = figures.last if figures.count() else area.locator(SUMMARY).last
    # A lab that redraws may replace the picture between finding and scrolling; the
    # screenshot is for a person to look at, so it is taken wherever the page then is.
    with contextlib.suppress(PlaywrightError):
        target.scroll_into_view_if_needed(timeout=10_000)
    page.screenshot(path=str(screenshot_path(name)))


def cell_errors(page) -> list[str]:
    return [text[:500] for text in page.locator(ERROR_OUTPUTS).all_inner_texts()]


# --- JupyterLab --------------------------------------------------------------------------


def open_in_jupyterlab(page, server, lab: str) -> None:
    base, token = server
    # A workspace per lab, so JupyterLab does not reopen the previous test's notebook.
    page.goto(f"{base}lab/workspaces/{lab}/tree/notebooks/{lab}.ipynb?reset&token={token}")
    page.wait_for_function(KERNEL_IDLE_JS, timeout=90_000)


def run_all(page, *, restart: bool = False) -> None:
    """Run every cell (after restarting the kernel if asked) and wait until it is idle."""
    if restart:
        # Not awaited: the command waits for the learner to confirm in a dialog.
        page.evaluate("() => { window.jupyterapp.commands.execute('notebook:restart-run-all'); }")
        page.get_by_role("button", name="Confirm Kernel Restart").click()
        page.wait_for_timeout(1_000)
    else:
        page.evaluate(
            "async () => await window.jupyterapp.commands.execute('notebook:run-all-cells')"
        )
    page.wait_for_function(KERNEL_IDLE_JS, timeout=120_000)


def lab_area(page, *, fresh: bool = False):
    """The output holding the lab; ``fresh``: one drawn after the restart mark was set."""
    area = page.locator(LAB_OUTPUT + (":not([data-before-restart])" if fresh else "")).last
    area.wait_for(state="visible", timeout=60_000)
    area.scroll_into_view_if_needed()
    return area


def test_lab_in_jupyterlab(jupyterlab_labs_seen, lab):
    require_lab(lab)
    seen = jupyterlab_labs_seen(lab)  # screenshot: _build/screenshots/live-jupyterlab-LAB.png
    assert_lab_changed(seen, lab, "cells show")


def test_demand_drafter_exports_and_survives_a_restart(browser_context, jupyterlab, lab_home):
    lab = "making-demands"
    with watched_page(browser_context) as (page, _):
        open_in_jupyterlab(page, jupyterlab, lab)
        run_all(page)
        area = lab_area(page)
        typed = change_by_keyboard(page, area, "DemandDrafter")
        page.wait_for_function(KERNEL_IDLE_JS, timeout=60_000)
        export = area.get_by_role("button", name="Export")
        export.focus()
        page.keyboard.press("Enter")
        saved = area.locator("text=Saved to").locator("code")
        saved.wait_for(timeout=30_000)
        exported = Path(saved.inner_text())

        # Mark the old output: after the restart only a freshly drawn drafter counts.
        area.evaluate("element => element.setAttribute('data-before-restart', '')")
        run_all(page, restart=True)
        area = lab_area(page, fresh=True)
        page.wait_for_function(KERNEL_IDLE_JS, timeout=60_000)
        reopened = area.get_by_label("Employer", exact=True).input_value()
        snap_lab(page, area, f"live-jupyterlab-{lab}-after-restart")
    assert lab_home in exported.parents, f"exported outside the test's home: {exported}"
    assert typed in document_text(exported)
    assert reopened == typed


def document_text(path: Path) -> str:
    """The text of an exported demand: .docx through python-docx, anything else as text."""
    if path.suffix != ".docx":
        return path.read_text(encoding="utf-8")
    import docx

    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


# --- Voila -------------------------------------------------------------------------------


def open_voila_lab(page, server, lab: str):
    """Open a lab rendered by Voila and wait until its widgets are live; return its area."""
    base, token = server
    page.goto(f"{base}voila/render/{lab}.ipynb?token={token}", timeout=120_000)
    return page_area(page, lab)


def page_area(page, lab: str):
    """The lab's output, or for a chapter with no lab its last rendered cell, once drawn."""
    if lab_kind(lab) is not None:
        return lab_area(page)
    last = page.locator(".jp-RenderedMarkdown").last
    last.wait_for(state="visible", timeout=120_000)
    return last


# Words each lab's summary says in Spanish, and the English they stand for (which a Spanish
# lab must not show): the glossary's terms (docs/translation.md).
SPANISH_SUMMARY = {
    "ScoringLab": ("índice de impacto", "impact ratio"),
    "AuditLab": ("tasa de selección", "selection rate"),
    "SurveyLab": ("respuestas a", "answers to"),
    "DemandDrafter": ("titulada", "titled"),
}


def test_lab_in_voila(voila_labs_seen, lab):
    """Voila serves the labs in Spanish (``VOILA_LANG``): the drive moved a control found by
    its Spanish label, and the summary that changed is in Spanish."""
    kind = require_lab(lab)
    seen = voila_labs_seen(lab)  # screenshot: _build/screenshots/live-voila-LAB.png
    assert_lab_changed(seen, lab, "Voila shows")
    assert seen.lang == VOILA_LANG
    spanish, english = SPANISH_SUMMARY[kind]
    summary = seen.after["summary"]
    assert spanish in summary, f"{lab}: {summary[:300]}"
    assert english not in summary, f"{lab}: {summary[:300]}"


def test_voila_prints_no_eavesdropping_warning(voila_labs_seen, lab_home):
    """A facilitator reading the terminal must not meet a warning that sounds like a breach:
    the kernels' traffic is encrypted (CurveZMQ), so ipykernel has nothing to warn about."""
    voila_labs_seen("hiring-screener")  # at least one kernel started and drew its lab
    log = lab_home / f"jupyter-server-{(lab_home / 'notebooks').name}.log"
    text = log.read_text(encoding="utf-8")
    assert "Kernel started" in text
    assert "eavesdropping" not in text


def test_voila_lab_logs_no_console_error(voila_labs_seen, lab):
    """Every chapter in Voila, its lab driven: no console error (such as Voila's MathJax 2
    plugin calling ``MathJax.Hub.Config`` on a MathJax 3 file), no failed request, nothing
    asked of another host."""
    seen = voila_labs_seen(lab)
    assert not seen.problems, f"{lab}:\n" + "\n".join(seen.problems)


def test_voila_lab_fits_a_phone(voila_labs_seen, lab):
    """Every chapter in Voila, narrowed to a 390 px phone after its drive: no sideways
    scrolling, every control and its value on screen, every target at least 24 x 24 px, no
    picture wider than the screen (screenshot: live-voila-LAB-390.png)."""
    seen = voila_labs_seen(lab)
    assert not seen.phone, f"{lab} in Voila at 390 px:\n" + "\n".join(seen.phone)


def test_voila_list_of_labs_logs_no_console_error(browser_context, voila):
    """The /voila/ list a facilitator opens first: every lab linked, no console error (its
    JupyterLab-style version fails to activate four widget plugins), nothing from a CDN."""
    base, token = voila
    with watched_page(browser_context) as (page, watch):
        page.goto(f"{base}voila/?token={token}", timeout=60_000)
        page.wait_for_load_state("networkidle", timeout=30_000)
        page.wait_for_timeout(1000)  # any plugin that fails does so after the page loads
        links = page.locator("a[href*='/voila/render/']").evaluate_all(
            "links => links.map(a => a.textContent.trim())"
        )
        assert links == [path.name for path in sorted(NOTEBOOKS.glob("*.ipynb"))]
        assert not watch.problems, "\n".join(watch.problems)
        assert not watch.foreign


def assert_lab_changed(seen, lab: str, where: str) -> None:
    """The keyboard drive recorded in ``views.drive``: no error, summary and figure changed."""
    if seen.drive_error is not None:
        raise seen.drive_error
    before, after = seen.before, seen.after
    assert not seen.errors, f"{lab}: {where} errors:\n" + "\n".join(seen.errors)
    assert after["summary"] != before["summary"], f"{lab}: summary unchanged: {after['summary']}"
    assert after["figure"] != before["figure"], f"{lab}: figure unchanged"
    assert not seen.foreign, f"{lab}: requests to other hosts: {seen.foreign}"
