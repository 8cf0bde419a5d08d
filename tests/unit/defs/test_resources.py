"""The two dagster-dbt overrides in `BureauDbtResource` rely on private members of
`DbtCliResource`; if an upgrade renames them or stops calling them, the overrides would
silently do nothing (and every run would pay ~7 s again). These tests fail first."""

from __future__ import annotations

import importlib.metadata
import inspect

from dagster_dbt import DbtCliResource
from packaging import version

from orchestration.defs.resources import BureauDbtResource, build_resources

OVERRIDDEN = ("_cli_version", "_initialize_dbt_core_adapter")


def test_dbt_cli_resource_still_has_the_members_we_override():
    for name in OVERRIDDEN:
        assert hasattr(DbtCliResource, name), f"dagster-dbt no longer defines DbtCliResource.{name}"
        assert name in BureauDbtResource.__dict__, f"BureauDbtResource no longer overrides {name}"


def test_dagster_dbt_still_calls_them_when_it_runs_dbt():
    # `cli()` is where dagster-dbt asks for the version and builds the adapter.
    source = inspect.getsource(DbtCliResource)
    assert "self._cli_version" in source
    assert "self._initialize_dbt_core_adapter(" in source


def test_the_overrides_answer_without_starting_dbt():
    dbt = build_resources()["dbt"]
    assert isinstance(dbt, BureauDbtResource)
    assert dbt._cli_version == version.parse(importlib.metadata.version("dbt-core"))
    assert dbt._initialize_dbt_core_adapter(["build"]) is None
