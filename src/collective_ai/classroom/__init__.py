"""Assigning and grading the exercises: one master notebook per exercise.

- :mod:`.student` turns each master in ``exercises/`` into the student edition (solutions
  and hidden tests removed, outputs cleared, the key encoded) and prepares the source tree
  of the student book.
- :mod:`.grading` grades a folder of submitted notebooks (any Canvas or Moodle download)
  into a gradebook, one feedback file per learner, a class report and LMS imports. Each
  submission runs confined (:mod:`.sandbox`) and cell by cell (:mod:`.worker`); its answers
  leave the kernel as JSON (:mod:`.answers`) and are judged in the grader's own process
  (:mod:`.judging`). :mod:`.lms`, :mod:`.gradebook` and :mod:`.report` shape what it writes.

Command line: ``python -m collective_ai.classroom student|grade|check`` (see :mod:`.cli`).
"""

from __future__ import annotations

from collective_ai.lazy import exports

# The calls an instructor's script needs, loaded on first use (nbformat is heavy).
_EXPORTS = {
    "build_student_edition": "collective_ai.classroom.student",
    "build_student_book_source": "collective_ai.classroom.student",
    "split_master": "collective_ai.classroom.student",
    "grade_folder": "collective_ai.classroom.grading",
    "check_exercise": "collective_ai.classroom.grading",
}

__all__ = sorted(_EXPORTS)

__getattr__ = exports(__name__, _EXPORTS)
