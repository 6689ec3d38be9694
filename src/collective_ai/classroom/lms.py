"""Read a folder of submissions as an LMS downloads it, and write what its gradebook imports.

Layouts read (unzip the LMS's download into one folder first):

- Canvas, "Download submissions": flat files ``name_12345_67890_file.ipynb`` (``name_LATE_...``
  when late); ``12345`` is the learner's Canvas user id. A resubmission of the same file
  name gets ``-1``, ``-2`` ... before the extension.
- Moodle, "Download all submissions" with "Download submissions in folders": one folder per
  learner, ``Full Name_12345_assignsubmission_file_/file.ipynb``; ``12345`` is the
  participant id. Without folders Moodle writes ``Full Name_12345_assignsubmission_file_file.ipynb``.
- Anything else: the learner is the file name without ``.ipynb``.

Of several notebooks by one learner the latest counts: the highest resubmission number, then
the newest file; the others are listed, not graded.

A download is a learner's own data: a link (to ``/etc/passwd``, to a key), a device or a
named pipe named ``*.ipynb`` would have the grader, outside the sandbox, read what it points
at. So nothing here follows a link or opens anything but a regular file: such an entry
becomes a submission that says what it is (:attr:`Submission.kind`), never read, and every
file is opened one folder at a time without following links, then checked again once open
(:func:`read_bytes`), so one swapped for a link after it was found is refused too.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from collective_ai.files import write_atomic

_CANVAS = re.compile(
    r"^(?P<name>[^_]+)_(?:late_)?(?P<id>\d+)_(?P<sub>\d+)_(?P<file>.+?)(?:-(?P<n>\d+))?\.ipynb$",
    re.IGNORECASE,
)
_MOODLE_DIR = re.compile(r"^(?P<name>.+)_(?P<id>\d+)_assign(?:submission|feedback)_\w+?_?$")
_MOODLE_FILE = re.compile(r"^(?P<name>.+)_(?P<id>\d+)_assignsubmission_file_(?P<file>.+)\.ipynb$")


@dataclass
class Submission:
    """One notebook to grade and whose it is."""

    path: Path
    learner: str  # a display name, as the LMS wrote it
    learner_id: str  # the LMS's id, or the file name when there is none
    layout: str  # canvas, moodle or plain
    attempt: int = 0
    superseded: list[Path] = field(default_factory=list)
    kind: str = ""  # what it is when not a regular file: "a link", "a device"...
    root: Path | None = None  # the folder it was found in, which it may not leave
    refused: list[tuple[Path, str]] = field(default_factory=list)  # other entries, not files

    @property
    def label(self) -> str:
        """The file's name (with its learner folder, for Moodle), for the gradebook."""
        if _MOODLE_DIR.match(self.path.parent.name):
            return f"{self.path.parent.name}/{self.path.name}"
        return self.path.name


def identify(path: Path) -> Submission:
    """Who handed in ``path``, read from the LMS's naming."""
    if match := _MOODLE_DIR.match(path.parent.name):
        return Submission(path, match["name"], match["id"], "moodle")
    if match := _MOODLE_FILE.match(path.name):
        return Submission(path, match["name"], match["id"], "moodle")
    if match := _CANVAS.match(path.name):
        attempt = int(match["n"]) if match["n"] else 0
        return Submission(path, match["name"], match["id"], "canvas", attempt)
    return Submission(path, path.stem, path.stem, "plain")


def discover(folder: Path) -> list[Submission]:
    """Every learner's latest notebook under ``folder``, ordered by learner id.

    A learner's regular notebook counts before anything of theirs that is not a file.
    """
    found: dict[str, list[Submission]] = {}
    for path, kind in _walk(folder):
        if kind != FOLDER_LINK:
            submission = identify(path)
        elif _MOODLE_DIR.match(path.parent.name):
            continue  # inside a learner's folder: left out of its copy, and noted there
        elif match := _MOODLE_DIR.match(path.name):
            submission = Submission(path, match["name"], match["id"], "moodle")
        else:
            submission = identify(path)
        submission.kind, submission.root = kind, folder
        found.setdefault(submission.learner_id, []).append(submission)
    chosen = []
    for _, versions in sorted(found.items()):
        versions.sort(key=lambda s: (not s.kind, s.attempt, _mtime(s.path), s.path.name))
        latest = versions[-1]
        latest.superseded = [s.path for s in versions[:-1] if not s.kind]
        latest.refused = [(s.path, s.kind) for s in versions[:-1] if s.kind]
        chosen.append(latest)
    return chosen


