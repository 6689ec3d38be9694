"""The demand library: one YAML file per demand, checked when it is loaded.

A template is data an instructor can add to. Loading it checks everything a learner would
otherwise trip over later: required keys, a known family, citations, and that the demand
text is a Jinja2 template whose placeholders are all fields the drafter knows. Problems are
reported with the file and line, so a typo is fixed in one go.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from collective_ai.errors import InputError

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
# Every template carries this (or its own) one-line note; the forms print it once.
DEFAULT_NOTE = "A starting point to adapt with the union's lawyer, not legal advice."
MAX_FIELD_CHARS = 5000

FAMILIES = {
    "transparency-and-notice": "Transparency and notice",
    "human-review-and-appeal": "Human review and appeal",
    "bias-testing-and-disclosure": "Bias testing and disclosure of audit results",
    "data-access": "Workers' access to their own data",
    "surveillance-limits": "Limits on surveillance",
    "advance-notice-and-bargaining": "Advance notice and bargaining before technological change",
    "consent-and-pay": "Consent and pay when AI uses a worker's likeness or work",
    "training-and-job-security": "Training and job security",
    "joint-oversight": "A joint oversight committee",
    "no-discipline-solely-on-ai": "No discipline based solely on an AI's output",
}

# What an audit or a workplace survey can find; each template says which findings it answers.
FINDINGS = {
    "adverse-impact": "one group is selected or rated well at under 4/5 of the best group's rate",
    "undisclosed-use": "an AI system is used on workers without telling them",
    "opaque-scoring": "workers cannot find out how their scores or rankings are made",
    "discipline-from-scores": "discipline or dismissal follows from an AI score or flag",
    "no-appeal": "there is no way to challenge an automated decision",
    "missing-audit": "nobody has tested the system for bias, or the results are secret",
    "data-withheld": "workers cannot see the data collected about them",
    "quota-pressure": "rates or quotas leave no room for breaks, safety or bathroom use",
    "excessive-monitoring": "monitoring reaches further than the work needs",
    "new-system-without-notice": "new technology arrives without notice or bargaining",
    "job-loss-risk": "automation threatens jobs, hours or staffing",
    "likeness-or-work-used": "a worker's voice, face, image or work is used by an AI system",
    "no-worker-voice": "workers have no say in choosing or checking the systems",
}

FORMS = ("petition", "letter", "proposal")


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
        Field("employer", "Employer", FORMS, help="The company or agency you work for."),
        Field("workplace", "Workplace", FORMS, help="Site, department or bargaining unit."),
        Field("ai_system", "AI system", FORMS, help="What the system is called at work."),
        Field("vendor", "Vendor", help="Who sells or runs the system, if you know."),
        Field("date", "Date", help="Left empty, today's date is used."),
        Field("group_name", "Your group's name", FORMS, help="A local, committee or network."),
        Field("contact", "Contact", ("letter",), help="Where management should reply."),
        Field("recipient", "Addressed to", help="A manager's name or title (letter only)."),
        Field("reply_days", "Days to reply", default="30", kind="number", maximum=365),
        Field("free_text", "Anything else to say", kind="long"),
        Field("signers", "Signature lines", default="20", kind="number", maximum=500),
    ]
}

# Which common fields each form uses; template fields are used by every form.
_EVERY_FORM = ("employer", "workplace", "ai_system", "vendor", "date", "group_name", "contact")
FORM_FIELDS = {
    "petition": (*_EVERY_FORM, "free_text", "signers"),
    "letter": (*_EVERY_FORM, "recipient", "reply_days", "free_text"),
    "proposal": (*_EVERY_FORM, "free_text"),
}

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_BIBKEY = re.compile(r"^[A-Za-z0-9_:-]+$")
_REQUIRED_KEYS = ("id", "title", "family", "text", "request", "rationale", "precedents", "answers")
_TEXT_KEYS = ("text", "request")
# Template wording is shown as plain text in every format, so it may not contain
# characters that Markdown would read as formatting, links or HTML.
_MARKUP = re.compile(r"[*_`\[\]<>\\]")
_JINJA_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


class TemplateFileError(InputError):
    """A template file that cannot be used, with the file and line to fix."""

    def __init__(self, message: str, *, path: Path, line: int | None = None) -> None:
        self.path = Path(path)
        self.line = line
        where = f"{self.path}, line {line}" if line else str(self.path)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Precedent:
    text: str
    key: str  # a references.bib key
    cite: str  # a short citation a reader can look up without the bibliography


@dataclass(frozen=True)
class Template:
    """One demand: what it asks, why, where workers have won it, what finding it answers."""

    id: str
    title: str
    family: str
    text: str
    request: str
    rationale: str
    precedents: tuple[Precedent, ...]
    answers: tuple[str, ...]
    fields: tuple[Field, ...] = ()
    seed: bool = False
    note: str = DEFAULT_NOTE
    usage: str = ""  # when and by whom the demand can safely be used, if that is limited
    path: Path | None = field(default=None, compare=False)

    @property
    def family_title(self) -> str:
        return FAMILIES[self.family]

    def describe(self) -> str:
        """The template in plain words: what it asks, why, and where it has been won."""
        lines = [f"{self.title} ({self.family_title})", f"Why: {self.rationale}", "Precedents:"]
        lines += [f"- {p.text} [{p.cite}]" for p in self.precedents]
        lines.append("Answers findings: " + "; ".join(FINDINGS[a] for a in self.answers))
        if self.usage:
            lines.append(f"Before you use it: {self.usage}")
        lines.append(f"Note: {self.note}")
        return "\n".join(lines)


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


def describe_fields(template: Template) -> list[dict]:
    """Fields a template needs in any form, each with whether some form requires it."""
    described: dict[str, dict] = {}
    for form in FORMS:
        for f in fields_for([template], form):
            entry = described.setdefault(
                f.name, {"name": f.name, "label": f.label, "required": False, "required_in": []}
            )
            if f.required(form):
                entry["required"] = True
                entry["required_in"].append(form)
    return list(described.values())


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
                f"no demand template {template_id!r}; known templates: {known}", field=field_name
            ) from None

    def answering(self, finding: str) -> list[Template]:
        """Templates that answer an audit finding (see :data:`FINDINGS`)."""
        if finding not in FINDINGS:
            raise InputError(
                f"unknown finding {finding!r}; known: {', '.join(FINDINGS)}", field="finding"
            )
        return [t for t in self if finding in t.answers]

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
    """The built-in templates plus any in ``extra_dirs`` (an instructor's own YAML files)."""
    templates = list(_builtin_templates())
    for folder in extra_dirs:
        folder = Path(folder)
        if not folder.is_dir():
            raise InputError(f"{folder} is not a folder of templates", field="templates")
        templates.extend(load_template(p) for p in sorted(folder.glob("*.yaml")))
    _check_unique(templates)
    order = list(FAMILIES)
    templates.sort(key=lambda t: order.index(t.family))
    return Library(templates)


@cache
def _builtin_templates() -> tuple[Template, ...]:
    return tuple(load_template(p) for p in sorted(TEMPLATES_DIR.glob("*.yaml")))


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


def load_template(path: Path) -> Template:
    """Read and check one template file; any problem raises :class:`TemplateFileError`."""
    import yaml

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except UnicodeDecodeError:
        raise TemplateFileError("is not UTF-8 text", path=path) from None
    except RecursionError:
        raise TemplateFileError("is nested too deeply to be a template", path=path) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(error, "problem", None) or str(error)
        raise TemplateFileError(f"not valid YAML ({problem})", path=path, line=line) from None
    if not isinstance(data, dict):
        raise TemplateFileError("should be a mapping of keys such as id, title, text", path=path)
    nodes = {k.value: v for k, v in root.value}
    return _build(data, nodes, path)


def _line(nodes: dict, key: str) -> int | None:
    node = nodes.get(key)
    return node.start_mark.line + 1 if node is not None else None


def _build(data: dict, nodes: dict, path: Path) -> Template:
    def fail(message: str, key: str | None = None):
        raise TemplateFileError(message, path=path, line=_line(nodes, key) if key else None)

    missing = [k for k in _REQUIRED_KEYS if k not in data]
    if missing:
        fail(f"missing keys: {', '.join(missing)}")
    for key in ("id", "title", "family", "text", "request", "rationale"):
        if not isinstance(data[key], str) or not data[key].strip():
            fail(f"{key!r} should be non-empty text", key)
    for key in ("title", "rationale"):
        _check_plain(data[key], key, fail)
    for key in ("note", "usage"):
        if key in data:
            if not isinstance(data[key], str) or not data[key].strip():
                fail(f"{key!r} should be non-empty text", key)
            _check_plain(data[key], key, fail)
    if not _ID.match(data["id"]) or data["id"] != path.stem:
        fail(f"id {data['id']!r} should be lowercase-with-hyphens and match the file name", "id")
    if data["family"] not in FAMILIES:
        fail(f"unknown family {data['family']!r}; families: {', '.join(FAMILIES)}", "family")
    answers = data["answers"]
    if not isinstance(answers, list) or not answers or set(answers) - set(FINDINGS):
        fail(f"'answers' should list findings from: {', '.join(FINDINGS)}", "answers")
    template_fields = _fields(data.get("fields", []), fail)
    precedents = _precedents(data["precedents"], fail)
    names = set(COMMON_FIELDS) | {f.name for f in template_fields}
    for key in _TEXT_KEYS:
        _check_jinja(data[key], names, path=path, node=nodes[key], key=key)
    return Template(
        id=data["id"],
        title=data["title"].strip(),
        family=data["family"],
        text=data["text"].strip(),
        request=data["request"].strip(),
        rationale=" ".join(data["rationale"].split()),
        precedents=precedents,
        answers=tuple(answers),
        fields=template_fields,
        seed=bool(data.get("seed", False)),
        note=" ".join(data.get("note", DEFAULT_NOTE).split()),
        usage=" ".join(data.get("usage", "").split()),
        path=path,
    )


def _fields(raw, fail) -> tuple[Field, ...]:
    if not isinstance(raw, list):
        fail("'fields' should be a list", "fields")
    built = []
    for item in raw:
        if not isinstance(item, dict) or not _NAME.match(str(item.get("name", ""))):
            fail("each field needs a 'name' (lowercase_with_underscores) and a 'label'", "fields")
        if item["name"] in COMMON_FIELDS:
            fail(f"field {item['name']!r} is a common field; use it without declaring", "fields")
        kind = item.get("kind", "text")
        if kind not in ("text", "number", "long") or not item.get("label"):
            fail(
                f"field {item['name']!r}: kind must be text, number or long, with a label", "fields"
            )
        maximum = item.get("maximum", 100_000)
        if not isinstance(maximum, int) or isinstance(maximum, bool) or maximum < 1:
            fail(
                f"field {item['name']!r}: maximum should be a whole number, not {maximum!r}",
                "fields",
            )
        default = item.get("default")
        if kind == "number" and default is not None and not _whole_in(default, maximum):
            fail(
                f"field {item['name']!r}: default should be a whole number from 1 to "
                f"{maximum}, not {default!r}",
                "fields",
            )
        built.append(
            Field(
                name=item["name"],
                label=str(item["label"]),
                required_in=() if item.get("default") else FORMS,
                default=str(item.get("default", "")),
                kind=kind,
                maximum=maximum,
                help=str(item.get("help", "")),
            )
        )
    return tuple(built)


def _whole_in(value, maximum: int) -> bool:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= maximum


def _precedents(raw, fail) -> tuple[Precedent, ...]:
    if not isinstance(raw, list) or not raw:
        fail(
            "'precedents' should list at least one precedent with text, key and cite", "precedents"
        )
    built = []
    for item in raw:
        ok = isinstance(item, dict) and all(
            isinstance(item.get(k), str) for k in ("text", "key", "cite")
        )
        if not ok or not _BIBKEY.match(item["key"]):
            fail(
                "each precedent needs 'text', 'key' (a references.bib key) and 'cite'", "precedents"
            )
        _check_plain(item["text"] + item["cite"], "precedents", fail)
        built.append(Precedent(" ".join(item["text"].split()), item["key"], item["cite"].strip()))
    return tuple(built)


def _check_plain(text: str, key: str, fail) -> None:
    found = _MARKUP.search(text)
    if found:
        fail(
            f"{key!r} uses {found.group()!r}, which Markdown reads as formatting; write plain text",
            key,
        )


def _check_jinja(source: str, names: set[str], *, path: Path, node, key: str) -> None:
    """Compile ``source`` in the sandbox; report syntax errors and unknown placeholders."""
    from jinja2 import TemplateSyntaxError, meta, nodes

    from collective_ai.demands.render import text_environment

    # A literal block (|) starts on the line after its key; a plain scalar on the same line.
    offset = node.start_mark.line + (1 if node.style in ("|", ">") else 0)
    env = text_environment()
    try:
        tree = env.parse(source)
    except TemplateSyntaxError as error:
        raise TemplateFileError(
            f"syntax error in {key!r}: {error.message}", path=path, line=offset + error.lineno
        ) from None
    unknown = meta.find_undeclared_variables(tree) - names
    if unknown:
        first = min(
            (n for n in tree.find_all(nodes.Name) if n.name in unknown), key=lambda n: n.lineno
        )
        raise TemplateFileError(
            f"unknown placeholder {{{{ {first.name} }}}} in {key!r}; known placeholders: "
            f"{', '.join(sorted(names))}",
            path=path,
            line=offset + first.lineno,
        )
    try:
        env.from_string(source).render(dict.fromkeys(names, "x"))
    except Exception as error:  # a sandbox refusal or a bad filter call, found before use
        raise TemplateFileError(
            f"{key!r} cannot be rendered: {error}", path=path, line=node.start_mark.line + 1
        ) from None
    # Only the wording outside {{ }}, {% %} and {# #} is checked: values are escaped anyway.
    wording = _JINJA_TAG.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), source)
    found = _MARKUP.search(wording)
    if found:
        line = offset + wording[: found.start()].count("\n") + 1
        raise TemplateFileError(
            f"{key!r} uses {found.group()!r}, which Markdown reads as formatting; write plain text",
            path=path,
            line=line,
        )
