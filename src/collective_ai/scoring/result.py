"""What a simulation returns, and the plain-language sentence that describes it.

Rates, impact ratios and the four-fifths verdict come from :mod:`collective_ai.audit`,
the same code a union uses to audit an employer's real data, so the lab and a real audit
can never disagree about what "impact ratio" means.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from collective_ai.audit import AuditTable, audit, audit_counts
from collective_ai.i18n import _, format_decimal, format_number, format_percent
from collective_ai.scoring.scenarios import Scenario


@dataclass(frozen=True, eq=False)
class ScoringResult:
    """One run: the people, the cut line per round, and the audit of the outcome.

    Parameters
    ----------
    scenario : Scenario
        The system that was simulated.
    params : dict
        Every parameter's value in this run, defaults included.
    people : pandas.DataFrame
        A row per person: ``group``, true ``ability``, ``proxy``, the last round's
        ``score``, the machine's adverse decision per round, whether a person
        ``reviewed`` any of them, and the favourable outcome (``scenario.favourable``).
    cuts : tuple of float
        The score below which people were rejected or flagged, per round.
    review : tuple of int
        ``(reviewed, cleared)``: adverse decisions a person looked at, and how many of
        those they overturned.
    """

    scenario: Scenario
    params: dict
    people: pd.DataFrame
    cuts: tuple[float, ...]
    review: tuple[int, int]

    @cached_property
    def audit(self):
        """The bias audit of the favourable outcome by group (see :mod:`collective_ai.audit`)."""
        return audit(self.people, groups=["group"], selected=self.scenario.favourable)

    @property
    def table(self):
        return self.audit.tables[0]

    @property
    def impact_ratio(self) -> float | None:
        """The penalised group's impact ratio: its rate over the highest group's rate.

        29 CFR 1607.4(D) reads a ratio under four-fifths as evidence of adverse impact for
        race, sex and ethnic groups; for age and disability it is only a screen (1607.2(D)).
        None when nobody got the favourable outcome (a ratio against a rate of zero) or
        nobody in the run belongs to the group.
        """
        group = self.table.groups.get(self.group_names[0])
        return group.impact_ratio if group else None

    @property
    def below_four_fifths(self) -> bool:
        """The audit's verdict for the penalised group (29 CFR 1607.4(D))."""
        group = self.table.groups.get(self.group_names[0])
        return bool(group and group.four_fifths_flag)

    @property
    def rates(self) -> dict[str, float | None]:
        """Favourable-outcome rate per group, penalised group first (None: nobody in it)."""
        groups = self.table.groups
        return {
            name: groups[name].selection_rate if name in groups else None
            for name in self.group_names
        }

    @property
    def group_names(self) -> tuple[str, str]:
        """The penalised group's name and the others', as this run's data hold them (in
        the language the run was made in)."""
        other, group = self.people["group"].cat.categories
        return (group, other)

    @cached_property
    def round_audits(self) -> tuple[AuditTable, ...]:
        """The audit of each round: who still has the favourable outcome after it.

        Round ``r``'s table counts, per group, the people whose record is clean through
        round ``r`` (:func:`collective_ai.audit.audit_counts`), so each round gets the
        audit's rates, exact four-fifths verdict and significance tests.
        """
        codes = self.people["group"].cat.codes.to_numpy()
        sizes = np.bincount(codes, minlength=2)
        names = list(self.people["group"].cat.categories)
        still = np.ones(len(codes), dtype=bool)
        tables = []
        for column in self._round_columns:
            still &= ~self.people[column].to_numpy()
            kept = np.bincount(codes[still], minlength=2)
            counts = {names[i]: (int(sizes[i]), int(kept[i])) for i in (0, 1) if sizes[i]}
            tables.append(audit_counts(counts, by="group"))
        return tuple(tables)

    @cached_property
    def by_round(self) -> pd.DataFrame:
        """Per round: each group's share still with the favourable outcome, ratio and verdict.

        Built from :attr:`round_audits`: rates are selected over people (29 CFR
        1607.16(R)), the ratio is against the highest rate, and ``below_four_fifths`` is
        the audit's verdict, decided exactly (29 CFR 1607.4(D)). Read that column rather
        than comparing ``impact_ratio < 0.8``: a ratio of exactly four-fifths can come out
        as 0.7999999 in floating point. It is False when the ratio is undefined (None).
        """
        rows = []
        for index, table in enumerate(self.round_audits, start=1):
            groups = table.groups
            penalised = groups.get(self.group_names[0])
            rows.append(
                {
                    "round": index,
                    **{
                        name: groups[name].selection_rate if name in groups else None
                        for name in self.group_names
                    },
                    "impact_ratio": penalised.impact_ratio if penalised else None,
                    "below_four_fifths": bool(penalised and penalised.four_fifths_flag),
                }
            )
        return pd.DataFrame(rows).set_index("round")

    @property
    def _round_columns(self) -> list[str]:
        spec = self.scenario
        if not spec.has_rounds:
            return [spec.adverse_column]
        return [
            f"{spec.adverse_column}_{spec.round_noun}_{r}" for r in range(1, len(self.cuts) + 1)
        ]

    @property
    def summary(self) -> str:
        """One sentence a screen reader can read instead of the figure."""
        return describe(self)


def describe(result: ScoringResult) -> str:
    """ "Applicants aged 40 and over advance at 31% against 46% ...: impact ratio 0.67, ..."."""
    spec = result.scenario
    rate_group, rate_other = result.rates.values()
    if rate_group is None or rate_other is None:
        empty = spec.group_people if rate_group is None else spec.other_people
        return _(
            "Nobody in this run is among the {people}: raise the number of people or the "
            "group share."
        ).format(people=empty)
    ratio = result.impact_ratio
    rounds = result.params["rounds"]
    if rounds > 1:
        lead = _("Over {span}, {people}").format(
            span=spec.rounds_text(rounds), people=spec.group_people
        )
    else:
        lead = spec.group_people[0].upper() + spec.group_people[1:]
    sentence = _("{lead} {verb} at {rate} against {other_rate} for {others}: ").format(
        lead=lead,
        verb=spec.favourable_verb,
        rate=format_percent(rate_group),
        other_rate=format_percent(rate_other),
        others=spec.other_people,
    )
    if ratio is None:
        sentence += _("impact ratio undefined (nobody got the favourable outcome).")
    else:
        flagged = result.below_four_fifths
        shown = format_decimal(ratio, 2)
        if flagged and shown == format_decimal(0.8, 2):
            shown = format_decimal(ratio, 3)
        message = (
            _("impact ratio {ratio}, below four-fifths.")
            if flagged
            else _("impact ratio {ratio}, at or above four-fifths.")
        )
        sentence += message.format(ratio=shown)
        if spec.ratio_caveat:
            sentence += " " + spec.ratio_caveat
    reviewed, cleared = result.review
    if reviewed:
        sentence += " " + _(
            "Reviewers looked at {reviewed} {noun} and overturned {cleared}."
        ).format(
            reviewed=format_number(reviewed), noun=spec.adverse_noun, cleared=format_number(cleared)
        )
    return sentence
