"""MyST roles and directives as plain Markdown, for the views that do not run Sphinx.

The book's markdown cells cite with ``{cite:p}`key` ``, link chapters with ``{doc}``, mark
glossary terms with ``{term}`` and pose exercises in ```` ```{exercise} ```` fences. Jupyter
Book renders them; JupyterLab and Voila show them as raw text. :func:`plain_markdown` turns
each into what a reader expects: citations as "(Author Year)" links to a reference list
(:func:`reference_list`), chapter links as links titled with the chapter's heading, terms in
italics, directives as a bold heading over their body. jupyterlab-myst does not resolve
BibTeX citations, so this small pure function serves both views
(:mod:`collective_ai.live.contents`).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import nbformat

from collective_ai.i18n import N_, _

ROLE = re.compile(r"\{(?P<role>[a-z:-]+)\}`(?P<body>[^`]*)`", re.S)
DIRECTIVE = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[a-z-]+)\}[ \t]*(?P<arg>[^\n]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.S | re.M,
)
EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
LOCAL_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?!https?:|mailto:|#)[^)\s]+\)")
OPTION = re.compile(r"^:[a-z-]+:.*$\n?", re.M)
TITLED = {
    "exercise": N_("Exercise"),
    "solution-start": N_("Solution"),
    "note": N_("Note"),
    "tip": N_("Tip"),
}


@dataclass(frozen=True)
class Source:
    """One bibliography entry as a reader sees it."""

    key: str
    label: str  # "Teamsters 2023", as the book's author-year citations read
    author: str
    year: str
    text: str  # the full reference, for the reference list


@dataclass
class Course:
    """What the roles point at: the bibliography and the chapter titles of one course."""

    root: Path | None
    sources: dict[str, Source] = field(default_factory=dict)

    @classmethod
    def at(cls, root: str | os.PathLike | None) -> Course:
        root = Path(root) if root else None
        bib = root / "references.bib" if root else None
        sources = _read_bib(str(bib), bib.stat().st_mtime) if bib and bib.exists() else {}
        return cls(root=root, sources=sources)

    def title(self, target: str, *, here: Path | None) -> str | None:
        """The first heading of the chapter ``target`` names (``/book/x`` or relative), in
        the language in use where the book's catalog has it."""
        path = self.resolve(target, here=here)
        heading = _first_heading(str(path), path.stat().st_mtime) if path else None
        if heading is None or self.root is None:
            return heading
        from collective_ai.live.prose import translated_heading

        return translated_heading(heading, path, self.root)

    def resolve(self, target: str, *, here: Path | None) -> Path | None:
        base = self.root if target.startswith("/") or here is None else here
        if base is None:
            return None
        stem = (base / target.lstrip("/")).resolve()
        for candidate in (stem, stem.with_suffix(".md"), stem.with_suffix(".ipynb")):
            if candidate.is_file():
                return candidate
        return None


def find_course_root(start: str | os.PathLike) -> Path | None:
    """The nearest folder at or above ``start`` that holds the book's ``references.bib``."""
    for folder in [Path(start).resolve(), *Path(start).resolve().parents]:
        if (folder / "references.bib").is_file():
            return folder
    return None


def plain_markdown(
    source: str, *, course: Course, here: Path | None = None, links: bool = True
) -> tuple[str, list[str]]:
    """``source`` with every MyST role and directive turned into plain Markdown.

    Returns the text and the bibliography keys it cites, in order of first citation.
    ``here`` is the folder of the notebook, for relative chapter links; ``links=False``
    names a chapter without linking it, for a notebook that travels alone (a zipped
    exercise), where the link would lead nowhere.
    """
    cited: list[str] = []
    text = DIRECTIVE.sub(lambda m: _directive(m, course=course, here=here, cited=cited), source)
    text = ROLE.sub(lambda m: _role(m, course=course, here=here, cited=cited, links=links), text)
    if not links:
        text = LOCAL_LINK.sub(lambda m: f"*{m['text']}*", text)
    return text, cited


def reference_list(keys: list[str], *, course: Course) -> str:
    """A "References" section for the keys a notebook cites, each with its anchor."""
    lines = ["## " + _("References"), ""]
    for key in keys:
        source = course.sources.get(key)
        text = source.text if source else key
        lines.append(f'- <a id="ref-{key}"></a>{text}')
    return "\n".join(lines)


def _role(
    match: re.Match, *, course: Course, here: Path | None, cited: list[str], links: bool = True
) -> str:
    role, body = match["role"], " ".join(match["body"].split())
    explicit = EXPLICIT.match(body)
    text, target = (explicit["text"], explicit["target"]) if explicit else (None, body)
    if role in ("cite:p", "cite:t", "cite"):
        keys = [k.strip() for k in target.split(",") if k.strip()]
        cited.extend(k for k in keys if k not in cited)
        if role == "cite:t":
            return "; ".join(_cite_t(k, course) for k in keys)
        return "(" + "; ".join(f"[{_label(k, course)}](#ref-{k})" for k in keys) + ")"
    if role == "doc":
        path = course.resolve(target, here=here)
        title = text or (course.title(target, here=here) if path else None) or target
        if not links:
            return f"*{title}*"
        if path is None:
            return title
        link = os.path.relpath(path, here) if here else str(path)
        return f"[{title}]({Path(link).as_posix()})"
    if role == "term":
        return f"*{text or target}*"
    if role in ("ref", "numref", "eq"):
        return text or target.replace("-", " ")
    return text or target


