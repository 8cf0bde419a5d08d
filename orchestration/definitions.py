"""The Dagster code location: assets, jobs, sensors, schedules and resources of bureau-indicators."""

import dagster as dg

from orchestration.warehouse.dbt import prepare_if_dev

# Under `dagster dev` the dbt manifest is rebuilt on load; the CLI and tests
# prepare it themselves before importing this module.
prepare_if_dev()

from orchestration.defs.acquire import (  # noqa: E402
    raw_document_sources,
    raw_documents,
    raw_fetches,
)
from orchestration.defs.automation import (  # noqa: E402
    all_sensors,
    build_marts_job,
    crawl_publisher_job,
    curate_documents_job,
    daily_marts_refresh,
    ingest_documents_job,
    record_fetches_job,
)
from orchestration.defs.curation import document_exclusions  # noqa: E402
from orchestration.defs.extract import indicator_facts  # noqa: E402
from orchestration.defs.marts import (  # noqa: E402
    analyst_corrections,
    mart_checks,
    warehouse_marts,
)
from orchestration.defs.parse import document_quarantine, document_sentences, document_text  # noqa: E402
from orchestration.defs.report import indicator_report  # noqa: E402
from orchestration.defs.resources import build_resources  # noqa: E402

defs = dg.Definitions(
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
        warehouse_marts,
        indicator_report,
    ],
    asset_checks=mart_checks,
    jobs=[
        ingest_documents_job,
        build_marts_job,
        record_fetches_job,
        curate_documents_job,
        crawl_publisher_job,
    ],
    sensors=all_sensors(),
    schedules=[daily_marts_refresh],
    resources=build_resources(),
    # One process per run: a subprocess per step re-imports the code location (~8 s each),
    # and every step that writes waits for the one `warehouse` pool slot anyway.
    executor=dg.in_process_executor,
)
