"""The Jupyter server's file access, showing the course's notebooks without raw MyST.

JupyterLab and Voila both load a notebook through the server's contents manager, so one
class serves both views: :class:`CourseContentsManager` passes each markdown cell through
:func:`collective_ai.live.myst.plain_markdown` when a notebook is opened (in the language
in use, its paragraphs first put in that language from the book's catalogs:
:mod:`collective_ai.live.prose`), and adds a reference list for what it cites. Saving reverses it: a cell the learner did not edit gets
its original MyST source back, and the added reference list is dropped, so a notebook saved
from JupyterLab still builds into the book.
"""

from __future__ import annotations

from pathlib import Path

from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
from traitlets import Unicode

from collective_ai.live.myst import Course, find_course_root, restore, show


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
            course = self._course()
            messages = self._messages(Path(self._get_os_path(path)), course)
            show(model["content"], course=course, here=here, messages=messages)
        return model

    @staticmethod
    def _messages(os_path: Path, course: Course) -> dict[str, str]:
        """The chapter's prose in the language in use (``COLLECTIVE_AI_LANG``, which
        ``make voila LANG=es`` and the hub give the server), from the book's catalogs."""
        from collective_ai.i18n import DEFAULT, language
        from collective_ai.live.prose import page_messages

        lang = language()
        if lang == DEFAULT or course.root is None:
            return {}
        try:  # the hub links each chapter into its own folder: read the course's file
            docname = os_path.resolve().relative_to(course.root.resolve()).with_suffix("")
        except ValueError:
            return {}
        return page_messages(course.root, docname.as_posix(), lang)

    async def save(self, model, path=""):
        if model.get("type") == "notebook" and model.get("content") is not None:
            restore(model["content"])
        return await super().save(model, path)
