"""Each view (a built page, a lab in Voila, a lab in JupyterLab) opened once per test process.

Opening a view is what the browser tests spend their time on: a Voila render starts a kernel
and runs the whole lab, JupyterLab runs every cell, and each book page must load and settle.
The read-only checks (offline, raw MyST, axe-core, phone width, honest sliders) all look at
the same freshly opened view, so :class:`Views` opens it once, records what each check
needs, and the tests assert on that record. A lab's keyboard drive (the one interaction
that changes the view) runs on the same page after the read-only facts are taken.

A record lives in one test process; ``conftest.pytest_collection_modifyitems`` puts the
tests sharing a record in one pytest-xdist group, so each view still opens once per run.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .harness import HERE, screenshot_path, settle, watched_page

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

# After a resize: two animation frames, so resize handlers have laid the page out again.
REFLOWED_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"

AXE = HERE / "vendor" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}
RUN_AXE_JS = """
async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ') + '  ' + n.html.slice(0, 160)),
  }));
}
"""
# Images inside widget output (the labs' figures) must carry a text alternative.
UNLABELLED_FIGURES_JS = """
() => [...document.querySelectorAll('.jupyter-widgets img, .widget-html img')]
  .filter(img => !(img.getAttribute('alt') || '').trim())
  .map(img => img.outerHTML.slice(0, 120))
"""


# What a person on a small screen needs: the page's width, every control and value with its
# box, the targets a finger has to hit, and the pictures (each against the article's column
# in the book; the screen in Voila).
FITS_JS = """
() => {
  const visible = e => e.offsetParent !== null;
  const box = e => { const r = e.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, width: r.width, height: r.height,
            what: `${e.tagName.toLowerCase()}.${e.className}`.slice(0, 60)}; };
  const all = s => [...document.querySelectorAll(s)].filter(visible).map(box);
  const column = document.querySelector('.bd-article');
  return {
    scrollWidth: document.documentElement.scrollWidth,
    column: column ? box(column) : null,
    controls: all('.jupyter-widgets input, .jupyter-widgets select, .jupyter-widgets textarea, '
                  + '.jupyter-widgets button, .widget-readout, .noUi-handle'),
    targets: all('.noUi-handle, .jupyter-widgets input[type=radio], '
                 + '.jupyter-widgets input[type=checkbox]'),
    images: [...document.querySelectorAll('.jupyter-widgets img, .widget-html img, .cell_output img')]
      .filter(visible).map(box),
    cut: [...document.querySelectorAll('.jupyter-widgets .widget-label, .jupyter-widgets label, '
                                        + '.jupyter-widgets button')]
      .filter(e => visible(e) && e.scrollWidth > e.clientWidth + 1)
      .map(e => e.textContent.trim().slice(0, 40)),
  };
}
"""


def misfits(facts: dict, width: int) -> list[str]:
    """What does not fit a screen ``width`` px wide (from ``FITS_JS``), one line each:
    sideways scrolling, a control or value off screen, a target under 24 x 24 px (WCAG 2.2,
    2.5.8), a label or button whose words are cut off ("..."), a picture wider than the
    screen or, in the book, than the article's column (every chart has a drawing for a
    phone, so none may scroll sideways there)."""
    found = []
    if facts["scrollWidth"] > width:
        found.append(f"the page is {facts['scrollWidth']} px wide")
    found += [
        f"off screen: {c}" for c in facts["controls"] if c["left"] < -1 or c["right"] > width + 1
    ]
    found += [
        f"target under 24 x 24 px: {t}"
        for t in facts["targets"]
        if min(t["width"], t["height"]) < 24
    ]
    found += [f"words cut off: {words!r}" for words in facts["cut"]]
    right = min(width, facts["column"]["right"]) if facts["column"] else width
    found += [f"picture past the column: {i}" for i in facts["images"] if i["right"] > right + 1]
    return found


def blocking_violations(page) -> list[str]:
    """axe-core's serious and critical violations on ``page``, one readable line each."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(RUN_AXE_JS)
    lines = []
    for violation in found:
        if violation["impact"] in BLOCKING_IMPACTS:
            nodes = "\n    ".join(violation["nodes"][:5])
            lines.append(
                f"{violation['impact']} {violation['id']}: {violation['help']}\n    {nodes}"
            )
    lines += [f"figure without alt text: {img}" for img in page.evaluate(UNLABELLED_FIGURES_JS)]
    return lines


class Views:
    """Open each view once: the first call for a key opens it, later calls get its record.

    A failed opening is remembered too, so every test sharing it fails at once with the
    same error instead of waiting for its own time-out.
    """

    def __init__(self, open_view: Callable) -> None:
        self._open = open_view
        self._seen: dict = {}

    def __call__(self, key: str):
        if key not in self._seen:
            try:
                self._seen[key] = self._open(key)
            except Exception as error:  # re-raised to each test that asks
                self._seen[key] = error
        found = self._seen[key]
        if isinstance(found, Exception):
            raise found
        return found


# --- the built book ------------------------------------------------------------------------


@dataclass
class BookPage:
    """One built page, loaded once at 1280 px and then narrowed to a 390 px phone."""

    problems: list[str]  # console errors, failed or foreign requests by the time it settled
    prose: str  # the body's text without code samples
    visible_code: int  # code cells a reader can see
    main_text: str
    violations: list[str]  # axe-core's serious and critical ones
    phone_width: int  # the document's scroll width on the phone
    phone_wrapped: list[str]  # table row names wrapped over lines on the phone


