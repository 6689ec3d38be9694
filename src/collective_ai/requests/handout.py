"""The "Data request tracker" handout: the register on paper, with how to count the dates.

Its worked examples are computed by :mod:`collective_ai.deadlines` and the law registry
when the pack is built, so the paper always agrees with the letters and the register.
"""

from __future__ import annotations

import datetime as dt

from collective_ai.dates import show_date
from collective_ai.escaping import escape_html
from collective_ai.requests.laws import AS_OF, ASKS, law

#: The columns and their share of the page's width (percent).
COLUMNS = {
    "No.": 4,
    "Member code": 9,
    "Law": 8,
    "System": 12,
    "Received": 10,
    "Due": 10,
    "Extended to": 10,
    "Status": 9,
    "What came back": 16,
    "Missing": 12,
}
_EXAMPLES = (("eu-gdpr", dt.date(2027, 1, 31)), ("ccpa", dt.date(2026, 12, 7)))


def _example(law_id: str, received: dt.date) -> str:
    rule = law(law_id).rule
    due, extended = rule.due(received), rule.due(received, extended=True)
    name = {"eu-gdpr": "GDPR (EU and UK)", "ccpa": "CCPA"}[law_id]
    return (
        f"<li><b>{escape_html(name)}</b>: received {show_date(received)}, due "
        f"{due:%A} {show_date(due)}; extended, {show_date(extended)}.</li>"
    )


def tracker_html() -> str:
    """The tracker's HTML body: a table to fill in and the rules for the dates.

    Returns
    -------
    str
    """
    head = "".join(
        f"<th style='width: {width}%'>{escape_html(c)}</th>" for c, width in COLUMNS.items()
    )
    blank = "<tr class='blank-row'>" + "<td></td>" * len(COLUMNS) + "</tr>"
    asks = "".join(f"<li>{escape_html(a.words(group=False)[0])}</li>" for a in ASKS)
    examples = "".join(_example(law_id, day) for law_id, day in _EXAMPLES)
    return (
        "<h1>Data request tracker</h1>"
        "<p>One row for each member's request. Write the member's code, never a name. "
        f"The law is stated as of {escape_html(AS_OF)}; it is not legal advice.</p>"
        f"<table class='log'><thead><tr>{head}</tr></thead><tbody>{blank * 6}</tbody></table>"
        "<div class='keep small' style='display: flex; gap: 1.5em'>"
        "<div style='flex: 3'><h3>Counting the due date</h3><ul>"
        "<li>Start from the day the organisation received the letter. That day does not "
        "count.</li>"
        "<li>GDPR and UK GDPR: one month, to the same date next month. No such date? The "
        "last day of that month. A Saturday or Sunday moves to Monday. Extended: three "
        "months from receipt, and they must tell you within the first month.</li>"
        "<li>CCPA: 45 calendar days; 45 more if they tell you within the first 45.</li>"
        "<li>No law: the date your letter asked for.</li>"
        "<li>Public holidays move a deadline too; look up the ones where the organisation "
        "is.</li></ul></div>"
        f"<div style='flex: 2'><h3>Worked examples</h3><ul>{examples}</ul>"
        f"<h3>Every letter asks for</h3><ul>{asks}<li>Machine-readable files (CSV or JSON)"
        "</li></ul></div></div>"
    )
