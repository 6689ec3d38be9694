"""The request register: which member asked for what, under which law, and when it is due.

It is a table in the committee's store, the evidence log's SQLite file
(:class:`~collective_ai.evidence.store.EvidenceStore`), so it shares that file's WAL
mode, one-writer transactions, fault messages and backups. A member is a code the
committee assigns ("M-07"), never a name. The due date is worked out from the law's own
rule (:meth:`~collective_ai.requests.laws.DeadlineRule.due`) from the day the request was
received, which cannot be in the future. "Overdue" is never stored: a request that is
open or extended is overdue once today is past its due date.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from dataclasses import asdict, dataclass, field

from collective_ai.dates import parse_date, show_date
from collective_ai.errors import InputError
from collective_ai.evidence.validation import check_date
from collective_ai.i18n import N_, _
from collective_ai.requests.laws import law
from collective_ai.requests.letters import typed

TABLE = "data_requests"
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    id INTEGER PRIMARY KEY,
    member TEXT NOT NULL,
    law TEXT NOT NULL,
    system TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    sent TEXT NOT NULL,
    due TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open',
    closed TEXT NOT NULL DEFAULT '',
    returned TEXT NOT NULL DEFAULT '',
    added TEXT NOT NULL
)"""
STORED = ("open", "extended", "answered", "refused")
STATUSES = (*STORED, "overdue")
#: Each status in words, for the list a committee reads (the values stay as stored).
STATUS_WORDS = {
    "open": N_("open"),
    "extended": N_("extended"),
    "answered": N_("answered"),
    "refused": N_("refused"),
    "overdue": N_("overdue"),
}
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,23}")
_COLUMNS = ("id", "member", "law", "system", "organisation", "sent", "due", "status", "closed")


def check_member(code) -> str:
    """A member code such as "M-07": letters, digits, dots, dashes, and at least one digit.

    Parameters
    ----------
    code : object
        What was typed.

    Returns
    -------
    str

    Raises
    ------
    InputError
        Anything else, so a name cannot be stored as a code.
    """
    text = str(code or "").strip()
    if not _CODE.fullmatch(text) or not any(c.isdigit() for c in text):
        raise InputError(
            _(
                "{text!r} is not a member code: use the committee's code, such as M-07 "
                "(letters and digits, no spaces, never a name)"
            ).format(text=text),
            field="member",
        )
    return text


@dataclass(frozen=True)
class DataRequest:
    """One request as the register holds it, with its status worked out for ``today``.

    Parameters
    ----------
    id : int
        The register's number for it.
    member, law, system, organisation : str
        Who asked (a code), under which law, about which system, and of whom.
    sent, due : str
        When it was received and when the answer is due (ISO dates).
    status : str
        open, overdue, extended, answered or refused.
    closed : str
        When it was answered or refused (ISO date), else blank.
    returned : dict
        What came back (the reader's summary), if recorded.
    """

    id: int
    member: str
    law: str
    system: str
    organisation: str
    sent: str
    due: str
    status: str
    closed: str = ""
    returned: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


