"""The book's prose is dated, plain, sourced and free of errors it once made.

Each rule is a small function run over every page in ``_toc.yml`` (book pages, and the
markdown cells of notebooks and exercises), over ``references.bib``, and for the old errors
also over the exercises' keys, the demand templates and the workshop's role-play cards;
each has a test that feeds it a bad example, so none of them can pass by doing nothing. The rules are documented in
CONTRIBUTING.md ("Citations and facts").
"""

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_SPEC = importlib.util.spec_from_file_location("book_stats", ROOT / "bench" / "book_stats.py")
book_stats = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(book_stats)

PAGES = dict(book_stats.pages())
MAX_GRADE = 10.0

# Prose a learner or facilitator reads outside the book's pages: the exercises' keys (their
# explanations are shown after an answer and printed on the facilitator's sheet), the demand
# templates' precedents, and the workshop's role-play cards.
OTHER_PROSE = {
    path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8")
    for pattern in (
        "exercises/keys/*.yaml",
        "src/collective_ai/demands/templates/*.yaml",
        "src/collective_ai/workshop/roleplays.yaml",
    )
    for path in sorted(ROOT.glob(pattern))
}

# A page "states law or contract terms" when its visible prose names a statute, rule, court
# case, agency, bill or collective agreement. The list is deliberately broad: a false alarm
# costs one dating line.
LAW_OR_CONTRACT = re.compile(
    r"\b(?:Local Law|U\.S\.C\.|CFR|Title VII|NLRA|ADEA|EEOC|NLRB|AI Act|[A-Z][\w-]* Act"
    r"|statute|regulation|v\.|bill|contract|collective agreement|master agreement|MBA)\b"
)
# A page is "dated" when its visible prose says "as of <Month> <year>".
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATED = re.compile(rf"\bas of\s+(?:{MONTHS})\s+\d{{4}}\b", re.I)


def undated_law(text: str) -> bool:
    """True when MyST text states law or contract terms but never says "as of <month year>"."""
    prose = " ".join(book_stats.visible_prose(text).split())
    return bool(LAW_OR_CONTRACT.search(prose)) and not DATED.search(prose)


def grade_too_high(text: str) -> bool:
    """True when the page's Flesch-Kincaid grade (bench/book_stats.py) is above 10."""
    grades = book_stats.reading_grades(text)
    return grades is not None and grades["flesch_kincaid"] > MAX_GRADE


def bib_entries(bib: str) -> dict[str, dict[str, str]]:
    """Map each entry key of a BibTeX text to its lower-cased field names and raw values."""
    entries = {}
    for m in re.finditer(r"^@\w+\{([^,]+),(.*?)^\}", bib, re.M | re.S):
        fields = dict(re.findall(r"^\s*(\w+)\s*=\s*\{(.*)\},?\s*$", m.group(2), re.M))
        entries[m.group(1).strip()] = {k.lower(): v for k, v in fields.items()}
    return entries


def unlinked(entry: dict[str, str]) -> bool:
    """True for a source with no url or doi and no stated reason.

    A court or Board decision (its title names the parties, "X v. Y", or the entry's
    howpublished is a reporter of decisions) is exempt. Any other entry without a link says why
    in its ``note``, in a sentence beginning "No link:".
    """
    if "url" in entry or "doi" in entry:
        return False
    is_case = " v. " in entry.get("title", "") or "Decisions of" in entry.get("howpublished", "")
    return not is_case and "No link:" not in entry.get("note", "")


STRIKE_END = re.compile(r"(?:September|Sept\.?|Sep\.?)\s+24,?\s+2023", re.I)


def wrong_wga_end(text: str) -> bool:
    """True when September 24, 2023 is given as the end of the writers' strike.

    The strike ended September 27, 2023; September 24 was the tentative agreement. A mention
    of the date near the word "strike" fails unless the words just before it make it the
    tentative agreement's date ("a tentative agreement on September 24, 2023"); a
    "tentative" elsewhere in the paragraph does not excuse "struck ... to September 24".
    """
    for m in STRIKE_END.finditer(text):
        before = text[max(0, m.start() - 60) : m.start()].lower()
        window = text[max(0, m.start() - 160) : m.end() + 160].lower()
        if re.search(r"strik|struck", window) and "tentative" not in before:
            return True
    return False


def weingarten_for_members_only(text: str) -> bool:
    """True when a paragraph about Weingarten rights gives them to "union members".

    The right belongs to every employee in a unit the union represents, member or not.
    """
    for block in re.split(r"\n\s*\n", text):
        about_weingarten = re.search(r"weingarten|investigatory interview", block, re.I)
        if about_weingarten and re.search(r"\bunion members?\b", block, re.I):
            return True
    return False


def ups_2023_only_cameras(text: str) -> bool:
    """True when a paragraph gives a ban on inward-facing cameras as what 2023 added at UPS.

    The 2023 agreement's Article 6, Section 6, as the union summarises it, bars discipline
    based solely on technology and keeps driver-facing sensors for training; a paragraph that
    credits 2023 with a camera ban must also say that.
    """
    return any(
        re.search(r"inward-facing camera", block, re.I)
        and "2023" in block
        and not re.search(r"solely on technology|based solely", block, re.I)
        for block in re.split(r"\n\s*\n", text)
    )


# ------------------------------------------------------------------------- the book itself


