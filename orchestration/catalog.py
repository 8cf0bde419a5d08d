"""Code lists shared by Python and dbt: the indicator catalog and GB/T 2260 regions.

The CSV files live in `dbt_project/seeds/` so that dbt loads exactly what the
extractor matched against; this module is the Python side of the same files.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from orchestration.settings import CATALOG_DIR

INDICATORS_CSV = CATALOG_DIR / "indicators.csv"
REGIONS_CSV = CATALOG_DIR / "regions.csv"


@dataclass(frozen=True, slots=True)
class Region:
    region_code: str
    name: str  # full name, e.g. 厦门市
    short_name: str  # e.g. 厦门
    level: str  # province | prefecture | county
    parent_code: str | None
    province_code: str


@dataclass(frozen=True, slots=True)
class Indicator:
    indicator_code: str
    name_zh: str
    name_en: str
    unit: str
    kind: str
    description: str
    aliases: tuple[str, ...]
    is_core: bool
    excludes: tuple[str, ...] = ()  # words that make a phrase not this indicator (贷款余额 ≠ 新增贷款)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def regions() -> tuple[Region, ...]:
    """Every region of the seed, provinces first."""
    out = []
    for r in _rows(REGIONS_CSV):
        out.append(
            Region(
                region_code=r["region_code"],
                name=r["name"],
                short_name=r["short_name"],
                level=r["level"],
                parent_code=r["parent_code"] or None,
                province_code=r["province_code"],
            )
        )
    return tuple(out)


@cache
def region_by_code() -> dict[str, Region]:
    return {r.region_code: r for r in regions()}


@cache
def indicators() -> tuple[Indicator, ...]:
    out = []
    for r in _rows(INDICATORS_CSV):
        out.append(
            Indicator(
                indicator_code=r["indicator_code"],
                name_zh=r["name_zh"],
                name_en=r["name_en"],
                unit=r["unit"],
                kind=r["kind"],
                description=r.get("description", ""),
                aliases=tuple(a for a in r.get("aliases", "").split("|") if a),
                is_core=r.get("is_core", "").lower() in ("true", "1", "yes"),
                excludes=tuple(w for w in (r.get("excludes") or "").split("|") if w),
            )
        )
    return tuple(out)
