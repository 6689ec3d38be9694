"""The printed handout pack: built with Debian's Chromium, read back with poppler.

One build for the module (about 15 s). The checks read the PDFs as a person would see
them: their text (``pdftotext``) and their pixels (``pdftoppm``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from collective_ai.classroom.student import read_notebook, split_master
from collective_ai.errors import InputError
from collective_ai.selfcheck.keys import read_yaml_key
from collective_ai.workshop import handouts, sources
from collective_ai.workshop.__main__ import main
from collective_ai.workshop.render import build_pack

PARTICIPANT = [h for h in handouts.HANDOUTS.values() if h.audience == handouts.PARTICIPANTS]
MIN_SNIPPET = 24  # shorter fragments ("Men: 48 / 120") could occur in a question honestly


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    if not Path("/usr/bin/chromium").exists() or shutil.which("pdftoppm") is None:
        pytest.fail("needs /usr/bin/chromium and poppler-utils (.ci/run installs both)")
    out = tmp_path_factory.mktemp("handouts")
    # In its own process, as `make handouts` runs it: Playwright's sync API cannot start
    # inside another Playwright session (the browser tests' fixture, in a whole-tree run).
    command = [sys.executable, "-m", "collective_ai.workshop", "handouts", "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    return out


def _text(pdf: Path) -> str:
    raw = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return _normal(raw.stdout)


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("`", "")).strip().lower()


def _snippets(text: str) -> list[str]:
    """Sentences and lines of a solution, in the words a page would print."""
    text = sources.plain_myst(text)
    text = re.sub(r"```\{[^}]*\}.*|:class:.*", " ", text)
    pieces = re.split(r"\n|(?<=[.:;!?])\s", text)
    return [s for s in (_normal(p) for p in pieces) if len(s) >= MIN_SNIPPET]


def _solution_snippets() -> list[str]:
    found = []
    for master in sorted(sources.EXERCISES.glob("*.ipynb")):
        for removed in split_master(read_notebook(master), name=master.name).removed:
            found += _snippets(removed)
    for key in sorted((sources.EXERCISES / "keys").glob("*.yaml")):
        for spec in read_yaml_key(key).values():
            found += _snippets(spec.get("explanation", ""))
    return sorted(set(found))


def test_every_handout_is_written(pack):
    for handout in handouts.HANDOUTS.values():
        assert (pack / handout.filename).stat().st_size > 2000, handout.name
    answers = {h.name for h in handouts.HANDOUTS.values() if h.audience == handouts.FACILITATOR}
    assert {"hand-audit-answers", "reveal-hiring"} <= answers


def test_no_solution_text_reaches_a_participant(pack):
    snippets = _solution_snippets()
    assert len(snippets) > 20  # the masters and keys do hold solutions to look for
    for handout in PARTICIPANT:
        text = _text(pack / handout.filename)
        leaked = [s for s in snippets if s in text]
        assert not leaked, f"{handout.filename} prints solution text: {leaked[:3]}"


def test_the_answer_sheet_does_hold_the_answers(pack):
    """The check above would see a leak: the facilitator's sheet shows the same text."""
    text = _text(pack / handouts.HANDOUTS["hand-audit-answers"].filename)
    key = read_yaml_key(sources.EXERCISES / "keys" / "audit-by-hand.yaml")
    for spec in key.values():
        assert all(s in text for s in _snippets(spec["explanation"]))


def test_the_worksheet_has_every_question_and_no_numeric_answer(pack):
    text = _text(pack / "hand-audit-worksheet.pdf")
    key = read_yaml_key(sources.EXERCISES / "keys" / "audit-by-hand.yaml")
    assert [f"question {n}" in text for n in range(1, len(key) + 1)] == [True] * len(key)
    for spec in key.values():
        if spec["kind"] == "number":
            answer = re.escape(f"{spec['answer']:g}")
            assert not re.search(rf"(?<![\d.]){answer}(?!\d)", text), spec["answer"]
    assert "store" not in text
    assert "rate_women" not in text  # notebook instructions dropped


def test_every_page_has_ink(pack, tmp_path):
    pages = 0
    for handout in handouts.HANDOUTS.values():
        prefix = tmp_path / handout.name
        subprocess.run(
            ["pdftoppm", "-r", "20", "-gray", str(pack / handout.filename), str(prefix)],
            check=True,
        )
        images = sorted(tmp_path.glob(f"{handout.name}-*.pgm"))
        assert images, handout.name
        for image in images:
            pixels = image.read_bytes().split(b"\n", 3)[3]  # P5 header: magic, size, maxval
            dark = sum(1 for value in pixels if value < 128)
            assert dark / len(pixels) > 0.002, f"{image.name} is blank"
        pages += len(images)
    assert pages >= len(handouts.HANDOUTS)


def test_the_sign_in_sheet_asks_for_no_name(pack):
    text = _text(pack / "sign-in-sheet.pdf")
    assert "way to reach you" in text
    assert re.findall(r"\bnames?\b", text) == ["name"]  # only in "no name needed"


def test_role_play_covers_every_role_and_scene(pack):
    text = _text(pack / "role-play-cards.pdf")
    for role in ("worker", "steward", "manager or hr", "vendor representative", "auditor"):
        assert role in text
    for scene in (
        "delivering an information request",
        "a person checks every rejection",
        "a discipline meeting after a rate flag",
        "our tool has been audited",
    ):
        assert scene in text


def test_a4_paper(tmp_path):
    command = [sys.executable, "-m", "collective_ai.workshop", "handouts", "--paper", "a4"]
    subprocess.run([*command, "--out", str(tmp_path), "--only", "ground-rules-poster"], check=True)
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "ground-rules-poster.pdf")], capture_output=True, text=True
    ).stdout
    assert re.search(r"Page size:\s+59[56]\.\d+ x 84[12]\.\d+ pts \(A4\)", info), info


def test_bad_paper_exits_2_with_one_line(tmp_path, capsys):
    with pytest.raises(InputError, match="PAPER"):
        build_pack(tmp_path, paper="tabloid")
    assert main(["handouts", "--out", str(tmp_path), "--paper", "tabloid"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_the_data_request_tracker_is_one_page_with_worked_dates(pack):
    pdf = pack / handouts.HANDOUTS["data-request-tracker"].filename
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+1\b", info), info
    text = _text(pdf)
    # 31 January 2027 + one month: Sunday 28 February, so Monday 1 March (the registry's rule).
    assert "received 31 january 2027, due monday 1 march 2027; extended, 30 april 2027" in text
    assert "received 7 december 2026, due thursday 21 january 2027" in text
    assert "member's code, never a name" in text
