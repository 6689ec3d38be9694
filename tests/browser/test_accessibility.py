"""axe-core finds no serious or critical accessibility violation, in the book or in Voila.

axe-core is vendored in ``tests/browser/vendor/`` (see its README.md for the version and
licence) and injected into each page, so the check needs no network. Every figure a lab
draws is an ``<img>`` whose alt text is the lab's plain-language summary; a figure without
one is reported here too.
"""

from __future__ import annotations

import pytest

from .harness import HERE, NOT_BUILT, require_built_book, settle, watched_page

AXE = HERE / "vendor" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}
RUN_AXE_JS = """
async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ') + '  ' + n.html.slice(0, 160)),
  }));
}
"""
# Images inside widget output (the labs' figures) must carry a text alternative.
UNLABELLED_FIGURES_JS = """
() => [...document.querySelectorAll('.jupyter-widgets img, .widget-html img')]
  .filter(img => !(img.getAttribute('alt') || '').trim())
  .map(img => img.outerHTML.slice(0, 120))
"""


def blocking_violations(page) -> list[str]:
    """axe-core's serious and critical violations on ``page``, one readable line each."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(RUN_AXE_JS)
    lines = []
    for violation in found:
        if violation["impact"] in BLOCKING_IMPACTS:
            nodes = "\n    ".join(violation["nodes"][:5])
            lines.append(
                f"{violation['impact']} {violation['id']}: {violation['help']}\n    {nodes}"
            )
    lines += [f"figure without alt text: {img}" for img in page.evaluate(UNLABELLED_FIGURES_JS)]
    return lines


@pytest.mark.parametrize("probe_page", ["probe-page.html", "probe-widgets.html"])
def test_probe_book_has_no_serious_violation(browser_context, probe_book, probe_page):
    with watched_page(browser_context) as (page, _):
        page.goto(probe_book + probe_page, wait_until="load")
        settle(page)
        problems = blocking_violations(page)
    assert not problems, f"{probe_page}:\n" + "\n".join(problems)


def test_book_page_has_no_serious_violation(browser_context, book_url, page_name):
    if page_name == NOT_BUILT:
        require_built_book()
    with watched_page(browser_context) as (page, _):
        page.goto(book_url + page_name, wait_until="load")
        settle(page)
        problems = blocking_violations(page)
    assert not problems, f"{page_name}:\n" + "\n".join(problems)


@pytest.mark.slow
def test_voila_lab_has_no_serious_violation(browser_context, voila, lab):
    from .test_live_labs import open_voila_lab

    with watched_page(browser_context) as (page, _):
        open_voila_lab(page, voila, lab)
        problems = blocking_violations(page)
    assert not problems, f"Voila {lab}:\n" + "\n".join(problems)
