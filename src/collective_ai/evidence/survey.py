"""Tables from a workers' survey that never show a small count, and the demands they point to.

:func:`summarize` counts the answers to one question by zero or more breakdown columns and
applies :func:`collective_ai.evidence.suppression.suppress`; :func:`audit_survey` runs the
course's bias audit on a yes/no outcome with groups under k left out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np

from collective_ai.disclosure.joint import Entry
from collective_ai.errors import InputError
from collective_ai.evidence import documents
from collective_ai.evidence.bank import find_question, known_options
from collective_ai.evidence.bank import signals as bank_signals
from collective_ai.evidence.cells import Counted, summary_spec
from collective_ai.evidence.releases import protect_release
from collective_ai.evidence.responses import NO_ANSWER, Responses, shown_answer
from collective_ai.evidence.suppression import DEFAULT_K, check_k, suppress
from collective_ai.i18n import N_, _, format_number, format_percent, ngettext

ALL_HIDDEN = N_(
    "Every count in this table is hidden. To see more, try fewer breakdowns (or none), "
    "merge small groups such as sites or age bands in the spreadsheet, or wait for more "
    "answers."
)
HIDDEN = N_("hidden")  # how a hidden count reads in a table (never "fewer than k": a
# complementary cell may be large, and saying which cells are small would undo its work)


@dataclass
class SurveySummary:
    """One question's counts by group, with suppression applied (see :meth:`to_dict`).

    Parameters
    ----------
    question : str
        The column summarised.
    by : list of str
        The breakdown columns (none: one overall row).
    k : int
        The suppression threshold: no count from 1 to ``k - 1`` is shown.
    responses : int or None
        How many responded (None when that total itself is hidden).
    cells, totals : list of dict
        Each group's count per answer, and each group's respondents, with whether it is
        suppressed.
    notes : list of str
        What a reader must know (suppression, multi-select answers).
    findings : list of dict
        Answers that point to a demand (from the question bank's signals).
    """

    question: str
    by: list[str]
    k: int
    responses: int | None
    cells: list[dict]
    totals: list[dict]
    notes: list[str] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The stable JSON shape documented in README.md."""
        return {
            "question": self.question,
            "by": list(self.by),
            "k": self.k,
            "responses": self.responses,
            "cells": self.cells,
            "totals": self.totals,
            "notes": list(self.notes),
            "findings": self.findings,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def table(self) -> tuple[list[str], list[list]]:
        """Rows a learner reads: group, answer, people (or "fewer than k"), share of group."""
        totals = {_key(t["group"]): t for t in self.totals}
        hidden = _(HIDDEN)
        headers = [*self.by, _("Answer"), _("People"), _("Share of the group")]
        rows = []
        for cell in self.cells:
            total = totals[_key(cell["group"])]
            if cell["suppressed"]:
                people, share = hidden, hidden
            else:
                people = cell["count"]
                share = _percent(cell["count"], total["count"])
            rows.append([*cell["group"].values(), shown_answer(cell["answer"]), people, share])
        return headers, rows

    def totals_table(self) -> tuple[list[str], list[list]]:
        hidden = _(HIDDEN)
        rows = [
            [*t["group"].values(), hidden if t["suppressed"] else t["count"]] for t in self.totals
        ]
        return [*self.by, _("People who answered")], rows

    def markdown(self) -> str:
        parts = ["# " + _("Survey: {question}").format(question=documents.cell(self.question))]
        if self.responses is None:
            shown = _("A hidden number of responses.")
        else:
            shown = ngettext("{count} response.", "{count} responses.", self.responses).format(
                count=format_number(self.responses)
            )
        rule = _(
            "Every count under {k} is hidden, and so are enough other counts that no hidden "
            "count can be worked out from the ones shown."
        ).format(k=self.k)
        parts.append(f"{shown} {rule}")
        parts.append(documents.markdown_table(*self.table()))
        if self.by:
            parts.append(documents.markdown_table(*self.totals_table()))
        if self.findings:
            parts.append("## " + _("Demands that answer what the survey found"))
            for finding in self.findings:
                titles = "; ".join(documents.cell(t["title"]) for t in finding["templates"])
                parts.append(f"- {documents.cell(_(finding['meaning']))}: {titles}")
        parts += [f"*{documents.cell(note)}*" for note in self.notes]
        return "\n\n".join(parts) + "\n"

    def render(self, *, fmt: str) -> str | bytes:
        if fmt == "json":
            return self.to_json() + "\n"
        return documents.render(
            self.markdown(),
            fmt=fmt,
            title=_("Survey: {question}").format(question=self.question),
            table=self.table(),
        )


def summarize(
    responses: Responses,
    *,
    question: str,
    by=(),
    multi: bool | None = None,
    k: int = DEFAULT_K,
    ledger=None,
    survey: str | None = None,
) -> SurveySummary:
    """Counts of the answers to ``question`` by the ``by`` columns, small counts hidden.

    Blank answers count as "No answer" so each group's cells add up to its total. The
    table's own suppression is :func:`~collective_ai.evidence.suppression.suppress`'s; then
    :func:`~collective_ai.evidence.releases.protect_release` hides more until, together
    with every earlier release of the survey in ``ledger``, no hidden count can be worked
    out or narrowed to between 1 and k-1. A free-text question is counted only as who
    wrote something.

    Parameters
    ----------
    responses : Responses
        What :func:`~collective_ai.evidence.responses.read_responses` read.
    question : str
        A header, or a bank question's id or text.
    by : str or iterable of str
        Breakdown columns, named the same way.
    multi : bool, optional
        Split multi-select cells (default: when the bank says the question is one).
    k : int
        The suppression threshold (at least 3).
    ledger : ReleaseLedger, optional
        The survey's earlier releases; this one is checked against them and recorded.
        Without one it is checked alone.
    survey : str, optional
        The survey's name in ``ledger``.

    Returns
    -------
    SurveySummary

    Raises
    ------
    InputError
        An unknown column, a question broken down by itself or by free text, ``k`` under
        3, or a file the ledger cannot safely release from (see ``protect_release``).
    """
    k = check_k(k)
    column = responses.resolve(question, field_name="question")
    by = [responses.resolve(b, field_name="by") for b in ([by] if isinstance(by, str) else by)]
    if column in by:
        raise InputError(_("cannot break a question down by itself"), field="by", column=column)
    for name in by:
        if responses.is_text(name, multi=False):
            raise InputError(
                _(
                    "this column holds free text, which cannot be a breakdown: each answer "
                    "would be a group of one"
                ),
                field="by",
                column=name,
            )
    bank_question = find_question(column)
    if multi is None:
        multi = bool(bank_question and bank_question.multi)
    text = responses.is_text(column, multi=multi)
    spec = summary_spec(question=column, by=by, multi=multi and not text, text=text, k=k)
    counted = Counted(responses)
    answers = counted.answers(spec) if text else _answer_order(counted.answers(spec), bank_question)
    groups = list(counted.groups(by))
    groups.sort(key=_group_order(by, groups))
    n = len(responses)
    entries, counts, totals = _entries(counted, spec, groups, answers)
    signals = [
        a
        for a in (bank_signals(bank_question) if bank_question and not text else {})
        if a in answers
    ]
    for answer in signals:
        mask = counted.answer(spec, answer)
        entries.append(Entry(("finding", answer), int(mask.sum()), mask, ("finding", answer), (3,)))
    if spec["multi"]:
        # With several answers a person, the cells do not add up to the people, but "No
        # answer" and the group's total still give how many picked something: a count a
        # reader has, protected like one the table shows (it is never printed).
        for g in groups:
            mask = counted.group(by, g) & ~counted.answer(spec, NO_ANSWER)
            entries.append(Entry(("answered", g), int(mask.sum()), mask, ("answered", g), (2, 1)))
    entries.append(Entry(("responses",), n, np.ones(n, dtype=bool), ("responses",), (4,)))
    first = suppress(counts, totals=totals, k=k) if n >= k else None
    hidden = {e.key for e in entries} if n < k else _first_hidden(first, entries, k=k)
    protected = protect_release(
        responses, counted, spec=spec, entries=entries, hidden=hidden, ledger=ledger, survey=survey
    )
    hide = protected.hidden
    cells = [
        _entry(dict(zip(by, g, strict=True)), counts[g][a], ("cell", g, a) in hide, answer=a)
        for g in groups
        for a in answers
    ]
    total_rows = [
        _entry(dict(zip(by, g, strict=True)), totals[g], ("total", g) in hide) for g in groups
    ]
    notes = _notes(first, protected, n=n, k=k, by=by, multi=multi, text=text, responses=responses)
    if n >= k and all(c["suppressed"] for c in cells):
        notes.insert(0, _(ALL_HIDDEN))
    summary = SurveySummary(
        column, by, k, None if ("responses",) in hide else n, cells, total_rows, notes
    )
    shown = {
        a: e.value
        for e in entries
        if e.key[0] == "finding" and e.key not in hide
        for a in [e.key[1]]
    }
    summary.findings = findings_of(shown, question=bank_question, k=k) if n >= k else []
    return summary


def _entries(counted: Counted, spec: dict, groups: list, answers: list):
    """The summary's counts, each with who it counts, and its table of counts and totals."""
    entries, counts, totals = [], {}, {}
    for g in groups:
        in_group = counted.group(spec["by"], g)
        counts[g] = {}
        for a in answers:
            mask = in_group & counted.answer(spec, a)
            counts[g][a] = int(mask.sum())
            entries.append(Entry(("cell", g, a), counts[g][a], mask, ("cell", g, a), (1,)))
        totals[g] = int(in_group.sum())
        entries.append(Entry(("total", g), totals[g], in_group, ("total", g), (2,)))
    return entries, counts, totals


def _first_hidden(first, entries: list, *, k: int) -> set:
    """What the table's own rules hide, plus findings' counts that are small."""
    hidden = {("cell", g, a) for g, a in first.cells} | {("total", g) for g in first.totals}
    hidden |= {e.key for e in entries if e.key[0] in ("finding", "answered") and 0 < e.value < k}
    return hidden


def _notes(first, protected, *, n, k, by, multi, text, responses) -> list[str]:
    notes = []
    if n < k:
        notes.append(
            _("Fewer than {k} responses: nothing can be shown without naming people.").format(k=k)
        )
    if first and first.whole_groups:
        count = len(first.whole_groups)
        notes.append(
            ngettext(
                "{count} group had fewer than {k} people and is hidden whole.",
                "{count} groups had fewer than {k} people and are hidden whole.",
                count,
            ).format(count=count, k=k)
        )
    if first and first.complementary:
        count = len(first.complementary)
        notes.append(
            ngettext(
                "{count} further count is hidden so that no small count can be worked out by "
                "subtraction within this table.",
                "{count} further counts are hidden so that no small count can be worked out by "
                "subtraction within this table.",
                count,
            ).format(count=count)
        )
    if protected.linked:
        count = len(protected.linked)
        if protected.earlier:
            earlier = ngettext(
                "the {count} table released before from this survey",
                "the {count} tables released before from this survey",
                protected.earlier,
            ).format(count=protected.earlier)
        else:
            earlier = _("the table's other counts")
        notes.append(
            ngettext(
                "{count} more count is hidden because, with {earlier}, it would let someone "
                "work out a hidden count or prove it lies between 1 and {most}.",
                "{count} more counts are hidden because, with {earlier}, they would let "
                "someone work out a hidden count or prove it lies between 1 and {most}.",
                count,
            ).format(count=count, earlier=earlier, most=k - 1)
        )
    if protected.exposed:
        notes.append(
            _(
                "Some counts can already be worked out from earlier releases of this survey; "
                "they stay hidden here, and nothing more about them is added."
            )
        )
    if protected.reprint:
        notes.append(
            _("This table was released before from the same answers; it is shown as it was.")
        )
    if text:
        notes.append(
            _(
                "This question's answers are free text: the table counts only who wrote "
                "something. Read the answers privately (survey text); never share them."
            )
        )
    if multi and not text:
        notes.append(_("People could pick several answers, so answers add up to more than people."))
    if responses.dropped:
        notes.append(
            _("Columns that say who answered were removed on import: {columns}.").format(
                columns=", ".join(responses.dropped)
            )
        )
    return notes


def _entry(group: dict, count: int, suppressed: bool, *, answer=None) -> dict:
    entry = {"group": group}
    if answer is not None:
        entry["answer"] = answer
    entry.update({"count": None if suppressed else count, "suppressed": bool(suppressed)})
    return entry


def _answer_order(answers: list[str], question) -> list[str]:
    seen = sorted(dict.fromkeys(answers), key=str.lower)
    if question is None:
        return seen
    known = [o for o in known_options(question, seen) if o in seen]
    return known + [a for a in seen if a not in known]


def _group_order(by: list[str], groups=()):
    """Groups in the bank's order of options (Day, Evening, Night), others after A to Z."""
    options = []
    for i, column in enumerate(by):
        question = find_question(column)
        seen = {g[i] for g in groups}
        options.append(known_options(question, seen) if question else [])

    def key(group: tuple):
        return tuple(
            (o.index(v), "") if v in o else (len(o), v.lower())
            for v, o in zip(group, options, strict=True)
        )

    return key


def _key(group: dict) -> tuple:
    return tuple(group.items())


def _percent(count: int, total: int | None) -> str:
    if not total:
        return _(HIDDEN)
    return format_percent(count / total)


def findings_of(overall: dict, *, question, k: int) -> list[dict]:
    """Findings the bank links to an answer that at least k people gave (``overall`` maps
    answer to count), with the demand templates that answer each (their ``answers`` ids)."""
    if question is None or not question.signals:
        return []
    from collective_ai.demands.library import load_library
    from collective_ai.demands.registry import FINDINGS

    library = load_library()
    out = []
    for answer, finding in bank_signals(question).items():
        if overall.get(answer, 0) >= k:
            out.append(
                {
                    "finding": finding,
                    "meaning": FINDINGS[finding],
                    "answer": answer,
                    "people": overall[answer],
                    "templates": [
                        {"id": t.id, "title": t.title} for t in library.answering(finding)
                    ],
                }
            )
    return out
