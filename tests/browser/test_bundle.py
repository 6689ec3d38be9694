"""The USB-stick bundle (`make bundle`): unzipped, its book opens as files, a static slider
still moves the lab's chart, and the Spanish edition (when built) links to the English.
Needs the built book (`make book`; `make test` runs it). The README's contents for both
languages: tests/test_workshop_bundle.py.
"""

from __future__ import annotations

import zipfile

import pytest

from collective_ai.errors import InputError
from collective_ai.workshop.bundle import TOP, build_bundle

from .harness import require_built_book, settle, watched_page

FRAME = ".collective-ai-frame"  # collective_ai.widgets.static.FRAME_CLASS
HANDLE = ".noUi-handle[role=slider]"


@pytest.fixture(scope="module")
def unzipped(tmp_path_factory):
    work = tmp_path_factory.mktemp("bundle")
    # Stand-ins for the pack: printing real PDFs here would start a second Playwright
    # inside the browser fixture's (tests/test_workshop_pack.py prints the real ones).
    (work / "handouts" / "facilitator").mkdir(parents=True)
    for name in ("ground-rules-poster.pdf", "facilitator/hand-audit-answers.pdf"):
        (work / "handouts" / name).write_bytes(b"%PDF-1.4\n%stand-in\n")
    archive = build_bundle(
        book=require_built_book(), handouts=work / "handouts", out=work / "b.zip"
    )
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
        opened.extractall(work / "stick")
    return work / "stick" / TOP, names


def test_the_zip_holds_readme_book_and_handouts(unzipped):
    root, names = unzipped
    assert f"{TOP}/README.txt" in names
    assert f"{TOP}/book/index.html" in names
    assert f"{TOP}/handouts/ground-rules-poster.pdf" in names
    assert f"{TOP}/handouts/facilitator/hand-audit-answers.pdf" in names
    assert not any("/_sources/" in n for n in names)
    assert "book/index.html" in (root / "README.txt").read_text()


def test_a_static_slider_works_from_file_urls(browser_context, unzipped):
    root, _ = unzipped
    page_file = root / "book" / "notebooks" / "hiring-screener.html"
    with watched_page(browser_context) as (page, watch):
        page.goto(page_file.as_uri(), wait_until="load")
        settle(page)
        handle = page.locator(HANDLE).first
        handle.wait_for(timeout=20_000)
        visible = f"{FRAME} >> visible=true"
        before = page.locator(visible).first.inner_html()
        handle.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "([sel, before]) => [...document.querySelectorAll(sel)]"
            ".filter(f => f.offsetParent !== null)[0]?.innerHTML !== before",
            arg=[FRAME, before],
        )
        assert page.locator(visible).first.inner_html() != before
    assert not watch.problems, watch.problems


def test_a_missing_book_is_one_message(tmp_path):
    with pytest.raises(InputError, match="make book"):
        build_bundle(book=tmp_path, handouts=tmp_path, out=tmp_path / "x.zip")


def test_the_spanish_edition_on_the_stick_links_to_the_english_from_files(
    browser_context, unzipped
):
    """``make bundle`` puts the Spanish edition in book/es/: from the stick, its lab page
    says lang="es" and its language link reaches the same page in English."""
    root, _ = unzipped
    spanish = root / "book" / "es" / "notebooks" / "hiring-screener.html"
    if not spanish.is_file():
        pytest.skip("the built book has no Spanish edition (`make book LANG=es`; `make bundle`)")
    assert "book/es/index.html" in (root / "README.txt").read_text(encoding="utf-8")
    with watched_page(browser_context) as (page, watch):
        page.goto(spanish.as_uri(), wait_until="load")
        settle(page)
        assert page.evaluate("document.documentElement.lang") == "es"
        page.get_by_role("link", name="Read this page in English").click()
        page.wait_for_url(f"**/{TOP}/book/notebooks/hiring-screener.html")
        assert page.evaluate("document.documentElement.lang") == "en"
    assert not watch.problems, watch.problems
