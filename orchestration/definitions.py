"""The Dagster code location of bureau-indicators: `build_defs()` lists every asset, check, job,
sensor, schedule and resource; `defs` is what `dagster dev` and the daemon load
(`[tool.dagster] module_name`).

Nothing else happens at import: the in-process runner (`orchestration.runs.load`) calls
`build_defs(warehouse)` with the warehouse it loads into, instead of passing it through the
environment.
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from orchestration.defs.acquire import raw_document_sources, raw_documents, raw_fetches
from orchestration.defs.curation import document_exclusions
from orchestration.defs.extract import indicator_facts
from orchestration.defs.jobs import (
    build_marts_job,
    crawl_publisher_job,
    curate_documents_job,
    ingest_documents_job,
    record_fetches_job,
)
from orchestration.defs.marts import analyst_corrections, warehouse_marts
from orchestration.defs.parse import document_quarantine, document_sentences, document_text
from orchestration.defs.report import indicator_report
from orchestration.defs.resources import build_resources
from orchestration.defs.schedules import daily_marts_refresh
from orchestration.defs.sensors import all_sensors


def build_defs(warehouse: str | Path | None = None, registry: str | Path | None = None) -> dg.Definitions:
    """Every Dagster object of the project, with resources pointing at `warehouse` (default: env
    `BUREAU_WAREHOUSE`, else `warehouse/bureau.duckdb`, resolved when a run starts) and one
    `poll_<publisher>` sensor per entry of `registry` (default: the bundled `publishers.yaml`)."""
    return dg.Definitions(
        assets=[
            raw_fetches,
            raw_documents,
            raw_document_sources,
            document_text,
            document_sentences,
            document_quarantine,
            indicator_facts,
            analyst_corrections,
            document_exclusions,
            warehouse_marts(),
            indicator_report,
        ],
        jobs=[
            ingest_documents_job,
            build_marts_job,
            record_fetches_job,
            curate_documents_job,
            crawl_publisher_job,
        ],
        sensors=all_sensors(registry),
        schedules=[daily_marts_refresh],
        resources=build_resources(warehouse),
        # One process per run: a subprocess per step re-imports the code location (~8 s each),
        # and every step that writes waits for the one `warehouse` pool slot anyway.
        executor=dg.in_process_executor,
    )


defs = build_defs()
