"""The desk as a committee gets it: the wheel in a fresh environment, driven in Chromium.

The package is built into a wheel from a copy of the sources, installed (not editable) into
a new virtual environment with pip (which may fetch the dependencies from PyPI), and the
desk is started from another folder on a data folder of its own. Everything is then done
through the page, and read back with the installed ``collective-ai`` command and
python-docx. One wheel, one environment, one desk for the whole module.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .harness import ROOT, free_port, screenshot_path, watched_page
from .views import PHONE, blocking_violations

PARTS = ("Evidence log", "Survey", "Audit", "Demands", "Formal action", "Handouts", "Labs")
SHIFTS = ["Night"] * 14 + ["Day"] * 9 + ["Evening"] * 2  # Evening is too few to show


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment with the package's wheel installed; its bin folder."""
    work = tmp_path_factory.mktemp("desk-install")
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "src",
        source / "src",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
    )
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    _run([*pip, "wheel", "--no-deps", "-w", str(work / "dist"), str(source)], cwd=work)
    (wheel,) = (work / "dist").glob("collective_ai-*.whl")
    _run([sys.executable, "-m", "venv", str(work / "venv")], cwd=work)
    bin_dir = work / "venv" / "bin"
    # --no-compile: the desk compiles only the modules it imports, on first use, instead of
    # pip byte-compiling every dependency first (half of the install's 32 s on a quiet machine).
    _run(
        [str(bin_dir / "python"), *pip[1:], "install", "--no-compile", str(wheel)],
        cwd=work,
        timeout=1200,
    )
    return bin_dir


