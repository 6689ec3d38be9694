"""Drafts that are never lost: each one a JSON file, saved atomically, with a backup.

A committee may spend an evening on a petition over weak Wi-Fi, and a kernel can die at
any moment. So every change is written to a temporary file in the same folder, flushed
and fsynced, then renamed over the draft (a rename within one folder is atomic on POSIX
and Windows); the previous version is kept as ``<id>.json.bak``. A file that cannot be
read is never overwritten: :meth:`DraftStore.repair` (and :meth:`DraftStore.load`, for
the one draft it opens) renames it ``<id>.json.corrupt-<timestamp>``, reports it, and
restores the backup if that is sound. A draft whose id does not match its file name (a
backup copied over another draft) counts as unreadable too. Listing drafts changes nothing.

Every failure raises the one error type :class:`DraftError`, with the reason in plain
words: a draft that cannot be saved, found or deleted, and a draft changed by another
window since it was opened here (``changed`` is True), which is never overwritten.

The folder is ``$COLLECTIVE_AI_HOME/drafts`` when that variable is set, otherwise the
user data folder that platformdirs gives for this course.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import os
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from collective_ai.demands.registry import FORMS
from collective_ai.errors import InputError
from collective_ai.files import describe_failure, remove_stale_temporaries, write_atomic
from collective_ai.i18n import _

HOME_ENV_VAR = "COLLECTIVE_AI_HOME"
APP_NAME = "collective-ai"
FORMAT = "collective-ai-draft/1"
PRIVATE = 0o600  # a draft names a workplace and a committee: for its owner's eyes only


def data_home() -> Path:
    """Where the course keeps a learner's files (``COLLECTIVE_AI_HOME`` overrides)."""
    override = os.environ.get(HOME_ENV_VAR)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


