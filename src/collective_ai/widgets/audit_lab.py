"""``AuditLab``: audit a CSV of decisions, or the bundled synthetic sample, by clicking.

A view over :func:`collective_ai.audit.audit`. Load a file (or keep the sample), choose the
group, outcome and score columns, toggle the 2% exclusion, and the tables, chart and
plain-language summary update at once. "Make the report" puts a download link to the
printable HTML report under the chart. Everything from the file is escaped before it is
shown; a problem in the file shows as one message, never a traceback. In the static book
(``COLLECTIVE_AI_STATIC=1``) displaying the lab shows its audit of the sample instead, with
the chart choice precomputed (:func:`collective_ai.widgets.static.choice_view`).
"""

from __future__ import annotations

import math

import ipywidgets as widgets

from collective_ai.audit import audit
from collective_ai.audit import chart as audit_chart
from collective_ai.audit.csvinput import header_of, read_audit_csv
from collective_ai.audit.report import html_table, readings, to_html
from collective_ai.audit.sample import sample_bytes
from collective_ai.embed import download_link, img_html, png_bytes, scroll_box
from collective_ai.errors import InputError
from collective_ai.escaping import escape_html
from collective_ai.i18n import N_, _, format_number
from collective_ai.widgets.base import FileUploads, LabView, fluid, summary_html
from collective_ai.widgets.static import choice_view, frame_html, kernel_notice, static_mode

NONE = N_("(none)")
SAMPLE = "sample"
SAMPLE_LABEL = N_("Synthetic sample: {n} applicants")
SAMPLE_PEOPLE = 1200
SAMPLE_CHOICES = {
    "group": "sex",
    "group2": "race_ethnicity",
    "outcome": "advanced",
    "score": "score",
}
SAMPLE_UNKNOWN = ("Decline to state",)
COUNT_NAMES = ("n", "people", "count", "number", "total", "applicants")
OUTCOME_HINTS = ("selected", "advanced", "outcome", "hired", "decision", "passed", "favourable")
#: The labels the dropdowns' width is measured on (11em in English; more where longer).
_LABELS = (N_("Data"), N_("Group column"), N_("Second group column"), N_("Outcome column"))
_LABELS += (N_("Score column"), N_("People column (counts)"), N_("Chart shows"))
_LAYOUT = fluid("32em")


def _sample_label() -> str:
    return _(SAMPLE_LABEL).format(n=format_number(SAMPLE_PEOPLE))


def _style() -> dict:
    """Room for the longest label in the language in use, so none ends in an ellipsis."""
    longest = max(len(_(label)) for label in _LABELS)
    return {"description_width": f"{max(11, math.ceil(0.5 * longest))}em"}


def _dropdown(description: str, tooltip: str) -> widgets.Dropdown:
    return widgets.Dropdown(
        options=[(_(NONE), NONE)],
        description=description,
        tooltip=tooltip,
        style=_style(),
        layout=_LAYOUT,
    )


