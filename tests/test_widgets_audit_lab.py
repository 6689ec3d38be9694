"""collective_ai.widgets.audit_lab.AuditLab: set a control, see the audit, chart and summary move."""

import base64
import datetime
import html
import re

import ipywidgets as widgets
import pytest

from collective_ai.embed import png_bytes
from collective_ai.widgets.audit_lab import AuditLab
from tests.lab_contract import assert_keeps_the_lab_contract, descendants, part_with, shown


@pytest.fixture
def lab():
    return AuditLab()


def png(lab):
    return png_bytes(lab.figure)


def test_starts_on_the_sample(lab):
    assert_keeps_the_lab_contract(lab)
    assert [t.label for t in lab.result.tables] == ["sex", "race_ethnicity", "sex / race_ethnicity"]
    assert lab.controls["chart"].value == "sex"
    assert "Female" in lab.summary
    assert "under four-fifths" in lab.summary
    assert lab.result.tables[0].groups["Female"].four_fifths_flag is True


def test_exclusion_checkbox_updates_result_figure_and_summary(lab):
    lab.controls["chart"].value = "race_ethnicity"
    figure, before_png, before_summary = lab.figure, png(lab), lab.summary
    assert lab.result.tables[1].excluded == []
    lab.controls["exclude_small"].value = True
    race = lab.result.tables[1]
    assert race.excluded == [
        "Native American or Alaska Native (Not Hispanic or Latino)",
        "Native Hawaiian or Pacific Islander (Not Hispanic or Latino)",
    ]
    assert lab.figure is figure  # updated in place
    assert png(lab) != before_png
    assert lab.summary != before_summary
    assert "(excluded)" not in before_summary


def test_group_dropdown_changes_the_audit(lab):
    before = png(lab)
    lab.controls["group"].value = "age_band"
    table = lab.result.tables[0]
    assert table.by == ["age_band"]
    assert table.groups["40 and over"].four_fifths_flag is True
    assert "40 and over" in lab.summary
    assert png(lab) != before


def test_score_column_adds_scoring_rates(lab):
    lab.controls["score"].value = "(none)"
    assert lab.result.tables[0].groups["Male"].scoring_rate is None
    lab.controls["score"].value = "score"
    assert lab.result.tables[0].groups["Male"].scoring_rate is not None


def test_upload_a_file(lab):
    content = b"team,advanced\nnight,yes\nday,yes\nnight,no\nday,yes\n"
    lab.controls["upload"].value = (
        {
            "name": "shift.csv",
            "type": "text/csv",
            "size": len(content),
            "content": memoryview(content),
            "last_modified": datetime.datetime(2026, 11, 22, tzinfo=datetime.UTC),
        },
    )
    assert lab.controls["source"].value == "shift.csv"
    assert (lab.controls["group"].value, lab.controls["outcome"].value) == ("team", "advanced")
    assert lab.result.tables[0].groups["night"].impact_ratio == 0.5


def test_bad_choice_shows_one_message(lab):
    lab.load_csv("odd.csv", b"name,<b>ok</b>\nx,perhaps\n")
    assert lab.result is None
    assert "'perhaps' is not an outcome" in lab.summary
    assert "<b>ok</b>" not in shown(lab.ui)
    assert "&lt;b&gt;" in shown(lab.ui)


def test_report_download_link(lab):
    lab.controls["report"].click()
    link = part_with(lab.ui, "download=")
    assert 'download="audit-report.html"' in link
    encoded = re.search(r"base64,([A-Za-z0-9+/=]+)", link).group(1)
    page = base64.b64decode(encoded).decode("utf-8")
    assert "<h1>Bias audit report</h1>" in page
    assert "1200 rows from Synthetic sample" in page
    assert 'alt="Bar chart of the selection rate by sex.' in page


def shown_by_display(lab, monkeypatch, *, static: bool) -> list:
    shown = []
    monkeypatch.setenv("COLLECTIVE_AI_STATIC", "1" if static else "0")
    monkeypatch.setattr("IPython.display.display", lambda *objs: shown.extend(objs))
    lab._ipython_display_()
    return shown


def test_live_display_is_the_lab_with_its_accessibility_script(lab, monkeypatch):
    ui, script = shown_by_display(lab, monkeypatch, static=False)
    assert ui is lab.ui
    assert "collective-ai-targets" in script.data  # 24 px targets in Voila and JupyterLab


