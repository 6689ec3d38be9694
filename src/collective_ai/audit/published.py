"""Read a published bias-audit table, as a steward types it into a spreadsheet.

One row per category; the columns (header names compared case-insensitively):

- ``table`` (required): which analysis the row belongs to, e.g. ``sex``, ``race``,
  ``sex / race``; rows with the same value form one table;
- ``category`` (required): the category; intersectional ones join their parts with
  ``" / "`` (``Female / Asian``) in the order of the tables they come from; a row named
  Unknown, Missing or NA (or a ``--unknown`` value) gives the unknown count;
- ``applicants`` (required): people in the category (``1,234`` is read as 1234);
- ``selected``: how many were selected (for a scoring tool: scored above the median);
- ``rate``: the printed rate, as ``0.874`` or ``87.4%``;
- ``impact_ratio``: the printed impact ratio, as ``0.96``.

Printed figures keep their decimal places, so the check knows how they were rounded.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from collective_ai.errors import InputError
from collective_ai.i18n import _, format_number

REQUIRED_COLUMNS = ("table", "category", "applicants")
OPTIONAL_COLUMNS = ("selected", "rate", "impact_ratio")


@dataclass
class Printed:
    """A number as the publisher printed it: its exact value and its last decimal place."""

    text: str
    value: Fraction
    places: int

    @property
    def unit(self) -> Fraction:
        return Fraction(1, 10**self.places)


@dataclass
class PublishedRow:
    """One line of the steward's CSV."""

    line: int
    table: str
    category: str
    applicants: int
    selected: int | None
    rate: Printed | None
    ratio: Printed | None


_NUMBER = re.compile(r"^[+]?(\d+)(?:\.(\d*))?$|^[+]?\.(\d+)$")


def parse_printed(text: str, *, column: str, row: int, percent_allowed: bool) -> Printed | None:
    """``"79.5%"`` -> 0.795 with 3 places; ``"0.80"`` -> 0.8 with 2 places; blank -> None."""
    raw = text.strip()
    if raw in ("", "-", "–", "—") or raw.casefold() in ("na", "n/a"):
        return None
    number = raw.replace(",", ".") if raw.count(",") == 1 and "." not in raw else raw
    percent = number.endswith("%")
    if percent:
        if not percent_allowed:
            raise InputError(
                _("{raw!r}: write an impact ratio as a decimal, e.g. 0.85").format(raw=raw),
                column=column,
                row=row,
            )
        number = number[:-1].strip()
    found = _NUMBER.match(number)
    if not found:
        raise InputError(_("{raw!r} is not a number").format(raw=raw), column=column, row=row)
    decimals = found.group(2) or found.group(3) or ""
    value = Fraction(number)
    places = len(decimals) + (2 if percent else 0)
    if percent:
        value /= 100
    if column == "rate" and value > 1:
        raise InputError(
            _("{raw!r} is above 1; write a percentage with %, e.g. 40%").format(raw=raw),
            column=column,
            row=row,
        )
    return Printed(text=raw, value=value, places=places)


def _count(text: str, *, column: str, row: int, required: bool) -> int | None:
    raw = text.strip().replace(",", "").replace(" ", "").replace("\u00a0", "")
    if raw == "":
        if required:
            raise InputError(_("this count is blank"), column=column, row=row)
        return None
    if not raw.isdigit():
        raise InputError(
            _("{raw!r} is not a whole number of people").format(raw=text.strip()),
            column=column,
            row=row,
        )
    return int(raw)


def read_published(source) -> list[PublishedRow]:
    """Rows of a published table typed as CSV (a path or bytes); see the module docstring."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(_("the file is not UTF-8 text; save it as CSV UTF-8"), row=1) from None
    if not text.strip():
        raise InputError(_("the file is empty: it needs a header row naming the columns"), row=1)
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip().casefold() for h in next(reader)]
    for column in REQUIRED_COLUMNS:
        if column not in header:
            raise InputError(
                _("no such column (the header has: {header})").format(header=", ".join(header)),
                column=column,
                row=1,
            )
    rows = []
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise InputError(
                _("this row has {n} fields but the header has {header}").format(
                    n=len(cells), header=len(header)
                ),
                row=line,
            )
        cell = dict(zip(header, cells, strict=True))
        table, category = cell["table"].strip(), cell["category"].strip()
        if not table:
            raise InputError(
                _("name the table this row belongs to (e.g. sex)"), column="table", row=line
            )
        rows.append(
            PublishedRow(
                line=line,
                table=table,
                category=category,
                applicants=_count(cell["applicants"], column="applicants", row=line, required=True),
                selected=_count(
                    cell.get("selected", ""), column="selected", row=line, required=False
                ),
                rate=parse_printed(
                    cell.get("rate", ""), column="rate", row=line, percent_allowed=True
                ),
                ratio=parse_printed(
                    cell.get("impact_ratio", ""),
                    column="impact_ratio",
                    row=line,
                    percent_allowed=False,
                ),
            )
        )
    if not rows:
        raise InputError(_("there are no data rows to check"), row=2)
    for row in rows:
        if row.selected is not None and row.selected > row.applicants:
            raise InputError(
                _("{selected} selected out of {n} applicants").format(
                    selected=row.selected, n=row.applicants
                ),
                column="selected",
                row=row.line,
            )
    return rows


#: Published tables bundled with the book, typed in this layout: name -> file in ``data/``.
#: ``bloomberg-plum-2023``: the summary of Bloomberg's 2023 audit of the PLUM assessment
#: (Resolution Economics, July 3, 2023), as transcribed in the dataset of Gerchick et al.,
#: "Auditing the Audits" (FAccT 2025). ``constructed``: made up for the exercise.
EXAMPLES = {
    "bloomberg-plum-2023": "published_bloomberg_plum_2023.csv",
    "constructed": "published_constructed_example.csv",
}


def example_path(name: str) -> Path:
    """Where a bundled published table lives inside the installed package."""
    from importlib import resources

    if name not in EXAMPLES:
        raise InputError(
            _("no such example (there are: {names})").format(names=", ".join(EXAMPLES)),
            field="name",
        )
    return Path(str(resources.files("collective_ai") / "data" / EXAMPLES[name]))


def printed_html(rows: list[PublishedRow], *, table: str) -> str:
    """One table as the employer printed it (counts, rates, ratios), as an HTML table."""
    from collective_ai.escaping import escape_html as h

    columns = (_("Category"), _("Applicants"), _("Selected"), _("Selection rate"))
    head = "".join(f'<th scope="col">{c}</th>' for c in (*columns, _("Impact ratio")))
    body = "".join(
        f'<tr><th scope="row">{h(r.category)}</th><td>{format_number(r.applicants)}</td>'
        f"<td>{'–' if r.selected is None else format_number(r.selected)}</td>"
        f"<td>{h(r.rate.text) if r.rate else '–'}</td>"
        f"<td>{h(r.ratio.text) if r.ratio else '–'}</td></tr>"
        for r in rows
        if r.table == table
    )
    caption = _("As published: by {name}").format(name=h(table))
    return (
        f"<table><caption>{caption}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )
