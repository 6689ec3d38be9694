"""The demand drafter in the static book: sample documents, made up and plainly so.

With no kernel the drafter cannot run, so the page shows the starter demands filled with
:data:`SAMPLE_FIELDS`, as each of the three forms, behind radio buttons that work in the
browser alone (:func:`collective_ai.widgets.static.choice_view`). A learner's own draft
never reaches the page.
"""

from __future__ import annotations

import ipywidgets as widgets

from collective_ai.demands.html_writer import render_html
from collective_ai.demands.registry import form_choices
from collective_ai.demands.render import build_document
from collective_ai.demands.summary import describe
from collective_ai.escaping import escape_html
from collective_ai.i18n import N_, _
from collective_ai.widgets.static import choice_view, frame_div, kernel_notice

# Made up, and plainly so, for the static book's sample documents (the words translated
# where shown: :func:`sample_fields`).
SAMPLE_FIELDS = {
    "employer": N_("Example Employer Ltd"),
    "workplace": N_("the Example Street depot"),
    "ai_system": "SampleScore",
    "group_name": N_("Example Street Workers' Committee"),
    "contact": "committee@example.org",
    "recipient": N_("Director of Operations"),
    "date": "2026-11-22",
    "signers": "5",
}
_WORDS = ("employer", "workplace", "group_name", "recipient")  # the rest: names, numbers
BORDER = "1px solid #555"  # the live preview's border
_BOX = f"border: {BORDER}; padding: 0.5em"  # the static preview, boxed like the live one


def sample_fields() -> dict[str, str]:
    """:data:`SAMPLE_FIELDS` in the language in use (names and numbers stay as they are)."""
    return {name: _(v) if name in _WORDS else v for name, v in SAMPLE_FIELDS.items()}


def sample_view(templates) -> widgets.VBox:
    """A notice and ``templates`` filled with :data:`SAMPLE_FIELDS`, as each form."""
    frames, fields = [], sample_fields()
    for label, form in form_choices():
        document = build_document(templates, form=form, fields=fields)
        summary = describe(document, templates)
        preview = render_html(document, fragment=True)
        boxed = f'<div style="{_BOX}">{preview}</div>'
        frames.append((label, frame_div(f"<p>{escape_html(summary)}</p>{boxed}")))
    return widgets.VBox(
        [
            kernel_notice(
                _("demand drafter"),
                shown=_(
                    "the demands a new draft starts with, as each of the three "
                    "documents, filled in with made-up details."
                ),
            ),
            choice_view(_("Document"), frames, tooltip=_("Which document to preview.")),
        ]
    )
