"""What the evidence log accepts: trimmed text under a limit, real dates, known fields.

Kept apart from :mod:`~collective_ai.evidence.store` so the file handling and the rules
for a record each have one home; every record passes through here before it is written.
"""

from __future__ import annotations

import datetime as dt

from collective_ai.dates import iso_month_or_date, parse_date, show_date
from collective_ai.errors import InputError
from collective_ai.i18n import _, format_number

MAX_CHARS = 5000
SYSTEM_FIELDS = ("name", "vendor", "decides", "affects", "location", "since", "known_from")
INCIDENT_FIELDS = ("date", "what", "effect", "action", "outcome", "affected_group", "source")


def check_text(value, *, field: str, required: bool = False) -> str:
    """Trimmed text, or InputError naming ``field`` (empty when required, or too long)."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InputError(
            _("should be text, not {kind}").format(kind=type(value).__name__), field=field
        )
    text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if required and not text:
        raise InputError(_("is required and cannot be empty"), field=field)
    if len(text) > MAX_CHARS:
        raise InputError(
            _("is {count} characters; the limit is {limit}").format(
                count=format_number(len(text)), limit=format_number(MAX_CHARS)
            ),
            field=field,
        )
    if "\x00" in text or any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        raise InputError(_("contains a character that cannot be stored; retype it"), field=field)
    return text


def check_date(value, *, field: str = "date", today: dt.date | None = None) -> str:
    """A day as people write it (:func:`collective_ai.dates.parse_date`), not in the future,
    kept as ISO text so the log sorts by date."""
    text = check_text(value, field=field, required=True)
    day = parse_date(text, field=field)
    if day > (today or dt.date.today()):
        raise InputError(_("{day} is in the future").format(day=show_date(day)), field=field)
    return day.isoformat()


def check_month(value, *, field: str = "since") -> str:
    """Optional: a year, a month or a full date, for 'in use since'."""
    text = check_text(value, field=field)
    return iso_month_or_date(text, field=field) if text else text


def system_values(name, details: dict) -> dict:
    """A system's fields checked and trimmed; InputError names an unknown or bad one."""
    unknown = set(details) - set(SYSTEM_FIELDS)
    if unknown:
        raise InputError(_("a system has no such field"), field=sorted(unknown)[0])
    values = {"name": check_text(name, field="system", required=True)}
    for key in SYSTEM_FIELDS[1:]:
        if key == "since":
            values[key] = check_month(details.get(key, ""), field="since")
        else:
            values[key] = check_text(details.get(key, ""), field=key)
    return values


def incident_values(date, effect, details: dict, *, today) -> dict:
    """An incident's fields checked and trimmed (the reporter code too)."""
    allowed = set(INCIDENT_FIELDS) | {"reporter"}
    unknown = set(details) - allowed
    if unknown:
        raise InputError(_("an incident has no such field"), field=sorted(unknown)[0])
    values = {
        "date": check_date(date, today=today),
        "effect": check_text(effect, field="effect", required=True),
    }
    for key in (*INCIDENT_FIELDS, "reporter"):
        if key not in values:
            values[key] = check_text(details.get(key, ""), field=key)
    return values
