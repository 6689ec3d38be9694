"""Present mode: one lab, alone, for a projector (``make present LAB=...``).

:class:`PresentLab` is a view over the course's own labs (``ScoringLab``, ``AuditLab``,
``DemandDrafter``), through their public ``controls``, ``result``, ``figure`` and
``summary``: it shows a few large controls beside a large chart, the summary sentence under
it, and a button that hides the chart and the sentence while the room predicts.
:func:`present_notebook` writes the one-cell notebook Voila serves at the root URL with the
``present`` template (``src/collective_ai/live/jupyter-data/voila/templates/present``).
``make present LAB=... LANG=es`` gives the kernel ``COLLECTIVE_AI_LANG=es``: the lab and
present mode's own words (translated where shown, never at import) are then Spanish.
"""

from __future__ import annotations

from pathlib import Path

from collective_ai.errors import InputError
from collective_ai.i18n import N_, _

LABS = ("hiring", "warehouse", "call_centre", "audit", "demands")
# The controls a room argues about; the lab's other controls keep their starting values.
SCORING_CONTROLS = (
    "proxy_weight",
    "proxy_strength",
    "selection_share",
    "human_review_share",
    "reviewer_accuracy",
    "target_ratchet",
)
AUDIT_CONTROLS = ("group", "group2", "outcome", "exclude_small", "chart")
# The chart's panels side by side in the stage (70% of a 1280 px screen, about 856 px), with
# every word on them 19 px tall: legible from the back of a hall.
STAGE_PX = 856
PANEL_GAP_PX = 12
PANEL_HEIGHT_PX = 400
TEXT_PX = 19.0
HIDE = N_("Hide the chart (predict first)")
REVEAL = N_("Reveal the chart")
CLEAR = N_("Clear: start empty")
#: What the page says while the kernel runs the lab (the present template shows it).
WAITING = N_(
    "Starting the lab: Python is running it and drawing the chart. This takes a few seconds "
    "and needs no internet."
)
PRESENT_CLASS = "ca-present"


def check_lab(lab: str) -> str:
    if lab not in LABS:
        raise InputError(_("choose one of {labs}").format(labs=", ".join(LABS)), field="LAB")
    return lab


