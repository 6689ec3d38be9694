"""An attacker who holds everything a committee released from one survey.

Written apart from the package on purpose: it reads only what a release prints (the JSON of
``survey summary`` and ``survey audit``), re-derives which respondents each printed number
counts from the release's own words (question, breakdowns, outcome), and asks what the
numbers prove about each hidden one:

- exact linear algebra (fractions): is a hidden count a combination of printed ones?
- linear programming: can it be proved to lie between 1 and k-1?

It also knows how many answers came in between two releases (the difference of their
response counts), and asks the same of what those people said.

Its unknowns are the sizes of the combinations of answers that occur in the survey (an
employer knows which sites run which shifts), the strongest reader the package defends
against.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from scipy.optimize import linprog

NO_ANSWER = "No answer"


@dataclass
class Printed:
    """One release: what was asked for, what it printed, and which rows it counted."""

    kind: str  # "summary" or "audit"
    ask: dict  # question, by, multi / group, outcome, favourable
    output: dict  # the JSON it printed
    rows: int  # the first ``rows`` rows of the survey (a later version has more)


def findings(rows: list[dict], releases: list[Printed], *, k: int) -> list[str]:
    """Everything the attacker can prove about hidden counts; empty when nothing."""
    numbers, hidden = [], []
    for number, release in enumerate(releases, 1):
        for name, predicate, value in _numbers(release, rows):
            within = _within(predicate, release.rows)
            if value is None:
                hidden.append((f"release {number}: {name}", within, True))
            else:
                numbers.append((within, value))
        for name, predicate in _unpicked(release):
            hidden.append((f"release {number}: {name}", _within(predicate, release.rows), False))
    batches = sorted({r.rows for r in releases})
    cuts = list(zip([0, *batches[:-1]], batches, strict=True))[1:] if batches else []
    for start, end in cuts:
        came = _between(start, end)
        numbers.append((came, end - start))
        for number, release in enumerate(releases, 1):
            for name, predicate, _ in _numbers(release, rows):
                # What the newcomers said must not be proved small; a count of them of k
                # or more may be known (how many came in is).
                hidden.append(
                    (
                        f"rows {start + 1}-{end} in release {number}'s {name}",
                        _and(predicate, came),
                        False,
                    )
                )
    atoms = _atoms(rows, [p for p, _ in numbers] + [p for _, p, _ in hidden])
    known = np.array([[p(a) for a in atoms] for p, _ in numbers], dtype=float)
    values = np.array([v for _, v in numbers], dtype=float)
    rank = _rank(known.tolist())
    out = []
    for name, predicate, exact_matters in hidden:
        vector = np.array([predicate(a) for a in atoms], dtype=float)
        truth = sum(predicate(a) for a in _rows_as_atoms(rows))
        if not vector.any():
            continue
        if truth >= k and exact_matters and _rank([*known.tolist(), vector.tolist()]) == rank:
            out.append(f"{name} is exactly {truth}")
        elif 1 <= truth < k:
            low, high = _bounds(known, values, vector)
            if low >= 1 and high <= k - 1:
                out.append(f"{name} is between {low} and {high}")
    return out


# --------------------------------------------------------------------- what was printed


def _numbers(release: Printed, rows: list[dict]):
    """(name, predicate over an atom, printed value or None) for every number it counts."""
    ask, out = release.ask, release.output
    if release.kind == "summary":
        by = ask["by"]
        answer = _answer_test(ask)
        for cell in out["cells"]:
            group = tuple(cell["group"][c] for c in by)
            yield (
                f"{group}/{cell['answer']}",
                _cell(by, group, answer, cell["answer"]),
                cell["count"],
            )
        for total in out["totals"]:
            group = tuple(total["group"][c] for c in by)
            yield f"{group} total", _cell(by, group, None, None), total["count"]
        yield "responses", lambda a: True, out["responses"]
        for finding in out["findings"]:
            if finding.get("people") is not None:
                yield (
                    f"finding {finding['answer']}",
                    _answered(answer, finding["answer"]),
                    finding["people"],
                )
    else:
        group, outcome, good = ask["group"], ask["outcome"], ask["favourable"].lower()
        printed = out["tables"][0]["groups"]
        candidates = {r[group] or NO_ANSWER for r in rows[: release.rows]}
        for name in sorted(candidates):

            def member(a, name=name):
                return (a[group] or NO_ANSWER) == name and a[outcome] != ""

            def chose(a, member=member):
                return member(a) and a[outcome].lower() == good

            def missed(a, member=member):
                return member(a) and a[outcome].lower() != good

            stats = printed.get(name)
            yield f"audit {name} n", member, stats and stats["n"]
            yield f"audit {name} selected", chose, stats and stats["selected"]
            yield (
                f"audit {name} not selected",
                missed,
                stats and stats["n"] - stats["selected"],
            )


def _unpicked(release: Printed):
    """In a multi-select table, who in a group did not pick an answer (and who answered
    but did not): the group's total, or its answered people, minus the cell."""
    ask = release.ask
    if release.kind != "summary" or not ask.get("multi"):
        return
    by, test = ask["by"], _answer_test(ask)
    for cell in release.output["cells"]:
        group, answer = tuple(cell["group"][c] for c in by), cell["answer"]
        member = _cell(by, group, None, None)

        def missed(a, member=member, answer=answer):
            return member(a) and not test(a, answer)

        def answered_missed(a, missed=missed):
            return missed(a) and not test(a, NO_ANSWER)

        yield f"{group} did not pick {answer}", missed
        yield f"{group} answered but did not pick {answer}", answered_missed


