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
from collective_ai.workshop import labs, sources
from collective_ai.workshop.extract import sourced

PARTICIPANTS = "participants"
FACILITATOR = "facilitator"
WORKSHEET = "audit-by-hand"
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

    @property
    def shown_title(self) -> str:
        """The title in the language in use."""
        return _(self.title).format(**{k: _(v) for k, v in self.title_args})

    @property
    def filename(self) -> str:
        """Where it lands under the pack's folder."""
        folder = "facilitator/" if self.audience == FACILITATOR else ""
        return f"{folder}{self.name}.pdf"


def _lines(count: int) -> str:
    return '<div class="write">' + '<div class="line"></div>' * count + "</div>"


def _blank_rows(columns: int, rows: int) -> str:
    cell = "<td></td>" * columns
    return "".join(f'<tr class="blank-row">{cell}</tr>' for _ in range(rows))


def _key(name: str) -> dict:
    from collective_ai.selfcheck.keys import read_yaml_key

    return read_yaml_key(sources.EXERCISES / "keys" / f"{name}.yaml")


_SPACE = {"number": 3, "choice": 2, "choices": 3, "text": 6}


def _answer_space(spec: dict, name: str) -> str:
    """Tick boxes when the key lists options (they are in the question too), then lines."""
    options = spec.get("options")
    ticks = _ticks([_keyed(o, name) for o in options]) if options else ""
    return ticks + _lines(_SPACE.get(spec.get("kind"), 4) - (1 if options else 0))


def worksheet_html(name: str = WORKSHEET) -> str:
    """The exercise's questions with room to write, and no answers."""
    sheet = sources.worksheet(name)
    key = _key(name)
    book = sources.EXERCISES / f"{name}.ipynb"
    title = _("{title}: worksheet").format(title=sourced(sheet.title, book))
    parts = [
        _h1(title),
        "<p>"
        + _(
            "Work in pencil, with your table. Show your working: the steps matter more than "
            "the last digit. Round rates to two decimals (0.5 means half)."
        )
        + "</p>",
    ]
    number = 0
    for block in sheet.blocks:
        if isinstance(block, sources.Question):
            number += 1
            parts.append(
                f'<section class="question"><h3>{_question(number)}</h3>'
                f"{sources.to_html(sourced(block.text, book))}"
                f"{_answer_space(key.get(block.key_id, {}), name)}</section>"
            )
        else:
            parts.append(f'<div class="keep">{sources.to_html(sourced(block, book))}</div>')
    return "".join(parts)


def _question(number: int) -> str:
    return escape_html(_("Question {number}").format(number=number))


def _keyed(text: str, name: str) -> str:
    """Words from the exercise's answer key, in the language in use."""
    return sourced(str(text), sources.EXERCISES / "keys" / f"{name}.yaml")


def _answer_text(spec: dict, name: str) -> str:
    if spec["kind"] == "text":
        words = [
            "; ".join(_keyed(x, name) for x in w) if isinstance(w, list) else _keyed(w, name)
            for w in spec["must_include"]
        ]
        return _("an answer that mentions each of: {words}").format(
            words=" | ".join(f"({w})" for w in words)
        )
    answer = spec["answer"]
    if isinstance(answer, list):
        return ", ".join(_keyed(a, name) for a in answer)
    return _keyed(answer, name) if isinstance(answer, str) else f"{answer}"


def answers_html(name: str = WORKSHEET) -> str:
    """The facilitator's sheet: every question with the key's answer and explanation."""
    sheet = sources.worksheet(name)
    key = _key(name)
    book = sources.EXERCISES / f"{name}.ipynb"
    title = _("{title}: answers (facilitator only)").format(title=sourced(sheet.title, book))
    parts = [_h1(title)]
    answer, why = escape_html(_("Answer:")), escape_html(_("Why:"))
    number = 0
    for block in sheet.blocks:
        if isinstance(block, sources.Question):
            number += 1
            spec = key[block.key_id]
            explanation = _keyed(spec["explanation"], name) if spec.get("explanation") else ""
            parts.append(
                f'<section class="question"><h3>{_question(number)}</h3>'
                f"{sources.to_html(sourced(block.text, book))}"
                f"<p><b>{answer}</b> "
                f"{escape_html(_answer_text(spec, name))}</p>"
                f"<p><b>{why}</b> {escape_html(explanation)}</p></section>"
            )
    return "".join(parts)


def _p(text: str) -> str:
    """One of the handouts' own paragraphs, translated and escaped."""
    return f"<p>{escape_html(text)}</p>"


def _h1(text: str) -> str:
    return f"<h1>{escape_html(text)}</h1>"


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
        _h1(_("Mapping AI at our workplace"))
        + _p(
            _(
                "Draw your workplace: the rooms, lines, desks or routes, and where people "
                "work. Mark every system that scores, schedules, monitors or ranks people. Use "
                "roles and shifts, never names."
            )
        )
        + '<div class="draw"></div>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{_blank_rows(len(columns), 5)}</tbody></table>"
    )


LOG_RULES = "Rules for a good log:"


