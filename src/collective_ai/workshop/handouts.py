"""The handout pack: one registry, one builder per handout.

Each :class:`Handout` names its file, who it is for, and a function that returns its HTML
body; :mod:`collective_ai.workshop.render` wraps that in a print stylesheet and prints it
to PDF. Participants' handouts go in the pack's top folder; the facilitator's (answers,
reveal sheets) in ``facilitator/``, so a stack printed for the tables never holds an answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import yaml

from collective_ai.escaping import escape_html
from collective_ai.workshop import labs, sources

PARTICIPANTS = "participants"
FACILITATOR = "facilitator"
WORKSHEET = "audit-by-hand"
ROLEPLAYS = Path(__file__).with_name("roleplays.yaml")


@dataclass(frozen=True)
class Handout:
    """One printed handout."""

    name: str  # the file's stem
    title: str
    audience: str  # PARTICIPANTS or FACILITATOR
    build: Callable[[], str]  # the HTML body
    landscape: bool = False

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


def _answer_space(spec: dict) -> str:
    """Tick boxes when the key lists options (they are in the question too), then lines."""
    options = spec.get("options")
    ticks = _ticks(list(options)) if options else ""
    return ticks + _lines(_SPACE.get(spec.get("kind"), 4) - (1 if options else 0))


def worksheet_html(name: str = WORKSHEET) -> str:
    """The exercise's questions with room to write, and no answers."""
    sheet = sources.worksheet(name)
    key = _key(name)
    parts = [
        f"<h1>{escape_html(sheet.title)}: worksheet</h1>",
        "<p>Work in pencil, with your table. Show your working: the steps matter more than "
        "the last digit. Round rates to two decimals (0.5 means half).</p>",
    ]
    number = 0
    for block in sheet.blocks:
        if isinstance(block, sources.Question):
            number += 1
            parts.append(
                f'<section class="question"><h3>Question {number}</h3>'
                f"{sources.to_html(block.text)}{_answer_space(key.get(block.key_id, {}))}"
                "</section>"
            )
        else:
            parts.append(f'<div class="keep">{sources.to_html(block)}</div>')
    return "".join(parts)


def _answer_text(spec: dict) -> str:
    if spec["kind"] == "text":
        words = ["; ".join(w) if isinstance(w, list) else w for w in spec["must_include"]]
        return "an answer that mentions each of: " + " | ".join(f"({w})" for w in words)
    answer = spec["answer"]
    return ", ".join(answer) if isinstance(answer, list) else f"{answer}"


def answers_html(name: str = WORKSHEET) -> str:
    """The facilitator's sheet: every question with the key's answer and explanation."""
    sheet = sources.worksheet(name)
    key = _key(name)
    parts = [f"<h1>{escape_html(sheet.title)}: answers (facilitator only)</h1>"]
    number = 0
    for block in sheet.blocks:
        if isinstance(block, sources.Question):
            number += 1
            spec = key[block.key_id]
            parts.append(
                f'<section class="question"><h3>Question {number}</h3>'
                f"{sources.to_html(block.text)}"
                f"<p><b>Answer:</b> {escape_html(_answer_text(spec))}</p>"
                f"<p><b>Why:</b> {escape_html(spec.get('explanation', ''))}</p></section>"
            )
    return "".join(parts)


def mapping_html() -> str:
    """A large box to draw the workplace in, and a table of the systems found."""
    columns = [
        "system or tool",
        "what it decides",
        "who it affects",
        "what we know",
        "could we get numbers?",
    ]
    head = "".join(f"<th>{c}</th>" for c in columns)
    return (
        "<h1>Mapping AI at our workplace</h1>"
        "<p>Draw your workplace: the rooms, lines, desks or routes, and where people work. "
        "Mark every system that scores, schedules, monitors or ranks people. Use roles and "
        "shifts, never names.</p>"
        '<div class="draw"></div>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{_blank_rows(len(columns), 5)}</tbody></table>"
    )


