"""Corrections survive rebuilds: correct a value, drop a row, exclude a document, rebuild from
scratch, re-extract with a changed catalog and a different fact order, and find every correction
still applied; one whose document is gone is reported as orphaned, never lost. Real DuckDB, dbt and Dagster.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest

import orchestration.catalog.indicators as catalog
from orchestration.cli import main
from orchestration.report import build_report, region_page_name
from orchestration.settings import BUNDLED_REPORTS_DIR
from orchestration.warehouse import rows as fact_rows

pytestmark = [pytest.mark.slow, pytest.mark.long]

XIAMEN_2023 = BUNDLED_REPORTS_DIR / "reports" / "000_xiamen_sti_2023_summary_full.txt"


def _province_report() -> Path:
    rows = list(csv.DictReader((BUNDLED_REPORTS_DIR / "manifest.csv").open(encoding="utf-8")))
    for r in rows:
        if r.get("region_code") == "350000":
            return BUNDLED_REPORTS_DIR / r["file"]
    pytest.skip("no provincial report among the bundled seeds")


def _corpus(tmp_path: Path, files: list[Path]) -> Path:
    """A folder with `files` and their manifest rows (metadata a person gave)."""
    dst = tmp_path / f"corpus{len(list(tmp_path.glob('corpus*')))}"
    (dst / "reports").mkdir(parents=True)
    with (BUNDLED_REPORTS_DIR / "manifest.csv").open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        keep = [
            r for r in reader if (BUNDLED_REPORTS_DIR / r["file"]).resolve() in {f.resolve() for f in files}
        ]
        fields = reader.fieldnames
    for f in files:
        shutil.copy(f, dst / "reports" / f.name)
    with (dst / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        w.writerows(keep)
    return dst


def _obs(wh: Path, where: str) -> list[dict]:
    con = duckdb.connect(str(wh), read_only=True)
    try:
        cur = con.execute(f"select * from marts.fct_indicator_observations where {where} order by char_start")
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.close()


def _corrections(wh: Path) -> dict[str, dict]:
    con = duckdb.connect(str(wh), read_only=True)
    try:
        cur = con.execute("select * from marts.corrections")
        cols = [d[0] for d in cur.description]
        return {r[0]: dict(zip(cols, r, strict=True)) for r in cur.fetchall()}
    finally:
        con.close()


def _changed_catalog(tmp_path: Path) -> Path:
    """The catalog without tech_contracts: its numbers become unmapped facts on re-extraction."""
    rows = list(csv.DictReader(catalog.INDICATORS_CSV.open(encoding="utf-8")))
    out = tmp_path / "indicators.csv"
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(r for r in rows if r["indicator_code"] != "tech_contracts")
    return out


def _clear_catalog_caches() -> None:
    from orchestration.extract import indicators as extract_indicators

    catalog.indicators.cache_clear()
    for obj in vars(extract_indicators).values():
        if callable(getattr(obj, "cache_clear", None)):
            obj.cache_clear()


def test_corrections_survive_rebuild_and_reextraction(tmp_path, monkeypatch, capsys, dbt_manifest):
    wh = tmp_path / "wh" / "bureau.duckdb"
    corrections = tmp_path / "team" / "corrections.csv"  # under version control, not beside the warehouse
    monkeypatch.setenv("BUREAU_CORRECTIONS", str(corrections))
    monkeypatch.setenv("BUREAU_USER", "analyst-a")
    province = _province_report()
    assert main(["-q", "load", str(_corpus(tmp_path, [XIAMEN_2023, province])), "--warehouse", str(wh)]) == 0

    commissioners = {
        o["value"]: o for o in _obs(wh, "indicator_code = 'sti_commissioners' and not is_derived")
    }
    people = commissioners[1418.0]
    # a number a reviewer decides to take out (here: the technology loans of the 2023 report)
    loans = _obs(wh, "indicator_code = 'tech_loans' and region_code = '350200' and period_year = 2023")[0]
    province_jobs = _obs(
        wh, "region_code = '350000' and indicator_code = 'new_urban_jobs' and value = 545800"
    )[0]
    # (a series with two rows: the province's GDP, stated and estimated)
    gdp = _obs(
        wh, "region_code = '350000' and indicator_code = 'gdp' and measure = 'level' and not is_derived"
    )[0]

    def correct(*argv: str) -> str:
        capsys.readouterr()
        assert main(["-q", "correct", *argv, "--warehouse", str(wh), "--no-build"]) == 0
        return corrections.read_text(encoding="utf-8").strip().splitlines()[-1].split(",")[0]

    drop_id = correct(loans["observation_id"], "--drop", "--reason", "loan figure restated by the bank")
    value_id = correct(people["observation_id"], "--value", "1420", "--reason", "checked against the annex")
    orphan_id = correct(province_jobs["observation_id"], "--drop", "--reason", "jobs figure out of scope")
    unit_id = correct(gdp["observation_id"], "--unit", "percent", "--reason", "a wrong unit, on purpose")
    assert main(["-q", "corrections", "--apply", "--warehouse", str(wh)]) == 0
    # a unit that changes within a series is put in front of a person
    con = duckdb.connect(str(wh), read_only=True)
    try:
        flagged = con.execute(
            "select observation_id, detail from marts.review_queue where review_reason = 'unit_change' "
            "and indicator_code = 'gdp' and region_code = '350000'"
        ).fetchall()
    finally:
        con.close()
    assert gdp["observation_id"] in {o for o, _ in flagged} and "percent" in flagged[0][1]

    def check_applied(wh: Path, old_ids: set[str] | None = None) -> dict:
        rows = _obs(
            wh, "indicator_code = 'sti_commissioners' and region_code = '350200' and period_year = 2023"
        )
        assert [o["value"] for o in rows] == [1420.0], rows  # 1418 became 1420
        fixed = rows[0]
        assert fixed["corrected"] and fixed["original_value"] == 1418.0
        assert (
            fixed["correction_reason"] == "checked against the annex" and fixed["corrected_by"] == "analyst-a"
        )
        if old_ids is not None:
            assert fixed["observation_id"] not in old_ids  # new surrogate keys, same correction
        status = _corrections(wh)
        assert status[value_id]["status"] == "applied" and status[value_id]["corrected_value"] == 1420.0
        assert status[drop_id]["status"] == "dropped" and status[drop_id]["original_value"] == 3194000000.0
        assert "科技信用贷款" in status[drop_id]["evidence"]  # the dropped row is kept here
        assert not _obs(wh, "indicator_code = 'tech_loans' and region_code = '350200' and period_year = 2023")
        return status

    status = check_applied(wh)
    assert status[orphan_id]["status"] == "dropped"
    series = duckdb.connect(str(wh), read_only=True)
    try:
        assert series.execute(
            "select value, corrected from marts.indicator_series where indicator_code = 'sti_commissioners'"
        ).fetchall() == [(1420.0, True)]
    finally:
        series.close()

    # Exclude the provincial report (`bureau exclude`): its rows leave every mart, the city's
    # corrections stay applied.
    reason = "a provincial report in a city's review"
    assert main(["-q", "exclude", province.name, "--reason", reason, "--warehouse", str(wh)]) == 0
    assert not _obs(wh, "region_code = '350000'")
    con = duckdb.connect(str(wh), read_only=True)
    try:
        assert con.execute("select reason from marts.exclusions").fetchall() == [(reason,)]
    finally:
        con.close()
    check_applied(wh)

    # Rebuild from scratch without the provincial report: its correction is orphaned, not lost.
    shutil.rmtree(wh.parent)
    assert main(["-q", "load", str(_corpus(tmp_path, [XIAMEN_2023])), "--warehouse", str(wh)]) == 0
    status = check_applied(wh)
    assert status[orphan_id]["status"] == status[unit_id]["status"] == "orphaned"
    assert "not in the warehouse" in status[orphan_id]["status_reason"]
    capsys.readouterr()
    assert main(["corrections", "--format", "csv", "--warehouse", str(wh)]) == 0
    listed = {r["correction_id"]: r for r in csv.DictReader(capsys.readouterr().out.splitlines())}
    assert listed[orphan_id]["status"] == "orphaned" and len(listed) == 4

    # Re-extract with a changed catalog and a new extractor that emits facts in another order:
    # fact indexes and observation ids change; span and text do not.
    old_ids = {o["observation_id"] for o in _obs(wh, "true")}
    monkeypatch.setattr(catalog, "INDICATORS_CSV", _changed_catalog(tmp_path))
    _clear_catalog_caches()
    real_extract = fact_rows.extract_facts
    monkeypatch.setattr(fact_rows, "extract_facts", lambda text, ctx: list(reversed(real_extract(text, ctx))))
    try:
        assert main(["-q", "load", str(_corpus(tmp_path, [XIAMEN_2023])), "--warehouse", str(wh)]) == 0
    finally:
        monkeypatch.undo()
        _clear_catalog_caches()
    assert _obs(wh, "true") and not _obs(
        wh, "indicator_code = 'tech_contracts'"
    )  # the changed catalog took effect
    status = check_applied(wh, old_ids)
    assert status[orphan_id]["status"] == "orphaned"
    assert corrections.read_text(encoding="utf-8").count("\n") == 5  # header + 4: nothing rewritten

    # The report marks the corrected value.
    summary = build_report(wh, tmp_path / "report")
    page = (summary.out_dir / region_page_name("350200")).read_text(encoding="utf-8")
    card = page[page.index('id="ind-sti_commissioners"') :]
    card = card[: card.index("</article>")]
    assert "corrected 已更正" in card and "checked against the annex" in card
    review = (summary.out_dir / "review.html").read_text(encoding="utf-8")
    assert drop_id in review and "orphaned" in review


def test_correct_refuses_clearly(built_warehouse, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BUREAU_CORRECTIONS", str(tmp_path / "c.csv"))
    wh = ["--warehouse", str(built_warehouse), "--no-build"]
    con = duckdb.connect(str(built_warehouse), read_only=True)
    try:
        derived = con.execute(
            "select observation_id from marts.fct_indicator_observations where is_derived limit 1"
        ).fetchone()[0]
        read = con.execute(
            "select observation_id from marts.fct_indicator_observations where not is_derived limit 1"
        ).fetchone()[0]
    finally:
        con.close()
    cases = [
        (["nope", "--drop", "--reason", "x"], "no observation 'nope'"),
        ([derived, "--value", "1", "--reason", "x"], "is derived"),
        ([read, "--reason", "x"], "nothing to correct"),
        ([read, "--drop", "--value", "1", "--reason", "x"], "--drop removes the row"),
        ([read, "--value", "abc", "--reason", "x"], "is not a number"),
        ([read, "--indicator", "no_such_code", "--reason", "x"], "not in the catalog"),
        ([read, "--kind", "guess", "--reason", "x"], "give one of actual, estimate, target"),
        ([read, "--drop"], "--reason"),
    ]
    for argv, expected in cases:
        capsys.readouterr()
        assert main(["correct", *argv, *wh]) == 2, argv
        err = capsys.readouterr().err.strip()
        assert expected in err and len(err.splitlines()) == 1, (argv, err)
    assert not (tmp_path / "c.csv").exists()  # nothing written by a refused correction
