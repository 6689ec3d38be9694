"""The bundle's ``wheels/`` folder: the package and everything it runs on, for a hall offline.

``pip download`` fetches wheels for a platform other than the one it runs on
(``--platform``, ``--python-version``, ``--only-binary=:all:``), so one ``make bundle`` on
Linux fills the stick for Windows, macOS and Linux laptops. On the laptop,
``python -m pip install --no-index --find-links wheels collective-ai`` then installs with
no network, and ``collective-ai desk`` opens the tools.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from collective_ai.errors import InputError
from collective_ai.i18n import _

#: For each kind of laptop a hall has: pip's platform tags (a wheel tagged for an older
#: system installs on newer ones), and the dependencies pip would skip. pip judges a
#: dependency's condition (``os_name == "nt"``) on the machine it runs on, not the one
#: named by ``--platform``, so the ones only Windows or macOS needs are asked for by name
#: (they are the conditional ``Requires-Dist`` lines of the installed dependencies).
PLATFORMS = {
    "Windows": (["win_amd64"], ["colorama>=0.4.4", "pywinpty>=2.0.3,!=3.0.4"]),
    "macOS (Apple Silicon)": (["macosx_11_0_arm64"], ["appnope>=0.1.2"]),
    "macOS (Intel)": (["macosx_10_13_x86_64", "macosx_10_9_x86_64"], ["appnope>=0.1.2"]),
    "Linux": (["manylinux2014_x86_64", "manylinux_2_17_x86_64"], []),
}
#: The Python the project tests (runtime.txt): the stick's wheels are built for it.
PYTHON = "3.11"


def _pip() -> list[str]:
    return [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]


def download_commands(wheel: Path, out: Path, *, python: str = PYTHON) -> list[list[str]]:
    """One ``pip download`` per platform of :data:`PLATFORMS`: ``wheel``'s dependencies.

    The package is named by its wheel file, never by name, so pip cannot take another
    project of the same name from an index.
    """
    commands = []
    for tags, extras in PLATFORMS.values():
        platform = [option for tag in tags for option in ("--platform", tag)]
        target = [*platform, "--python-version", python, "--implementation", "cp"]
        commands.append(
            [
                *_pip(),
                "download",
                "--only-binary=:all:",
                *target,
                "-d",
                str(out),
                str(wheel),
                *extras,
            ]
        )
    return commands


def download_wheels(project: Path, out: Path, *, python: str = PYTHON) -> list[Path]:
    """Fill ``out`` with this package's wheel and its dependencies' (needs the network).

    Returns the wheels ``out`` holds.
    """
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("collective_ai-*.whl"):
        old.unlink()  # a stale build of the package must not be the one installed
    _run([*_pip(), "wheel", "--no-deps", "-w", str(out), str(project)], _("this package"))
    (wheel,) = out.glob("collective_ai-*.whl")
    for name, command in zip(PLATFORMS, download_commands(wheel, out, python=python), strict=True):
        _run(command, name)
    return sorted(out.glob("*.whl"))


def _run(command: list[str], what: str) -> None:
    """Run pip; a failure is one line naming what could not be fetched (pip said why above)."""
    if subprocess.run(command).returncode != 0:
        raise InputError(
            _("pip could not get the wheels for {what}; its message above says why").format(
                what=what
            ),
            field="--out",
        )