def _run(argv: list[str], *, cwd: Path, timeout: float = 600) -> str:
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{argv[:4]}...\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def desk(installed, tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """``collective-ai desk --no-browser --port N --data TMP`` from an unrelated folder;
    yields the address it printed and the data folder."""
    elsewhere = tmp_path_factory.mktemp("somewhere-else")
    data = elsewhere / "committee data"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COLLECTIVE_AI_", "PYTHON"))}
    env["PATH"] = f"{installed}{os.pathsep}{env.get('PATH', '')}"
    argv = [str(installed / "collective-ai"), "desk", "--no-browser", "--port", str(free_port())]
    log = elsewhere / "desk.log"
    with log.open("w") as err:
        process = subprocess.Popen(
            [*argv, "--data", str(data)],
            cwd=elsewhere,
            env=env,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
        )
    try:
        ready, _, _ = select.select([process.stdout], [], [], 180)  # never hang the run
        line = process.stdout.readline() if ready else "(nothing printed in 180 s)\n"
        assert line.startswith("Desk: http://127.0.0.1:"), line + log.read_text()[-3000:]
        yield line.removeprefix("Desk: ").strip(), data
    finally:
        process.terminate()  # what Control-C's SIGINT does too: the kernels are shut down
        try:
            rest, _ = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            rest = ""
    assert "Desk stopped" in rest, log.read_text()[-3000:]


def _part(page, name: str):
    """Open a part by its tab and return the locator of its visible panel."""
    page.get_by_role("tab", name=name).click()
    panel = page.locator(".collective-ai-desk-parts > .widget-tab-contents > div:visible")
    panel.locator("h3").first.wait_for(timeout=90_000)  # every part starts with its heading
    assert panel.get_by_text(f"Opening {name}").count() == 0
    return panel


def _fill(panel, values: dict[str, str]) -> None:
    """Type each value into the box with that label, as a person would."""
    for label, value in values.items():
        panel.get_by_label(label, exact=True).fill(value)


def _survey_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Timestamp", "Which shift do you usually work?", "Were you written up?"])
    for i, shift in enumerate(SHIFTS):
        writer.writerow([f"2026/11/02 7:{i:02d}:05 AM GMT", shift, "Yes" if i % 3 else "No"])
    return out.getvalue().encode()


def test_the_desk_end_to_end(browser, desk, installed, tmp_path):
    url, data = desk
    base = url.split("?")[0]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    with contextlib.closing(context), watched_page(context) as (page, watch):
        # Without the token: how to open the desk, and nothing of the group's.
        page.goto(base)
        page.get_by_role("heading", name="opens only with its full address").wait_for()
        assert page.locator(".jupyter-widgets").count() == 0
        page.screenshot(path=str(screenshot_path("desk-no-token")))

        started = time.monotonic()
        page.goto(url)
        for name in PARTS:
            page.get_by_role("tab", name=name).wait_for(timeout=90_000)
        print(f"desk usable {time.monotonic() - started:.1f} s after the page was asked for")
        assert str(data) in page.get_by_text("data folder").first.inner_text()

        # An incident typed in the page is in the log the command reads.
        log = _part(page, "Evidence log")
        _fill(
            log,
            {
                "System": "PaceTrack",
                "What it decides or measures": "units per hour",
                "Where": "Night shift, depot 2",
                "Date": "3 March 2026",
                "Effect": "written up",
                "Group affected": "night shift",
            },
        )
        log.get_by_role("button", name="Save").click()
        log.get_by_text("Incident 1 saved.").wait_for()
        command = [str(installed / "collective-ai"), "evidence", "list", "--format", "markdown"]
        listed = _run([*command, "--db", str(data / "evidence.sqlite")], cwd=tmp_path)
        assert "| 1 | 3 March 2026 | PaceTrack | written up | night shift |" in listed
        with watched_page(context) as (other, other_watch):  # a second person's browser
            other.goto(url)
            _part(other, "Evidence log").locator("td", has_text="PaceTrack").wait_for()
        assert other_watch.problems == []

        # A survey file loaded through the page gives a table with the small group hidden.
        survey = _part(page, "Survey")
        with page.expect_file_chooser() as chooser:
            survey.get_by_role("button", name="Load a CSV").click()
        chooser.value.set_files(
            {"name": "our-survey.csv", "mimeType": "text/csv", "buffer": _survey_csv()}
        )
        table = survey.locator("table", has=page.locator("caption"))
        table.first.get_by_text("Evening").wait_for(timeout=30_000)
        evening = table.first.locator("tr", has_text="Evening").inner_text()
        night = table.first.locator("tr", has_text="Night").inner_text()
        assert "hidden" in evening
        assert "14" in night

        # A demand exported as .docx opens in python-docx.
        demands = _part(page, "Demands")
        _fill(
            demands,
            {
                "Employer": "Acme Logistics",
                "Workplace": "Riverside depot",
                "AI system": "PaceTrack",
                "Your group's name": "Riverside Committee",
            },
        )
        demands.get_by_label("File type").select_option(label="Word (.docx)")
        demands.get_by_role("button", name="Export").click()
        link = demands.get_by_role("link", name="Download petition")
        with page.expect_download() as download:
            link.click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        import docx

        text = "\n".join(p.text for p in docx.Document(str(saved)).paragraphs)
        assert "Acme Logistics" in text

        # A complaint pack from the same log: the last day to file, and nothing filed.
        formal = _part(page, "Formal action")
        formal.get_by_label("Where to").select_option(
            label="Preparing a charge of discrimination for the EEOC"
        )
        formal.get_by_label("Decision made and told").fill("1 September 2026")
        formal.get_by_label("Decision made and told").press("Enter")
        formal.get_by_text("last day to file 1 March 2027", exact=False).first.wait_for()
        formal.get_by_role("link", name="Download the pack (docx)").wait_for()

        inaccessible, wide = {}, {}
        for name in PARTS:  # each part at a laptop's width and a phone's, for a reviewer
            _part(page, name)
            page.wait_for_load_state("networkidle")
            inaccessible[name] = blocking_violations(page)
            slug = name.lower().replace(" ", "-")
            page.screenshot(path=str(screenshot_path(f"desk-{slug}-1280")), full_page=True)
            page.set_viewport_size(PHONE)
            page.screenshot(path=str(screenshot_path(f"desk-{slug}-390")), full_page=True)
            # On a phone: nothing wider than the screen, and axe-core again (reflowed).
            wide[name] = page.evaluate("document.documentElement.scrollWidth")
            inaccessible[f"{name} at 390 px"] = blocking_violations(page)
            page.set_viewport_size({"width": 1280, "height": 900})
        assert watch.foreign == []
        assert watch.problems == []
        assert {name: found for name, found in inaccessible.items() if found} == {}
        assert {name: px for name, px in wide.items() if px > PHONE["width"]} == {}
