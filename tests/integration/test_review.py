"""`bureau review` points at numbers a person should look at, each with a working
`bureau correct` line; review.html shows the same rows.

The bundled reports no longer hold a conflict (the two this queue was first written for, 科技特派员
9 vs 1418 and 新增1家全国重点实验室, are read right at the source), so the test loads two small
reports of its own (`tests/data/review/`): a work summary that states its contract turnover twice
with different values, and a statistical bulletin that disagrees with it."""

from __future__ import annotations

import csv
import shlex

import pytest

from orchestration.cli import main
from orchestration.report import build_report
from orchestration.settings import PROJECT_ROOT

pytestmark = pytest.mark.slow

REPORTS = PROJECT_ROOT / "tests" / "data" / "review"


def review_rows(capsys, warehouse, *argv) -> list[dict]:
    capsys.readouterr()
    assert main(["review", "--format", "csv", "--warehouse", str(warehouse), *argv]) == 0
    return list(csv.DictReader(capsys.readouterr().out.splitlines()))


def test_review_lists_the_conflicts_with_working_commands(tmp_path, monkeypatch, capsys, dbt_manifest):
    wh = tmp_path / "wh" / "bureau.duckdb"
    assert main(["-q", "load", str(REPORTS), "--warehouse", str(wh)]) == 0
    rows = review_rows(capsys, wh)
    found = {(r["review_reason"], r["indicator_code"], r["region_code"]) for r in rows}
    # two documents on the same indicator x area x year x kind: 4600家 in the summary, 4620家 in the bulletin
    assert ("documents_disagree", "hitech_enterprises", "350200") in found
    firms = [r for r in rows if r["indicator_code"] == "hitech_enterprises"]
    assert {r["evidence"] for r in firms} == {
        "全市国家高新技术企业总数达到4600家。",
        "年末全市国家高新技术企业4620家。",
    }
    assert all("4600家" in r["detail"] and "4620家" in r["detail"] for r in firms)
    # the summary states 210.5亿元 and 212.3亿元; the bulletin 215.3亿元: all three are put in front of a person
    turnover = {r["evidence"] for r in rows if r["indicator_code"] == "tech_contract_value"}
    assert any("212.3亿元" in e for e in turnover) and any("215.3亿元" in e for e in turnover)

    # filters
    only = review_rows(capsys, wh, "--indicator", "hitech_enterprises", "--region", "350200")
    assert only and all(r["indicator_code"] == "hitech_enterprises" for r in only)
    assert review_rows(capsys, wh, "--region", "350000") == []

    # every suggested line runs as written (written to a scratch corrections file, no rebuild)
    monkeypatch.setenv("BUREAU_CORRECTIONS", str(tmp_path / "corrections.csv"))
    for r in rows:
        argv = shlex.split(r["suggested_command"])
        assert argv[:2] == ["bureau", "correct"]
        capsys.readouterr()
        code = main(["-q", *argv[1:], "--warehouse", str(wh), "--no-build"])
        assert code == 0, (r["suggested_command"], capsys.readouterr().err)
    written = list(csv.DictReader((tmp_path / "corrections.csv").open(encoding="utf-8")))
    assert len(written) == len(rows)
    assert {w["observation_id"] for w in written} == {r["suggested_command"].split()[2] for r in rows}

    # the text form prints the sentence and the command
    capsys.readouterr()
    assert main(["review", "--indicator", "hitech_enterprises", "--warehouse", str(wh)]) == 0
    text = capsys.readouterr().out
    assert "bureau correct" in text and "4620家" in text

    # review.html lists the same rows
    page = (build_report(wh, tmp_path / "report").out_dir / "review.html").read_text(encoding="utf-8")
    assert all(r["suggested_command"].split()[2] in page for r in rows)
