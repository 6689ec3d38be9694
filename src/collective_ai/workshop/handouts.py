"""The handout pack: one registry, one builder per handout.

Each :class:`Handout` names its file, who it is for, and a function that returns its HTML
body; :mod:`collective_ai.workshop.render` wraps that in a print stylesheet and prints it
to PDF. Participants' handouts go in the pack's top folder; the facilitator's (answers,
reveal sheets) in ``facilitator/``, so a stack printed for the tables never holds an answer.

Every word is printed in the language in use (:mod:`collective_ai.i18n`): the handouts'
own words through ``_``, text read from the book through
:func:`~collective_ai.workshop.extract.sourced`, and the role-play scenes from their
whole-file translation (``roleplays.es.yaml``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import yaml

from collective_ai.escaping import escape_html
from collective_ai.i18n import N_, _, language
from collective_ai.workshop import labs
from collective_ai.workshop.book_handouts import (
    answers_html,
    blank_rows,
    evaluation_html,
    ground_rules_html,
    h1,
    log_html,
    para,
    worksheet_html,
)

PARTICIPANTS = "participants"
FACILITATOR = "facilitator"
ROLEPLAYS = Path(__file__).with_name("roleplays.yaml")


@dataclass(frozen=True)
class Handout:
    """One printed handout."""

    name: str  # the file's stem
    title: str  # an English message id, filled in with ``title_args`` where shown
    audience: str  # PARTICIPANTS or FACILITATOR
    build: Callable[[], str]  # the HTML body
    landscape: bool = False
    title_args: tuple[tuple[str, str], ...] = ()  # (placeholder, message id) pairs
    pages: int = 1  # the sheets it must fit on, in every language and on Letter and A4

    @property
    def shown_title(self) -> str:
        """The title in the language in use."""
        return _(self.title).format(**{k: _(v) for k, v in self.title_args})

    @property
    def filename(self) -> str:
        """Where it lands under the pack's folder."""
        folder = "facilitator/" if self.audience == FACILITATOR else ""
        return f"{folder}{self.name}.pdf"


def mapping_html() -> str:
    """A large box to draw the workplace in, and a table of the systems found."""
    columns = [
        _("system or tool"),
        _("what it decides"),
        _("who it affects"),
        _("what we know"),
        _("could we get numbers?"),
    ]
    head = "".join(f"<th>{escape_html(c)}</th>" for c in columns)
    return (
        h1(_("Mapping AI at our workplace"))
        + para(
            _(
                "Draw your workplace: the rooms, lines, desks or routes, and where people "
                "work. Mark every system that scores, schedules, monitors or ranks people. Use "
                "roles and shifts, never names."
            )
        )
        + '<div class="draw"></div>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{blank_rows(len(columns), 5)}</tbody></table>"
    )


CONTACTS = (
    N_("Steward or union representative"),
    N_("Union lawyer, or a workers' rights legal clinic"),
    N_("Worker centre"),
    N_("Government agency for discrimination complaints (EEOC or the state's agency)"),
    N_("Interpreter or language line"),
    N_("Next meeting of this group"),
)


