"""Workers' own evidence: a log of AI systems and incidents, and a collective survey.

- :mod:`~collective_ai.evidence.store`: the evidence log (SQLite, many writers at once);
- :mod:`~collective_ai.evidence.summary`: the evidence summary a committee attaches;
- :mod:`~collective_ai.evidence.bank`, :mod:`~collective_ai.evidence.responses`,
  :mod:`~collective_ai.evidence.survey`: the question bank, form-tool imports and tables;
- :mod:`~collective_ai.evidence.suppression`: small-cell suppression, so no table names
  anyone.

Submodules load on first use, so the command line starts fast.
"""
