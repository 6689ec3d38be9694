"""Who each count of a survey release counts: one place that says it, for every release.

A release is named by its *spec* (what was counted: a question by some columns, or an
audit of an outcome by a group) and each of its counts by a *key*. :class:`Counted` turns
a key into the respondents it counts, as booleans over the rows. The tables are counted
from these masks, and so are the earlier releases that a new one is checked against, so a
count means the same thing wherever it appears.

Keys: ``("cell", group, answer)``, ``("total", group)``, ``("responses",)``,
``("finding", answer)`` and (several answers a person) ``("answered", group)`` for a
summary; ``("n", group)``, ``("selected", group)`` and
``("not_selected", group)`` for an audit. ``group`` is a tuple of values, one per breakdown column.
"""

from __future__ import annotations

import numpy as np

from collective_ai.evidence.responses import NO_ANSWER, Responses
from collective_ai.i18n import N_

WROTE_SOMETHING = N_("Wrote something")  # a key; shown with shown_answer()


def summary_spec(*, question: str, by: list[str], multi: bool, text: bool, k: int) -> dict:
    """The spec of a summary: what a ledger needs to count it again."""
    return {
        "kind": "summary",
        "question": question,
        "by": list(by),
        "multi": bool(multi),
        "text": bool(text),
        "k": k,
    }


def audit_spec(*, group: str, outcome: str, favourable: str, k: int) -> dict:
    """The spec of a survey audit."""
    return {
        "kind": "audit",
        "group": group,
        "outcome": outcome,
        "favourable": favourable.strip().lower(),
        "k": k,
    }


class Counted:
    """Masks over the rows of one set of responses, each worked out once.

    Parameters
    ----------
    responses : Responses
        The rows every mask is over.
    """

    def __init__(self, responses: Responses) -> None:
        self.responses = responses
        self.rows = len(responses)
        self._codes: dict = {}
        self._answers: dict = {}

    def mask(self, spec: dict, key: tuple) -> np.ndarray:
        """The respondents that count ``key`` of a release made with ``spec``."""
        kind = key[0]
        if spec["kind"] == "summary":
            if kind == "responses":
                return np.ones(self.rows, dtype=bool)
            if kind == "total":
                return self.group(spec["by"], key[1])
            if kind == "finding":
                return self.answer(spec, key[1])
            if kind == "answered":
                return self.group(spec["by"], key[1]) & ~self.answer(spec, NO_ANSWER)
            if kind == "cell":
                return self.group(spec["by"], key[1]) & self.answer(spec, key[2])
        elif spec["kind"] == "audit":
            in_group = self.value(spec["group"], key[1][0])
            answered = in_group & ~self.value(spec["outcome"], NO_ANSWER)
            selected = in_group & self.lowered_is(spec["outcome"], spec["favourable"])
            if kind == "n":
                return answered
            if kind == "selected":
                return selected
            if kind == "not_selected":
                return answered & ~selected
        raise ValueError(f"no such count {key!r} in a {spec['kind']} release")

    def unpicked(self, spec: dict, key: tuple) -> list[np.ndarray]:
        """Who a multi-select cell leaves out: in its group (and among those who answered)
        but not picking its answer. A reader gets them as the group's total (or its
        answered count) minus the cell, so they are counts too."""
        if spec["kind"] != "summary" or not spec.get("multi") or key[0] != "cell":
            return []
        group = self.group(spec["by"], key[1])
        missing = ~self.answer(spec, key[2])
        answered = ~self.answer(spec, NO_ANSWER)
        return [group & missing, group & answered & missing]

    def group(self, columns: list[str], values: tuple) -> np.ndarray:
        out = np.ones(self.rows, dtype=bool)
        for column, value in zip(columns, values, strict=True):
            out &= self.value(column, value)
        return out

    def value(self, column: str, value: str) -> np.ndarray:
        """Rows whose ``column`` holds ``value`` (a blank reads as "No answer")."""
        codes, index = self._factorized(column)
        return codes == index.get(value, -2)

    def lowered_is(self, column: str, value: str) -> np.ndarray:
        codes, index = self._factorized(column)
        wanted = [i for name, i in index.items() if name.lower() == value]
        return np.isin(codes, wanted)

    def answer(self, spec: dict, answer: str) -> np.ndarray:
        """Rows that gave ``answer`` to the spec's question (one of several, if multi)."""
        column = spec["question"]
        if spec.get("text"):
            blank = self.value(column, NO_ANSWER)
            if answer == WROTE_SOMETHING:
                return ~blank
            return blank if answer == NO_ANSWER else np.zeros(self.rows, dtype=bool)
        if not spec.get("multi"):
            return self.value(column, answer)
        if column not in self._answers:
            self._answers[column] = _multi_masks(self.responses, column)
        found = self._answers[column].get(answer)
        return found if found is not None else np.zeros(self.rows, dtype=bool)

    def answers(self, spec: dict) -> list[str]:
        """Every answer the spec's question has in these rows."""
        column = spec["question"]
        if spec.get("text"):
            return [WROTE_SOMETHING, NO_ANSWER]
        if spec.get("multi"):
            if column not in self._answers:
                self._answers[column] = _multi_masks(self.responses, column)
            return list(self._answers[column])
        return list(self._factorized(column)[1])

    def groups(self, columns: list[str]) -> list[tuple]:
        """The combinations of the breakdown columns that occur."""
        if not columns:
            return [()]
        import pandas as pd

        frame = pd.DataFrame({c: self._column(c) for c in columns})
        return [tuple(row) for row in frame.drop_duplicates().itertuples(index=False)]

    def _column(self, column: str):
        if column not in self.responses.frame.columns:
            self.responses.load(column)
        return self.responses.frame[column].replace("", NO_ANSWER)

    def _factorized(self, column: str):
        if column not in self._codes:
            import pandas as pd

            codes, uniques = pd.factorize(self._column(column))
            self._codes[column] = (codes, {str(u): i for i, u in enumerate(uniques)})
        return self._codes[column]


def _multi_masks(responses: Responses, column: str) -> dict:
    """Each answer of a several-answer question, with the rows that picked it."""
    lists = responses.split(column)
    rows = np.repeat(np.arange(len(lists)), lists.map(len).to_numpy())
    picked = np.concatenate([np.asarray(x, dtype=object) for x in lists]) if len(lists) else []
    out = {}
    for answer in dict.fromkeys(picked):
        mask = np.zeros(len(lists), dtype=bool)
        mask[rows[picked == answer]] = True
        out[str(answer)] = mask
    return out
