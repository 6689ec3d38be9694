"""One printable page for a committee meeting: where the campaign stands and what is next.

The page is an HTML body in the handouts' print style (:mod:`collective_ai.workshop.render`),
so it prints on one sheet from a browser, and to PDF with the same headless Chromium that
prints the handouts. Everything the committee typed is escaped; the ladder marks the rung
reached in words and with a sign, never by colour alone.
"""

from __future__ import annotations

import datetime as dt

from collective_ai.campaign.steps import (
    KINDS,
    LADDER,
    Step,
    next_rung,
    overdue,
    show_role,
    show_status,
)
from collective_ai.dates import show_date
from collective_ai.escaping import escape_html as esc
from collective_ai.i18n import _
from collective_ai.workshop.render import page_html as wrap
from collective_ai.workshop.render import print_pdf

EXTRA = """<style>
.campaign h1 { font-size: 17pt; }
.campaign table { font-size: 10pt; border-collapse: collapse; width: 100%; }
.campaign th, .campaign td { border: 1.2px solid #000; padding: 0.3em 0.45em; text-align: left;
  vertical-align: top; }
.campaign .next { border: 2.5px solid #000; padding: 0.4em 0.7em; margin: 0.5em 0; }
.campaign table.ladder td { width: 16.6%; } .campaign table.ladder td.next { border-width: 3px; }
.campaign .line { border-bottom: 1px solid #000; height: 1.9em; }
@media screen { .campaign { max-width: 50em; margin: 0 auto; padding: 1em; } }
@media screen and (max-width: 40em) { .campaign table { display: block; overflow-x: auto; } }
</style>"""


def title_of(campaign: str) -> str:
    return _("Campaign: {name}").format(name=campaign)


def page_body(campaign: str, steps: list[Step], *, today: dt.date, lines: int = 5) -> str:
    """The page's HTML body (escaped) for :func:`collective_ai.workshop.render.page_html`.

    Parameters
    ----------
    campaign : str
        The campaign's name.
    steps : list of Step
        Its steps.
    today : datetime.date
        The meeting's day: what is overdue and what is next are judged from it.
    lines : int
        Blank lines for the meeting's notes.

    Returns
    -------
    str
    """
    suggestion = next_rung(steps, today=today)
    reached = {s.kind for s in steps if s.kind in LADDER and s.status == "done"}
    done, up = esc(_("done")), esc(_("next"))
    ladder = "".join(
        f'<td class="{"next" if k == suggestion.kind else ""}">{i}. {esc(_(KINDS[k]))}'
        + (f"<br><strong>{done} &#10003;</strong>" if k in reached else "")
        + (f"<br><strong>{up} &#9654;</strong>" if k == suggestion.kind else "")
        + "</td>"
        for i, k in enumerate(LADDER, start=1)
    )
    none_yet = esc(_("No steps recorded yet."))
    rows = (
        "".join(
            f"<tr><td>{esc(show_date(s.date))}</td><td>{esc(_(KINDS[s.kind]))}</td>"
            f"<td>{esc(show_role(s.lead))}</td><td>{esc(show_status(s.status))}</td>"
            f"<td>{esc(s.note)}</td></tr>"
            for s in sorted(steps, key=lambda s: (s.date, s.id))
        )
        or f'<tr><td colspan="5">{none_yet}</td></tr>'
    )
    late = overdue(steps, today=today)
    late_items = "; ".join(
        f"{esc(_(KINDS[s.kind]))} ({esc(show_date(s.date))}, {esc(show_role(s.lead))})"
        for s in late
    )
    planned = esc(_("Planned but not done by now:"))
    late_html = f"<p><strong>{planned}</strong> {late_items}.</p>" if late else ""
    kind = _(KINDS[suggestion.kind]) if suggestion.kind else ""
    what = f"<strong>{esc(kind[:1].upper() + kind[1:])}.</strong> " if kind else ""
    line = '<div class="line"></div>'
    decided = esc(_("Decided at this meeting"))
    notes = f"<h2>{decided}</h2>{line * lines}" if lines else ""
    stands = _("Where the campaign stands on {date}. Roles, not names.").format(
        date=show_date(today)
    )
    heads = [_("Date"), _("Step"), _("Who leads"), _("Status"), _("What happened")]
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in heads)
    words = {
        "next": _("Next rung"),
        "ladder": _("The ladder"),
        "happened": _("What has happened"),
    }
    words = {key: esc(value) for key, value in words.items()}
    return (
        f'{EXTRA}<div class="campaign"><h1>{esc(title_of(campaign))}</h1>'
        f"<p>{esc(stands)}</p>"
        f'<div class="next"><h2>{words["next"]}</h2><p>{what}{esc(suggestion.why)}</p></div>'
        f"{late_html}"
        f'<h2>{words["ladder"]}</h2><table class="ladder"><tr>{ladder}</tr></table>'
        f"<h2>{words['happened']}</h2><table><thead><tr>{head}</tr></thead>"
        f"<tbody>{rows}</tbody></table>{notes}</div>"
    )


def page_html(campaign: str, steps: list[Step], *, today: dt.date) -> str:
    """The whole page, to open in a browser and print.

    Parameters
    ----------
    campaign : str
        The campaign's name.
    steps : list of Step
        Its steps.
    today : datetime.date
        The meeting's day.

    Returns
    -------
    str
    """
    return wrap(title_of(campaign), page_body(campaign, steps, today=today))


def page_pdf(campaign: str, steps: list[Step], *, today: dt.date, paper: str = "letter") -> bytes:
    """The page as a PDF, printed by headless Chromium as the handouts are.

    Parameters
    ----------
    campaign : str
        The campaign's name.
    steps : list of Step
        Its steps.
    today : datetime.date
        The meeting's day.
    paper : {"letter", "a4"}
        The paper size.

    Returns
    -------
    bytes

    Raises
    ------
    InputError
        An unknown paper size, or no Chromium.
    """
    return print_pdf(title_of(campaign), page_body(campaign, steps, today=today), paper=paper)
