"""Tables from a workers' survey that never show a small count, and the demands they point to.

:func:`summarize` counts the answers to one question by zero or more breakdown columns and
applies :func:`collective_ai.evidence.suppression.suppress`; :func:`audit_survey` runs the
course's bias audit on a yes/no outcome with groups under k left out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from collective_ai.errors import InputError
from collective_ai.evidence import documents
from collective_ai.evidence.bank import find_question
from collective_ai.evidence.responses import NO_ANSWER, Responses, answers_of
from collective_ai.evidence.suppression import DEFAULT_K, check_k, suppress

HIDDEN = "hidden"  # how a hidden count reads in a table (never "fewer than k": a
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
        hidden = HIDDEN
        headers = [*self.by, "Answer", "People", "Share of the group"]
        rows = []
        for cell in self.cells:
            total = totals[_key(cell["group"])]
            if cell["suppressed"]:
                people, share = hidden, "hidden"
            else:
                people = cell["count"]
                share = _percent(cell["count"], total["count"])
            rows.append([*cell["group"].values(), cell["answer"], people, share])
        return headers, rows

    def totals_table(self) -> tuple[list[str], list[list]]:
        hidden = HIDDEN
        rows = [
            [*t["group"].values(), hidden if t["suppressed"] else t["count"]] for t in self.totals
        ]
        return [*self.by, "People who answered"], rows

    def markdown(self) -> str:
        parts = [f"# Survey: {documents.cell(self.question)}"]
        shown = "fewer than k" if self.responses is None else f"{self.responses:,}"
        parts.append(
            f"{shown} responses. Every count under {self.k} is hidden, and so are enough "
            "other counts that no hidden count can be worked out from the ones shown."
        )
        parts.append(documents.markdown_table(*self.table()))
        if self.by:
            parts.append(documents.markdown_table(*self.totals_table()))
        if self.findings:
            parts.append("## Demands that answer what the survey found")
            for finding in self.findings:
                titles = "; ".join(documents.cell(t["title"]) for t in finding["templates"])
                parts.append(f"- {documents.cell(finding['meaning'])}: {titles}")
        parts += [f"*{documents.cell(note)}*" for note in self.notes]
        return "\n\n".join(parts) + "\n"

    def render(self, *, fmt: str) -> str | bytes:
        if fmt == "json":
            return self.to_json() + "\n"
        return documents.render(
            self.markdown(), fmt=fmt, title=f"Survey: {self.question}", table=self.table()
        )


def summarize(
    responses: Responses,
    *,
    question: str,
    by=(),
    multi: bool | None = None,
    k: int = DEFAULT_K,
) -> SurveySummary:
    """Counts of the answers to ``question`` by the ``by`` columns, small counts hidden.

    Blank answers count as "No answer" so each group's cells add up to its total; the
    suppression is :func:`~collective_ai.evidence.suppression.suppress`'s.

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

    Returns
    -------
    SurveySummary

    Raises
    ------
    InputError
        An unknown column, a question broken down by itself, or ``k`` under 3.
    """
    import pandas as pd

    k = check_k(k)
    column = responses.resolve(question, field_name="question")
    by = [responses.resolve(b, field_name="by") for b in ([by] if isinstance(by, str) else by)]
    if column in by:
        raise InputError("cannot break a question down by itself", field="by", column=column)
    bank_question = find_question(column)
    if multi is None:
        multi = bool(bank_question and bank_question.multi)
    frame = pd.DataFrame({c: responses.frame[c].replace("", NO_ANSWER) for c in by})
    frame["_answer"] = answers_of(responses, column, multi=multi)
    frame["_respondent"] = range(len(frame))
    if multi:
        frame = frame.explode("_answer")
    keys = by or [lambda _: ()]
    group_of = (lambda key: key if isinstance(key, tuple) else (key,)) if by else (lambda _: ())
    answers = _answer_order(frame["_answer"], bank_question)
    counts: dict = {}
    totals: dict = {}
    for key, part in frame.groupby(keys, sort=True, observed=True) if by else [((), frame)]:
        group = group_of(key)
        tally = part["_answer"].value_counts()
        counts[group] = {a: int(tally.get(a, 0)) for a in answers}
        totals[group] = int(part["_respondent"].nunique())
    counts = {g: counts[g] for g in sorted(counts, key=_group_order(by))}
    totals = {g: totals[g] for g in counts}
    n = len(responses)
    hidden = suppress(counts, totals=totals, k=k) if counts else None
    notes = []
    if n < k:
        notes.append(f"Fewer than {k} responses: nothing can be shown without naming people.")
    cells = [
        _entry(
            dict(zip(by, g, strict=True)),
            counts[g][a],
            g in hidden.whole_groups or (g, a) in hidden.cells or n < k,
            answer=a,
        )
        for g in counts
        for a in answers
    ]
    total_rows = [
        _entry(dict(zip(by, g, strict=True)), totals[g], g in hidden.totals or n < k)
        for g in counts
    ]
    if hidden and hidden.whole_groups:
        notes.append(
            f"{len(hidden.whole_groups)} group{'s' * (len(hidden.whole_groups) != 1)} had "
            f"fewer than {k} people and {'are' if len(hidden.whole_groups) != 1 else 'is'} hidden whole."
        )
    if hidden and hidden.complementary:
        notes.append(
            f"{len(hidden.complementary)} further count{'s are' if len(hidden.complementary) != 1 else ' is'} "
            "hidden so that no small count can be worked out by subtraction."
        )
    if multi:
        notes.append("People could pick several answers, so answers add up to more than people.")
    if len(by) > 1:
        notes.append(
            "Share one breakdown of a question, not several: tables of the same answers "
            "broken down differently can be combined to uncover hidden counts."
        )
    if responses.dropped:
        notes.append(
            "Columns that say who answered were removed on import: "
            + ", ".join(responses.dropped)
            + "."
        )
    summary = SurveySummary(column, by, k, None if n < k else n, cells, total_rows, notes)
    overall = {a: sum(counts[g][a] for g in counts) for a in answers}
    summary.findings = findings_of(overall, question=bank_question, k=k) if n >= k else []
    return summary


def _entry(group: dict, count: int, suppressed: bool, *, answer=None) -> dict:
    entry = {"group": group}
    if answer is not None:
        entry["answer"] = answer
    entry.update({"count": None if suppressed else count, "suppressed": bool(suppressed)})
    return entry


def _answer_order(answers, question) -> list[str]:
    seen = list(dict.fromkeys(sorted(answers.dropna().astype(str).unique(), key=str.lower)))
    if question is None:
        return seen
    known = [o for o in question.options if o in seen]
    return known + [a for a in seen if a not in known]


def _group_order(by: list[str]):
    """Groups in the bank's order of options (Day, Evening, Night), others after A to Z."""
    options = []
    for column in by:
        question = find_question(column)
        options.append(list(question.options) if question else [])

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
        return "hidden"
    return f"{100 * count / total:.0f}%"


def findings_of(overall: dict, *, question, k: int) -> list[dict]:
    """Findings the bank links to an answer that at least k people gave (``overall`` maps
    answer to count), with the demand templates that answer each (their ``answers`` ids)."""
    if question is None or not question.signals:
        return []
    from collective_ai.demands.library import load_library
    from collective_ai.demands.registry import FINDINGS

    library = load_library()
    out = []
    for answer, finding in question.signals.items():
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
