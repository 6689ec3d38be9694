"""The translation machinery: the catalog is complete, the formatter follows the language,
and a pseudo-locale run finds no English the catalog does not hold.

The pseudo-locale ``xx`` is built here from the messages ``make messages`` extracts: every
message becomes ``⟦message⟧``. Rendered in ``xx``, anything left outside the brackets, once
typed data is removed, is a word that did not go through the catalog.
"""

from __future__ import annotations

import ast
import datetime as dt
import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from collective_ai import i18n
from collective_ai.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "collective_ai"
SPANISH = SRC / "locales" / "es" / "LC_MESSAGES" / "collective_ai.po"
OPEN, CLOSE = "⟦", "⟧"
_PLACEHOLDER = re.compile(r"\{[a-z_]+(?:![rs])?\}|%\([a-z_]+\)s")


@pytest.fixture(scope="module")
def messages(tmp_path_factory) -> Catalog:
    """The package's messages, extracted as ``make messages`` does (babel.cfg)."""
    pot = tmp_path_factory.mktemp("messages") / "collective_ai.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    command = [str(pybabel), "extract", "--mapping-file", "babel.cfg", "--keywords", "N_"]
    command += ["--keywords", "pgettext:1c,2", "--no-location", "--output-file", str(pot), "."]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    with pot.open("rb") as handle:
        return read_po(handle)


def _ids(catalog: Catalog) -> list:
    return [m for m in catalog if m.id]


def test_every_message_has_a_confirmed_spanish_translation(messages):
    with SPANISH.open("rb") as handle:
        spanish = read_po(handle, locale="es")
    assert len(_ids(messages)) > 250  # demands, CLI, handouts and the book texts they print
    problems = []
    for message in _ids(messages):
        entry = spanish.get(message.id, context=message.context)
        strings = entry.string if entry is not None and isinstance(entry.string, tuple) else None
        strings = strings or ((entry.string,) if entry is not None else ("",))
        if entry is None or not all(strings) or entry.fuzzy:
            problems.append(message.id)
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        for string in strings:
            if set(_PLACEHOLDER.findall(source)) != set(_PLACEHOLDER.findall(string)):
                problems.append(f"placeholders differ: {source!r}")
    assert not problems, f"{len(problems)} messages lack a Spanish entry: {problems[:5]}"


def test_no_message_is_written_inside_an_f_string():
    """Babel cannot read a ``_("...")`` inside an f-string: it would never be translated."""
    found = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for call in ast.walk(node):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Name)
                    and call.func.id in ("_", "N_", "ngettext", "pgettext")
                    and any(isinstance(a, ast.Constant) for a in call.args)
                ):
                    found.append(f"{path.relative_to(SRC)}:{call.lineno}")
    assert not found


def test_the_formatter_follows_the_language():
    day = dt.date(2026, 3, 3)
    with i18n.using("en"):
        shown = (i18n.format_percent(0.57), i18n.format_number(1234), i18n.format_date(day))
        assert shown == ("57%", "1,234", "3 March 2026")
        assert i18n.format_decimal(0.8134) == "0.81"
        assert i18n.format_percent(0.574, 1) == "57.4%"
    with i18n.using("es"):
        shown = (i18n.format_percent(0.57), i18n.format_number(1234), i18n.format_date(day))
        assert shown == ("57%", "1,234", "3 de marzo de 2026")
        assert i18n.format_number(12345.5) == "12,345.5"
        assert i18n.format_percent(0.574, 1) == "57.4%"
        assert i18n.format_decimal(0.8134) == "0.81"


def test_spanish_follows_us_conventions_not_spains():
    """Why es_US: CLDR's es (Spain) would print 57 % and 1.234 to readers in the Americas."""
    from babel.numbers import format_decimal, format_percent

    assert i18n.FORMAT_LOCALES["es"] == "es_US"
    assert format_percent(0.57, locale="es") == "57\xa0%"
    assert format_decimal(1234, locale="es") == "1.234"
    assert format_decimal(1234, locale="es_US") == "1,234"


def test_dates_shown_in_spanish():
    from collective_ai.dates import show_date, show_weekday

    with i18n.using("es"):
        assert show_date("2026-12-07") == "7 de diciembre de 2026"
        assert show_weekday(dt.date(2026, 12, 6)) == "domingo"
    assert show_date("2026-12-07") == "7 December 2026"
    assert show_weekday(dt.date(2026, 12, 6)) == "Sunday"


def test_the_language_comes_from_the_option_then_the_environment(monkeypatch):
    monkeypatch.setenv(i18n.ENV, "es_MX.UTF-8")
    assert i18n.language() == "es"
    monkeypatch.setenv(i18n.ENV, "fr")
    assert i18n.language() == "en"  # an unknown environment value falls back to English
    monkeypatch.delenv(i18n.ENV)
    assert i18n.language() == "en"
    with pytest.raises(InputError, match="--lang"):
        i18n.set_language("fr")
    with i18n.using("es"):
        assert i18n._("Signatures") == "Firmas"
    assert i18n._("Signatures") == "Signatures"