def log_html() -> str:
    """The documentation log from the practical-steps chapter, with blank rows."""
    part = sources.section(sources.PRACTICAL_STEPS, "2. Document")
    header, *examples = sources.first_table(part)

    def cell(text: str) -> str:
        return escape_html(sourced(text, sources.PRACTICAL_STEPS) if text else text)

    head = "".join(f"<th>{cell(c)}</th>" for c in header)
    example = "".join(
        "<tr class='example'>" + "".join(f"<td>{cell(c)}</td>" for c in row) + "</tr>"
        for row in examples
        if any(row)
    )
    rules = part.split(LOG_RULES, 1)[-1].strip() if LOG_RULES in part else ""
    rules_html = ""
    if rules:
        heading = escape_html(_("Rules for a good log"))
        rules_html = (
            f'<div class="keep small"><h3>{heading}</h3>'
            f"{sources.to_html(sourced(rules, sources.PRACTICAL_STEPS))}</div>"
        )
    return (
        _h1(_("Documentation log"))
        + _p(
            _(
                "Write it at the time, about what happened to you. Facts and numbers, not "
                "conclusions. Keep it on paper or your own phone, never on an employer's device."
            )
        )
        + f"<table class='log'><thead><tr>{head}</tr></thead>"
        f"<tbody>{example}{_blank_rows(len(header), 5)}</tbody></table>"
        + rules_html
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
        _h1(_("Local contacts"))
        + _p(
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
        _h1(_("Role-play cards")),
        _p(
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


def ground_rules_html() -> str:
    """The ground rules from the facilitator guide, in poster type."""
    items = sources.numbered_items(
        sources.section(sources.GUIDE, "Ground rules for safe conversation")
    )
    rules = "".join(f"<li>{sources.inline_html(sourced(item, sources.GUIDE))}</li>" for item in items)
    return f'<div class="poster">{_h1(_("Our ground rules"))}<ol>{rules}</ol></div>'


def evaluation_html() -> str:
    """The guide's evaluation questions: tick boxes for a scale, lines for the rest."""
    import re

    items = sources.numbered_items(sources.section(sources.GUIDE, "Evaluation form"))
    parts = [
        _h1(_("Evaluation")),
        _p(_("No name, please. Tick a box or write a few words; skip any question.")),
    ]
    scale: list[str] = []
    for item in items:
        match = re.search(r"\(([^()]*)\)\s*$", item)
        question = item[: match.start()].strip() if match else item
        if match and "/" in match.group(1):
            scale = [sourced(s.strip(), sources.GUIDE) for s in match.group(1).split("/")]
            answer = _ticks(scale)
        elif match and match.group(1).strip() == "same scale":
            answer = _ticks(scale)
        else:
            answer = _lines(2)
        question = sources.inline_html(sourced(question, sources.GUIDE))
        parts.append(f'<section class="question"><p>{question}</p>{answer}</section>')
    return "".join(parts)


def _ticks(options: list[str]) -> str:
    return (
        "<p class='ticks'>"
        + "".join(f"<span>&#9744; {escape_html(o)}</span>" for o in options)
        + "</p>"
    )


def sign_in_html() -> str:
    """A sign-in sheet with no name column: only a way to reach people, if they want."""
    columns = (
        _("phone, email or other way to reach you"),
        _("tell me about the next session"),
        _("I can help organise it"),
    )
    head = "".join(f"<th>{escape_html(c)}</th>" for c in columns)
    return (
        _h1(_("Staying in touch"))
        + _p(
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
        _h1(_("Demand checklist")),
        _p(
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


# How each lab is named in a handout's title ("The hiring lab on paper").
LAB_NAMES = {"hiring": N_("hiring"), "warehouse": N_("warehouse"), "call_centre": N_("call-centre")}
# The handouts that print text read from the book: what the Babel extractor builds.
SOURCED_BUILDERS = (worksheet_html, answers_html, log_html, ground_rules_html, evaluation_html)


def _registry() -> dict[str, Handout]:
    items = [
        Handout(
            "hand-audit-worksheet", N_("Audit by hand: worksheet"), PARTICIPANTS, worksheet_html
        ),
        Handout("workplace-map", N_("Mapping AI at our workplace"), PARTICIPANTS, mapping_html),
        Handout(
            "documentation-log", N_("Documentation log"), PARTICIPANTS, log_html, landscape=True
        ),
        Handout("local-contacts", N_("Local contacts"), PARTICIPANTS, contacts_html),
        Handout("role-play-cards", N_("Role-play cards"), PARTICIPANTS, roleplay_html),
        Handout("ground-rules-poster", N_("Ground rules"), PARTICIPANTS, ground_rules_html),
        Handout("evaluation-form", N_("Evaluation"), PARTICIPANTS, evaluation_html),
        Handout("sign-in-sheet", N_("Staying in touch"), PARTICIPANTS, sign_in_html),
        Handout("demand-checklist", N_("Demand checklist"), PARTICIPANTS, demand_checklist_html),
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
        Handout("hand-audit-answers", N_("Audit by hand: answers"), FACILITATOR, answers_html)
    )
    return {h.name: h for h in items}


HANDOUTS = _registry()
