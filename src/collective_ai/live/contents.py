"""The Jupyter server's file access, showing the course's notebooks without raw MyST.

JupyterLab and Voila both load a notebook through the server's contents manager, so one
class serves both views: :class:`CourseContentsManager` passes each markdown cell through
:func:`collective_ai.live.myst.plain_markdown` when a notebook is opened, and adds a
reference list for what it cites. Saving reverses it: a cell the learner did not edit gets
its original MyST source back, and the added reference list is dropped, so a notebook saved
from JupyterLab still builds into the book.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
from traitlets import Unicode

from collective_ai.live.myst import Course, find_course_root, plain_markdown, reference_list

STASH = "collective_ai_myst"  # cell metadata: {"source": original MyST, "shown": what we showed}
REFERENCES_TAG = "collective-ai-references"


def show(notebook: dict, *, course: Course, here: Path | None) -> dict:
    """Rewrite ``notebook`` (nbformat JSON, in place) for a live view; return it."""
    cited: list[str] = []
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        source = _text(cell["source"])
        shown, keys = plain_markdown(source, course=course, here=here)
        cited.extend(k for k in keys if k not in cited)
        if shown != source:
            cell.setdefault("metadata", {})[STASH] = {"source": source, "shown": shown}
            cell["source"] = shown
    if cited:
        notebook["cells"].append(
            nbformat.from_dict(
                {
                    "cell_type": "markdown",
                    "id": "collective-ai-references",
                    "metadata": {"tags": [REFERENCES_TAG]},
                    "source": reference_list(cited, course=course),
                }
            )
        )
    return notebook


def restore(notebook: dict) -> dict:
    """Undo :func:`show` before saving (in place); edited cells keep the learner's text."""
    cells = []
    for cell in notebook.get("cells", []):
        if REFERENCES_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        stash = cell.get("metadata", {}).pop(STASH, None)
        if stash and _text(cell["source"]) == stash["shown"]:
            cell["source"] = stash["source"]
        cells.append(cell)
    notebook["cells"] = cells
    return notebook


def _text(source) -> str:
    return "".join(source) if isinstance(source, list) else source


class CourseContentsManager(AsyncLargeFileManager):
    """JupyterLab's and Voila's contents manager for the course (``make lab``, ``make voila``)."""

    course_root = Unicode(
        "",
        config=True,
        help="The folder holding references.bib and book/; by default the nearest one at "
        "or above the server's root folder.",
    )

    def _course(self) -> Course:
        root = self.course_root or find_course_root(self.root_dir)
        return Course.at(root)

    async def get(self, path, content=True, type=None, format=None, **kwargs):
        model = await super().get(path, content=content, type=type, format=format, **kwargs)
        if content and model.get("type") == "notebook" and model.get("content") is not None:
            here = Path(self._get_os_path(path)).parent
            show(model["content"], course=self._course(), here=here)
        return model

    async def save(self, model, path=""):
        if model.get("type") == "notebook" and model.get("content") is not None:
            restore(model["content"])
        return await super().save(model, path)
