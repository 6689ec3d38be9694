"""``SurveyLab``: load a survey export, pick a question and a breakdown, see what may be shown.

A view over :func:`collective_ai.evidence.survey.summarize`. It starts on the package's
synthetic warehouse survey; a loaded file (Google Forms, Microsoft Forms, KoboToolbox or any
spreadsheet CSV) never leaves the computer. The table, the chart and the export all come
from the suppressed summary, so a hidden count is hidden everywhere. Each table shown from a
loaded file is a release: it goes in the committee's release ledger and is protected
together with every table shown or exported from that file before. In the static book it
shows precomputed tables for a few questions, behind radio buttons that need no kernel.
"""

from __future__ import annotations

import ipywidgets as widgets

from collective_ai.disclosure.ledger import ReleaseLedger
from collective_ai.embed import img_html, png_bytes
from collective_ai.errors import InputError
from collective_ai.escaping import escape_html
from collective_ai.evidence import chart, documents, html
from collective_ai.evidence.responses import read_responses
from collective_ai.evidence.suppression import DEFAULT_K, MIN_K
from collective_ai.evidence.survey import ALL_HIDDEN, summarize
from collective_ai.evidence.synthetic import warehouse_csv
from collective_ai.hub.rights import NOT_NAMED, may_export
from collective_ai.i18n import N_, _
from collective_ai.widgets.base import FileUploads, LabView, fluid
from collective_ai.widgets.static import choice_view, frame_html, kernel_notice, static_mode

NONE = "(none)"  # the breakdown picker's value for no breakdown; shown as _(NONE)
N_("(none)")
SAMPLE = N_("Synthetic warehouse survey: 240 workers")  # the sample's key; shown as _(SAMPLE)
SEED = 12
STATIC_QUESTIONS = ("written_up_3m", "told_about_system", "rate_leaves_breaks")
_STYLE = {"description_width": "10em"}
_LAYOUT = fluid("40em")


def _dropdown(options: list, description: str, tooltip: str) -> widgets.Dropdown:
    return widgets.Dropdown(
        options=options, description=description, tooltip=tooltip, style=_STYLE, layout=_LAYOUT
    )


