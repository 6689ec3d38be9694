"""collective_ai.hub without a running hub: names, seats, committees, configuration, CLI.

The real hub (five learners in Chromium) is tests/browser/test_hub.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from traitlets.config import Config

from collective_ai.__main__ import main
from collective_ai.desk import NOTEBOOK_NAME
from collective_ai.errors import InputError
from collective_ai.hub import config as hub_config
from collective_ai.hub.rights import NOT_NAMED, may_export
from collective_ai.hub.settings import (
    LEARNER_PAGES,
    Committee,
    HubSettings,
    check_name,
    generate_password,
    load_committees,
    seat_names,
)
from collective_ai.live.servers import COURSE_ROOT
from collective_ai.widgets.evidence_log import EvidenceLog
from collective_ai.widgets.survey_lab import SurveyLab
from tests.lab_contract import part_with, shown

COMMITTEES = """
warehouse-night:
  members: [Ana, ben, chidi]
  exporters: [ana]
drivers:
  members: [dana]
"""


def test_a_generated_password_is_typable_and_new_each_time():
    first, second = generate_password(), generate_password()
    assert re.fullmatch(r"[a-z]{4}-[a-z]{4}-[a-z]{4}", first)
    assert not set(first) & set("ilo01")  # nothing to misread off a projector
    assert first != second


@pytest.mark.parametrize("name", ["ana", "José", "seat-07", "a.b_c", "x" * 40])
def test_sign_in_names_a_person_would_choose(name):
    assert check_name(name) == name.lower()


@pytest.mark.parametrize("name", ["", "../ana", ".hidden", "a/b", "ana x", "-a", "x" * 41])
def test_names_that_could_leave_the_hubs_folder_are_refused(name):
    with pytest.raises(InputError, match="not a sign-in name"):
        check_name(name)


def test_seats_from_a_number_and_names_as_given():
    assert seat_names(["3"]) == ["seat-01", "seat-02", "seat-03"]
    assert seat_names(["120"])[-1] == "seat-120"
    assert seat_names(["Ana", "ben", "ana"]) == ["ana", "ben"]
    with pytest.raises(InputError, match="count"):
        seat_names(["0"])


def test_committees_file(tmp_path):
    path = tmp_path / "committees.yaml"
    path.write_text(COMMITTEES)
    night, drivers = load_committees(path)
    assert night == Committee("warehouse-night", ("ana", "ben", "chidi"), ("ana",))
    assert drivers.exporters == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("c:\n  members: [ana]\n  exporters: [ben]\n", "'c.exporters': ben is not a member"),
        ("c:\n  members: [ana]\nd:\n  members: [ana]\n", "'d.members': ana already sits on c"),
        ("c:\n  exporters: [ana]\n", "'c.members': a list of names is required"),
        ("c:\n  members: [../x]\n", "'c.members': '../x' is not a sign-in name"),
        ("c: [unclosed\n", "not YAML"),
    ],
)
def test_a_mistake_in_the_committees_file_is_named(tmp_path, text, message):
    path = tmp_path / "committees.yaml"
    path.write_text(text)
    with pytest.raises(InputError, match=re.escape(message)):
        load_committees(path)


@pytest.fixture
def committee_settings(tmp_path) -> HubSettings:
    path = tmp_path / "committees.yaml"
    path.write_text(COMMITTEES)
    return HubSettings(
        folder=str(tmp_path / "hub"), committees=load_committees(path), admins=("organiser",)
    )


def test_a_committee_shares_one_folder_and_only_exporters_export(committee_settings):
    settings = committee_settings
    assert settings.data_home("ben") == settings.data_home("ana")
    assert settings.data_home("ben") == Path(settings.folder) / "committees" / "warehouse-night"
    assert settings.data_home("dana") != settings.data_home("ana")
    assert settings.data_home("zoe") == Path(settings.folder) / "learners" / "zoe" / "collective-ai"
    assert [settings.may_export(n) for n in ("ana", "ben", "dana", "zoe")] == [
        True,
        False,
        False,
        True,
    ]


def test_settings_survive_the_trip_through_the_hubs_folder(committee_settings):
    Path(committee_settings.folder).mkdir()
    path = committee_settings.save()
    assert path.stat().st_mode & 0o777 == 0o600
    assert HubSettings.load(committee_settings.folder) == committee_settings


def configured(settings: HubSettings) -> Config:
    c = Config()
    hub_config.configure(c, settings)
    return c


def test_a_room_is_a_shared_password_hub(tmp_path):
    settings = HubSettings(
        folder=str(tmp_path), host="0.0.0.0", port=8123, password="kmtr-wqpz-hxnd"
    )
    c = configured(settings)
    assert c.JupyterHub.authenticator_class == "shared-password"
    assert c.SharedPasswordAuthenticator.user_password == "kmtr-wqpz-hxnd"
    assert (c.JupyterHub.ip, c.JupyterHub.port) == ("0.0.0.0", 8123)
    assert c.Spawner.start_timeout == 300
    assert c.Spawner.default_url == "/voila/"
    culler = next(s for s in c.JupyterHub.services if s["name"] == "idle-culler")
    assert "--timeout=3600" in culler["command"]
    assert c.CourseSpawner.hub_folder == str(tmp_path)


def test_committees_get_named_accounts_that_an_admin_approves(committee_settings):
    c = configured(committee_settings)
    assert c.JupyterHub.authenticator_class == "nativeauthenticator.NativeAuthenticator"
    assert c.NativeAuthenticator.open_signup is False
    assert c.Authenticator.admin_users == {"organiser"}
    pattern = re.compile(c.Authenticator.username_pattern)
    assert all(pattern.match(n) for n in ("ana", "ben", "chidi", "dana", "organiser"))
    assert not any(pattern.match(n) for n in ("zoe", "anab", "ana|ben", "an"))


def test_the_landing_pages_are_linked_into_the_course_folder(tmp_path):
    notebooks = hub_config.prepare_course_folder(tmp_path)
    assert sorted(p.name for p in notebooks.iterdir()) == sorted(
        [*(Path(p).name for p in LEARNER_PAGES), NOTEBOOK_NAME]
    )
    assert "show_desk()" in (notebooks / NOTEBOOK_NAME).read_text(encoding="utf-8")
    for page in LEARNER_PAGES:
        assert (notebooks / Path(page).name).resolve() == (COURSE_ROOT / page).resolve()
    assert (tmp_path / "course" / "book" / "index.md").is_file()


def test_the_facilitator_token_is_made_once_and_private(tmp_path):
    token = hub_config.facilitator_token(tmp_path)
    assert hub_config.facilitator_token(tmp_path) == token
    assert (tmp_path / hub_config.TOKEN_FILE).stat().st_mode & 0o777 == 0o600


def test_a_short_password_is_one_line_and_exit_code_2(tmp_path, capsys):
    assert main(["hub", "--password", "short", "--folder", str(tmp_path)]) == 2
    assert capsys.readouterr().err == "error: field '--password': at least 8 characters\n"


def test_committees_without_an_admin_are_refused(tmp_path, capsys):
    path = tmp_path / "c.yaml"
    path.write_text(COMMITTEES)
    assert main(["hub", "--committees", str(path), "--folder", str(tmp_path)]) == 2
    assert "--admin" in capsys.readouterr().err


def test_prestart_without_a_hub_says_so(tmp_path, capsys):
    assert main(["hub", "prestart", "3", "--folder", str(tmp_path)]) == 2
    assert "no hub has run in" in capsys.readouterr().err


def test_a_member_not_named_cannot_export_the_committees_evidence(tmp_path, monkeypatch):
    log = EvidenceLog(tmp_path / "log.sqlite")
    monkeypatch.setenv("COLLECTIVE_AI_EXPORT", "no")
    assert not may_export()
    assert log.export() is None
    assert NOT_NAMED in shown(log.ui).replace("&#x27;", "'")
    survey = SurveyLab()
    assert survey.export() is None
    assert NOT_NAMED in shown(survey.ui).replace("&#x27;", "'")
    monkeypatch.setenv("COLLECTIVE_AI_EXPORT", "yes")
    log.controls["export"].click()
    assert part_with(log.ui, "download=")


def test_a_port_in_use_is_one_line_and_exit_code_2(tmp_path, capsys):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(
            ["hub", "--port", str(port), "--password", "long-enough", "--folder", str(tmp_path)]
        )
    assert code == 2
    assert capsys.readouterr().err.startswith(
        f"error: field '--port': 127.0.0.1:{port} cannot be used"
    )
