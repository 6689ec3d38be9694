"""``ScoringLab``: move a slider and watch a scoring system treat two groups differently.

A view over :func:`collective_ai.scoring.simulate`. Every control is a labelled ipywidget
with its units and help in a tooltip and in a "what the controls mean" list; the figure is
one PNG per panel (side by side where they fit, one under another on a phone), each with
alt text giving its numbers, and the plain-language summary under it, so it reads the same
in JupyterLab, Voila and a screen reader. In the static book (``COLLECTIVE_AI_STATIC=1``)
displaying a lab shows precomputed frames instead
(:mod:`collective_ai.widgets.scoring_static`).
"""

from __future__ import annotations

import ipywidgets as widgets

from collective_ai.embed import panels_html
from collective_ai.errors import InputError
from collective_ai.escaping import escape_html
from collective_ai.i18n import _, format_number
from collective_ai.scoring import get_scenario, simulate
from collective_ai.scoring.lab_figure import BOOK, LabFigure
from collective_ai.scoring.params import Parameter, resolve
from collective_ai.widgets.base import LabView, fluid, summary_html
from collective_ai.widgets.scoring_static import label_style, static_view
from collective_ai.widgets.static import static_mode

DEFAULT_SEED = 2024
MAX_SEED = 2**32 - 1
SIZES = (1_000, 10_000, 100_000)

_LAYOUT = fluid("32em")


def tooltip(spec: Parameter) -> str:
    """A control's help and units, as its tooltip says them."""
    return _("{help} Units: {units}.").format(help=spec.help, units=spec.units)


def _control(spec: Parameter, value, style: dict):
    """A keyboard-operable control for one parameter, labelled and explained."""
    common = {
        "description": spec.label,
        "tooltip": tooltip(spec),
        "style": style,
        "layout": _LAYOUT,
    }
    if spec.name == "n":
        sizes = sorted({*SIZES, value})
        options = [(format_number(s), s) for s in sizes]
        return widgets.Dropdown(options=options, value=value, **common)
    if spec.integer:
        return widgets.IntSlider(
            value=value,
            min=spec.low,
            max=spec.high,
            step=spec.step,
            continuous_update=False,
            **common,
        )
    return widgets.FloatSlider(
        value=value,
        min=spec.low,
        max=spec.high,
        step=spec.step,
        readout_format=".2f",
        continuous_update=False,
        **common,
    )


class ScoringLab(LabView):
    """The lab for one scenario: ``ScoringLab("hiring", proxy_weight=0.4, seed=7)``.

    ``controls`` maps each parameter name (and ``seed``) to its widget; changing one
    re-simulates and updates ``result``, ``figure`` (in place) and ``summary`` at once.
    """

    main = "proxy_weight"

    def __init__(self, scenario: str = "hiring", *, seed: int = DEFAULT_SEED, **params) -> None:
        self.scenario = get_scenario(scenario)
        values = resolve(self.scenario.parameters, params)
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
            message = _("must be a whole number from 0 to {high}")
            raise InputError(message.format(high=format_number(MAX_SEED)), field="seed")
        shown = [s for s in self.scenario.parameters.values() if s.high > s.low]
        style = label_style([s.label for s in shown] + [_("Seed")])
        self.controls = {
            name: _control(spec, values[name], style)
            for name, spec in self.scenario.parameters.items()
            if spec.high > spec.low
        }
        self.controls["seed"] = widgets.BoundedIntText(
            value=seed,
            min=0,
            max=MAX_SEED,
            description=_("Seed"),
            tooltip=_(
                "Which random draw of people to simulate. Change it to see how much "
                "chance alone moves the numbers."
            ),
            style=style,
            layout=fluid("20em"),
        )
        self.view = LabFigure(self.scenario, size=BOOK)
        self.figure = self.view.figure
        self._image = widgets.HTML()
        self._summary = widgets.HTML()
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.ui = widgets.VBox(
            [
                widgets.HTML(f"<h3>{escape_html(self._heading())}</h3>"),
                *self.controls.values(),
                widgets.HTML(self._help_html()),
                self._image,
                self._summary,
            ]
        )
        self._refresh()

    def _heading(self) -> str:
        return _("{title}: try it").format(title=self.scenario.title)

    def _help_html(self) -> str:
        items = "".join(
            f"<li><b>{escape_html(s.label)}</b> ({escape_html(s.units)}): {escape_html(s.help)}</li>"
            for s in self.scenario.parameters.values()
            if s.name in self.controls
        )
        summary = escape_html(_("What the controls mean"))
        return f"<details><summary>{summary}</summary><ul>{items}</ul></details>"

    @property
    def params(self) -> dict:
        """The current control values, as :func:`simulate` takes them."""
        return {name: c.value for name, c in self.controls.items() if name != "seed"}

    def _on_change(self, _change) -> None:
        self._refresh()

    def _refresh(self) -> None:
        # Every control is bounded to its parameter's range, so simulate cannot reject it.
        self.result = simulate(self.scenario.name, seed=self.controls["seed"].value, **self.params)
        self.view.update(self.result)
        self.summary = self.result.summary
        self._image.value = panels_html(
            self.view.pngs(), alts=self.view.alts(), width=self.view.size.width
        )
        self._summary.value = summary_html(self.summary, live=True)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        if static_mode():
            self._image.value = ""  # the static page embeds frames, not this live image
            display(static_view(self))
        else:
            self._show_live()