def test_static_book_shows_a_notice_the_tables_and_precomputed_charts(lab, monkeypatch):
    (view,) = shown_by_display(lab, monkeypatch, static=True)
    parts = list(descendants(view))
    text = " ".join(w.value for w in parts if isinstance(w, widgets.HTML))
    assert 'role="note"' in text
    assert "cannot run the audit lab" in text
    assert all(how in text for how in ("own-data.html", "desk", "hub"))
    assert "audited by sex and race_ethnicity, outcome column advanced" in text
    assert "<caption>Audit by sex</caption>" in text
    assert re.search(r"<td[^>]*>554</td><td[^>]*>163</td>", text)
    live = set(map(id, lab.controls.values()))
    assert not [w for w in parts if id(w) in live]
    assert not [w for w in parts if isinstance(w, widgets.Button | widgets.Dropdown)]
    assert "<img" not in shown(lab.ui)  # the live chart is not embedded twice


def test_static_chart_choice_switches_frames_with_alt_text(lab, monkeypatch):
    (view,) = shown_by_display(lab, monkeypatch, static=True)
    (radio,) = [w for w in descendants(view) if isinstance(w, widgets.RadioButtons)]
    (stack,) = [w for w in descendants(view) if isinstance(w, widgets.Stack)]
    assert radio.description == "Chart shows"
    assert [label for label, _ in radio.options] == [t.label for t in lab.result.tables]
    alts = []
    for frame, table in zip(stack.children, lab.result.tables, strict=True):
        assert 'class="collective-ai-frame collective-ai-scroll"' in frame.value
        alt = html.unescape(re.search(r'<img alt="([^"]*)"', frame.value).group(1))
        assert alt.startswith(f"Bar chart of the selection rate by {table.label}.")
        assert html.unescape(re.search(r"<p[^>]*>([^<]*)</p>", frame.value).group(1)) == alt
        alts.append(alt)
    assert "Female: 29.4%. Male: 42.1%." in alts[0]
    state = widgets.Widget.get_manager_state(drop_defaults=False)["state"].values()
    links = [
        (s["state"]["source"], s["state"]["target"])
        for s in state
        if s["model_name"] == "LinkModel"
    ]
    ends = (
        [f"IPY_MODEL_{radio.model_id}", "index"],
        [f"IPY_MODEL_{stack.model_id}", "selected_index"],
    )
    assert ends in links  # the browser switches frames with no kernel


def test_static_view_of_a_failed_audit_shows_the_message(lab):
    lab.load_csv("odd.csv", b"name,<b>ok</b>\nx,perhaps\n")
    text = " ".join(w.value for w in descendants(lab.static_view()) if hasattr(w, "value"))
    assert "&#x27;perhaps&#x27; is not an outcome" in text
    assert "<b>ok</b>" not in text


def test_a_table_of_counts_audits_the_same_people(lab):
    lab.load_csv("counts.csv", b"team,people,advanced\nnight,40,10\nday,40,20\n")
    assert lab.controls["count"].value == "people"
    table = lab.result.tables[0]
    assert lab.result.input == "counts"
    assert (table.groups["night"].n, table.groups["night"].selected) == (40, 10)
    assert table.groups["night"].impact_ratio == 0.5
    assert "rows of counts (80 people)" in lab.report_html()
    lab.controls["count"].value = "(none)"  # read as rows, "10" is not an outcome
    assert lab.result is None
    assert "not an outcome" in lab.summary


def test_the_labs_tables_keep_a_long_category_on_one_line():
    """A long intersection must not wrap word by word on a phone: the table scrolls instead."""
    lab = AuditLab()
    html = shown(lab.ui)
    assert html.count('class="collective-ai-scroll"') == len(lab.result.tables)
    assert re.search(r'<th scope="row" style="white-space:nowrap[^"]*">', html)


def test_a_phone_gets_the_chart_drawn_for_its_width(lab):
    from collective_ai.audit import chart

    found = re.findall(r'srcset="data:image/png;base64,([^"]+)"', lab._image.value)
    assert len(found) == 1
    phone = base64.b64decode(found[0])
    width = int.from_bytes(phone[16:20], "big")  # the PNG header's width
    assert abs(width - chart.PHONE_INCHES * lab.figure.dpi) <= 1  # 3.6 in at 96 dpi, 345 px
    before = phone
    lab.controls["chart"].value = "race_ethnicity"
    after = base64.b64decode(
        re.findall(r'srcset="data:image/png;base64,([^"]+)"', lab._image.value)[0]
    )
    assert after != before  # redrawn with the chart, not a stale picture
