"""The "Data request tracker" handout: the register on paper, with how to count the dates.

Its worked examples are computed by :mod:`collective_ai.deadlines` and the law registry
when the pack is built, so the paper always agrees with the letters and the register.
"""

from __future__ import annotations

import datetime as dt

from collective_ai.dates import show_date, show_month, show_weekday
from collective_ai.escaping import escape_html
from collective_ai.i18n import N_, _
from collective_ai.requests.asks import ASKS
from collective_ai.requests.laws import AS_OF, law

#: The columns and their share of the page's width (percent).
COLUMNS = {
    N_("No."): 4,
    N_("Member code"): 9,
    N_("Law"): 8,
    N_("System"): 12,
    N_("Received"): 10,
    N_("Due"): 10,
    N_("Extended to"): 10,
    N_("Status"): 9,
    N_("What came back"): 16,
    N_("Missing"): 12,
}
_RULES = (
    N_("Start from the day the organisation received the letter. That day does not count."),
    N_(
        "GDPR and UK GDPR: one month, to the same date next month. No such date? The last "
        "day of that month. A Saturday or Sunday moves to Monday. Extended: three months "
        "from receipt, and they must tell you within the first month."
    ),
    N_("CCPA: 45 calendar days; 45 more if they tell you within the first 45."),
    N_("No law: the date your letter asked for."),
    N_("Public holidays move a deadline too; look up the ones where the organisation is."),
)
_NAMES = {"eu-gdpr": N_("GDPR (EU and UK)"), "ccpa": N_("CCPA")}
_EXAMPLES = (("eu-gdpr", dt.date(2027, 1, 31)), ("ccpa", dt.date(2026, 12, 7)))


def _example(law_id: str, received: dt.date) -> str:
    rule = law(law_id).rule
    due, extended = rule.due(received), rule.due(received, extended=True)
    name = _(_NAMES[law_id])
    line = _("received {received}, due {weekday} {due}; extended, {extended}.").format(
        received=show_date(received),
        weekday=show_weekday(due),
        due=show_date(due),
        extended=show_date(extended),
    )
    return f"<li><b>{escape_html(name)}</b>: {escape_html(line)}</li>"


def tracker_html() -> str:
    """The tracker's HTML body: a table to fill in and the rules for the dates.

    Returns
    -------
    str
    """
    head = "".join(
        f"<th style='width: {width}%'>{escape_html(_(c))}</th>" for c, width in COLUMNS.items()
    )
    blank = "<tr class='blank-row'>" + "<td></td>" * len(COLUMNS) + "</tr>"
    asks = "".join(f"<li>{escape_html(a.words(group=False)[0])}</li>" for a in ASKS)
    examples = "".join(_example(law_id, day) for law_id, day in _EXAMPLES)
    rules = "".join(f"<li>{escape_html(_(rule))}</li>" for rule in _RULES)
    intro = _(
        "One row for each member's request. Write the member's code, never a name. The law "
        "is stated as of {as_of}; it is not legal advice."
    ).format(as_of=show_month(AS_OF))
    files = _("Machine-readable files (CSV or JSON)")
    title, counting = _("Data request tracker"), _("Counting the due date")
    worked, every = _("Worked examples"), _("Every letter asks for")
    return (
        f"<h1>{escape_html(title)}</h1><p>{escape_html(intro)}</p>"
        f"<table class='log'><thead><tr>{head}</tr></thead><tbody>{blank * 6}</tbody></table>"
        "<div class='keep small' style='display: flex; gap: 1.5em'>"
        f"<div style='flex: 3'><h3>{escape_html(counting)}</h3>"
        f"<ul>{rules}</ul></div>"
        f"<div style='flex: 2'><h3>{escape_html(worked)}</h3><ul>{examples}</ul>"
        f"<h3>{escape_html(every)}</h3>"
        f"<ul>{asks}<li>{escape_html(files)}</li></ul></div></div>"
    )
