"""The evidence log and the survey in the language in use.

Built in the pseudo-locale ``xx`` of :mod:`tests.test_i18n` (every message ``⟦message⟧``,
and here every question and answer of the bank too): a word left outside the brackets,
once typed data is removed, did not go through the catalog. Then Spanish: a small count
hidden in a survey answered in Spanish, and the dates of a complaint pack's summary.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
import yaml
from matplotlib.text import Text

from collective_ai import i18n
from tests.test_i18n import CLOSE, OPEN, _wrap, messages, pseudo  # noqa: F401
from tests.test_i18n_desk import english as desk_english
from tests.test_i18n_desk import home  # noqa: F401
from tests.test_i18n_desk import shown_text as desk_text

TODAY = dt.date(2026, 12, 7)
FORMATS = ("markdown", "html", "docx", "csv")  # the files' formats, named as such
TYPED = {"system": "Q1", "decides": "Q2", "where": "Q3", "what": "Q4", "effect": "Q5"}
TYPED |= {"group": "Q6", "action": "Q7", "source": "Q8", "reporter": "Q9"}


@pytest.fixture
def bank_xx(request, tmp_path, monkeypatch):
    """The question bank in ``xx``: a whole-file translation, as questions.es.yaml is."""
    from collective_ai.evidence import bank

    request.getfixturevalue("pseudo")
    folder = tmp_path / "bank"
    folder.mkdir()
    shutil.copy(bank.BANK_FILE, folder / "questions.yaml")
    questions = [
        {"id": q.id, "text": _wrap(q.text), "options": [_wrap(o) for o in q.options]}
        for q in bank.load_bank()
    ]
    dumped = yaml.safe_dump({"questions": questions}, allow_unicode=True)
    (folder / "questions.xx.yaml").write_text(dumped, encoding="utf-8")
    monkeypatch.setattr(bank, "BANK_FILE", folder / "questions.yaml")
    for cached in (bank._translated, bank._translation_files, bank._index):
        cached.cache_clear()
    yield
    for cached in (bank._translated, bank._translation_files, bank._index):
        cached.cache_clear()


def shown_text(widget) -> str:
    """What the desk's test reads of a widget tree, and each figure's text alternative."""
    text = desk_text(widget)
    return "\n".join([text, *re.findall(r'alt="([^"]*)"', text)])


def figure_text(figure) -> str:
    return "\n".join(t.get_text() for t in figure.findobj(Text) if t.get_text())


def english(text: str, *, known=()) -> list[str]:
    """The desk's test's check, with a download's content (checked on its own), text cut
    short to fit a chart, and the files' format names left out."""
    text = re.sub(r'href="data:[^"]*"', " ", text)
    text = re.sub(f"{OPEN}[^{OPEN}{CLOSE}]*\u2026", " ", text)
    return desk_english(text, known=[*known, *FORMATS])


def _fill(log, **values) -> None:
    for name, value in {**TYPED, "date": "2026-11-02", **values}.items():
        log.controls[name].value = value


@pytest.mark.usefixtures("bank_xx", "home")
def test_the_evidence_log_holds_no_hard_coded_english(tmp_path):
    from collective_ai.widgets.evidence_log import NEW, EvidenceLog

    log = EvidenceLog(tmp_path / "log.sqlite", today=TODAY)
    known = [*TYPED.values(), str(tmp_path), "sqlite"]
    empty = log.summary
    assert empty.startswith(OPEN)
    assert not english(shown_text(log.ui), known=known)
    _fill(log, date="2026-12-25")  # in the future: refused, naming the field in words
    log.controls["save"].click()
    assert log.result == []
    assert log.message.startswith(OPEN)
    assert not english(log.message, known=known)
    _fill(log)
    log.controls["save"].click()
    log.controls["incident"].value = NEW
    _fill(log, date="3 March 2026", effect="Q0")
    log.controls["save"].click()
    assert len(log.result) == 2
    assert log.summary != empty
    assert not english(shown_text(log.ui), known=[*known, "Q0"])
    assert not english(figure_text(log.figure), known=[*known, "Q0"])
    log.controls["delete"].click()
    assert not english(log.message)
    for fmt in ("html", "markdown"):
        log.controls["format"].value = fmt
        log.controls["export"].click()
        content = log.export()
        assert not english(content, known=[*known, "Q0", "html", "markdown", "md"]), fmt
    static = shown_text(log.static_view())
    assert "PaceMonitor" in static
    assert not english(static, known=["PaceMonitor", "ShiftPlanner"])


