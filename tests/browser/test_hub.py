"""A room on one hub: five learners sign in through the login form and each moves a slider.

A real JupyterHub (``collective-ai hub``, with npm's configurable-http-proxy) runs on
127.0.0.1. A wrong password is refused; five learners, each in their own browser profile,
sign in with the room's password at once, wait for their servers, land on the labs in
Voila, open the hiring lab and move its slider by keyboard. Then the hub is stopped as
Control-C stops it, and no learner's server may outlive it. Screenshots:
``hub-login-phone.png``, ``hub-landing-phone.png`` and ``hub-hiring-phone.png`` (390 px),
``hub-hiring-NAME.png`` (1280 px).
"""

from __future__ import annotations

import re
import resource
import subprocess
import sys

import psutil
import pytest

from collective_ai.hub.api import HubAPI
from collective_ai.hub.config import facilitator_token
from collective_ai.hub.process import running_hub
from collective_ai.hub.settings import generate_password

from .harness import free_port, screenshot_path
from .test_live_labs import (
    LAB_OUTPUT,
    cell_errors,
    change_by_keyboard,
    lab_area,
    look,
    wait_for_change,
)
from .views import PHONE

pytestmark = pytest.mark.slow

LEARNERS = ("ana", "ben", "chidi", "dana", "eli")
LAB = "hiring-screener"
MEMORY_MB = 2048
DESKTOP = {"width": 1280, "height": 900}
SPAWN_WAIT = 300_000
PRESTART = (
    sys.executable,
    "-m",
    "collective_ai",
    "hub",
    "prestart",
)  # ms: five servers starting at once on two busy cores


def sign_in(page, url: str, name: str, password: str) -> None:
    page.goto(url + "hub/login")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture(scope="module")
def room(browser, tmp_path_factory):
    """The hub after the whole drive: what each learner saw, then how it stopped."""
    folder = tmp_path_factory.mktemp("hub") / "room"
    seen: dict = {"learners": {}}
    with running_hub(
        folder,
        port=free_port(),
        password=generate_password(),
        extra=("--memory-mb", str(MEMORY_MB)),
    ) as hub:
        contexts = {
            name: browser.new_context(viewport=PHONE if name == "ana" else DESKTOP)
            for name in LEARNERS
        }
        pages = {name: context.new_page() for name, context in contexts.items()}
        try:
            # A wrong password first: the form comes back and no server starts.
            wrong = pages["ana"]
            sign_in(wrong, hub.url, "ana", hub.password + "x")
            wrong.wait_for_load_state()
            seen["wrong_url"] = wrong.url
            seen["wrong_text"] = wrong.locator("body").inner_text()
            wrong.screenshot(path=str(screenshot_path("hub-login-phone")))
            # The facilitator pre-starts a seat while the room signs in.
            prestart = subprocess.Popen(
                [*PRESTART, "1", "--folder", str(folder)],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for name, page in pages.items():  # all at once, as a room does
                sign_in(page, hub.url, name, hub.password)
            for name, page in pages.items():
                page.wait_for_url(f"**/user/{name}/voila**", timeout=SPAWN_WAIT)
                # Voila's list of labs is drawn by the page's script: wait for it.
                page.get_by_text(f"{LAB}.ipynb").wait_for(timeout=SPAWN_WAIT)
                seen["learners"][name] = {"landing": page.locator("body").inner_text()}
            pages["ana"].screenshot(path=str(screenshot_path("hub-landing-phone")))
            for name, page in pages.items():  # every lab renders at once
                page.goto(hub.url + f"user/{name}/voila/render/{LAB}.ipynb", wait_until="commit")
            for name, page in pages.items():
                seen["learners"][name].update(drive_lab(page, name))
            seen["prestart"] = prestart.communicate(timeout=SPAWN_WAIT / 1000)[0]
            other = pages["ben"].goto(hub.url + "user/ana/voila/")
            seen["other_status"] = other.status if other else None
            api = HubAPI(hub.url, facilitator_token(folder))
            seen["users"] = api.users()
            servers = psutil.Process(hub.process.pid).children(recursive=True)
            seen["servers"] = [
                p for p in servers if "jupyterhub-singleuser" in " ".join(p.cmdline())
            ]
            seen["limits"] = [p.rlimit(resource.RLIMIT_AS) for p in seen["servers"]]
        finally:
            for context in contexts.values():
                context.close()
            seen["descendants"] = psutil.Process(hub.process.pid).children(recursive=True)
    seen["exit"] = hub.process.returncode
    seen["folder"] = folder
    return seen


def drive_lab(page, name: str) -> dict:
    """Wait for the lab, move its score slider by keyboard, and record what changed."""
    page.wait_for_load_state("load", timeout=SPAWN_WAIT)
    # Five labs run at once on a busy machine: allow more than lab_area's own minute.
    page.locator(LAB_OUTPUT).last.wait_for(timeout=SPAWN_WAIT)
    area = lab_area(page)
    before = look(area)
    change_by_keyboard(page, area, "ScoringLab")
    after = wait_for_change(page, area, before)
    page.screenshot(
        path=str(screenshot_path("hub-hiring-phone" if name == "ana" else f"hub-hiring-{name}"))
    )
    return {"before": before, "after": after, "errors": cell_errors(page)}


def test_wrong_password_is_refused(room):
    assert "/hub/login" in room["wrong_url"]
    assert "Invalid username or password" in room["wrong_text"]


def test_each_learner_lands_on_the_labs(room):
    for name in LEARNERS:
        landing = room["learners"][name]["landing"]
        assert f"{LAB}.ipynb" in landing, f"{name} saw: {landing[:300]}"
        assert "making-demands.ipynb" in landing


def test_each_learner_moves_the_hiring_slider(room):
    for name in LEARNERS:
        seen = room["learners"][name]
        assert not seen["errors"], f"{name}: {seen['errors']}"
        assert seen["after"]["summary"] != seen["before"]["summary"], name
        assert seen["after"]["figure"] != seen["before"]["figure"], name


def test_each_learner_has_their_own_server_and_folder(room):
    assert room["other_status"] == 403, "one learner opened another's server"
    running = {name for name, user in room["users"].items() if user.get("server")}
    assert running == {*LEARNERS, "seat-01"}
    assert len(room["servers"]) == len(LEARNERS) + 1
    for name in LEARNERS:
        assert (room["folder"] / "learners" / name / "collective-ai").is_dir()


def test_every_server_has_the_memory_limit(room):
    assert room["limits"] == [(MEMORY_MB * 1024 * 1024,) * 2] * (len(LEARNERS) + 1)


def test_the_facilitator_prestarts_a_seat(room):
    assert "Starting 1 server(s): seat-01" in room["prestart"]
    assert re.search(r"^seat-01: ready after \d+ s$", room["prestart"], re.MULTILINE)


def test_stopping_the_hub_stops_every_server(room):
    assert room["exit"] == 0
    assert room["descendants"], "the hub had no child processes to stop"
    alive = [p.pid for p in room["descendants"] if p.is_running() and p.status() != "zombie"]
    assert not alive, f"still running after the hub stopped: {alive}"
