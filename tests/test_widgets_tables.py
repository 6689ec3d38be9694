"""Learner tables: words and percentages, escaped, the same in every view."""

from __future__ import annotations

import re

import pandas as pd

from collective_ai.audit import audit_counts
from collective_ai.scoring import simulate, sweep
from collective_ai.widgets.tables import (
    audit_view,
    for_the_curious,
    intervals_view,
    rounds_view,
    sentences,
    sweep_view,
)


def _qa_example():
    # The 1979 Questions and Answers example: 60%, 45%, 48% and 51% of 100 applicants each.
    return audit_counts(
        {
            "White": (100, 60),
            "American Indian": (100, 45),
            "Hispanic": (100, 48),
            "Black": (100, 51),
        },
        by="group",
    )


def test_audit_view_says_rates_and_verdicts_in_words():
    view = audit_view(_qa_example(), caption="Q&A")
    rows = {row[0]: row for row in view.rows}
    assert rows["American Indian"][3:] == ("45%", "75%", "below four-fifths")
    assert rows["Hispanic"][3:] == ("48%", "80%", "at or above four-fifths")  # exactly 4/5
    assert rows["White"][1:3] == ("100", "60")
    assert view.columns[0] == "Group"
    assert "True" not in str(view)
    assert "0.75" not in str(view)


def test_html_is_a_captioned_table_with_header_cells_and_escaped_text():
    table = audit_counts({"<b>A</b> & co": (10, 5), "B": (10, 5)}, by="team")
    html = audit_view(table, caption="Teams <1>")._repr_html_()
    assert '<table class="collective-ai-table"' in html
    assert ">Teams &lt;1&gt;</caption>" in html
    assert re.search(r'<th scope="col" style="[^"]*">Team</th>', html)
    assert re.search(
        r'<th scope="row" style="[^"]*nowrap[^"]*">&lt;b&gt;A&lt;/b&gt; &amp; co</th>', html
    )
    assert "<b>A</b>" not in html


def test_sweep_view_names_the_control_and_the_groups():
    frame = sweep("hiring", seed=1, n=5_000, parameter="proxy_weight", values=[0, 0.5])
    view = sweep_view(frame, scenario="hiring", parameter="proxy_weight", caption="Sweep")
    assert view.columns[0] == "Proxy weight"
    assert view.columns[1] == "40 and over: share who advance"
    first, second = view.rows
    assert first[0] == "0"
    assert second[0] == "0.5"
    assert first[4] == "at or above four-fifths"
    assert second[4] == "below four-fifths"
    assert all(cell.endswith("%") for cell in second[1:4])


def test_intervals_are_percentages_in_order():
    view = intervals_view(_qa_example())
    low, high = view.rows[0][3].split(" to ")
    assert float(low.rstrip("%")) < 60 < float(high.rstrip("%"))


def test_raw_data_sit_behind_a_closed_toggle():
    html = for_the_curious(pd.DataFrame({"x": [0.123456]}), label="Show <rows>")._repr_html_()
    assert html.startswith("<details><summary>Show &lt;rows&gt;</summary>")
    assert "open" not in html.split(">")[0]
    assert "0.123" in html
    assert "0.123456" not in html


def test_sentences_are_escaped_text():
    assert sentences("a < b")._repr_html_() == "<p>a &lt; b</p>"
    assert sentences("one", "two")._repr_html_() == "<ul><li>one</li><li>two</li></ul>"
    assert repr(sentences("one", "two")) == "one\ntwo"


def test_rounds_view_gives_each_round_the_audits_verdict_in_words():
    result = simulate("warehouse", seed=2024, n=20_000, rounds=4)
    view = rounds_view(result, caption="Weeks")
    assert view.columns[-1] == "Four-fifths rule"
    assert [row[0] for row in view.rows] == ["Week 1", "Week 2", "Week 3", "Week 4"]
    expected = ["below" if b else "at or above" for b in result.by_round["below_four_fifths"]]
    assert [row[-1] for row in view.rows] == [f"{word} four-fifths" for word in expected]
    assert view.rows[0][-1] == "at or above four-fifths"
    assert view.rows[-1][-1] == "below four-fifths"
