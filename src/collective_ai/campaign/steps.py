"""A campaign's steps and the ladder they climb: the registry and the next-rung rules.

Labor Notes describes a campaign that "starts small and builds", turning up the pressure
one action at a time, so that the employer sees each step coming and the members gain
confidence for the next (Labor Notes, "Turn Up the Heat", July 2018). The ladder below is
this course's own order of the steps a committee at work usually has; a committee may
climb it differently. The rules in :func:`next_rung` are ours, written down so that a
committee can see why a step is suggested:

1. Nothing yet: ask for the information first (it costs little and builds the record).
2. An ask with no date for the answer: set one, and write it down.
3. The date has not come: wait, and prepare the next rung.
4. The date has passed with no reply (silence), or the reply refused: climb one rung
   above the highest reached.
5. A partial reply: set a date for the rest.
6. The demand was met: record the win and tell the members.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from collective_ai.dates import show_date
from collective_ai.i18n import N_, _

#: Every kind of step, in the order a form lists them: value -> what it means.
KINDS = {
    "request": N_("information or data request"),
    "demand": N_("demand sent"),
    "deadline": N_("a date for the employer's answer"),
    "reply": N_("the employer's reply"),
    "silence": N_("no reply by the date"),
    "petition": N_("petition"),
    "grievance": N_("grievance"),
    "regulator": N_("complaint or charge to a regulator"),
    "press": N_("going to the press"),
}
#: The rungs, lowest first; other kinds (deadline, reply, silence) are what happened.
LADDER = ("request", "demand", "petition", "grievance", "regulator", "press")
#: Statuses of an action; a reply's status says what it gave.
STATUSES = ("planned", "done", "cancelled")
REPLY_STATUSES = ("met", "partial", "refused")
#: Who can lead a step: a role in the committee, never a person's name.
ROLES = (
    "committee",
    "chair",
    "secretary",
    "steward",
    "chief steward",
    "data lead",
    "health and safety rep",
    "organiser",
    "press contact",
    "members",
)
#: The statuses and roles in words, for what a committee reads (the values stay as stored).
WORDS = {
    "planned": N_("planned"),
    "done": N_("done"),
    "cancelled": N_("cancelled"),
    "met": N_("met"),
    "partial": N_("partial"),
    "refused": N_("refused"),
    "committee": N_("committee"),
    "chair": N_("chair"),
    "secretary": N_("secretary"),
    "steward": N_("steward"),
    "chief steward": N_("chief steward"),
    "data lead": N_("data lead"),
    "health and safety rep": N_("health and safety rep"),
    "organiser": N_("organiser"),
    "press contact": N_("press contact"),
    "members": N_("members"),
}


def show_status(status: str) -> str:
    """A step's status in the language in use (a value the store does not know, as it is)."""
    return _(WORDS[status]) if status in WORDS else status


show_role = show_status  # roles and statuses share one table of words


@dataclass(frozen=True)
class Step:
    """One step of a campaign.

    Parameters
    ----------
    id : int
        The store's number for it.
    campaign : str
        The campaign's name, as the committee typed it.
    kind : str
        A key of :data:`KINDS`.
    date : str
        When (ISO ``YYYY-MM-DD``): done, planned or due.
    lead : str
        The role that leads it (:data:`ROLES`).
    status : str
        One of :data:`STATUSES`, or for a reply one of :data:`REPLY_STATUSES`.
    note : str
        What happened, in the committee's words (no names).
    """

    id: int
    campaign: str
    kind: str
    date: str
    lead: str
    status: str
    note: str = ""

    @property
    def day(self) -> dt.date:
        return dt.date.fromisoformat(self.date)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Suggestion:
    """The next rung: a kind of step (None to wait or when won) and why, in words."""

    kind: str | None
    why: str
    rung: int | None = None  # the position on :data:`LADDER`, 1-based

    def to_dict(self) -> dict:
        return asdict(self)


def _label(kind: str) -> str:
    return _(KINDS[kind])


def _above(highest: int) -> Suggestion:
    if highest >= len(LADDER):
        return Suggestion(
            None,
            _(
                "This is the top of the ladder: bring more members into the "
                "strongest actions already taken, and plan them together."
            ),
        )
    kind = LADDER[highest]
    return Suggestion(kind, "", highest + 1)


def next_rung(steps: list[Step], *, today: dt.date) -> Suggestion:
    """What to do next, from what happened (the rules in this module's docstring).

    Parameters
    ----------
    steps : list of Step
        The campaign's steps, in any order; cancelled ones are ignored.
    today : datetime.date
        The day of the meeting.

    Returns
    -------
    Suggestion
    """
    live = sorted((s for s in steps if s.status != "cancelled"), key=lambda s: (s.date, s.id))
    asks = [s for s in live if s.kind in LADDER and s.status == "done" and s.day <= today]
    if not asks:
        return Suggestion(
            "request",
            _(
                "Nothing has been asked yet: start low on the ladder, with a request for "
                "information. It costs little and starts the record."
            ),
            1,
        )
    highest = max(LADDER.index(s.kind) + 1 for s in asks)
    last = asks[-1]
    after = [s for s in live if s.day >= last.day and s.id != last.id]
    replies = [s for s in after if s.kind == "reply" and s.day <= today]
    if replies:
        reply = replies[-1]
        if reply.status == "met":
            return Suggestion(
                None,
                _(
                    "The {step} was answered in full on {date}: record the win and tell the "
                    "members."
                ).format(step=_label(last.kind), date=show_date(reply.day)),
            )
        if reply.status == "partial":
            return Suggestion(
                "deadline",
                _(
                    "The reply of {date} gave only part of what was asked: set a date for "
                    "the rest, and write it down."
                ).format(date=show_date(reply.day)),
            )
        step = _above(highest)
        return Suggestion(
            step.kind,
            step.why
            or _("The reply of {date} refused: climb one rung, to the {step}.").format(
                date=show_date(reply.day), step=_label(step.kind)
            ),
            step.rung,
        )
    silent = [s for s in after if s.kind == "silence" and s.day <= today]
    dates = [s for s in after if s.kind == "deadline"]
    past = [s for s in dates if s.day < today]
    if silent or past:
        when = (silent or past)[-1].day
        step = _above(highest)
        return Suggestion(
            step.kind,
            step.why
            or _(
                "No reply by {date}: silence past a deadline. Climb one rung, to the {step}."
            ).format(date=show_date(when), step=_label(step.kind)),
            step.rung,
        )
    if dates:
        due = min(s.day for s in dates)
        step = _above(highest)
        if step.kind:
            why = _("The answer is due on {date}: wait for it, and prepare the {step} in case.")
            why = why.format(date=show_date(due), step=_label(step.kind))
        else:
            why = _("The answer is due on {date}: wait for it, and prepare.")
            why = why.format(date=show_date(due))
        return Suggestion(None, why, None)
    return Suggestion(
        "deadline",
        _("The {step} of {date} has no date for an answer: set one, and write it down.").format(
            step=_label(last.kind), date=show_date(last.day)
        ),
    )


def overdue(steps: list[Step], *, today: dt.date) -> list[Step]:
    """Planned steps whose date has passed: the meeting should hear about each."""
    return [s for s in steps if s.status == "planned" and s.day < today]
