"""One log layout for paper and screen: the paper sheet, the evidence log form, the book's
log and the workshop handout printed from it show the same columns, in the same order."""

import re

from collective_ai.evidence import paper
from collective_ai.evidence.layout import LOG_COLUMNS, LOG_LABELS
from collective_ai.evidence.store import INCIDENT_FIELDS, SYSTEM_FIELDS
from collective_ai.widgets.evidence_log import EvidenceLog
from collective_ai.workshop import handouts, sources


def _table_header(markdown: str) -> list[str]:
    line = next(line for line in markdown.splitlines() if line.startswith("| "))
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_the_paper_sheet_has_the_layouts_columns():
    assert _table_header(paper.log_sheet_markdown(rows=1)) == LOG_LABELS


def test_the_form_asks_for_the_same_columns_in_the_same_order(tmp_path):
    log = EvidenceLog(tmp_path / "log.sqlite")
    fields = {id(control): name for name, control in log.controls.items()}
    shown = [
        log.controls[fields[id(child)]].description
        for child in log.ui.children
        if id(child) in fields and fields[id(child)] in {c.name for c in LOG_COLUMNS}
    ]
    assert shown == LOG_LABELS


def test_the_books_log_and_its_handout_have_the_same_columns():
    part = sources.section(sources.PRACTICAL_STEPS, "2. Document")
    assert sources.first_table(part)[0] == LOG_LABELS
    head = re.search(r"<thead><tr>(.*?)</tr></thead>", handouts.log_html()).group(1)
    assert re.findall(r"<th>(.*?)</th>", head) == LOG_LABELS


def test_every_column_is_stored():
    incident = {*INCIDENT_FIELDS, "system", "reporter"}  # add_incident's own keywords
    assert {c.field for c in LOG_COLUMNS} <= incident | set(SYSTEM_FIELDS)