def log_html() -> str:
    """The documentation log from the practical-steps chapter, with blank rows."""
    part = sources.section(sources.PRACTICAL_STEPS, "2. Document")
    header, *examples = sources.first_table(part)
    head = "".join(f"<th>{escape_html(c)}</th>" for c in header)
    example = "".join(
        "<tr class='example'>" + "".join(f"<td>{escape_html(c)}</td>" for c in row) + "</tr>"
        for row in examples
        if any(row)
    )
    rules = part.split("Rules for a good log:", 1)[-1] if "Rules for a good log:" in part else ""
    return (
        "<h1>Documentation log</h1>"
        "<p>Write it at the time, about what happened to you. Facts and numbers, not "
        "conclusions. Keep it on paper or your own phone, never on an employer's device.</p>"
        f"<table class='log'><thead><tr>{head}</tr></thead>"
        f"<tbody>{example}{_blank_rows(len(header), 5)}</tbody></table>"
        + (
            f'<div class="keep small"><h3>Rules for a good log</h3>{sources.to_html(rules)}</div>'
            if rules
            else ""
        )
    )


CONTACTS = (
    "Steward or union representative",
    "Union lawyer, or a workers' rights legal clinic",
    "Worker centre",
    "Government agency for discrimination complaints (EEOC or the state's agency)",
    "Interpreter or language line",
    "Next meeting of this group",
)


def contacts_html() -> str:
    """A page the facilitator fills in before the day: who to call, and how."""
    rows = "".join(
        f"<tr class='tall'><th>{escape_html(c)}</th><td></td><td></td></tr>" for c in CONTACTS
    )
    return (
        "<h1>Local contacts</h1>"
        "<p>Filled in by the facilitator before the session. A question about your own case "
        "goes to one of these; this workshop gives general information, not legal advice. "
        "Some complaints have deadlines counted in months: ask soon.</p>"
        "<table><thead><tr><th>who</th><th>organisation or office</th>"
        f"<th>how to reach them (phone, email, address, hours)</th></tr></thead><tbody>{rows}"
        "</tbody></table>"
    )


def roleplay_html() -> str:
    """A scene card and one card per role, for each scene in ``roleplays.yaml``."""
    scenes = yaml.safe_load(ROLEPLAYS.read_text(encoding="utf-8"))
    parts = [
        "<h1>Role-play cards</h1>",
        "<p>Everything on these cards is made up. Cut along the dashed lines; each player "
        "reads only their own card. Play for five minutes, then debrief.</p>",
    ]
    for scene in scenes:
        debrief = "".join(f"<li>{escape_html(q)}</li>" for q in scene["debrief"])
        cards = [
            f'<section class="card scene"><h2>Scene: {escape_html(scene["title"])}</h2>'
            f"<p>{escape_html(scene['setup'])}</p><p><b>Debrief</b></p><ul>{debrief}</ul></section>"
        ]
        for role in scene["roles"]:
            cards.append(
                f'<section class="card"><h2>{escape_html(role["role"])}</h2>'
                f'<p class="small">Scene: {escape_html(scene["title"])}</p>'
                f"<p>{escape_html(role['brief'])}</p>"
                f"<p><b>You want:</b> {escape_html(role['wants'])}</p>"
                f"<p><b>Only you know:</b> {escape_html(role['knows'])}</p></section>"
            )
        parts.append(f'<div class="cards page">{"".join(cards)}</div>')
    return "".join(parts)


def ground_rules_html() -> str:
    """The ground rules from the facilitator guide, in poster type."""
    items = sources.numbered_items(
        sources.section(sources.GUIDE, "Ground rules for safe conversation")
    )
    rules = "".join(f"<li>{sources.inline_html(item)}</li>" for item in items)
    return f'<div class="poster"><h1>Our ground rules</h1><ol>{rules}</ol></div>'


def evaluation_html() -> str:
    """The guide's evaluation questions: tick boxes for a scale, lines for the rest."""
    import re

    items = sources.numbered_items(sources.section(sources.GUIDE, "Evaluation form"))
    parts = [
        "<h1>Evaluation</h1>",
        "<p>No name, please. Tick a box or write a few words; skip any question.</p>",
    ]
    scale: list[str] = []
    for item in items:
        match = re.search(r"\(([^()]*)\)\s*$", item)
        question = item[: match.start()].strip() if match else item
        if match and "/" in match.group(1):
            scale = [s.strip() for s in match.group(1).split("/")]
            answer = _ticks(scale)
        elif match and match.group(1).strip() == "same scale":
            answer = _ticks(scale)
        else:
            answer = _lines(2)
        parts.append(
            f'<section class="question"><p>{sources.inline_html(question)}</p>{answer}</section>'
        )
    return "".join(parts)


