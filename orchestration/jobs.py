"""Jobs: what a load runs. The CLI executes these same jobs in-process."""

import dagster as dg

from orchestration.assets.partitions import documents_partitions

ingest_documents_job = dg.define_asset_job(
    name="ingest_documents",
    selection=dg.AssetSelection.groups("acquire", "parse", "extract"),
    partitions_def=documents_partitions,
    description="Archive, parse and extract a range of document partitions.",
)

build_marts_job = dg.define_asset_job(
    name="build_marts",
    selection=dg.AssetSelection.groups("catalog", "warehouse_staging", "marts"),
    description="dbt build of every model and test, once per load (not per document).",
)
