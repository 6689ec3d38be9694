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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

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
    """Every learner's latest notebook under ``folder``, ordered by learner id."""
    found: dict[str, list[Submission]] = {}
    for path in sorted(folder.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts or any(p.startswith(".") for p in path.parts[-2:]):
            continue
        submission = identify(path)
        found.setdefault(submission.learner_id, []).append(submission)
    chosen = []
    for _, versions in sorted(found.items()):
        versions.sort(key=lambda s: (s.attempt, _mtime(s.path), s.path.name))
        latest = versions[-1]
        latest.superseded = [s.path for s in versions[:-1]]
        chosen.append(latest)
    return chosen


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