def test_an_unknown_lang_option_is_one_line_and_exit_2(capsys):
    from collective_ai.cli import main

    assert main(["--lang", "fr", "demands", "list"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "fr" in err


# --- the pseudo-locale -------------------------------------------------------------------

_TEMPLATE_TEXT = ("title", "text", "request", "rationale", "note", "usage")


def _wrap(text: str) -> str:
    """``⟦text⟧``; Markdown read from the book line by line, so a table cannot drop a bracket."""
    if "\n" in text:
        return "\n".join(_wrap(line) if line.strip() else line for line in text.split("\n"))
    return f"{OPEN}{text}{CLOSE}"


@pytest.fixture
def pseudo(messages, tmp_path, monkeypatch):
    """The ``xx`` language: every message, template and role-play scene in brackets."""
    import shutil

    import yaml

    from collective_ai.demands import library
    from collective_ai.workshop import handouts

    catalog = Catalog(locale=None, domain=i18n.DOMAIN)
    for message in _ids(messages):
        if isinstance(message.id, str):
            catalog.add(message.id, _wrap(message.id), context=message.context)
        else:
            catalog.add(message.id, tuple(_wrap(m) for m in message.id))
    i18n.install_catalog("xx", catalog)
    templates = tmp_path / "templates"
    shutil.copytree(library.TEMPLATES_DIR, templates, ignore=shutil.ignore_patterns("es"))
    (templates / "xx").mkdir()
    for path in sorted(templates.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key in _TEMPLATE_TEXT:
            if key in data:
                data[key] = _wrap(data[key].strip())
        for precedent in data["precedents"]:
            precedent["text"], precedent["cite"] = (
                _wrap(precedent["text"]),
                _wrap(precedent["cite"]),
            )
        for field in data.get("fields", []):
            field["label"] = _wrap(field["label"])
            if "help" in field:
                field["help"] = _wrap(field["help"])
            if field.get("kind", "text") == "text" and "default" in field:
                field["default"] = _wrap(field["default"])
        (templates / "xx" / path.name).write_text(yaml.safe_dump(data, allow_unicode=True))
    scenes = yaml.safe_load(handouts.ROLEPLAYS.read_text(encoding="utf-8"))
    for scene in scenes:
        scene["title"], scene["setup"] = _wrap(scene["title"]), _wrap(scene["setup"])
        scene["debrief"] = [_wrap(q) for q in scene["debrief"]]
        for role in scene["roles"]:
            for key in ("role", "brief", "wants", "knows"):
                role[key] = _wrap(role[key])
    shutil.copy(handouts.ROLEPLAYS, tmp_path / "roleplays.yaml")
    (tmp_path / "roleplays.xx.yaml").write_text(yaml.safe_dump(scenes, allow_unicode=True))
    monkeypatch.setattr(library, "TEMPLATES_DIR", templates)
    monkeypatch.setattr(handouts, "ROLEPLAYS", tmp_path / "roleplays.yaml")
    library.builtin_templates.cache_clear()
    try:
        with i18n.using("xx"):
            yield
    finally:
        i18n.uninstall_catalog("xx")
        library.builtin_templates.cache_clear()


# Names that stay as they are in every language: the course's and the licence's.
NAMES = {"Collective", "Expertise"}
DATA = {"employer": "Q1", "workplace": "Q2", "ai_system": "Q3", "group_name": "Q4"}


def _english_left(text: str, *, known=()) -> list[str]:
    """Words of three or more letters outside the brackets, once tags and data are gone."""
    text = re.sub(r"<style>.*?</style>|<title>.*?</title>", " ", text, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    innermost = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
    while innermost.search(text):  # a message may hold another: "⟦Demand 1: ⟦title⟧⟧"
        text = innermost.sub(" ", text)
    for value in sorted(known, key=len, reverse=True):
        text = text.replace(value, " ")
    return [w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in NAMES]


def _docx_text(data: bytes) -> str:
    import io

    from docx import Document

    document = Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.usefixtures("pseudo")
def test_pseudo_locale_demands_hold_no_hard_coded_english():
    from collective_ai.demands.document import Attachment
    from collective_ai.demands.library import load_library
    from collective_ai.demands.registry import FORMATS, FORMS
    from collective_ai.demands.render import build_document, render
    from collective_ai.demands.summary import describe

    library = load_library()
    templates = list(library)
    today = dt.date(2026, 3, 3)
    known = [*DATA.values(), "q5", i18n.format_date(today), "Q6"]
    fields = {**DATA, "contact": "q5", "vendor": "Q6", "recipient": "Q6", "free_text": "Q6"}
    for form in FORMS:
        attachment = Attachment("Q6", "Q6") if form == "letter" else None
        document = build_document(
            templates, form=form, fields=fields, attachment=attachment, today=today
        )
        for fmt in FORMATS:
            out = render(document, fmt=fmt)
            text = _docx_text(out) if fmt == "docx" else out
            assert not _english_left(text, known=known), (form, fmt)
        assert not _english_left(describe(document, templates), known=known), form
    bare = build_document(templates[:1], form="letter", fields={}, strict=False, today=today)
    assert not _english_left(render(bare, fmt="markdown"), known=known)
    for template in templates:
        assert not _english_left(template.describe())


@pytest.mark.usefixtures("pseudo")
def test_pseudo_locale_handouts_hold_no_hard_coded_english():
    from collective_ai.workshop import handouts, labs
    from collective_ai.workshop.render import footer, page_html

    for handout in handouts.HANDOUTS.values():
        known = [str(n) for n in range(10)]
        scenario = next((s for s in labs.SCENARIOS if s.replace("_", "-") in handout.name), None)
        if scenario:  # the scenario's words and the figure's description come from scoring
            figure = labs.lab_figure(scenario)
            spec = figure.results[0].scenario
            known += [spec.title, spec.group_people, spec.other_people, spec.favourable_verb]
            known += [figure.alt, spec.parameters["proxy_weight"].label]
        title = handout.shown_title
        page = page_html(title, handout.build()) + footer(title)
        assert not _english_left(page, known=known), handout.name


def parsers(parser):
    """``parser`` and every subcommand's parser under it, to read each one's help."""
    import argparse

    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from parsers(sub)


@pytest.mark.usefixtures("pseudo")
def test_pseudo_locale_command_line_help_and_errors(capsys):
    import argparse

    from collective_ai.cli import build_parser, main
    from collective_ai.workshop.__main__ import build_parser as workshop_parser

    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    ours = [commands.choices[name] for name in ("demands", *COMMITTEE_COMMANDS)]
    unwrapped = []
    for parser in [*(p for c in ours for p in parsers(c)), *parsers(workshop_parser())]:
        if parser.description and not parser.description.startswith(OPEN):
            unwrapped.append(parser.description)
        for action in parser._actions:
            helped = action.help not in (None, argparse.SUPPRESS)
            own = not isinstance(action, argparse._HelpAction)  # argparse's own -h
            if helped and own and not action.help.startswith(OPEN):
                unwrapped.append(action.help)
    choices = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    for action in choices._choices_actions:
        if action.dest in ("demands", *COMMITTEE_COMMANDS) and not action.help.startswith(OPEN):
            unwrapped.append(action.help)
    assert not unwrapped

    assert main(["--lang", "xx", "demands", "render", "--template", "nope", *_letter()]) == 2
    err = capsys.readouterr().err
    assert err.startswith(OPEN)
    assert not _english_left(err, known=["nope", "template", *_ids_known()])
    assert main(["--lang", "xx", "demands", "render", "--field", "oops", *_letter()]) == 2
    assert not _english_left(capsys.readouterr().err, known=["oops", "field"])


#: The commands a committee prints its letters, packs and meeting page with (issue 25).
COMMITTEE_COMMANDS = ("request", "complaint", "campaign")


def _letter() -> list[str]:
    return ["--template", "quota-disclosure", "--form", "letter", "--format", "markdown"]


def _ids_known() -> list[str]:
    from collective_ai.demands.library import load_library

    return [t.id for t in load_library()]


# Dates and months are the formatter's (English's for ``xx``), not the catalog's.
_DATES = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March"
    r"|April|May|June|July|August|September|October|November|December)\b"
)


def _committee_english(out, fmt: str, known=()) -> list[str]:
    text = _docx_text(out) if fmt == "docx" else out
    text = html.unescape(text.replace("\\", ""))  # Markdown's and HTML's escapes
    text = re.sub(r"https?://[^\s)\]<'\"]+", " ", text)
    for value in sorted(known, key=len, reverse=True):  # before the dates: a source has one
        text = text.replace(value, " ")
    return _english_left(_DATES.sub(" ", text))


@pytest.mark.usefixtures("pseudo")
def test_pseudo_locale_request_letters_hold_no_hard_coded_english():
    from collective_ai.demands.registry import FORMATS
    from collective_ai.demands.render import render
    from collective_ai.requests.handout import tracker_html
    from collective_ai.requests.laws import LAWS
    from collective_ai.requests.letters import draft_letter

    for law in LAWS.values():
        for day in ("7 December 2026", "4 January 2027"):
            letter = draft_letter(
                law_id=law.id, organisation="Q1", system="Q2", date=day, signers=3
            )
            for fmt in FORMATS:
                left = _committee_english(render(letter, fmt=fmt), fmt, known=law.sources)
                assert not left, (law.id, fmt, left[:5])
    assert not _committee_english(tracker_html(), "html")


@pytest.mark.usefixtures("pseudo")
def test_pseudo_locale_reader_summary_holds_no_hard_coded_english(tmp_path):
    import io

    from pypdf import PdfWriter

    from collective_ai.requests.reader import read_return
    from collective_ai.requests.synthetic import synthetic_return, write_return

    scan = PdfWriter()
    scan.add_blank_page(width=612, height=792)  # a page with no text: read as a scan
    pdf = io.BytesIO()
    scan.write(pdf)
    files = {**synthetic_return(seed=1, trips=3), "Q7.pdf": pdf.getvalue(), "Q7.bin": b"x"}
    answer = read_return(write_return(files, tmp_path / "Q7.zip"))
    summary = answer.markdown()
    known = [w for where in answer.found.values() for w in where]  # the answer's own names
    known += [t.name for f in answer.files for t in f.tables] + [f.name for f in answer.files]
    known += [n for f in answer.files for t in f.tables for n in t.fields]
    known += ["csv", "json", "xlsx", "text", "pdf", "bin", "file"]
    assert not _committee_english(summary, "markdown", known=known)


@pytest.mark.usefixtures("pseudo")
def test_pseudo_locale_complaint_packs_hold_no_hard_coded_english():
    from collective_ai.complaints.evidence import Fact
    from collective_ai.complaints.pack import build_pack
    from collective_ai.complaints.venues import VENUES
    from collective_ai.demands.registry import FORMATS
    from collective_ai.demands.render import render

    today = dt.date(2026, 12, 7)
    facts = [Fact(dt.date(2026, 3, 7), "Q3", "Q4"), Fact(dt.date(2026, 11, 2), "Q3", "Q4")]
    known = ["Q1", "Q3", "Q4"]
    for venue in VENUES.values():
        for ground in venue.grounds:
            packs = [
                build_pack(venue.id, facts=facts, ground=ground.id, employer="Q1", today=today),
                build_pack(venue.id, ground=ground.id, decided="2026-06-06", today=today),
                build_pack(venue.id, decided="2026-06-06", learned="2026-06-01", today=today),
                build_pack(venue.id, learned="2026-12-07", agency="state", today=today),
            ]
            for pack in packs:
                for fmt in FORMATS:
                    out = render(pack.document(), fmt=fmt)
                    left = _committee_english(out, fmt, known=known)
                    assert not left, (venue.id, ground.id, fmt, left[:5])


@pytest.mark.usefixtures("pseudo")
def test_pseudo_locale_campaign_page_holds_no_hard_coded_english():
    from collective_ai.campaign.page import page_html
    from collective_ai.campaign.steps import KINDS, ROLES, Step, next_rung

    rows = [("request", "2026-10-01", "done"), ("deadline", "2026-11-01", "planned")]
    rows += [("silence", "2026-11-02", "done"), ("petition", "2026-11-20", "planned")]
    rows += [("reply", "2026-11-03", "partial"), ("press", "2026-11-04", "cancelled")]
    steps = [
        Step(i, "Q5", kind, day, ROLES[i % len(ROLES)], status, "Q6")
        for i, (kind, day, status) in enumerate(rows, start=1)
    ]
    today = dt.date(2026, 12, 7)
    for count in range(len(steps) + 1):
        page = page_html("Q5", steps[:count], today=today)
        assert not _committee_english(page, "html", known=["Q5", "Q6"]), count
    for kind in KINDS:  # every sentence the next-rung rules can print
        for status in ("met", "partial", "refused"):
            done = [Step(1, "Q5", "demand", "2026-10-01", "chair", "done")]
            done.append(Step(2, "Q5", kind, "2026-11-01", "chair", status))
            why = next_rung(done, today=today).why
            assert not _committee_english(why, "text"), (kind, status, why)


def test_the_wheel_carries_the_catalogs_and_the_translated_templates():
    """Package data is named by globs in pyproject.toml; a new folder needs its own."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = set()
    for package, globs in config["tool"]["setuptools"]["package-data"].items():
        folder = SRC.joinpath(*package.split(".")[1:])
        shipped |= {p for pattern in globs for p in folder.glob(pattern)}
    wanted = [
        *SRC.glob("locales/*/LC_MESSAGES/*.po"),
        *SRC.glob("demands/templates/*/*.yaml"),
        *SRC.glob("workshop/roleplays.*.yaml"),
    ]
    assert len(wanted) >= 22
    assert [p.relative_to(SRC) for p in wanted if p not in shipped] == []
