"""The indicator catalog: the rows of `dbt_project/seeds/indicators.csv` (codes, units, aliases)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from orchestration.catalog.seeds import seed_rows
from orchestration.settings import CATALOG_DIR

INDICATORS_CSV = CATALOG_DIR / "indicators.csv"


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


@cache
def indicators() -> tuple[Indicator, ...]:
    return tuple(
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
        for r in seed_rows(INDICATORS_CSV)
    )
