"""The words lab-a11y.js writes into a lab page reach it in the language in use (Chromium).

A page with a lab's marks (a slider, two boxes wider than the screen: a chart and a table)
runs the script as the live labs show it (:func:`collective_ai.widgets.base.live_scripts`),
then alone, as a page that loads the file without the package would.
"""

from __future__ import annotations

import pytest

from collective_ai import i18n
from collective_ai.widgets.base import ASSETS, live_scripts

PAGE = """<!doctype html><html><body>
<div class="cell_output"><div class="widget-slider"></div></div>
<div class="collective-ai-scroll" id="chart" style="width:200px;overflow-x:auto">
  <div style="width:900px"><img alt="a chart" width="9" height="9"></div></div>
<div class="collective-ai-scroll" id="table" style="width:200px;overflow-x:auto">
  <table style="width:900px"><tr><td>1</td></tr></table></div>
</body></html>"""


def _seen(context, script: str) -> dict:
    page = context.new_page()
    try:
        page.set_content(PAGE)
        page.add_script_tag(content=script)
        page.wait_for_selector("#collective-ai-skip", state="attached")
        page.wait_for_selector("#table[aria-label]", state="attached")
        return {
            "skip": page.text_content("#collective-ai-skip"),
            "chart": page.get_attribute("#chart", "aria-label"),
            "table": page.get_attribute("#table", "aria-label"),
        }
    finally:
        page.close()


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("es", ["Saltar al laboratorio", "Gráfico (se desplaza hacia los lados)", "Tabla"]),
        ("en", ["Skip to the lab", "Chart (scrolls sideways)", "Table"]),
    ],
)
def test_a_lab_page_says_its_words_in_the_language(browser_context, lang, expected):
    with i18n.using(lang):
        script = live_scripts().data
    assert list(_seen(browser_context, script).values()) == expected


def test_without_the_package_the_script_falls_back_to_english(browser_context):
    script = (ASSETS / "lab-a11y.js").read_text(encoding="utf-8")
    assert _seen(browser_context, script)["skip"] == "Skip to the lab"
