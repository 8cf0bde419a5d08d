"""Run the Dagster jobs in-process for a set of staged documents: what `bureau load/build` do.

The CLI, tests and benchmarks call these functions; they execute the very jobs
the Dagster UI shows (not a second code path), with the in-process executor.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from orchestration.acquire.intake import IntakeRecord, discover_files, stage_files
from orchestration.settings import BUNDLED_REPORTS_DIR, warehouse_dir, warehouse_path
from orchestration.warehouse.connections import read_connection, write_connection
from orchestration.warehouse.dbt import prepare_manifest

# The run tags that make one run cover a range of partitions (dagster-io/dagster#10441; the UI's
# "launch a range" sets the same two). Written out: `dagster` exports no public name for them.
ASSET_PARTITION_RANGE_START_TAG = "dagster/asset_partition_range_start"
ASSET_PARTITION_RANGE_END_TAG = "dagster/asset_partition_range_end"

# The CLI prints its own summary and one-line errors; Dagster's console log would add stack traces.
QUIET_LOGS = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}

# A load is one run over a range of document partitions. By default Dagster writes one
# "materialization planned" event per partition per asset before the run starts (at
# 10,000 documents: 30,000 events, minutes of SQLite writes); with this it writes one
# per asset naming the range. Trade-off (Dagster's): a failed run does not mark each
# partition failed - a failed document is in `raw.quarantine` with its reason anyway.
# Set when a run starts (`_defs`), not at import.
EMIT_RANGES_ENV = "DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS"


@dataclass
class LoadSummary:
    warehouse: Path
    files: int = 0
    documents: int = 0
    new_documents: int = 0
    quarantined: list[tuple[str, str]] = field(default_factory=list)  # (source_uri, reason)
    problems: list[str] = field(default_factory=list)  # paths that could not even be read
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (source_uri, parser warning)
    facts: int = 0
    observations: int = 0
    mart_rows: dict[str, int] = field(default_factory=dict)
    # rows of this load's documents with plausibility doubts: (source_uri, document_id,
    # indicator_code, measure, value, quality_flags, evidence); shown, never a failure
    flagged: list[tuple] = field(default_factory=list)
    failed: str | None = None

    @property
    def exit_code(self) -> int:
        if self.failed:
            return 1
        return 3 if (self.quarantined or self.problems) else 0


def get_instance() -> dg.DagsterInstance:
    """The persistent instance when DAGSTER_HOME is set (runs show in the UI), else an ephemeral one."""
    if os.environ.get("DAGSTER_HOME"):
        return dg.DagsterInstance.get()
    return dg.DagsterInstance.ephemeral()


def partition_blocks(all_keys: Sequence[str], wanted: set[str]) -> list[tuple[str, str]]:
    """Contiguous runs of `wanted` keys in partition order, as (first, last) ranges."""
    blocks: list[tuple[str, str]] = []
    start = prev = None
    for key in all_keys:
        if key in wanted:
            if start is None:
                start = key
            prev = key
        elif start is not None:
            blocks.append((start, prev))
            start = None
    if start is not None:
        blocks.append((start, prev))
    return blocks


def _defs(warehouse: Path) -> dg.Definitions:
    """The code location's Definitions with resources pointing at `warehouse` (built once per warehouse)."""
    os.environ.setdefault(EMIT_RANGES_ENV, "1")
    prepare_manifest()
    return _defs_for(Path(warehouse))


@functools.cache
def _defs_for(warehouse: Path) -> dg.Definitions:
    from orchestration.definitions import build_defs

    return build_defs(warehouse)


def run_documents(
    records: Sequence[IntakeRecord],
    warehouse: Path,
    instance: dg.DagsterInstance | None = None,
    progress: Callable[[str], None] = lambda _msg: None,
    record_fetches: bool = False,
) -> LoadSummary:
    """Ingest the staged `records` (one run per contiguous partition range) and rebuild the marts once.

    With `record_fetches`, first move staged crawler logs into `raw.fetches`.
    """
    summary = LoadSummary(warehouse=warehouse)
    defs = _defs(warehouse)
    instance = instance or get_instance()
    keys = list(dict.fromkeys(r.document_id for r in records))
    with write_connection(warehouse) as con:  # creates the raw schema on a fresh warehouse
        in_warehouse = {
            k
            for (k,) in con.execute(
                "select document_id from raw.documents where document_id in (select unnest(?))", [keys]
            ).fetchall()
        }
    known = set(instance.get_dynamic_partitions("documents"))
    unregistered = [k for k in keys if k not in known]
    if unregistered:
        instance.add_dynamic_partitions("documents", unregistered)
    summary.documents = len(keys)
    summary.new_documents = sum(1 for k in keys if k not in in_warehouse)
    if record_fetches:
        progress("record fetch log")
        result = defs.resolve_job_def("record_fetches").execute_in_process(
            instance=instance, run_config=QUIET_LOGS, raise_on_error=False
        )
        if not result.success:
            summary.failed = _failure_text(result)
            return summary
    if not keys:  # nothing new to load (e.g. a crawl that found nothing): the marts stand as they are
        _fill_summary(summary, keys)
        return summary
    ingest = defs.resolve_job_def("ingest_documents")
    marts = defs.resolve_job_def("build_marts")
    for first, last in partition_blocks(instance.get_dynamic_partitions("documents"), set(keys)):
        progress(f"ingest {first}..{last}")
        result = ingest.execute_in_process(
            instance=instance,
            run_config=QUIET_LOGS,
            raise_on_error=False,
            tags={ASSET_PARTITION_RANGE_START_TAG: first, ASSET_PARTITION_RANGE_END_TAG: last},
        )
        if not result.success:
            summary.failed = _failure_text(result)
            return summary
    progress("dbt build")
    result = marts.execute_in_process(instance=instance, run_config=QUIET_LOGS, raise_on_error=False)
    if not result.success:
        summary.failed = _failure_text(result)
    _fill_summary(summary, keys)
    return summary


