"""Survey responses as form tools export them: Google Forms, Microsoft Forms, KoboToolbox.

The file is read by the audit's CSV reader (:func:`collective_ai.audit.csvinput.read_audit_csv`):
UTF-8 with or without a byte-order mark, comma or semicolon, errors naming row and column.
This module only recognises the layouts:

- **Google Forms**: a first column ``Timestamp``, an ``Email Address`` column when the form
  collected addresses, one column per question headed by its text; a checkbox question's
  answers share one cell, separated by ``", "``.
- **Microsoft Forms**: ``ID``, ``Start time``, ``Completion time``, ``Email``, ``Name``
  (and, in newer exports, ``Last modified time``) before the questions; a multiple-choice
  cell lists answers each followed by ``;``.
- **KoboToolbox**: semicolons by default; questions inside a group are headed
  ``group/question``; metadata columns ``start``, ``end``, ``_id``, ``_uuid``,
  ``_submission_time``, ``_index`` and the like; a select-multiple cell holds the chosen
  answers separated by spaces (and, with "split select multiples", one extra 1/0 column
  per answer, named ``question/answer``).

Columns that say who answered (by their header or their values, see
:mod:`~collective_ai.evidence.identifying`) are dropped on import and listed in ``dropped``
with the reason in ``reasons``, so no table or export can show them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from collective_ai.audit.csvinput import header_of, read_audit_csv, read_columns
from collective_ai.errors import InputError
from collective_ai.evidence.identifying import identifying_header, identifying_values, is_free_text
from collective_ai.i18n import N_, _

GOOGLE, MICROSOFT, KOBO, SPREADSHEET = (
    "google-forms",
    "microsoft-forms",
    "kobotoolbox",
    "spreadsheet",
)
LAYOUT_NAMES = {
    GOOGLE: "Google Forms",
    MICROSOFT: "Microsoft Forms",
    KOBO: "KoboToolbox",
    SPREADSHEET: "a spreadsheet",
}
NO_ANSWER = N_("No answer")  # a key in every count; shown with shown_answer()

_METADATA = re.compile(
    r"^(timestamp|id|start time|completion time|last modified time|start|end|today|"
    r"_id|_uuid|_submission_time|_validation_status|_notes|_status|_tags|_index|"
    r"_version_|__version__|meta/instanceid|meta/rootuuid|_attachments|_geolocation|"
    r"_xform_id_string|_parent_index|_parent_table_name)$",
    re.I,
)


@dataclass
class Responses:
    """One row per respondent, every column as text, identifying columns removed.

    Parameters
    ----------
    frame : pandas.DataFrame
        The answers, every cell a string (blank for no answer).
    layout : str
        The form tool the file came from (Google Forms, Microsoft Forms, KoboToolbox or a
        plain spreadsheet), which decides how multi-select answers are read.
    dropped : list of str
        Columns removed because they could identify someone (names, emails).
    reasons : dict of str to str
        Why each was removed, in words (never its values).
    source : str, pathlib.Path or bytes, optional
        The file, read again to tell its rows apart from an earlier version's.
    """

    frame: object  # pandas.DataFrame
    layout: str
    dropped: list[str] = field(default_factory=list)
    reasons: dict = field(default_factory=dict)
    source: object = field(default=None, repr=False)
    _every: object = field(default=None, init=False, repr=False, compare=False)

    @property
    def columns(self) -> list[str]:
        """The columns a table may use: questions and breakdowns (no metadata)."""
        names = [c for c in self.frame.columns if not _METADATA.match(c.strip())]
        parents = set(names)
        # KoboToolbox's one-column-per-answer columns belong to their question.
        return [c for c in names if "/" not in c or c.rsplit("/", 1)[0] not in parents]

    def __len__(self) -> int:
        return len(self.frame)

    def resolve(self, name: str, *, field_name: str) -> str:
        """The column a person means: its header, or a bank question's id or text."""
        from collective_ai.evidence.bank import find_question

        columns = list(self.frame.columns)
        if name in columns and _METADATA.match(name.strip()):
            raise InputError(
                _(
                    "this column is the form tool's own record of when or how the form was "
                    "filled in, not a question; it cannot be counted"
                ),
                field=field_name,
                column=name,
            )
        if name in columns:
            return name
        wanted = find_question(name)
        for column in columns:
            if wanted is not None and find_question(column) == wanted:
                return column
        if name.strip() in self.reasons or identifying_header(name):
            why = self.reasons.get(name.strip()) or _asks_for(name)
            raise InputError(
                _("this column says who answered ({why}); it was removed on import").format(
                    why=why
                ),
                field=field_name,
                column=name,
            )
        shown = ", ".join(self.columns)
        raise InputError(
            _("no such column (the file has: {columns})").format(columns=shown),
            field=field_name,
            column=name,
        )

    def is_text(self, column: str, *, multi: bool) -> bool:
        """True when ``column`` holds free text: most answers given by one person each.

        A bank question is never free text (its answers are the bank's options).
        """
        from collective_ai.evidence.bank import find_question

        if find_question(column) is not None:
            return False
        if multi:
            return is_free_text(self.split(column).explode())
        return is_free_text(self.frame[column])

    def load(self, column: str) -> None:
        """Read one more column of the file, such as one an earlier release counted."""
        if column in self.reasons:
            raise InputError(
                _("this column says who answered; it was removed on import"), column=column
            )
        every = self.all_columns()
        if column not in every.columns:
            raise InputError(
                _(
                    "an earlier release of this survey counted this column, and the file no "
                    "longer has it; release from a file that does"
                ),
                column=column,
            )
        self.frame[column] = _stripped(every[column]).to_numpy()

    def all_columns(self):
        """Every column of the file, identifying ones too (for row hashes); read once."""
        if self._every is None:
            header = [c for c in header_of(self.source) if c]
            self._every = read_columns(self.source, text=header, numbers=[])
        return self._every

    def split(self, column: str):
        """A Series of lists: the answers of a multi-select cell, as the layout writes them."""
        series = self.frame[column].astype(str)
        if self.layout == MICROSOFT:
            parts = series.str.split(";")
        elif self.layout == KOBO and self._kobo_split_columns(column):
            return self._from_kobo_split_columns(column)
        elif self.layout == KOBO:
            parts = series.str.split()
        else:
            parts = series.str.split(", ")
        return parts.map(lambda items: [i.strip() for i in items if i.strip()] or [NO_ANSWER])

    def _kobo_split_columns(self, column: str) -> list[str]:
        return [c for c in self.frame.columns if c.startswith(column + "/")]

    def _from_kobo_split_columns(self, column: str):
        """Kobo's one-column-per-answer form: names with spaces survive it."""
        chosen = {
            c[len(column) + 1 :]: self.frame[c].str.lower().isin(("1", "true", "yes"))
            for c in self._kobo_split_columns(column)
        }
        rows = zip(*chosen.values(), strict=True)
        names = list(chosen)
        import pandas as pd

        picked = [
            [n for n, on in zip(names, row, strict=True) if on] or [NO_ANSWER] for row in rows
        ]
        return pd.Series(picked, index=self.frame.index)


