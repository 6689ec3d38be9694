"""The bundle's wheels: what pip is asked for, and what the zip carries."""

import zipfile
from pathlib import Path

import pytest

from collective_ai.errors import InputError
from collective_ai.workshop.bundle import README, TOP, build_bundle
from collective_ai.workshop.wheels import PLATFORMS, download_commands


def test_each_platform_gets_the_package_by_its_file_and_what_pip_would_skip():
    wheel = Path("/w/collective_ai-1.0-py3-none-any.whl")
    commands = download_commands(wheel, Path("/w"), python="3.11")
    assert len(commands) == len(PLATFORMS)
    windows = next(c for c in commands if "win_amd64" in c)
    assert str(wheel) in windows
    assert "collective-ai" not in windows  # never by name: an index could hold another
    assert any(arg.startswith("pywinpty") for arg in windows)  # os_name == "nt" only
    assert windows[windows.index("--python-version") + 1] == "3.11"
    assert "--only-binary=:all:" in windows
    mac = next(c for c in commands if "macosx_11_0_arm64" in c)
    assert any(arg.startswith("appnope") for arg in mac)


def _built(tmp_path) -> tuple[Path, Path]:
    book, handouts = tmp_path / "book", tmp_path / "handouts"
    book.mkdir()
    handouts.mkdir()
    (book / "index.html").write_text("<p>book</p>")
    (handouts / "poster.pdf").write_bytes(b"%PDF-1.4\n")
    return book, handouts


def test_the_zip_carries_the_wheels_and_says_how_to_install_them(tmp_path):
    book, handouts = _built(tmp_path)
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    (wheels / "collective_ai-1.0-py3-none-any.whl").write_bytes(b"PK")
    archive = build_bundle(book=book, handouts=handouts, out=tmp_path / "b.zip", wheels=wheels)
    names = zipfile.ZipFile(archive).namelist()
    assert f"{TOP}/wheels/collective_ai-1.0-py3-none-any.whl" in names
    assert "--no-index --find-links wheels collective-ai" in README


def test_an_empty_wheels_folder_is_one_message(tmp_path):
    book, handouts = _built(tmp_path)
    (tmp_path / "wheels").mkdir()
    with pytest.raises(InputError, match="no wheels"):
        build_bundle(
            book=book, handouts=handouts, out=tmp_path / "b.zip", wheels=tmp_path / "wheels"
        )


def test_a_spanish_edition_in_the_book_is_named_in_the_readme(tmp_path):
    book, handouts = _built(tmp_path)
    english = zipfile.ZipFile(build_bundle(book=book, handouts=handouts, out=tmp_path / "a.zip"))
    (book / "es").mkdir()
    (book / "es" / "index.html").write_text("<!doctype html><title>es</title>")
    spanish = zipfile.ZipFile(build_bundle(book=book, handouts=handouts, out=tmp_path / "b.zip"))
    assert "book/es/index.html" not in english.read(f"{TOP}/README.txt").decode()
    assert "book/es/index.html" in spanish.read(f"{TOP}/README.txt").decode()
    assert f"{TOP}/book/es/index.html" in spanish.namelist()


def test_a_download_pip_cannot_make_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys):
    """A platform whose wheels the index lacks (this machine's mirror has no macOS scipy):
    pip's own message, then one line naming the platform, never a traceback."""
    import subprocess

    from collective_ai.workshop.__main__ import main

    def pip(command, **_):
        if "wheel" in command:  # the package's own wheel builds
            (tmp_path / "out" / "collective_ai-1.0-py3-none-any.whl").write_bytes(b"")
            return subprocess.CompletedProcess(command, 0)
        failed = "macosx_11_0_arm64" in command
        return subprocess.CompletedProcess(command, 1 if failed else 0)

    monkeypatch.setattr(subprocess, "run", pip)
    code = main(["wheels", "--project", str(tmp_path), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    assert "macOS (Apple Silicon)" in err
    assert "Traceback" not in err
