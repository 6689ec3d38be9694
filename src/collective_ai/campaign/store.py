"""A campaign's steps, kept in the committee's evidence log (one SQLite file).

The steps live in a table of their own inside the log, so the log's safeguards hold for
them too: WAL and one immediate transaction per write (many writers at once), refusal of
a file that is not a log, read-only opening for ``list`` and ``page``, and the log's
backup and damage check (:mod:`collective_ai.evidence.backup`). The table is made by the
first write, inside that write's transaction; a log without it reads as no steps.
"""

from __future__ import annotations

import datetime as dt

from collective_ai.campaign.steps import KINDS, REPLY_STATUSES, ROLES, STATUSES, Step
from collective_ai.dates import parse_date
from collective_ai.demands.document import clean_text
from collective_ai.errors import InputError
from collective_ai.evidence.store import EvidenceStore
from collective_ai.evidence.validation import check_text
from collective_ai.i18n import _

TABLE = """
CREATE TABLE IF NOT EXISTS campaign_steps (
    id INTEGER PRIMARY KEY,
    campaign TEXT NOT NULL,
    kind TEXT NOT NULL,
    date TEXT NOT NULL,
    lead TEXT NOT NULL,
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    added TEXT NOT NULL
)
"""
MAX_TEXT = 2000
_COLUMNS = "id, campaign, kind, date, lead, status, note"


def step_values(*, campaign, kind, date, lead, status, note="", today: dt.date) -> dict:
    """The fields of a step, checked; an InputError names the first bad one.

    A step that was done (or a reply that came) cannot be in the future; a planned step
    or a deadline can.
    """
    name = " ".join(clean_text(check_text(campaign, field="campaign")).split())
    if not name:
        raise InputError(
            _("is empty: name the campaign, such as 'PickRate targets'"), field="campaign"
        )
    if kind not in KINDS:
        raise InputError(
            _("choose one of {value}, not {kind!r}").format(value=", ".join(KINDS), kind=kind),
            field="kind",
        )
    if lead not in ROLES:
        raise InputError(
            _("give a role, one of {value} (never a name)").format(value=", ".join(ROLES)),
            field="lead",
        )
    allowed = REPLY_STATUSES if kind == "reply" else STATUSES
    if status not in allowed:
        raise InputError(
            _("for a {kind}, choose one of {value}").format(kind=kind, value=", ".join(allowed)),
            field="status",
        )
    day = parse_date(date, field="date")
    future_ok = kind == "deadline" or status == "planned"
    if day > today and not future_ok:
        raise InputError(
            _(
                "{value} is in the future; a step that happened has a past date (mark it "
                "planned if it is to come)"
            ).format(value=day.isoformat()),
            field="date",
        )
    note = clean_text(check_text(note, field="note"))
    if len(note) > MAX_TEXT:
        raise InputError(_("is over {max_text} characters").format(max_text=MAX_TEXT), field="note")
    return {
        "campaign": name,
        "kind": kind,
        "date": day.isoformat(),
        "lead": lead,
        "status": status,
        "note": note,
    }


class CampaignLog:
    """The campaigns in an evidence log file.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        The log file (by default ``evidence.sqlite`` in ``COLLECTIVE_AI_HOME``).
    read_only : bool
        Never write (``list``, ``next``, ``page``).
    """

    def __init__(self, path=None, *, read_only: bool = False) -> None:
        self.store = EvidenceStore(path, read_only=read_only)
        self.path = self.store.path

    def add(self, *, today: dt.date | None = None, **fields) -> int:
        """Record a step (see :func:`step_values`); its id."""
        values = step_values(today=today or dt.date.today(), **fields)
        values["added"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")

        def work(db):
            db.execute(TABLE)
            names = ", ".join(values)
            marks = ", ".join("?" * len(values))
            return db.execute(
                f"INSERT INTO campaign_steps ({names}) VALUES ({marks})", list(values.values())
            ).lastrowid

        return self.store.transaction(work)

    def steps(self, campaign: str | None = None) -> list[Step]:
        """A campaign's steps (every campaign's, without a name), in date order."""

        with self.store.reading() as db:
            found = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'campaign_steps'")
            if found.fetchone() is None:
                return []
            where, args = (
                ("WHERE campaign = ? COLLATE NOCASE", (campaign,)) if campaign else ("", ())
            )
            rows = db.execute(
                f"SELECT {_COLUMNS} FROM campaign_steps {where} ORDER BY date, id", args
            )
            return [Step(*tuple(row)) for row in rows]

    def campaigns(self) -> list[str]:
        """The campaigns' names, in the order they were started."""
        return list(dict.fromkeys(s.campaign for s in sorted(self.steps(), key=lambda s: s.id)))
