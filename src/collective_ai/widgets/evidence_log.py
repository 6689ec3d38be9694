"""``EvidenceLog``: add, edit, delete (with confirmation), list and export incidents.

A view over :class:`collective_ai.evidence.store.EvidenceStore` and
:mod:`collective_ai.evidence.summary`. Every change is written to the SQLite file at once,
so a closed notebook loses nothing; a mistake in a field shows as one message naming it.
In the static book it shows a worked example (a log of made-up incidents) under a notice.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import ipywidgets as widgets

from collective_ai.dates import DAY_FIRST, MONTH_FIRST, iso_date, show_date
from collective_ai.embed import img_html, png_bytes
from collective_ai.errors import InputError
from collective_ai.escaping import escape_html
from collective_ai.evidence import chart, documents, summary
from collective_ai.evidence.documents import html_page
from collective_ai.evidence.layout import LOG_COLUMNS
from collective_ai.evidence.store import EvidenceStore
from collective_ai.hub.rights import NOT_NAMED, may_export
from collective_ai.i18n import N_, _, ngettext
from collective_ai.widgets.base import LabView, fluid
from collective_ai.widgets.static import kernel_notice, static_mode

NEW = "(new incident)"  # the picker's value for a new incident; shown as _(NEW)
N_("(new incident)")
#: How a date written in numbers only (03/04/2026) is read; the first choice asks instead.
DATE_ORDERS = [
    (N_("Ask me when it could be two days"), ""),
    (N_("Day first: 03/04/2026 is 3 April"), DAY_FIRST),
    (N_("Month first: 03/04/2026 is March 4"), MONTH_FIRST),
]
_STYLE = {"description_width": "15em"}  # "What it decides or measures" whole
_LAYOUT = fluid("40em")
#: The form's fields, in the paper sheet's order: control name -> (label, tooltip, store
#: keyword, in English); one layout for paper and screen (collective_ai.evidence.layout).
FIELDS = {column.name: (column.label, column.hint, column.field) for column in LOG_COLUMNS}
_COLUMNS = {column.name: column for column in LOG_COLUMNS}
INCIDENTS_BY_EFFECT = N_("Incidents by effect")


def _text(name: str) -> widgets.Widget:
    column = _COLUMNS[name]
    label, tooltip = column.shown_label, column.shown_hint
    kind = widgets.Textarea if name == "what" else widgets.Text
    return kind(
        description=label, tooltip=tooltip, placeholder=tooltip, style=_STYLE, layout=_LAYOUT
    )


def _where(error: InputError) -> str:
    """The error with the form's own label for the field it names ("Date: ..."), else as is."""
    column = next((c for c in LOG_COLUMNS if error.field in (c.field, c.name)), None)
    if column is None or error.column is not None or error.row is not None:
        return str(error)
    return _("{field}: {message}").format(field=column.shown_label, message=error.message)


