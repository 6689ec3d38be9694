"""Present mode's demand drafter in Spanish, in Chromium: ``make present LAB=demands LANG=es``.

Started as tests/browser/test_present.py starts present mode (its ``present_server``), with
``LANG=es`` in make's environment, which make reads like ``LANG=es`` on its command line.
The kernel gets the language from make (``COLLECTIVE_AI_LANG``); the page's ``lang`` says es.
One server, one page: choosing the letter changes the Spanish summary and preview.
Screenshots: spanish-present-demands-1280 and -390.
"""

from __future__ import annotations

import time

import pytest

from . import test_present
from .harness import jupyter_env, screenshot_path, watched_page

LETTER = "Carta a la gerencia para solicitar información"


@pytest.fixture(scope="module")
def spanish_present(tmp_path_factory):
    home = tmp_path_factory.mktemp("present-es")

    def spanish_env(folder):
        return {**jupyter_env(folder), "LANG": "es"}

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(test_present, "jupyter_env", spanish_env)
        started = time.monotonic()
        with test_present.present_server("demands", home) as url:
            print(f"present mode in Spanish preheated in {time.monotonic() - started:.1f} s")
            yield url


def test_the_demand_drafter_in_spanish(browser, spanish_present):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        with watched_page(context) as (page, watch):
            started = time.monotonic()
            page.goto(spanish_present)
            page.wait_for_selector(".ca-present-clear", timeout=60_000)
            assert page.locator("html").get_attribute("lang") == "es"
            waiting = page.locator("#ca-present-waiting").text_content()  # hidden by now
            assert waiting.startswith("Iniciando el laboratorio"), waiting
            page.get_by_role("heading", name="Redactor de demandas").wait_for()
            page.get_by_role("button", name="Borrar: empezar en blanco").wait_for()
            status = page.locator('.ca-present p[aria-live="polite"]').first
            assert status.inner_text().startswith("Una petición titulada")
            page.get_by_role("radio", name=LETTER).check()
            page.get_by_text("Una carta de solicitud de información titulada").wait_for()
            page.locator(".collective-ai-document", has_text="Solicitud de información").wait_for()
            page.get_by_label("Empleador", exact=True).fill("Acme <b>Logística</b>")
            page.get_by_label("Empleador", exact=True).press("Tab")
            page.get_by_text("Acme <b>Logística</b>").first.wait_for()  # typed text, as typed
            print(f"opened and driven in {time.monotonic() - started:.1f} s")
            for width, height in ((1280, 900), (390, 844)):  # the form and what it says
                page.set_viewport_size({"width": width, "height": height})
                page.wait_for_timeout(300)
                heading = page.get_by_role("heading", name="3. Elija el documento")
                heading.evaluate("e => e.scrollIntoView({block: 'start'})")
                shot = screenshot_path(f"spanish-present-demands-{width}")
                page.screenshot(path=str(shot))
            assert watch.problems == []
    finally:
        context.close()
