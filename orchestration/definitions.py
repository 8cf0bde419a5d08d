"""The Dagster code location: assets, jobs, sensors, schedules and resources of bureau-indicators."""

import dagster as dg

from orchestration.dbt_project import prepare_if_dev

# Under `dagster dev` the dbt manifest is rebuilt on load; the CLI and tests
# prepare it themselves before importing this module.
prepare_if_dev()

from orchestration.assets.document_exclusions import document_exclusions  # noqa: E402
from orchestration.assets.document_text import document_quarantine, document_sentences, document_text  # noqa: E402
from orchestration.assets.fetch_log import raw_fetches  # noqa: E402
from orchestration.assets.indicator_facts import indicator_facts  # noqa: E402
from orchestration.assets.mart_checks import mart_checks  # noqa: E402
from orchestration.assets.raw_documents import raw_document_sources, raw_documents  # noqa: E402
from orchestration.assets.report import indicator_report  # noqa: E402
from orchestration.assets.warehouse_marts import analyst_corrections, warehouse_marts  # noqa: E402
from orchestration.jobs import (  # noqa: E402
    build_marts_job,
    crawl_publisher_job,
    curate_documents_job,
    ingest_documents_job,
    record_fetches_job,
)
from orchestration.resources import build_resources  # noqa: E402
from orchestration.schedules import daily_marts_refresh  # noqa: E402
from orchestration.sensors import all_sensors  # noqa: E402

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
