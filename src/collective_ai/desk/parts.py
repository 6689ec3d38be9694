"""The desk's parts: one registry from a part's name to the function that builds its widget.

Each part is an existing widget of :mod:`collective_ai.widgets` opened on the committee's
data folder (``COLLECTIVE_AI_HOME``), so the desk adds no behaviour of its own: the log is
:class:`~collective_ai.widgets.evidence_log.EvidenceLog`, the survey
:class:`~collective_ai.widgets.survey_lab.SurveyLab`, and so on. A part is built the first
time its tab is opened, so the desk is ready before the heavier labs are imported. The
parts' names are marked with ``N_`` and translated when the tabs are built.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from collective_ai.escaping import escape_html
from collective_ai.i18n import N_, _

#: The scoring labs under "Labs": scenario name -> the tab's title.
SCORING_LABS = {
    "hiring": N_("Hiring screener"),
    "warehouse": N_("Warehouse rates"),
    "call_centre": N_("Call centre"),
}


def evidence_log() -> widgets.Widget:
    from collective_ai.widgets.evidence_log import EvidenceLog

    return EvidenceLog().ui


def survey() -> widgets.Widget:
    from collective_ai.widgets.survey_lab import SurveyLab

    return SurveyLab().ui


def audit() -> widgets.Widget:
    from collective_ai.widgets.audit_lab import AuditLab

    return AuditLab().ui


def demands() -> widgets.Widget:
    """The demand drafter, with a first step that starts from what the group found."""
    from collective_ai.widgets.demand_drafter import DemandDrafter

    drafter = DemandDrafter()
    return widgets.VBox([finding_picker(drafter), drafter.ui])


def finding_picker(drafter) -> widgets.Dropdown:
    """ "What did you find?": choosing a finding of the log, survey or audit ticks the
    demands that answer it (:data:`collective_ai.demands.registry.FINDINGS`), leaving the
    others as they are."""
    from collective_ai.demands.registry import FINDINGS, finding_text

    findings = [(finding_text(key), key) for key in FINDINGS]
    picker = widgets.Dropdown(
        options=[(_("(choose what your log, survey or audit found)"), "")]
        + [(text[0].upper() + text[1:], key) for text, key in findings],
        value="",
        description=_("What did you find?"),
        tooltip=_("Ticks the demands below that answer this finding."),
        style={"description_width": "12em"},
        layout={"width": "100%", "max_width": "54em"},
    )

    def tick(change) -> None:
        for template in drafter.library.answering(change["new"]) if change["new"] else ():
            drafter.controls[f"demand:{template.id}"].value = True

    picker.observe(tick, names="value")
    return picker


def formal_action() -> widgets.Widget:
    """Complaint packs and the campaign's page, on the log in the data folder."""
    from collective_ai.widgets.formal_action import FormalAction

    return FormalAction().ui


def handouts() -> widgets.Widget:
    """The paper log sheet and paper survey, for a meeting without laptops."""
    from collective_ai.embed import download_link
    from collective_ai.evidence import paper

    links = [
        download_link(
            paper.render(which),
            filename=filename,
            media_type="text/html",
            label=label,
        )
        for which, filename, label in (
            (
                "survey",
                "survey-paper.html",
                _("Download the paper survey (open the file, then print it)"),
            ),
            (
                "log",
                "evidence-log-sheet.html",
                _("Download the evidence log sheet (open the file, then print it)"),
            ),
        )
    ]
    items = "".join(f"<li>{link}</li>" for link in links)
    heading = escape_html(_("Handouts"))
    text = escape_html(
        _(
            "Print these for people who will write by hand. Type what comes back into the "
            "Evidence log and the Survey parts."
        )
    )
    return widgets.HTML(f"<h3>{heading}</h3><p>{text}</p><ul>{items}</ul>")


def labs() -> widgets.Widget:
    """The three scoring labs, one tab each, each built when first opened."""
    return lazy_tabs({title: _scoring(name) for name, title in SCORING_LABS.items()})


def _scoring(name: str) -> Callable[[], widgets.Widget]:
    def build() -> widgets.Widget:
        from collective_ai.widgets.scoring_lab import ScoringLab

        return ScoringLab(name).ui

    return build


#: Every part of the desk, in the order of its tabs (names translated on the tabs).
PARTS: dict[str, Callable[[], widgets.Widget]] = {
    N_("Evidence log"): evidence_log,
    N_("Survey"): survey,
    N_("Audit"): audit,
    N_("Demands"): demands,
    N_("Formal action"): formal_action,
    N_("Handouts"): handouts,
    N_("Labs"): labs,
}


def lazy_tabs(builders: dict[str, Callable[[], widgets.Widget]]) -> widgets.Tab:
    """Tabs whose content is built when the tab is first chosen (the first one at once).

    ``builders``' names are English, marked with ``N_``; the tabs show them translated. A
    part that fails to build shows one sentence instead, never a traceback.
    """
    tabs = widgets.Tab(
        children=[widgets.VBox() for _name in builders],
        titles=[_(name) for name in builders],
        selected_index=0,
    )
    built: set[int] = set()

    def show(index) -> None:
        if index is None or index in built:
            return
        built.add(index)
        name = list(builders)[index]
        holder = tabs.children[index]
        opening = _("Opening {part}…").format(part=_(name))
        holder.children = [widgets.HTML(f"<p role='status'>{escape_html(opening)}</p>")]
        holder.children = [build_part(_(name), builders[name])]

    tabs.observe(lambda change: show(change["new"]), names="selected_index")
    show(0)
    return tabs


def build_part(name: str, builder: Callable[[], widgets.Widget]) -> widgets.Widget:
    """The part's widget, or one sentence saying why it could not open and what to do."""
    try:
        return builder()
    except OSError as error:
        from collective_ai.files import describe_failure

        reason = describe_failure(error)
        where = f" ({error.filename})" if getattr(error, "filename", None) else ""
        text = _(
            "The {part} part could not open its file{where}: {reason}. Check that the "
            "data folder is there and can be written to, then reload this page."
        ).format(part=name, where=where, reason=reason)
    except Exception as error:  # a part's bug must not take the desk down with a traceback
        text = _(
            "The {part} part could not open ({error}). The other parts still work; reload "
            "this page to try again."
        ).format(part=name, error=f"{type(error).__name__}: {error}")
    return widgets.HTML(f'<p role="alert">{escape_html(text)}</p>')