def rebuild_marts(
    warehouse: Path | None = None,
    instance: dg.DagsterInstance | None = None,
) -> LoadSummary:
    """Run only the dbt build (e.g. after `bureau correct`): re-applies corrections, loads nothing."""
    warehouse = warehouse_path(warehouse)
    summary = LoadSummary(warehouse=warehouse)
    result = (
        _defs(warehouse)
        .resolve_job_def("build_marts")
        .execute_in_process(instance=instance or get_instance(), run_config=QUIET_LOGS, raise_on_error=False)
    )
    if not result.success:
        summary.failed = _failure_text(result)
    _fill_summary(summary, [])
    return summary


def _failure_text(result: dg.ExecuteInProcessResult) -> str:
    for event in result.all_events:
        if event.is_failure and event.step_failure_data:
            user = event.step_failure_data.user_failure_data
            if user and user.description:  # our own one-line explanation (dg.Failure)
                return user.description
            err = event.step_failure_data.error
            return f"step {event.step_key} failed: {err.message.strip() if err else 'unknown error'}"
    return "run failed"


def _fill_summary(summary: LoadSummary, keys: list[str]) -> None:
    with read_connection(summary.warehouse) as con:
        summary.quarantined = con.execute(
            "select source_uri, reason from raw.quarantine where document_id in (select unnest(?)) order by 1",
            [keys],
        ).fetchall()
        summary.warnings = [
            (uri, w)
            for uri, text in con.execute(
                "select d.first_source_uri, t.warnings from raw.document_text t join raw.documents d "
                "using (document_id) where t.warnings is not null and document_id in (select unnest(?)) "
                "order by 1",
                [keys],
            ).fetchall()
            for w in text.splitlines()
        ]
        summary.facts = con.execute(
            "select count(*) from raw.indicator_facts where document_id in (select unnest(?))", [keys]
        ).fetchone()[0]
        tables = con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
        ).fetchall()
        for (t,) in tables:
            summary.mart_rows[t] = con.execute(f'select count(*) from marts."{t}"').fetchone()[0]
        columns = {
            c
            for (c,) in con.execute(
                "select column_name from information_schema.columns "
                "where table_schema = 'marts' and table_name = 'fct_indicator_observations'"
            ).fetchall()
        }
        if "quality_flags" in columns:  # a failed first build leaves no marts
            summary.flagged = con.execute(
                """select d.first_source_uri, o.document_id, o.indicator_code, o.measure, o.value,
                          o.quality_flags, o.evidence
                   from marts.fct_indicator_observations o join raw.documents d using (document_id)
                   where o.quality_flags != '' and o.document_id in (select unnest(?))
                   order by 1, o.fact_index, o.is_derived""",
                [keys],
            ).fetchall()
    summary.observations = summary.mart_rows.get("fct_indicator_observations", 0)


def load_paths(
    paths: Sequence[Path],
    warehouse: Path | None = None,
    source_kind: str = "file",
    progress: Callable[[str], None] = lambda _msg: None,
    instance: dg.DagsterInstance | None = None,
) -> LoadSummary:
    """Stage the report files under `paths` and run them end to end."""
    warehouse = warehouse_path(warehouse)
    files, problems = discover_files(list(paths))
    progress(f"staging {len(files)} file(s)")
    if not files:  # nothing readable was named: report the problems, touch nothing
        return LoadSummary(warehouse=warehouse, problems=problems or ["no report files found"])
    records = stage_files(warehouse_dir(warehouse), files, source_kind)
    summary = run_documents(records, warehouse, instance=instance, progress=progress)
    summary.files = len(files)
    summary.problems = problems
    return summary


def build_seeds(
    warehouse: Path | None = None,
    progress: Callable[[str], None] = lambda _m: None,
    instance: dg.DagsterInstance | None = None,
) -> LoadSummary:
    """The bundled corpus in `seeds/`, end to end."""
    return load_paths(
        [BUNDLED_REPORTS_DIR], warehouse, source_kind="seed", progress=progress, instance=instance
    )


def curate(
    action: str,
    document: str,
    warehouse: Path | None = None,
    reason: str = "",
    purge: bool = False,
    instance: dg.DagsterInstance | None = None,
) -> tuple[str, LoadSummary]:
    """`bureau exclude/include/remove`: run the `curate_documents` job (the one the UI launches)
    in-process: apply the decision, then rebuild every mart. Returns what was done and the marts."""
    warehouse = warehouse_path(warehouse)
    summary = LoadSummary(warehouse=warehouse)
    defs = _defs(warehouse)
    config = {"action": action, "document": document, "reason": reason, "purge": purge}
    run_config = {**QUIET_LOGS, "ops": {"document_exclusions": {"config": config}}}
    result = defs.resolve_job_def("curate_documents").execute_in_process(
        instance=instance or get_instance(), run_config=run_config, raise_on_error=False
    )
    message = ""
    for event in result.all_events:
        mat = event.event_specific_data if event.event_type_value == "ASSET_MATERIALIZATION" else None
        if mat and mat.materialization.asset_key == dg.AssetKey("document_exclusions"):
            message = str(mat.materialization.metadata["message"].value)
    if not result.success:
        summary.failed = _failure_text(result)
    if warehouse.exists():
        _fill_summary(summary, [])
    return message, summary