def open_book_page(context, url: str, page_name: str) -> BookPage:
    """Load ``page_name`` once and take every read-only fact the book's tests check.

    Screenshots: course-LAB.png (desktop) and phone-LAB.png for each lab chapter.
    """
    lab = page_name.removeprefix("notebooks/").removesuffix(".html")
    is_lab = page_name.startswith("notebooks/")
    with watched_page(context) as (page, watch):
        page.goto(url + page_name, wait_until="load")
        settle(page)
        problems = list(watch.problems)
        prose = page.locator("body").evaluate(PROSE_JS)
        visible_code = page.locator(".cell_input").locator("visible=true").count()
        main_text = page.inner_text("main") if is_lab else ""
        if is_lab:
            page.screenshot(path=str(screenshot_path(f"course-{lab}")), full_page=False)
        violations = blocking_violations(page)
        page.set_viewport_size(PHONE)
        page.evaluate(REFLOWED_JS)
        phone_width = page.evaluate("document.documentElement.scrollWidth")
        phone_wrapped = page.evaluate(WRAPPED_NAMES_JS)
        if is_lab:
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(screenshot_path(f"phone-{lab}")))
    return BookPage(
        problems, prose, visible_code, main_text, violations, phone_width, phone_wrapped
    )


# --- the live labs ---------------------------------------------------------------------------


@dataclass
class LiveLab:
    """One lab opened live: what the read-only checks saw, then the keyboard drive."""

    prose: str  # Voila: the body's text; JupyterLab: the rendered markdown outputs' text
    sliders: list[dict]
    violations: list[str] = field(default_factory=list)  # axe-core (Voila only)
    notice: int = 0  # "Open this notebook in JupyterLab" notices (JupyterLab only)
    before: dict | None = None  # the lab's summary and figure before the control moved
    after: dict | None = None
    errors: list[str] = field(default_factory=list)  # error outputs after the drive
    foreign: list[str] = field(default_factory=list)  # requests to other hosts
    problems: list[str] = field(default_factory=list)  # console errors, failed requests
    drive_error: Exception | None = None  # why the drive failed, re-raised by its test
    phone: list[str] = field(default_factory=list)  # Voila: what does not fit a 390 px phone
    lang: str = "en"  # the language the lab speaks (and the page's lang attribute in Voila)


def drive(page, area, lab: str, record: LiveLab, *, name: str, idle=None) -> None:
    """Change the lab's main control by keyboard and record what changed (see
    ``test_live_labs``); a failure is kept for the driving test to raise."""
    from .test_live_labs import (
        cell_errors,
        change_by_keyboard,
        lab_kind,
        look,
        snap_lab,
        wait_for_change,
    )

    kind = lab_kind(lab)
    if kind is None:
        return
    try:
        record.before = look(area)
        change_by_keyboard(page, area, kind, lang=record.lang)
        if idle:
            idle()
        record.after = wait_for_change(page, area, record.before)
        snap_lab(page, area, name)
        record.errors = cell_errors(page)
    except Exception as error:  # raised by the test that drives the lab
        record.drive_error = error


def open_voila(context, server, lab: str) -> LiveLab:
    """Render ``lab`` in Voila once: prose, sliders and axe-core first, then the drive."""
    from .test_live_labs import open_voila_lab

    with watched_page(context) as (page, watch):
        area = open_voila_lab(page, server, lab)
        record = LiveLab(
            prose=page.locator("body").evaluate(PROSE_JS),
            sliders=page.evaluate(SLIDERS_JS),
            lang=page.locator("html").get_attribute("lang") or "",
        )
        record.violations = blocking_violations(page)
        drive(page, area, lab, record, name=f"live-voila-{lab}")
        page.set_viewport_size(PHONE)  # the same lab on a phone, after the drive
        page.evaluate(REFLOWED_JS)
        page.wait_for_timeout(300)
        record.phone = misfits(page.evaluate(FITS_JS), PHONE["width"])
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(screenshot_path(f"live-voila-{lab}-390")))
        record.foreign = list(watch.foreign)
        record.problems = list(watch.problems)
    return record


def open_jupyterlab(context, server, lab: str) -> LiveLab:
    """Open ``lab`` in JupyterLab and run it once: markdown and sliders, then the drive."""
    from .test_live_labs import KERNEL_IDLE_JS, open_in_jupyterlab, page_area, run_all

    with watched_page(context) as (page, watch):
        open_in_jupyterlab(page, server, lab)
        run_all(page)
        area = page_area(page, lab)
        page.wait_for_function(KERNEL_IDLE_JS, timeout=60_000)
        page.wait_for_timeout(500)
        outputs = page.locator(".jp-MarkdownOutput")
        record = LiveLab(
            prose="\n".join(outputs.nth(i).evaluate(PROSE_JS) for i in range(outputs.count())),
            sliders=page.evaluate(SLIDERS_JS),
            notice=page.get_by_text("Open this notebook in JupyterLab").count(),
        )
        drive(
            page,
            area,
            lab,
            record,
            name=f"live-jupyterlab-{lab}",
            idle=lambda: page.wait_for_function(KERNEL_IDLE_JS, timeout=60_000),
        )
        record.foreign = list(watch.foreign)
    return record


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


@dataclass
class StaticLab:
    """One lab page driven by keyboard: each control's frame before and after it moved."""

    frames: int  # precomputed frames on the page
    moves: list[tuple[bool, str, str]]  # (is a slider, frame before, frame after), in order
    sliders: list[dict]  # what each slider announces and shows, after the moves
    problems: list[str]


def drive_static_lab(context, url: str, lab: str) -> StaticLab:
    """Move every slider and radio choice of a lab page once; screenshot static-LAB.png.

    ``test_book_offline`` and ``test_course_view``'s slider checks read this one drive
    (``static_labs_driven``).
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
