"""A bias audit of survey outcomes, with the survey's small groups kept out of sight.

The audit itself is :func:`collective_ai.audit.audit` (selection rates, impact ratios, the
four-fifths rule). Before it runs, groups with fewer than k respondents are left out, and
when that leaves out exactly one group a second, the next smallest, goes too: otherwise the
one small group's size would follow from the number of responses.
"""

from __future__ import annotations

from collective_ai.audit import AuditReport, audit
from collective_ai.errors import InputError
from collective_ai.evidence.responses import Responses
from collective_ai.evidence.suppression import DEFAULT_K, check_k

OUTCOME = "favourable outcome"
UNKNOWN = ("Prefer not to say", "No answer")


def audit_survey(
    responses: Responses,
    *,
    group: str,
    outcome: str,
    favourable: str,
    k: int = DEFAULT_K,
    unknown=UNKNOWN,
) -> AuditReport:
    """Audit how often each group gets the ``favourable`` answer to ``outcome``.

    The rates and ratios are :func:`collective_ai.audit.audit`'s. Blank groups and the
    ``unknown`` answers ("Prefer not to say") are left out with the small groups: they are
    not a group whose treatment can be compared.

    Parameters
    ----------
    responses : Responses
        What :func:`~collective_ai.evidence.responses.read_responses` read.
    group, outcome : str
        The group column and the outcome question (headers, or bank ids or texts).
    favourable : str
        The answer to ``outcome`` that counts as the favourable outcome.
    k : int
        Groups under ``k`` people are left out (and so many more that their sum is not
        under ``k`` either).
    unknown : iterable of str
        Answers to ``group`` that name no group.

    Returns
    -------
    AuditReport
        The audit, with notes saying which groups were left out and why.

    Raises
    ------
    InputError
        An unknown column, a favourable answer no one gave, or fewer than two groups of
        ``k`` or more people.
    """
    unknown_words = {"", *(u.strip().lower() for u in unknown)}
    import pandas as pd

    k = check_k(k)
    group = responses.resolve(group, field_name="group")
    outcome = responses.resolve(outcome, field_name="outcome")
    answers = responses.frame[outcome]
    given = sorted(set(answers) - {""})
    if favourable.strip().lower() not in {a.lower() for a in given}:
        raise InputError(
            f"no one answered {favourable!r}; the answers are: {', '.join(given)}",
            field="favourable",
        )
    data = pd.DataFrame(
        {
            group: responses.frame[group],
            OUTCOME: (answers.str.lower() == favourable.strip().lower()).map(
                {True: "yes", False: "no"}
            ),
        }
    )[answers != ""]
    sizes = data[group].value_counts()
    hidden = [g for g, n in sizes.items() if n < k or g.strip().lower() in unknown_words]
    shown = sizes.drop(hidden).sort_values()
    # The people left out add up to the responses minus those shown: that sum must not
    # be a small count either, so the smallest shown groups join them until it is not.
    complement = False
    while 0 < sizes[hidden].sum() < k and len(shown) > 2:
        hidden.append(shown.index[0])
        shown = shown.iloc[1:]
        complement = True
    kept = data[~data[group].isin(hidden)].reset_index(drop=True)
    if kept[group].nunique() < 2:
        raise InputError(
            f"fewer than two groups have {k} or more people; the audit would single people out",
            field="group",
        )
    report = audit(kept, groups=[group], selected=OUTCOME)
    notes = [
        f"Survey outcome: the answer {favourable!r} to {outcome!r} counts as favourable.",
    ]
    if hidden:
        notes.append(
            f"{len(hidden)} group{'s' * (len(hidden) != 1)} left out: "
            f"answers that give no group, and groups under {k} people, which must not be "
            "seen or worked out"
            + (" (one of them only to protect another)." if complement else ".")
        )
    report.notes[:0] = notes
    return report
