"""One submission, graded by ``otter run`` in this process: ``python -m ... ZIP NOTEBOOK OUT``.

:mod:`.grading` starts one of these per submission so it can stop a hang with a time limit
and survive a crash; this module turns otter's results into a small JSON payload.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def _cell_errors(executed, submission: Path) -> list[str]:
    """Errors raised while running the learner's cells, numbered as in their notebook."""
    import nbformat

    original = nbformat.read(submission, as_version=4)
    numbers = {
        cell.get("id"): n for n, cell in enumerate(original.cells, start=1) if cell.get("id")
    }
    errors = []
    for cell in executed.cells if executed is not None else []:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error" and cell.get("id") in numbers:
                errors.append(
                    f"cell {numbers[cell['id']]}: {output['ename']}: {output['evalue']}"[:300]
                )
    return errors


def payload(results, submission: Path) -> dict:
    questions = {}
    for name, test_file in results.results.items():
        questions[name] = {
            "score": float(test_file.score),
            "possible": float(test_file.possible),
            "cases": [
                {
                    "name": r.test_case.name,
                    "hidden": r.test_case.hidden,
                    "passed": r.passed,
                    "message": r.message,
                }
                for r in test_file.test_case_results
            ],
        }
    return {"questions": questions, "errors": _cell_errors(results.notebook, submission)}


def main(argv: list[str]) -> int:
    from otter.run import main as otter_run

    autograder, submission, out = (Path(arg) for arg in argv)
    results = otter_run(str(submission), autograder=str(autograder), output_dir=None, no_logo=True)
    out.write_text(json.dumps(payload(results, submission)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    code = main(sys.argv[1:])
    sys.stdout.flush()
    # otter run leaves its log server's thread running, which would keep us alive.
    os._exit(code)
