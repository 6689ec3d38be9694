"""Speed of the scoring lab (issue 4). Prints figures; asserts nothing.

1. Control change to PNG at n = 10,000, per scenario: simulate + audit + figure update
   (label placement included) + one PNG per panel, median over slider moves after one
   warm-up sweep (budget: 16.7 ms, one frame at 60 per second), in wall and CPU time (a
   busy machine inflates the first, not the second); the same change with no label's
   pixels kept from before ("new labels": the first time a learner sees those numbers);
   with the figure rebuilt from scratch; and the whole ``ScoringLab`` path
   (``lab.controls["proxy_weight"].value = w``, no browser), wall and CPU.
2. ``simulate`` at n = 10k, 100k and 1M (budget at 1M: 1 s and 500 MB peak), with the
   audit's time shown separately; peak memory is measured in a fresh process.

Run: ``.venv/bin/python bench/bench_scoring.py``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

from collective_ai.scoring import SCENARIOS, simulate
from collective_ai.scoring.figures import LabFigure

WEIGHTS = [round(0.05 * i, 2) for i in range(21)]
SIZES = (10_000, 100_000, 1_000_000)


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def control_to_png(scenario: str, *, rebuild: bool = False, new_labels: bool = False) -> dict:
    """Time each step of one slider move, as ScoringLab does it."""
    spec = SCENARIOS[scenario]
    view = LabFigure(spec)
    view.update(simulate(scenario, seed=1, n=10_000))
    view.pngs()
    steps = {"simulate": [], "audit": [], "figure": [], "total": [], "cpu": []}
    for sweep, weight in enumerate(WEIGHTS * 3):
        if new_labels:
            view._sprites.clear()  # as if these numbers had never been drawn
        cpu = time.process_time()
        start = time.perf_counter()
        result = simulate(scenario, seed=1, n=10_000, proxy_weight=weight)
        simulated = time.perf_counter()
        _ = result.summary  # the audit, as the lab's summary needs it
        audited = time.perf_counter()
        if rebuild:
            view = LabFigure(spec)
        view.update(result)
        view.pngs()
        done = time.perf_counter()
        cpu = time.process_time() - cpu
        if sweep < len(WEIGHTS):
            continue  # the first sweep warms matplotlib's text cache, as a learner's would
        steps["simulate"].append(simulated - start)
        steps["audit"].append(audited - simulated)
        steps["figure"].append(done - audited)
        steps["total"].append(done - start)
        steps["cpu"].append(cpu)
    return {name: _median_ms(values) for name, values in steps.items()}


def lab_control_change(scenario: str) -> tuple[float, float]:
    """Median wall and CPU ms for ``lab.controls["proxy_weight"].value = w`` in a ScoringLab
    (no browser)."""
    from collective_ai.widgets.scoring_lab import ScoringLab

    lab = ScoringLab(scenario, seed=1, n=10_000)
    for weight in WEIGHTS:  # warm-up sweep
        lab.controls["proxy_weight"].value = weight
    samples, cpu = [], []
    for weight in [*WEIGHTS[-2::-1], *WEIGHTS[1:]]:  # down and back up: every move changes
        start, start_cpu = time.perf_counter(), time.process_time()
        lab.controls["proxy_weight"].value = weight
        samples.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return _median_ms(samples), _median_ms(cpu)


def simulate_cost(scenario: str, n: int, *, repeats: int = 3) -> tuple[float, float]:
    """Median seconds for simulate alone, and for the audit of its result."""
    runs, audits = [], []
    for seed in range(repeats):
        start = time.perf_counter()
        result = simulate(scenario, seed=seed, n=n)
        middle = time.perf_counter()
        _ = result.audit
        runs.append(middle - start)
        audits.append(time.perf_counter() - middle)
    return statistics.median(runs), statistics.median(audits)


def peak_memory_mb(scenario: str, n: int) -> tuple[float, float]:
    """Peak resident memory (VmHWM) of a fresh process: after imports, and after the run."""
    code = (
        "import re\n"
        "def hwm():\n"
        "    status = open('/proc/self/status').read()\n"
        "    return int(re.search(r'VmHWM:\\s+(\\d+)', status).group(1)) / 1024\n"
        "from collective_ai.scoring import simulate\n"
        "before = hwm()\n"
        f"simulate({scenario!r}, seed=1, n={n}).audit\n"
        "print(before, hwm())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, after = (float(v) for v in out.stdout.split())
    return after, after - before


def main() -> None:
    load = os.getloadavg()[0]
    print(f"bench_scoring (load average {load:.2f} on {os.cpu_count()} cores)")
    print(
        "\n1. control change -> PNGs at n = 10,000, median ms after a warm-up sweep"
        " (budget 16.7 ms)"
    )
    print(
        f"{'scenario':<12} {'simulate':>9} {'audit':>6} {'figure':>7} {'total':>6} {'CPU':>5}"
        f" {'new labels':>10} {'rebuilt':>8} {'ScoringLab':>11} {'CPU':>5}"
    )
    for scenario in SCENARIOS:
        updated = control_to_png(scenario)
        new = control_to_png(scenario, new_labels=True)
        rebuilt = control_to_png(scenario, rebuild=True)
        lab, lab_cpu = lab_control_change(scenario)
        print(
            f"{scenario:<12} {updated['simulate']:9.1f} {updated['audit']:6.1f} "
            f"{updated['figure']:7.1f} {updated['total']:6.1f} {updated['cpu']:5.1f} "
            f"{new['total']:10.1f} {rebuilt['total']:8.1f} {lab:11.1f} {lab_cpu:5.1f}"
        )
    print(f"(load average {os.getloadavg()[0]:.2f} at the end of part 1)")
    print("\n2. simulate, default parameters, median of 3 (budget at 1M: 1 s, 500 MB peak)")
    print(
        f"{'scenario':<12} {'n':>9} {'simulate s':>11} {'audit s':>8} {'peak MB':>8}"
        f" {'added MB':>9}"
    )
    for scenario in SCENARIOS:
        for n in SIZES:
            run, audit = simulate_cost(scenario, n)
            peak, added = peak_memory_mb(scenario, n)
            print(f"{scenario:<12} {n:>9,} {run:11.3f} {audit:8.3f} {peak:8.0f} {added:9.0f}")


if __name__ == "__main__":
    main()
