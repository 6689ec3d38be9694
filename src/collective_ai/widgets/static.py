"""The static book's version of a lab: precomputed frames behind a slider that still moves.

The built HTML has no kernel, so the lab's main slider cannot re-run a simulation. At build
time we render one frame per slider position and put them in an ``ipywidgets.Stack``;
``jslink`` ties the slider's ``index`` to the Stack's ``selected_index`` in the browser,
using only the embedded widget state and the vendored widget JavaScript. Each frame is an
``HTML`` widget holding ``<img alt=...>`` and the summary as text: ``Image`` widgets have
no alt text.

A lab whose input is a file or typed text cannot be precomputed: it shows a worked example
instead, under a notice that says how to run the real thing (:func:`kernel_notice`), with
radio buttons over precomputed frames where a choice helps (:func:`choice_view`).
"""

from __future__ import annotations

import os

import ipywidgets as widgets
import numpy as np

from collective_ai.embed import img_html
from collective_ai.escaping import escape_html
from collective_ai.scoring import simulate
from collective_ai.scoring.figures import LabFigure

ENV_VAR = "COLLECTIVE_AI_STATIC"
FRAME_CLASS = "collective-ai-frame"  # the browser tests find the visible frame by it
HOW_TO_RUN = "../book/how-to-use.html#running-the-interactive-parts"  # from notebooks/*.html
FRAMES = 11
FRAME_SIZE = {"width": 8.0, "height": 3.2, "dpi": 90}  # 720 x 288 px: ~20 KB a frame


def static_mode() -> bool:
    """True while ``make book`` executes the notebooks (``COLLECTIVE_AI_STATIC=1``)."""
    return os.environ.get(ENV_VAR) == "1"


def frame_values(low: float, high: float, *, count: int = FRAMES) -> list[float]:
    """Evenly spaced slider positions, rounded so their labels read cleanly."""
    return [round(float(v), 4) for v in np.linspace(low, high, count)]


def frames(scenario: str, *, seed, parameter: str, values, params: dict) -> list[dict]:
    """One rendered frame per value: ``{"value", "png", "summary", "impact_ratio"}``."""
    figure = None
    out = []
    for value in values:
        result = simulate(scenario, seed=seed, **{**params, parameter: value})
        if figure is None:
            figure = LabFigure(result.scenario, **FRAME_SIZE)
        figure.update(result)
        out.append(
            {
                "value": value,
                "png": figure.png(),
                "summary": result.summary,
                "impact_ratio": result.impact_ratio,
            }
        )
    return out


def frame_div(inner_html: str) -> str:
    """One precomputed frame: the unit the Stack switches between."""
    return f'<div class="{FRAME_CLASS}">{inner_html}</div>'


def frame_html(frame: dict) -> str:
    """The image with the summary as its alt text, and the summary again as visible text."""
    image = img_html(frame["png"], alt=frame["summary"])
    return frame_div(f"{image}<p>{escape_html(frame['summary'])}</p>")


def static_view(lab, *, parameter: str | None = None, values=None) -> widgets.VBox:
    """A slider over precomputed frames of ``lab``, working with no kernel.

    ``parameter`` defaults to the lab's main control; ``values`` to eleven evenly spaced
    positions over its range. The other parameters stay at the lab's current values.
    """
    parameter = parameter or lab.main
    spec = lab.scenario.parameters[parameter]
    values = list(values) if values is not None else frame_values(spec.low, spec.high)
    rendered = frames(
        lab.scenario.name,
        seed=lab.controls["seed"].value,
        parameter=parameter,
        values=values,
        params=lab.params,
    )
    current = lab.params[parameter]
    start = int(np.argmin([abs(v - current) for v in values]))
    stack = widgets.Stack([widgets.HTML(frame_html(f)) for f in rendered], selected_index=start)
    slider = widgets.SelectionSlider(
        options=[(f"{v:g}", i) for i, v in enumerate(values)],
        index=start,
        description=spec.label,
        tooltip=f"{spec.help} Units: {spec.units}.",
        continuous_update=True,
        style={"description_width": "10em"},
        layout={"width": "32em"},
    )
    widgets.jslink((slider, "index"), (stack, "selected_index"))
    intro = widgets.HTML(
        f"<p><b>{escape_html(spec.label)}</b> ({escape_html(spec.units)}): move the slider "
        "with the mouse or the arrow keys; the chart and its description below change. "
        "This page shows precomputed results; run the notebook to change every control.</p>"
    )
    return widgets.VBox([intro, slider, stack])


def kernel_notice(lab: str, *, shown: str) -> widgets.HTML:
    """Say plainly that this copy of a lab cannot change, how to run one that can, and what
    the page shows instead, so no one clicks controls that silently do nothing."""
    return widgets.HTML(
        f'<p role="note"><b>This page cannot run the {escape_html(lab)}.</b> The lab '
        "needs a running Python, which a book page does not have. To use it, open this "
        "notebook in JupyterLab on your own computer (<code>make lab</code>), on a "
        f'JupyterHub or on Binder: see <a href="{HOW_TO_RUN}">running the interactive '
        f"parts</a>. Below, precomputed: {escape_html(shown)}</p>"
    )


def choice_view(description: str, choices: list[tuple[str, str]], *, tooltip: str) -> widgets.VBox:
    """Radio buttons over precomputed frames (``(label, frame HTML)`` pairs), with no kernel.

    Radio buttons rather than ToggleButtons: a radio tells a screen reader which choice is
    on, while a toggle button marks it only with a CSS class. ``jslink`` ties the buttons'
    ``index`` to the Stack's ``selected_index`` in the browser, as in :func:`static_view`.
    """
    stack = widgets.Stack([widgets.HTML(html) for _, html in choices], selected_index=0)
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
