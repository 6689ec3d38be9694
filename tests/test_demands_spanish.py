"""The demands in Spanish: whole-file templates with the English facts, every form and
format rendered in Spanish, and a bilingual document a union office can print."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from pathlib import Path

import pytest
import yaml

from collective_ai import i18n
from collective_ai.demands import library as library_module
from collective_ai.demands.library import TEMPLATES_DIR, builtin_templates, load_library
from collective_ai.demands.loading import TemplateFileError
from collective_ai.demands.registry import FORMATS, FORMS
from collective_ai.demands.render import build_bilingual, build_document, render

FIELDS = {
    "employer": "Acme",
    "workplace": "Almacén Norte",
    "ai_system": "RateTrack",
    "group_name": "Local 12",
    "contact": "local12@example.org",
}
TODAY = dt.date(2026, 3, 3)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# The reader is addressed as usted throughout (docs/translation.md): no tú, tu or ti.
_TU = re.compile(r"\b(?:tú|tu|tus|ti|contigo|te)\b", re.IGNORECASE)


def _numbers(text: str) -> list[str]:
    return sorted(_NUMBER.findall(text))


def test_every_template_has_a_spanish_version_with_the_same_facts():
    english = {t.id: t for t in builtin_templates("en")}
    spanish = {t.id: t for t in builtin_templates("es")}
    assert set(spanish) == set(english)
    assert len(spanish) == len(list(TEMPLATES_DIR.glob("*.yaml"))) == 20
    for tid, es in spanish.items():
        en = english[tid]
        assert es.title != en.title, tid
        assert [p.cite for p in es.precedents] == [p.cite for p in en.precedents], tid
        # The same provisions, dates and numbers: every figure in the English is in the Spanish.
        for key in ("text", "request", "rationale"):
            assert _numbers(getattr(es, key)) == _numbers(getattr(en, key)), (tid, key)
        for p_en, p_es in zip(en.precedents, es.precedents, strict=True):
            assert _numbers(p_es.text) == _numbers(p_en.text), (tid, p_en.key)


def test_spanish_wording_addresses_the_reader_as_usted():
    from babel.messages.pofile import read_po

    from tests.test_i18n import SPANISH

    texts = []
    for t in builtin_templates("es"):
        texts += [t.title, t.text, t.request, t.rationale, t.note, t.usage]
        texts += [p.text for p in t.precedents] + [f.label for f in t.fields]
    with SPANISH.open("rb") as handle:
        texts += [m.string for m in read_po(handle) if m.id and isinstance(m.string, str)]
    roleplays = Path(library_module.__file__).parents[1] / "workshop" / "roleplays.es.yaml"
    texts.append(roleplays.read_text(encoding="utf-8"))
    found = sorted({m.group() for text in texts for m in _TU.finditer(text)})
    assert not found


def test_a_translation_that_changes_a_fact_is_refused(tmp_path, monkeypatch):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR, templates)
    path = templates / "es" / "quota-disclosure.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["precedents"][0]["key"] = "cfr1607"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(library_module, "TEMPLATES_DIR", templates)
    builtin_templates.cache_clear()
    try:
        with pytest.raises(TemplateFileError, match="precedents"):
            builtin_templates("es")
    finally:
        builtin_templates.cache_clear()


def _docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize("form", FORMS)
def test_every_demand_renders_in_spanish_in_every_format(form):
    with i18n.using("es"):
        library = load_library()
        document = build_document(list(library), form=form, fields=FIELDS, today=TODAY)
        texts = {fmt: render(document, fmt=fmt) for fmt in FORMATS}
    assert document.lang == "es"
    texts["docx"] = _docx_text(texts["docx"])
    english_titles = [t.title for t in builtin_templates("en")]
    for fmt, text in texts.items():
        assert "3 de marzo de 2026" in text, fmt
        assert not [title for title in english_titles if title in text], fmt
        assert "Nota de redacción" in text, fmt
    assert '<html lang="es">' in texts["html"]
    heading = {"petition": "Petición a Acme", "letter": "Solicitud de información sobre"}
    assert heading.get(form, "Propuesta de negociación") in texts["markdown"]


def test_the_spanish_letter_reads_as_a_letter():
    with i18n.using("es"):
        library = load_library()
        templates = [library.get("notice-of-ai-evaluation"), library.get("quota-disclosure")]
        document = build_document(templates, form="letter", fields=FIELDS, today=TODAY)
        text = render(document, fmt="markdown")
    assert text.startswith("# Solicitud de información sobre RateTrack\n\n3 de marzo de 2026\n")
    assert "Para: la gerencia de Acme" in text
    assert "Les pedimos que respondan en un plazo de 30 días a local12" in text
    assert text.rstrip().endswith("Atentamente,\\\nLocal 12")


def test_a_bilingual_petition_prints_both_languages_and_one_signature_table():
    document = build_bilingual(
        ["no-discipline-solely-on-ai"],
        languages=("en", "es"),
        form="petition",
        fields={**FIELDS, "signers": "3"},
        today=TODAY,
    )
    markdown = render(document, fmt="markdown")
    english, spanish = markdown.split("\n---\n", 1)
    assert "No discipline or dismissal based on AI alone" in english
    assert "Ninguna sanción ni despido basado solo en la IA" in spanish
    assert "3 March 2026" in english
    assert "3 de marzo de 2026" in spanish
    assert markdown.count("\n| --- |") == 1  # one signature table, at the end
    assert "| No. / N.º | Name / Nombre |" in markdown
    assert "Signatures" not in english  # the signing section comes once, in the second half
    page = render(document, fmt="html")
    assert '<html lang="en">' in page
    assert '<div lang="es">' in page
    assert page.count("<table") == 1
    docx = render(document, fmt="docx")
    assert b'w:type="page"' in _docx_xml(docx)


def _docx_xml(data: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml")


def test_the_command_line_renders_a_bilingual_letter(tmp_path, capsys):
    from collective_ai.cli import main

    out = tmp_path / "carta.docx"
    pairs = [f"--field={k}={v}" for k, v in FIELDS.items()]
    command = ["demands", "render", "--template", "quota-disclosure", "--form", "letter"]
    assert (
        main(
            [
                *command,
                "--format",
                "docx",
                *pairs,
                "--lang",
                "es",
                "--second-lang",
                "en",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert "se escribió" in capsys.readouterr().err
    text = _docx_text(out.read_bytes())
    assert text.index("Solicitud de información") < text.index("Request for information")
    assert i18n.language() == "es"  # --lang stays for the rest of the process, as a CLI run
    i18n.set_language(None)


def test_demands_list_in_spanish(capsys):
    from collective_ai.cli import main

    try:
        assert main(["demands", "list", "--lang", "es"]) == 0
    finally:
        i18n.set_language(None)
    out = capsys.readouterr().out
    assert (
        "Cada cuota por escrito, y ninguna que impida los descansos  [Transparencia y aviso]" in out
    )