class PresentLab:
    """``PresentLab("hiring")``: the lab for a projector. ``inner`` is the course's lab."""

    def __init__(self, lab: str = "hiring", *, seed: int | None = None) -> None:
        import ipywidgets as widgets

        from collective_ai.workshop.labs import PRESENT_SEED

        self.lab = check_lab(lab)
        seed = PRESENT_SEED if seed is None else seed
        self._chart = widgets.HTML(layout={"width": "100%"})
        self._summary = widgets.HTML(layout={"width": "100%"})
        self._chart.add_class("ca-present-chart")
        self._summary.add_class("ca-present-summary")
        self.reveal = widgets.ToggleButton(
            value=False,
            description=_(HIDE),
            tooltip=_(
                "Hide the chart and its sentence while the room predicts; press again "
                "to reveal them."
            ),
            layout={"width": "100%"},
        )
        self.reveal.add_class("ca-present-reveal")
        if lab == "demands":
            self._build_drafter()
            return
        self._build_lab(lab, seed)
        self.reveal.observe(self._redraw, names="value")
        for control in self.inner.controls.values():
            if hasattr(control, "value"):
                control.observe(self._redraw, names="value")
        self._redraw()

    # --- building -------------------------------------------------------------------------

    def _build_lab(self, lab: str, seed: int) -> None:
        import ipywidgets as widgets

        if lab == "audit":
            from collective_ai.audit.chart import new_figure
            from collective_ai.widgets.audit_lab import AuditLab

            self.inner = AuditLab()
            self._lab_figure = None
            self._audit_figure = new_figure()  # drawn for the stage: see _chart_html
            names, title = AUDIT_CONTROLS, _("Audit lab: synthetic sample")
        else:
            from collective_ai.scoring.lab_figure import LabFigure
            from collective_ai.widgets.scoring_lab import ScoringLab

            self.inner = ScoringLab(lab, seed=seed)
            self._lab_figure = LabFigure(
                self.inner.scenario, size=present_size(self.inner.scenario.has_rounds)
            )
            names, title = SCORING_CONTROLS, self.inner.scenario.title
        self.controls = {n: self.inner.controls[n] for n in names if n in self.inner.controls}
        for control in self.controls.values():
            control.layout.width = "100%"
            control.style.description_width = "initial"
        panel = widgets.VBox(
            [widgets.HTML(f"<h1>{_escape(title)}</h1>"), *self.controls.values(), self.reveal],
            layout={"width": "30%"},
        )
        panel.add_class("ca-present-controls")
        stage = widgets.VBox([self._chart, self._summary], layout={"width": "70%"})
        stage.add_class("ca-present-stage")
        self.ui = widgets.HBox([panel, stage], layout={"width": "100%"})
        self.ui.add_class(PRESENT_CLASS)

    def _build_drafter(self) -> None:
        """The drafter with a drafts folder of its own, made empty for this opening: the
        projector never shows what a previous group typed, nor its drafts' names. "Clear"
        starts an empty draft for the next group; exports still go to the usual folder."""
        import tempfile

        import ipywidgets as widgets

        from collective_ai.demands.drafts import DraftStore
        from collective_ai.widgets.demand_drafter import DemandDrafter

        self._drafts = tempfile.TemporaryDirectory(prefix="collective-ai-present-")
        self.inner = DemandDrafter(store=DraftStore(Path(self._drafts.name)))
        self.clear = widgets.Button(
            description=_(CLEAR),
            tooltip=_("Empty every box and start a new draft, for the next group."),
        )
        self.clear.add_class("ca-present-clear")
        self.clear.on_click(lambda _button: self.inner.new_draft())
        self.controls = {**self.inner.controls, "clear": self.clear}
        self._lab_figure = None
        self.ui = widgets.VBox([self.clear, self.inner.ui], layout={"width": "100%"})
        self.ui.add_class(PRESENT_CLASS)
        self.ui.add_class("ca-present-drafter")

    # --- the LabView promise ---------------------------------------------------------------

    @property
    def result(self):
        return self.inner.result

    @property
    def summary(self) -> str:
        return self.inner.summary

    @property
    def figure(self):
        if self._lab_figure is not None:
            return self._lab_figure.figure
        return self._audit_figure if self.lab == "audit" else self.inner.figure

    @property
    def hidden(self) -> bool:
        """True while the chart and its sentence are hidden for predictions."""
        return bool(self.reveal.value)

    def _chart_html(self) -> str:
        from collective_ai.embed import img_html, panels_html, png_bytes

        view = self._lab_figure
        if view is not None:
            view.update(self.inner.result)
            return panels_html(view.pngs(), alts=view.alts(), width=view.size.width)
        from collective_ai.audit.chart import draw_rates

        # As wide as the stage, its words TEXT_PX tall when shown at its own size.
        figure = draw_rates(
            self.inner.charted,
            figure=self._audit_figure,
            width=STAGE_PX / 96,
            points=TEXT_PX * 72 / 96,
        )
        return img_html(png_bytes(figure, dpi=96), alt=self.summary)

    def _redraw(self, _change=None) -> None:
        self.reveal.description = _(REVEAL) if self.hidden else _(HIDE)
        if self.inner.result is None:  # the audit could not run: its message, large
            self._chart.value = ""
            self._summary.value = f'<p role="alert">{_escape(self.summary)}</p>'
        elif self.hidden:
            settings = "; ".join(f"{c.description}: {_readout(c)}" for c in self.controls.values())
            hidden = _escape(_("Chart hidden: predict first."))
            self._chart.value = (
                f'<div class="ca-present-hidden" role="status"><p>{hidden}</p>'
                f"<p>{_escape(settings)}</p></div>"
            )
            self._summary.value = ""
        else:
            self._chart.value = self._chart_html()
            self._summary.value = f'<p aria-live="polite">{_escape(self.summary)}</p>'

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.ui)


def present_size(rounds: bool):
    """The panels' size for a projector: two or three across the stage, text 19 px tall."""
    from collective_ai.scoring.lab_figure import PanelSize

    across = 3 if rounds else 2
    width = (STAGE_PX - PANEL_GAP_PX * (across - 1)) // across
    return PanelSize(width=width, height=PANEL_HEIGHT_PX, text=TEXT_PX)


def _readout(control) -> str:
    """A control's setting in words: a number formatted, a choice's label, yes or no."""
    from collective_ai.i18n import format_number

    value = control.value
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float):
        return format_number(value)
    return str(getattr(control, "label", None) or value)  # a list's shown label


def _escape(text) -> str:
    from collective_ai.escaping import escape_html

    return escape_html(text)


def present_notebook(lab: str):
    """The notebook Voila serves: one code cell that shows ``PresentLab(lab)``, and the
    waiting sentence in the language in use, in its metadata for the present template."""
    import nbformat

    check_lab(lab)
    cell = nbformat.v4.new_code_cell(
        f"from collective_ai.workshop.present import PresentLab\n\nPresentLab({lab!r})"
    )
    cell["id"] = f"present-{lab}"
    notebook = nbformat.v4.new_notebook(cells=[cell])
    notebook.metadata["collective_ai"] = {"waiting": _(WAITING)}
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return notebook


def write_present_notebook(lab: str, *, out: Path) -> Path:
    """Write ``out/LAB.ipynb`` (atomically) and return its path."""
    import nbformat

    from collective_ai.files import write_atomic

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    return write_atomic(out / f"{lab}.ipynb", nbformat.writes(present_notebook(lab)) + "\n")
