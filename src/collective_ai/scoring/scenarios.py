"""Three workplaces where a score decides something about people.

Each scenario says who the penalised group is, what the proxy is, what the decision is and
what counts as the favourable outcome. The model underneath is the same (see
:mod:`collective_ai.scoring.model`): true job performance does not differ between groups;
the score mixes a noisy measure of performance with a proxy that tracks group membership.

A scenario's words are written in English, marked for the catalog, and read in the language
in use (:class:`~collective_ai.scoring.params.Worded`); its ids (``name``, the column names,
``round_noun``) never change with the language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from collective_ai.i18n import N_, _, format_number, ngettext
from collective_ai.scoring import params as p


@dataclass(frozen=True)
class Scenario(p.Worded):
    """Who is scored, on what, and which outcome a worker wants.

    Parameters
    ----------
    name, title : str
        The id :func:`simulate` takes, and the name a learner reads.
    group, other : str
        The group the proxy penalises, and everyone else (the audit's category names).
    group_people, other_people : str
        The same as plural noun phrases for sentences ("applicants aged 40 and over").
    proxy : str
        What the score picks up that tracks the group.
    favourable, favourable_verb : str
        The column of the outcome a worker wants, and its verb ("advance").
    favourable_share : str
        The outcome as a chart's axis names it ("share who advance"), whole, so a
        language can make its verb agree with "share".
    adverse_noun, adverse_column : str
        What a reviewer reviews ("rejections"), and the prefix of the decision columns.
    round_noun : str
        "round", "week" or "month".
    decision : {"top", "bottom"}
        Select the highest scores, or flag the lowest.
    parameters : dict of str to Parameter
        The knobs, their ranges and help text (:mod:`collective_ai.scoring.params`).
    ratio_caveat : str
        Said after the four-fifths verdict when the Uniform Guidelines do not cover the
        group (29 CFR 1607.2(D)).
    """

    name: str
    title: str
    group: str  # the group the proxy penalises
    other: str
    group_people: str  # plural noun phrase for sentences: "applicants over 40"
    other_people: str
    proxy: str
    favourable: str  # column name of the favourable outcome
    favourable_verb: str  # "advance", "stay free of discipline"
    favourable_share: str  # "share who advance"
    adverse_noun: str  # what a reviewer reviews: "rejections", "write-ups"
    adverse_column: str  # prefix of the per-round decision columns
    round_noun: str  # "week", "month"
    decision: str  # "top" (select the highest scores) or "bottom" (flag the lowest)
    parameters: dict[str, p.Parameter]
    # Said after the four-fifths verdict when the group is one the Uniform Guidelines do
    # not cover: they apply to race, sex and ethnic group, not to age or disability
    # (29 CFR 1607.2(D)), where courts weigh statistical significance instead.
    ratio_caveat: str = ""

    _words: ClassVar[frozenset[str]] = frozenset(
        {"title", "group", "other", "group_people", "other_people", "proxy"}
        | {"favourable_verb", "favourable_share", "adverse_noun", "ratio_caveat"}
    )

    @property
    def has_rounds(self) -> bool:
        return self.parameters["rounds"].high > 1

    @property
    def round_word(self) -> str:
        """The round's name in the language in use: "week", "semana"."""
        return _(_ROUND_WORDS[self.round_noun])

    def rounds_text(self, count: int) -> str:
        """``count`` rounds in words: "8 weeks", "1 month"."""
        return _ROUNDS_TEXT[self.round_noun](count).format(count=format_number(count))


_ROUND_WORDS = {"round": N_("round"), "week": N_("week"), "month": N_("month")}
_ROUNDS_TEXT = {
    "round": lambda n: ngettext("{count} round", "{count} rounds", n),
    "week": lambda n: ngettext("{count} week", "{count} weeks", n),
    "month": lambda n: ngettext("{count} month", "{count} months", n),
}


def _parameters(*extra: p.Parameter, **wording: dict) -> dict[str, p.Parameter]:
    specs = [*p.COMMON, *extra]
    return {s.name: p.with_text(s, **wording.get(s.name, {})) for s in specs}


HIRING = Scenario(
    name="hiring",
    title=N_("Résumé screener"),
    group=N_("40 and over"),
    other=N_("Under 40"),
    group_people=N_("applicants aged 40 and over"),
    other_people=N_("applicants under 40"),
    proxy=N_("employment gaps and graduation year"),
    favourable="advanced",
    favourable_verb=N_("advance"),
    favourable_share=N_("share who advance"),
    adverse_noun=N_("rejections"),
    adverse_column="rejected",
    round_noun="round",
    decision="top",
    ratio_caveat=N_(
        "The four-fifths rule comes from federal guidelines that cover race, sex and ethnic "
        "group, not age: in an age case, courts ask whether a gap is statistically "
        "significant, and the ratio is only a first screen."
    ),
    parameters=_parameters(
        p.with_text(p.ROUNDS, high=1, default=1, help=N_("A screener decides once.")),
        group_share={
            "label": N_("Applicants 40+"),
            "help": N_("The share of applicants aged 40+."),
        },
        proxy_strength={
            "help": N_(
                "How closely the proxy (employment gaps, graduation year) tracks being "
                "40 or over. It says nothing about how well anyone would do the job."
            )
        },
        selection_share={
            "label": N_("Advanced share"),
            "help": N_("The share of applicants the screener advances to interview."),
        },
        human_review_share={
            "units": N_("share of rejections"),
            "help": N_(
                "The share of rejected applicants a recruiter reads before the rejection is sent."
            ),
        },
    ),
)

WAREHOUSE = Scenario(
    name="warehouse",
    title=N_("Warehouse productivity rate"),
    group=N_("Disabled, pregnant or older"),
    other=N_("Other workers"),
    group_people=N_("disabled, pregnant and older workers"),
    other_people=N_("other workers"),
    proxy=N_("time off task (breaks, slower pace)"),
    favourable="free_of_discipline",
    favourable_verb=N_("stay free of discipline"),
    favourable_share=N_("share who stay free of discipline"),
    adverse_noun=N_("write-ups"),
    adverse_column="written_up",
    round_noun="week",
    decision="bottom",
    ratio_caveat=N_(
        "The four-fifths rule comes from federal guidelines that do not cover disability or "
        "age: for those groups, courts ask whether a gap is statistically significant, and "
        "the ratio is only a first screen."
    ),
    parameters=_parameters(
        p.with_text(p.ROUNDS, label=N_("Weeks"), units=N_("weeks"), help=N_("Weeks of scoring.")),
        p.TARGET_RATCHET,
        group_share={
            "label": N_("Group share"),
            "help": N_("The share of workers who are disabled, pregnant or older."),
        },
        proxy_strength={
            "help": N_(
                "How closely time off task tracks being disabled, pregnant or older. "
                "It says nothing about the quality of anyone's work."
            )
        },
        selection_share={
            "label": N_("Written up, week 1"),
            "help": N_(
                "The share of workers below the rate target in the first week; the "
                "target is then fixed, or ratchets up."
            ),
        },
        human_review_share={
            "units": N_("share of write-ups"),
            "help": N_("The share of write-ups a supervisor reviews before discipline."),
        },
    ),
)

CALL_CENTRE = Scenario(
    name="call_centre",
    title=N_("Call-centre quality score"),
    group=N_("Accent poorly recognised"),
    other=N_("Accent well recognised"),
    group_people=N_("agents whose accent the system recognises poorly"),
    other_people=N_("agents whose accent it recognises well"),
    proxy=N_("speech-recognition errors on the agent's calls"),
    favourable="kept_off_coaching",
    favourable_verb=N_("stay off the coaching list"),
    favourable_share=N_("share who stay off the coaching list"),
    adverse_noun=N_("coaching flags"),
    adverse_column="flagged",
    round_noun="month",
    decision="bottom",
    parameters=_parameters(
        p.with_text(
            p.ROUNDS,
            label=N_("Months"),
            high=12,
            default=3,
            units=N_("months"),
            help=N_("Months scored."),
        ),
        group_share={
            "label": N_("Group share"),
            "help": N_("The share of agents with an accent the speech recogniser handles poorly."),
        },
        proxy_strength={
            "help": N_(
                "How closely transcription errors track accent. The errors say "
                "nothing about how well the agent helped the caller."
            )
        },
        selection_share={
            "label": N_("Flagged share"),
            "help": N_(
                "The share of agents with the lowest score flagged for coaching each month."
            ),
        },
        human_review_share={
            "units": N_("share of flags"),
            "help": N_("The share of flags where a supervisor listens to the calls first."),
        },
    ),
)

SCENARIOS = {s.name: s for s in (HIRING, WAREHOUSE, CALL_CENTRE)}