def _ticks(options: list[str]) -> str:
    return (
        "<p class='ticks'>"
        + "".join(f"<span>&#9744; {escape_html(o)}</span>" for o in options)
        + "</p>"
    )


def sign_in_html() -> str:
    """A sign-in sheet with no name column: only a way to reach people, if they want."""
    return (
        "<h1>Staying in touch</h1>"
        "<p>Optional. Leave a way to reach you if you want to hear about the next session. "
        "No name needed. This sheet stays with the organisers and never goes to an "
        "employer.</p>"
        "<table class='sign-in'><thead><tr><th>phone, email or other way to reach you</th>"
        "<th>tell me about the next session</th><th>I can help organise it</th></tr></thead>"
        "<tbody>"
        + "".join("<tr><td></td><td>&#9744;</td><td>&#9744;</td></tr>" for _ in range(16))
        + "</tbody></table>"
    )


def demand_checklist_html() -> str:
    """Every demand in the drafter's library, by family, with a box to tick."""
    from collective_ai.demands.library import load_library
    from collective_ai.demands.registry import FAMILIES, FINDINGS

    library = load_library()
    parts = [
        "<h1>Demand checklist</h1>",
        "<p>Tick the demands that answer what you found; the demand drafter writes them up "
        "as a petition, a letter or contract language.</p>",
    ]
    for family, title in FAMILIES.items():
        rows = "".join(
            f"<tr><td class='box'>&#9744;</td><td>{escape_html(t.title)}</td>"
            f"<td>{escape_html('; '.join(FINDINGS[a] for a in t.answers))}</td></tr>"
            for t in library
            if t.family == family
        )
        if rows:
            parts.append(
                f"<table class='checklist'><thead><tr><th class='box'></th><th>{escape_html(title)}</th>"
                f"<th>answers when</th></tr></thead><tbody>{rows}</tbody></table>"
            )
    return "".join(parts)


def data_request_tracker_html() -> str:
    """The data-request register on paper, with how to count the due dates."""
    from collective_ai.requests.handout import tracker_html

    return tracker_html()


def _registry() -> dict[str, Handout]:
    items = [
        Handout("hand-audit-worksheet", "Audit by hand: worksheet", PARTICIPANTS, worksheet_html),
        Handout("workplace-map", "Mapping AI at our workplace", PARTICIPANTS, mapping_html),
        Handout("documentation-log", "Documentation log", PARTICIPANTS, log_html, landscape=True),
        Handout("local-contacts", "Local contacts", PARTICIPANTS, contacts_html),
        Handout("role-play-cards", "Role-play cards", PARTICIPANTS, roleplay_html),
        Handout("ground-rules-poster", "Ground rules", PARTICIPANTS, ground_rules_html),
        Handout("evaluation-form", "Evaluation", PARTICIPANTS, evaluation_html),
        Handout("sign-in-sheet", "Staying in touch", PARTICIPANTS, sign_in_html),
        Handout("demand-checklist", "Demand checklist", PARTICIPANTS, demand_checklist_html),
        Handout(
            "data-request-tracker",
            "Data request tracker",
            PARTICIPANTS,
            data_request_tracker_html,
            landscape=True,
        ),
    ]
    for scenario in labs.SCENARIOS:
        slug = scenario.replace("_", "-")
        items += [
            Handout(
                f"lab-figure-{slug}",
                f"The {slug} lab on paper",
                PARTICIPANTS,
                partial(labs.figure_html, scenario),
            ),
            Handout(
                f"prediction-cards-{slug}",
                f"Predict first: {slug}",
                PARTICIPANTS,
                partial(labs.prediction_cards_html, scenario),
            ),
            Handout(
                f"reveal-{slug}",
                f"Reveal sheet: {slug}",
                FACILITATOR,
                partial(labs.reveal_html, scenario),
            ),
        ]
    items.append(Handout("hand-audit-answers", "Audit by hand: answers", FACILITATOR, answers_html))
    return {h.name: h for h in items}


HANDOUTS = _registry()
