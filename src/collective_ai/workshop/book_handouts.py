"""The handouts printed from the book's own sources: the worksheet and its answers, the
log, the ground rules and the evaluation form, and the small pieces every handout uses.

Text read from the book goes through :func:`~collective_ai.workshop.extract.sourced`, so
it prints in the language in use; the Babel extractor builds :data:`SOURCED_BUILDERS` to
list exactly those texts for the catalog.
"""

from __future__ import annotations

import re

from collective_ai.escaping import escape_html
from collective_ai.i18n import _
from collective_ai.workshop import sources
from collective_ai.workshop.extract import sourced

WORKSHEET = "audit-by-hand"


def write_lines(count: int) -> str:
    return '<div class="write">' + '<div class="line"></div>' * count + "</div>"


def blank_rows(columns: int, rows: int) -> str:
    cell = "<td></td>" * columns
    return "".join(f'<tr class="blank-row">{cell}</tr>' for _ in range(rows))


def _key(name: str) -> dict:
    from collective_ai.selfcheck.keys import read_yaml_key

    return read_yaml_key(sources.EXERCISES / "keys" / f"{name}.yaml")


_SPACE = {"number": 3, "choice": 2, "choices": 3, "text": 6}


def _answer_space(spec: dict, name: str) -> str:
    """Tick boxes when the key lists options (they are in the question too), then lines."""
    options = spec.get("options")
    boxes = ticks([_keyed(o, name) for o in options]) if options else ""
    return boxes + write_lines(_SPACE.get(spec.get("kind"), 4) - (1 if options else 0))


def worksheet_html(name: str = WORKSHEET) -> str:
    """The exercise's questions with room to write, and no answers."""
    sheet = sources.worksheet(name)
    key = _key(name)
    book = sources.EXERCISES / f"{name}.ipynb"
    title = _("{title}: worksheet").format(title=sourced(sheet.title, book))
    parts = [
        h1(title),
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
    parts = [h1(title)]
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


def para(text: str) -> str:
    """One of the handouts' own paragraphs, translated and escaped."""
    return f"<p>{escape_html(text)}</p>"


def h1(text: str) -> str:
    return f"<h1>{escape_html(text)}</h1>"


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
        h1(_("Documentation log"))
        + para(
            _(
                "Write it at the time, about what happened to you. Facts and numbers, not "
                "conclusions. Keep it on paper or your own phone, never on an employer's device."
            )
        )
        + f"<table class='log'><thead><tr>{head}</tr></thead>"
        f"<tbody>{example}{blank_rows(len(header), 5)}</tbody></table>" + rules_html
    )


def ground_rules_html() -> str:
    """The ground rules from the facilitator guide, in poster type."""
    items = sources.numbered_items(
        sources.section(sources.GUIDE, "Ground rules for safe conversation")
    )
    rules = "".join(
        f"<li>{sources.inline_html(sourced(item, sources.GUIDE))}</li>" for item in items
    )
    heading = h1(_("Our ground rules"))
    return f'<div class="poster">{heading}<ol>{rules}</ol></div>'


def evaluation_html() -> str:
    """The guide's evaluation questions: tick boxes for a scale, lines for the rest."""
    items = sources.numbered_items(sources.section(sources.GUIDE, "Evaluation form"))
    parts = [
        h1(_("Evaluation")),
        para(_("No name, please. Tick a box or write a few words; skip any question.")),
    ]
    scale: list[str] = []
    for item in items:
        match = re.search(r"\(([^()]*)\)\s*$", item)
        question = item[: match.start()].strip() if match else item
        if match and "/" in match.group(1):
            scale = [sourced(s.strip(), sources.GUIDE) for s in match.group(1).split("/")]
            answer = ticks(scale)
        elif match and match.group(1).strip() == "same scale":
            answer = ticks(scale)
        else:
            answer = write_lines(2)
        question = sources.inline_html(sourced(question, sources.GUIDE))
        parts.append(f'<section class="question"><p>{question}</p>{answer}</section>')
    return "".join(parts)


def ticks(options: list[str]) -> str:
    return (
        "<p class='ticks'>"
        + "".join(f"<span>&#9744; {escape_html(o)}</span>" for o in options)
        + "</p>"
    )


# The handouts that print text read from the book: what the Babel extractor builds.
SOURCED_BUILDERS = (worksheet_html, answers_html, log_html, ground_rules_html, evaluation_html)
