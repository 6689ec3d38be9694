"""What every lab needs in the static book, which has no kernel.

``make book`` runs the notebooks with ``COLLECTIVE_AI_STATIC=1`` (:func:`static_mode`), and
each lab then shows work done in advance. A frame (:func:`frame_div`, :func:`frame_html`)
is one precomputed view: an ``HTML`` widget holding ``<img alt=...>`` and the summary as
text (``Image`` widgets have no alt text). A lab whose input is a file or typed text
cannot be precomputed: it shows a worked example instead, under a notice that says how to
run the real thing (:func:`kernel_notice`), with radio buttons over precomputed frames
where a choice helps (:func:`choice_view`). The scoring labs' sliders over frames are in
:mod:`collective_ai.widgets.scoring_static`.
"""

from __future__ import annotations

import html
import os

import ipywidgets as widgets

from collective_ai.embed import img_html, panels_html, scroll_box
from collective_ai.escaping import escape_html
from collective_ai.i18n import _
from collective_ai.widgets.base import summary_html

ENV_VAR = "COLLECTIVE_AI_STATIC"
FRAME_CLASS = "collective-ai-frame"  # the browser tests find the visible frame by it
HOW_TO_RUN = "../book/own-data.html"  # "Use the tools with your own group's data", from notebooks/


def static_mode() -> bool:
    """True while ``make book`` executes the notebooks (``COLLECTIVE_AI_STATIC=1``)."""
    return os.environ.get(ENV_VAR) == "1"


def frame_div(inner_html: str) -> str:
    """One precomputed frame, the unit a Stack switches between; it scrolls on a phone."""
    return scroll_box(inner_html, css_class=FRAME_CLASS)


def frame_html(frame: dict) -> str:
    """The chart and the summary as visible text under it.

    A chart drawn as panels (``"pngs"`` with their ``"alts"`` and ``"panel_width"``) is laid
    out for the screen's width (:func:`collective_ai.embed.panels_html`); a single picture
    (``"png"``) carries the summary as its alt text; with ``"phone_png"`` (the same chart
    drawn for a phone) a phone shows that, else the picture scrolls there.
    """
    if "pngs" in frame:
        chart = panels_html(frame["pngs"], alts=frame["alts"], width=frame["panel_width"])
        return f'<div class="{FRAME_CLASS}">{chart}{summary_html(frame["summary"])}</div>'
    image = img_html(
        frame["png"],
        alt=frame["summary"],
        width="720px",
        min_width="560px",
        phone_png=frame.get("phone_png"),
    )
    return frame_div(f"{image}{summary_html(frame['summary'])}")


def kernel_notice(lab: str, *, shown: str) -> widgets.HTML:
    """Say plainly that this copy of a lab cannot change, how to run one that can, and what
    the page shows instead, so no one clicks controls that silently do nothing."""
    cannot = _text(_("This page cannot run the {lab}.")).format(lab=escape_html(lab))
    words = _text(_("use the tools with your own group's data"))
    body = _text(
        _(
            "A book page only shows; the working tools run on a computer. To use them with "
            "your own group's data, install the course's tools once and open the desk (or "
            "use a hub run by your facilitator or union): see {link}."
        )
    ).format(link=f'<a href="{HOW_TO_RUN}">{words}</a>')
    below = _text(_("Below, precomputed: {shown}")).format(shown=escape_html(shown))
    return widgets.HTML(f'<p role="note"><b>{cannot}</b> {body} {below}</p>')


def _text(message: str) -> str:
    """A translated message as HTML text: its <, > and & escaped, its apostrophes kept."""
    return html.escape(message, quote=False)


def choice_view(description: str, choices: list[tuple[str, str]], *, tooltip: str) -> widgets.VBox:
    """Radio buttons over precomputed frames (``(label, frame HTML)`` pairs), with no kernel.

    Radio buttons rather than ToggleButtons: a radio tells a screen reader which choice is
    on, while a toggle button marks it only with a CSS class. ``jslink`` ties the buttons'
    ``index`` to the Stack's ``selected_index`` in the browser, as in
    :func:`collective_ai.widgets.scoring_static.static_view`.
    """
    # The frames scroll inside their own boxes on a phone; the Stack must not, or it becomes
    # a second scrollable region a keyboard cannot reach (axe: scrollable-region-focusable).
    stack = widgets.Stack(
        [widgets.HTML(html) for _, html in choices],
        selected_index=0,
        layout={"overflow": "visible"},
    )
    buttons = widgets.RadioButtons(
        options=[(label, i) for i, (label, _) in enumerate(choices)],
        index=0,
        description=description,
        tooltip=tooltip,
        style={"description_width": "10em"},
        layout={"width": "auto"},
    )
    widgets.jslink((buttons, "index"), (stack, "selected_index"))
    return widgets.VBox([buttons, stack])
