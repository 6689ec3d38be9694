"""collective_ai.classroom.student: the student edition holds no solution from any master."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from collective_ai.classroom import student
from collective_ai.errors import InputError

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "submissions" / "exercises"
MINI = FIXTURES / "mini-lab.ipynb"
STUDENT_BOOK = REPO / "_build" / "student-book" / "_build" / "html"
MASTERS = [*student.masters(REPO / "exercises"), MINI]


def _squash(text: str) -> str:
    return " ".join(text.split())


_MARKUP = re.compile(r"^(`{3,}|:{3,}|:\w[\w-]*:)")  # directive fences and options: not content


def _public_text() -> str:
    """Everything learners may read anyway: each master's student edition, the prose, the labs."""
    parts = [
        cell.source
        for master in MASTERS
        for cell in student.split_master(student.read_notebook(master)).student.cells
    ]
    parts += [p.read_text(encoding="utf-8") for p in (REPO / "book").rglob("*.md")]
    parts += [_notebook_text(p.read_bytes()) for p in (REPO / "notebooks").glob("*.ipynb")]
    return _squash("\n".join(parts))


def secret_lines(master: nbformat.NotebookNode, *, public: str = "") -> set[str]:
    """Lines only the instructor may see: from removed cells, long enough to be telling, not
    directive markup, and not text that learners see anyway (``public``)."""
    split = student.split_master(master)
    public += " " + _squash("\n".join(cell.source for cell in split.student.cells))
    lines = {_squash(line) for text in split.removed for line in text.splitlines()}
    return {
        line for line in lines if len(line) >= 12 and not _MARKUP.match(line) and line not in public
    }


def _notebook_text(data: bytes) -> str:
    nb = json.loads(data)
    return "\n".join(
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in nb["cells"]
    )


def texts_of(path: Path) -> list[tuple[str, str]]:
    """(where, text) for a file, for every member of a zip, with notebooks read as sources
    and HTML as the text a reader sees."""
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            return [
                (f"{path.name}:{name}", _decode(name, archive.read(name)))
                for name in archive.namelist()
            ]
    return [(str(path), _decode(path.name, path.read_bytes()))]


def _decode(name: str, data: bytes) -> str:
    if name.endswith(".ipynb"):
        return _squash(_notebook_text(data))
    text = data.decode("utf-8", errors="replace")
    if name.endswith(".html"):
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return _squash(text)


def leaks(files: list[Path], secrets: set[str]) -> list[str]:
    found = []
    for path in files:
        for where, text in texts_of(path):
            found += [f"{where}: {secret!r}" for secret in secrets if secret in text]
    return found


@pytest.fixture(scope="module")
def mini_master():
    return student.read_notebook(MINI)


def test_solution_blocks_and_hidden_tests_are_removed(mini_master):
    split = student.split_master(mini_master, name="mini-lab")
    sources = [cell.source for cell in split.student.cells]
    assert len(mini_master.cells) == 17
    assert len(sources) == 8  # removed: blocks of 4 and 3 cells, 2 hidden tests
    assert not any("solution" in s or "assert " in s for s in sources)
    assert 'pick = ...\ncheck("mini-lab:q2", pick)' in sources  # otter-style line marker
    assert 'ratio = ...\ncheck("mini-lab:q1", ratio)' in sources  # the learner's cell stays
    assert any("round(0.30 / 0.40, 4)" in text for text in split.removed)
    assert 'pick = "b"  # SOLUTION' in split.removed


def test_student_notebook_has_no_outputs_or_private_metadata():
    master = new_notebook(
        cells=[
            new_code_cell(
                "x = 1", outputs=[], execution_count=3, metadata={"tags": ["t"], "scrolled": True}
            )
        ],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3"},
            "widgets": {"state": 1},
        },
    )
    master.cells[0].outputs = [nbformat.v4.new_output("stream", text="1\n")]
    cell = student.split_master(master).student.cells[0]
    assert cell.outputs == []
    assert cell.execution_count is None
    assert cell.metadata == {"tags": ["t"]}
    assert "widgets" not in student.split_master(master).student.metadata


def _md(text: str, *tags: str):
    return new_markdown_cell(text, metadata={"tags": list(tags)} if tags else {})


START = "```{solution-start} q1\n:class: dropdown\n```"
END = "```{solution-end}\n```"


def test_untagged_cell_inside_a_block_is_still_removed():
    nb = new_notebook(
        cells=[_md("prompt"), _md(START), new_code_cell("answer = 42  # the answer"), _md(END)]
    )
    split = student.split_master(nb)
    assert [c.source for c in split.student.cells] == ["prompt"]


def test_tagged_solution_cell_outside_a_block_is_removed():
    nb = new_notebook(cells=[_md("prompt"), _md("The answer is 42.", "solution")])
    assert [c.source for c in student.split_master(nb).student.cells] == ["prompt"]


def test_colon_fence_and_plain_solution_directive_are_removed():
    nb = new_notebook(
        cells=[
            _md(":::{solution-start} q1\n:::"),
            _md("secret"),
            _md(":::{solution-end}\n:::"),
            _md("```{solution} q2\nx\n```"),
        ]
    )
    assert student.split_master(nb).student.cells == []


