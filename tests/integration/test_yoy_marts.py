"""Year-over-year marts: series, growth consistency, targets against outcomes, revisions."""

from __future__ import annotations

import duckdb
import pytest

from orchestration.runs.load import load_paths
from orchestration.settings import BUNDLED_REPORTS_DIR, PROJECT_ROOT

pytestmark = pytest.mark.slow

LATER = PROJECT_ROOT / "tests" / "data" / "later_reports" / "xiamen_sti_2024_summary.txt"


def rows(wh, sql, params=()):
    con = duckdb.connect(str(wh), read_only=True)
    try:
        cur = con.execute(sql, list(params))
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.close()


def test_bundled_series_yoy_and_pending_targets(built_warehouse):
    series = rows(
        built_warehouse,
        """select period_year, value, is_derived, value_kind from marts.indicator_series
        where indicator_code = 'tech_contract_value' and region_code = '350200' order by period_year""",
    )
    assert [(r["period_year"], r["is_derived"]) for r in series] == [
        (2019, False),
        (2022, True),
        (2023, False),
    ]
    assert series[1]["value"] == pytest.approx(13_420_000_000)
    yoy = rows(
        built_warehouse,
        """select * from marts.indicator_yoy
        where indicator_code = 'tech_contract_value' and region_code = '350200' and period_year = 2023""",
    )[0]
    assert yoy["prev_year"] == 2022 and yoy["reported_yoy_pct"] == pytest.approx(29.34)
    assert yoy["consistent"] is True
    gap = rows(
        built_warehouse,
        """select year_gap, is_multi_year_gap, consistent from marts.indicator_yoy
        where indicator_code = 'tech_contract_value' and period_year = 2022""",
    )[0]
    assert gap == {"year_gap": 3, "is_multi_year_gap": True, "consistent": None}
    targets = {
        (r["indicator_code"], r["period_year"]): r
        for r in rows(built_warehouse, "select * from marts.target_tracking where region_code = '350200'")
    }
    rd = targets[("rd_intensity", 2024)]
    assert (rd["target_value"], rd["target_comparator"], rd["status"]) == (3.4, ">=", "pending")
    net = targets[("hitech_enterprises_net_new", 2024)]
    assert (net["target_value"], net["status"]) == (500, "pending")


@pytest.fixture(scope="module")
def with_later_report(tmp_path_factory, dbt_manifest):
    wh = tmp_path_factory.mktemp("later") / "w.duckdb"
    summary = load_paths([BUNDLED_REPORTS_DIR, LATER], wh)
    assert summary.exit_code == 0, summary.failed or summary.quarantined
    return wh


def test_later_report_settles_targets(with_later_report):
    targets = {
        (r["indicator_code"], r["period_year"]): r
        for r in rows(with_later_report, "select * from marts.target_tracking where region_code = '350200'")
    }
    rd = targets[("rd_intensity", 2024)]
    assert rd["status"] == "met" and rd["actual_value"] == pytest.approx(3.5)
    assert rd["actual_value_kind"] == "estimate" and rd["gap"] == pytest.approx(0.1)
    net = targets[("hitech_enterprises_net_new", 2024)]
    assert net["status"] == "missed" and net["gap"] == pytest.approx(-80)
    assert targets[("rd_intensity", 2025)]["status"] == "pending"


def test_restated_figure_shows_both_vintages(with_later_report):
    rev = rows(
        with_later_report,
        """select vintage, value, value_kind, previous_value, change_from_previous, is_revised
        from marts.revisions where indicator_code = 'rd_intensity' and region_code = '350200'
        and period_year = 2023 and measure = 'level' order by vintage""",
    )
    assert [(r["value"], r["value_kind"]) for r in rev] == [(3.3, "estimate"), (3.2, "actual")]
    assert rev[1]["change_from_previous"] == pytest.approx(-0.1) and rev[1]["is_revised"]
    # the series prefers the later actual over the earlier estimate
    s = rows(
        with_later_report,
        """select value, value_kind, n_sources from marts.indicator_series
        where indicator_code = 'rd_intensity' and region_code = '350200' and period_year = 2023""",
    )[0]
    assert (s["value"], s["value_kind"], s["n_sources"]) == (3.2, "actual", 2)


def test_later_growth_rate_is_consistent_with_levels(with_later_report):
    yoy = rows(
        with_later_report,
        """select * from marts.indicator_yoy where indicator_code = 'tech_contract_value'
        and region_code = '350200' and period_year = 2024""",
    )[0]
    assert yoy["reported_yoy_pct"] == pytest.approx(16.01)
    assert abs(yoy["yoy_gap_pp"]) < yoy["tolerance_pp"] and yoy["consistent"] is True
