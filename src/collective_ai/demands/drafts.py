"""Drafts that are never lost: each one a JSON file, saved atomically, with a backup.

A committee may spend an evening on a petition over weak Wi-Fi, and a kernel can die at
any moment. So every change is written to a temporary file in the same folder, flushed
and fsynced, then renamed over the draft (a rename within one folder is atomic on POSIX
and Windows); the previous version is kept as ``<id>.json.bak``. A file that cannot be
read is never overwritten: it is renamed ``<id>.json.corrupt-<timestamp>`` and reported,
and the backup is used if it is sound.

The folder is ``$COLLECTIVE_AI_HOME/drafts`` when that variable is set, otherwise the
user data folder that platformdirs gives for this course.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from collective_ai.demands.library import FORMS
from collective_ai.errors import InputError
from collective_ai.files import write_atomic

HOME_ENV_VAR = "COLLECTIVE_AI_HOME"
APP_NAME = "collective-ai"
FORMAT = "collective-ai-draft/1"


def data_home() -> Path:
    """Where the course keeps a learner's files (``COLLECTIVE_AI_HOME`` overrides)."""
    override = os.environ.get(HOME_ENV_VAR)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


@dataclass
class Draft:
    """What a person has chosen and typed so far."""

    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    name: str = "Untitled draft"
    form: str = "petition"
    demands: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    updated: str = field(default_factory=_now)

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, **asdict(self)}, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Draft:
        """Parse a saved draft; anything malformed raises ``ValueError``."""
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a draft file")
        draft = cls(
            id=data["id"],
            name=data["name"],
            form=data["form"],
            demands=data["demands"],
            fields=data["fields"],
            updated=data["updated"],
        )
        ok = (
            all(isinstance(v, str) for v in (draft.id, draft.name, draft.updated))
            and draft.form in FORMS
            and isinstance(draft.demands, list)
            and all(isinstance(d, str) for d in draft.demands)
            and isinstance(draft.fields, dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in draft.fields.items())
        )
        if not ok:
            raise ValueError("a draft field has the wrong type")
        return draft


class DraftStore:
    """The drafts folder. ``problems`` collects messages about files set aside."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root is not None else data_home() / "drafts"
        self.problems: list[str] = []

    def path(self, draft_id: str) -> Path:
        if not draft_id or not all(c.isalnum() or c in "-_" for c in draft_id):
            raise InputError(f"{draft_id!r} is not a draft id", field="draft")
        return self.root / f"{draft_id}.json"

    def save(self, draft: Draft) -> Path:
        """Write ``draft`` atomically, keeping the previous version as a backup."""
        self.root.mkdir(parents=True, exist_ok=True)
        target = self.path(draft.id)
        draft.updated = _now()
        if target.exists():
            if self._readable(target):
                write_atomic(target.with_name(target.name + ".bak"), target.read_bytes())
            else:
                self._set_aside(target)
        write_atomic(target, draft.to_json().encode("utf-8"))
        return target

    def load(self, draft_id: str) -> Draft:
        """The draft, or its backup if the draft file is unreadable (which is set aside)."""
        target = self.path(draft_id)
        backup = target.with_name(target.name + ".bak")
        if target.exists():
            try:
                return Draft.from_json(target.read_text(encoding="utf-8"))
            except (ValueError, KeyError, TypeError, UnicodeDecodeError):
                self._set_aside(target)
        if backup.exists():
            try:
                draft = Draft.from_json(backup.read_text(encoding="utf-8"))
            except (ValueError, KeyError, TypeError, UnicodeDecodeError):
                self._set_aside(backup)
            else:
                self.problems.append(f"Restored draft {draft.name!r} from its backup copy.")
                self.save(draft)
                return draft
        raise InputError(f"there is no readable draft {draft_id!r} in {self.root}", field="draft")

    def list(self) -> list[Draft]:
        """Every readable draft, most recently changed first (unreadable ones set aside)."""
        if not self.root.is_dir():
            return []
        ids = {p.name.split(".")[0] for p in self.root.glob("*.json*") if _is_draft_file(p)}
        drafts = []
        for draft_id in ids:
            try:
                drafts.append(self.load(draft_id))
            except InputError:
                continue
        return sorted(drafts, key=lambda d: d.updated, reverse=True)

    def last(self) -> Draft | None:
        """The most recently changed draft: what reopening the notebook brings back."""
        drafts = self.list()
        return drafts[0] if drafts else None

    def duplicate(self, draft_id: str) -> Draft:
        original = self.load(draft_id)
        copy = Draft(
            name=f"Copy of {original.name}",
            form=original.form,
            demands=list(original.demands),
            fields=dict(original.fields),
        )
        self.save(copy)
        return copy

    def delete(self, draft_id: str) -> None:
        """Remove a draft and its backup (the widget asks for confirmation first)."""
        target = self.path(draft_id)
        for path in (target, target.with_name(target.name + ".bak")):
            path.unlink(missing_ok=True)

    def _readable(self, path: Path) -> bool:
        try:
            Draft.from_json(path.read_text(encoding="utf-8"))
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            return False
        return True

    def _set_aside(self, path: Path) -> Path:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        aside = path.with_name(f"{path.name}.corrupt-{stamp}")
        os.replace(path, aside)
        self.problems.append(
            f"The file {path.name} could not be read. It was kept as {aside.name} "
            "and has not been changed."
        )
        return aside


def _is_draft_file(path: Path) -> bool:
    return path.name.endswith((".json", ".json.bak")) and not path.name.startswith(".")