def test_begin_end_markers_keep_the_indent():
    nb = new_notebook(
        cells=[new_code_cell("def f():\n    # BEGIN SOLUTION\n    return 42\n    # END SOLUTION\n")]
    )
    assert student.split_master(nb).student.cells[0].source == "def f():\n    ...\n"


@pytest.mark.parametrize(
    ("cells", "field"),
    [
        ([_md(START), _md("secret")], "nb cell 1"),
        ([_md("x"), _md(END)], "nb cell 2"),
        ([_md(START), _md(START), _md(END)], "nb cell 2"),
        ([new_code_cell("# BEGIN SOLUTION\nx = 1")], "nb cell 1"),
        ([new_code_cell("# END SOLUTION")], "nb cell 1"),
    ],
)
def test_broken_markers_are_an_error_not_a_leak(cells, field):
    with pytest.raises(InputError) as caught:
        student.split_master(new_notebook(cells=cells), name="nb")
    assert caught.value.field == field


GOLDEN = REPO / "tests" / "fixtures" / "solution-markers"


def test_solution_markers_golden_master_in_student_out():
    """otter-grader's rule: assignments keep their targets, any other line becomes ``...``."""
    master = student.read_notebook(GOLDEN / "master.ipynb")
    expected = student.read_notebook(GOLDEN / "student.ipynb")
    got = student.split_master(master, name="master.ipynb").student
    assert [(c.cell_type, c.source) for c in got.cells] == [
        (c.cell_type, c.source) for c in expected.cells
    ]
    sources = [c.source for c in got.cells]
    assert "...\nassert rate < 1" in sources  # not "assert rate = ..."
    assert "..." in sources  # summary(result, digits=3) is a call, not an assignment


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("assert x == y  # SOLUTION", "..."),
        ("f(a=1)  # SOLUTION", "..."),
        ("x == y  # SOLUTION", "..."),
        ("x != y  # SOLUTION", "..."),
        ("rate=0.75 # SOLUTION", "rate = ..."),
        ("  low, high = 1, 2  #SOLUTION", "  low, high = ..."),
        ("d['k'] = 1  # SOLUTION", "d['k'] = ..."),
    ],
)
def test_a_solution_line_becomes_valid_python(line, expected):
    nb = new_notebook(cells=[new_code_cell(line)])
    assert student.split_master(nb, name="nb").student.cells[0].source == expected


def test_a_marker_that_would_break_the_cell_is_an_error():
    nb = new_notebook(cells=[new_code_cell("if rate <= 0.8:  # SOLUTION\n    flagged = True")])
    with pytest.raises(InputError, match="not valid Python") as caught:
        student.split_master(nb, name="nb")
    assert caught.value.field == "nb cell 1"


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_every_student_code_cell_parses(master):
    import ast

    for cell in student.split_master(student.read_notebook(master)).student.cells:
        if cell.cell_type == "code":
            ast.parse(re.sub(r"^\s*[%!].*$", "pass", cell.source, flags=re.MULTILINE))


def test_not_a_notebook_names_the_file(tmp_path):
    path = tmp_path / "x.ipynb"
    path.write_text("nope", encoding="utf-8")
    with pytest.raises(InputError, match="not a Jupyter notebook"):
        student.read_notebook(path)


@pytest.fixture(scope="module")
def mini_edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    student.build_student_edition(FIXTURES, out=out)
    return out


def test_edition_layout(mini_edition):
    assert sorted(
        p.relative_to(mini_edition).as_posix() for p in mini_edition.rglob("*") if p.is_file()
    ) == [
        "mini-lab.zip",
        "mini-lab/keys/mini-lab.json",
        "mini-lab/mini-lab.ipynb",
    ]
    with zipfile.ZipFile(mini_edition / "mini-lab.zip") as archive:
        assert sorted(archive.namelist()) == [
            "mini-lab/keys/mini-lab.json",
            "mini-lab/mini-lab.ipynb",
        ]
        assert (
            archive.read("mini-lab/mini-lab.ipynb")
            == (mini_edition / "mini-lab" / "mini-lab.ipynb").read_bytes()
        )


def test_edition_is_reproducible(mini_edition, tmp_path):
    student.build_student_edition(FIXTURES, out=tmp_path)
    assert (tmp_path / "mini-lab.zip").read_bytes() == (mini_edition / "mini-lab.zip").read_bytes()


def test_key_answers_are_not_in_plain_text(mini_edition):
    text = (mini_edition / "mini-lab" / "keys" / "mini-lab.json").read_text(encoding="utf-8")
    for plain in ["0.75", "0.30 / 0.40", "review", "audit", '"answer": "b"']:
        assert plain not in text


def test_the_leak_check_finds_a_leak(tmp_path, mini_master):
    """The check below must be able to fail: a copy of the master is full of leaks."""
    copy = tmp_path / "mini-lab.ipynb"
    shutil.copy(MINI, copy)
    assert len(leaks([copy], secret_lines(mini_master))) == len(secret_lines(mini_master)) > 5


