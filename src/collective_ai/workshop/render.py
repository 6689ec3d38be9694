"""Print the handouts to PDF with headless Chromium (Debian's ``/usr/bin/chromium``).

Chromium's print engine honours ``break-inside: avoid`` on tables, rows and cards, so no
table or card is split across pages, and it needs nothing from the network: every figure
is an inline SVG ``data:`` URI. Every PDF is written with
:func:`collective_ai.files.write_atomic`, so a failed run never leaves half a handout.
"""

from __future__ import annotations

import os
from pathlib import Path

from collective_ai.errors import InputError
from collective_ai.escaping import escape_html
from collective_ai.files import write_atomic
from collective_ai.i18n import _, language

PAPERS = {"letter": "Letter", "a4": "A4"}
CHROMIUM_ENV = "COLLECTIVE_AI_CHROMIUM"
CHROMIUM = "/usr/bin/chromium"
# Playwright adds --headless; these keep a root run working and every request local.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # a handout loads nothing from anywhere
]
MARGIN = {"top": "14mm", "bottom": "16mm", "left": "14mm", "right": "14mm"}
FOOTER = (
    '<div style="font-size:8pt;width:100%;text-align:center;font-family:sans-serif;">'
    "{text} &middot; Collective AI Expertise, CC BY 4.0</div>"
)


def footer(title: str) -> str:
    """The footer Chromium prints on every page: title, page n of m, licence."""
    words = escape_html(_("{title} · page {page} of {pages}"))
    text = words.format(
        title=escape_html(title),
        page="<span class='pageNumber'></span>",
        pages="<span class='totalPages'></span>",
    )
    return FOOTER.format(text=text)


# Black on white, thick enough rules to survive a photocopier, nothing split across pages.
STYLE = """
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 11.5pt;
       line-height: 1.4; color: #000; background: #fff; margin: 0; }
h1 { font-size: 19pt; margin: 0 0 0.4em; } h2 { font-size: 14pt; margin: 0.2em 0 0.3em; }
h3 { font-size: 12.5pt; margin: 0.6em 0 0.2em; }
table { border-collapse: collapse; width: 100%; margin: 0.6em 0; break-inside: avoid; }
tr, td, th, section, figure, .keep, .card, .poster li { break-inside: avoid; }
thead { display: table-header-group; }
th, td { border: 1.2px solid #000; padding: 0.3em 0.45em; text-align: left; vertical-align: top; }
th { background: #fff; font-weight: bold; }
tr.blank-row td, .sign-in td { height: 2.3em; }
tr.tall th, tr.tall td { height: 4.2em; }
.log { font-size: 9.5pt; } .log tr.blank-row td { height: 2.7em; }
tr.example td { font-style: italic; }
td.box, th.box { width: 2.2em; text-align: center; font-size: 14pt; }
.write { margin: 0.2em 0 0.6em; } .line { border-bottom: 1px solid #000; height: 2em; }
.question { margin-bottom: 0.5em; } .question p { margin: 0.4em 0; }
.ticks span { display: inline-block; margin-right: 1.6em; font-size: 12pt; }
.blank { display: inline-block; width: 5em; border-bottom: 1px solid #000; }
.cards { display: flex; flex-wrap: wrap; gap: 0; }
.card { width: 50%; border: 1.2px dashed #000; padding: 0.7em 0.9em; min-height: 6cm; }
.card p { margin: 0.4em 0; } .card h2 { margin-top: 0; }
.card.scene { border-style: solid; border-width: 2.5px; }
.cards.page ~ .cards.page { break-before: page; }
.draw { border: 2px solid #000; height: 13cm; margin: 0.5em 0; }
.small { font-size: 9.5pt; }
table.checklist { table-layout: fixed; font-size: 9.5pt; margin: 0.35em 0; }
table.checklist th:nth-child(2) { width: 42%; }
img.figure { width: 100%; height: auto; }
figcaption { margin-top: 0.5em; }
.poster h1 { font-size: 40pt; text-align: center; margin-bottom: 0.5em; }
.poster ol { font-size: 21pt; line-height: 1.35; padding-left: 1.4em; }
.poster li { margin-bottom: 0.55em; }
"""


def page_html(title: str, body: str) -> str:
    """A complete print page: the stylesheet and ``body`` (already escaped HTML)."""
    return (
        f'<!DOCTYPE html><html lang="{language()}"><head><meta charset="utf-8">'
        f"<title>{escape_html(title)}</title><style>{STYLE}</style></head>"
        f"<body>{body}</body></html>"
    )


def chromium_path() -> str:
    path = os.environ.get(CHROMIUM_ENV, CHROMIUM)
    if not Path(path).is_file():
        raise InputError(
            _("no Chromium at {path}: install Debian's chromium or set {variable}").format(
                path=path, variable=CHROMIUM_ENV
            ),
            field=CHROMIUM_ENV,
        )
    return path


def build_pack(out: Path, *, paper: str = "letter", only=None) -> list[Path]:
    """Print every handout (or those named in ``only``) to ``out``; return the files.

    Raises
    ------
    InputError
        For an unknown ``paper`` or handout name, or when Chromium is missing.
    """
    from collective_ai.workshop.handouts import HANDOUTS

    if paper not in PAPERS:
        raise InputError(
            _("choose one of {papers}").format(papers=", ".join(PAPERS)), field="PAPER"
        )
    unknown = sorted(set(only or ()) - set(HANDOUTS))
    if unknown:
        raise InputError(
            _("no handout {name!r}; known: {known}").format(
                name=unknown[0], known=", ".join(HANDOUTS)
            ),
            field="only",
        )
    chosen = [h for h in HANDOUTS.values() if not only or h.name in only]
    out = Path(out)
    (out / "facilitator").mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            for handout in chosen:
                title = handout.shown_title
                pdf = _print(page, title, handout.build(), paper, handout.landscape)
                written.append(write_atomic(out / handout.filename, pdf))
        finally:
            browser.close()
    return written


def _print(page, title: str, body: str, paper: str, landscape: bool) -> bytes:
    page.set_content(page_html(title, body), wait_until="load")
    return page.pdf(
        format=PAPERS[paper],
        landscape=landscape,
        margin=MARGIN,
        print_background=True,
        display_header_footer=True,
        header_template="<span></span>",
        footer_template=footer(title),
    )


def print_pdf(title: str, body: str, *, paper: str = "letter", landscape: bool = False) -> bytes:
    """One page outside the handout registry (a campaign's page) printed as the handouts are.

    Raises
    ------
    InputError
        For an unknown ``paper``, or when Chromium is missing.
    """
    if paper not in PAPERS:
        raise InputError(
            _("choose one of {papers}").format(papers=", ".join(PAPERS)), field="paper"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            return _print(browser.new_page(), title, body, paper, landscape)
        finally:
            browser.close()
