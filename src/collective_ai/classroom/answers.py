"""Where each answer lives, and how it travels out of a learner's kernel: as JSON data.

The master's student cells say ``check("EXERCISE:q1", ratio)``: the answer to ``q1`` is the
variable ``ratio``. The grader asks the kernel for those variables after every cell (and
for an answer written as an expression, such as ``letter.plain_text()``, after the cells
that check it), as JSON of a few plain types (never pickle, never ``repr`` to be
evaluated), and judges them in its own process. Anything the kernel sends back is data: a value of the wrong shape is an
answer of the wrong shape, and a forged value is no more than the learner's answer.
"""

from __future__ import annotations

import ast
import json
import re

MAX_REPLY = 200_000  # characters of JSON per snapshot; more is not an answer

# Runs in the learner's kernel. Only plain types cross: numbers (NumPy scalars as numbers),
# text, True/False/None, ``...`` and lists of those; anything else travels as its type name.
_EXTRACT = r"""
def __collective_ai_snapshot(expressions):
    import json, sys
    np = sys.modules.get("numpy")
    def plain(value, depth=0):
        kind = type(value)
        if value is ... : return {"t": "ellipsis"}
        if value is None: return {"t": "none"}
        if kind is bool: return {"t": "bool", "v": value}
        if kind is int: return {"t": "number", "v": float(value) if abs(value) < 2**63 else None}
        if kind is float: return {"t": "number", "v": value if value == value and abs(value) != float("inf") else None}
        if kind is str: return {"t": "text", "v": value[:20000]}
        if np is not None and isinstance(value, (np.integer, np.floating)) and not isinstance(value, np.bool_):
            return plain(float(value), depth)
        if np is not None and isinstance(value, np.bool_): return {"t": "bool", "v": bool(value)}
        if kind in (list, tuple, set, frozenset) and depth < 2:
            items = list(value)[:500] if kind in (list, tuple) else sorted(value, key=str)[:500]
            return {"t": "list", "v": [plain(item, depth + 1) for item in items]}
        return {"t": "other", "v": kind.__name__[:60]}
    found = {}
    for qid, expression in expressions.items():
        try:
            found[qid] = plain(eval(expression, globals()))
        except Exception:
            pass
    return json.dumps(found)
"""


def extract_source(expressions: dict[str, str]) -> str:
    """The cell the grader runs after a learner cell; its result is one JSON string."""
    return _EXTRACT + f"__collective_ai_snapshot({expressions!r})"


class Other:
    """A value the grader cannot read as an answer (a DataFrame, a function ...)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<{self.name}>"


def raw(reply: str) -> dict:
    """The kernel's JSON snapshot, still as JSON data; {} for anything malformed."""
    if not isinstance(reply, str) or len(reply) > MAX_REPLY:
        return {}
    try:
        data = json.loads(reply)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def decode(reply: str | dict) -> dict[str, object]:
    """A snapshot (JSON text or already parsed) as Python values; malformed parts dropped."""
    data = raw(reply) if isinstance(reply, str) else reply
    if not isinstance(data, dict):
        return {}
    return {str(name): _value(item) for name, item in data.items()}


def _value(item: object) -> object:
    if not isinstance(item, dict):
        return Other("unreadable")
    kind, value = item.get("t"), item.get("v")
    if kind == "ellipsis":
        return ...
    if kind == "none":
        return None
    if kind == "bool" and isinstance(value, bool):
        return value
    if kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if kind == "text" and isinstance(value, str):
        return value
    if kind == "list" and isinstance(value, list):
        return [_value(v) for v in value]
    return Other(str(value) if kind == "other" else "unreadable")


def answer_expressions(cells: list, *, exercise: str) -> dict[str, str]:
    """Question id to what its ``check("EXERCISE:qid", ANSWER)`` passes (``ratio``, or an
    expression such as ``letter.plain_text()``), read from the master's student cells."""
    found: dict[str, str] = {}
    for cell in cells:
        if cell.cell_type == "code":
            found.update(
                (qid, ast.unparse(node)) for qid, node in _checks(cell.source, exercise=exercise)
            )
    return found


def is_name(expression: str) -> bool:
    """A plain variable: cheap to read after every cell, and no code of the learner's runs."""
    return expression.isidentifier()


def _checks(source: str, *, exercise: str):
    try:
        tree = ast.parse(_without_magics(source))
    except SyntaxError:
        return
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name | ast.Attribute)
            and getattr(node.func, "id", getattr(node.func, "attr", "")) == "check"
            and len(node.args) == 2
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and node.args[0].value.startswith(f"{exercise}:")
        ):
            yield node.args[0].value.split(":", 1)[1].strip(), node.args[1]


_MAGIC = re.compile(r"^\s*[%!].*$", re.MULTILINE)


def _without_magics(source: str) -> str:
    return _MAGIC.sub("pass", source)


def questions_in(source: str, *, exercise: str) -> list[str]:
    """Question ids whose check this cell's text mentions (even if it does not parse)."""
    pattern = re.compile(r"""["']""" + re.escape(exercise) + r""":([\w.-]+)["']""")
    return pattern.findall(source)
