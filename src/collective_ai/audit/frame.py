"""Audit a DataFrame: read its columns as people have them, count, and build tables.

Row numbers in error messages count as a spreadsheet does: the header is row 1, so the
DataFrame's first row is row 2 (the CSV reader keeps a plain 0-based index).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from collective_ai.audit.columns import (
    category_codes,
    count_array,
    outcome_array,
    refuse_first,
    score_array,
)
from collective_ai.audit.tables import DEFAULT_UNKNOWN, AuditTable, audit_counts, label_of
from collective_ai.errors import InputError
from collective_ai.i18n import N_, _, format_number

#: More categories than this in one table and the audit refuses to run unless asked: a
#: table this long cannot be read, and it usually means an id or free-text column.
MAX_CATEGORIES = 1000

#: Up to this many possible combinations, an intersection is counted in a dense array.
_DENSE_LIMIT = 1 << 22


@dataclass
class AuditReport:
    """One audit: a table per group column, the intersection, and notes for the reader.

    Parameters
    ----------
    tables : list of AuditTable
        One per group column, then their intersection (Local Law 144's layout).
    notes : list of str
        Sentences a reader needs beside the tables: unknown categories, the median
        behind the scoring rate, categories left out of impact ratios.
    rows : int
        Rows in the data audited.
    selected, score : str or None
        The outcome and score columns (with counts, ``score`` is the scored-above column).
    input : {"rows", "counts"}
        What the rows were: one per person, or one per category with how many people.
    people : int
        How many people that is (the same as ``rows`` for rows of people).
    """

    tables: list[AuditTable]
    notes: list[str] = field(default_factory=list)
    rows: int = 0
    selected: str | None = None
    score: str | None = None
    input: str = "rows"
    people: int = 0

    def to_dict(self) -> dict:
        return {
            "input": self.input,
            "tables": [t.to_dict() for t in self.tables],
            "notes": list(self.notes),
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


def audit_table(
    df,
    *,
    by: list[str] | str,
    selected: str | None,
    score: str | None = None,
    unknown=(),
    exclude_small: bool = False,
    max_categories: int | None = None,
    n: str | None = None,
    scored_above: str | None = None,
    exclude=(),
) -> AuditTable:
    """The audit table of ``df`` grouped by ``by`` (several columns: their intersection).

    Rates and ratios are defined in :mod:`collective_ai.audit.tables`.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per person, or (with ``n``) one row per category with its counts.
    by : str or list of str
        The group column, or several whose intersection is tabled.
    selected : str or None
        A column of booleans, 0/1 or words (yes/no, true/false, selected/rejected); with
        ``n``, how many in the row were selected.
    score : str, optional
        A numeric score column; the scoring rate is the share above its median.
    unknown : iterable of str
        Values read as "category unknown" besides blank and NA. Such rows are counted in
        ``table.unknown`` and left out of every rate, so a missing answer moves no rate.
    exclude_small : bool
        Leave every category under 2% of the known people out of impact ratios, as
        6 RCNY 5-301(d) allows.
    max_categories : int, optional
        Refuse a table longer than this (default :data:`MAX_CATEGORIES`; ``0``: any
        length), since a table that long is usually an id or free-text column.
    n : str, optional
        The column of how many people each row stands for. The table is the one the same
        people would give as one row each.
    scored_above : str, optional
        With ``n``, the column of how many in the row scored above the median.
    exclude : iterable of str
        Categories to leave out of impact ratios; each must be under 2% of the people with
        a known category (6 RCNY 5-301(d)).

    Returns
    -------
    AuditTable
        Every category, sorted by name, with its rates, ratios and tests.

    Raises
    ------
    InputError
        A missing or doubly named column, a value that is not an outcome, count or score
        (naming its row), no data rows, or a category ``exclude`` cannot leave out.
    """
    by = [by] if isinstance(by, str) else list(by)
    prepared = _Prepared(
        df, by=by, selected=selected, score=score, unknown=unknown, n=n, above=scored_above
    )
    names = [str(name) for name in exclude]
    options = {"exclude_small": exclude_small, "max_categories": max_categories}
    return _checked(names, [prepared.table(by, exclude=names, **options)])[0]


def _checked(exclude: list[str], tables: list[AuditTable]) -> list[AuditTable]:
    """Refuse an excluded name that no table has (a typo must not pass silently)."""
    for name in exclude:
        if not any(name in table.groups for table in tables):
            raise InputError(_("no table has a category of this name"), field=name)
    return tables


def audit(
    df,
    *,
    groups: list[str] | str,
    selected: str | None,
    score: str | None = None,
    unknown=(),
    exclude_small: bool = False,
    max_categories: int | None = None,
    n: str | None = None,
    scored_above: str | None = None,
    exclude=(),
) -> AuditReport:
    """Audit ``df`` by each group column and, with several, by their intersection.

    This is the layout Local Law 144's rules ask for: sex, race/ethnicity, and sex by
    race/ethnicity (6 RCNY 5-301(b)(3)). With counts (``n=``), the tables of single
    columns are summed from the finest rows.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per person, or (with ``n``) one row per combination of categories.
    groups : str or list of str
        The group columns; with more than one, their intersection is tabled too.
    selected, score, unknown, exclude_small, max_categories, n, scored_above, exclude
        As for :func:`audit_table`.

    Returns
    -------
    AuditReport
        A table per group column, then the intersection, and the notes a reader needs
        (unknown categories, the median behind the scoring rate).

    Raises
    ------
    InputError
        No group column, or any input :func:`audit_table` refuses.

    See Also
    --------
    audit_counts : the same table from counts printed in a rule or an audit summary.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"sex": ["F"] * 4 + ["M"] * 4, "hired": [1, 0, 0, 0, 1, 1, 0, 0]})
    >>> audit(df, groups="sex", selected="hired").tables[0].groups["F"].impact_ratio
    0.5
    """
    groups = [groups] if isinstance(groups, str) else list(groups)
    if not groups:
        raise InputError(_("name at least one group column"), field="groups")
    prepared = _Prepared(
        df, by=groups, selected=selected, score=score, unknown=unknown, n=n, above=scored_above
    )
    layouts = [[column] for column in groups] + ([groups] if len(groups) > 1 else [])
    names = [str(name) for name in exclude]
    options = {"exclude_small": exclude_small, "max_categories": max_categories}
    tables = _checked(names, [prepared.table(by, exclude=names, **options) for by in layouts])
    people = prepared.people
    unknown_note = (
        _(
            "{label}: {unknown} of {total} people have an unknown category and are left "
            "out of this table's calculations."
        )
        if n is not None
        else _(
            "{label}: {unknown} of {total} rows have an unknown category and are left "
            "out of this table's calculations."
        )
    )
    notes = [
        unknown_note.format(label=t.label, unknown=t.unknown, total=people)
        for t in tables
        if t.unknown
    ]
    if n is not None and scored_above is not None:
        notes.append(
            _(
                "Scoring rate: the share of a category counted in {column} as scoring "
                "above the median score; the median itself is not in the counts."
            ).format(column=scored_above)
        )
    elif score is not None and tables:
        medians = ", ".join(f"{t.label}: {_number(t.median_score)}" for t in tables)
        notes.append(
            _(
                "Scoring rate: the share scoring above the median score of the people with a "
                "known category in each table ({medians})."
            ).format(medians=medians)
        )
    for table in tables:
        notes.extend(table.notes)
    return AuditReport(
        tables,
        notes,
        rows=len(df),
        selected=selected,
        score=score if n is None else scored_above,
        input="rows" if n is None else "counts",
        people=people,
    )


def _number(value) -> str:
    return _("undefined") if value is None else f"{value:g}"


def _distinct_roles(by: list[str], **roles: str | None) -> None:
    """One column, one role: an outcome read as a category would audit nonsense."""
    for column in by:
        if by.count(column) > 1:
            raise InputError(_("this column is named twice as a group"), column=column)
    named = [(role, column) for role, column in roles.items() if column is not None]
    for i, (role, column) in enumerate(named):
        if column in by:
            raise InputError(
                _("the {role} column is also a group column").format(role=_(_ROLE_NAMES[role])),
                column=column,
            )
        for other, same in named[i + 1 :]:
            if same == column:
                raise InputError(
                    _("the {role} column is also the {other} column").format(
                        role=_(_ROLE_NAMES[role]), other=_(_ROLE_NAMES[other])
                    ),
                    column=column,
                )


_ROLE_NAMES = {
    "selected": N_("selected"),
    "score": N_("score"),
    "n": N_("people (n)"),
    "above": N_("scored-above"),
}


class _Prepared:
    """The columns of one audit, parsed once: category codes, outcomes and scores.

    Rows of people keep a boolean outcome and a score per row; rows of counts keep, per
    row, how many people, how many selected and how many scored above the median.
    """

    def __init__(self, df, *, by, selected, score, unknown, n=None, above=None) -> None:
        if selected is None and score is None and above is None:
            raise InputError(_("name an outcome column, a score column or both"), field="selected")
        if n is None and above is not None:
            raise InputError(_("a scored-above count needs the people column (--n)"), field="n")
        if n is not None and score is not None:
            raise InputError(
                _(
                    "with counts, give how many scored above the median (--scored-above), "
                    "not a score column"
                ),
                field="score",
            )
        _distinct_roles(by, selected=selected, score=score, n=n, above=above)
        columns = [*by, *(c for c in (selected, score, n, above) if c is not None)]
        for column in columns:
            if list(df.columns).count(column) > 1:
                raise InputError(_("two columns have this name; rename one"), column=column)
            if column not in df.columns:
                header = ", ".join(map(str, df.columns))
                raise InputError(
                    _("no such column (the columns are: {header})").format(header=header),
                    column=column,
                )
        if len(df) == 0:
            raise InputError(_("there are no data rows to audit"), row=2)
        unknown_words = {str(u).strip().casefold() for u in unknown} | set(DEFAULT_UNKNOWN)
        self.codes = {c: category_codes(df[c], unknown=unknown_words) for c in by}
        self.weights = self.chosen = self.above = self.outcome = self.scores = None
        if n is None:
            self.outcome = outcome_array(df[selected], column=selected) if selected else None
            self.scores = score_array(df[score], column=score) if score else None
            self.people = len(df)
            return
        self.weights = count_array(df[n], column=n)
        self.people = int(self.weights.sum())
        if self.people == 0:
            raise InputError(_("the counts hold no people to audit"), column=n, row=2)
        for role, column in (("chosen", selected), ("above", above)):
            if column is not None:
                counted = count_array(df[column], column=column)
                _at_most(counted, self.weights, series=df[column], column=column, n=n)
                setattr(self, role, counted)

    def combined(self, by: list[str]):
        """Integer codes of each row's category in ``by`` (-1: unknown) and the value tuples.

        Categories are counted by their tuple of values, never by their display name, so
        ``("a / b", "c")`` and ``("a", "b / c")`` stay two categories.
        """
        import numpy as np
        import pandas as pd

        codes, names = self.codes[by[0]]
        values = [(name,) for name in names]
        for column in by[1:]:
            more, more_names = self.codes[column]
            width = len(more_names)
            known = (codes >= 0) & (more >= 0)
            joint = np.where(known, codes.astype(np.int64) * width + more, -1)
            if len(values) * width <= _DENSE_LIMIT:
                seen = np.bincount(joint[known], minlength=len(values) * width)
                present = np.flatnonzero(seen)
                remap = np.full(len(values) * width + 1, -1, dtype=np.int64)
                remap[present] = np.arange(len(present))
                codes = remap[joint]  # -1 lands on the last slot, which stays -1
            else:
                inner, present = pd.factorize(joint[known])
                codes = np.full(len(joint), -1, dtype=np.int64)
                codes[known] = inner
            values = [(*values[int(c) // width], more_names[int(c) % width]) for c in present]
        return codes, values

    def table(self, by: list[str], *, exclude_small: bool, max_categories: int | None, exclude):
        import numpy as np

        codes, values = self.combined(by)
        known = codes >= 0
        size = len(values)
        limit = MAX_CATEGORIES if max_categories is None else max_categories
        if limit and size > limit:
            raise InputError(
                _(
                    "{size} categories, more than the {limit} a table can be read with: is "
                    "this a column of categories, not of ids or free text? To audit it anyway, "
                    "pass --many-categories (max_categories=0 in Python)"
                ).format(size=format_number(size), limit=format_number(limit)),
                column=label_of(tuple(by)),
            )
        n = self._sum(codes, known, self.weights, size)
        chosen = above = median = None
        if self.outcome is not None:
            chosen = np.bincount(codes[known & self.outcome], minlength=size)
        elif self.chosen is not None:
            chosen = self._sum(codes, known, self.chosen, size)
        if self.scores is not None and known.any():
            median = float(np.median(self.scores[known]))
            above = np.bincount(codes[known & (self.scores > median)], minlength=size)
        elif self.above is not None:
            above = self._sum(codes, known, self.above, size)
        labels = [label_of(v) for v in values]
        present = [i for i in np.argsort(labels, kind="stable") if n[i] > 0]
        counts = {
            values[i]: (int(n[i]), int(chosen[i]) if chosen is not None else None) for i in present
        }
        shown = {labels[i] for i in present}
        unknown = int((~known).sum()) if self.weights is None else int(self.weights[~known].sum())
        return audit_counts(
            counts,
            by=by,
            unknown=unknown,
            exclude_small=exclude_small,
            exclude=[name for name in exclude if name in shown],
            above_median={values[i]: int(above[i]) for i in present} if above is not None else None,
            median_score=median,
        )

    @staticmethod
    def _sum(codes, known, weights, size):
        """People (or selected, or above) per category: a row each, or a count each."""
        import numpy as np

        if weights is None:
            return np.bincount(codes[known], minlength=size)
        return (
            np.bincount(codes[known], weights=weights[known], minlength=size)
            .round()
            .astype(np.int64)
        )


def _at_most(counted, people, *, series, column: str, n: str) -> None:
    import numpy as np

    refuse_first(
        np.flatnonzero(counted > people),
        series,
        column=column,
        says=lambda i: _("{counted} is more than the {people} people in {column!r}").format(
            counted=int(counted[i]), people=int(people[i]), column=n
        ),
    )
