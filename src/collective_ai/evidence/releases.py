"""A survey release, checked against everything released before from the same survey.

:func:`protect_release` is the one step every survey output goes through (summaries in any
format, audits, the survey lab). With a ledger it:

1. tells this file's rows apart from those of the versions released before (keyed row
   hashes), refusing a file that lost rows an earlier release counted, and a file that
   gained fewer than k rows since the last release (the two releases' difference would be
   what those few people said);
2. counts every earlier release again on these rows, as of its own version;
3. watches what the people who answered between two releases said, in every table
   released, as counts that must not be proved small;
4. hides more of the new release (:func:`collective_ai.disclosure.joint.protect`) and
   writes it down, in one transaction.

A release identical to an earlier one of the same rows is shown as it was then.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np

from collective_ai.disclosure.joint import Entry, Fact, protect
from collective_ai.errors import InputError
from collective_ai.evidence.cells import Counted
from collective_ai.evidence.responses import Responses
from collective_ai.i18n import _, ngettext


@dataclass
class Protected:
    """The new release's hidden keys and what a reader must be told about them."""

    hidden: set
    linked: set = field(default_factory=set)
    exposed: list[str] = field(default_factory=list)
    earlier: int = 0
    k: int = 0
    reprint: bool = False


def protect_release(
    responses: Responses,
    counted: Counted,
    *,
    spec: dict,
    entries: list[Entry],
    hidden: set,
    ledger=None,
    survey: str | None = None,
) -> Protected:
    """Decide what a new release hides, together with the survey's earlier releases.

    Parameters
    ----------
    responses : Responses
        The rows the release counts.
    counted : Counted
        Masks over those rows (the same object built the entries).
    spec : dict
        What the release counts (:func:`collective_ai.evidence.cells.summary_spec`).
    entries : list of Entry
        Its counts.
    hidden : set
        Keys the table's own rules already hide.
    ledger : ReleaseLedger, optional
        Where the survey's releases are kept; without one, the release is checked alone
        and not recorded.
    survey : str, optional
        The survey's name in the ledger.

    Returns
    -------
    Protected

    Raises
    ------
    InputError
        The file lost rows an earlier release counted, gained fewer than k since the
        last one, or lacks a column an earlier release used.
    """
    k = spec["k"]
    everyone = np.ones(counted.rows, dtype=bool)
    if ledger is None:
        unpicked = _unpicked([(spec, [e.key for e in entries], everyone)], counted, k=k)
        result = protect(entries, hidden=hidden, k=k, watched=unpicked)
        return Protected(result.hidden, result.linked, result.exposed, 0, k)
    with ledger.survey(survey) as book:
        releases = list(book.releases)
        most = max([k, *(r.spec["k"] for r in releases)])
        hashes = book.row_hashes(responses.all_columns())
        latest = len(book.versions)
        added = _added_at(hashes, book.versions, survey=survey)
        new = int((added > latest).sum())
        if latest and 0 < new < most:
            raise InputError(
                ngettext(
                    "only {count} answer came in since {survey!r} was last released; a new "
                    "table now would show what that person said when set beside the last one. "
                    "Wait until at least {most} new answers are in, or share only the tables "
                    "already released",
                    "only {count} answers came in since {survey!r} was last released; a new "
                    "table now would show what they said when set beside the last one. Wait "
                    "until at least {most} new answers are in, or share only the tables "
                    "already released",
                    new,
                ).format(count=new, survey=survey, most=most),
                field="file",
            )
        version = latest if latest and not new else latest + 1
        for release in releases:
            if release.version == version and _same(release.spec, spec):
                kept = {key for key, shown, _ in release.entries if not shown}
                return Protected(kept, set(), [], len(releases), k, reprint=True)
        shown_before, hidden_before = _earlier(releases, counted, added)
        watched = _watched(releases, spec, entries, counted, added, shown_before, k=most)
        tables = [(r.spec, [key for key, _, _ in r.entries], added <= r.version) for r in releases]
        tables.append((spec, [e.key for e in entries], everyone))
        watched += _unpicked(tables, counted, k=most)
        result = protect(
            entries,
            hidden=hidden,
            k=k,
            shown_before=shown_before,
            hidden_before=hidden_before,
            watched=watched,
        )
        if version > latest:
            book.add_version(hashes)
        book.record(
            spec=spec,
            version=version,
            entries=[(e.key, e.key not in result.hidden, e.value) for e in entries],
        )
        return Protected(result.hidden, result.linked, result.exposed, len(releases), k)


