"""Keys in a form a learner cannot read at a glance.

The student edition ships each answer key beside its notebook as JSON in which choices and
key words are salted SHA-256 hashes and numbers and explanations are XOR-ed with a
keystream derived from a per-question salt. Anyone who reads this module can decode the
numbers: the point is that answers are not sitting in plain text, which deters casual
peeking. It is not security, and graded work should be graded by the instructor
(``collective_ai.classroom.grading``), never by trusting a learner's copy of the key.

The instructor's YAML key is turned into the same encoded form in memory, so the master and
the student edition run one judging code path.
"""

from __future__ import annotations

import base64
import hashlib
import re
import struct

FORMAT = "collective-ai-selfcheck/1"
NOTICE = (
    "Answers here are encoded so they are not in plain text. "
    "This deters casual peeking; it is not security."
)

_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


def normalise(text: object) -> str:
    """Case-folded, trimmed, with runs of white space collapsed: how choices compare."""
    return " ".join(str(text).casefold().split())


def words(text: str) -> list[str]:
    """The words of ``text``, case-folded, punctuation dropped (apostrophes inside kept)."""
    return _WORD.findall(text.casefold())


def make_salt(seed: bytes, exercise: str, question: str) -> str:
    """A per-question salt that is unpredictable without the key but stable across builds.

    Deriving it from the key file's bytes keeps ``make student`` reproducible (the same key
    gives byte-identical bundles and zips) while two questions never share a salt.
    """
    material = b"\x00".join(
        [b"collective-ai-selfcheck", seed, exercise.encode(), question.encode()]
    )
    return hashlib.sha256(material).hexdigest()[:32]


def digest(salt: str, text: str) -> str:
    """Salted SHA-256 of an already normalised string (hex, 32 characters)."""
    return hashlib.sha256(f"{salt}\x00{text}".encode()).hexdigest()[:32]


def _keystream(salt: str, length: int) -> bytes:
    blocks = []
    counter = 0
    while sum(map(len, blocks)) < length:
        blocks.append(hashlib.sha256(f"{salt}\x01{counter}".encode()).digest())
        counter += 1
    return b"".join(blocks)[:length]


def _xor(salt: str, data: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(data, _keystream(salt, len(data)), strict=True))


def hide_text(salt: str, text: str) -> str:
    return base64.b64encode(_xor(salt, text.encode("utf-8"))).decode("ascii")


def reveal_text(salt: str, blob: str) -> str:
    return _xor(salt, base64.b64decode(blob)).decode("utf-8")


def hide_number(salt: str, value: float) -> str:
    return base64.b64encode(_xor(salt, struct.pack(">d", float(value)))).decode("ascii")


def reveal_number(salt: str, blob: str) -> float:
    return struct.unpack(">d", _xor(salt, base64.b64decode(blob)))[0]


def encode_question(spec: dict, *, salt: str) -> dict:
    """Turn one validated question of a YAML key into its encoded, JSON-ready form."""
    kind = spec["kind"]
    out: dict = {"kind": kind, "salt": salt}
    if kind == "number":
        out["value"] = hide_number(salt, spec["answer"])
        out["tolerance"] = float(spec.get("tolerance", 0.0))
    elif kind == "choice":
        out["answer"] = digest(salt, normalise(spec["answer"]))
    elif kind == "choices":
        out["answer"] = sorted({digest(salt, normalise(item)) for item in spec["answer"]})
    else:  # text
        out["must_include"] = [_encode_item(salt, item) for item in spec["must_include"]]
    if "options" in spec:
        out["options"] = [str(option) for option in spec["options"]]
    if "hint" in spec:
        out["hint"] = str(spec["hint"])
    if "explanation" in spec:
        out["explanation"] = hide_text(salt, str(spec["explanation"]))
    return out


def _encode_item(salt: str, item) -> dict:
    alternatives = [item] if isinstance(item, str) else list(item)
    phrases = [" ".join(words(str(alt))) for alt in alternatives]
    return {
        "any": sorted({digest(salt, phrase) for phrase in phrases}),
        "max_words": max(len(phrase.split()) for phrase in phrases),
    }


def encode_key(questions: dict[str, dict], *, exercise: str, seed: bytes) -> dict:
    """The whole encoded bundle for one exercise (the student edition's key file)."""
    return {
        "format": FORMAT,
        "exercise": exercise,
        "notice": NOTICE,
        "questions": {
            qid: encode_question(spec, salt=make_salt(seed, exercise, qid))
            for qid, spec in questions.items()
        },
    }