def _answer_test(ask: dict):
    question = ask["question"]
    if ask.get("text"):
        return lambda a, answer: (a[question] != "") == (answer == "Wrote something")
    if ask.get("multi"):
        return lambda a, answer: (
            answer in ([p.strip() for p in a[question].split(", ") if p.strip()] or [NO_ANSWER])
        )
    return lambda a, answer: (a[question] or NO_ANSWER) == answer


def _cell(by, group, test, answer):
    def predicate(a):
        if tuple(a[c] or NO_ANSWER for c in by) != group:
            return False
        return test is None or test(a, answer)

    return predicate


def _answered(test, answer):
    return lambda a: test(a, answer)


# --------------------------------------------------------------------- the reader's unknowns


def _within(predicate, rows: int):
    return lambda a: a["_row"] < rows and predicate(a)


def _between(start: int, end: int):
    return lambda a: start <= a["_row"] < end


def _and(p, q):
    return lambda a: p(a) and q(a)


def _rows_as_atoms(rows):
    return [{**r, "_row": i} for i, r in enumerate(rows)]


def _atoms(rows: list[dict], predicates: list) -> list[dict]:
    """One representative row per distinct pattern of membership: merging rows that every
    number treats alike changes no bound."""
    seen = {}
    for atom in _rows_as_atoms(rows):
        key = tuple(bool(p(atom)) for p in predicates)
        seen.setdefault(key, atom)
    return list(seen.values())


def _rank(matrix: list[list[float]]) -> int:
    """Exact rank with fractions: a vector adds nothing to it when the printed numbers
    already fix it."""
    rows = [[Fraction(int(x)) for x in row] for row in matrix]
    rank, width = 0, len(rows[0]) if rows else 0
    for column in range(width):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][column] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][column] != 0:
                factor = rows[r][column] / rows[rank][column]
                rows[r] = [x - factor * y for x, y in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    return rank


def _bounds(known, values, vector) -> tuple[float, float]:
    if len(values) == 0:
        return 0, math.inf
    low = linprog(vector, A_eq=known, b_eq=values, bounds=(0, None), method="highs")
    high = linprog(-vector, A_eq=known, b_eq=values, bounds=(0, None), method="highs")
    assert low.status == 0, low.message  # the releases describe a real table
    lo = math.ceil(low.fun - 1e-6)
    hi = math.inf if high.status == 3 else math.floor(-high.fun + 1e-6)
    return lo, hi
