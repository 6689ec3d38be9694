"""The synthetic applicant data bundled for the AuditLab and the chapter.

Nothing here describes real people or a real tool. :func:`make_sample` draws 1,200
applicants to an imaginary screening tool: sex, race/ethnicity (the categories of the NYC
rules, two of them under 2% of the data), an age band, a score from 0 to 100 and whether
the tool advanced the person (a score of 60 or more). Scores were built to run lower for
women and for applicants aged 40 and over, so the audit has something to find; a few
people declined to give their sex or race. The bundled file is exactly
``make_sample(seed=SEED)`` written with :func:`write_sample` (a test checks it).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from collective_ai.files import write_atomic

SEED = 144
ROWS = 1200
FILENAME = "audit_sample.csv"
CUTOFF = 60.0

SEXES = {"Female": 0.48, "Male": 0.48, "": 0.04}
RACES = {
    "Hispanic or Latino": 0.24,
    "White (Not Hispanic or Latino)": 0.30,
    "Black or African American (Not Hispanic or Latino)": 0.20,
    "Asian (Not Hispanic or Latino)": 0.17,
    "Native Hawaiian or Pacific Islander (Not Hispanic or Latino)": 0.012,
    "Native American or Alaska Native (Not Hispanic or Latino)": 0.013,
    "Two or More Races (Not Hispanic or Latino)": 0.035,
    "Decline to state": 0.02,
}
AGES = {"under 40": 0.62, "40 and over": 0.38}
# Points taken off the score, per value: the built-in bias the audit should find.
PENALTY = {"Female": 6.0, "40 and over": 8.0}


def make_sample(*, seed: int = SEED, rows: int = ROWS):
    """A seeded DataFrame of synthetic applicants (see the module docstring)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)

    def draw(options: dict) -> np.ndarray:
        weights = np.array(list(options.values()))
        return rng.choice(list(options), size=rows, p=weights / weights.sum())

    sex, race, age = draw(SEXES), draw(RACES), draw(AGES)
    penalty = sum(np.where((sex == k) | (age == k), v, 0.0) for k, v in PENALTY.items())
    score = np.clip(rng.normal(62.0, 12.0, size=rows) - penalty, 0, 100).round(1)
    return pd.DataFrame(
        {
            "applicant": [f"A{i:04d}" for i in range(1, rows + 1)],
            "sex": sex,
            "race_ethnicity": race,
            "age_band": age,
            "score": score,
            "advanced": np.where(score >= CUTOFF, "yes", "no"),
        }
    )


def write_sample(path: Path, *, seed: int = SEED) -> None:
    """Write the sample as UTF-8 CSV; blanks stay blank (unknown sex)."""
    write_atomic(path, make_sample(seed=seed).to_csv(index=False, lineterminator="\n"))


def sample_path() -> Path:
    """Where the bundled sample lives inside the installed package."""
    return Path(str(resources.files("collective_ai") / "data" / FILENAME))


def sample_bytes() -> bytes:
    return sample_path().read_bytes()


if __name__ == "__main__":
    write_sample(sample_path())
    print(f"wrote {sample_path()}")
