"""`bureau bench --docs 20`: the benchmark runs end to end and writes every figure (keeps it from rotting)."""

from __future__ import annotations

import json

import pytest

from orchestration.cli import main

pytestmark = [pytest.mark.slow, pytest.mark.long]

FIGURES = [
    "extraction_mb_per_s",
    "bare_scan_ratio",
    "build_seconds",
    "peak_rss_mb",
    "add_one_seconds",
    "add_one_ratio",
    "query_ms_median",
    "strict_f1",
    "mart_rows",
]


def test_bench_smoke_writes_every_figure(tmp_path):
    out = tmp_path / "results.json"
    code = main(["bench", "-q", "--docs", "20", "--json", str(out), "--workdir", str(tmp_path / "work")])
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    for name in FIGURES:
        assert name in data, name
    assert data["extraction_mb_per_s"] > 0 and data["bare_scan_ratio"] > 0
    assert data["build_seconds"]["20"] > 0 and data["peak_rss_mb"]["20"] > 0
    assert data["add_one_seconds"]["20"] > 0
    assert data["add_one_ratio"] is None  # one size: no ratio
    assert set(data["query_ms_median"]) == {
        "region_series",
        "yoy_table",
        "target_status",
        "cross_city",
        "evidence_search",
    }
    assert data["mart_rows"]["20"]["dim_documents"] == 20  # counted before the one added
    assert data["strict_f1"]["20"] >= 0.98
