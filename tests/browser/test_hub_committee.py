"""A committee on the hub: named accounts, approval by an admin, one shared folder.

``collective-ai hub --committees FILE --admin organiser`` runs a real JupyterHub with
NativeAuthenticator. Members sign up through its form in Chromium; nobody signs in before
the organiser approves them, nor anyone the file does not name; once approved, both
members' servers keep the committee's evidence log and survey ledger in one folder, and
only the member named as an exporter may export (the widgets' side of that is in
tests/test_hub.py). Screenshot: ``hub-committee-authorize.png``.
"""

from __future__ import annotations

import psutil
import pytest

from collective_ai.hub.process import running_hub

from .harness import free_port, screenshot_path

pytestmark = pytest.mark.slow

COMMITTEES = "night-shift:\n  members: [ana, ben]\n  exporters: [ana]\n"
PASSWORD = {"organiser": "Harbour-lights-42", "ana": "Paper-lantern-77", "ben": "Quiet-river-19"}
SPAWN_WAIT = 300_000


def sign_up(page, url: str, name: str, password: str) -> str:
    page.goto(url + "hub/signup")
    page.locator("#username_input").fill(name)
    page.locator("#password_input").fill(password)
    page.locator("#password_confirmation_input").fill(password)
    page.locator("#signup_submit").click()
    page.wait_for_load_state()
    return page.locator("body").inner_text()


def sign_in(page, url: str, name: str, password: str, *, then: str = "") -> None:
    page.goto(url + "hub/login" + (f"?next={then}" if then else ""))
    page.locator("#username_input").fill(name)
    page.locator("#password_input").fill(password)
    page.locator("#login_submit").click()
    page.wait_for_load_state()


@pytest.fixture(scope="module")
def committee(browser, tmp_path_factory):
    work = tmp_path_factory.mktemp("committee")
    (work / "committees.yaml").write_text(COMMITTEES)
    extra = ("--committees", str(work / "committees.yaml"), "--admin", "organiser")
    seen: dict = {}
    with running_hub(work / "hub", port=free_port(), password="unused-here", extra=extra) as hub:
        context = {name: browser.new_context() for name in (*PASSWORD, "zoe")}
        page = {name: c.new_page() for name, c in context.items()}
        try:
            for name, password in PASSWORD.items():
                seen[f"signup-{name}"] = sign_up(page[name], hub.url, name, password)
            seen["signup-zoe"] = sign_up(page["zoe"], hub.url, "zoe", "Stranger-door-55")
            sign_in(page["ana"], hub.url, "ana", PASSWORD["ana"])
            seen["ana-before-approval"] = page["ana"].url
            sign_in(page["zoe"], hub.url, "zoe", "Stranger-door-55")
            seen["zoe"] = page["zoe"].url
            admin = page["organiser"]
            sign_in(admin, hub.url, "organiser", PASSWORD["organiser"], then="/hub/authorize")
            for name in ("ana", "ben"):
                admin.goto(hub.url + f"hub/authorize/{name}")
            admin.goto(hub.url + "hub/authorize")
            admin.screenshot(path=str(screenshot_path("hub-committee-authorize")), full_page=True)
            for name in ("ana", "ben"):
                sign_in(page[name], hub.url, name, PASSWORD[name])
            for name in ("ana", "ben"):
                page[name].wait_for_url(f"**/user/{name}/voila**", timeout=SPAWN_WAIT)
            seen["env"] = {
                child.environ()["JUPYTERHUB_USER"]: child.environ()
                for child in psutil.Process(hub.process.pid).children()
                if "jupyterhub-singleuser" in " ".join(child.cmdline())
            }
        finally:
            for c in context.values():
                c.close()
    seen["folder"] = work / "hub"
    return seen


def test_nobody_signs_in_before_the_organiser_approves(committee):
    assert "/hub/login" in committee["ana-before-approval"]


def test_someone_the_committee_did_not_name_cannot_sign_in(committee):
    assert "/user/zoe" not in committee["zoe"]
    assert "zoe" not in committee["env"]


def test_approved_members_share_the_committees_folder(committee):
    env = committee["env"]
    assert set(env) == {"ana", "ben"}
    shared = committee["folder"] / "committees" / "night-shift"
    assert env["ana"]["COLLECTIVE_AI_HOME"] == env["ben"]["COLLECTIVE_AI_HOME"] == str(shared)
    assert shared.is_dir()


def test_only_the_named_exporter_may_export(committee):
    env = committee["env"]
    assert (env["ana"]["COLLECTIVE_AI_EXPORT"], env["ben"]["COLLECTIVE_AI_EXPORT"]) == ("yes", "no")
