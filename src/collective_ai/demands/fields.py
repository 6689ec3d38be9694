"""The fields a person fills in, which form needs which, and the checks on what is typed.

With ``strict`` a missing required field raises one :class:`InputError` naming all of
them; without, each is shown as ``[Label]`` so a live preview still renders.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from collective_ai.dates import parse_date, show_date
from collective_ai.demands.document import clean_text
from collective_ai.demands.registry import FORM_FIELDS, FORMS
from collective_ai.errors import InputError
from collective_ai.i18n import N_, _, format_number

MAX_FIELD_CHARS = 5000


@dataclass(frozen=True)
class Field:
    """A value a person fills in; ``required_in`` lists the forms that cannot go without it."""

    name: str
    label: str
    required_in: tuple[str, ...] = ()
    default: str = ""
    kind: str = "text"  # text | number | long
    minimum: int = 1
    maximum: int = 100_000
    help: str = ""

    def required(self, form: str) -> bool:
        return form in self.required_in


COMMON_FIELDS = {
    f.name: f
    for f in [
        Field("employer", N_("Employer"), FORMS, help=N_("The company or agency you work for.")),
        Field("workplace", N_("Workplace"), FORMS, help=N_("Site, department or bargaining unit.")),
        Field("ai_system", N_("AI system"), FORMS, help=N_("What the system is called at work.")),
        Field("vendor", N_("Vendor"), help=N_("Who sells or runs the system, if you know.")),
        Field(
            "date", N_("Date"), help=N_("Such as 3 March 2026. Left empty, today's date is used.")
        ),
        Field(
            "group_name", N_("Your group's name"), FORMS, help=N_("A local, committee or network.")
        ),
        Field("contact", N_("Contact"), ("letter",), help=N_("Where management should reply.")),
        Field("recipient", N_("Addressed to"), help=N_("A manager's name or title (letter only).")),
        Field("reply_days", N_("Days to reply"), default="30", kind="number", maximum=365),
        Field("free_text", N_("Anything else to say"), kind="long"),
        Field("signers", N_("Signature lines"), default="20", kind="number", maximum=500),
    ]
}


def fields_for(templates, form: str) -> list[Field]:
    """Every field rendering ``templates`` as ``form`` needs, common fields first."""
    chosen = [COMMON_FIELDS[name] for name in FORM_FIELDS[form]]
    seen = set(FORM_FIELDS[form])
    for template in templates:
        for f in template.fields:
            if f.name not in seen:
                seen.add(f.name)
                chosen.append(f)
    return chosen


def describe_fields(template) -> list[dict]:
    """Fields a template needs in any form, each with whether some form requires it."""
    described: dict[str, dict] = {}
    for form in FORMS:
        for f in fields_for([template], form):
            entry = described.setdefault(
                f.name, {"name": f.name, "label": _(f.label), "required": False, "required_in": []}
            )
            if f.required(form):
                entry["required"] = True
                entry["required_in"].append(form)
    return list(described.values())


def check_fields(
    values: dict, *, form: str, templates, strict: bool = True, today: dt.date | None = None
) -> tuple[dict, list[str]]:
    """Validated values for every field the form needs, and the labels of missing ones.

    With ``strict`` a missing required field raises one :class:`InputError` naming all of
    them; without, each is shown as ``[Label]`` so a live preview still renders.
    """
    if form not in FORMS:
        raise InputError(
            _("choose one of {choices}, not {value!r}").format(
                choices=", ".join(FORMS), value=form
            ),
            field="form",
        )
    needed = {f.name: f for f in fields_for(templates, form)}
    known = {**COMMON_FIELDS, **needed}
    out: dict[str, str] = {}
    for name, raw in values.items():
        if name not in known:
            raise InputError(
                _("this form has no such field; fields: {fields}").format(fields=", ".join(needed)),
                field=name,
            )
        out[name] = _clean_value(name, raw)
    missing = []
    for name, f in needed.items():
        value = out.get(name, "").strip()
        if not value and f.required(form):
            missing.append(f)
            out[name] = f"[{_(f.label)}]"
        elif not value:
            out[name] = f.default
        elif f.kind == "number":
            out[name] = str(_whole_number(value, f))
    if strict and missing:
        names = ", ".join(f"{_(f.label)} ({f.name})" for f in missing)
        raise InputError(
            _("please fill in the required fields: {names}").format(names=names),
            field=missing[0].name,
        )
    typed = out.get("date", "").strip()
    out["date"] = show_date(parse_date(typed) if typed else today or dt.date.today())
    for name in set(known) - set(out):
        out[name] = known[name].default
    return out, [_(f.label) for f in missing]


def _clean_value(name: str, raw) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str | int) or isinstance(raw, bool):
        raise InputError(
            _("should be text, not {kind}").format(kind=type(raw).__name__), field=name
        )
    text = clean_text(str(raw))
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        raise InputError(_("contains a broken character (a lone surrogate); retype it"), field=name)
    if len(text) > MAX_FIELD_CHARS:
        raise InputError(
            _(
                "is {count} characters long; the limit is {limit}. "
                "Shorten it or attach the rest as a separate document."
            ).format(count=format_number(len(text)), limit=format_number(MAX_FIELD_CHARS)),
            field=name,
        )
    return text


def _whole_number(text: str, f) -> int:
    try:
        number = int(text.strip().replace(",", ""))
    except ValueError:
        raise InputError(
            _("should be a whole number, not {value!r}").format(value=text), field=f.name
        ) from None
    if not f.minimum <= number <= f.maximum:
        raise InputError(
            _("should be between {low} and {high}").format(low=f.minimum, high=f.maximum),
            field=f.name,
        )
    return number
