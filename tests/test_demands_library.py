"""The demand library: every template loads, is cited, and bad templates are reported well."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from collective_ai.demands.fields import describe_fields
from collective_ai.demands.library import load_library
from collective_ai.demands.loading import TemplateFileError, load_template
from collective_ai.demands.registry import FAMILIES, FINDINGS
from collective_ai.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
BIB_KEYS = set(re.findall(r"^@\w+\{([^,]+),", (ROOT / "references.bib").read_text(), re.M))

GOOD = """\
id: {id}
title: A test demand
family: transparency-and-notice
answers: [undisclosed-use]
text: |
  {{{{ employer }}}} shall tell us.
  Second line for {{{{ workplace }}}}.
request: |
  Tell {{{{ group_name }}}} about {{{{ ai_system }}}}.
rationale: Because.
precedents:
  - text: Something that happened.
    key: eu2024aiact
    cite: AI Act
"""


@pytest.fixture(scope="module")
def library():
    return load_library()


def test_at_least_fifteen_templates_in_every_family(library):
    assert len(library) >= 15
    assert {t.family for t in library} == set(FAMILIES)


def test_the_seed_demands_are_included(library):
    seeds = {t.id for t in library if t.seed}
    assert seeds == {"notice-of-ai-evaluation", "no-discipline-solely-on-ai", "bias-test-results"}


def test_every_precedent_cites_a_bibliography_entry(library):
    for template in library:
        for precedent in template.precedents:
            assert precedent.key in BIB_KEYS, (template.id, precedent.key)
            assert precedent.cite
            assert precedent.text


def test_unsupported_seed_claims_are_not_repeated(library):
    """facts.md: no UPS 'technology partnership committee', no CWA '60-day' consultation."""
    text = " ".join(
        " ".join([t.text, t.request, t.rationale, *(p.text for p in t.precedents)]) for t in library
    ).lower()
    for claim in ("partnership committee", "60-day", "60 day", "professional integration"):
        assert claim not in text


def test_every_finding_is_answered_by_some_template(library):
    for finding in FINDINGS:
        assert library.answering(finding), finding
    ids = {t.id for t in library.answering("adverse-impact")}
    assert "suspend-tools-with-adverse-impact" in ids


def test_families_and_titles_for_a_notebook_sentence(library):
    assert library.families() == [f for f in FAMILIES if any(t.family == f for t in library)]
    assert len(library.titles()) == len(library)
    titles = library.titles(answering="adverse-impact")
    assert titles == [t.title for t in library if "adverse-impact" in t.answers]
    assert library.get("suspend-tools-with-adverse-impact").title in titles


def test_unknown_finding_is_an_input_error(library):
    with pytest.raises(InputError, match="finding"):
        library.answering("vibes")


def test_describe_fields_marks_required_and_template_fields(library):
    fields = {f["name"]: f for f in describe_fields(library.get("appeal-automated-decisions"))}
    assert fields["employer"]["required"] is True
    assert fields["contact"]["required"] is True
    assert fields["contact"]["required_in"] == ["letter"]
    assert fields["vendor"]["required"] is False
    assert fields["appeal_days"]["required"] is False  # it has a default
    assert {"signers", "recipient", "reply_days", "free_text", "date"} <= set(fields)


def test_unknown_template_id_lists_known_ones(library):
    with pytest.raises(InputError, match=r"no demand template 'nope'.*bias-test-results"):
        library.get("nope")


def _write(folder: Path, template_id: str, text: str) -> Path:
    path = folder / f"{template_id}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_instructor_template_loads(tmp_path):
    _write(tmp_path, "my-demand", GOOD.format(id="my-demand"))
    library = load_library(extra_dirs=[tmp_path])
    assert library.get("my-demand").text.startswith("{{ employer }}")
    assert len(library) == len(load_library()) + 1


def test_unknown_placeholder_reported_with_file_and_line(tmp_path):
    text = GOOD.format(id="typo").replace("{{ workplace }}", "{{ workplce }}")
    path = _write(tmp_path, "typo", text)
    with pytest.raises(TemplateFileError) as caught:
        load_template(path)
    # The placeholder is on the second line of the block that starts after `text: |` (line 5).
    assert caught.value.line == 7
    assert str(caught.value).startswith(f"{path}, line 7: unknown placeholder {{{{ workplce }}}}")


def test_syntax_error_reported_with_file_and_line(tmp_path):
    text = GOOD.format(id="broken").replace("{{ workplace }}.", "{% if workplace %}.")
    path = _write(tmp_path, "broken", text)
    with pytest.raises(TemplateFileError, match=r"line \d+: syntax error in 'text'") as caught:
        load_template(path)
    assert caught.value.line in (7, 8)


def test_invalid_yaml_reported_with_line(tmp_path):
    path = _write(tmp_path, "bad-yaml", "id: bad-yaml\ntitle: [unclosed\n")
    with pytest.raises(TemplateFileError, match="not valid YAML") as caught:
        load_template(path)
    assert caught.value.line is not None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("family: transparency-and-notice", "family: vibes"), "unknown family"),
        (("answers: [undisclosed-use]", "answers: [nothing]"), "answers"),
        (("rationale: Because.", "rationale: Because **bold**."), "Markdown reads"),
        (("shall tell us.", "shall tell <b>us</b>."), "Markdown reads"),
        (("    key: eu2024aiact\n", ""), "precedent"),
        (("{{ employer }} shall", "{{ ''.__class__ }} shall"), "cannot be rendered"),
    ],
)
def test_bad_templates_are_reported(tmp_path, change, message):
    path = _write(tmp_path, "bad", GOOD.format(id="bad").replace(*change))
    with pytest.raises(TemplateFileError, match=message):
        load_template(path)


def test_markup_character_reported_on_its_line(tmp_path):
    path = _write(tmp_path, "mark", GOOD.format(id="mark").replace("Second line", "Second *line"))
    with pytest.raises(TemplateFileError) as caught:
        load_template(path)
    assert caught.value.line == 7


def test_id_must_match_file_name(tmp_path):
    path = _write(tmp_path, "other-name", GOOD.format(id="my-demand"))
    with pytest.raises(TemplateFileError, match="match the file name"):
        load_template(path)


def test_duplicate_id_is_reported(tmp_path):
    _write(tmp_path, "bias-test-results", GOOD.format(id="bias-test-results"))
    with pytest.raises(TemplateFileError, match="also used by"):
        load_library(extra_dirs=[tmp_path])


def test_missing_templates_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="not a folder"):
        load_library(extra_dirs=[tmp_path / "absent"])


def test_the_exercise_key_agrees_with_the_library(library):
    import yaml

    key = yaml.safe_load((ROOT / "exercises/keys/draft-a-demand.yaml").read_text())
    answering = {t.id for t in library.answering("discipline-from-scores")}
    assert set(key["q3"]["answer"]) == answering
    assert set(key["q2"]["options"]) <= set(FINDINGS)


def test_every_template_carries_the_not_legal_advice_note(library):
    for template in library:
        assert "not legal advice" in template.note, template.id
        assert f"Note: {template.note}" in template.describe()


def test_the_reviewed_precedents_and_demand_texts_say_what_the_sources_support(library):
    """The December 2026 review: each overstated precedent or demand text, corrected."""
    get = library.get
    ups = " ".join(p.text for p in get("no-discipline-solely-on-ai").precedents)
    assert "unless the driver engages in dishonesty" in ups
    assert "predates the 2023" in ups
    cppa = " ".join(p.text for p in get("appeal-automated-decisions").precedents)
    assert "instead of the opt-out" in cppa
    assert "section 7221" in cppa
    assert "EU law" in cppa
    assert "August 2, 2026" in cppa
    jobs = " ".join(p.text for p in get("job-security-with-automation").precedents)
    assert "guaranteed" not in jobs
    committee = get("joint-oversight-committee")
    assert "closest is the ILA" not in " ".join(p.text for p in committee.precedents)
    assert {"detroitnews2019uawgm", "freightwaves2023upsteamsters"} <= {
        p.key for p in committee.precedents
    }
    assert "8(a)(2)" in committee.usage
    ab701 = get("own-data-access").precedents[0].text
    assert "believes a quota caused" in ab701
    assert "100 or more employees" in ab701
    assert "idhr2026subpartj" in {p.key for p in get("notice-of-ai-evaluation").precedents}
    assert "right to know" not in get("notice-of-ai-evaluation").rationale
    retention = get("data-retention-and-deletion").text
    assert "the law requires it to keep longer" in retention
    assert "charge" in retention
    suspend = get("suspend-tools-with-adverse-impact").text
    assert "review the decisions already made" not in suspend
    assert "reviewed individually" in suspend
    assert "adjusting scores" in suspend
    for template_id in ("consent-and-pay-for-likeness", "consent-for-ai-use-of-our-work"):
        assert "no less favourable than this agreement" in get(template_id).text
    for template_id in ("bias-test-results", "inventory-of-ai-systems"):
        text = get(template_id).text
        assert "confidential" in text
        assert "vendor" in text
        assert "detroitedison1979" in {p.key for p in get(template_id).precedents}