@pytest.mark.usefixtures("bank_xx", "home")
def test_the_survey_lab_holds_no_hard_coded_english():
    from collective_ai.evidence.survey import ALL_HIDDEN
    from collective_ai.widgets.survey_lab import NONE, SurveyLab

    lab = SurveyLab()
    first = lab.summary
    assert first.startswith(OPEN)
    assert not english(shown_text(lab.ui))
    for by, question, k in (("shift", "systems_in_use", 5), (NONE, "told_about_system", 30)):
        column = lab.responses.resolve(question, field_name="question")
        lab.controls["question"].value = column
        lab.controls["by"].value = by if by == NONE else lab.responses.resolve(by, field_name="by")
        lab.controls["k"].value = k
        assert lab.summary != first
        assert not english(shown_text(lab.ui)), (question, english(shown_text(lab.ui))[:5])
        assert not english(figure_text(lab.figure))
    lab.controls["k"].value = 100  # every count hidden: the summary says what to try
    assert lab.summary == i18n._(ALL_HIDDEN)
    assert not english(shown_text(lab.ui))
    lab.controls["k"].value = 5
    for fmt in ("html", "markdown"):
        lab.controls["format"].value = fmt
        lab.controls["export"].click()
        assert not english(lab.export(), known=["html", "markdown"]), fmt
    assert not english(shown_text(lab.static_view()))


@pytest.mark.usefixtures("bank_xx", "home")
def test_the_summaries_paper_forms_and_commands_hold_no_hard_coded_english(tmp_path, capsys):
    import argparse

    from collective_ai.cli import build_parser, main
    from collective_ai.complaints.evidence import summary_markdown
    from collective_ai.evidence import chart, html, paper, summary
    from collective_ai.evidence.responses import read_responses
    from collective_ai.evidence.store import EvidenceStore
    from collective_ai.evidence.survey import summarize
    from collective_ai.evidence.synthetic import example_log, warehouse_csv, warehouse_responses

    store = EvidenceStore(tmp_path / "evidence.sqlite")
    example_log(store)
    names = ["PaceMonitor", "ShiftPlanner", str(tmp_path), "sqlite"]
    for include_text in (False, True):
        text = summary.export(store, fmt="html", include_text=include_text)
        assert not english(text, known=names)
    csv = summary.export(store, fmt="csv", include_text=True)
    assert csv.startswith(OPEN)
    assert not english(csv, known=names)
    assert not english(summary_markdown(store, k=3), known=names)
    assert not english(summary_markdown(store, k=5), known=names)
    responses = warehouse_responses(seed=12)
    for question, by in (("written_up_3m", ["age_band"]), ("systems_in_use", ["shift"])):
        result = summarize(responses, question=question, by=by)
        assert not english(result.markdown())
        assert not english(html.findings_list(result))
    blanks = "Q1,Q2\r\n" + "".join(f"q {i} q,{'Q3' if i % 3 else ''}\r\n" for i in range(20))
    answers = read_responses(blanks.encode())  # a free-text column and blank answers
    for question in ("Q1", "Q2"):
        result = summarize(answers, question=question)
        assert not english(result.markdown(), known=["Q1", "Q2", "Q3"]), question
        assert not english(chart.survey_alt(result), known=["Q1", "Q2", "Q3"]), question
    for text in (paper.survey_markdown(), paper.survey_markdown(workplace="Q1")):
        assert not english(text, known=["Q1"])
    assert not english(paper.log_sheet_markdown() + html.bank_table())

    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    unwrapped = []
    for name in ("evidence", "survey"):
        parser = commands.choices[name]
        subs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        for sub in (parser, *subs.choices.values()):
            for action in sub._actions:
                shown = action.help not in (None, argparse.SUPPRESS)
                if shown and not isinstance(action, argparse._HelpAction):
                    unwrapped += [] if action.help.startswith(OPEN) else [action.help]
        unwrapped += [] if parser.description.startswith(OPEN) else [parser.description]
    assert not unwrapped

    db = ["--db", str(tmp_path / "evidence.sqlite")]
    assert main(["--lang", "xx", "evidence", "list", "--format", "markdown", *db]) == 0
    assert main(["--lang", "xx", "evidence", "check", *db]) == 0
    assert not english(capsys.readouterr().out, known=names)
    csv = tmp_path / "answers.csv"
    csv.write_bytes(warehouse_csv(seed=12))
    survey = ["--lang", "xx", "survey", "summary", str(csv), "--format", "markdown"]
    assert main([*survey, "--question", "can_appeal", "--by", "shift"]) == 0
    assert not english(capsys.readouterr().out)
    assert main([*survey, "--question", "nope"]) == 2
    assert not english(capsys.readouterr().err, known=["nope", "question"])


