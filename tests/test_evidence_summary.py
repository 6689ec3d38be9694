"""The evidence summary: counts, free text left out unless asked, typed text kept as data."""

import datetime as dt
import io
import zipfile

import pytest

from collective_ai.demands import build_document, load_library, render_html
from collective_ai.evidence import summary
from collective_ai.evidence.store import EvidenceStore

TODAY = dt.date(2026, 11, 30)
TRICKY = '<script>alert(1)</script> **bold** [x](javascript:alert(1)) =HYPERLINK("a")'


@pytest.fixture
def store(tmp_path):
    store = EvidenceStore(tmp_path / "log.sqlite")
    for date, system, effect in [
        ("2026-09-01", "PaceMonitor", "written up"),
        ("2026-10-01", "PaceMonitor", "written up"),
        ("2026-10-15", "ShiftBot", "hours cut"),
    ]:
        store.add_incident(
            system=system,
            date=date,
            effect=effect,
            what="my supervisor said so",
            reporter="R-17",
            today=TODAY,
        )
    return store


def test_counts_by_system_and_effect(store):
    incidents = store.incidents()
    assert summary.counts(incidents, by="system") == [("PaceMonitor", 2), ("ShiftBot", 1)]
    assert summary.counts(incidents, by="effect") == [("written up", 2), ("hours cut", 1)]


def test_free_text_and_reporter_codes_only_when_asked(store):
    text = summary.export(store, fmt="markdown")
    assert "supervisor" not in text
    assert "R\\-17" not in text
    assert "R-17" not in text
    assert "3 incidents recorded from 1 September 2026" in text  # dates shown in words
    assert "from 1 September 2026 to 15 October 2026, involving 2 systems." in text
    assert "supervisor" in summary.export(store, fmt="markdown", include_text=True)
    headers, _rows = summary.csv_table(store.incidents())
    assert "reporter" not in headers
    assert "what" not in headers


def tricky_store(tmp_path):
    store = EvidenceStore(tmp_path / "tricky.sqlite")
    store.add_incident(system=TRICKY, date="2026-11-01", effect=TRICKY, today=TODAY)
    return store


def test_html_export_escapes_typed_text(tmp_path):
    page = summary.export(tricky_store(tmp_path), fmt="html")
    assert "<script>" not in page
    assert 'href="javascript' not in page
    assert "<strong>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **bold**" in page


def test_docx_export_keeps_typed_text_literal(tmp_path):
    from docx import Document

    data = summary.export(tricky_store(tmp_path), fmt="docx")
    document = Document(io.BytesIO(data))
    texts = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert TRICKY in texts
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "<script>" not in xml  # stored as text (&lt;script&gt;), never as markup


def test_csv_export_defuses_formulas(tmp_path):
    store = EvidenceStore(tmp_path / "f.sqlite")
    store.add_incident(system="S", date="2026-11-01", effect="=1+1", today=TODAY)
    text = summary.export(store, fmt="csv")
    assert "'=1+1" in text.splitlines()[1]


def test_the_summary_attaches_to_an_information_request(store):
    library = load_library()
    letter = build_document(
        [library.get("inventory-of-ai-systems")],
        form="letter",
        fields={
            "employer": "E",
            "workplace": "W",
            "ai_system": "A",
            "group_name": "G",
            "contact": "c@example.org",
        },
        attachment=summary.attachment(store),
    )
    page = render_html(letter)
    assert 'Attachment: <bdi class="data">Evidence summary</bdi>' in page
    assert "<td>PaceMonitor</td>" in page
