"""The dbt project as Dagster sees it, and the manifest preparer.

Kept in its own module so that nothing parses dbt at import time: the CLI and
the tests call `prepare_manifest()` first; `dagster dev` prepares it through
`prepare_if_dev()`.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from dagster_dbt import DbtProject

from orchestration.settings import DBT_PROJECT_DIR

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)

_WATCHED = ("models", "seeds", "macros", "tests", "dbt_project.yml", "profiles.yml")


def _newest_source_mtime() -> float:
    newest = 0.0
    for name in _WATCHED:
        p = DBT_PROJECT_DIR / name
        files = [p] if p.is_file() else (f for f in p.rglob("*") if f.is_file())
        for f in files:
            newest = max(newest, f.stat().st_mtime)
    return newest


def manifest_is_stale() -> bool:
    m = dbt_project.manifest_path
    return not m.exists() or m.stat().st_mtime < _newest_source_mtime()


def prepare_manifest(force: bool = False) -> Path:
    """Run `dbt parse` when the manifest is missing or older than the project files."""
    if force or manifest_is_stale():
        dbt_project.preparer.prepare(dbt_project)
    return dbt_project.manifest_path


@contextlib.contextmanager
def warehouse_env(warehouse: Path) -> Iterator[None]:
    """Point dbt's profile (env `BUREAU_WAREHOUSE`) at `warehouse` for the duration."""
    old = os.environ.get("BUREAU_WAREHOUSE")
    os.environ["BUREAU_WAREHOUSE"] = str(warehouse)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("BUREAU_WAREHOUSE", None)
        else:
            os.environ["BUREAU_WAREHOUSE"] = old
