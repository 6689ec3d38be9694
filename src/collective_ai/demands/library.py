"""The demand library: one YAML file per demand, checked when it is loaded.

A template is data an instructor can add to: :func:`load_library` reads the built-in
templates and any folders of the instructor's own (:mod:`collective_ai.demands.loading`
checks each file).

Each built-in template is also written whole in each other language, under
``templates/<lang>/`` with the same file name and id: long legal prose reads better
translated whole than in fragments. The library of the language in use is loaded; a
translation must match its English file in everything but the words (family, findings,
precedents' sources, fields), so the facts stay the same.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from collective_ai.demands.fields import COMMON_FIELDS, Field
from collective_ai.demands.loading import TemplateFileError, load_template
from collective_ai.demands.registry import FAMILIES, FINDINGS
from collective_ai.demands.template import Template
from collective_ai.errors import InputError
from collective_ai.i18n import _, language

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


class Library:
    """The loaded templates, in a stable order (family order, then file name)."""

    def __init__(self, templates: list[Template]) -> None:
        self.templates = {t.id: t for t in templates}

    def __iter__(self):
        return iter(self.templates.values())

    def __len__(self) -> int:
        return len(self.templates)

    def get(self, template_id: str, *, field_name: str = "template") -> Template:
        try:
            return self.templates[template_id]
        except KeyError:
            known = ", ".join(self.templates)
            raise InputError(
                _("no demand template {id!r}; known templates: {known}").format(
                    id=template_id, known=known
                ),
                field=field_name,
            ) from None

    def answering(self, finding: str) -> list[Template]:
        """Templates that answer an audit finding (see :data:`FINDINGS`)."""
        if finding not in FINDINGS:
            raise InputError(
                _("unknown finding {value!r}; known: {known}").format(
                    value=finding, known=", ".join(FINDINGS)
                ),
                field="finding",
            )
        return [t for t in self if finding in t.answers]

    def families(self) -> list[str]:
        """The families that have at least one template, in the library's order."""
        return list(dict.fromkeys(t.family for t in self))

    def titles(self, *, answering: str | None = None) -> list[str]:
        """Template titles, in order; with ``answering``, of those answering that finding."""
        chosen = self if answering is None else self.answering(answering)
        return [t.title for t in chosen]

    def rows(self) -> list[dict]:
        """One row per template (id, family, title), for a table in a notebook."""
        return [{"id": t.id, "family": t.family_title, "title": t.title} for t in self]

    def all_fields(self) -> dict[str, Field]:
        """Common fields plus every template's own fields, by name."""
        merged = dict(COMMON_FIELDS)
        for template in self:
            merged.update({f.name: f for f in template.fields})
        return merged


def load_library(*, extra_dirs=()) -> Library:
    """The built-in templates plus any in ``extra_dirs`` (an instructor's own YAML files).

    Parameters
    ----------
    extra_dirs : iterable of str or pathlib.Path
        Folders of further ``*.yaml`` templates.

    Returns
    -------
    Library
        Every template, in family order, looked up by id with ``.get``.

    Raises
    ------
    InputError
        A folder that does not exist, a template that does not pass its checks, or two
        templates with one id.
    """
    templates = list(builtin_templates(language()))
    for folder in extra_dirs:
        folder = Path(folder)
        if not folder.is_dir():
            raise InputError(
                _("{folder} is not a folder of templates").format(folder=folder), field="templates"
            )
        templates.extend(load_template(p) for p in sorted(folder.glob("*.yaml")))
    _check_unique(templates)
    order = list(FAMILIES)
    templates.sort(key=lambda t: order.index(t.family))
    return Library(templates)


@cache
def builtin_templates(lang: str = "en") -> tuple[Template, ...]:
    """The built-in templates in ``lang``; English where it has no translation folder."""
    english = tuple(load_template(p) for p in sorted(TEMPLATES_DIR.glob("*.yaml")))
    folder = TEMPLATES_DIR / lang
    if lang == "en" or not folder.is_dir():
        return english
    by_id = {t.id: t for t in english}
    translated = tuple(load_template(p) for p in sorted(folder.glob("*.yaml")))
    for t in translated:
        _check_translation(by_id.get(t.id), t)
    missing = sorted(set(by_id) - {t.id for t in translated})
    if missing:
        raise TemplateFileError(f"no translation of {', '.join(missing)}", path=folder)
    return translated


def _check_translation(english: Template | None, translated: Template) -> None:
    """Refuse a translation whose facts differ from its English template's."""
    if english is None:
        raise TemplateFileError("has no English template of the same name", path=translated.path)
    same = {
        "family": english.family == translated.family,
        "answers": english.answers == translated.answers,
        "precedents": [p.key for p in english.precedents] == [p.key for p in translated.precedents],
        "fields": [_facts(f) for f in english.fields] == [_facts(f) for f in translated.fields],
        "seed": english.seed == translated.seed,
    }
    differ = [k for k, ok in same.items() if not ok]
    if differ:
        raise TemplateFileError(
            f"differs from {english.path.name} in {', '.join(differ)}", path=translated.path
        )


def _check_unique(templates: list[Template]) -> None:
    seen: dict[str, Template] = {}
    fields: dict[str, tuple[Field, Template]] = {}
    for t in templates:
        if t.id in seen:
            raise TemplateFileError(f"id {t.id!r} is also used by {seen[t.id].path}", path=t.path)
        seen[t.id] = t
        for f in t.fields:
            other = fields.setdefault(f.name, (f, t))
            if other[0] != f:
                raise TemplateFileError(
                    f"field {f.name!r} is defined differently in {other[1].path}", path=t.path
                )


def _facts(field: Field) -> tuple:
    """What a translated field must keep: its name, kind and limits, and a number's default
    (a text default such as "six months" is words, and is translated)."""
    return (field.name, field.kind, field.maximum, field.default if field.kind == "number" else "")