class RequestRegister:
    """The register in the committee's store (``evidence.sqlite`` under COLLECTIVE_AI_HOME).

    Parameters
    ----------
    path : str or pathlib.Path, optional
        The store's file; by default the evidence log's.
    read_only : bool
        Never write (a missing register reads as empty).
    """

    def __init__(self, path=None, *, read_only: bool = False) -> None:
        from collective_ai.evidence.store import EvidenceStore

        self.store = EvidenceStore(path, read_only=read_only)
        self.path = self.store.path

    def _write(self, work):
        def run(db):
            db.execute(_SCHEMA)
            return work(db)

        return self.store.transaction(run)

    def add(
        self,
        *,
        member,
        law_id: str,
        system,
        sent,
        organisation="",
        reply_days: int | None = None,
        today: dt.date | None = None,
    ) -> int:
        """Record a request and its due date; returns its number.

        Parameters
        ----------
        member : str
            The member's code (never a name).
        law_id : str
            A key of :data:`~collective_ai.requests.laws.LAWS`.
        system, organisation : str
            The system asked about, and the organisation asked.
        sent : str or datetime.date
            The day the organisation received it (for email, the day sent); not in the
            future.
        reply_days : int, optional
            For a request no law covers, the days the letter asked for (30 by default).
        today : datetime.date, optional
            Today's date (for repeatable tests).

        Returns
        -------
        int

        Raises
        ------
        InputError
            A bad code, an unknown law, a blank system, or a date that is not one or is
            in the future.
        """
        values = {
            "member": check_member(member),
            "law": law(law_id).id,
            "system": typed(system, field="system"),
            "organisation": typed(organisation, field="organisation", required=False),
            "sent": check_date(sent, field="sent", today=today),
        }
        rule = law(law_id).rule
        received = dt.date.fromisoformat(values["sent"])
        if reply_days and not rule.statutory:
            days = int(reply_days)
            if not 1 <= days <= 365:
                raise InputError(_("choose 1 to 365 days"), field="reply_days")
            values["due"] = (received + dt.timedelta(days=days)).isoformat()
        else:
            values["due"] = rule.due(received).isoformat()
        values["added"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        names = ", ".join(values)
        marks = ", ".join("?" * len(values))
        return self._write(
            lambda db: (
                db.execute(
                    f"INSERT INTO {TABLE} ({names}) VALUES ({marks})", list(values.values())
                ).lastrowid
            )
        )

    def get(self, request_id: int, *, today: dt.date | None = None) -> DataRequest:
        """One request, or an error naming the number.

        Parameters
        ----------
        request_id : int
            Its number.
        today : datetime.date, optional
            The day its status is worked out for.

        Returns
        -------
        DataRequest

        Raises
        ------
        InputError
            No such request.
        """
        found = [r for r in self.requests(today=today) if r.id == int(request_id)]
        if not found:
            raise InputError(
                _("there is no request {request_id} in {path}").format(
                    request_id=request_id, path=self.path
                ),
                field="id",
            )
        return found[0]

    def requests(self, *, today: dt.date | None = None) -> list[DataRequest]:
        """Every request, by due date, each with its status for ``today``.

        Parameters
        ----------
        today : datetime.date, optional
            The day statuses are worked out for.

        Returns
        -------
        list of DataRequest
        """
        today = today or dt.date.today()
        query = f"SELECT {', '.join(_COLUMNS)}, returned FROM {TABLE} ORDER BY due, id"
        with self.store.reading() as db:
            try:
                rows = db.execute(query).fetchall()
            except sqlite3.OperationalError as error:
                if "no such table" in str(error):
                    return []
                raise
        return [_request(tuple(row), today) for row in rows]

    def due_soon(self, *, days: int = 7, today: dt.date | None = None) -> list[DataRequest]:
        """Requests still waiting whose due date is today or within ``days`` days.

        Parameters
        ----------
        days : int
            How far ahead to look (7: "due this week").
        today : datetime.date, optional
            Today's date.

        Returns
        -------
        list of DataRequest
        """
        today = today or dt.date.today()
        end = (today + dt.timedelta(days=days)).isoformat()
        return [
            r
            for r in self.requests(today=today)
            if r.status in ("open", "extended") and today.isoformat() <= r.due <= end
        ]

    def extend(self, request_id: int, *, told, today: dt.date | None = None) -> DataRequest:
        """The organisation said it needs the extension the law allows: move the due date.

        Parameters
        ----------
        request_id : int
            The request.
        told : str or datetime.date
            The day it said so; the law lets it extend only within the first period.
        today : datetime.date, optional
            Today's date.

        Returns
        -------
        DataRequest
            The request as it now stands.

        Raises
        ------
        InputError
            A law with no extension, one already extended or closed, or notice given
            after the first due date (then the request is overdue, not extended).
        """
        current = self.get(request_id, today=today)
        rule = law(current.law).rule
        day = parse_date(check_date(told, field="told", today=today), field="told")
        if not rule.extendable:
            raise InputError(_("this law allows no extension"), field="id")
        if current.status not in ("open", "overdue"):
            raise InputError(
                _("request {request_id} is {status}").format(
                    request_id=request_id, status=current.status
                ),
                field="id",
            )
        if day > dt.date.fromisoformat(current.due):
            raise InputError(
                _(
                    "the law allows an extension only if you are told by {date}; {date_b} is "
                    "too late, so the request is overdue"
                ).format(date=show_date(current.due), date_b=show_date(day)),
                field="told",
            )
        due = rule.due(dt.date.fromisoformat(current.sent), extended=True).isoformat()
        self._set(request_id, status="extended", due=due)
        return self.get(request_id, today=today)

    def close(
        self, request_id: int, *, status: str, on, returned: dict | None = None, today=None
    ) -> DataRequest:
        """Mark a request answered or refused, with what came back.

        Parameters
        ----------
        request_id : int
            The request.
        status : {"answered", "refused"}
            What happened.
        on : str or datetime.date
            When; not in the future.
        returned : dict, optional
            What came back (:meth:`~collective_ai.requests.reader.ReturnSummary.to_dict`).
        today : datetime.date, optional
            Today's date.

        Returns
        -------
        DataRequest

        Raises
        ------
        InputError
            Another status, a bad date, or no such request.
        """
        if status not in ("answered", "refused"):
            raise InputError(_("choose answered or refused"), field="status")
        self.get(request_id, today=today)
        changes = {"status": status, "closed": check_date(on, field="on", today=today)}
        if returned is not None:
            changes["returned"] = json.dumps(returned, ensure_ascii=False, sort_keys=True)
        self._set(request_id, **changes)
        return self.get(request_id, today=today)

    def record_return(self, request_id: int, returned: dict, *, today=None) -> DataRequest:
        """Keep what came back with a request, leaving its status as it is.

        Parameters
        ----------
        request_id : int
            The request.
        returned : dict
            The reader's summary.
        today : datetime.date, optional
            Today's date.

        Returns
        -------
        DataRequest
        """
        self.get(request_id, today=today)
        self._set(request_id, returned=json.dumps(returned, ensure_ascii=False, sort_keys=True))
        return self.get(request_id, today=today)

    def _set(self, request_id: int, **changes) -> None:
        assignments = ", ".join(f"{k} = ?" for k in changes)
        self._write(
            lambda db: db.execute(
                f"UPDATE {TABLE} SET {assignments} WHERE id = ?", [*changes.values(), request_id]
            )
        )


def _request(row: tuple, today: dt.date) -> DataRequest:
    *fields, returned = row
    values = dict(zip(_COLUMNS, fields, strict=True))
    if values["status"] in ("open", "extended") and values["due"] < today.isoformat():
        values["status"] = "overdue"
    return DataRequest(**values, returned=json.loads(returned) if returned else {})
