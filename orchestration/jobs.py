"""Jobs: what a load runs. The CLI executes these same jobs in-process."""

import dagster as dg

ingest_documents_job = dg.define_asset_job(
    name="ingest_documents",
    selection=dg.AssetSelection.groups("acquire", "parse", "extract")
    - dg.AssetSelection.assets("raw_fetches"),
    description="Archive, parse and extract a range of document partitions.",
)

build_marts_job = dg.define_asset_job(
    name="build_marts",
    selection=dg.AssetSelection.groups("catalog", "warehouse_staging", "marts"),
    description="dbt build of every model and test, once per load (not per document).",
)

record_fetches_job = dg.define_asset_job(
    name="record_fetches",
    selection=dg.AssetSelection.assets("raw_fetches"),
    description="Move the crawler's staged request logs into raw.fetches.",
)

curate_documents_job = dg.define_asset_job(
    name="curate_documents",
    selection=dg.AssetSelection.assets("document_exclusions")
    | dg.AssetSelection.groups("catalog", "warehouse_staging", "marts"),
    description="Exclude a document from every mart, include it again, or remove it (config of "
    "`document_exclusions`: action, document, reason, purge), then rebuild the marts. `bureau exclude`, "
    "`bureau include` and `bureau remove` run this job.",
)