def _same(a: dict, b: dict) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def _earlier(releases, counted: Counted, added: np.ndarray) -> tuple[list, list]:
    """Every count of every earlier release, counted again on its own version's rows."""
    shown, hidden = [], []
    for number, release in enumerate(releases, 1):
        within = added <= release.version
        for key, was_shown, value in release.entries:
            mask = counted.mask(release.spec, key) & within
            truth = int(mask.sum())
            if was_shown and truth != value:
                raise InputError(
                    _(
                        "this file does not give the counts release {number} of this survey "
                        "showed, so it cannot be checked against it; release from the file "
                        "that release was made from, or a later export of it"
                    ).format(number=number),
                    field="file",
                )
            if was_shown:
                shown.append(Fact(mask, value))
            else:
                why = f"a count hidden in release {number}"
                hidden.append(Fact(mask, truth, why, release.spec["k"]))
    return shown, hidden


def _watched(releases, spec, entries, counted, added, shown_before: list, *, k: int) -> list:
    """What the people who answered between two releases said, in every released table.

    A reader is taken to know how many came in each time (it is the difference of the
    releases' response counts), so that is added to what they know.
    """
    batches = [b for b in np.unique(added) if b > 1]
    tables = [(r.spec, [key for key, _, _ in r.entries]) for r in releases]
    tables.append((spec, [e.key for e in entries]))
    unique = {json.dumps(s, sort_keys=True): (s, keys) for s, keys in tables}
    watched = []
    for batch in batches:
        came = added == batch
        size = int(came.sum())
        shown_before.append(Fact(came, size))
        for table_spec, keys in unique.values():
            for key in keys:
                mask = counted.mask(table_spec, key) & came
                truth = int(mask.sum())
                if 1 <= truth < k:
                    why = f"what the {size} people who answered later said"
                    watched.append(Fact(mask, truth, why, k))
    return watched


def _unpicked(tables: list, counted: Counted, *, k: int) -> list:
    """The people in a group who did not pick an answer, in every multi-select table.

    A multi-select table shows how many in a group picked each answer and how many the
    group holds; the difference is a count of people as well ("2 on the day shift did not
    pick cameras"), so it must not be proved to be 1 to k-1 either. ``tables`` holds each
    table's spec, keys and the rows it counted.
    """
    watched: dict = {}
    for spec, keys, within in tables:
        for key in keys:
            for mask in counted.unpicked(spec, key):
                mask = mask & within
                truth = int(mask.sum())
                if 1 <= truth < k:
                    why = f"the people in a group who did not pick {key[2]!r}"
                    watched.setdefault(np.packbits(mask).tobytes(), Fact(mask, truth, why, k))
    return list(watched.values())


def _added_at(hashes: np.ndarray, versions: list, *, survey: str) -> np.ndarray:
    """For each row, the first recorded version that holds it (new rows: one past the last).

    Identical rows are told apart by how many of them each version holds.
    """
    n = len(hashes)
    order = np.argsort(hashes, kind="stable")
    ordered = hashes[order]
    rank = np.arange(n) - np.searchsorted(ordered, ordered, side="left")
    if versions:
        latest = versions[-1]
        values, counts = np.unique(latest, return_counts=True)
        here = np.searchsorted(ordered, values, side="right") - np.searchsorted(
            ordered, values, side="left"
        )
        missing = int(np.maximum(counts - here, 0).sum())
        if missing:
            raise InputError(
                ngettext(
                    "{count} answer that earlier releases of {survey!r} counted is not in "
                    "this file, or changed; a new table would show by difference what they "
                    "said. Release from a file that still holds every answer as it was",
                    "{count} answers that earlier releases of {survey!r} counted are not in "
                    "this file, or changed; a new table would show by difference what they "
                    "said. Release from a file that still holds every answer as it was",
                    missing,
                ).format(count=missing, survey=survey),
                field="file",
            )
    out_sorted = np.full(n, len(versions) + 1, dtype=np.int64)
    for number in range(len(versions), 0, -1):
        version = versions[number - 1]
        held = np.searchsorted(version, ordered, side="right") - np.searchsorted(
            version, ordered, side="left"
        )
        out_sorted[rank < held] = number
    out = np.empty(n, dtype=np.int64)
    out[order] = out_sorted
    return out