class EvidenceLog(LabView):
    """The evidence log. ``EvidenceLog(path)`` opens (or creates) a log file.

    ``controls``: one text field per :data:`FIELDS` entry, ``date_order`` (how a date in
    numbers only is read), ``incident`` (which incident
    the form edits), ``save``, ``delete``, ``confirm`` (shown after ``delete``),
    ``include_text``, ``format`` and ``export``. ``result`` is the list of incidents.
    """

    def __init__(self, path=None, *, today: dt.date | None = None) -> None:
        self.store = EvidenceStore(path)
        self.today = today
        self.controls = {name: _text(name) for name in FIELDS}
        self.controls.update(
            date_order=widgets.Dropdown(
                options=[(_(label), value) for label, value in DATE_ORDERS],
                value="",
                description=_("Dates in numbers"),
                style=_STYLE,
                layout=_LAYOUT,
                tooltip=_("How to read a date such as 03/04/2026."),
            ),
            incident=widgets.Dropdown(
                options=[(_(NEW), NEW)],
                description=_("Incident"),
                style=_STYLE,
                layout=_LAYOUT,
                tooltip=_("Choose an incident to edit or delete, or a new one."),
            ),
            save=widgets.Button(
                description=_("Save"), icon="save", tooltip=_("Save the incident to the log.")
            ),
            delete=widgets.Button(
                description=_("Delete"), icon="trash", tooltip=_("Delete the chosen incident.")
            ),
            confirm=widgets.Button(
                description=_("Yes, delete it"),
                button_style="danger",
                tooltip=_("Delete for good."),
                layout={"display": "none"},
            ),
            include_text=widgets.Checkbox(
                value=False,
                indent=False,
                layout=_LAYOUT,
                description=_("Include accounts in workers' own words"),
            ),
            format=widgets.Dropdown(
                options=list(documents.MEDIA),
                value="html",
                description=_("Export as"),
                style=_STYLE,
            ),
            export=widgets.Button(
                description=_("Export"),
                icon="download",
                tooltip=_("Make the evidence summary."),
            ),
        )
        self.message = ""
        self.figure = chart.new_figure()
        self._message = widgets.HTML()
        self._table = widgets.HTML()
        self._image = widgets.HTML()
        self._summary = widgets.HTML()
        self._download = widgets.HTML()
        self.controls["incident"].observe(self._on_pick, names="value")
        self.controls["save"].on_click(lambda _: self.save())
        self.controls["delete"].on_click(lambda _: self.ask_delete())
        self.controls["confirm"].on_click(lambda _: self.confirm_delete())
        self.controls["export"].on_click(lambda _: self.export())
        form = [self.controls[n] for n in FIELDS]
        form.insert(list(FIELDS).index("date") + 1, self.controls["date_order"])  # under it
        self.ui = widgets.VBox(
            [
                widgets.HTML("<h3>" + escape_html(_("Evidence log")) + "</h3>"),
                self.controls["incident"],
                *form,
                widgets.HBox(
                    [self.controls["save"], self.controls["delete"], self.controls["confirm"]]
                ),
                self._message,
                self._table,
                self._image,
                self._summary,
                self.controls["include_text"],
                widgets.HBox([self.controls["format"], self.controls["export"]]),
                self._download,
            ]
        )
        self._refresh()

    # --- actions (each one is what a button does) --------------------------------------

    def values(self) -> dict:
        return {FIELDS[n][2]: self.controls[n].value for n in FIELDS}

    def save(self) -> int | None:
        """Add the form as a new incident, or save changes to the chosen one."""
        values = self.values()
        chosen = self.controls["incident"].value
        try:
            values["date"] = iso_date(values["date"], order=self.controls["date_order"].value)
            if chosen == NEW:
                new_id = self.store.add_incident(today=self.today, **values)
                self._say(_("Incident {id} saved.").format(id=new_id))
            else:
                for key in ("decides", "location"):
                    values.pop(key)
                self.store.update_incident(chosen, today=self.today, **values)
                new_id = chosen
                self._say(_("Incident {id} updated.").format(id=chosen))
        except InputError as error:
            self._say(_("Not saved: {error}").format(error=_where(error)), alert=True)
            return None
        self._refresh(select=new_id)
        return new_id

    def ask_delete(self) -> None:
        if self.controls["incident"].value == NEW:
            self._say(_("Choose an incident to delete first."), alert=True)
            return
        self.controls["confirm"].layout.display = None
        chosen = self.controls["incident"].value
        self._say(_("Delete incident {id}? This cannot be undone.").format(id=chosen))

    def confirm_delete(self) -> None:
        chosen = self.controls["incident"].value
        self.controls["confirm"].layout.display = "none"
        if chosen == NEW:
            return
        self.store.delete_incident(chosen)
        self._say(_("Incident {id} deleted.").format(id=chosen))
        self._refresh(select=NEW)

    def export(self) -> str | bytes | None:
        """The evidence summary as a download; None for a member the committee did not name."""
        if not may_export():  # said beside the button, where the person is looking
            self.message = _(NOT_NAMED)
            self._download.value = f'<p role="alert">{escape_html(self.message)}</p>'
            return None
        fmt = self.controls["format"].value
        content = summary.export(
            self.store, fmt=fmt, include_text=self.controls["include_text"].value
        )
        self._download.value = documents.download(
            content,
            fmt=fmt,
            stem="evidence-summary",
            label=_("Download the evidence summary ({format})").format(format=fmt),
        )
        return content

    # --- view -------------------------------------------------------------------------

    def _say(self, text: str, *, alert: bool = False) -> None:
        self.message = text
        role = "alert" if alert else "status"
        self._message.value = f'<p role="{role}">{escape_html(text)}</p>'

    def _on_pick(self, change) -> None:
        chosen = change["new"]
        self.controls["confirm"].layout.display = "none"
        if chosen == NEW:
            for name in FIELDS:
                self.controls[name].value = ""
            return
        incident = self.store.incident(chosen)
        system = next((s for s in self.store.systems() if s.name == incident.system), None)
        values = {
            **incident.to_dict(),
            "decides": system.decides if system else "",
            "location": system.location if system else "",
        }
        values["date"] = show_date(values["date"])
        for name, (_label, _hint, key) in FIELDS.items():
            self.controls[name].value = values.get(key, "")

    def _refresh(self, select=None) -> None:
        self.result = self.store.incidents()
        options = [
            (_(NEW), NEW),
            *((f"{i.id}: {show_date(i.date)}, {i.system}, {i.effect}", i.id) for i in self.result),
        ]
        picker = self.controls["incident"]
        picker.options = options
        picker.value = select if select in {value for _shown, value in options} else NEW
        pairs = summary.counts(self.result, by="effect")
        title = _(INCIDENTS_BY_EFFECT)
        chart.draw_counts(pairs, title=title, figure=self.figure)
        self.summary = describe(self.result)
        self._table.value = table_html(self.result)
        phone = chart.draw_counts(pairs, title=title, width=chart.PHONE_INCHES)
        self._image.value = img_html(
            png_bytes(self.figure),
            alt=chart.counts_alt(pairs, title=_lower(title)),
            phone_png=png_bytes(phone),
        )
        self._summary.value = f'<p aria-live="polite">{escape_html(self.summary)}</p>'

    def static_view(self) -> widgets.VBox:
        """A made-up log of four incidents under a notice: a book page cannot write files."""
        import tempfile

        from collective_ai.evidence.synthetic import EXAMPLE_INCIDENTS, example_log

        with tempfile.TemporaryDirectory() as folder:
            example = EvidenceStore(Path(folder) / "example.sqlite")
            example_log(example)
            incidents = example.incidents()
        pairs = summary.counts(incidents, by="effect")
        title = _(INCIDENTS_BY_EFFECT)
        figure = chart.draw_counts(pairs, title=title)
        phone = chart.draw_counts(pairs, title=title, width=chart.PHONE_INCHES)
        shown = _("a made-up log of {count} incidents.").format(count=len(EXAMPLE_INCIDENTS))
        alt = chart.counts_alt(pairs, title=_lower(title))
        return widgets.VBox(
            [
                kernel_notice(_("evidence log"), shown=shown),
                widgets.HTML(table_html(incidents)),
                widgets.HTML(img_html(png_bytes(figure), alt=alt, phone_png=png_bytes(phone))),
                widgets.HTML(f"<p>{escape_html(describe(incidents))}</p>"),
            ]
        )

    def _ipython_display_(self) -> None:
        from IPython.display import display

        if static_mode():
            display(self.static_view())
        else:
            self._show_live()

    def page(self) -> str:
        """The evidence summary as a printable page (what the HTML export holds)."""
        return html_page(
            summary.summary_markdown(self.store.systems(), self.result), title=_(summary.TITLE)
        )


