"""Dagster resources: the warehouse (one absolute path, short-lived connections) and dbt."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource

from orchestration import warehouse as wh
from orchestration.dbt_project import dbt_project
from orchestration.settings import warehouse_dir, warehouse_path


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file. Every writer takes the cross-process lock; connections are short."""

    path: str = ""

    @property
    def file(self) -> Path:
        return warehouse_path(self.path or None)

    @property
    def root(self) -> Path:
        """Folder holding the archive of raw bytes and the intake records."""
        return warehouse_dir(self.file)

    @contextlib.contextmanager
    def writer(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with wh.write_connection(self.file) as con:
            yield con

    @contextlib.contextmanager
    def reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with wh.read_connection(self.file) as con:
            yield con


def build_resources(warehouse: str | Path | None = None) -> dict[str, object]:
    """Resources for Definitions and for in-process CLI runs."""
    return {
        "warehouse": WarehouseResource(path=str(warehouse) if warehouse else ""),
        "dbt": DbtCliResource(project_dir=dbt_project, profiles_dir=str(dbt_project.profiles_dir)),
    }
