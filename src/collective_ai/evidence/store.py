"""The evidence log: one SQLite file a group keeps, safe with many writers at once.

A committee pools what its members see: which systems are in use (a *system* record) and
what they did to people (an *incident* record). The file is SQLite from the standard
library in WAL mode, so readers never block the one writer and twenty people adding at the
same moment all land: each write is one ``BEGIN IMMEDIATE`` transaction, and a writer that
finds the file busy waits (``busy_timeout``) instead of failing.

There is no field for a person's name. Whoever reports an incident is a pseudonymous code
the group assigns (``reporter``), kept out of every export unless asked for.

The file carries a schema version (``PRAGMA user_version``); :data:`MIGRATIONS` brings an
older log up to date inside one transaction when it is opened for writing. A file that is
not a log is refused before anything is written to it, and a log opened ``read_only``
(``evidence list``, ``export``) is never written at all, so it can sit on a read-only
medium; :mod:`~collective_ai.evidence.faults` names what is wrong with a file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from dataclasses import asdict, dataclass
from pathlib import Path

from collective_ai.errors import InputError
from collective_ai.evidence import faults
from collective_ai.evidence.faults import closing as _closing
from collective_ai.evidence.validation import (
    INCIDENT_FIELDS,
    SYSTEM_FIELDS,
    incident_values,
    system_values,
)
from collective_ai.i18n import _

FILE_NAME = "evidence.sqlite"

#: Step ``i`` takes a file from schema version ``i`` to ``i + 1``.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE systems (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        vendor TEXT NOT NULL DEFAULT '',
        decides TEXT NOT NULL DEFAULT '',
        affects TEXT NOT NULL DEFAULT '',
        location TEXT NOT NULL DEFAULT '',
        since TEXT NOT NULL DEFAULT '',
        known_from TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE incidents (
        id INTEGER PRIMARY KEY,
        system_id INTEGER NOT NULL REFERENCES systems(id),
        date TEXT NOT NULL,
        what TEXT NOT NULL DEFAULT '',
        effect TEXT NOT NULL,
        action TEXT NOT NULL DEFAULT '',
        outcome TEXT NOT NULL DEFAULT '',
        affected_group TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        reporter TEXT NOT NULL DEFAULT ''
    );
    """,
    """
    ALTER TABLE incidents ADD COLUMN added TEXT NOT NULL DEFAULT '';
    CREATE INDEX incidents_by_date ON incidents(date);
    CREATE INDEX incidents_by_system ON incidents(system_id);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

#: Narrative fields: left out of an export unless the committee asks for them.
FREE_TEXT = ("what", "action", "outcome", "source", "known_from", "reporter")


class _Record:
    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class System(_Record):
    """An AI system the group has seen at work: what it decides and about whom.

    Parameters
    ----------
    id : int
        The log's number for it.
    name, vendor : str
        What workers call it, and who sells it (if known).
    decides, affects : str
        What it decides ("units picked per hour"), and about whom.
    location, since : str
        Where it is used, and since when (``YYYY-MM``).
    known_from : str
        How the group knows of it (free text, left out of exports unless asked for).
    """

    id: int
    name: str
    vendor: str = ""
    decides: str = ""
    affects: str = ""
    location: str = ""
    since: str = ""
    known_from: str = ""


@dataclass(frozen=True)
class Incident(_Record):
    """One thing a system did to someone, as a steward would log it, with no name in it.

    Parameters
    ----------
    id : int
        The log's number for it.
    system : str
        The system's name.
    date, effect : str
        When (``YYYY-MM-DD``) and what happened ("written up", "hours cut").
    what, action, outcome, source : str
        What happened in words, what the group did, what came of it, and where the
        account comes from (free text, left out of exports unless asked for).
    affected_group : str
        Who it happened to, as a group ("night shift"), never a person.
    reporter : str
        The group's code for whoever reported it (never a name).
    """

    id: int
    system: str
    date: str
    effect: str
    what: str = ""
    action: str = ""
    outcome: str = ""
    affected_group: str = ""
    source: str = ""
    reporter: str = ""


# Incident's fields in order: id, system, date, effect, then the rest.
_INCIDENT_COLUMNS = (
    "id",
    "system",
    "date",
    "effect",
    "what",
    "action",
    "outcome",
    "affected_group",
    "source",
    "reporter",
)


def default_path() -> Path:
    """``$COLLECTIVE_AI_HOME/evidence.sqlite``, else the course's user data folder."""
    from collective_ai.demands.drafts import data_home

    return data_home() / FILE_NAME


