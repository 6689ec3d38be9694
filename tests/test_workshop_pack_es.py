"""The handout pack in Spanish (``make handouts LANG=es``), printed on Letter and A4 with
Debian's Chromium and read back with poppler, as the English pack is in test_workshop_pack.

Each handout must be in Spanish (its title on every page, no English sentence of the
package's or the book's), keep to the pages it is meant to fill on both papers, and print
no answer on a participant's sheet.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

from collective_ai import i18n
from collective_ai.selfcheck.keys import read_yaml_key
from collective_ai.workshop import handouts, sources
from tests.test_i18n import SPANISH

PAPERS = ("letter", "a4")
MIN_WORDS = 4  # a shorter English fragment ("Proxy weight: 0.2") may be a name or a number


@pytest.fixture(scope="module")
def packs(tmp_path_factory) -> dict[str, Path]:
    if not Path("/usr/bin/chromium").exists() or shutil.which("pdftoppm") is None:
        pytest.fail("needs /usr/bin/chromium and poppler-utils (.ci/run installs both)")
    built = {}
    for paper in PAPERS:
        out = tmp_path_factory.mktemp(f"handouts-es-{paper}")
        command = [sys.executable, "-m", "collective_ai.workshop", "--lang", "es", "handouts"]
        command += ["--paper", paper, "--out", str(out)]
        done = subprocess.run(command, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-3000:]
        built[paper] = out
    return built


def _text(pdf: Path) -> str:
    raw = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(raw.stdout.split()).lower()


def _pages(pdf: Path) -> tuple[int, str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))
    size = re.search(r"^Page size:\s+(.*)$", info.stdout, re.M).group(1)
    return pages, size


def _sentences(text: str) -> set[str]:
    """The sentences of a message or a book text as a page prints them, lower case."""
    text = sources.plain_myst(text)
    text = re.sub(r"[#*|`]|-{3,}|\{[a-z_]+\}|%\([a-z_]+\)s", " ", text)
    found = set()
    for piece in re.split(r"[.?!:;()\n]", text):
        words = piece.split()
        if len(words) >= MIN_WORDS:
            found.add(" ".join(words).lower())
    return found


def _english_sentences() -> set[str]:
    with SPANISH.open("rb") as handle:
        ids = [m.id for m in read_po(handle) if m.id]
    found = set()
    for message in ids:
        for text in [message] if isinstance(message, str) else message:
            found |= _sentences(text)
    scenes = yaml.safe_load(handouts.ROLEPLAYS.read_text(encoding="utf-8"))
    for scene in scenes:
        found |= _sentences(scene["setup"]) | {s for q in scene["debrief"] for s in _sentences(q)}
        for role in scene["roles"]:
            found |= set().union(*(_sentences(role[k]) for k in ("brief", "wants", "knows")))
    return found


def test_every_handout_prints_on_letter_and_a4_within_its_pages(packs):
    for paper, folder in packs.items():
        for handout in handouts.HANDOUTS.values():
            pages, size = _pages(folder / handout.filename)
            assert 1 <= pages <= handout.pages, (paper, handout.name, pages)
            assert ("(A4)" in size) == (paper == "a4"), (paper, size)


def test_every_handout_is_in_spanish(packs):
    with i18n.using("es"):
        titles = {h.name: h.shown_title.lower() for h in handouts.HANDOUTS.values()}
    for folder in packs.values():
        for handout in handouts.HANDOUTS.values():
            text = _text(folder / handout.filename)
            assert f"{titles[handout.name]} · página 1 de" in text, handout.name
    letter = packs["letter"]
    assert "nuestras reglas 1. hablamos de sistemas" in _text(letter / "ground-rules-poster.pdf")
    cards = _text(letter / "role-play-cards.pdf")
    for scene in ("entregar una solicitud de información", "nuestra herramienta ha sido auditada"):
        assert scene in cards
    assert "delegado/a sindical" in cards
    log = _text(letter / "documentation-log.pdf")
    assert "reglas para un buen registro" in log
    assert "código de quien reporta" in log
    assert "ejemplo:" in log


def test_no_english_sentence_is_printed(packs):
    english = _english_sentences()
    assert len(english) > 150  # the package's, the book's and the role-play scenes' sentences
    for folder in packs.values():
        for handout in handouts.HANDOUTS.values():
            text = _text(folder / handout.filename)
            leaked = sorted(s for s in english if s in text)
            assert not leaked, f"{handout.filename} prints English: {leaked[:3]}"


def test_no_spanish_answer_reaches_a_participant(packs):
    key = read_yaml_key(sources.EXERCISES / "keys" / "audit-by-hand.yaml")
    with i18n.using("es"):
        answers = set().union(*(_sentences(i18n._(s["explanation"])) for s in key.values()))
    assert answers
    answer_sheet = _text(packs["letter"] / "facilitator" / "hand-audit-answers.pdf")
    assert all(a in answer_sheet for a in answers)  # the check below can see them
    for handout in handouts.HANDOUTS.values():
        if handout.audience == handouts.PARTICIPANTS:
            text = _text(packs["letter"] / handout.filename)
            assert not [a for a in answers if a in text], handout.name
