"""The lists the demands package knows, each in one place: forms, formats, families, findings.

The command line (:mod:`collective_ai.demands.cli`) and the drafter widget read their
choices from here, so a new form or file type is added once. Labels are English message
ids marked with :func:`~collective_ai.i18n.N_`, translated where they are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from collective_ai.i18n import N_, _


@dataclass(frozen=True)
class Form:
    """A document a group can make.

    ``label`` is what the drafter's radio button says, ``described`` how the text
    alternative names it; ``fields`` are the common fields it uses (every template's own
    fields are used by every form); only a form with ``attachment`` takes an audit report.
    """

    name: str
    label: str
    described: str
    fields: tuple[str, ...]
    attachment: bool = False


@dataclass(frozen=True)
class Format:
    """A file type a document is written as; ``label`` is what the drafter's menu says."""

    name: str
    label: str
    suffix: str
    media_type: str
    write: str  # "module:function" of the writer, imported when a document is written

    def writer(self):
        """The function that turns a :class:`Document` into this format."""
        module, function = self.write.split(":")
        return getattr(import_module(module), function)


_EVERY_FORM = ("employer", "workplace", "ai_system", "vendor", "date", "group_name", "contact")
FORM_LIST = (
    Form(
        "petition",
        N_("Petition with signature lines"),
        N_("A petition"),
        (*_EVERY_FORM, "free_text", "signers"),
    ),
    Form(
        "letter",
        N_("Information-request letter to management"),
        N_("An information-request letter"),
        (*_EVERY_FORM, "recipient", "reply_days", "free_text"),
        attachment=True,
    ),
    Form(
        "proposal",
        N_("Bargaining proposal (contract language)"),
        N_("A bargaining proposal"),
        (*_EVERY_FORM, "free_text"),
    ),
)
FORMAT_LIST = (
    Format(
        "markdown",
        N_("Markdown (.md)"),
        ".md",
        "text/markdown",
        "collective_ai.demands.markdown_writer:render_markdown",
    ),
    Format(
        "html",
        N_("Web page (.html)"),
        ".html",
        "text/html",
        "collective_ai.demands.html_writer:render_html",
    ),
    Format(
        "docx",
        N_("Word (.docx)"),
        ".docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "collective_ai.demands.docx_writer:render_docx",
    ),
)
# The drafter offers Word first: it is what most committees edit and print.
MENU_FORMATS = ("docx", "html", "markdown")

FORMS = tuple(f.name for f in FORM_LIST)
FORM_FIELDS = {f.name: f.fields for f in FORM_LIST}
_FORM_BY_NAME = {f.name: f for f in FORM_LIST}
FORMATS = tuple(f.name for f in FORMAT_LIST)
SUFFIXES = {f.name: f.suffix for f in FORMAT_LIST}
MEDIA_TYPES = {f.name: f.media_type for f in FORMAT_LIST}


def family_title(family: str) -> str:
    """A family's name in the language in use."""
    return _(FAMILIES[family])


def finding_text(finding: str) -> str:
    """What a finding means, in the language in use."""
    return _(FINDINGS[finding])


def form(name: str) -> Form:
    """The registered form called ``name`` (KeyError for any other)."""
    return _FORM_BY_NAME[name]


def form_choices() -> list[tuple[str, str]]:
    """(label, name) for each form, in order: the drafter's options."""
    return [(_(f.label), f.name) for f in FORM_LIST]


def format_choices() -> list[tuple[str, str]]:
    """(label, name) for each format, Word first: the drafter's export menu."""
    labels = {f.name: _(f.label) for f in FORMAT_LIST}
    return [(labels[name], name) for name in MENU_FORMATS]


FAMILIES = {
    "transparency-and-notice": N_("Transparency and notice"),
    "human-review-and-appeal": N_("Human review and appeal"),
    "bias-testing-and-disclosure": N_("Bias testing and disclosure of audit results"),
    "data-access": N_("Workers' access to their own data"),
    "surveillance-limits": N_("Limits on surveillance"),
    "advance-notice-and-bargaining": N_(
        "Advance notice and bargaining before technological change"
    ),
    "consent-and-pay": N_("Consent and pay when AI uses a worker's likeness or work"),
    "training-and-job-security": N_("Training and job security"),
    "joint-oversight": N_("A joint oversight committee"),
    "no-discipline-solely-on-ai": N_("No discipline based solely on an AI's output"),
}

# What an audit or a workplace survey can find; each template says which findings it answers.
FINDINGS = {
    "adverse-impact": N_(
        "one group is selected or rated well at under 4/5 of the best group's rate"
    ),
    "undisclosed-use": N_("an AI system is used on workers without telling them"),
    "opaque-scoring": N_("workers cannot find out how their scores or rankings are made"),
    "discipline-from-scores": N_("discipline or dismissal follows from an AI score or flag"),
    "no-appeal": N_("there is no way to challenge an automated decision"),
    "missing-audit": N_("nobody has tested the system for bias, or the results are secret"),
    "data-withheld": N_("workers cannot see the data collected about them"),
    "quota-pressure": N_("rates or quotas leave no room for breaks, safety or bathroom use"),
    "excessive-monitoring": N_("monitoring reaches further than the work needs"),
    "new-system-without-notice": N_("new technology arrives without notice or bargaining"),
    "job-loss-risk": N_("automation threatens jobs, hours or staffing"),
    "likeness-or-work-used": N_("a worker's voice, face, image or work is used by an AI system"),
    "no-worker-voice": N_("workers have no say in choosing or checking the systems"),
}
