"""Reading one template file: YAML in, a checked :class:`Template` out, or the line to fix.

Loading checks everything a learner would otherwise trip over later: required keys, a
known family, citations, and that the demand text is a Jinja2 template whose placeholders
are all fields the drafter knows. Problems are reported with the file and line, so a typo
is fixed in one go.
"""

from __future__ import annotations

import re
from pathlib import Path

from collective_ai.demands.fields import COMMON_FIELDS, Field
from collective_ai.demands.registry import FAMILIES, FINDINGS, FORMS
from collective_ai.demands.sandbox import text_environment
from collective_ai.demands.template import DEFAULT_NOTE, Precedent, Template
from collective_ai.errors import InputError

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
