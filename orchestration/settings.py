"""Where things live, each path once. One setting decides the warehouse path; everything else derives from it."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
# The bundled reports `bureau build` loads (not dbt's seeds: those are the catalog below).
BUNDLED_REPORTS_DIR = PROJECT_ROOT / "seeds"
# The indicator catalog and region list: dbt seeds, read by the extractor too.
CATALOG_DIR = DBT_PROJECT_DIR / "seeds"
PUBLISHERS_FILE = PROJECT_ROOT / "orchestration" / "publishers.yaml"
DEFAULT_WAREHOUSE = PROJECT_ROOT / "warehouse" / "bureau.duckdb"


def warehouse_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The warehouse file: `explicit`, else env `BUREAU_WAREHOUSE`, else `warehouse/bureau.duckdb`.

    Always absolute, because dbt runs with its own working directory.
    """
    raw = explicit or os.environ.get("BUREAU_WAREHOUSE") or DEFAULT_WAREHOUSE
    return Path(raw).expanduser().resolve()


def warehouse_dir(warehouse: Path) -> Path:
    """Folder beside the warehouse file holding the byte archive, intake records and the lock."""
    return warehouse.parent


def dbt_target_dir(warehouse: Path) -> Path:
    """dbt's target folder for runs against `warehouse` (run results, partial-parse cache).

    One per warehouse: the profile renders the warehouse path, so a cache shared by two
    warehouses would be thrown away (full re-parse) each time the other one is built, and
    two warehouses built at once would write the same files.
    """
    return warehouse.parent / f".{warehouse.name}.dbt-target"


def sensor_interval_seconds() -> int:
    """How often the inbox and automation sensors are evaluated (env `BUREAU_SENSOR_INTERVAL`, default 30)."""
    return max(1, int(os.environ.get("BUREAU_SENSOR_INTERVAL", "30")))
