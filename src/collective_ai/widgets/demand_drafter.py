"""``DemandDrafter``: pick demands, fill in your workplace, see the document, export it.

A view over :mod:`collective_ai.demands`. Every change is saved at once to the drafts
folder (atomically, with a backup), so a dead kernel or a closed laptop loses nothing:
a new ``DemandDrafter()`` reopens the last draft. A save that fails (a full disk, a
read-only folder, another window that changed the draft) is said first in the status and
in ``summary``, and the text stays in the controls. Everything typed is escaped before it
is shown, and a problem (a field too long, a required field empty) shows as one message. In
the static book (``COLLECTIVE_AI_STATIC=1``) displaying the drafter shows a sample document
instead, in each of the three forms (:mod:`collective_ai.widgets.demand_samples`).
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets

from collective_ai.demands import registry
from collective_ai.demands.drafts import Draft, DraftError, DraftStore, data_home
from collective_ai.demands.fields import fields_for
from collective_ai.demands.html_writer import render_html
from collective_ai.demands.library import load_library
from collective_ai.demands.render import build_document, export, file_name
from collective_ai.demands.summary import describe
from collective_ai.embed import download_link
from collective_ai.errors import InputError
from collective_ai.escaping import escape_html
from collective_ai.files import describe_failure
from collective_ai.i18n import N_, _
from collective_ai.widgets.base import LabView, fluid
from collective_ai.widgets.demand_samples import BORDER, sample_view
from collective_ai.widgets.static import static_mode

STARTER_DEMANDS = ["notice-of-ai-evaluation", "bias-test-results", "no-discipline-solely-on-ai"]
_STYLE = {"description_width": "12em"}
_WIDE = fluid("42em")
_WARNING = "border: 3px solid; padding: 0.5em"  # no colour needed to see it
#: The buttons: control -> label, tooltip, icon (translated when a drafter is built).
_BUTTONS = {
    "new_draft": (N_("New draft"), N_("Start an empty draft."), "plus"),
    "duplicate_draft": (N_("Duplicate"), N_("Copy this draft to a new one."), "copy"),
    "delete_draft": (N_("Delete draft…"), N_("Delete this draft (asks first)."), "trash"),
    "confirm_delete": (N_("Yes, delete it"), N_("Delete the draft for good."), ""),
    "cancel_delete": (N_("Cancel"), N_("Keep the draft."), ""),
    "export": (
        N_("Export"),
        N_("Write the document to the folder and offer a download."),
        "download",
    ),
}


def _heading(level: int, text: str) -> widgets.HTML:
    return widgets.HTML(f"<h{level}>{escape_html(text)}</h{level}>")


def _draft_name(number: int) -> str:
    return _("Draft {number}").format(number=number)


class DemandDrafter(LabView):
    """The demand drafter. ``DemandDrafter()`` reopens the last draft (or starts one).

    ``controls``: ``demand:<template id>`` checkboxes; one text box per field (``employer``,
    ``workplace``, ``ai_system``, ... and each template's own fields such as
    ``notice_days``); ``form``; ``draft`` (which draft is open), ``draft_name``,
    ``new_draft``, ``duplicate_draft``, ``delete_draft``, ``confirm_delete``,
    ``cancel_delete``; ``format``, ``folder`` and ``export``.
    ``result`` is the previewed :class:`~collective_ai.demands.Document` (None when the
    draft cannot be rendered); ``preview`` is its HTML; ``summary`` says what it holds.
    ``not_saved`` is None, or why the open draft is not saved (``summary`` starts with it).
    """

    def __init__(self, *, store: DraftStore | None = None, extra_templates=()) -> None:
        self.library = load_library(extra_dirs=extra_templates)
        self.store = store if store is not None else DraftStore()
        self.figure = None
        self.preview = ""
        self.last_export: Path | None = None
        self._quiet = False
        self.not_saved: str | None = None
        self._problems_shown = 0
        self.fields = self.library.all_fields()
        self.controls: dict[str, widgets.Widget] = {}
        self._build_controls()
        self._build_ui()
        draft = self._last()
        if draft is None:
            draft = Draft(name=_("My first draft"), demands=list(STARTER_DEMANDS))
            self._store(draft)
        self._show(draft)  # its status leads with any file set aside and a failed save

    # --- building ------------------------------------------------------------------------

    def _build_controls(self) -> None:
        c = self.controls
        c["draft"] = widgets.Dropdown(
            description=_("Open draft"),
            style=_STYLE,
            layout=_WIDE,
            tooltip=_("Your saved drafts, most recent first."),
        )
        c["draft_name"] = widgets.Text(
            description=_("Draft name"),
            style=_STYLE,
            layout=_WIDE,
            tooltip=_("A name to find this draft by."),
        )
        for name, (label, tooltip, icon) in _BUTTONS.items():
            c[name] = widgets.Button(description=_(label), tooltip=_(tooltip), icon=icon)
        c["confirm_delete"].button_style = "danger"
        c["export"].button_style = "primary"
        for template in self.library:
            c[f"demand:{template.id}"] = widgets.Checkbox(
                description=template.title, tooltip=template.rationale, indent=False, layout=_WIDE
            )
        for name, field in self.fields.items():
            kind = widgets.Textarea if field.kind == "long" else widgets.Text
            hint = _("required") if field.required_in else _("optional")
            c[name] = kind(
                description=_(field.label),
                placeholder=_(field.default) or hint,
                tooltip=_(field.help or field.label),
                style=_STYLE,
                layout=_WIDE,
            )
        c["form"] = widgets.RadioButtons(
            options=registry.form_choices(), description=_("Document"), style=_STYLE, layout=_WIDE
        )
        c["format"] = widgets.Dropdown(
            options=registry.format_choices(), description=_("File type"), style=_STYLE
        )
        c["folder"] = widgets.Text(
            value=str(data_home() / "exports"),
            description=_("Save in folder"),
            tooltip=_("The folder the file is written to."),
            style=_STYLE,
            layout=_WIDE,
        )

        c["draft"].observe(self._on_open, names="value")
        for name in ("draft_name", "form", *self.fields):
            c[name].observe(self._on_change, names="value")
        for template in self.library:
            c[f"demand:{template.id}"].observe(self._on_change, names="value")
        c["new_draft"].on_click(lambda _b: self.new_draft())
        c["duplicate_draft"].on_click(lambda _b: self.duplicate_draft())
        c["delete_draft"].on_click(lambda _b: self._ask_delete(True))
        c["cancel_delete"].on_click(lambda _b: self._ask_delete(False))
        c["confirm_delete"].on_click(lambda _b: self.delete_draft())
        c["export"].on_click(lambda _b: self.export())

    def _build_ui(self) -> None:
        c = self.controls
        self._status = widgets.HTML()
        self._unsaved = widgets.HTML()  # at the top too: the status may be off-screen
        self._preview = widgets.HTML(layout={"border": BORDER, "padding": "0.5em"})
        self._download = widgets.HTML()
        self._confirm_text = widgets.HTML()
        self._confirm = widgets.HBox(
            [self._confirm_text, c["confirm_delete"], c["cancel_delete"]],
            layout={"display": "none", "flex_flow": "row wrap"},
        )
        checklist = []
        for family in registry.FAMILIES:
            members = [t for t in self.library if t.family == family]
            if members:
                checklist.append(_heading(4, registry.family_title(family)))
            for t in members:
                checklist += [
                    c[f"demand:{t.id}"],
                    widgets.HTML(
                        f'<p style="margin:0 0 0.6em 1.6em">{escape_html(t.rationale)}</p>'
                    ),
                ]
        self.ui = widgets.VBox(
            [
                _heading(3, _("Demand drafter")),
                self._unsaved,
                c["draft"],
                c["draft_name"],
                widgets.HBox(  # wraps on a phone rather than cutting a button's words
                    [c["new_draft"], c["duplicate_draft"], c["delete_draft"]],
                    layout={"flex_flow": "row wrap"},
                ),
                self._confirm,
                _heading(4, _("1. Choose your demands")),
                *checklist,
                _heading(4, _("2. Fill in your details")),
                *(c[n] for n in self.fields),
                _heading(4, _("3. Choose the document")),
                c["form"],
                self._status,
                _heading(4, _("Preview")),
                self._preview,
                _heading(4, _("4. Export")),
                c["format"],
                c["folder"],
                c["export"],
                self._download,
            ]
        )

    # --- drafts --------------------------------------------------------------------------

    def _show(self, draft: Draft) -> None:
        """Put a draft's values into the controls without saving, then refresh."""
        self.draft = draft
        self._quiet = True
        try:
            self._list_drafts()
            self.controls["draft_name"].value = draft.name
            self.controls["form"].value = draft.form
            for template in self.library:
                self.controls[f"demand:{template.id}"].value = template.id in draft.demands
            for name in self.fields:
                self.controls[name].value = draft.fields.get(name, "")
        finally:
            self._quiet = False
        self._download.value = ""
        self._refresh()

    def _last(self) -> Draft | None:
        """The most recent draft, once the folder is repaired (a restored backup is saved)."""
        self.store.repair()
        return self.store.last()

    def _list_drafts(self) -> None:
        self.store.repair()  # what it set aside or restored leads the next status line
        drafts = [d for d in self.store.list() if d.id != self.draft.id]
        drafts.insert(0, self.draft)
        saved = _("{name} (saved {time} UTC)")
        options = [
            (saved.format(name=d.name, time=d.updated[:16].replace("T", " ")), d.id) for d in drafts
        ]
        control = self.controls["draft"]
        quiet, self._quiet = self._quiet, True
        control.options = options
        control.value = self.draft.id
        self._quiet = quiet

    def open(self, draft_id: str) -> None:
        """Open a saved draft (what choosing it in the list does)."""
        if self._unsaved_text_stays(_("Not opened, so your unsaved text is not lost.")):
            self._list_drafts()  # the list shows the draft that is still open
            return
        try:
            self._show(self.store.load(draft_id))
        except InputError as error:
            self._say(str(error), alert=True)

    def new_draft(self) -> None:
        if self._unsaved_text_stays(_("No new draft started, so your unsaved text is not lost.")):
            return
        draft = Draft(name=_draft_name(len(self.store.list()) + 1))
        self._store(draft)
        self._show(draft)
        self._say(_("Started {name}.").format(name=draft.name))

    def duplicate_draft(self) -> None:
        """Copy what the controls hold to a new draft (keeps a version another window beat)."""
        self._save()
        original = self.draft
        copy = Draft(
            name=_("Copy of {name}").format(name=original.name),
            form=original.form,
            demands=list(original.demands),
            fields=dict(original.fields),
        )
        try:
            self.store.save(copy)
        except DraftError as error:
            self._alert(_("Not duplicated: {error}. Your text is still here."), error=error)
            return
        self.not_saved = None
        self._show(copy)
        self._say(_("Made {name}. The original is unchanged.").format(name=copy.name))

    def _store(self, draft: Draft) -> bool:
        """Save ``draft``; on failure remember why in ``not_saved`` (the controls keep all)."""
        try:
            self.store.save(draft)
        except DraftError as error:
            self.not_saved = error.advice()
            return False
        self.not_saved = None
        return True

    def _unsaved_text_stays(self, message: str) -> bool:
        """True, and ``message`` said, when leaving the unsaved open draft would lose text."""
        if self.not_saved is None or self._save():
            return False
        self._say(message, alert=True)
        return True

    def _ask_delete(self, ask: bool) -> None:
        question = _("Delete “{name}”? This cannot be undone.").format(name=self.draft.name)
        self._confirm_text.value = f'<span role="alert">{escape_html(question)}</span>'
        self._confirm.layout.display = "flex" if ask else "none"

    def delete_draft(self) -> None:
        """Delete the open draft (the confirm button), then open the most recent other one."""
        name = self.draft.name
        self._confirm.layout.display = "none"
        try:
            self.store.delete(self.draft.id)
        except DraftError as error:
            self._alert(_("Not deleted: {error}."), error=error)
            return
        self.not_saved = None
        remaining = self._last()
        if remaining is None:
            remaining = Draft(name=_draft_name(1))
            self._store(remaining)
        self._show(remaining)
        self._say(_("Deleted {name}.").format(name=name))

    def _on_open(self, change) -> None:
        if not self._quiet and change["new"] and change["new"] != self.draft.id:
            self.open(change["new"])

    # --- editing -------------------------------------------------------------------------

    def _on_change(self, _change) -> None:
        if self._quiet:
            return
        self._save()
        self._refresh()

    def _save(self) -> bool:
        """Save what the controls hold; False (and ``not_saved`` says why) on failure."""
        c = self.controls
        name = c["draft_name"].value.strip() or _("Untitled draft")
        renamed, self.draft.name = name != self.draft.name, name
        self.draft.form = c["form"].value
        self.draft.demands = [t.id for t in self.library if c[f"demand:{t.id}"].value]
        self.draft.fields = {n: c[n].value for n in self.fields if c[n].value}
        saved = self._store(self.draft)
        if renamed:
            self._list_drafts()
        return saved

    def _templates(self):
        return [
            self.library.templates[i] for i in self.draft.demands if i in self.library.templates
        ]

    def _values(self, templates) -> dict:
        names = {f.name for f in fields_for(templates, self.draft.form)}
        return {k: v for k, v in self.draft.fields.items() if k in names}

    def _refresh(self) -> None:
        templates = self._templates()
        self._show_relevant_fields(templates)
        self._download.value = ""
        self.result = None
        self.preview = self._preview.value = ""
        if not templates:
            self._report(describe(None, templates))
            return
        try:
            document = build_document(
                templates, form=self.draft.form, fields=self._values(templates), strict=False
            )
        except InputError as error:
            self._report(
                _("The document cannot be shown yet: {error}").format(error=error), alert=True
            )
            return
        self.result = document
        self.preview = render_html(document, fragment=True)
        self._preview.value = self.preview
        self._report(describe(document, templates))

    def _report(self, text: str, *, alert: bool = False) -> None:
        """Show ``text`` as the status and ``summary``, after a failed save's warning."""
        self.summary = f"{self.not_saved} {text}" if self.not_saved else text
        self._say(text, alert=alert)

    def _show_relevant_fields(self, templates) -> None:
        relevant = {f.name for f in fields_for(templates, self.draft.form)}
        for name in self.fields:
            self.controls[name].layout.display = None if name in relevant else "none"

    def _alert(self, message: str, **values) -> None:
        self._say(message.format(**values), alert=True)

    def _say(self, message: str, *, alert: bool = False) -> None:
        """One status line; a failed save and files newly set aside always lead it."""
        problems = self.store.problems[self._problems_shown :]
        self._problems_shown = len(self.store.problems)
        lead = " ".join(p for p in (self.not_saved, *problems) if p)
        body = escape_html(message)
        if lead:
            body = f"<strong>{escape_html(lead)}</strong> {body}"
        role = 'role="alert"' if alert or lead else 'aria-live="polite"'
        self._status.value = f"<p {role}>{body}</p>"
        self._unsaved.value = (
            f'<p style="{_WARNING}"><strong>{escape_html(self.not_saved)}</strong></p>'
            if self.not_saved
            else ""
        )

    # --- static book -----------------------------------------------------------------------

    def static_view(self) -> widgets.VBox:
        """With no kernel: the starter demands as each form, filled with made-up details."""
        return sample_view([self.library.get(t) for t in STARTER_DEMANDS])

    def _ipython_display_(self) -> None:
        from IPython.display import display

        if static_mode():
            display(self.static_view())
        else:
            self._show_live()

    # --- export --------------------------------------------------------------------------

    def export(self, *, fmt: str | None = None, folder=None) -> Path | None:
        """Write the document to the folder and show a download link (None on a problem)."""
        fmt = fmt or self.controls["format"].value
        folder = Path(folder or self.controls["folder"].value).expanduser()
        templates = self._templates()
        try:
            document = build_document(
                templates, form=self.draft.form, fields=self._values(templates)
            )
            folder.mkdir(parents=True, exist_ok=True)
            path = export(document, folder / file_name(document, fmt=fmt), fmt=fmt)
        except InputError as error:
            self._alert(_("Not exported: {error}"), error=error)
            return None
        except OSError as error:
            reason = describe_failure(error)
            message = _("Not exported: could not write to {folder} ({reason}).")
            self._alert(message, folder=folder, reason=reason)
            return None
        self.last_export = path
        link = download_link(
            path.read_bytes(),
            filename=path.name,
            media_type=registry.MEDIA_TYPES[fmt],
            label=_("Download {name}").format(name=path.name),
        )
        saved = _("Saved to {path}.").format(path=f"<code>{escape_html(str(path))}</code>")
        self._download.value = f"<p>{saved} {link}</p>"
        self._say(_("Exported {name}.").format(name=path.name))
        return path
