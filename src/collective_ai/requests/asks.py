"""What every data-access letter asks for, whatever the law: the committee's four asks.

One registry, so the letters, the tracker handout and the reader of what came back name
the same four things. Each law says which of its provisions backs each ask
(:attr:`collective_ai.requests.laws.Law.cites`).
"""

from __future__ import annotations

from dataclasses import dataclass

from collective_ai.i18n import N_, _, pgettext


@dataclass(frozen=True)
class Ask:
    """One thing every letter asks for, the same whatever the law.

    Parameters
    ----------
    key : str
        Its short name (the reader reports what is missing by it).
    title : str
        What the letter calls it (``{me}`` stands for the one asking).
    detail : str
        What it covers, in the letter's words (``{me}`` and ``{my}`` as in the title).
    """

    key: str
    title: str
    detail: str

    def words(self, *, group: bool) -> tuple[str, str]:
        """The title and detail for one member ("me") or a group ("each of us")."""
        if group:
            me, my = _("each of us"), _("our")
        else:
            me, my = pgettext("the one asking", "me"), pgettext("the one asking", "my")
        return _(self.title).format(me=me), _(self.detail).format(me=me, my=my)


#: What every letter asks for: what a committee needs to check a system together.
ASKS: tuple[Ask, ...] = (
    Ask(
        "inputs",
        N_("The inputs about {me}"),
        N_(
            "every piece of personal data about {me} that the system uses or has used, such as "
            "work records, times, places, customer ratings and messages, and where each came from"
        ),
    ),
    Ask(
        "scores",
        N_("The scores"),
        N_("every score, rating, rank, label or flag the system has given {me}, with its date"),
    ),
    Ask(
        "logic",
        N_("The rules or logic"),
        N_(
            "how the system turns the inputs into scores and decisions: the factors it uses and "
            "how much each one counts"
        ),
    ),
    Ask(
        "decisions",
        N_("The decisions and who saw them"),
        N_(
            "each decision made about {me} with the system's help (pay, work offered, warnings, "
            "suspension or deactivation), whether a person reviewed it, and who received {my} "
            "data or the system's output"
        ),
    ),
)
FORMAT_ASK = N_(
    "Please send the data in a machine-readable format (CSV or JSON files, not scans or "
    "screenshots), with a list of the fields and what each code means."
)
