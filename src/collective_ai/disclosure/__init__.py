"""Protecting every table a group releases from one set of responses, together.

A table that hides its small counts can still give them away beside another table of the
same people: a total here minus two cells there. This package keeps a ledger of what was
released (:mod:`~collective_ai.disclosure.ledger`), works out what a reader of all of it
could prove about each hidden count (:mod:`~collective_ai.disclosure.bounds`), and hides
more of a new table until nothing can be proved (:mod:`~collective_ai.disclosure.joint`).
It knows nothing of surveys: a release is a list of counts, each with the respondents it
counts.
"""

from collective_ai.lazy import exports

__all__ = ["Entry", "JointResult", "ReleaseLedger", "protect"]
__getattr__ = exports(
    __name__,
    {
        "Entry": "collective_ai.disclosure.joint",
        "JointResult": "collective_ai.disclosure.joint",
        "protect": "collective_ai.disclosure.joint",
        "ReleaseLedger": "collective_ai.disclosure.ledger",
    },
)
