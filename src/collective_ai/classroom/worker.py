"""Run one submission cell by cell: ``python -m collective_ai.classroom.worker SPEC.json``.

Started by :mod:`.grading` inside :mod:`.sandbox`. It knows no key: it executes the
learner's cells with nbclient, each with its own time limit, and after every cell asks the
kernel for the answer variables as JSON (:mod:`.answers`). A cell that runs past its limit
or kills the kernel ends the run; what was answered before it still counts. Outputs other
than errors are dropped as they arrive, so a cell that prints a gigabyte costs time, not
memory. The result is small JSON sent down a pipe; nothing here decides a grade.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import sys
from pathlib import Path

from collective_ai.classroom import answers

_PR_SET_CHILD_SUBREAPER = 36


def _become_subreaper() -> None:
    """Orphans of the kernel become our children, so they are found and killed with us."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _client_class():
    from nbclient import NotebookClient

    class QuietClient(NotebookClient):
        """Keeps errors and our own snapshot's result; drops everything else as it comes."""

        keep_result = False

        def output(self, outs, msg, display_id, cell_index):
            kind = msg["msg_type"]
            if kind == "error" or (self.keep_result and kind == "execute_result"):
                return super().output(outs, msg, display_id, cell_index)
            return None

    return QuietClient


def _error_text(cell) -> str:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"[:300]
    return ""


def _snapshot(client, expressions: dict[str, str], timeout: float) -> str | None:
    from nbformat.v4 import new_code_cell

    cell = new_code_cell(answers.extract_source(expressions))
    client.nb.cells.append(cell)
    index = len(client.nb.cells) - 1
    client.keep_result = True
    client.timeout = timeout
    try:
        client.execute_cell(cell, index, store_history=False)
    finally:
        client.keep_result = False
        client.nb.cells.pop()
    for output in cell.outputs:
        if output.get("output_type") == "execute_result":
            text = output.get("data", {}).get("text/plain", "")
            if isinstance(text, str) and len(text) < answers.MAX_REPLY + 100:
                try:
                    import ast

                    return ast.literal_eval(text)  # the repr of one str: literal only
                except (ValueError, SyntaxError, MemoryError, RecursionError):
                    return None
    return None


def run(spec: dict) -> dict:
    import nbformat
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    nb = nbformat.read(spec["notebook"], as_version=4)
    client = _client_class()(
        nb,
        timeout=spec["cell_timeout"],
        kernel_name="python3",
        allow_errors=True,
        startup_timeout=120,
        resources={"metadata": {"path": str(Path(spec["notebook"]).parent)}},
    )
    cells, stopped, values = [], None, {}
    wanted = spec["answers"]  # question id to the expression check() is given
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            client.timeout = spec["cell_timeout"]
            try:
                client.execute_cell(cell, index)
            except CellTimeoutError:
                stopped = {"cell": index + 1, "reason": "timeout"}
            except DeadKernelError:
                stopped = {"cell": index + 1, "reason": "kernel died"}
            if stopped:
                break
            cells.append({"cell": index + 1, "error": _error_text(cell)})
            mentioned = set(answers.questions_in(cell.source, exercise=spec["exercise"]))
            ask = {q: e for q, e in wanted.items() if answers.is_name(e) or q in mentioned}
            try:
                reply = _snapshot(client, ask, spec["snapshot_timeout"])
            except (CellTimeoutError, DeadKernelError):
                stopped = {"cell": index + 1, "reason": "its answers could not be read"}
                break
            if isinstance(reply, str):
                values.update(answers.raw(reply))
    return {"cells": cells, "stopped": stopped, "values": values}


def main(argv: list[str]) -> int:
    """``SPEC.json RESULT_FD``: the result goes down a pipe only this process holds."""
    _become_subreaper()
    spec = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    os.set_inheritable(int(argv[1]), False)
    with os.fdopen(int(argv[1]), "wb") as pipe:
        pipe.write(json.dumps(run(spec)).encode("utf-8"))
    return 0


if __name__ == "__main__":
    code = main(sys.argv[1:])
    sys.stdout.flush()
    os._exit(code)  # no waiting on threads the kernel client may leave behind