def contacts_html() -> str:
    """A page the facilitator fills in before the day: who to call, and how."""
    rows = "".join(
        f"<tr class='tall'><th>{escape_html(_(c))}</th><td></td><td></td></tr>" for c in CONTACTS
    )
    columns = (
        _("who"),
        _("organisation or office"),
        _("how to reach them (phone, email, address, hours)"),
    )
    head = "".join(f"<th>{escape_html(c)}</th>" for c in columns)
    return (
        h1(_("Local contacts"))
        + para(
            _(
                "Filled in by the facilitator before the session. A question about your own "
                "case goes to one of these; this workshop gives general information, not legal "
                "advice. Some complaints have deadlines counted in months: ask soon."
            )
        )
        + f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def roleplay_file(lang: str | None = None) -> Path:
    """The scenes in ``lang`` (``roleplays.<lang>.yaml``), English where there is none."""
    translated = ROLEPLAYS.with_name(f"roleplays.{lang or language()}.yaml")
    return translated if translated.is_file() else ROLEPLAYS


def roleplay_html() -> str:
    """A scene card and one card per role, for each scene in ``roleplays.yaml``."""
    scenes = yaml.safe_load(roleplay_file().read_text(encoding="utf-8"))
    parts = [
        h1(_("Role-play cards")),
        para(
            _(
                "Everything on these cards is made up. Cut along the dashed lines; each player "
                "reads only their own card. Play for five minutes, then debrief."
            )
        ),
    ]
    words = {
        key: escape_html(text)
        for key, text in (
            ("debrief", _("Debrief")),
            ("wants", _("You want:")),
            ("knows", _("Only you know:")),
        )
    }
    for scene in scenes:
        debrief = "".join(f"<li>{escape_html(q)}</li>" for q in scene["debrief"])
        scene_title = _("Scene: {title}").format(title=scene["title"])
        cards = [
            f'<section class="card scene"><h2>{escape_html(scene_title)}</h2>'
            f"<p>{escape_html(scene['setup'])}</p><p><b>{words['debrief']}</b></p>"
            f"<ul>{debrief}</ul></section>"
        ]
        for role in scene["roles"]:
            cards.append(
                f'<section class="card"><h2>{escape_html(role["role"])}</h2>'
                f'<p class="small">{escape_html(scene_title)}</p>'
                f"<p>{escape_html(role['brief'])}</p>"
                f"<p><b>{words['wants']}</b> {escape_html(role['wants'])}</p>"
                f"<p><b>{words['knows']}</b> {escape_html(role['knows'])}</p>"
                "</section>"
            )
        parts.append(f'<div class="cards page">{"".join(cards)}</div>')
    return "".join(parts)


def sign_in_html() -> str:
    """A sign-in sheet with no name column: only a way to reach people, if they want."""
    columns = (
        _("phone, email or other way to reach you"),
        _("tell me about the next session"),
        _("I can help organise it"),
    )
    head = "".join(f"<th>{escape_html(c)}</th>" for c in columns)
    return (
        h1(_("Staying in touch"))
        + para(
            _(
                "Optional. Leave a way to reach you if you want to hear about the next "
                "session. No name needed. This sheet stays with the organisers and never goes "
                "to an employer."
            )
        )
        + f"<table class='sign-in'><thead><tr>{head}</tr></thead><tbody>"
        + "".join("<tr><td></td><td>&#9744;</td><td>&#9744;</td></tr>" for _row in range(16))
        + "</tbody></table>"
    )


def demand_checklist_html() -> str:
    """Every demand in the drafter's library, by family, with a box to tick."""
    from collective_ai.demands.library import load_library
    from collective_ai.demands.registry import FAMILIES, family_title, finding_text

    library = load_library()
    parts = [
        h1(_("Demand checklist")),
        para(
            _(
                "Tick the demands that answer what you found; the demand drafter writes them "
                "up as a petition, a letter or contract language."
            )
        ),
    ]
    answers_when = escape_html(_("answers when"))
    for family in FAMILIES:
        rows = "".join(
            f"<tr><td class='box'>&#9744;</td><td>{escape_html(t.title)}</td>"
            f"<td>{escape_html('; '.join(finding_text(a) for a in t.answers))}</td></tr>"
            for t in library
            if t.family == family
        )
        if rows:
            parts.append(
                f"<table class='checklist'><thead><tr><th class='box'></th>"
                f"<th>{escape_html(family_title(family))}</th>"
                f"<th>{answers_when}</th></tr></thead><tbody>{rows}</tbody></table>"
            )
    return "".join(parts)


def data_request_tracker_html() -> str:
    """The data-request register on paper, with how to count the due dates."""
    from collective_ai.requests.handout import tracker_html

    return tracker_html()


# How each lab is named in a handout's title ("The hiring lab on paper").
LAB_NAMES = {"hiring": N_("hiring"), "warehouse": N_("warehouse"), "call_centre": N_("call-centre")}


def _registry() -> dict[str, Handout]:
    items = [
        Handout(
            "hand-audit-worksheet",
            N_("Audit by hand: worksheet"),
            PARTICIPANTS,
            worksheet_html,
            pages=2,
        ),
        Handout("workplace-map", N_("Mapping AI at our workplace"), PARTICIPANTS, mapping_html),
        Handout(
            "documentation-log", N_("Documentation log"), PARTICIPANTS, log_html, landscape=True
        ),
        Handout("local-contacts", N_("Local contacts"), PARTICIPANTS, contacts_html),
        Handout("role-play-cards", N_("Role-play cards"), PARTICIPANTS, roleplay_html, pages=6),
        Handout("ground-rules-poster", N_("Ground rules"), PARTICIPANTS, ground_rules_html),
        Handout("evaluation-form", N_("Evaluation"), PARTICIPANTS, evaluation_html),
        Handout("sign-in-sheet", N_("Staying in touch"), PARTICIPANTS, sign_in_html),
        Handout(
            "demand-checklist",
            N_("Demand checklist"),
            PARTICIPANTS,
            demand_checklist_html,
            pages=2,
        ),
        Handout(
            "data-request-tracker",
            N_("Data request tracker"),
            PARTICIPANTS,
            data_request_tracker_html,
            landscape=True,
        ),
    ]
    for scenario in labs.SCENARIOS:
        slug = scenario.replace("_", "-")
        lab = (("lab", LAB_NAMES[scenario]),)
        items += [
            Handout(
                f"lab-figure-{slug}",
                N_("The {lab} lab on paper"),
                PARTICIPANTS,
                partial(labs.figure_html, scenario),
                title_args=lab,
            ),
            Handout(
                f"prediction-cards-{slug}",
                N_("Predict first: {lab}"),
                PARTICIPANTS,
                partial(labs.prediction_cards_html, scenario),
                title_args=lab,
            ),
            Handout(
                f"reveal-{slug}",
                N_("Reveal sheet: {lab}"),
                FACILITATOR,
                partial(labs.reveal_html, scenario),
                title_args=lab,
            ),
        ]
    items.append(
        Handout(
            "hand-audit-answers", N_("Audit by hand: answers"), FACILITATOR, answers_html, pages=2
        )
    )
    return {h.name: h for h in items}


HANDOUTS = _registry()
