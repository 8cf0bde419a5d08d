"""The Dagster code location loads and its graph runs from raw documents to the marts."""

from __future__ import annotations

import dagster as dg
import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def defs(dbt_manifest):
    from orchestration.definitions import defs

    return defs


def test_definitions_load(defs):
    repo = defs.get_repository_def()
    keys = {k.to_user_string() for k in repo.asset_graph.get_all_asset_keys()}
    assert {
        "raw_documents",
        "document_text",
        "indicator_facts",
        "fct_indicator_observations",
        "dim_documents",
        "dim_indicators",
        "dim_regions",
        "unmapped_facts",
        "quarantine",
    } <= keys


def test_graph_connects_raw_documents_to_observations(defs):
    graph = defs.get_repository_def().asset_graph
    target = dg.AssetKey("fct_indicator_observations")
    frontier, seen = [dg.AssetKey("raw_documents")], set()
    while frontier:
        key = frontier.pop()
        if key in seen:
            continue
        seen.add(key)
        frontier.extend(graph.get(key).child_keys)
    assert target in seen


def test_every_asset_has_a_description(defs):
    graph = defs.get_repository_def().asset_graph
    missing = [
        k.to_user_string()
        for k in graph.get_all_asset_keys()
        if not graph.get(k).description and graph.get(k).is_materializable
    ]
    assert not missing


def test_writers_share_one_pool(defs):
    graph = defs.get_repository_def().asset_graph
    for name in ("raw_documents", "document_text", "indicator_facts", "fct_indicator_observations"):
        node = graph.get(dg.AssetKey(name))
        assert node.pools == {"warehouse"}, name


def test_mart_checks_run_with_the_marts(defs):
    job = defs.resolve_job_def("build_marts")
    check_names = {key.name for key in job.asset_layer.asset_graph.asset_check_keys}
    assert {
        "rd_intensity_between_0_and_10",
        "growth_between_minus_100_and_1000",
        "no_series_value_from_a_target",
    } <= check_names


def test_mart_checks_are_dbt_tests(defs):
    """Each rule lives once, as a dbt test: the checks come from the dbt assets (the dbt build
    runs them), a `severity: warn` test is a non-blocking warning, an error-level one blocks."""
    marts = next(
        a for a in defs.assets if isinstance(a, dg.AssetsDefinition) and a.op.name == "warehouse_marts"
    )
    specs = {(s.asset_key.to_user_string(), s.name): s for s in marts.check_specs}
    assert not specs[("fct_indicator_observations", "rd_intensity_between_0_and_10")].blocking
    assert not specs[("fct_indicator_observations", "growth_between_minus_100_and_1000")].blocking
    assert specs[("indicator_series", "no_series_value_from_a_target")].blocking
    python_checks = {key for c in defs.asset_checks or [] for key in c.check_keys}
    assert not {key for key in python_checks if key.asset_key in marts.keys}, (
        "checks on dbt models belong in dbt_project/tests or a model's data_tests"
    )


def test_sensors_and_schedule_are_defined(defs):
    repo = defs.get_repository_def()
    sensors = {s.name for s in repo.sensor_defs}
    assert {"inbox", "poll_xiamen_sti"} <= sensors
    assert "daily_marts_refresh" in {s.name for s in repo.schedule_defs}


def test_event_driven_sensors_are_on_as_shipped_and_polls_opt_in(defs):
    repo = defs.get_repository_def()
    status = {s.name: s.default_status for s in repo.sensor_defs}
    assert status["inbox"] == dg.DefaultSensorStatus.RUNNING
    assert status["marts_automation"] == dg.DefaultSensorStatus.RUNNING
    assert status["load_crawled_documents"] == dg.DefaultSensorStatus.RUNNING  # a poll's crawl loads
    polls = [name for name in status if name.startswith("poll_")]
    assert polls and all(status[p] == dg.DefaultSensorStatus.STOPPED for p in polls)
    assert "default_automation_condition_sensor" not in status  # ours covers every asset


def test_every_dbt_node_and_the_report_share_one_automation_condition(defs):
    """So that a tick requests all of them or none: never a partial slice of the marts."""
    from orchestration.defs.automation import WHOLE_SLICE

    graph = defs.get_repository_def().asset_graph
    automated = {k.to_user_string(): graph.get(k).automation_condition for k in graph.get_all_asset_keys()}
    dbt_and_report = {
        k
        for k in automated
        if graph.get(dg.AssetKey(k)).group_name in ("catalog", "warehouse_staging", "marts", "report")
        and graph.get(dg.AssetKey(k)).is_materializable  # (analyst_corrections is a file, not built)
    }
    assert {
        "indicators",
        "stg_documents",
        "dim_documents",
        "fct_indicator_observations",
        "indicator_report",
    } <= dbt_and_report
    assert {automated[k] for k in dbt_and_report} == {WHOLE_SLICE}
    # the document assets are loaded by sensors and the CLI, not by automation
    assert automated["raw_documents"] is None and automated["indicator_facts"] is None


def test_source_tests_are_checks_on_raw_assets_run_by_the_dbt_build(defs):
    """A test in _sources.yml is a check on the raw asset (enable_source_tests_as_checks); the dbt
    op runs it, so the job that writes raw.fetches must not pull that op (and dbt) in."""
    marts = next(
        a for a in defs.assets if isinstance(a, dg.AssetsDefinition) and a.op.name == "warehouse_marts"
    )
    assert {s.asset_key for s in marts.check_specs} >= {dg.AssetKey("raw_fetches")}
    record = defs.resolve_job_def("record_fetches")
    assert [n.name for n in record.graph.nodes] == ["raw_fetches"]
