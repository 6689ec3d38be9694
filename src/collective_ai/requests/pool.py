"""One table across members of what came back, protected as the survey's tables are.

Each member's answer becomes one row (the law, the system, and for each ask whether it
arrived or was missing), never the member's code, and the table is counted by
:func:`collective_ai.evidence.survey.summarize`: no count from 1 to k-1 is shown, and
each table is checked against every table released before from the same answers in the
committee's release ledger (:mod:`collective_ai.disclosure`), so two tables set side by
side cannot give one member away. A table a committee shares says "the logic was missing
for 9 of 11 members asking under the GDPR", not whose.
"""

from __future__ import annotations

import csv
import io

from collective_ai.errors import InputError
from collective_ai.evidence.suppression import DEFAULT_K
from collective_ai.i18n import _

SURVEY = "data-requests"
LABELS = {"inputs": "Inputs", "scores": "Scores", "logic": "Logic", "decisions": "Decisions",
          "format": "Machine-readable files"}  # fmt: skip
BREAKDOWNS = {"law": "Law", "system": "System"}
ARRIVED, MISSING = "Arrived", "Missing"
HEADER = ["Law", "System", *LABELS.values()]


def pooled_rows(requests) -> list[dict]:
    """One row per request that has what came back recorded: each ask arrived or missing.

    Each ask is its own one-answer question, so a table of one ask shows "Arrived" and
    "Missing" side by side and hides them together: a member who lacks something is
    never the difference between two counts the committee shared.

    Parameters
    ----------
    requests : iterable
        Objects with ``law``, ``system`` and ``returned`` (a
        :meth:`~collective_ai.requests.reader.ReturnSummary.to_dict`), such as the
        register's :class:`~collective_ai.requests.register.DataRequest`.

    Returns
    -------
    list of dict
        Keyed by :data:`HEADER`; the member's code is not among them.
    """
    rows = []
    for request in requests:
        returned = request.returned or {}
        if not returned:
            continue
        missing = set(returned.get("missing", []))
        row = {"Law": request.law, "System": " ".join(str(request.system).split())}
        row.update({label: MISSING if key in missing else ARRIVED for key, label in LABELS.items()})
        rows.append(row)
    return rows


def rows_csv(rows: list[dict]) -> bytes:
    """The pooled rows as the CSV the survey reader takes.

    Parameters
    ----------
    rows : list of dict
        What :func:`pooled_rows` made.

    Returns
    -------
    bytes
    """
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def pool_returns(
    requests,
    *,
    ask: str = "logic",
    by: str | None = "law",
    k: int = DEFAULT_K,
    ledger=None,
    survey: str = SURVEY,
):
    """How many members' answers lacked (or held) one ask, by law or system; small counts hidden.

    Parameters
    ----------
    requests : iterable
        As for :func:`pooled_rows` (the register's requests).
    ask : str
        One of :data:`LABELS`' keys: "inputs", "scores", "logic", "decisions", "format".
    by : {"law", "system"} or None
        A breakdown.
    k : int
        The threshold: no count from 1 to k-1 is shown.
    ledger : ReleaseLedger, optional
        The committee's release ledger; the table is checked against every earlier one
        from these answers and recorded. Without one it is checked alone.
    survey : str
        The name the ledger keeps these releases under.

    Returns
    -------
    collective_ai.evidence.survey.SurveySummary

    Raises
    ------
    InputError
        An unknown ask or breakdown, no answers recorded, or a table the ledger cannot
        safely release (too few new answers since the last one).
    """
    from collective_ai.evidence.responses import read_responses
    from collective_ai.evidence.survey import summarize

    if ask not in LABELS:
        raise InputError(
            _("choose one of {value}, not {ask!r}").format(value=", ".join(LABELS), ask=ask),
            field="ask",
        )
    if by not in (None, "", *BREAKDOWNS):
        raise InputError(
            _("choose {value}, not {by!r}").format(value=" or ".join(BREAKDOWNS), by=by), field="by"
        )
    rows = pooled_rows(requests)
    if not rows:
        raise InputError(
            _(
                "no request has what came back recorded yet; read the answers with 'request "
                "read PATH --id N' first"
            ),
            field="register",
        )
    responses = read_responses(rows_csv(rows))
    try:
        return summarize(
            responses,
            question=LABELS[ask],
            by=[BREAKDOWNS[by]] if by else [],
            multi=False,
            k=k,
            ledger=ledger,
            survey=survey,
        )
    except InputError as error:
        if error.field == "by":  # most laws or systems have one member each
            raise InputError(
                _(
                    "too few members share each {by} for a breakdown: most would be a group of "
                    "one. Pool without one (--by none) until more answers are in"
                ).format(by=by),
                field="by",
            ) from None
        raise
