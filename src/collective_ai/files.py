"""Every file the package writes goes through :func:`write_atomic`.

A full disk or a killed kernel in the middle of a write must never leave a truncated file
over the previous good one. So data goes to a temporary file in the same folder, is flushed
and fsynced, then renamed over the target (a rename within one folder is atomic on POSIX and
Windows); on any failure the temporary file is removed and the old file is untouched. The
file gets the permissions a plain write would give it (the old file's, or the umask's).
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import time
from pathlib import Path

from collective_ai.i18n import N_, _

_SUFFIX = ".tmp"


def write_atomic(
    target: str | os.PathLike,
    data: bytes | str,
    *,
    encoding: str = "utf-8",
    mode: int | None = None,
) -> Path:
    """Write ``data`` to ``target`` all at once or not at all; return the target's path.

    Parameters
    ----------
    target
        The file to create or replace. Its folder must exist.
    data
        Bytes, or text encoded with ``encoding`` (newlines are written as given).
    mode
        Permission bits, such as ``0o600`` for a file only its owner may read. By default
        those of the file replaced, or for a new file what the umask allows.

    Raises
    ------
    OSError
        When the folder cannot be written (full disk, read-only, not a folder). The
        previous file, if any, is unchanged and no temporary file is left behind.
    """
    target = Path(target)
    payload = data.encode(encoding) if isinstance(data, str) else data
    try:
        handle, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=_prefix(target), suffix=_SUFFIX
        )
    except OSError as error:
        raise _about(error, target) from error
    try:
        if hasattr(os, "fchmod"):  # POSIX; Windows has no such bits to keep
            os.fchmod(handle, _mode_for(target) if mode is None else mode)
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _about(error, target) from error
        raise
    _fsync_folder(target.parent)
    return target


def _mode_for(target: Path) -> int:
    """The permissions a plain ``open(target, "w")`` would leave: the old file's, or new."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    try:  # Linux says it without changing it
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o077)  # elsewhere: set and restore, restrictive in between
    os.umask(mask)
    return mask


def _about(error: OSError, target: Path) -> OSError:
    """The same error, naming the file the person asked for rather than our temporary one."""
    if error.errno is None:
        return error
    return OSError(error.errno, error.strerror, str(target))


def remove_stale_temporaries(folder: str | os.PathLike, *, older_than: float = 60.0) -> list[Path]:
    """Delete the temporary files that a killed :func:`write_atomic` left in ``folder``.

    Only files older than ``older_than`` seconds go: a younger one may belong to a save
    still under way in another window. Returns the paths removed; a file that cannot be
    removed is left for next time, and a missing folder has none.
    """
    cutoff = time.time() - older_than
    removed = []
    try:
        candidates = [p for p in Path(folder).iterdir() if is_temporary(p)]
    except OSError:
        return removed
    for path in candidates:
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed


def is_temporary(path: Path) -> bool:
    """Whether ``path`` is named like one of :func:`write_atomic`'s temporary files."""
    return path.name.startswith(".") and path.name.endswith(_SUFFIX)


_REASONS = {
    errno.ENOSPC: N_("the disk is full"),
    errno.EDQUOT: N_("your disk quota is used up"),
    errno.EROFS: N_("the disk is read-only"),
    errno.EACCES: N_("permission was refused"),
    errno.EPERM: N_("permission was refused"),
}


def describe_failure(error: OSError) -> str:
    """Why a file could not be written, in words a learner can act on (in the language in
    use; an error this list does not know keeps the system's own words)."""
    if isinstance(error, IsADirectoryError):
        if error.filename:
            return _("{path} is a folder, not a file").format(path=error.filename)
        return _("it is a folder")
    if isinstance(error, NotADirectoryError | FileExistsError):
        return _("a file is in the way where a folder should be")
    reason = _REASONS.get(error.errno)
    return _(reason) if reason else error.strerror or str(error)


def _prefix(target: Path) -> str:
    return f".{target.name}."


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows cannot open folders, and needs not."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