@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_page_that_states_law_or_contract_terms_is_dated(name):
    assert not undated_law(PAGES[name]), f"{name}: add 'as of December 2026' to the page"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_page_reads_at_grade_ten_or_below(name):
    grade = book_stats.reading_grades(PAGES[name])["flesch_kincaid"]
    assert not grade_too_high(PAGES[name]), f"{name}: Flesch-Kincaid grade {grade:.1f}"


def test_every_source_has_a_link_or_says_why_not():
    entries = bib_entries((ROOT / "references.bib").read_text(encoding="utf-8"))
    assert len(entries) > 100
    assert [key for key, entry in entries.items() if unlinked(entry)] == []


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_page_ends_the_writers_strike_on_september_24(name):
    assert not wrong_wga_end(PAGES[name])


def test_the_fact_checking_notes_end_the_writers_strike_on_september_27():
    notes = (ROOT / "docs" / "fact-checking.md").read_text(encoding="utf-8")
    assert not wrong_wga_end(notes)
    assert "September 27, 2023" in notes


@pytest.mark.parametrize("name", sorted(PAGES))
def test_weingarten_rights_are_not_limited_to_union_members(name):
    assert not weingarten_for_members_only(PAGES[name])


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_page_says_2023_only_banned_inward_facing_cameras_at_ups(name):
    assert not ups_2023_only_cameras(PAGES[name])


def test_keys_templates_and_role_plays_are_read():
    assert len(OTHER_PROSE) > 20
    assert any(name.startswith("exercises/keys/") for name in OTHER_PROSE)
    assert "src/collective_ai/workshop/roleplays.yaml" in OTHER_PROSE


@pytest.mark.parametrize("name", sorted(OTHER_PROSE))
def test_keys_templates_and_role_plays_repeat_none_of_the_old_errors(name):
    text = OTHER_PROSE[name]
    assert not wrong_wga_end(text)
    assert not weingarten_for_members_only(text)
    assert not ups_2023_only_cameras(text)


# ------------------------------------------------------------- each rule catches a bad page


def test_an_undated_page_about_law_is_caught_and_a_dated_one_passes():
    bad = "# Rules\n\nLocal Law 144 requires a bias audit {cite:p}`nyc2021ll144`.\n"
    assert undated_law(bad)
    assert not undated_law(bad + "\nThis is the law as of December 2026.\n")
    assert not undated_law("# Rules\n\nTalk to your coworkers first.\n")


def test_a_date_inside_code_does_not_count():
    text = "The contract says so.\n\n```python\n# as of December 2026\n```\n"
    assert undated_law(text)


def test_a_hard_page_is_caught_and_a_plain_one_passes():
    hard = (
        "Notwithstanding organisational considerations, administrative determinations "
        "regarding algorithmic classification necessitate comprehensive documentation "
        "substantiating individualised evaluation methodologies."
    )
    assert grade_too_high(hard)
    assert not grade_too_high("The union won the vote. We all went home.")


def test_a_source_without_a_link_or_reason_is_caught():
    bib = (
        "@misc{a2025news,\n  title = {A story},\n  howpublished = {A paper},\n}\n\n"
        "@misc{b2025news,\n  title = {A story},\n  note = {No link: print edition only},\n}\n\n"
        "@misc{c1975case,\n  title = {{NLRB} v. J. Weingarten, Inc.},\n}\n\n"
        "@misc{d2025site,\n  title = {A page},\n  url = {https://example.org/},\n}\n"
    )
    entries = bib_entries(bib)
    assert sorted(entries) == ["a2025news", "b2025news", "c1975case", "d2025site"]
    assert [key for key, entry in entries.items() if unlinked(entry)] == ["a2025news"]


@pytest.mark.parametrize(
    "text",
    [
        "The writers struck from May 2 to September 24, 2023.",
        "| WGA | Strike, May 2 to Sept 24, 2023 |",
        "The strike ended on Sept. 24, 2023 after 146 days.",
    ],
)
def test_the_wrong_strike_end_is_caught(text):
    assert wrong_wga_end(text)


def test_a_nearby_tentative_agreement_does_not_excuse_the_wrong_end():
    assert wrong_wga_end(
        "The writers struck from May 2 to September 24, 2023. The two sides reached a "
        "tentative agreement on September 24."
    )


def test_the_tentative_agreement_date_and_other_september_24ths_pass():
    assert not wrong_wga_end("The strike ran to September 27, 2023 (tentative deal September 24).")
    assert not wrong_wga_end(
        "They reached a tentative agreement on September 24, 2023, and the strike ended on "
        "September 27, 2023."
    )
    assert not wrong_wga_end("Applicants since September 24, 2020 are in the collective.")


def test_weingarten_for_union_members_is_caught():
    assert weingarten_for_members_only(
        "A union member may ask for a steward {cite:p}`weingarten1975`."
    )
    assert not weingarten_for_members_only(
        "Any worker in a unit the union represents, member or not, may ask for a steward "
        "{cite:p}`weingarten1975`.\n\nA steward is a union member."
    )


def test_the_old_ups_camera_framing_is_caught():
    assert ups_2023_only_cameras("In 2023 the contract gained a ban on inward-facing cameras.")
    assert not ups_2023_only_cameras(
        "In 2023 it barred discipline based solely on technology and stopped inward-facing cameras."
    )