class SurveyLab(FileUploads, LabView):
    """The survey lab. ``controls``: ``upload``, ``source``, ``question``, ``by``, ``k``,
    ``format``, ``export``. ``result`` is the :class:`~collective_ai.evidence.survey.SurveySummary`
    (None after an error)."""

    def __init__(self, *, seed: int = SEED, ledger: ReleaseLedger | None = None) -> None:
        self.files = {_(SAMPLE): warehouse_csv(seed=seed)}
        self.sample = _(SAMPLE)
        # A loaded file is a real group's answers: every table shown from it is a release,
        # kept in the committee's ledger and protected with the ones before it. The
        # synthetic sample's releases are kept only for this session.
        self._ledgers = {"sample": ReleaseLedger(":memory:"), "files": ledger}
        self.responses = None
        self._quiet = False
        self.controls = {
            "upload": self.upload_control(
                _("Responses exported from a form tool or a spreadsheet.")
            ),
            "source": _dropdown(
                [self.sample], _("Data"), _("The synthetic survey or a file you loaded.")
            ),
            "question": _dropdown([], _("Question"), _("The question whose answers are counted.")),
            "by": _dropdown(
                [(_(NONE), NONE)],
                _("Broken down by"),
                _("A group to compare, such as shift or age band."),
            ),
            "k": widgets.BoundedIntText(
                value=DEFAULT_K,
                min=MIN_K,
                max=100,
                description=_("Hide counts under"),
                style=_STYLE,
                tooltip=_("At least {least}; 5 is the usual choice.").format(least=MIN_K),
            ),
            "format": widgets.Dropdown(
                options=list(documents.MEDIA),
                value="html",
                description=_("Export as"),
                style=_STYLE,
            ),
            "export": widgets.Button(
                description=_("Export"), icon="download", tooltip=_("Make the table as a file.")
            ),
        }
        self.figure = chart.new_figure()
        self._error = widgets.HTML()
        self._table = widgets.HTML()
        self._image = widgets.HTML()
        self._summary = widgets.HTML()
        self._download = widgets.HTML()
        self.controls["upload"].observe(self._on_upload, names="value")
        self.controls["source"].observe(
            lambda c: self._quiet or self._load(c["new"]), names="value"
        )
        for name in ("question", "by", "k"):
            self.controls[name].observe(lambda _c: self._quiet or self._refresh(), names="value")
        self.controls["export"].on_click(lambda _: self.export())
        self.ui = widgets.VBox(
            [
                widgets.HTML("<h3>" + escape_html(_("Survey lab")) + "</h3>"),
                *(self.controls[n] for n in ("upload", "source", "question", "by", "k")),
                self._error,
                self._table,
                self._image,
                self._summary,
                widgets.HBox([self.controls["format"], self.controls["export"]]),
                self._download,
            ]
        )
        self._load(self.sample)

    def _source_options(self) -> list:
        return list(self.files)

    def _load(self, name: str) -> None:
        try:
            self.responses = read_responses(self.files[name])
        except InputError as error:
            self._show_error(error)
            return
        columns = self.responses.columns
        self._quiet = True
        self.controls["question"].options = columns
        self.controls["by"].options = [(_(NONE), NONE), *((c, c) for c in columns)]
        if name == self.sample:
            self.controls["question"].value = self.responses.resolve(
                "written_up_3m", field_name="question"
            )
            self.controls["by"].value = self.responses.resolve("age_band", field_name="by")
        self._quiet = False
        self._refresh()

    def _refresh(self) -> None:
        self._download.value = ""
        by = self.controls["by"].value
        try:
            self.result = summarize(
                self.responses,
                question=self.controls["question"].value,
                by=[] if by in (NONE, None) else [by],
                k=self.controls["k"].value,
                ledger=self._ledger(),
                survey=self.controls["source"].value,
            )
        except InputError as error:
            self._show_error(error)
            return
        self._error.value = ""
        self._table.value = table_html(self.result)
        chart.draw_survey(self.result, figure=self.figure)
        if _(ALL_HIDDEN) in self.result.notes:
            self.summary = _(ALL_HIDDEN)  # an empty chart would say nothing; this says what to try
            self._image.value = ""
        else:
            self.summary = chart.survey_alt(self.result)
            phone = chart.draw_survey(self.result, width=chart.PHONE_INCHES)
            self._image.value = img_html(
                png_bytes(self.figure), alt=self.summary, phone_png=png_bytes(phone)
            )
        notes = "".join(f"<li>{escape_html(n)}</li>" for n in self.result.notes)
        self._summary.value = (
            f'<p aria-live="polite">{escape_html(self.summary)}</p><ul>{notes}</ul>'
        )

    def _ledger(self) -> ReleaseLedger:
        if self.controls["source"].value == self.sample:
            return self._ledgers["sample"]
        if self._ledgers["files"] is None:
            self._ledgers["files"] = ReleaseLedger()
        return self._ledgers["files"]

    def _show_error(self, error: InputError) -> None:
        self.result = None
        self.summary = _("The table could not be made: {error}").format(error=error)
        self._error.value = f'<p role="alert">{escape_html(self.summary)}</p>'
        self._table.value = self._image.value = self._summary.value = ""

    def export(self):
        """The table as a download; None without one, or for a member not named to export."""
        if self.result is None:
            return None
        if not may_export():
            self._download.value = f'<p role="alert">{escape_html(_(NOT_NAMED))}</p>'
            return None
        fmt = self.controls["format"].value
        content = self.result.render(fmt=fmt)
        self._download.value = documents.download(
            content,
            fmt=fmt,
            stem="survey-table",
            label=_("Download the table ({format})").format(format=fmt),
        )
        return content

    def static_view(self) -> widgets.VBox:
        """Precomputed tables and charts of the synthetic survey, no kernel needed."""
        frames = []
        by = self.responses.resolve("age_band", field_name="by")
        for question in STATIC_QUESTIONS:
            result = summarize(self.responses, question=question, by=[by])
            figure = chart.draw_survey(result)
            phone = chart.draw_survey(result, width=chart.PHONE_INCHES)
            frame = {
                "png": png_bytes(figure),
                "phone_png": png_bytes(phone),
                "summary": chart.survey_alt(result),
            }
            frames.append((result.question, table_html(result) + frame_html(frame)))
        return widgets.VBox(
            [
                kernel_notice(
                    _("survey lab"),
                    shown=_(
                        "the synthetic warehouse survey: 240 workers, by age band, counts "
                        "under {k} hidden."
                    ).format(k=DEFAULT_K),
                ),
                choice_view(_("Question"), frames, tooltip=_("Which question the table counts.")),
            ]
        )

    def _ipython_display_(self) -> None:
        from IPython.display import display

        if static_mode():
            display(self.static_view())
        else:
            self._show_live()


def table_html(result) -> str:
    """The suppressed table as HTML with plain column names; every value escaped."""
    return html.summary_table(result)
