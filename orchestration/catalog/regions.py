"""GB/T 2260 regions: the rows of `dbt_project/seeds/regions.csv` (provinces first)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from orchestration.catalog.seeds import seed_rows
from orchestration.settings import CATALOG_DIR

REGIONS_CSV = CATALOG_DIR / "regions.csv"


@dataclass(frozen=True, slots=True)
class Region:
    region_code: str
    name: str  # full name, e.g. 厦门市
    short_name: str  # e.g. 厦门
    level: str  # country | province | prefecture | county
    parent_code: str | None
    province_code: str


@cache
def regions() -> tuple[Region, ...]:
    """Every region of the seed, provinces first."""
    return tuple(
        Region(
            region_code=r["region_code"],
            name=r["name"],
            short_name=r["short_name"],
            level=r["level"],
            parent_code=r["parent_code"] or None,
            province_code=r["province_code"],
        )
        for r in seed_rows(REGIONS_CSV)
    )


@cache
def region_by_code() -> dict[str, Region]:
    return {r.region_code: r for r in regions()}
