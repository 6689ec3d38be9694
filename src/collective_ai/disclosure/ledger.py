"""The ledger of everything a group released from each survey: one SQLite file.

A new table is safe only together with every table released before it, so each release is
written down: what it counted (its spec), which counts it showed and their values, and which
version of the responses it came from. A version is the set of rows, kept as keyed hashes
(SipHash with a secret key made for that survey), so that the next release can tell old
answers from new ones without the ledger holding any answer, name or free text.

The file lives in the committee's data folder (``$COLLECTIVE_AI_HOME``, else the course's
user data folder) beside the evidence log. A release is decided and written inside one
immediate transaction, so two people releasing at once are checked one after the other.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import secrets
import sqlite3
import string
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from collective_ai.errors import InputError
from collective_ai.i18n import _

FILE_NAME = "survey-releases.sqlite"
SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS surveys (
    name TEXT PRIMARY KEY, salt TEXT NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS versions (
    survey TEXT NOT NULL REFERENCES surveys(name), seq INTEGER NOT NULL,
    rows INTEGER NOT NULL, hashes BLOB NOT NULL, created TEXT NOT NULL,
    PRIMARY KEY (survey, seq));
CREATE TABLE IF NOT EXISTS releases (
    id INTEGER PRIMARY KEY, survey TEXT NOT NULL REFERENCES surveys(name),
    version INTEGER NOT NULL, spec TEXT NOT NULL, entries TEXT NOT NULL, made TEXT NOT NULL)
"""


def default_path() -> Path:
    """``$COLLECTIVE_AI_HOME/survey-releases.sqlite``, else the course's user data folder."""
    from collective_ai.demands.drafts import data_home

    return data_home() / FILE_NAME


@dataclass
class Release:
    """One recorded release: its spec, the version it counted, and its counts.

    ``entries`` holds ``(key, shown, value)``; ``value`` is None for a hidden count, which
    the ledger never stores.
    """

    spec: dict
    version: int
    entries: list[tuple]


@dataclass
class SurveyBook:
    """One survey's history, read inside the transaction that may add to it."""

    name: str
    salt: str
    versions: list[np.ndarray]
    releases: list[Release]
    _db: sqlite3.Connection = field(repr=False)

    def row_hashes(self, frame) -> np.ndarray:
        """Keyed 64-bit hashes of a DataFrame's rows (every column, as text), in order.

        pandas' row hash is SipHash-2-4 keyed with the survey's secret, so a ledger's
        hashes cannot be matched against guessed answers by anyone without that key.
        """
        import pandas as pd

        text = frame.astype(str).astype(object)
        hashed = pd.util.hash_pandas_object(text, index=False, hash_key=self.salt)
        return hashed.to_numpy(dtype=np.uint64)

    def add_version(self, hashes: np.ndarray) -> int:
        """Record a new version of the responses; returns its number (1 for the first)."""
        seq = len(self.versions) + 1
        ordered = np.sort(np.asarray(hashes, dtype=np.uint64))
        self._db.execute(
            "INSERT INTO versions (survey, seq, rows, hashes, created) VALUES (?, ?, ?, ?, ?)",
            (self.name, seq, len(ordered), ordered.tobytes(), _now()),
        )
        self.versions.append(ordered)
        return seq

    def record(self, *, spec: dict, version: int, entries: list[tuple]) -> None:
        """Write down a release: shown counts with their values, hidden ones without."""
        stored = [
            [list(key), bool(shown), int(value) if shown else None] for key, shown, value in entries
        ]
        self._db.execute(
            "INSERT INTO releases (survey, version, spec, entries, made) VALUES (?, ?, ?, ?, ?)",
            (self.name, version, _dumps(spec), json.dumps(stored), _now()),
        )
        self.releases.append(
            Release(dict(spec), version, [(k, s, v if s else None) for k, s, v in entries])
        )