def test_student_edition_of_every_master_has_no_solution_text(tmp_path):
    exercises = tmp_path / "exercises"
    shutil.copytree(REPO / "exercises", exercises, ignore=shutil.ignore_patterns("*.md"))
    shutil.copy(MINI, exercises / "mini-lab.ipynb")
    shutil.copy(FIXTURES / "keys" / "mini-lab.yaml", exercises / "keys" / "mini-lab.yaml")
    out = tmp_path / "student"
    student.build_student_edition(exercises, out=out)
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) >= 2 * len(MASTERS)
    public = _public_text()
    secrets = set().union(*(secret_lines(student.read_notebook(m), public=public) for m in MASTERS))
    assert leaks(files, secrets) == []
    assert not list(out.rglob("*.yaml"))


def test_student_notebook_runs_and_finds_its_encoded_key(mini_edition):
    from nbclient import NotebookClient

    folder = mini_edition / "mini-lab"
    nb = nbformat.read(folder / "mini-lab.ipynb", as_version=4)
    nb.cells.append(new_code_cell('check("mini-lab:q1", 0.75).explanation'))
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    ).execute()
    first_check = nb.cells[3].outputs[0]["data"]["text/plain"]
    assert "Not answered yet" in first_check
    assert "0.30 / 0.40 = 0.75" in nb.cells[-1].outputs[0]["data"]["text/plain"]


@pytest.mark.parametrize("master", student.masters(REPO / "exercises"), ids=lambda p: p.stem)
def test_masters_follow_the_convention(master):
    """Solutions fold into a dropdown in the instructor book; every cell of a block is tagged."""
    nb = student.read_notebook(master)
    inside = False
    for number, cell in enumerate(nb.cells, start=1):
        starts = cell.cell_type == "markdown" and student._START.search(cell.source)
        if starts:
            assert ":class: dropdown" in cell.source, f"{master.name} cell {number}"
            inside = True
        if inside:
            assert student.SOLUTION_TAG in cell.metadata.get("tags", []), (
                f"{master.name} cell {number}"
            )
        if cell.cell_type == "markdown" and student._END.search(cell.source):
            inside = False
    student.split_master(nb, name=master.name)


def _jupyter_book() -> str:
    return str(Path(sys.executable).parent / "jupyter-book")


@pytest.mark.slow
def test_student_book_holds_no_solution(tmp_path, mini_master):
    """Build a one-exercise book both ways: the instructor's has the solution, the student's not."""
    repo = tmp_path / "repo"
    (repo / "exercises" / "keys").mkdir(parents=True)
    shutil.copy(MINI, repo / "exercises" / "mini-lab.ipynb")
    shutil.copy(FIXTURES / "keys" / "mini-lab.yaml", repo / "exercises" / "keys" / "mini-lab.yaml")
    (repo / "index.md").write_text("# Mini book\n\nOne exercise.\n", encoding="utf-8")
    (repo / "_toc.yml").write_text(
        "format: jb-book\nroot: index\nchapters:\n  - file: exercises/mini-lab\n"
    )
    (repo / "_config.yml").write_text(
        "title: Mini\nonly_build_toc_files: true\nexecute: {execute_notebooks: force}\n"
        "sphinx: {extra_extensions: [sphinx_exercise]}\n"
    )
    secrets = secret_lines(mini_master)
    built = {}
    for edition in ("instructor", "student"):
        source = (
            repo
            if edition == "instructor"
            else student.build_student_book_source(repo, out=tmp_path / "src")
        )
        out = tmp_path / edition
        run = subprocess.run(
            [
                _jupyter_book(),
                "build",
                str(source),
                "--path-output",
                str(out),
                "-W",
                "-n",
                "--keep-going",
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
        html_dir = out / "_build" / "html"
        built[edition] = [
            p
            for p in html_dir.rglob("*")
            if p.suffix in {".html", ".ipynb", ".txt", ".js", ".json"}
        ]
    assert (tmp_path / "src" / "exercises" / "keys" / "mini-lab.json").is_file()
    assert not (tmp_path / "src" / "exercises" / "keys" / "mini-lab.yaml").exists()
    assert leaks(built["instructor"], secrets), "the instructor book should show the solutions"
    assert leaks(built["student"], secrets) == []
    assert any(p.name == "mini-lab.ipynb" for p in built["student"])  # the download is checked too


def test_built_student_book_holds_no_solution():
    """After `make book EDITION=student`: scan the real student book."""
    if not STUDENT_BOOK.is_dir():
        pytest.skip("no student book built; run `make book EDITION=student` first")
    files = [p for p in STUDENT_BOOK.rglob("*") if p.suffix in {".html", ".ipynb", ".txt"}]
    public = _public_text()
    secrets = set().union(
        *(secret_lines(student.read_notebook(m), public=public) for m in MASTERS[:-1])
    )
    assert secrets
    assert leaks(files, secrets) == []