class AuditLab(FileUploads, LabView):
    """The audit lab. ``AuditLab()`` starts on the bundled sample.

    ``controls``: ``source``, ``upload``, ``group``, ``group2``, ``outcome``, ``score``,
    ``count`` (a table of counts: how many people each row has), ``exclude_small``, ``chart`` (which table the chart shows) and ``report`` (a button).
    ``result`` is the :class:`~collective_ai.audit.AuditReport`, or None after an error.
    """

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {SAMPLE: sample_bytes()}
        self.frame = None
        self._quiet = False
        self.controls = {
            "upload": self.upload_control(
                _(
                    "A CSV file with one row per person (group columns and an outcome), or "
                    "one row per group with a count column."
                )
            ),
            "source": widgets.Dropdown(
                options=[(_sample_label(), SAMPLE)],
                description=_("Data"),
                tooltip=_("Which data to audit: the synthetic sample or a file you loaded."),
                style=_style(),
                layout=_LAYOUT,
            ),
            "group": _dropdown(_("Group column"), _("The category to compare, such as sex.")),
            "group2": _dropdown(
                _("Second group column"),
                _("Optional: a second category; the audit adds their intersection."),
            ),
            "outcome": _dropdown(
                _("Outcome column"),
                _("Who the tool selected: 1/0, true/false, yes/no or selected/rejected."),
            ),
            "score": _dropdown(
                _("Score column"),
                _(
                    "Optional: the tool's numeric score (with counts: how many scored above "
                    "the median)."
                ),
            ),
            "count": _dropdown(
                _("People column (counts)"),
                _(
                    "For a table of counts: the column of how many people each row has. The "
                    "outcome column then holds how many of them were selected."
                ),
            ),
            "exclude_small": widgets.Checkbox(
                value=False,
                description=_("Leave categories under 2% out of impact ratios"),
                tooltip=_("NYC's rules allow an auditor to do this (6 RCNY 5-301(d))."),
                indent=False,
                layout=_LAYOUT,
            ),
            "chart": _dropdown(_("Chart shows"), _("Which audit table the chart draws.")),
            "report": widgets.Button(
                description=_("Make the report"),
                tooltip=_("Build the printable HTML report and a link to download it."),
                icon="file",
            ),
        }
        self.figure = audit_chart.new_figure()
        self._tables = widgets.HTML()
        self._image = widgets.HTML()
        self._summary = widgets.HTML()
        self._error = widgets.HTML()
        self._download = widgets.HTML()
        self.controls["upload"].observe(self._on_upload, names="value")
        self.controls["source"].observe(self._on_source, names="value")
        for name in ("group", "group2", "outcome", "score", "count", "exclude_small", "chart"):
            self.controls[name].observe(self._on_change, names="value")
        self.controls["report"].on_click(self._on_report)
        self.ui = widgets.VBox(
            [
                widgets.HTML("<h3>" + escape_html(_("Audit lab")) + "</h3>"),
                *(self.controls[name] for name in ("upload", "source", "group", "group2")),
                *(self.controls[name] for name in ("outcome", "score", "count", "exclude_small")),
                self._error,
                self._tables,
                self.controls["chart"],
                self._image,
                self._summary,
                self.controls["report"],
                self._download,
            ]
        )
        self._load(SAMPLE)

    # --- data -----------------------------------------------------------------------------

    def _source_options(self) -> list:
        return [(_sample_label(), SAMPLE), *((n, n) for n in self.files if n != SAMPLE)]

    def _on_source(self, change) -> None:
        if not self._quiet:
            self._load(change["new"])

    def _load(self, name: str) -> None:
        try:
            columns = header_of(self.files[name])
            self.frame = read_audit_csv(self.files[name], groups=columns, selected=None)
        except InputError as error:
            self._show_error(error)
            return
        self._quiet = True
        self._set_columns(columns, SAMPLE_CHOICES if name == SAMPLE else _guess(columns))
        self._quiet = False
        self._refresh()

    def _set_columns(self, columns: list[str], choice: dict) -> None:
        self.controls["group"].options = columns
        self.controls["group"].value = choice["group"]
        for name in ("group2", "score", "count"):
            self.controls[name].options = [(_(NONE), NONE), *((c, c) for c in columns)]
            self.controls[name].value = choice.get(name, NONE)
        self.controls["outcome"].options = columns
        self.controls["outcome"].value = choice["outcome"]

    # --- audit ----------------------------------------------------------------------------

    def _on_change(self, _change) -> None:
        if not self._quiet:
            self._refresh()

    def _choices(self) -> tuple[list[str], str, str | None]:
        groups = [self.controls["group"].value]
        if self.controls["group2"].value not in (NONE, groups[0]):
            groups.append(self.controls["group2"].value)
        score = self.controls["score"].value
        return groups, self.controls["outcome"].value, None if score == NONE else score

    def _refresh(self) -> None:
        groups, outcome, score = self._choices()
        count = self.controls["count"].value
        counts = {} if count == NONE else {"n": count, "scored_above": score}
        self._download.value = ""
        try:
            self.result = audit(
                self.frame,
                groups=groups,
                selected=outcome,
                score=None if counts else score,
                **counts,
                unknown=SAMPLE_UNKNOWN if self.controls["source"].value == SAMPLE else (),
                exclude_small=self.controls["exclude_small"].value,
            )
        except InputError as error:
            self._show_error(error)
            return
        self._error.value = ""
        self._tables.value = "".join(
            scroll_box(html_table(t, screen=True)) for t in self.result.tables
        )
        self._update_chart_choice()
        table = self._charted()
        audit_chart.draw_rates(table, figure=self.figure)
        self.summary = _describe(table)
        phone = audit_chart.draw_rates(table, width=audit_chart.PHONE_INCHES)
        self._image.value = img_html(_png(self.figure), alt=self.summary, phone_png=_png(phone))
        self._summary.value = summary_html(self.summary, live=True)

    def _update_chart_choice(self) -> None:
        labels = [t.label for t in self.result.tables]
        control = self.controls["chart"]
        if list(control.options) != labels:
            self._quiet = True
            previous = control.value
            control.options = labels
            control.value = previous if previous in labels else labels[0]
            self._quiet = False

    def _charted(self):
        label = self.controls["chart"].value
        return next((t for t in self.result.tables if t.label == label), self.result.tables[-1])

    @property
    def charted(self):
        """The table the chart shows (None after an error): present mode draws it larger."""
        return None if self.result is None else self._charted()

    def _show_error(self, error: InputError) -> None:
        self.result = None
        self.summary = _("The audit could not run: {error}").format(error=error)
        self._error.value = f'<p role="alert">{escape_html(self.summary)}</p>'
        self._tables.value = self._image.value = self._summary.value = ""

    # --- static book -----------------------------------------------------------------------

    def static_view(self) -> widgets.VBox:
        """The current audit with no kernel: a notice, the tables, and one precomputed chart
        per table behind radio buttons that work in the browser alone."""
        if self.result is None:
            return widgets.VBox([kernel_notice(_("audit lab"), shown=self.summary)])
        frames = []
        for table in self.result.tables:
            figure = audit_chart.draw_rates(table)
            phone = audit_chart.draw_rates(table, width=audit_chart.PHONE_INCHES)
            frame = {"png": _png(figure), "phone_png": _png(phone), "summary": _describe(table)}
            frames.append((table.label, frame_html(frame)))
        groups, outcome, score = self._choices()
        words = {"source": self._source_name(), "outcome": outcome, "score": score}
        words["groups"] = _(" and ").join(groups)
        shown = (
            _("{source}, audited by {groups}, outcome column {outcome}, score column {score}.")
            if score
            else _("{source}, audited by {groups}, outcome column {outcome}.")
        ).format(**words)
        return widgets.VBox(
            [
                kernel_notice(_("audit lab"), shown=shown),
                widgets.HTML(self._tables.value),
                choice_view(
                    _("Chart shows"),
                    frames,
                    tooltip=_("Which audit table the chart draws."),
                ),
            ]
        )

    def _ipython_display_(self) -> None:
        from IPython.display import display

        if static_mode():
            self._image.value = ""  # the static page embeds its own charts, not this one
            display(self.static_view())
        else:
            self._show_live()

    # --- report ---------------------------------------------------------------------------

    def _source_name(self) -> str:
        source = self.controls["source"].value
        return _sample_label() if source == SAMPLE else source

    def report_html(self) -> str:
        """The printable report of the current audit."""
        words = {"rows": self.result.rows, "source": self._source_name()}
        description = _("{rows} rows from {source}").format(**words)
        if self.result.input == "counts":
            description = _("{rows} rows of counts ({people} people) from {source}").format(
                people=self.result.people, **words
            )
        return to_html(self.result, data_description=description)

    def _on_report(self, _button=None) -> None:
        if self.result is None:
            return
        self._download.value = download_link(
            self.report_html(),
            filename="audit-report.html",
            media_type="text/html",
            label=_("Download the audit report (HTML, printable)"),
        )


def _describe(table) -> str:
    """The chart in words, then what it means: the chart's text alternative."""
    return " ".join([audit_chart.alt_text(table), *readings(table)])


def _png(figure) -> bytes:
    return png_bytes(figure)


def _guess(columns: list[str]) -> dict:
    """First guesses for an uploaded file: an outcome-like name, else the last column."""
    outcome = next(
        (c for c in columns if any(hint in c.lower() for hint in OUTCOME_HINTS)), columns[-1]
    )
    count = next((c for c in columns if c.lower() in COUNT_NAMES and c != outcome), None)
    group = next((c for c in columns if c not in (outcome, count)), outcome)
    return {"group": group, "outcome": outcome, **({"count": count} if count else {})}
