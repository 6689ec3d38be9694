"""The paper survey and log sheet, and the chapter's HTML helpers."""

import io

from collective_ai.evidence import html, paper
from collective_ai.evidence.bank import load_bank
from collective_ai.evidence.layout import LOG_LABELS
from collective_ai.evidence.suppression import suppress


def test_the_paper_survey_has_every_question_and_a_box_per_answer():
    text = paper.survey_markdown()
    bank = load_bank()
    assert text.count(paper.BOX) == sum(len(q.options) for q in bank)
    assert f"**{len(bank)}. " in text
    assert "Do not write your name" in text


def test_the_log_sheet_has_a_code_column_and_no_name_column():
    text = paper.log_sheet_markdown(rows=3)
    header = next(line for line in text.splitlines() if line.startswith("| Date"))
    assert "Reporter code" in header
    assert "Name" not in header
    assert text.count("\n|  |") == 3


def test_paper_forms_print_as_html_and_word():
    from docx import Document

    page = paper.render("survey", workplace="<Harbourside>")
    assert "&lt;Harbourside&gt;" in page
    assert "<Harbourside>" not in page
    document = Document(io.BytesIO(paper.render("log", fmt="docx")))
    assert [c.text for c in document.tables[0].rows[0].cells] == LOG_LABELS


def test_the_hand_worked_table_says_hidden():
    counts = {"Day": {"Yes": 20, "No": 2}, "Night": {"Yes": 10, "No": 8}}
    totals = {"Day": 22, "Night": 18}
    shown = html.suppression_table(
        counts, totals, suppress(counts, totals=totals, complementary=False), caption="c"
    )
    assert "<td>Day</td><td>22</td><td>20</td><td>hidden</td>" in shown