FOLDER_LINK = "a link to a folder"
_KINDS = {
    stat.S_IFLNK: "a link",
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
}
_NO_LINKS = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC


class NotRegular(Exception):
    """An entry the grader will not open, and what it is in plain words."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        super().__init__(f"not a regular file ({kind}); not graded")


def kind_of(mode: int) -> str:
    """``""`` for a regular file, else what it is: ``"a link"``, ``"a named pipe"``..."""
    return "" if stat.S_ISREG(mode) else _KINDS.get(stat.S_IFMT(mode), "not a file")


def _walk(folder: Path):
    """``(path, kind)`` of each notebook and each link to a folder, hidden names skipped;
    no link is followed (a link's target is only asked whether it is a folder)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):  # .ipynb_checkpoints, .git, editor files
            continue
        try:
            mode = entry.stat(follow_symlinks=False).st_mode
        except OSError:  # gone since the folder was listed
            continue
        path = Path(entry.path)
        if stat.S_ISDIR(mode):
            yield from _walk(path)
        elif entry.name.endswith(".ipynb"):
            yield path, kind_of(mode)
        elif stat.S_ISLNK(mode) and _points_to_folder(path):
            yield path, FOLDER_LINK


def _points_to_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return False


def _mtime(path: Path) -> float:
    try:
        return path.lstat().st_mtime
    except OSError:
        return 0.0


def _open_folder(name: str, dir_fd: int) -> int:
    try:
        return os.open(name, _NO_LINKS | os.O_DIRECTORY, dir_fd=dir_fd)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENOTDIR):
            raise NotRegular("a link") from None
        raise


def _open_file(name: str, dir_fd: int) -> int:
    """A descriptor on a regular file: lstat first, so no device or pipe is ever opened;
    then no link followed, no waiting on a pipe, and fstat again for a swap in between."""
    kind = kind_of(os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode)
    if kind:
        raise NotRegular(kind)
    try:
        fd = os.open(name, _NO_LINKS | os.O_NONBLOCK | os.O_NOCTTY, dir_fd=dir_fd)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise NotRegular("a link") from None
        raise
    kind = kind_of(os.fstat(fd).st_mode)
    if kind:
        os.close(fd)
        raise NotRegular(kind)
    os.set_blocking(fd, True)
    return fd


def _open_under(root: Path, folders: tuple[str, ...]) -> int:
    """A descriptor on ``root/folders...``, none of them reached through a link."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for part in folders:
            inner = _open_folder(part, fd)
            os.close(fd)
            fd = inner
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_bytes(submission: Submission) -> bytes:
    """The file's bytes, reached from its download folder without following any link.

    Raises
    ------
    NotRegular
        It, or a folder on the way to it, is not a regular file or folder.
    """
    root = submission.root or submission.path.parent
    *folders, name = submission.path.relative_to(root).parts
    fd = _open_under(root, tuple(folders))
    try:
        file_fd = _open_file(name, fd)
    finally:
        os.close(fd)
    with os.fdopen(file_fd, "rb") as handle:
        return handle.read()


def copy_files(submission: Submission, target: Path) -> list[str]:
    """Copy the regular files of a learner's folder into ``target``; say what was left out.

    Nothing else is opened, and a folder that is a link is not entered.
    """
    root = submission.root or submission.path.parent.parent
    try:
        fd = _open_under(root, submission.path.parent.relative_to(root).parts)
    except NotRegular as error:  # swapped for a link since it was found
        target.mkdir()
        return [f"its folder: not a regular folder ({error.kind}); nothing copied"]
    try:
        return _copy_from(fd, target, Path())
    finally:
        os.close(fd)


def _copy_from(fd: int, target: Path, where: Path) -> list[str]:
    target.mkdir(exist_ok=True)
    left_out = []
    with os.scandir(fd) as listing:
        entries = sorted(listing, key=lambda e: e.name)
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                inner = _open_folder(entry.name, fd)
                try:
                    left_out += _copy_from(inner, target / entry.name, where / entry.name)
                finally:
                    os.close(inner)
                continue
            with os.fdopen(_open_file(entry.name, fd), "rb") as handle:
                write_atomic(target / entry.name, handle.read())
        except NotRegular as error:
            left_out.append(
                f"{(where / entry.name).as_posix()}: not a regular file ({error.kind}); not copied"
            )
    return left_out
