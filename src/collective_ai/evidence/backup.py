"""Copy an evidence log safely, and check one for damage.

A log kept for years on one laptop or a passed-round stick will one day be damaged; the
remedy is a backup made while it was sound. :func:`backup` uses SQLite's online backup
API, which copies one consistent state of the log even while others are adding to it,
checks the copy, and writes it whole or not at all. :func:`check` runs SQLite's integrity
check and counts the incidents that can still be read, so a committee knows what it has
before it restores.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from collective_ai.errors import InputError
from collective_ai.evidence import faults
from collective_ai.evidence.store import SCHEMA_VERSION, EvidenceStore
from collective_ai.files import describe_failure, write_atomic
from collective_ai.i18n import _

MAX_PROBLEMS = 10


def backup(store: EvidenceStore, out: str | Path) -> Path:
    """Write a checked copy of ``store``'s log to ``out`` (atomically); return its path.

    The copy is made in memory from one read transaction, checked with SQLite's
    ``quick_check``, then written beside ``out`` and renamed over it, so a damaged log or
    a full disk never replaces an earlier good backup.
    """
    out = Path(out)
    if out.is_dir():
        raise InputError(_("{path} is a folder; give a file name").format(path=out), field="out")
    if not out.parent.is_dir():
        raise InputError(
            _("the folder {folder} does not exist").format(folder=out.parent), field="out"
        )
    if out.exists() and out.resolve() == store.path.resolve():
        raise InputError(
            _("{path} is the log itself; give another file name").format(path=out), field="out"
        )
    if not store.path.exists():
        raise faults.missing(store.path)
    memory = sqlite3.connect(":memory:")
    try:
        store.copy_to(memory)
        verdict = memory.execute("PRAGMA quick_check").fetchone()[0]
        if verdict != "ok":
            raise faults.damaged(
                store.path, _("{verdict}; no backup was written").format(verdict=verdict)
            )
        data = memory.serialize()
    except sqlite3.Error as error:
        raise faults.as_fault(error, store.path) from None
    finally:
        memory.close()
    try:
        return write_atomic(out, data)
    except OSError as error:
        raise InputError(
            _("{path} was not written: {why}").format(path=out, why=describe_failure(error)),
            field="out",
        ) from None


@dataclass(frozen=True)
class Health:
    """What :func:`check` found.

    ``problems`` is empty for a sound log; ``readable`` lists the ids of the incidents
    that can be read in full, and ``systems`` counts the systems (None when unreadable).
    """

    path: Path
    version: int
    readable: list[int]
    systems: int | None
    problems: list[str] = field(default_factory=list)

    @property
    def sound(self) -> bool:
        return not self.problems


def check(path: str | Path) -> Health:
    """Check the log at ``path`` without changing it; raises a fault for a non-log."""
    path = Path(path)
    try:
        found = faults.inspect(path, supported=SCHEMA_VERSION)
    except faults.LogFault as fault:
        if fault.kind != "damaged":
            raise
        return Health(path, 0, [], None, [fault.detail or "the log cannot be opened"])
    if found.state != "log":
        raise faults.missing(path)
    with faults.closing(faults.open_read_only(path)) as db:
        problems = _integrity(db)
        readable = _readable_ids(db)
        try:
            systems = db.execute("SELECT count(*) FROM systems").fetchone()[0]
        except sqlite3.DatabaseError as error:
            systems = None
            problems = problems or [str(error)]
    return Health(path, found.version, readable, systems, problems)


def _integrity(db) -> list[str]:
    try:
        rows = [r[0] for r in db.execute(f"PRAGMA integrity_check({MAX_PROBLEMS})")]
    except sqlite3.DatabaseError as error:
        return [str(error)]
    return [] if rows == ["ok"] else rows


def _readable_ids(db) -> list[int]:
    """Ids of incidents read whole, scanning from each end: damage in the middle of the
    table stops one scan, and the other reads on from the far side of it."""
    found: set[int] = set()
    for order in ("ASC", "DESC"):
        try:
            for row in db.execute(f"SELECT * FROM incidents ORDER BY rowid {order}"):
                found.add(row[0])
        except sqlite3.DatabaseError:
            continue
    return sorted(found)


def ranges(ids: list[int]) -> str:
    """``[1, 2, 3, 7]`` as ``"1-3, 7"``."""
    spans: list[list[int]] = []
    for number in ids:
        if spans and number == spans[-1][1] + 1:
            spans[-1][1] = number
        else:
            spans.append([number, number])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)
