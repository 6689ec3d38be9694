"""The USB bundle carries both editions of the book and both packs of handouts, and its
README names what is on the stick, in English and in Spanish (``make bundle``).

Built from stand-in files: the real book and pack are checked in a browser by
``tests/browser/test_bundle.py``.
"""

from __future__ import annotations

import re
import zipfile

import pytest

from collective_ai.workshop.__main__ import main
from collective_ai.workshop.bundle import TOP, build_bundle

PAGE = "<!DOCTYPE html><html><body>stand-in</body></html>"
PDF = b"%PDF-1.4\n%stand-in\n"
# A path the README names: book/..., handouts/..., wheels/...
NAMED_PATH = re.compile(r"\b(?:book|handouts|wheels)/[\w./-]*")


def _book(root, *, spanish: bool):
    pages = ["index.html", "book/facilitator-guide.html", "notebooks/hiring-screener.html"]
    for edition in ("", "es/") if spanish else ("",):
        for page in pages:
            path = root / "book" / edition / page
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(PAGE, encoding="utf-8")
    return root / "book"


def _handouts(root, *, spanish: bool):
    for language in ("", "es/") if spanish else ("",):
        for name in ("ground-rules-poster.pdf", "facilitator/hand-audit-answers.pdf"):
            path = root / "handouts" / language / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(PDF)
    return root / "handouts"


def _wheels(root):
    (root / "wheels").mkdir()
    (root / "wheels" / "collective_ai-1.0-py3-none-any.whl").write_bytes(b"PK stand-in")
    return root / "wheels"


def _zip(tmp_path, *, spanish_book: bool, spanish_handouts: bool):
    archive = build_bundle(
        book=_book(tmp_path, spanish=spanish_book),
        handouts=_handouts(tmp_path, spanish=spanish_handouts),
        wheels=_wheels(tmp_path),
        out=tmp_path / "bundle.zip",
    )
    with zipfile.ZipFile(archive) as opened:
        return opened.namelist(), opened.read(f"{TOP}/README.txt").decode("utf-8")


def test_both_editions_and_both_packs_sit_side_by_side(tmp_path):
    names, readme = _zip(tmp_path, spanish_book=True, spanish_handouts=True)
    for name in (
        "book/index.html",
        "book/es/index.html",
        "book/es/notebooks/hiring-screener.html",
        "handouts/ground-rules-poster.pdf",
        "handouts/es/ground-rules-poster.pdf",
        "handouts/es/facilitator/hand-audit-answers.pdf",
    ):
        assert f"{TOP}/{name}" in names
    assert "En español" in readme
    assert "La edición en español del libro" in readme
    assert "Los materiales del taller en español" in readme


@pytest.mark.parametrize(
    ("spanish_book", "spanish_handouts"),
    [(True, True), (True, False), (False, True), (False, False)],
)
def test_the_readme_names_only_what_the_stick_holds(tmp_path, spanish_book, spanish_handouts):
    names, readme = _zip(tmp_path, spanish_book=spanish_book, spanish_handouts=spanish_handouts)
    inside = {name.removeprefix(f"{TOP}/") for name in names}
    for named in set(NAMED_PATH.findall(readme)):
        assert any(path.startswith(named) for path in inside), f"README names {named}"
    assert ("book/es/index.html" in readme) is spanish_book
    assert ("handouts/es/" in readme) is spanish_handouts
    assert ("En español" in readme) is (spanish_book or spanish_handouts)


def test_an_english_only_bundle_says_nothing_of_spanish(tmp_path):
    names, readme = _zip(tmp_path, spanish_book=False, spanish_handouts=False)
    assert not any("/es/" in name for name in names)
    assert "español" not in readme


def test_the_command_line_writes_the_bilingual_bundle(tmp_path, capsys):
    out = tmp_path / "stick.zip"
    argv = ["bundle", "--book", str(_book(tmp_path, spanish=True))]
    argv += ["--handouts", str(_handouts(tmp_path, spanish=True)), "--out", str(out)]
    assert main(argv) == 0
    assert capsys.readouterr().out.strip() == str(out)
    with zipfile.ZipFile(out) as opened:
        assert f"{TOP}/book/es/index.html" in opened.namelist()
        assert f"{TOP}/handouts/es/ground-rules-poster.pdf" in opened.namelist()
