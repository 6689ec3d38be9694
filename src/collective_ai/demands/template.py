"""A demand template: what it asks, why, where workers have won it, what finding it answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from collective_ai.demands.fields import Field
from collective_ai.demands.registry import family_title, finding_text
from collective_ai.i18n import N_, _

# Every template carries this (or its own) one-line note; the forms print it once.
DEFAULT_NOTE = N_("A starting point to adapt with the union's lawyer, not legal advice.")


@dataclass(frozen=True)
class Precedent:
    text: str
    key: str  # a references.bib key
    cite: str  # a short citation a reader can look up without the bibliography


@dataclass(frozen=True)
class Template:
    """One demand: what it asks, why, where workers have won it, what finding it answers.

    Loaded from one YAML file (``demands/templates/``) and checked then, so a broken
    template fails at load, not in front of a committee.

    Parameters
    ----------
    id, title, family : str
        The file's id, the demand's name, and its family (a key of ``FAMILIES``).
    text, request : str
        The demand's wording (a sandboxed Jinja2 template over the fields) and the short
        request a letter makes.
    rationale : str
        Why workers ask for it.
    precedents : tuple of Precedent
        Where workers have won it, each with a ``references.bib`` key.
    answers : tuple of str
        The audit findings it answers (keys of ``FINDINGS``).
    fields : tuple of Field
        The template's own fields beyond the common ones.
    seed : bool
        Shown first in the drafter as a starting point.
    note, usage : str
        A note printed with the demand, and when and by whom it can safely be used.
    path : pathlib.Path, optional
        The YAML file it came from.
    """

    id: str
    title: str
    family: str
    text: str
    request: str
    rationale: str
    precedents: tuple[Precedent, ...]
    answers: tuple[str, ...]
    fields: tuple[Field, ...] = ()
    seed: bool = False
    note: str = DEFAULT_NOTE
    usage: str = ""  # when and by whom the demand can safely be used, if that is limited
    path: Path | None = field(default=None, compare=False)

    @property
    def family_title(self) -> str:
        return family_title(self.family)

    def describe(self) -> str:
        """The template in plain words: what it asks, why, and where it has been won."""
        lines = [
            f"{self.title} ({self.family_title})",
            _("Why: {rationale}").format(rationale=self.rationale),
            _("Precedents:"),
        ]
        lines += [f"- {p.text} [{p.cite}]" for p in self.precedents]
        findings = "; ".join(finding_text(a) for a in self.answers)
        lines.append(_("Answers findings: {findings}").format(findings=findings))
        if self.usage:
            lines.append(_("Before you use it: {usage}").format(usage=self.usage))
        lines.append(_("Note: {note}").format(note=_(self.note)))
        return "\n".join(lines)
