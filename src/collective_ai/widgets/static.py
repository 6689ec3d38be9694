"""The static book's version of a lab: precomputed frames behind a slider that still moves.

The built HTML has no kernel, so the lab's main slider cannot re-run a simulation. At build
time we render one frame per slider position and put them in an ``ipywidgets.Stack``;
``jslink`` ties the slider's ``index`` to the Stack's ``selected_index`` in the browser,
using only the embedded widget state and the vendored widget JavaScript. Each frame is an
``HTML`` widget holding ``<img alt=...>`` and the summary as text: ``Image`` widgets have
no alt text.
"""

from __future__ import annotations

import os

import ipywidgets as widgets
import numpy as np

from collective_ai.escaping import escape_html
from collective_ai.scoring import simulate
from collective_ai.scoring.figures import LabFigure, img_html

ENV_VAR = "COLLECTIVE_AI_STATIC"
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


def frame_html(frame: dict) -> str:
    """The image with the summary as its alt text, and the summary again as visible text."""
    return (
        f'<div class="collective-ai-frame">{img_html(frame["png"], alt=frame["summary"])}'
        f"<p>{escape_html(frame['summary'])}</p></div>"
    )


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
