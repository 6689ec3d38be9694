"""What is wrong with an evidence log file, found without changing it and said in words.

A steward told "not an evidence log" may delete the file, so each fault says what it is
(damaged, read-only, a full disk, a folder, a newer schema, another program's database)
and what to do about it, in one line. Finding out never writes: :func:`inspect` and
:func:`open_read_only` open the file with SQLite's ``mode=ro``, so another program's
database keeps every byte and its modification time, and a log on a read-only medium (a
USB stick passed round) can still be read.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

from collective_ai.errors import InputError
from collective_ai.i18n import N_, _

HEADER = b"SQLite format 3\x00"
TABLES = frozenset({"systems", "incidents"})
TABLE_NAMES = "SELECT name FROM sqlite_master WHERE type = 'table'"
BUSY_TIMEOUT_MS = 60_000


class LogFault(InputError):
    """A log that cannot be used as asked; ``kind`` names the fault, ``str()`` says it.

    ``kind`` is one of ``damaged``, ``read-only``, ``disk-full``, ``folder``, ``newer``,
    ``foreign`` (another program's file, left unchanged), ``missing`` and ``unreadable``.
    """

    def __init__(self, kind: str, message: str, *, detail: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.detail = detail
        self.field = "db"


_UNUSABLE = N_("{path} could not be used ({error})")


def damaged(path: Path, detail: str = "") -> LogFault:
    why = f" ({detail})" if detail else ""
    return LogFault(
        "damaged",
        _(
            "{path} is a damaged evidence log{why}: restore a backup; "
            "`evidence check` shows what can still be read"
        ).format(path=path, why=why),
        detail=detail,
    )


def folder(path: Path) -> LogFault:
    return LogFault(
        "folder",
        _(
            "{path} is a folder, not an evidence log file: give --db a file name, "
            "or move the folder out of the way"
        ).format(path=path),
    )


def newer(path: Path, version: int, supported: int) -> LogFault:
    return LogFault(
        "newer",
        _(
            "{path} was made by a newer version of the course (schema {version}; this one "
            "reads up to {supported}): update the package; the file was left unchanged"
        ).format(path=path, version=version, supported=supported),
    )


def foreign(path: Path, what: str, *, advice: str = "") -> LogFault:
    return LogFault(
        "foreign",
        _("{path} is not an evidence log: {what}; it was left unchanged: {advice}").format(
            path=path,
            what=what,
            advice=advice or _("give --db the log's own file, or a new file name to start one"),
        ),
    )


def missing(path: Path) -> LogFault:
    return LogFault(
        "missing",
        _("there is no evidence log at {path} yet: `evidence add` starts one").format(path=path),
    )


def read_only(path: Path) -> LogFault:
    return LogFault(
        "read-only",
        _(
            "{path} is on a read-only disk or cannot be written, so nothing was changed: "
            "copy it to a writable folder and give --db that copy"
        ).format(path=path),
    )


def disk_full(path: Path) -> LogFault:
    return LogFault(
        "disk-full",
        _(
            "the disk holding {path} is full, so nothing was changed: free some space and try again"
        ).format(path=path),
    )


def translate(error: BaseException, path: Path) -> LogFault | None:
    """The fault an SQLite or OS error on ``path`` stands for; None when it is not one.

    None means a mistake in the code (a constraint, a misused API), which should stay a
    traceback rather than be blamed on the file.
    """
    if isinstance(error, LogFault):
        return error
    if isinstance(error, OSError):
        return _os_fault(error, path)
    if not isinstance(error, sqlite3.Error):
        return None
    code = (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return damaged(path, str(error))
    if code == sqlite3.SQLITE_FULL:
        return disk_full(path)
    if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM):
        return read_only(path)
    if code == sqlite3.SQLITE_CANTOPEN:
        if path.is_dir():
            return folder(path)
        if not writable(path):
            return read_only(path)
    if code == sqlite3.SQLITE_IOERR and disk_is_full(path):
        return disk_full(path)  # SQLite could not even size its -shm file
    if code == sqlite3.SQLITE_BUSY:
        return LogFault(
            "busy",
            _(
                "{path} stayed locked by another program for a minute: close it there and try again"
            ).format(path=path),
        )
    if code in (sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PROTOCOL):
        return LogFault("unreadable", _(_UNUSABLE).format(path=path, error=error))
    return None


def as_fault(error: BaseException, path: Path) -> BaseException:
    """:func:`translate`'s fault, else ``error`` itself, for ``raise ... from None``."""
    return translate(error, path) or error


def _os_fault(error: OSError, path: Path) -> LogFault:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return disk_full(path)
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return read_only(path)
    if error.errno == errno.EISDIR:
        return folder(path)
    return LogFault("unreadable", _(_UNUSABLE).format(path=path, error=error.strerror or error))


def disk_is_full(path: Path) -> bool:
    """Whether the disk holding ``path`` has less than 1 MB left (after an I/O error)."""
    try:
        info = os.statvfs(path.parent)
    except (OSError, AttributeError):
        return False
    return info.f_bavail * info.f_frsize < 1 << 20


def writable(path: Path) -> bool:
    """Whether the log (or, for a new log, its folder) can be written, disk and permissions."""
    target = path if path.exists() else path.parent
    try:
        if os.statvfs(target).f_flag & os.ST_RDONLY:
            return False
    except (OSError, AttributeError):  # AttributeError: no statvfs (Windows)
        pass
    # SQLite also creates -wal and -shm files beside the log.
    return os.access(target, os.W_OK) and os.access(path.parent, os.W_OK)


# ------------------------------------------------------------------------ inspecting


@dataclass(frozen=True)
class Found:
    """What :func:`inspect` found: ``state`` is ``missing``, ``empty`` or ``log``.

    ``wal`` says whether the file is in WAL mode (byte 18 of its header is 2).
    """

    state: str
    version: int = 0
    wal: bool = False


def classify(path: Path, version: int, tables: set[str], *, supported: int) -> Found:
    """Decide from a file's schema version and table names; raise for a file to refuse."""
    if not tables and version == 0:
        return Found("empty")
    ours = tables >= TABLES
    if tables and not ours:
        listed = ", ".join(sorted(tables)[:4]) + (", ..." if len(tables) > 4 else "")
        what = _("it is another program's database (tables: {tables})").format(tables=listed)
        return _raise(foreign(path, what))
    if version > supported:
        return _raise(newer(path, version, supported))
    if not ours or version == 0:
        return _raise(foreign(path, _("it has an evidence log's tables but no schema version")))
    return Found("log", version)


def _raise(fault: LogFault):
    raise fault


def inspect(path: Path, *, supported: int) -> Found:
    """What ``path`` holds, read without writing a byte; raises :class:`LogFault` to refuse."""
    if path.is_dir():
        raise folder(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(100)
    except FileNotFoundError:
        return Found("missing")
    except PermissionError:
        refused = _("{path} cannot be opened: permission was refused").format(path=path)
        raise LogFault("unreadable", refused) from None
    except OSError as error:
        raise _os_fault(error, path) from None
    if not head:
        return Found("empty")
    if head[: len(HEADER)] != HEADER:
        raise foreign(
            path,
            _("it is not an SQLite database"),
            advice=_("if it was a log, it is damaged beyond reading: restore a backup"),
        )
    try:
        with closing(open_read_only(path)) as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in db.execute(TABLE_NAMES)}
    except sqlite3.Error as error:
        raise as_fault(error, path) from None
    found = classify(path, version, tables, supported=supported)
    return replace(found, wal=len(head) > 18 and head[18] == 2)


# ------------------------------------------------------------------------ connecting


def connect(path: Path) -> sqlite3.Connection:
    """A connection for reading and writing: waits for other writers, checks references."""
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    db.row_factory = sqlite3.Row
    return db


def open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot change ``path``, even on a read-only medium.

    SQLite's ``mode=ro`` still needs the log's ``-shm`` file, which a read-only or full
    disk cannot hold. Then the log is opened ``immutable=1``; if a ``-wal`` file holds changes not yet
    folded into the log, the two are copied to a temporary folder and read there, so no
    recent incident is missed.
    """
    uri = Path(path).resolve().as_uri()
    try:
        return _checked(sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000))
    except sqlite3.OperationalError as error:
        code = (error.sqlite_errorcode or 0) & 0xFF
        no_room = code == sqlite3.SQLITE_IOERR and disk_is_full(path)
        cannot_write = code in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY)
        if not (no_room or (cannot_write and not writable(path))):
            raise
    wal = Path(f"{path}-wal")
    if wal.is_file() and wal.stat().st_size:
        return _copy_and_open(path, wal)
    return _checked(sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True))


def _checked(db: sqlite3.Connection) -> sqlite3.Connection:
    """``db`` once it has read the schema: opening is lazy, and its errors show up here."""
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        db.close()
        raise
    db.row_factory = sqlite3.Row
    return db


def _copy_and_open(path: Path, wal: Path) -> sqlite3.Connection:
    """The log with its ``-wal`` folded in, read from copies and held in memory."""
    folder_ = Path(tempfile.mkdtemp(prefix="evidence-log-"))
    try:
        shutil.copyfile(path, folder_ / "log.sqlite")
        shutil.copyfile(wal, folder_ / "log.sqlite-wal")
        with closing(_checked(sqlite3.connect(folder_ / "log.sqlite"))) as copy:
            memory = sqlite3.connect(":memory:")
            copy.backup(memory)
    finally:
        shutil.rmtree(folder_, ignore_errors=True)
    return _checked(memory)


def retry_locked(call, *, attempts: int = 200):
    """Switching to WAL needs a moment with no other connection writing; wait for one."""
    for attempt in range(attempts):
        try:
            return call()
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == attempts - 1:
                raise
            time.sleep(0.05)
    return None


class closing:
    """Close a connection on leaving the block (sqlite3's own ``with`` only commits)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> sqlite3.Connection:
        return self.connection

    def __exit__(self, *exc) -> None:
        self.connection.close()
