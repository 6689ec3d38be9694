"""collective_ai.audit.sample: the bundled CSV is exactly what the seeded generator makes."""

from collective_ai.audit.sample import make_sample, sample_bytes, write_sample


def test_bundled_sample_is_reproducible(tmp_path):
    write_sample(tmp_path / "again.csv")
    assert (tmp_path / "again.csv").read_bytes() == sample_bytes()


def test_sample_shape():
    df = make_sample()
    assert len(df) == 1200
    assert set(df.advanced) == {"yes", "no"}
    assert (df.sex == "").sum() > 0  # some people did not give their sex
    assert make_sample(seed=1).score.tolist() != df.score.tolist()
