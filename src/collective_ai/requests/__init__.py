"""Data-access requests: letters, a register of what was sent, and a reader for what comes back.

A committee's members ask for their own data under the law that covers them
(:mod:`~collective_ai.requests.laws`, one registry), each letter asking for the same
things (the inputs about the member, the scores, the rules or logic, the decisions and
who saw them) in a machine-readable format (:mod:`~collective_ai.requests.letters`). The
register (:mod:`~collective_ai.requests.register`) keeps, by member code, when each was
sent and when the law says it is due (:mod:`collective_ai.deadlines`). What comes back is
read (:mod:`~collective_ai.requests.reader`) into a summary per member and pooled across
members through the survey's protection (:mod:`~collective_ai.requests.pool`).
"""

from collective_ai.lazy import exports

__all__ = [
    "ASKS",
    "LAWS",
    "Law",
    "RequestRegister",
    "draft_letter",
    "law",
    "pool_returns",
    "read_return",
    "synthetic_return",
]
__getattr__ = exports(
    __name__,
    {
        "ASKS": "collective_ai.requests.asks",
        "LAWS": "collective_ai.requests.laws",
        "Law": "collective_ai.requests.laws",
        "law": "collective_ai.requests.laws",
        "draft_letter": "collective_ai.requests.letters",
        "RequestRegister": "collective_ai.requests.register",
        "read_return": "collective_ai.requests.reader",
        "pool_returns": "collective_ai.requests.pool",
        "synthetic_return": "collective_ai.requests.synthetic",
    },
)
