"""The one registry of forms and formats: the command line and the drafter offer what it lists."""

from __future__ import annotations

import pytest

from collective_ai.cli import main
from collective_ai.demands import FORMATS, FORMS
from collective_ai.demands.registry import FORM_LIST, FORMAT_LIST, MEDIA_TYPES, SUFFIXES, form

BASE = ["demands", "render", "--template", "bias-test-results"]


def test_forms_and_formats_are_the_three_documents_and_three_file_types():
    assert FORMS == ("petition", "letter", "proposal")
    assert FORMATS == ("markdown", "html", "docx")
    assert SUFFIXES == {"markdown": ".md", "html": ".html", "docx": ".docx"}
    assert MEDIA_TYPES["html"] == "text/html"
    assert [f.name for f in FORM_LIST if f.attachment] == ["letter"]
    assert form("petition").described == "A petition"


def test_each_format_names_a_writer_that_exists():
    for fmt in FORMAT_LIST:
        assert callable(fmt.writer()), fmt.name


@pytest.mark.parametrize(
    ("argv", "offered"),
    [
        ([*BASE, "--form", "memo", "--format", "html"], FORMS),
        ([*BASE, "--form", "letter", "--format", "pdf"], FORMATS),
    ],
)
def test_the_command_line_offers_the_registered_choices(capsys, argv, offered):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice" in err
    assert all(f"'{name}'" in err for name in offered)


def test_the_drafter_offers_the_registered_choices(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLECTIVE_AI_HOME", str(tmp_path))
    from collective_ai.widgets.demand_drafter import DemandDrafter

    drafter = DemandDrafter()
    assert [value for _, value in drafter.controls["form"].options] == list(FORMS)
    assert sorted(value for _, value in drafter.controls["format"].options) == sorted(FORMATS)
    assert drafter.controls["format"].value == "docx"  # Word first
