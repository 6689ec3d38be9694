"""The committee's commands in Spanish: a request letter, a complaint pack, the meeting page.

``--lang es`` after the command gives Spanish wording and Spanish dates, while the legal
citations stay as written (they are how a reader finds the source).
"""

from __future__ import annotations

import datetime as dt

import pytest

from collective_ai import i18n
from collective_ai.cli import main


def _reads(path, spanish: list[str], *, english: list[str]) -> None:
    """The file holds every Spanish phrase and none of the English ones."""
    text = path.read_text(encoding="utf-8")
    assert [s for s in spanish if s not in text] == []
    assert [e for e in english if e in text] == []


@pytest.fixture(autouse=True)
def _english_after():
    yield
    i18n.set_language(None)


def test_request_draft_lang_es_writes_a_spanish_letter(tmp_path, capsys):
    out = tmp_path / "carta.md"
    argv = ["request", "draft", "--lang", "es", "--law", "eu-gdpr", "--organisation", "Acme"]
    argv += ["--system", "PickRate", "--date", "16 April 2026", "--out", str(out)]
    assert main(argv) == 0
    assert "se escribió" in capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    assert "# Solicitud de datos personales sobre PickRate" in text
    assert "Fecha: 16 de abril de 2026" in text
    assert "la respuesta vence el 18 de mayo de 2026" in text  # 16 May is a Saturday
    assert "Article 15(1)(h)" in text  # the citation stays as the regulation writes it
    for english in ("What I ask for", "Basis:", "Yours sincerely", "April"):
        assert english not in text


def test_complaint_draft_lang_es_writes_a_spanish_pack(tmp_path, capsys):
    out = tmp_path / "paquete.md"
    today = dt.date.today()
    decided = (today - dt.timedelta(days=10)).isoformat()
    argv = ["complaint", "draft", "--lang", "es", "--venue", "eeoc", "--decided", decided]
    argv += ["--format", "markdown", "--out", str(out)]
    assert main(argv) == 0
    assert "no se presentó nada" in capsys.readouterr().err
    spanish = ["Este paquete no presenta ni envía nada.", "## Dónde y cómo presentar"]
    spanish += ["42 U.S.C. 2000e-5(e)(1)", "dentro de 170 días"]  # the citation as written
    _reads(out, spanish, english=["days", "What went wrong"])


def test_campaign_page_lang_es_writes_a_spanish_page(tmp_path, capsys):
    db = str(tmp_path / "log.sqlite")
    common = ["--campaign", "Metas", "--db", db]
    add = ["campaign", "add", *common, "--kind", "request", "--date", "2026-10-01"]
    assert main([*add, "--lead", "steward", "--status", "done"]) == 0
    out = tmp_path / "pagina.html"
    assert main(["campaign", "page", "--lang", "es", *common, "--out", str(out)]) == 0
    spanish = ["Campaña: Metas", "1 de octubre de 2026", "delegado/a sindical", "La escalera"]
    _reads(out, spanish, english=["Next rung", "steward"])


def test_a_usage_error_in_spanish_is_one_line(capsys):
    argv = ["complaint", "draft", "--lang", "es", "--venue", "nope", "--decided", "2026-01-01"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "no es una instancia" in err
