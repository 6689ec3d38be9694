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
