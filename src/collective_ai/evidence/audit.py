"""A bias audit of survey outcomes, with the survey's small groups kept out of sight.

The audit itself is :func:`collective_ai.audit.audit` (selection rates, impact ratios, the
four-fifths rule). Each group's people, selected and not selected are counts of a release
like a survey table's cells: a group with any of them from 1 to k-1 is left out whole (a
rate, ratio, interval or p-value of it would give the count back), and so is any group the
joint check (:func:`~collective_ai.evidence.releases.protect_release`) must hide so that,
with the survey's other releases, no hidden count can be worked out.
"""

from __future__ import annotations

import pandas as pd

from collective_ai.audit import AuditReport, audit
from collective_ai.disclosure.joint import Entry
from collective_ai.errors import InputError
from collective_ai.evidence.cells import Counted, audit_spec
from collective_ai.evidence.releases import protect_release
from collective_ai.evidence.responses import Responses
from collective_ai.evidence.suppression import DEFAULT_K, check_k
from collective_ai.i18n import _, ngettext

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
    ledger=None,
    survey: str | None = None,
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
    ledger : ReleaseLedger, optional
        The survey's earlier releases (see :func:`~collective_ai.evidence.survey.summarize`).
    survey : str, optional
        The survey's name in ``ledger``.

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
    import numpy as np

    unknown_words = {"", *(u.strip().lower() for u in unknown)}
    k = check_k(k)
    group = responses.resolve(group, field_name="group")
    outcome = responses.resolve(outcome, field_name="outcome")
    answers = responses.frame[outcome]
    given = sorted(set(answers) - {""})
    if favourable.strip().lower() not in {a.lower() for a in given}:
        raise InputError(
            _("no one answered {value!r}; the answers are: {answers}").format(
                value=favourable, answers=", ".join(given)
            ),
            field="favourable",
        )
    spec = audit_spec(group=group, outcome=outcome, favourable=favourable, k=k)
    counted = Counted(responses)
    entries, hidden = [], set()
    for name in sorted(counted.answers({"question": group}), key=str.lower):
        g = (name,)
        counts = {what: counted.mask(spec, (what, g)) for what in ("n", "selected", "not_selected")}
        values = {what: int(mask.sum()) for what, mask in counts.items()}
        if not values["n"]:
            continue
        order = (values["n"],)
        entries += [Entry((w, g), values[w], counts[w], ("group", name), order) for w in counts]
        if (
            name.strip().lower() in unknown_words
            or values["n"] < k
            or 0 < values["selected"] < k
            or 0 < values["not_selected"] < k
        ):
            hidden |= {(w, g) for w in counts}
    protected = protect_release(
        responses, counted, spec=spec, entries=entries, hidden=hidden, ledger=ledger, survey=survey
    )
    left_out = sorted({e.key[1][0] for e in entries if e.key in protected.hidden})
    kept = sorted({e.key[1][0] for e in entries} - set(left_out))
    if len(kept) < 2:
        raise InputError(
            _(
                "fewer than two groups can be shown: a group needs {k} or more people, and "
                "{k} or more (or none) on each side of the outcome; the audit would single "
                "people out. Try merging small groups"
            ).format(k=k),
            field="group",
        )
    rows = np.zeros(len(responses), dtype=bool)
    for name in kept:
        rows |= counted.mask(spec, ("n", (name,)))
    frame = responses.frame[rows]
    data = pd.DataFrame(
        {
            group: frame[group].to_numpy(),
            OUTCOME: np.where(
                frame[outcome].str.lower().to_numpy() == spec["favourable"], "yes", "no"
            ),
        }
    )
    report = audit(data, groups=[group], selected=OUTCOME)
    notes = [
        _("Survey outcome: the answer {value!r} to {question!r} counts as favourable.").format(
            value=favourable, question=outcome
        ),
    ]
    if left_out:
        notes.append(
            ngettext(
                "{count} group left out, with every count, rate and ratio of its: answers that "
                "give no group, groups under {k} people, groups where fewer than {k} got or "
                "missed the outcome, and groups whose counts could be worked out from this "
                "survey's other releases.",
                "{count} groups left out, with every count, rate and ratio of theirs: answers "
                "that give no group, groups under {k} people, groups where fewer than {k} got "
                "or missed the outcome, and groups whose counts could be worked out from this "
                "survey's other releases.",
                len(left_out),
            ).format(count=len(left_out), k=k)
        )
    report.notes[:0] = notes
    return report