class DraftError(InputError):
    """A draft that cannot be saved, found, opened or deleted; ``str(error)`` says why.

    ``changed`` is True when the draft on disk changed since it was opened here (another
    window saved it), so it was not overwritten.
    """

    def __init__(self, message: str, *, field: str | None = None, changed: bool = False):
        super().__init__(message, field=field)
        self.changed = changed

    def advice(self) -> str:
        """What the drafter tells the person when a save failed, the reason first."""
        if self.changed:
            return _(
                "Your changes are NOT saved: {error}. They are still here: press Duplicate "
                "to keep them as a new draft."
            ).format(error=self)
        return _(
            "Your draft is NOT saved: {error}. Everything you typed is still here, and only "
            "here: copy it somewhere safe or export it. The drafter tries to save again at "
            "your next change."
        ).format(error=self)


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
        try:
            data = json.loads(text)
        except RecursionError:
            raise ValueError("nested too deeply to be a draft") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a draft file")
        missing = [
            k for k in ("id", "name", "form", "demands", "fields", "updated") if k not in data
        ]
        if missing:
            raise ValueError(f"a draft without {', '.join(missing)}")
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
            raise DraftError(_("{id!r} is not a draft id").format(id=draft_id), field="draft")
        return self.root / f"{draft_id}.json"

    def save(self, draft: Draft, *, overwrite: bool = False) -> Path:
        """Write ``draft`` atomically, keeping the previous version as a backup.

        Raises :class:`DraftError` when it cannot be written, or (with ``changed`` True)
        when the saved draft is not the version ``draft`` was opened from (unless
        ``overwrite``); either way nothing on disk changes and ``draft`` is as it was.
        """
        target = self.path(draft.id)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DraftError(self._folder_problem(error)) from error
        stamp = _now()
        text = Draft(**{**asdict(draft), "updated": stamp}).to_json()
        try:
            if target.exists():
                self._keep_backup(target, draft, overwrite=overwrite)
            write_atomic(target, text.encode("utf-8"), mode=PRIVATE)
        except OSError as error:
            reason = describe_failure(error)
            message = _("could not write {path}: {reason}").format(path=target, reason=reason)
            raise DraftError(message) from error
        draft.updated = stamp
        return target

    def _keep_backup(self, target: Path, draft: Draft, *, overwrite: bool) -> None:
        current, reason = self._examine(target, draft.id)
        if current is None:
            if self._set_aside(target, reason) is None:
                raise DraftError(
                    _("{path} cannot be read and cannot be moved aside").format(path=target)
                )
            return
        if current.updated != draft.updated and not overwrite:
            when = current.updated[:19].replace("T", " ")
            raise DraftError(
                _(
                    "this draft was changed in another window at {time} UTC, after it was "
                    "opened here, so it was not overwritten"
                ).format(time=when),
                changed=True,
            )
        backup = target.with_name(target.name + ".bak")
        write_atomic(backup, target.read_bytes(), mode=PRIVATE)

    def load(self, draft_id: str) -> Draft:
        """The draft, or its backup if the draft file is unreadable.

        This repairs the one draft, as :meth:`repair` does: an unreadable file is set aside
        and a sound backup saved as the draft again. No readable draft raises
        :class:`DraftError`.
        """
        target = self.path(draft_id)
        backup = target.with_name(target.name + ".bak")
        if _exists(target):
            draft, reason = self._examine(target, draft_id)
            if draft is not None:
                return draft
            self._set_aside(target, reason)
        if _exists(backup):
            draft, reason = self._examine(backup, draft_id)
            if draft is None:
                self._set_aside(backup, reason)
            else:
                restored = _("Restored draft {name!r} from its backup copy.")
                self.problems.append(restored.format(name=draft.name))
                try:
                    self.save(draft, overwrite=True)
                except DraftError as error:
                    unsaved = _("The restored draft is NOT saved yet: {error}.")
                    self.problems.append(unsaved.format(error=error))
                return draft
        raise DraftError(
            _("there is no readable draft {id!r} in {folder}").format(
                id=draft_id, folder=self.root
            ),
            field="draft",
        )

    def list(self) -> list[Draft]:
        """Every readable draft, most recently changed first; nothing on disk changes.

        A draft whose file is unreadable is listed from its backup when that is sound;
        :meth:`repair` sets such files aside and restores the backups.
        """
        drafts = [d for d in map(self._read, self._ids()) if d is not None]
        return sorted(drafts, key=lambda d: d.updated, reverse=True)

    def repair(self) -> list[str]:
        """Put the drafts folder right, and say what was done.

        Removes the temporary files of a save killed midway (once they are old enough not
        to be another window's save under way), renames each unreadable draft or backup
        ``<name>.corrupt-<timestamp>``, and saves a draft again from its sound backup.
        Each step adds a message to :attr:`problems`; the new ones are returned. The
        drafter repairs the folder when it opens and whenever it lists the drafts.
        """
        if not self.root.is_dir():
            return []
        before = len(self.problems)
        remove_stale_temporaries(self.root)  # left by a kernel killed in the middle of a save
        for draft_id in self._ids():
            try:
                self.load(draft_id)
            except DraftError:
                continue
        return self.problems[before:]

    def _ids(self) -> set[str]:
        if not self.root.is_dir():
            return set()
        return {p.name.split(".")[0] for p in self.root.glob("*.json*") if _is_draft_file(p)}

    def _read(self, draft_id: str) -> Draft | None:
        """The draft, or its sound backup, or None; read only, like :meth:`load` without
        the repair."""
        target = self.path(draft_id)
        for path in (target, target.with_name(target.name + ".bak")):
            if _exists(path):
                draft, _reason = self._examine(path, draft_id)
                if draft is not None:
                    return draft
        return None

    def last(self) -> Draft | None:
        """The most recently changed draft: what reopening the notebook brings back."""
        drafts = self.list()
        return drafts[0] if drafts else None

    def duplicate(self, draft_id: str) -> Draft:
        original = self.load(draft_id)
        copy = Draft(
            name=_("Copy of {name}").format(name=original.name),
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
            try:
                path.unlink(missing_ok=True)
            except OSError as error:
                raise DraftError(describe_failure(error)) from error

    def _examine(self, path: Path, draft_id: str) -> tuple[Draft | None, str]:
        """The draft saved in ``path``, or None and why it cannot be used."""
        try:
            draft = Draft.from_json(_decode(path.read_bytes()))
        except IsADirectoryError:
            return None, _("it is a folder, not a draft file")
        except OSError as error:
            return None, describe_failure(error)
        except ValueError:  # malformed JSON or shape, or not UTF-8/UTF-16 text
            return None, _("it is not a draft the drafter can open")
        if draft.id != draft_id:
            held = _("it holds draft {id!r} (a copy put under another draft's name)")
            return None, held.format(id=draft.id)
        return draft, ""

    def _set_aside(self, path: Path, reason: str) -> Path | None:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        aside = path.with_name(f"{path.name}.corrupt-{stamp}")
        try:
            os.replace(path, aside)
        except OSError as error:
            stuck = _(
                "The file {file} could not be read ({reason}), nor moved aside "
                "({problem}). It has not been changed."
            )
            self.problems.append(
                stuck.format(file=path.name, reason=reason, problem=describe_failure(error))
            )
            return None
        kept = _(
            "The file {file} could not be read ({reason}). It was kept as {aside} and has "
            "not been changed."
        )
        self.problems.append(kept.format(file=path.name, reason=reason, aside=aside.name))
        return aside

    def _folder_problem(self, error: OSError) -> str:
        for folder in (self.root, *self.root.parents):
            if folder.exists() and not folder.is_dir():
                return _(
                    "{path} is a file, not a folder, so drafts cannot be kept there "
                    "(move it away, or set {variable} to another folder)"
                ).format(path=folder, variable=HOME_ENV_VAR)
        return _("could not make the folder {folder}: {reason}").format(
            folder=self.root, reason=describe_failure(error)
        )


def _exists(path: Path) -> bool:
    """Whether something is at ``path``; what cannot even be looked at counts, to be examined."""
    try:
        return path.exists()
    except OSError:
        return True


def _decode(raw: bytes) -> str:
    """Draft text as UTF-8, with or without a byte-order mark (Notepad adds one)."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    return raw.decode("utf-8-sig")


def _is_draft_file(path: Path) -> bool:
    return path.name.endswith((".json", ".json.bak")) and not path.name.startswith(".")
