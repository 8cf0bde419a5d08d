"""Asset checks on the marts: suspicious values warn, broken invariants fail."""

import dagster as dg

from orchestration.resources import WarehouseResource


def _count(warehouse: WarehouseResource, sql: str) -> tuple[int, list[tuple]]:
    # Under the writer lock: a read-only connection fails while another process writes.
    with warehouse.writer() as con:
        found = con.execute(sql).fetchall()
    return len(found), found[:10]


def _result(n: int, sample: list[tuple], severity: dg.AssetCheckSeverity) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        passed=n == 0,
        severity=severity,
        metadata={"rows": n, "sample": dg.MetadataValue.md("\n".join(f"- {r}" for r in sample) or "none")},
    )


@dg.asset_check(asset=dg.AssetKey("fct_indicator_observations"), blocking=False)
def rd_intensity_between_0_and_10(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """R&D intensity (share of GDP) outside 0–10% is almost surely a misread: warn (the rows carry
    `quality_flags` rd_intensity_out_of_range; the rule lives in dbt's quality_flags macro)."""
    n, sample = _count(
        warehouse,
        """select document_id, period_year, value, evidence
        from marts.fct_indicator_observations
        where quality_flags like '%rd_intensity_out_of_range%'""",
    )
    return _result(n, sample, dg.AssetCheckSeverity.WARN)


@dg.asset_check(asset=dg.AssetKey("fct_indicator_observations"), blocking=False)
def growth_between_minus_100_and_1000(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """A year-on-year change below −100% or above 1000% is suspicious: warn (`quality_flags`
    growth_over_1000 / decline_over_100)."""
    n, sample = _count(
        warehouse,
        """select indicator_code, document_id, value, evidence
        from marts.fct_indicator_observations
        where quality_flags like '%growth_over_1000%' or quality_flags like '%decline_over_100%'""",
    )
    return _result(n, sample, dg.AssetCheckSeverity.WARN)


@dg.asset_check(asset=dg.AssetKey("indicator_series"), blocking=True)
def no_series_value_from_a_target(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Targets are promises, not outcomes: a series value taken from a target is a bug: fail."""
    n, sample = _count(
        warehouse,
        """select s.indicator_code, s.region_code, s.period_year
        from marts.indicator_series s
        join marts.fct_indicator_observations o using (observation_id)
        where o.value_kind = 'target'""",
    )
    return _result(n, sample, dg.AssetCheckSeverity.ERROR)


mart_checks = [
    rd_intensity_between_0_and_10,
    growth_between_minus_100_and_1000,
    no_series_value_from_a_target,
]