def detect_layout(columns: list[str]) -> str:
    """Which form tool wrote a header (see the module docstring for each layout)."""
    lowered = {c.strip().lower() for c in columns}
    if {"_uuid", "_submission_time"} & lowered or {"_id", "_index"} <= lowered:
        return KOBO
    if {"start time", "completion time"} <= lowered:
        return MICROSOFT
    if columns and columns[0].strip().lower() == "timestamp":
        return GOOGLE
    return SPREADSHEET


def read_responses(source, *, columns=None) -> Responses:
    """Read a CSV of responses as text, recognising its layout and dropping identifiers.

    Parameters
    ----------
    source : str, pathlib.Path or bytes
        The file, or its bytes (an upload).
    columns : iterable of (str, str), optional
        The only columns to read, each as ``(name, field)``: a header or a bank question's
        id or text, and the field an error names. KoboToolbox one-column-per-answer
        columns that belong to them come too. A summary of 100,000 responses then reads
        a few columns, not every question.

    Returns
    -------
    Responses

    Raises
    ------
    InputError
        A file that is not a readable CSV, two columns with one name, no question
        columns, or a column in ``columns`` it does not have.
    """
    header = header_of(source)
    if len(set(header)) != len(header):
        seen = set()
        twice = next(c for c in header if c in seen or seen.add(c))
        raise InputError(_("two columns have this name; rename one"), column=twice, row=1)
    reasons = {c: _asks_for(c) for c in header if c and identifying_header(c)}
    keep = [c for c in header if c and c not in reasons]
    if not keep:
        raise InputError(_("the file has no question columns"), row=1)
    layout = detect_layout(header)
    if columns is not None:
        probe = Responses(_EmptyFrame(keep), layout, list(reasons), reasons)
        wanted = [probe.resolve(name, field_name=field) for name, field in columns]
        keep = [c for c in keep if c in wanted or any(c.startswith(w + "/") for w in wanted)]
    every = None
    if columns is None:  # the whole file, read once: it also gives the rows' hashes
        every = read_columns(source, text=[c for c in header if c], numbers=[])
        frame = every[keep].copy()
    else:
        frame = read_audit_csv(source, groups=keep, selected=None)
    for column in frame.columns:
        frame[column] = _stripped(frame[column])
        if _METADATA.match(column.strip()):
            continue  # the form tool's own record: never a question, never counted
        why = identifying_values(frame[column])
        if why:
            reasons[column] = why
    frame = frame.drop(columns=[c for c in frame.columns if c in reasons])
    if frame.shape[1] == 0:
        raise InputError(_("the file has no question columns"), row=1)
    responses = Responses(frame, layout, list(reasons), reasons, source)
    responses._every = every
    return responses


class _EmptyFrame:
    """Just enough of a DataFrame for :meth:`Responses.resolve` to work on a header."""

    def __init__(self, columns: list[str]) -> None:
        self.columns = columns


def shown_answer(answer: str) -> str:
    """An answer as a table shows it: the course's own words for a blank one translated,
    what people answered as they wrote it."""
    from collective_ai.evidence.cells import WROTE_SOMETHING

    return _(answer) if answer in (NO_ANSWER, WROTE_SOMETHING) else answer


def _asks_for(header: str) -> str:
    """Why an identifying header was dropped, in the language in use."""
    return _("it asks for {what}").format(what=_(identifying_header(header)))


def _stripped(series):
    """Text with surrounding spaces removed, done once per distinct answer, not per row."""
    import numpy as np

    categories = np.asarray(series.cat.categories.astype(str).str.strip(), dtype=object)
    codes = series.cat.codes.to_numpy()
    values = np.where(codes >= 0, categories.take(np.maximum(codes, 0)), "")
    return type(series)(values, index=series.index, name=series.name, dtype=object)


def answers_of(responses: Responses, column: str, *, multi: bool):
    """The answers in ``column``: a Series of text, or of lists when ``multi``."""
    if multi:
        return responses.split(column)
    return responses.frame[column].where(responses.frame[column] != "", NO_ANSWER)
