"""Every file the package writes goes through :func:`write_atomic`.

A full disk or a killed kernel in the middle of a write must never leave a truncated file
over the previous good one. So data goes to a temporary file in the same folder, is flushed
and fsynced, then renamed over the target (a rename within one folder is atomic on POSIX and
Windows); on any failure the temporary file is removed and the old file is untouched.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(target: str | os.PathLike, data: bytes | str, *, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``target`` all at once or not at all; return the target's path.

    Parameters
    ----------
    target
        The file to create or replace. Its folder must exist.
    data
        Bytes, or text encoded with ``encoding`` (newlines are written as given).

    Raises
    ------
    OSError
        When the folder cannot be written (full disk, read-only, not a folder). The
        previous file, if any, is unchanged and no temporary file is left behind.
    """
    target = Path(target)
    payload = data.encode(encoding) if isinstance(data, str) else data
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_folder(target.parent)
    return target


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows cannot open folders, and needs not."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
