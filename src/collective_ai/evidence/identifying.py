"""Which columns of a survey say who answered, and which hold free text.

A column that names, reaches or tags a person is removed on import, judged by its header
(name, e-mail, phone, employee or badge number, address, IP, device ids, the form tools'
respondent fields) and by its values (e-mail addresses, phone numbers, a code unique to
almost every row). A free-text column is kept but never counted as if its answers were
categories: a sentence one person wrote can name them however its count is hidden.
"""

from __future__ import annotations

import re

from collective_ai.i18n import N_, _

_HEADER_RULES = (
    (
        N_("a name"),
        r"\b(your|full|first|last|given|family|legal|preferred)\s+name\b|^(sur)?name\b\s*(\(.*\))?\s*[:?]?$|^user\s?name$",
    ),
    (N_("an e-mail address"), r"e-?mail"),
    (
        N_("a phone number"),
        r"\b(tele)?phone\b\s*(number|no\b|#)?|phonenumber|\b(mobile|cell)\b\s*(\(.*\))?\s*(number|no\b|#|phone)|^(mobile|cell)\b\s*(\(.*\))?\s*:?$|whatsapp",
    ),
    (
        N_("an employee or staff number"),
        r"\b(employee|staff|badge|payroll|worker|personnel|clock|member(ship)?|union)\s*(id|number|no\b|#|code)|\bid\s*(number|no\b)|national\s+insurance|social\s+security|\bssn\b",
    ),
    (N_("an address"), r"\b(home|street|postal|mailing|house|work|ip)\s+address\b|^address\b"),
    (
        N_("an IP address or device id"),
        r"\bip\b|device\s*id|deviceid|subscriberid|simserial|\bimei\b",
    ),
    (
        N_("who submitted the form"),
        r"^_submitted_by$|\brespondent(\s*id)?$|^responder$|\bsignature\b",
    ),
)
_HEADERS = [(why, re.compile(rule, re.I)) for why, rule in _HEADER_RULES]
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[\d\s().-]{7,}$")
_SHARE = 0.3  # of the answers: more looking like addresses or numbers than a slip would give
_UNIQUE = 0.9
_MIN_ROWS_FOR_UNIQUE = 10


def identifying_header(header: str) -> str | None:
    """Why a header says who answered (``"a name"``, in English: ``_()`` shows it), or None.

    Parameters
    ----------
    header : str
        A column header; a KoboToolbox group prefix (``group/question``) is ignored.

    Returns
    -------
    str or None
    """
    name = header.strip().rsplit("/", 1)[-1].strip()
    for why, rule in _HEADERS:
        if rule.search(name):
            return why
    return None


def identifying_values(values) -> str | None:
    """Why a column's values say who answered (``"e-mail addresses"``), or None.

    Parameters
    ----------
    values : pandas.Series
        The column's answers as text (blank for none).

    Returns
    -------
    str or None
    """
    counts = values[values != ""].value_counts()
    if counts.empty:
        return None
    total = counts.sum()
    shapes = counts.index.to_series().astype(str)  # each distinct answer looked at once

    def share(looks) -> float:
        return counts[looks.to_numpy()].sum() / total

    if share(shapes.str.match(_EMAIL)) >= _SHARE:
        return _("its answers are e-mail addresses")
    if share(shapes.str.match(_PHONE) & (shapes.str.count(r"\d") >= 7)) >= _SHARE:
        return _("its answers are phone numbers")
    if (
        total >= _MIN_ROWS_FOR_UNIQUE
        and len(counts) >= _UNIQUE * total
        and share(shapes.str.contains(r"\s")) <= 0.2
    ):
        return _("its answers are codes unique to almost every person")
    return None


def is_free_text(answers) -> bool:
    """True when most answers were given by one person each: words, not categories.

    Parameters
    ----------
    answers : pandas.Series
        Each person's answer as text, or (several-answer questions) each answer picked.

    Returns
    -------
    bool
    """
    given = answers[answers != ""]
    if given.empty:
        return False
    counts = given.value_counts()
    alone = int(counts[counts == 1].sum())
    return alone > 0.5 * len(given)
