"""Dagster resources: the warehouse (one absolute path, short-lived connections) and dbt."""

from __future__ import annotations

import contextlib
import importlib.metadata
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource
from packaging import version

from orchestration.settings import warehouse_dir, warehouse_path
from orchestration.warehouse import connections as wh
from orchestration.warehouse.dbt import dbt_executable, dbt_project


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


class BureauDbtResource(DbtCliResource):
    """dbt CLI resource without two per-run start-up costs dagster-dbt pays by default.

    dagster-dbt asks the executable for its version once per run, which costs
    a whole dbt start-up (~5 s here); the installed dbt-core package says the same.
    It also builds an in-process dbt adapter that only its row-count and column
    metadata helpers use (~2.5 s).
    """

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(importlib.metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):  # noqa: ANN001, ANN202 - dagster-dbt's signature
        # dagster-dbt loads the dbt project, profile and every macro in this process (~2.5 s
        # per run) only to hand an adapter to `fetch_row_counts` / `fetch_column_metadata`,
        # which these assets do not use; without it the invocation is the same dbt subprocess.
        return None


def build_resources(warehouse: str | Path | None = None) -> dict[str, object]:
    """Resources for Definitions and for in-process CLI runs."""
    return {
        "warehouse": WarehouseResource(path=str(warehouse) if warehouse else ""),
        "dbt": BureauDbtResource(
            project_dir=dbt_project,
            profiles_dir=str(dbt_project.profiles_dir),
            dbt_executable=dbt_executable(),  # not PATH: cron runs the console script without the venv
        ),
    }
