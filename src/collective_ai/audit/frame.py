"""Audit a DataFrame: read its columns as people have them, count, and build tables.

Row numbers in error messages count as a spreadsheet does: the header is row 1, so the
DataFrame's first row is row 2 (the CSV reader keeps a plain 0-based index).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from collective_ai.audit.columns import category_codes, outcome_array, score_array
from collective_ai.audit.tables import DEFAULT_UNKNOWN, AuditTable, audit_counts, label_of
from collective_ai.errors import InputError

#: More categories than this in one table and the audit refuses to run unless asked: a
#: table this long cannot be read, and it usually means an id or free-text column.
MAX_CATEGORIES = 1000

#: Up to this many possible combinations, an intersection is counted in a dense array.
_DENSE_LIMIT = 1 << 22


@dataclass
class AuditReport:
    """One audit: a table per group column, the intersection, and notes for the reader."""

    tables: list[AuditTable]
    notes: list[str] = field(default_factory=list)
    rows: int = 0
    selected: str | None = None
    score: str | None = None

    def to_dict(self) -> dict:
        return {"tables": [t.to_dict() for t in self.tables], "notes": list(self.notes)}

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
) -> AuditTable:
    """The audit table of ``df`` grouped by ``by`` (several columns: their intersection).

    ``selected`` names a column of booleans, 0/1 or words (yes/no, true/false,
    selected/rejected); ``score`` a numeric column. Rows whose category is blank, NA or
    one of ``unknown`` are counted in ``table.unknown`` and left out of every rate.
    ``max_categories`` (default :data:`MAX_CATEGORIES`) refuses a table too long to read;
    pass ``0`` to allow any number.
    """
    by = [by] if isinstance(by, str) else list(by)
    prepared = _Prepared(df, by=by, selected=selected, score=score, unknown=unknown)
    return prepared.table(by, exclude_small=exclude_small, max_categories=max_categories)


def audit(
    df,
    *,
    groups: list[str] | str,
    selected: str | None,
    score: str | None = None,
    unknown=(),
    exclude_small: bool = False,
    max_categories: int | None = None,
) -> AuditReport:
    """Audit ``df`` by each group column and, with several, by their intersection.

    This is the layout Local Law 144's rules ask for: sex, race/ethnicity, and sex by
    race/ethnicity (6 RCNY 5-301(b)(3)). ``max_categories``: as for :func:`audit_table`.
    """
    groups = [groups] if isinstance(groups, str) else list(groups)
    if not groups:
        raise InputError("name at least one group column", field="groups")
    prepared = _Prepared(df, by=groups, selected=selected, score=score, unknown=unknown)
    options = {"exclude_small": exclude_small, "max_categories": max_categories}
    tables = [prepared.table([column], **options) for column in groups]
    if len(groups) > 1:
        tables.append(prepared.table(groups, **options))
    notes = [
        f"{t.label}: {t.unknown} of {len(df)} rows have an unknown category and are left "
        "out of this table's calculations."
        for t in tables
        if t.unknown
    ]
    if score is not None and tables:
        median = tables[0].median_score
        notes.append(
            f"Scoring rate: the share scoring above the median score of the people with a "
            f"known category ({_number(median)} for {tables[0].label})."
        )
    for table in tables:
        notes.extend(table.notes)
    return AuditReport(tables, notes, rows=len(df), selected=selected, score=score)


def _number(value) -> str:
    return "undefined" if value is None else f"{value:g}"


def _distinct_roles(by: list[str], *, selected: str | None, score: str | None) -> None:
    """One column, one role: an outcome read as a category would audit nonsense."""
    for column in by:
        if by.count(column) > 1:
            raise InputError("this column is named twice as a group", column=column)
    roles = {"selected": selected, "score": score}
    for role, column in roles.items():
        if column is not None and column in by:
            raise InputError(f"the {role} column is also a group column", column=column)
    if selected is not None and selected == score:
        raise InputError("the selected column is also the score column", column=selected)


class _Prepared:
    """The columns of one audit, parsed once: category codes, outcomes and scores."""

    def __init__(self, df, *, by, selected, score, unknown) -> None:
        if selected is None and score is None:
            raise InputError("name an outcome column, a score column or both", field="selected")
        _distinct_roles(by, selected=selected, score=score)
        columns = [*by, *(c for c in (selected, score) if c is not None)]
        for column in columns:
            if list(df.columns).count(column) > 1:
                raise InputError("two columns have this name; rename one", column=column)
            if column not in df.columns:
                header = ", ".join(map(str, df.columns))
                raise InputError(f"no such column (the columns are: {header})", column=column)
        if len(df) == 0:
            raise InputError("there are no data rows to audit", row=2)
        unknown_words = {str(u).strip().casefold() for u in unknown} | set(DEFAULT_UNKNOWN)
        self.codes = {c: category_codes(df[c], unknown=unknown_words) for c in by}
        self.outcome = outcome_array(df[selected], column=selected) if selected else None
        self.scores = score_array(df[score], column=score) if score else None

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

    def table(self, by: list[str], *, exclude_small: bool, max_categories: int | None):
        import numpy as np

        codes, values = self.combined(by)
        known = codes >= 0
        size = len(values)
        limit = MAX_CATEGORIES if max_categories is None else max_categories
        if limit and size > limit:
            raise InputError(
                f"{size:,} categories, more than the {limit:,} a table can be read with: is "
                "this a column of categories, not of ids or free text? To audit it anyway, "
                "pass --many-categories (max_categories=0 in Python)",
                column=label_of(tuple(by)),
            )
        n = np.bincount(codes[known], minlength=size)
        chosen = None
        if self.outcome is not None:
            chosen = np.bincount(codes[known & self.outcome], minlength=size)
        above, median = None, None
        if self.scores is not None and known.any():
            median = float(np.median(self.scores[known]))
            above = np.bincount(codes[known & (self.scores > median)], minlength=size)
        labels = [label_of(v) for v in values]
        present = [i for i in np.argsort(labels, kind="stable") if n[i] > 0]
        counts = {
            values[i]: (int(n[i]), int(chosen[i]) if chosen is not None else None) for i in present
        }
        return audit_counts(
            counts,
            by=by,
            unknown=int((~known).sum()),
            exclude_small=exclude_small,
            above_median={values[i]: int(above[i]) for i in present} if above is not None else None,
            median_score=median,
        )
