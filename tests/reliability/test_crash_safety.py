"""Crash safety: `bureau load` SIGKILLed at random moments, then loaded again, ends exactly
where an uninterrupted load ends; no half-loaded document is ever visible in the marts
analysts read (the published copy). The long version is `scripts/soak.py kill`."""

from __future__ import annotations

import random

import pytest

from tests.reliability import harness as h

pytestmark = pytest.mark.slow


def test_killed_loads_recover_to_the_uninterrupted_state(reference, tmp_path):
    rng = random.Random(1729)
    # one kill at a random moment of the run (staging, ingest or dbt); the soak
    # (`scripts/soak.py kill`, `-m soak`) runs hundreds
    fractions = [rng.uniform(0.1, 0.95)]
    for i, frac in enumerate(fractions):
        wh = tmp_path / f"trial{i}" / "w.duckdb"
        wh.parent.mkdir()
        rc = h.load_and_kill(reference.files, wh, reference.duration * frac)
        published = wh.with_name("w.published.duckdb")
        if published.exists():
            assert h.half_loaded_documents(published, reference.per_doc) == []
        res = h.run_bureau("load", *map(str, reference.files), "--warehouse", str(wh), "-q")
        assert res.returncode == 0, f"recovery after a kill at {frac:.0%} (rc {rc}): {res.stderr[-2000:]}"
        assert h.diff_checksums(h.mart_checksums(wh), reference.checksums) == []
        assert h.raw_duplicates(wh) == []
        assert h.half_loaded_documents(wh, reference.per_doc) == []


@pytest.mark.soak
def test_kill_soak_short(reference, tmp_path):
    """Ten more kill trials (about ten minutes); `scripts/soak.py kill` runs hundreds."""
    rng = random.Random(7)
    for i in range(10):
        wh = tmp_path / f"soak{i}" / "w.duckdb"
        wh.parent.mkdir()
        for _ in range(rng.choice([1, 2, 3])):
            h.load_and_kill(reference.files, wh, rng.uniform(0.2, reference.duration))
            pub = wh.with_name("w.published.duckdb")
            assert not pub.exists() or h.half_loaded_documents(pub, reference.per_doc) == []
        res = h.run_bureau("load", *map(str, reference.files), "--warehouse", str(wh), "-q")
        assert res.returncode == 0, res.stderr[-2000:]
        assert h.diff_checksums(h.mart_checksums(wh), reference.checksums) == []
