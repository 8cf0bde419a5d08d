"""Read the marts the report needs, through one read-only DuckDB connection."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from orchestration.warehouse.published import readable_copy


class ReportDataError(RuntimeError):
    """The warehouse is missing, locked without a published copy, or lacks the marts."""


@contextlib.contextmanager
def read_only(warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the last published copy (the file itself before any publish)."""
    if not warehouse.exists():
        raise ReportDataError(f"no warehouse at {warehouse}: run `bureau build` or `bureau load` first")
    source = readable_copy(warehouse)
    try:
        con = duckdb.connect(str(source), read_only=True)
    except duckdb.IOException as exc:
        raise ReportDataError(f"cannot open {source} read-only: {exc}") from None
    try:
        yield con
    finally:
        con.close()


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cur = con.execute(sql, params or [])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


@dataclass
class ReportData:
    regions: dict[str, dict] = field(default_factory=dict)  # region_code -> dim_regions row
    indicators: dict[str, dict] = field(default_factory=dict)
    documents: dict[str, dict] = field(default_factory=dict)
    observations: list[dict] = field(default_factory=list)
    series: list[dict] = field(default_factory=list)
    # observation ids a chart's line joins: the marts' pick of each indicator x area x year x
    # measure (indicator_series for levels, int_observations_ranked for the other measures)
    line: set[str] = field(default_factory=set)
    yoy: list[dict] = field(default_factory=list)
    targets: list[dict] = field(default_factory=list)
    revisions: list[dict] = field(default_factory=list)
    quarantine: list[dict] = field(default_factory=list)
    review: list[dict] = field(default_factory=list)  # marts.review_queue
    corrections: list[dict] = field(default_factory=list)  # marts.corrections
    source: Path | None = None


def load(warehouse: Path, region: str | None = None) -> ReportData:
    """Everything the pages show; `region` limits observations, targets and revisions to one area."""
    where, params = ("where region_code = ?", [region]) if region else ("", [])
    with read_only(warehouse) as con:
        tables = {
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts'"
            ).fetchall()
        }
        needed = {
            "fct_indicator_observations",
            "dim_documents",
            "dim_indicators",
            "dim_regions",
            "indicator_series",
            "target_tracking",
        }
        missing = sorted(needed - tables)
        if missing:
            raise ReportDataError(f"warehouse {warehouse} lacks marts {', '.join(missing)}: build it first")
        data = ReportData(source=warehouse)
        data.observations = _rows(
            con,
            f"select * from marts.fct_indicator_observations {where} "
            "order by region_code, indicator_code, period_year, published_date nulls first, observation_id",
            params,
        )
        data.series = _rows(con, f"select * from marts.indicator_series {where}", params)
        data.line = {s["observation_id"] for s in data.series}
        if con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'intermediate' and table_name = 'int_observations_ranked'"
        ).fetchone()[0]:
            and_region = "and region_code = ?" if region else ""
            data.line |= {
                r[0]
                for r in con.execute(
                    "select observation_id from intermediate.int_observations_ranked "
                    f"where choice = 1 and not is_target and measure != 'level' {and_region}",
                    params,
                ).fetchall()
            }
        data.targets = _rows(
            con,
            f"select * from marts.target_tracking {where} order by region_code, period_year, indicator_code",
            params,
        )
        if "indicator_yoy" in tables:
            data.yoy = _rows(con, f"select * from marts.indicator_yoy {where}", params)
        if "revisions" in tables:
            data.revisions = _rows(
                con,
                f"select * from marts.revisions {where} "
                "order by region_code, indicator_code, period_year, measure, vintage",
                params,
            )
        if "review_queue" in tables:
            data.review = _rows(
                con,
                f"select * from marts.review_queue {where} "
                "order by priority, region_code, indicator_code, period_year, review_reason",
                params,
            )
        if "corrections" in tables:
            data.corrections = _rows(con, "select * from marts.corrections order by line")
        if "quarantine" in tables:
            data.quarantine = _rows(con, "select * from marts.quarantine order by seen_at desc, source_uri")
        data.documents = {
            r["document_id"]: r
            for r in _rows(con, "select * from marts.dim_documents order by published_date, document_id")
        }
        data.indicators = {r["indicator_code"]: r for r in _rows(con, "select * from marts.dim_indicators")}
        codes = sorted(
            {o["region_code"] for o in data.observations} | {t["region_code"] for t in data.targets}
        )
        if codes:
            data.regions = {
                r["region_code"]: r
                for r in _rows(
                    con,
                    "select * from marts.dim_regions where region_code in (select unnest(?::varchar[]))",
                    [codes],
                )
            }
        for code in codes:  # areas missing from the code list still get a page
            data.regions.setdefault(
                code, {"region_code": code, "name": code, "short_name": code, "level": ""}
            )
    return data
