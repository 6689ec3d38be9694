"""The scoring labs in the static book: precomputed frames behind sliders that still move.

The built HTML has no kernel, so a scoring lab's sliders cannot re-run a simulation. At
build time we render one frame per combination of slider positions and put them in nested
``ipywidgets.Stack``s; ``jslink`` ties each slider's ``index`` to a Stack's
``selected_index`` in the browser, using only the embedded widget state and the vendored
widget JavaScript. The frames themselves are :func:`collective_ai.widgets.static.frame_html`.
"""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np

from collective_ai.escaping import escape_html
from collective_ai.i18n import _
from collective_ai.scoring import simulate
from collective_ai.scoring.lab_figure import BOOK, LabFigure
from collective_ai.widgets.base import fluid
from collective_ai.widgets.static import HOW_TO_RUN, frame_html

FRAMES = 11


def frame_values(low: float, high: float, *, count: int = FRAMES) -> list[float]:
    """Evenly spaced slider positions, rounded so their labels read cleanly."""
    return [round(float(v), 4) for v in np.linspace(low, high, count)]


#: The controls each scoring lab's static page offers: the ones its text and the facilitator's
#: prompts use. The first gets eleven evenly spaced positions; the second the listed values
#: (every combination is precomputed, so a page stays under 2 MB).
STATIC_CONTROLS: dict[str, tuple[tuple[str, tuple | None], ...]] = {
    "hiring": (("proxy_weight", None), ("selection_share", (0.05, 0.2, 0.5, 0.8))),
    "warehouse": (("proxy_weight", None), ("rounds", (1, 4, 8, 12))),
    "call_centre": (("proxy_weight", None), ("proxy_strength", (0.0, 0.5, 1.0))),
}


def frames(scenario: str, *, seed, settings: list[dict], params: dict) -> list[dict]:
    """One rendered frame per setting: ``{"setting", "pngs", "alts", "panel_width",
    "summary", "impact_ratio"}``, its chart drawn as the live lab draws it (one PNG a panel).

    Each setting overrides some of ``params`` (``{"proxy_weight": 0.3, "rounds": 4}``).
    """
    figure = None
    out = []
    for setting in settings:
        result = simulate(scenario, seed=seed, **{**params, **setting})
        if figure is None:
            figure = LabFigure(result.scenario, size=BOOK)
        figure.update(result)
        out.append(
            {
                "setting": setting,
                "pngs": figure.pngs(),
                "alts": figure.alts(),
                "panel_width": BOOK.width,
                "summary": result.summary,
                "impact_ratio": result.impact_ratio,
            }
        )
    return out


def label_style(labels) -> dict:
    """Room for the longest control label: 10em, or more where a language's labels are
    longer ("Precisión de la revisión"), so none is cut short with an ellipsis."""
    longest = max((len(label) for label in labels), default=0)
    return {"description_width": f"{max(10, math.ceil(0.55 * longest))}em"}


def _slider(spec, values, start: int, style: dict) -> widgets.SelectionSlider:
    return widgets.SelectionSlider(
        options=[(f"{v:g}", i) for i, v in enumerate(values)],
        index=start,
        description=spec.label,
        tooltip=_("{help} Units: {units}.").format(help=spec.help, units=spec.units),
        continuous_update=True,
        style=style,
        layout=fluid("32em"),
    )


def _nearest(values, current) -> int:
    return int(np.argmin([abs(v - current) for v in values]))


def static_view(lab, *, controls=None) -> widgets.VBox:
    """Sliders over precomputed frames of ``lab``, working with no kernel.

    ``controls`` is one or two ``(parameter, values)`` pairs (``values`` None: eleven evenly
    spaced positions over the parameter's range); by default the scenario's entry in
    :data:`STATIC_CONTROLS`. The other parameters stay at the lab's current values. With
    two controls, an outer Stack follows the first slider and each of its children, an
    inner Stack, follows the second: ``jslink`` alone wires them, with no custom script.
    """
    scenario = lab.scenario
    controls = controls or STATIC_CONTROLS.get(scenario.name, ((lab.main, None),))
    specs = [scenario.parameters[name] for name, _ in controls]
    axes = [
        list(values) if values is not None else frame_values(spec.low, spec.high)
        for spec, (_, values) in zip(specs, controls, strict=True)
    ]
    starts = [
        _nearest(values, lab.params[spec.name]) for spec, values in zip(specs, axes, strict=True)
    ]
    style = label_style([spec.label for spec in specs])
    sliders = [
        _slider(spec, values, start, style)
        for spec, values, start in zip(specs, axes, starts, strict=True)
    ]
    seed = lab.controls["seed"].value

    def stack_over(fixed: dict, depth: int) -> widgets.Stack:
        spec, values = specs[depth], axes[depth]
        if depth == len(specs) - 1:
            settings = [{**fixed, spec.name: v} for v in values]
            rendered = frames(scenario.name, seed=seed, settings=settings, params=lab.params)
            children = [widgets.HTML(frame_html(f)) for f in rendered]
        else:
            children = [stack_over({**fixed, spec.name: v}, depth + 1) for v in values]
        # The frames scroll inside their own box on a phone; the Stack itself must not, or it
        # becomes a second scrollable region a keyboard cannot reach.
        stack = widgets.Stack(
            children, selected_index=starts[depth], layout={"overflow": "visible"}
        )
        widgets.jslink((sliders[depth], "index"), (stack, "selected_index"))
        return stack

    stack = stack_over({}, 0)
    return widgets.VBox([widgets.HTML(_intro(scenario, specs)), *sliders, stack])


def _intro(scenario, specs) -> str:
    """What works on this page and what needs the live lab, in the language in use."""
    bold = [f"<b>{escape_html(spec.label)}</b>" for spec in specs]
    names = (
        _("{first} and {second}").format(first=bold[0], second=bold[1]) if specs[1:] else bold[0]
    )
    live_only = ", ".join(
        s.label for s in scenario.parameters.values() if s.high > s.low and s not in specs
    )
    move = escape_html(
        _(
            "Move {names} with the mouse or the arrow keys; the chart and its description "
            "below change. This page shows results worked out in advance, so these two "
            "controls are the ones that work here."
        )
        if specs[1:]
        else _(
            "Move {names} with the mouse or the arrow keys; the chart and its description "
            "below change. This page shows results worked out in advance, so this control "
            "is the one that works here."
        )
    ).format(names=names)
    others = escape_html(
        _("The other controls ({controls}, and the seed) work when the lab runs live: see {link}.")
    ).format(controls=escape_html(live_only), link=_how_to_run_link())
    return f"<p>{move} {others}</p>"


def _how_to_run_link() -> str:
    words = escape_html(_("running the interactive parts"))
    return f'<a href="{HOW_TO_RUN}">{words}</a>'
