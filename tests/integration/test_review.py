"""`bureau review` on the bundled warehouse points at the known conflicts, each with a working
`bureau correct` line; review.html shows the same rows."""

from __future__ import annotations

import csv
import shlex

import pytest

from orchestration.cli import main

pytestmark = pytest.mark.slow


def review_rows(capsys, warehouse, *argv) -> list[dict]:
    capsys.readouterr()
    assert main(["review", "--format", "csv", "--warehouse", str(warehouse), *argv]) == 0
    return list(csv.DictReader(capsys.readouterr().out.splitlines()))


def test_review_lists_the_known_conflicts_with_working_commands(
    built_warehouse, tmp_path, monkeypatch, capsys
):
    rows = review_rows(capsys, built_warehouse)
    found = {(r["review_reason"], r["indicator_code"], r["region_code"]) for r in rows}
    # 省级高层次人才 2025: the series value is chosen among different values one document states
    assert ("series_conflict", "high_level_talent", "350000") in found
    talent = next(
        r
        for r in rows
        if r["review_reason"] == "series_conflict" and r["indicator_code"] == "high_level_talent"
    )
    assert "2745" in talent["detail"] and "2745人" in talent["evidence"]
    # the two conflicts this queue was first written for are now read right at the source:
    # 科技特派员 9 counted carriers, 新增1家全国重点实验室 is a flow (tests/unit/test_extract_phenomena.py)
    assert ("series_conflict", "sti_commissioners", "350200") not in found
    assert ("flow_as_stock", "key_laboratories", "350200") not in found

    # filters
    only = review_rows(capsys, built_warehouse, "--indicator", "high_level_talent", "--region", "350000")
    assert only and all(
        r["indicator_code"] == "high_level_talent" and r["region_code"] == "350000" for r in only
    )

    # every suggested line runs as written (written to a scratch corrections file, no rebuild)
    monkeypatch.setenv("BUREAU_CORRECTIONS", str(tmp_path / "corrections.csv"))
    for r in rows:
        argv = shlex.split(r["suggested_command"])
        assert argv[:2] == ["bureau", "correct"]
        capsys.readouterr()
        code = main(["-q", *argv[1:], "--warehouse", str(built_warehouse), "--no-build"])
        assert code == 0, (r["suggested_command"], capsys.readouterr().err)
    written = list(csv.DictReader((tmp_path / "corrections.csv").open(encoding="utf-8")))
    assert len(written) == len(rows)
    assert {w["observation_id"] for w in written} == {r["suggested_command"].split()[2] for r in rows}

    # the text form prints the sentence and the command
    capsys.readouterr()
    assert main(["review", "--indicator", "high_level_talent", "--warehouse", str(built_warehouse)]) == 0
    text = capsys.readouterr().out
    assert "bureau correct" in text and "2745人" in text
