"""Stage 4: the dbt project (staging -> intermediate -> marts) as Dagster assets.

The data-quality checks on the marts are the dbt tests (dagster-dbt makes each one an asset
check, a `severity: warn` test a warning): one home for every rule, in `dbt_project/`."""

import functools
from collections.abc import Mapping
from typing import Any

import dagster as dg
import duckdb
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets
from dagster_dbt.errors import DagsterDbtCliRuntimeError

from orchestration.defs._metadata import with_table_metadata
from orchestration.defs.automation import WHOLE_SLICE
from orchestration.defs.partitions import WAREHOUSE_POOL
from orchestration.defs.resources import WarehouseResource
from orchestration.settings import dbt_target_dir
from orchestration.warehouse import exclusions
from orchestration.warehouse.connections import ensure_raw_schema, transaction, write_connection, writer_lock
from orchestration.warehouse.corrections import corrections_path
from orchestration.warehouse.dbt import dbt_project, prepare_if_dev, prepare_manifest, warehouse_env
from orchestration.warehouse.dbt_failures import explain_failures
from orchestration.warehouse.published import publish_read_copy
from orchestration.warehouse.raw_corrections import load_into

analyst_corrections = dg.AssetSpec(
    "analyst_corrections",
    description="Analysts' corrections: `corrections.csv` beside the warehouse (or env "
    "`BUREAU_CORRECTIONS`), written by `bureau correct` and kept under version control. "
    "`warehouse_marts` copies it into `raw.corrections` at the start of every dbt build; "
    "`marts.corrections` shows what became of each row (applied, dropped, orphaned, ...).",
    group_name="catalog",
    kinds={"csv"},
    owners=["team:analysts"],
)


class BureauTranslator(DagsterDbtTranslator):
    """Groups dbt nodes by layer so the UI reads as the data flow."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        fqn = dbt_resource_props.get("fqn", [])
        if dbt_resource_props.get("resource_type") == "seed":
            return "catalog"
        if "marts" in fqn:
            return "marts"
        return "warehouse_staging"

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        # Model names are unique in the project: keep keys short (`fct_indicator_observations`,
        # not `marts/fct_indicator_observations`); sources keep their meta.dagster.asset_key.
        if dbt_resource_props.get("resource_type") in ("model", "seed", "snapshot"):
            return dg.AssetKey(dbt_resource_props["name"])
        return super().get_asset_key(dbt_resource_props)

    def get_automation_condition(
        self, dbt_resource_props: Mapping[str, Any]
    ) -> dg.AutomationCondition | None:
        # The marts refresh by themselves after each load, as one whole slice (automation.py).
        return WHOLE_SLICE


@functools.cache
def warehouse_marts() -> dg.AssetsDefinition:
    """The dbt assets, built once per process from the manifest (DOP's cached factory): importing
    this module never runs dbt. Under `dagster dev` the manifest is rebuilt when stale; on a fresh
    clone outside it, it is built once here (the CLI and tests prepare it beforehand, so this
    costs nothing on their path)."""
    prepare_if_dev()
    if not dbt_project.manifest_path.exists():
        prepare_manifest()

    @dbt_assets(
        manifest=dbt_project.manifest_path,
        project=dbt_project,
        dagster_dbt_translator=BureauTranslator(
            settings=DagsterDbtTranslatorSettings(
                enable_code_references=True,
                enable_asset_checks=True,
                # tests in _sources.yml become checks on the raw assets that write those tables
                enable_source_tests_as_checks=True,
            )
        ),
        pool=WAREHOUSE_POOL,
    )
    def warehouse_marts(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
        """`dbt build` of staging, intermediate and mart models with their tests, against the
        warehouse file; the raw tables are created first so a fresh warehouse builds too, and the
        analysts' corrections file is copied into `raw.corrections` so every build applies it.
        Each mart's materialization carries its row count and a preview of its first rows."""
        ensure_raw_schema(warehouse.file)
        with writer_lock(warehouse.file), warehouse_env(warehouse.file):
            # People's judgement applies to every build: exclusions (exclusions.csv, hand edits
            # included) and corrections (corrections.csv), copied in under the writer lock.
            corrections_file = corrections_path(warehouse.file)
            with write_connection(warehouse.file) as con, transaction(con):
                exclusions.sync_exclusions(con, warehouse.root)
                n_corrections = load_into(con, corrections_file)
            context.log.info(f"{n_corrections} correction row(s) from {corrections_file}")
            # A fixed target path per warehouse keeps dbt's partial-parse cache between runs
            # (dagster-dbt otherwise uses a fresh folder per invocation and dbt re-parses
            # everything); runs on one warehouse never overlap because they hold the writer lock.
            target = dbt_target_dir(warehouse.file)
            # dbt holds the file while it runs: events wait until it ends, then get the counts.
            events = []
            try:
                # dbt's unit tests check the SQL, not the data: they run in the test suite
                # (tests/integration/test_dbt_unit_tests.py), not in every build (dbt's advice)
                args = ["build", "--exclude-resource-type", "unit_test"]
                events.extend(dbt.cli(args, context=context, target_path=target).stream())
            except DagsterDbtCliRuntimeError:
                # A structural test or a model failed (plausibility tests only warn). Say which
                # document(s) and the way out in one line; the published copy stays the last good one.
                lines = explain_failures(target, warehouse.file) or ["dbt build failed: see the dbt log"]
                raise dg.Failure(
                    description="; ".join(lines),
                    metadata={"failures": dg.MetadataValue.md("\n".join(f"- {x}" for x in lines))},
                    allow_retries=False,
                ) from None
            finally:
                yield from with_table_metadata(warehouse.file, events)
            # Still holding the lock, with dbt's connection closed: checkpoint and publish the
            # read-only copy analysts query while the next run writes (any run: CLI, sensor, UI).
            con = duckdb.connect(str(warehouse.file))
            try:
                con.execute("checkpoint")
            finally:
                con.close()
            publish_read_copy(warehouse.file)

    return warehouse_marts
