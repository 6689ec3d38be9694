"""Assigning and grading the exercises: one master notebook per exercise.

- :mod:`.student` turns each master in ``exercises/`` into the student edition (solutions
  and hidden tests removed, outputs cleared, the key encoded) and prepares the source tree
  of the student book.
- :mod:`.grading` grades a folder of submitted notebooks into a CSV gradebook and one
  feedback file per learner, with otter-grader's non-containerised runner doing the
  execution and the scoring.

Command line: ``python -m collective_ai.classroom student|grade`` (see :mod:`.cli`).
"""
