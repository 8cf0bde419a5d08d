"""What a document partition's page in the Dagster UI shows about that one document.

Partition keys stay `d` + 16 hex of the sha256 (stable, content-addressed); these
entries make a partition readable: its title, area, covered year and source, and its
own counts (the run-level totals sit beside them when a run covered many documents).
Kept small: they ride on one materialization event per document per stage.
"""

from __future__ import annotations

import dagster as dg

from orchestration.catalog.regions import region_by_code

# Dagster checks each partition key given to `add_asset_metadata` against every key of the
# dynamic partitions (one storage query per call), so per-document entries cost O(run x
# warehouse): a 10,000-report build spent most of its time there. Runs of more documents than
# this keep the run-level totals only.
PER_DOCUMENT_METADATA_MAX = 200


def area_label(region_code: str | None) -> str:
    if not region_code:
        return "-"
    region = region_by_code().get(region_code)
    return f"{region.name} ({region_code})" if region else region_code


def document_entries(
    title: str | None, region_code: str | None, covered_year: int | None, source: str | None
) -> dict[str, str]:
    return {
        "document title": title or "-",
        "document area": area_label(region_code),
        "document covered year": str(covered_year) if covered_year else "-",
        "document source": source or "-",
    }


def add_document_metadata(
    context: dg.AssetExecutionContext, n_documents: int, document_id: str, entries: dict
) -> None:
    """The entries of one document's partition, when the run covers few enough documents."""
    if n_documents <= PER_DOCUMENT_METADATA_MAX:
        context.add_asset_metadata(entries, partition_key=document_id)