def _spanish_csv(rows: list[tuple[str, str]]) -> bytes:
    """A Spanish Google Form's export: the bank's questions as its Spanish file words them."""
    import csv
    import io

    shift = "¿En qué turno trabaja normalmente?"
    written = (
        "En los últimos tres meses, ¿recibió un reporte disciplinario por el sistema de ritmo?"
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["Marca temporal", shift, written])
    writer.writerows([f"2026/11/02 7:{i:02d}:00", *row] for i, row in enumerate(rows))
    return buffer.getvalue().encode("utf-8")


def test_a_small_group_is_hidden_in_spanish():
    """A survey answered in Spanish, read in Spanish: the night shift's two people are hidden."""
    from collective_ai.evidence.responses import read_responses
    from collective_ai.evidence.survey import summarize

    rows = [("Día", "Sí")] * 4 + [("Día", "No")] * 6 + [("Noche", "Sí"), ("Noche", "No")]
    with i18n.using("es"):
        responses = read_responses(_spanish_csv(rows))
        result = summarize(responses, question="written_up_3m", by="shift")
        text = result.markdown()
    assert "1 grupo tenía menos de 5 personas y está oculto entero." in result.notes
    assert "| Noche | Sí | oculto | oculto |" in text
    assert text.index("| Día | Sí |") < text.index("| Día | No |")  # the bank's order
    assert "12 respuestas. Todo recuento menor que 5 está oculto" in text
    assert "hidden" not in text
    assert "group" not in text
    with i18n.using("es"):
        few = summarize(read_responses(_spanish_csv(rows[:3])), question="written_up_3m")
    assert "Menos de 5 respuestas: no se puede mostrar nada sin señalar a personas." in few.notes


def test_a_packs_evidence_summary_gives_its_dates_in_spanish(tmp_path):
    from collective_ai.complaints.evidence import log_attachment
    from collective_ai.evidence.store import EvidenceStore
    from collective_ai.evidence.synthetic import example_log

    store = EvidenceStore(tmp_path / "log.sqlite")
    example_log(store)
    with i18n.using("es"):
        attachment = log_attachment(store, k=3)
    assert attachment.title == "Resumen de evidencia"
    assert (
        "El registro tiene 4 incidentes del 8 de septiembre de 2026 al 27 de octubre de 2026."
        in attachment.markdown
    )
    assert "| reporte disciplinario | oculto |" not in attachment.markdown  # 2 of 4, k=3
    assert "| Efecto | Incidentes |" in attachment.markdown
    english_pack = log_attachment(store, k=3).markdown
    assert "from 8 September 2026 to 27 October 2026." in english_pack


def test_the_spanish_bank_is_the_english_bank_in_other_words():
    """Same ids and as many answers, so a Spanish form is read as the same questions."""
    from collective_ai.evidence.bank import find_question, load_bank, shown_options, shown_text

    with i18n.using("es"):
        shown = [(shown_text(q), shown_options(q)) for q in load_bank()]
    assert [len(o) for _t, o in shown] == [len(q.options) for q in load_bank()]
    assert all(t != q.text for (t, _o), q in zip(shown, load_bank(), strict=True))
    assert find_question("¿Qué edad tiene?").id == "age_band"


def test_the_labs_speak_spanish_after_a_control_changes(tmp_path):
    from collective_ai.widgets.evidence_log import EvidenceLog
    from collective_ai.widgets.survey_lab import SurveyLab

    with i18n.using("es"):
        lab = SurveyLab()
        first = lab.summary
        lab.controls["by"].value = lab.responses.resolve("shift", field_name="by")
        log = EvidenceLog(tmp_path / "log.sqlite", today=TODAY)
        for name, value in {**TYPED, "date": "5 de noviembre de 2026"}.items():
            log.controls[name].value = value
        log.controls["save"].click()
    assert first.startswith("Gráfico de barras de las respuestas a: En los últimos tres meses")
    assert lab.summary != first
    assert "Noche: Sí " in lab.summary  # the synthetic survey, answered in Spanish
    assert lab.controls["by"].description == "Desglosado por"
    assert log.message == "Incidente 1 guardado."
    assert log.summary == "1 incidente sobre 1 sistema. El efecto más frecuente es “Q5” (1 de 1)."
    assert log.result[0].date == "2026-11-05"  # a date typed in Spanish, kept as ISO
