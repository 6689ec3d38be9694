"""axe-core finds no serious or critical accessibility violation, in the book or in Voila.

axe-core is vendored in ``tests/browser/vendor/`` (see its README.md for the version and
licence) and injected into each page, so the check needs no network. Each built page and
Voila lab is checked on its one shared opening (``views.py``). Every figure a lab
draws is an ``<img>`` whose alt text is the lab's plain-language summary; a figure without
one is reported here too.
"""

from __future__ import annotations

import pytest

from .harness import NOT_BUILT, require_built_book, settle, watched_page
from .views import blocking_violations


@pytest.mark.parametrize("probe_page", ["probe-page.html", "probe-widgets.html"])
def test_probe_book_has_no_serious_violation(browser_context, probe_book, probe_page):
    with watched_page(browser_context) as (page, _):
        page.goto(probe_book + probe_page, wait_until="load")
        settle(page)
        problems = blocking_violations(page)
    assert not problems, f"{probe_page}:\n" + "\n".join(problems)


def test_book_page_has_no_serious_violation(book_pages_seen, page_name):
    if page_name == NOT_BUILT:
        require_built_book()
    problems = book_pages_seen(page_name).violations
    assert not problems, f"{page_name}:\n" + "\n".join(problems)


@pytest.mark.slow
def test_voila_lab_has_no_serious_violation(voila_labs_seen, lab):
    problems = voila_labs_seen(lab).violations
    assert not problems, f"Voila {lab}:\n" + "\n".join(problems)
