"""The audit in other languages: no hard-coded English in its reports, chart, check, lab and
commands (the pseudo-locale ``xx`` of tests/test_i18n.py), a Spanish check of a published
audit in a complaint pack, and request dates shown in words.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import re

import pytest

from collective_ai import i18n
from tests.test_i18n import (  # noqa: F401 (fixtures)
    CLOSE,
    OPEN,
    _committee_english,
    _english_left,
    messages,
    pseudo,
)

GROUPS = ["sex", "race_ethnicity"]
COLUMNS = [*GROUPS, "advanced", "score", "Q1", "Q2", "Q3"]


def _sample_report(**options):
    from collective_ai.audit import audit
    from collective_ai.audit.csvinput import read_audit_csv
    from collective_ai.audit.sample import sample_path

    frame = read_audit_csv(sample_path(), groups=GROUPS, selected="advanced", score="score")
    return audit(frame, groups=GROUPS, selected="advanced", score="score", **options)


def _names(report) -> list[str]:
    """What came from the data: category names and the tables' labels."""
    return [*(n for t in report.tables for n in t.groups), *(t.label for t in report.tables)]


def _left(text: str, known, fmt: str = "markdown") -> list[str]:
    """English outside the brackets. HTML loses its tags before its escapes are read: a
    "p < 0.0001" in a sentence must not be taken for the start of a tag."""
    text = re.sub(r"\(data:[^)]*\)", " ", text)  # a Markdown image's pixels
    if fmt == "html":
        text = re.sub(r"<style>.*?</style>|<[^>]+>", " ", text, flags=re.S)
        text, fmt = html.unescape(text).replace("<", " "), "text"
    return _committee_english(text, fmt, known=[*known, *COLUMNS])


def _counts_report():
    import pandas as pd

    from collective_ai.audit import audit

    frame = pd.DataFrame({"Q1": ["a", "b", "c"], "Q2": [40, 40, 1], "Q3": [20, 8, 0]})
    return audit(frame, groups="Q1", selected="Q3", n="Q2", exclude=["c"])


@pytest.mark.usefixtures("pseudo")
def test_pseudo_locale_audit_report_holds_no_hard_coded_english():
    from collective_ai.audit.report import text_table, to_html, to_markdown

    for report in (_sample_report(unknown=["Decline to state"], exclude_small=True),
                   _counts_report()):  # fmt: skip
        known = _names(report)
        markdown = to_markdown(report, data_description="Q1", date=dt.date(2026, 3, 3))
        assert markdown.startswith("# " + OPEN)
        assert not _left(markdown, known)
        assert not _left(to_html(report, data_description="Q1"), known, "html")
        for table in report.tables:
            assert not _left(text_table(table), known, "text")