# ------------------------------------------------------------------------------ store


class EvidenceStore:
    """An evidence log file: SQLite, one transaction per call, so processes can share it.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        The log file; by default ``evidence.sqlite`` in the course's data folder. Opened
        for writing, a new or empty file becomes a log and an older log is migrated.
    read_only : bool
        Never write to the file (a missing one reads as an empty log); works on a
        read-only medium.

    Raises
    ------
    InputError
        ``path`` is in a folder that does not exist.
    collective_ai.evidence.faults.LogFault
        The file is not a log (left unchanged), is damaged, a folder, or from a newer
        version of the course.
    """

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.read_only = read_only
        found = faults.Found("missing")
        if not self.path.parent.is_dir():
            if path is not None:
                raise InputError(
                    _("the folder {folder} does not exist").format(folder=self.path.parent),
                    field="db",
                )
            if not read_only:
                self.path.parent.mkdir(parents=True, exist_ok=True)
        else:
            found = faults.inspect(self.path, supported=SCHEMA_VERSION)
        self._absent = read_only and found.state != "log"
        if not read_only and (
            found.state != "log" or found.version < SCHEMA_VERSION or not found.wal
        ):
            self._migrate()

    # --- connection ------------------------------------------------------------------

    def connect(self) -> sqlite3.Connection:
        """A connection to the log; read-only when the store is or the medium is."""
        if self._absent:  # read-only and no log yet: an empty one in memory
            db = sqlite3.connect(":memory:", isolation_level=None)
            db.executescript(";".join(MIGRATIONS))
            return db
        if self.read_only or not faults.writable(self.path):
            return faults.open_read_only(self.path)
        return faults.connect(self.path)

    @contextlib.contextmanager
    def _session(self):
        """A connection for one call; an SQLite error leaves it as a fault in words."""
        try:
            with _closing(self.connect()) as db:
                yield db
        except sqlite3.Error as error:
            raise faults.as_fault(error, self.path) from None

    def _migrate(self) -> None:
        with self._session() as db:
            faults.retry_locked(lambda: db.execute("PRAGMA journal_mode = WAL"))
            db.execute("BEGIN IMMEDIATE")
            try:
                # Judged again inside the transaction: another process may have just made it.
                version = db.execute("PRAGMA user_version").fetchone()[0]
                tables = {r[0] for r in db.execute(faults.TABLE_NAMES)}
                found = faults.classify(self.path, version, tables, supported=SCHEMA_VERSION)
                for step in MIGRATIONS[found.version :]:
                    for statement in step.split(";"):
                        if statement.strip():
                            db.execute(statement)
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise

    def transaction(self, work):
        """Run ``work(db)`` in one immediate transaction and return what it returns.

        Other parts of the committee's store (the request register, the campaign) keep their own tables
        in this file and write them through here: one writer at a time, all or nothing.
        """
        return self._write(work)

    def reading(self):
        """A connection for reading, as a context manager; SQLite errors become faults."""
        return self._session()

    def copy_to(self, target: sqlite3.Connection) -> None:
        """Copy the log into ``target`` with SQLite's online backup (one consistent state)."""
        with self._session() as db:
            db.backup(target)

    def version(self) -> int:
        with self._session() as db:
            return db.execute("PRAGMA user_version").fetchone()[0]

    def _write(self, work):
        """Run ``work(db)`` in one immediate transaction (one writer at a time)."""
        if self.read_only:
            raise faults.LogFault(
                "read-only", _("{path} was opened read-only").format(path=self.path)
            )
        with self._session() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                out = work(db)
                db.execute("COMMIT")
                return out
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise

    # --- systems ---------------------------------------------------------------------

    def add_system(self, name: str, **details) -> int:
        """Record a system (or fill in details of one already known by that name); its id."""
        values = system_values(name, details)
        return self._write(lambda db: _upsert_system(db, values))

    def systems(self) -> list[System]:
        with self._session() as db:
            rows = db.execute(f"SELECT id, {', '.join(SYSTEM_FIELDS)} FROM systems ORDER BY name")
            return [System(**dict(r)) for r in rows]

    # --- incidents -------------------------------------------------------------------

    def add_incident(
        self, *, system: str, date: str, effect: str, today: dt.date | None = None, **details
    ) -> int:
        """Record an incident with a system (added to the inventory if new); its id.

        ``details`` may hold the incident's other fields, ``reporter`` (a pseudonymous
        code) and the system's own fields (``decides``, ``location``, ...).
        """
        system_details = {k: details.pop(k) for k in list(details) if k in SYSTEM_FIELDS}
        values = incident_values(date, effect, details, today=today)
        system_row = system_values(system, system_details)

        def work(db):
            values["system_id"] = _upsert_system(db, system_row)
            values["added"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            names = ", ".join(values)
            marks = ", ".join("?" * len(values))
            cursor = db.execute(
                f"INSERT INTO incidents ({names}) VALUES ({marks})", list(values.values())
            )
            return cursor.lastrowid

        return self._write(work)

    def update_incident(self, incident_id: int, *, today: dt.date | None = None, **changes) -> None:
        """Change fields of an incident (a widget's edit); unknown ids are an error."""
        current = self.incident(incident_id)
        merged = {**current.to_dict(), **changes}
        values = incident_values(
            merged["date"],
            merged["effect"],
            {k: merged[k] for k in (*INCIDENT_FIELDS, "reporter") if k not in ("date", "effect")},
            today=today,
        )
        system_row = system_values(merged["system"], {})

        def work(db):
            values["system_id"] = _upsert_system(db, system_row)
            assignments = ", ".join(f"{k} = ?" for k in values)
            db.execute(
                f"UPDATE incidents SET {assignments} WHERE id = ?", [*values.values(), incident_id]
            )

        self._write(work)

    def delete_incident(self, incident_id: int) -> None:
        """Remove an incident (the widget asks for confirmation first)."""
        self.incident(incident_id)
        self._write(lambda db: db.execute("DELETE FROM incidents WHERE id = ?", (incident_id,)))

    def incident(self, incident_id: int) -> Incident:
        found = [i for i in self._incidents("WHERE i.id = ?", (incident_id,))]
        if not found:
            raise InputError(
                _("there is no incident {id} in {path}").format(id=incident_id, path=self.path),
                field="id",
            )
        return found[0]

    def incidents(self) -> list[Incident]:
        """Every incident, oldest first (a timeline)."""
        return self._incidents("", ())

    def _incidents(self, where: str, parameters) -> list[Incident]:
        fields = ", ".join(f"i.{f}" for f in _INCIDENT_COLUMNS[4:])
        query = (
            f"SELECT i.id, s.name, i.date, i.effect, {fields} FROM incidents i "
            f"JOIN systems s ON s.id = i.system_id {where} ORDER BY i.date, i.id"
        )
        with self._session() as db:
            db.row_factory = None  # plain tuples: 10,000 rows in a few hundredths of a second
            return [Incident(*row) for row in db.execute(query, parameters)]

    def count(self) -> int:
        with self._session() as db:
            return db.execute("SELECT count(*) FROM incidents").fetchone()[0]


def _upsert_system(db, values: dict) -> int:
    """The id of the system called ``values['name']``; blanks in the record are filled in."""
    row = db.execute("SELECT * FROM systems WHERE name = ?", (values["name"],)).fetchone()
    if row is None:
        names = ", ".join(values)
        cursor = db.execute(
            f"INSERT INTO systems ({names}) VALUES ({', '.join('?' * len(values))})",
            list(values.values()),
        )
        return cursor.lastrowid
    fill = {k: v for k, v in values.items() if k != "name" and v and not row[k]}
    if fill:
        assignments = ", ".join(f"{k} = ?" for k in fill)
        db.execute(f"UPDATE systems SET {assignments} WHERE id = ?", [*fill.values(), row["id"]])
    return row["id"]