class ReleaseLedger:
    """Every survey's releases, in one SQLite file (``":memory:"`` for a throwaway one).

    Parameters
    ----------
    path : str or pathlib.Path, optional
        The ledger file; by default ``survey-releases.sqlite`` in the course's data folder.

    Raises
    ------
    InputError
        The file is not a ledger, is damaged, or its folder does not exist.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self._memory = path == ":memory:"
        self.path = Path(path) if path not in (None, ":memory:") else default_path()
        if self._memory:
            self._shared = sqlite3.connect(":memory:", isolation_level=None)
        else:
            self._shared = None
            if not self.path.parent.is_dir():
                if path is not None:
                    raise InputError(
                        _("the folder {folder} does not exist").format(folder=self.path.parent),
                        field="ledger",
                    )
                self.path.parent.mkdir(parents=True, exist_ok=True)

    def __str__(self) -> str:
        return _("a ledger kept in memory") if self._memory else str(self.path)

    @contextlib.contextmanager
    def survey(self, name: str):
        """The survey's :class:`SurveyBook`, holding the ledger's write lock until the end.

        What the block records is committed when it ends without an error, and rolled
        back otherwise, so a release that failed half way leaves no trace.
        """
        self._refuse_foreign()
        with self._connection() as db:
            try:
                db.execute("BEGIN IMMEDIATE")
                _migrate(db, self)
                book = _read(db, name)
            except sqlite3.DatabaseError as error:
                _rollback(db)
                raise self._damaged(error) from None
            try:
                yield book
                db.execute("COMMIT")
            except BaseException:
                _rollback(db)
                raise

    def releases(self, name: str) -> list[Release]:
        """The survey's releases, oldest first (empty for a survey never released)."""
        with self.survey(name) as book:
            return list(book.releases)

    def _refuse_foreign(self) -> None:
        """Look before writing: another program's database, or a ledger made by a newer
        version, is refused before anything (even the journal mode) changes in it."""
        if self._shared is not None or not self.path.is_file() or not self.path.stat().st_size:
            return
        try:
            with contextlib.closing(
                sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
            ) as db:
                version = db.execute("PRAGMA user_version").fetchone()[0]
                tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        except sqlite3.DatabaseError as error:
            raise self._damaged(error) from None
        _check_version(version, tables, self)

    @contextlib.contextmanager
    def _connection(self):
        if self._shared is not None:
            yield self._shared
            return
        try:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            db.execute("PRAGMA busy_timeout = 30000")
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode = WAL")
        except sqlite3.DatabaseError as error:
            raise self._damaged(error) from None
        try:
            yield db
        finally:
            db.close()

    def _damaged(self, error) -> InputError:
        return InputError(
            _(
                "{ledger} is not a survey release ledger or is damaged ({error}); it was left "
                "as it was. Restore a backup, or name another file"
            ).format(ledger=self, error=error),
            field="ledger",
        )


def _check_version(version: int, tables: int, ledger: ReleaseLedger) -> None:
    if version > SCHEMA_VERSION:
        raise InputError(
            _(
                "{ledger} was made by a newer version of the course; update the package (it "
                "was left as it was)"
            ).format(ledger=ledger),
            field="ledger",
        )
    if version < SCHEMA_VERSION and tables:
        raise InputError(
            _(
                "{ledger} belongs to another program (it has tables but is no ledger); it was "
                "left as it was"
            ).format(ledger=ledger),
            field="ledger",
        )


def _migrate(db: sqlite3.Connection, ledger: ReleaseLedger) -> None:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    _check_version(version, tables, ledger)
    if version == SCHEMA_VERSION:
        return
    for statement in _SCHEMA.split(";"):
        db.execute(statement)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _read(db: sqlite3.Connection, name: str) -> SurveyBook:
    row = db.execute("SELECT salt FROM surveys WHERE name = ?", (name,)).fetchone()
    if row is None:
        alphabet = string.ascii_letters + string.digits
        salt = "".join(secrets.choice(alphabet) for _char in range(16))
        db.execute(
            "INSERT INTO surveys (name, salt, created) VALUES (?, ?, ?)", (name, salt, _now())
        )
    else:
        salt = str(row[0])
    versions = [
        np.frombuffer(bytes(blob), dtype=np.uint64).copy()
        for (blob,) in db.execute(
            "SELECT hashes FROM versions WHERE survey = ? ORDER BY seq", (name,)
        )
    ]
    releases = [
        Release(json.loads(spec), version, [(_tupled(k), s, v) for k, s, v in json.loads(entries)])
        for spec, version, entries in db.execute(
            "SELECT spec, version, entries FROM releases WHERE survey = ? ORDER BY id", (name,)
        )
    ]
    return SurveyBook(name, salt, versions, releases, db)


def _tupled(value):
    """JSON lists back to the tuples keys were made of."""
    if isinstance(value, list):
        return tuple(_tupled(v) for v in value)
    return value


def _dumps(spec: dict) -> str:
    return json.dumps(spec, sort_keys=True, ensure_ascii=False)


def _rollback(db: sqlite3.Connection) -> None:
    with contextlib.suppress(sqlite3.Error):
        db.execute("ROLLBACK")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