@pytest.mark.usefixtures("pseudo")
def test_pseudo_locale_audit_chart_words_and_alt_text():
    from collective_ai.audit import chart

    report = _sample_report(unknown=["Decline to state"], exclude_small=True)
    known = _names(report)
    for table in report.tables:
        assert not _left(chart.alt_text(table), known, "text")
        for width in (chart.WIDTH_INCHES, chart.PHONE_INCHES):
            figure = chart.draw_rates(table, width=width)
            words = [t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text"))]
            assert not _left(" ".join(words).replace("\n", " "), known, "text"), width


@pytest.mark.usefixtures("pseudo")
def test_pseudo_locale_local_law_144_summary():
    from collective_ai.audit import ll144

    report = _sample_report(unknown=["Decline to state"], exclude_small=True)
    summary = ll144.build_summary(
        report, audit_date="2026-11-30", distribution_date="2025-01-15",
        data_source="Q2", data_type="test", tool="Q3",
    )  # fmt: skip
    rules = [f.rule for f in ll144.REQUIRED]  # citations stay as the rule writes them
    assert not _left(ll144.to_markdown(summary), _names(report))
    assert not _left(ll144.to_html(summary), _names(report), "html")
    assert not _left(ll144.required_html(), rules, "html")


@pytest.mark.usefixtures("pseudo")
def test_pseudo_locale_check_of_a_published_audit():
    from collective_ai.audit.check import check_published
    from collective_ai.audit.check_report import html_table, to_markdown
    from collective_ai.audit.published import EXAMPLES, example_path, read_published
    from collective_ai.complaints.evidence import audit_check_attachment, check_sentence

    for name in EXAMPLES:
        path = example_path(name)
        rows = read_published(path)
        known = [path.name, *(r.table for r in rows), *(r.category for r in rows)]
        known += [r.rate.text for r in rows if r.rate] + [r.ratio.text for r in rows if r.ratio]
        report = check_published(path)
        assert not _left(to_markdown(report), known), name
        assert not _left(html_table(report), known, "html"), name
        assert not _left(check_sentence(report), known, "text"), name
        assert audit_check_attachment(report).title.startswith(OPEN)


@pytest.mark.usefixtures("pseudo")
def test_pseudo_locale_audit_lab_controls_summary_and_report():
    from collective_ai.audit.csvinput import header_of
    from collective_ai.audit.sample import sample_bytes
    from collective_ai.widgets.audit_lab import AuditLab

    lab = AuditLab()
    known = [*_names(lab.result), *header_of(sample_bytes())]
    for name, control in lab.controls.items():
        said = [control.description, control.tooltip or ""]
        said += [label for label, _value in getattr(control, "_options_labels", ()) and
                 zip(control._options_labels, control.options, strict=True)
                 if label not in known]  # fmt: skip
        assert not _left(" ".join(said), known, "text"), name
    before = lab.summary
    assert not _left(before, known, "text")
    lab.controls["exclude_small"].value = True
    lab.controls["chart"].value = "race_ethnicity"
    assert lab.summary != before
    assert not _left(lab.summary, known, "text")
    assert not _left(lab._tables.value, known, "html")
    assert not _left(lab.report_html(), _names(lab.result), "html")
    lab.controls["outcome"].value = "sex"  # a group column as the outcome: one message
    assert lab.result is None
    assert not _left(lab.summary, ["sex"], "text")
    assert f"{CLOSE}: {OPEN}" in lab.summary  # the reason itself, inside the lab's sentence


@pytest.mark.usefixtures("pseudo")
def test_pseudo_locale_audit_commands_help_and_errors(tmp_path, capsys):
    from collective_ai.cli import build_parser, main

    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    unwrapped = []
    for name in ("audit", "audit-check"):
        parser = commands.choices[name]
        if not parser.description.startswith(OPEN):
            unwrapped.append(parser.description)
        for action in parser._actions:
            ours = action.help and not isinstance(action, argparse._HelpAction)
            if ours and not action.help.startswith(OPEN):
                unwrapped.append(action.help)
    assert not unwrapped
    data = tmp_path / "Q1.csv"
    data.write_text("sex,advanced\nF,1\nM,0\n", encoding="utf-8")
    assert (
        main(["--lang", "xx", "audit", str(data), "--group", "Q2", "--selected", "advanced"]) == 2
    )
    assert not _left(capsys.readouterr().err, ["Q2", "sex", "advanced"], "text")
    bad = tmp_path / "Q3.csv"
    bad.write_text("table,category,applicants\nsex,F,many\n", encoding="utf-8")
    assert main(["--lang", "xx", "audit-check", str(bad)]) == 2
    assert not _left(capsys.readouterr().err, ["many", "applicants"], "text")


@pytest.mark.usefixtures("pseudo")
def test_pseudo_locale_audit_input_errors(tmp_path):
    """Each message itself, not only the "error: ..." around it, goes through the catalog."""
    from collective_ai.audit.check import check_published
    from collective_ai.audit.csvinput import read_audit_csv
    from collective_ai.errors import InputError

    cases = [
        (check_published, b"table,category,applicants\nsex,F,many\n", {}),
        (check_published, b"table,category,applicants,rate\nsex,F,9,140\n", {}),
        (check_published, b"table,category\nsex,F\n", {}),
        (read_audit_csv, b"sex,advanced\nF,1\n", {"groups": ["Q2"], "selected": "advanced"}),
        (read_audit_csv, b"", {"groups": ["sex"], "selected": "advanced"}),
    ]
    for read, data, options in cases:
        with pytest.raises(InputError) as caught:
            read(data, **options)
        assert caught.value.message.startswith(OPEN), caught.value.message
    report = _sample_report()
    from collective_ai.audit import audit
    from collective_ai.audit.ll144 import build_summary

    frame = read_audit_csv(b"sex,advanced\nF,maybe\n", groups=["sex"], selected="advanced")
    for attempt in (
        lambda: audit(frame, groups=["sex"], selected="advanced"),
        lambda: audit(frame, groups=["sex"], selected="sex"),
        lambda: audit(frame, groups=[], selected="advanced"),
        lambda: build_summary(
            report,
            audit_date="Q5",
            distribution_date="2026-01-01",
            data_source="Q6",
            data_type="test",
        ),
    ):
        with pytest.raises(InputError) as caught:
            attempt()
        assert caught.value.message.startswith(OPEN), caught.value.message


def test_a_complaint_pack_attaches_the_audit_check_in_spanish():
    from collective_ai.audit.check import check_published
    from collective_ai.audit.published import example_path
    from collective_ai.complaints.evidence import audit_check_attachment, check_sentence
    from collective_ai.complaints.pack import build_pack
    from collective_ai.demands.render import render

    with i18n.using("es"):  # as `complaint draft --lang es` sets it before the check runs
        report = check_published(example_path("constructed"))
        attachment = audit_check_attachment(report)
        sentence = check_sentence(report)
        pack = build_pack("eeoc", notes=[sentence], attachment=attachment,
                          decided="2026-06-06", today=dt.date(2026, 12, 7))  # fmt: skip
        text = render(pack.document(), fmt="markdown")
    assert attachment.title == "Revisión de la auditoría de sesgo publicada"
    assert sentence.startswith("Al volver a calcular el resumen publicado")
    assert "| Hallazgo | Filas |" in attachment.markdown
    assert "## Qué significa cada hallazgo" in attachment.markdown
    assert "del otro lado de las cuatro quintas partes" in text
    for english in ("Finding", "Printed rate", "the printed", "matches", "Check of"):
        assert english not in text, english


MESES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
         "septiembre", "octubre", "noviembre", "diciembre"]  # fmt: skip