def describe(incidents) -> str:
    """The log in one sentence: the chart's text alternative starts from it."""
    if not incidents:
        return _("The log is empty: nothing has been recorded yet.")
    systems = summary.counts(incidents, by="system")
    effects = summary.counts(incidents, by="effect")
    about = ngettext(
        "{count} incident about {systems}.", "{count} incidents about {systems}.", len(incidents)
    )
    many = ngettext("{count} system", "{count} systems", len(systems)).format(count=len(systems))
    common = _("The most common effect is \u201c{effect}\u201d ({count} of {total}).")
    return (
        about.format(count=len(incidents), systems=many)
        + " "
        + common.format(effect=effects[0][0], count=effects[0][1], total=len(incidents))
    )


def table_html(incidents) -> str:
    """The incidents as an HTML table, every value escaped."""
    from collective_ai.evidence.html import table

    rows = [[i.id, show_date(i.date), i.system, i.effect, i.affected_group] for i in incidents]
    headers = [_("Id"), _("Date"), _("System"), _("Effect"), _("Group affected")]
    return table(headers, rows, caption=_("Incidents, oldest first"))


def _lower(title: str) -> str:
    """A chart's title inside a sentence ("Bar chart, incidents by effect: ...")."""
    return title[:1].lower() + title[1:]
