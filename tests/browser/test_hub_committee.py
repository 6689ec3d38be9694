"""A committee on the hub: named accounts, approval by an admin, one shared folder.

``collective-ai hub --committees FILE --admin organiser`` runs a real JupyterHub with
NativeAuthenticator. Members sign up through its form in Chromium; nobody signs in before
the organiser approves them, nor anyone the file does not name; once approved, both
members' servers keep the committee's evidence log and survey ledger in one folder, and
only the member named as an exporter may export (the widgets' side of that is in
tests/test_hub.py). One member adds an incident in the documenting lab and the other sees
it; the member not named is refused the export. Screenshots: ``hub-committee-authorize.png``,
``hub-committee-ben-export.png``.
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
LAB = "documenting-ai"
INCIDENT = {
    "System": "PaceMonitor",
    "What it decides or measures": "units per hour",
    "Where": "night shift",
    "Date": "2 November 2026",
    "Effect": "written up",
}


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


def log_area(page):
    """The evidence log widget, once Voila has drawn it."""
    area = page.locator(".widget-vbox:has(> .widget-html h3:text-is('Evidence log'))").first
    area.wait_for(timeout=SPAWN_WAIT)
    return area


def add_incident(page) -> None:
    area = log_area(page)
    for label, value in INCIDENT.items():
        area.get_by_label(label, exact=True).fill(value)
    area.get_by_role("button", name="Save").click()
    area.get_by_text("saved.").wait_for(timeout=60_000)


def export(page) -> str:
    """Press the log's Export button; what the log then says (a refusal or a download)."""
    area = log_area(page)
    # Not exact: the button's name starts with its icon's glyph (CSS content).
    area.get_by_role("button", name="Export").click()
    area.locator("[role=alert], a[download]").first.wait_for(timeout=60_000)
    return area.inner_text()


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
            for name in ("ana", "ben"):  # both render the lab with the committee's log
                page[name].goto(
                    hub.url + f"user/{name}/voila/render/{LAB}.ipynb", wait_until="commit"
                )
            log_area(page["ana"])
            add_incident(page["ana"])
            seen["ana-saved"] = log_area(page["ana"]).locator("[role=status]").inner_text()
            page["ben"].reload()  # ben's page opened before ana saved: a fresh look at the log
            seen["ben-sees"] = log_area(page["ben"]).inner_text()
            seen["ben-export"] = export(page["ben"])
            seen["ana-export"] = export(page["ana"])
            page["ben"].screenshot(path=str(screenshot_path("hub-committee-ben-export")))
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


def test_members_add_to_one_log_and_only_the_exporter_exports(committee):
    assert "Incident 1 saved." in committee["ana-saved"]
    assert "PaceMonitor" in committee["ben-sees"]  # ana's incident, in ben's view
    assert "Only the people your committee named can export" in committee["ben-export"]
    assert "Download the evidence summary" in committee["ana-export"]
    assert "Only the people" not in committee["ana-export"]