def _directive(match: re.Match, *, course: Course, here: Path | None, cited: list[str]) -> str:
    name, arg = match["name"], match["arg"].strip()
    if name == "solution-end":
        return ""
    body = OPTION.sub("", match["body"]).strip("\n")
    body = DIRECTIVE.sub(lambda m: _directive(m, course=course, here=here, cited=cited), body)
    title = _(TITLED[name]) if name in TITLED else name.replace("-", " ").capitalize()
    if arg and name not in ("solution-start",):
        title = f"{title}: {arg}"
    quoted = "\n".join(f"> {line}" if line else ">" for line in body.splitlines())
    return f"> **{title}**\n>\n{quoted}\n" if body else f"**{title}**\n"


def _label(key: str, course: Course) -> str:
    source = course.sources.get(key)
    return source.label if source else key


def _cite_t(key: str, course: Course) -> str:
    source = course.sources.get(key)
    if source is None:
        return key
    return f"[{source.author}](#ref-{key}) ({source.year})"


@lru_cache(maxsize=8)
def _read_bib(path: str, _mtime: float) -> dict[str, Source]:
    """Author-year labels as sphinxcontrib-bibtex's ``author_year`` style prints them."""
    from pybtex.database import parse_file

    out = {}
    for key, entry in parse_file(path).entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        lasts = [_plain(" ".join(p.prelast_names + p.last_names)) for p in people]
        others = bool(lasts) and lasts[-1] == "others"  # BibTeX's "and others"
        lasts = lasts[:-1] if others else lasts
        if not lasts:
            author = _plain(entry.fields.get("organization", entry.fields.get("title", key)))
        elif len(lasts) == 1:
            author = f"{lasts[0]} et al." if others else lasts[0]
        elif len(lasts) == 2 and not others:
            author = f"{lasts[0]} and {lasts[1]}"
        else:
            author = f"{lasts[0]} et al."
        year = entry.fields.get("year", "n.d.")
        title = _plain(entry.fields.get("title", ""))
        where = _plain(entry.fields.get("howpublished", entry.fields.get("journal", "")))
        url = entry.fields.get("url", "")
        doi = entry.fields.get("doi", "")
        link = url or (f"https://doi.org/{doi}" if doi else "")
        parts = [f"{author} ({year}).", _sentence(f"*{title}*"), _sentence(where)]
        if link:
            parts.append(f"<{link}>")
        out[key] = Source(
            key=key,
            label=f"{author} {year}",
            author=author,
            year=year,
            text=" ".join(p for p in parts if p),
        )
    return out


def _sentence(text: str) -> str:
    return "" if not text or text == "**" else text if text.endswith(".") else f"{text}."


def _plain(latex: str) -> str:
    """BibTeX text without its protective braces and the few escapes the file uses."""
    text = latex.replace(r"\&", "&").replace(r"\%", "%").replace(r"\_", "_").replace("--", "–")
    return re.sub(r"[{}]", "", text)


@lru_cache(maxsize=256)
def _first_heading(path: str, _mtime: float) -> str | None:
    if path.endswith(".ipynb"):
        with open(path, encoding="utf-8") as handle:
            cells = json.load(handle).get("cells", [])
        lines = [
            line
            for c in cells
            if c.get("cell_type") == "markdown"
            for line in "".join(c["source"]).splitlines()
        ]
    else:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    for line in lines:
        if line.startswith("# "):
            return ROLE.sub(lambda m: m["body"], line[2:].strip())
    return None


# --- whole notebooks: shown in a live view, restored before saving -----------------------

STASH = "collective_ai_myst"  # cell metadata: {"source": original MyST, "shown": what we showed}
REFERENCES_TAG = "collective-ai-references"


def show(
    notebook: dict,
    *,
    course: Course,
    here: Path | None,
    links: bool = True,
    messages: dict[str, str] | None = None,
) -> dict:
    """Rewrite ``notebook`` (nbformat JSON, in place) for a live view; return it.

    ``links=False``: chapters are named, not linked (a notebook handed out on its own).
    ``messages``: the page's translations (:func:`collective_ai.live.prose.page_messages`),
    put in before the MyST is made plain; saving brings the English source back.
    """
    from collective_ai.live.prose import translate_markdown

    cited: list[str] = []
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        source = _text(cell["source"])
        shown = translate_markdown(source, messages or {})
        shown, keys = plain_markdown(shown, course=course, here=here, links=links)
        cited.extend(k for k in keys if k not in cited)
        if shown != source:
            cell.setdefault("metadata", {})[STASH] = {"source": source, "shown": shown}
            cell["source"] = shown
    if cited:
        notebook["cells"].append(
            nbformat.from_dict(
                {
                    "cell_type": "markdown",
                    "id": "collective-ai-references",
                    "metadata": {"tags": [REFERENCES_TAG]},
                    "source": reference_list(cited, course=course),
                }
            )
        )
    return notebook


def restore(notebook: dict) -> dict:
    """Undo :func:`show` before saving (in place); edited cells keep the learner's text."""
    cells = []
    for cell in notebook.get("cells", []):
        if REFERENCES_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        stash = cell.get("metadata", {}).pop(STASH, None)
        if stash and _text(cell["source"]) == stash["shown"]:
            cell["source"] = stash["source"]
        cells.append(cell)
    notebook["cells"] = cells
    return notebook


def _text(source) -> str:
    return "".join(source) if isinstance(source, list) else source