def _en_palabras(day: dt.date) -> str:
    return f"{day.day} de {MESES[day.month - 1]} de {day.year}"


def test_request_add_and_update_show_the_due_date_in_spanish(tmp_path, monkeypatch, capsys):
    from collective_ai.__main__ import main

    monkeypatch.setenv("COLLECTIVE_AI_HOME", str(tmp_path))
    monkeypatch.setattr(i18n, "_chosen", None)  # --lang sets the process's language
    sent = dt.date.today() - dt.timedelta(days=40)  # the CCPA's 45 days: due in 5 days
    add = ["--lang", "es", "request", "add", "--member", "M-07", "--law", "ccpa"]
    assert main([*add, "--system", "Rate", "--sent", sent.isoformat()]) == 0
    due = _en_palabras(sent + dt.timedelta(days=45))
    assert capsys.readouterr().out.strip() == f"1: vence el {due}"
    told = (sent + dt.timedelta(days=3)).isoformat()
    assert main(["--lang", "es", "request", "update", "1", "--extended-on", told]) == 0
    due = _en_palabras(sent + dt.timedelta(days=90))  # extended by 45 more days
    assert capsys.readouterr().out.strip() == f"1: prorrogada, vence el {due}"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_chart_words_stay_inside_the_figure_at_every_size(lang):
    """Spanish words are longer: the title and the four-fifths label wrap rather than run off
    the book's page, a phone's 346 px drawing or present mode's stage."""
    from collective_ai.audit import audit_counts, chart

    sizes = {"book": {}, "phone": {"width": chart.PHONE_INCHES}}
    sizes["present"] = {"width": 856 / 96, "points": 19 * 72 / 96}  # present mode's stage
    long = "Native Hawaiian or Pacific Islander (Not Hispanic or Latino)"
    tables = [
        _sample_report(unknown=["Decline to state"], exclude_small=True).tables[1],
        audit_counts({"day": (10, 10), long: (10, 6)}, by="shift"),  # the line at 80%
    ]
    with i18n.using(lang):
        for table in tables:
            for size, options in sizes.items():
                figure = chart.draw_rates(table, **options)
                renderer = figure.canvas.get_renderer()
                ax = figure.axes[0]  # its words (the x ticks past 115% are never drawn)
                for text in [ax.title, ax.xaxis.label, *ax.texts, *ax.get_yticklabels()]:
                    if not (text.get_visible() and text.get_text().strip()):
                        continue
                    box = text.get_window_extent(renderer)
                    where = (size, text.get_text())
                    assert box.x0 >= -1, where
                    assert box.x1 <= figure.bbox.x1 + 1, where
