"""What a hub is started with, where each person's files go, and who sits on which committee.

Pure: nothing here starts a process. ``collective-ai hub`` writes a :class:`HubSettings` as
JSON into the hub's folder; the JupyterHub configuration (:mod:`collective_ai.hub.config`)
reads it back, so the hub, the tests and the bench share one description of a room.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path

from collective_ai.errors import InputError
from collective_ai.i18n import _

# What a learner's landing page offers: notebooks (paths from the course's root folder) that
# the hub links into each learner's course folder, where Voila lists and renders them.
# The desk (every tool, on the learner's or committee's data) is written beside them.
LEARNER_PAGES: tuple[str, ...] = (
    "notebooks/hiring-screener.ipynb",
    "notebooks/warehouse-rates.ipynb",
    "notebooks/call-centre.ipynb",
    "notebooks/auditing-ai.ipynb",
    "notebooks/reading-audits.ipynb",
    "notebooks/documenting-ai.ipynb",
    "notebooks/making-demands.ipynb",
)

# A sign-in name: letters (any script), digits, '.', '_' or '-', starting with a letter or
# digit. It becomes a folder name, so nothing that could climb out of the hub's folder.
NAME_PATTERN = r"^[^\W_][\w.-]{0,39}$"
SEAT_PREFIX = "seat-"
# Letters a person reads off a projector and types on a phone without confusing them.
_PASSWORD_LETTERS = "abcdefghjkmnpqrstuvwxyz"
SETTINGS_FILE = "hub-settings.json"


def generate_password(groups: int = 3, size: int = 4) -> str:
    """A workshop password easy to type on a phone: ``kmtr-wqpz-hxnd`` (about 54 bits).

    Parameters
    ----------
    groups : int
        How many groups of letters, joined by hyphens.
    size : int
        Letters in each group, from 23 that cannot be misread (no i, l, o).

    Returns
    -------
    str
    """
    return "-".join(
        "".join(secrets.choice(_PASSWORD_LETTERS) for _ in range(size)) for _ in range(groups)
    )


def check_name(name: str, *, field: str = "name") -> str:
    """``name`` lower-cased, as JupyterHub stores it; InputError if it cannot be a sign-in."""
    if not re.match(NAME_PATTERN, name):
        raise InputError(
            _(
                "{name} is not a sign-in name (letters, digits, '.', '_', '-'; "
                "at most 40; starting with a letter or digit)"
            ).format(name=repr(name)),
            field=field,
        )
    return name.lower()


def seat_names(spec: list[str]) -> list[str]:
    """The names to pre-start: ``["20"]`` gives ``seat-01`` .. ``seat-20``; names stay names.

    Parameters
    ----------
    spec : list of str
        One number of seats (1 to 500), or sign-in names (duplicates dropped).

    Returns
    -------
    list of str
        Lower-cased, as JupyterHub stores them.

    Raises
    ------
    InputError
        A count out of range, or a name that cannot be a sign-in name.
    """
    if len(spec) == 1 and spec[0].isdigit():
        count = int(spec[0])
        if not 1 <= count <= 500:
            raise InputError(_("give between 1 and 500 seats"), field="count")
        width = max(2, len(str(count)))
        return [f"{SEAT_PREFIX}{n:0{width}d}" for n in range(1, count + 1)]
    return list(dict.fromkeys(check_name(name) for name in spec))


@dataclass(frozen=True)
class Committee:
    """A committee: who may sign in to it, and who of them may export its evidence.

    Parameters
    ----------
    name : str
        Also the name of its shared folder.
    members : tuple of str
        Sign-in names.
    exporters : tuple of str
        The members who may export the committee's evidence log and survey tables.
    """

    name: str
    members: tuple[str, ...]
    exporters: tuple[str, ...]


def load_committees(path: Path) -> list[Committee]:
    """Read a committees file (YAML)::

        warehouse-night:
          members: [ana, ben, chris]
          exporters: [ana]

    Parameters
    ----------
    path : pathlib.Path
        The file.

    Returns
    -------
    list of Committee
        In the file's order.

    Raises
    ------
    InputError
        Naming the committee and field at fault: not YAML, no members, an exporter who is not
        a member, a person on two committees, a name that cannot be a sign-in name.
    """
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise InputError(
            _("{path}: not YAML ({error})").format(path=path, error=error.__class__.__name__)
        ) from None
    if not isinstance(data, dict):
        raise InputError(
            _("{path}: expected committee names, each with members and exporters").format(path=path)
        )
    committees, seen = [], {}
    for raw_name, entry in data.items():
        name = check_name(str(raw_name), field="committee")
        if not isinstance(entry, dict) or not isinstance(entry.get("members"), list):
            raise InputError(_("a list of names is required"), field=f"{name}.members")
        members = tuple(check_name(str(m), field=f"{name}.members") for m in entry["members"])
        exporters = tuple(
            check_name(str(m), field=f"{name}.exporters") for m in entry.get("exporters") or []
        )
        for person in exporters:
            if person not in members:
                raise InputError(
                    _("{person} is not a member").format(person=person), field=f"{name}.exporters"
                )
        for person in members:
            if person in seen:
                raise InputError(
                    _("{person} already sits on {committee}").format(
                        person=person, committee=seen[person]
                    ),
                    field=f"{name}.members",
                )
            seen[person] = name
        committees.append(Committee(name, members, exporters))
    return committees


@dataclass
class HubSettings:
    """One hub: where it listens, its folder, its limits, and its committees.

    Parameters
    ----------
    folder : str
        Holds the hub's database, its cookie secret, the facilitator's API token and every
        learner's and committee's files.
    host, port : str, int
        Where learners reach the hub (its proxy).
    password : str
        The room's shared password; empty with named accounts.
    memory_mb : int
        Address space each process of a learner's server may reserve, in MB.
    cull_after : int
        Seconds idle before a learner's server is stopped.
    spawn_timeout : int
        Seconds a server may take to start on a busy laptop.
    hub_port, proxy_api_port : int
        The hub's own port and the proxy's API port, both on 127.0.0.1 (0: JupyterHub's
        defaults).
    committees : list of Committee
        Committees switch the hub to named accounts.
    admins : tuple of str
        Who approves committee members' sign-ups.
    lang : str
        The language every learner's server and kernels speak (``COLLECTIVE_AI_LANG``), and
        the hub's sign-in note.
    """

    folder: str
    host: str = "127.0.0.1"
    port: int = 8000
    password: str = ""
    memory_mb: int = 2048
    cull_after: int = 3600
    spawn_timeout: int = 300
    hub_port: int = 0
    proxy_api_port: int = 0
    committees: list[Committee] = field(default_factory=list)
    admins: tuple[str, ...] = ()
    lang: str = "en"

    @property
    def named_accounts(self) -> bool:
        """Committees sign in with their own passwords (NativeAuthenticator)."""
        return bool(self.committees)

    def committee_of(self, name: str) -> Committee | None:
        return next((c for c in self.committees if name in c.members), None)

    def data_home(self, name: str) -> Path:
        """``COLLECTIVE_AI_HOME`` of ``name``'s server: their committee's, or their own."""
        committee = self.committee_of(name)
        if committee is not None:
            return Path(self.folder) / "committees" / committee.name
        return Path(self.folder) / "learners" / name / "collective-ai"

    def may_export(self, name: str) -> bool:
        """A committee member exports only if named; a learner alone owns their files."""
        committee = self.committee_of(name)
        return committee is None or name in committee.exporters

    def save(self) -> Path:
        from collective_ai.files import write_atomic

        path = Path(self.folder) / SETTINGS_FILE
        data = asdict(self)
        return write_atomic(path, json.dumps(data, indent=1), mode=0o600)

    @classmethod
    def load(cls, folder: str | Path) -> HubSettings:
        data = json.loads((Path(folder) / SETTINGS_FILE).read_text(encoding="utf-8"))
        data["committees"] = [
            Committee(c["name"], tuple(c["members"]), tuple(c["exporters"]))
            for c in data["committees"]
        ]
        data["admins"] = tuple(data["admins"])
        return cls(**data)
