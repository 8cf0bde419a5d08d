"""One dynamic partition per document version (key: `d` + 16 hex of the sha256)."""

import dagster as dg

documents_partitions = dg.DynamicPartitionsDefinition(name="documents")

# Every document-partitioned asset processes a whole range of documents in one
# run (one run per load, not one per document): cheap in-process CLI runs and
# batched inserts. A sensor-triggered run is simply a range of one.
batch_policy = dg.BackfillPolicy.single_run()

WAREHOUSE_POOL = "warehouse"


# Lineage nodes for tables an asset writes beside its own, in the same transaction.
#
# `raw_documents` also writes `raw.document_sources`; `document_text` also writes
# `raw.sentences` and `raw.quarantine`. Each is a node of its own in the graph (the dbt
# source of that table points at it) but not a separately materialized asset: with
# one dynamic partition per document, every extra materialized key would add an
# event-log write per document.
#
def side_table(key: str, *, written_by: str, group: str, description: str) -> dg.AssetSpec:
    """A spec for table `key`, downstream of the asset `written_by` that writes it."""
    return dg.AssetSpec(
        key,
        deps=[written_by],
        description=f"{description} Written by `{written_by}`, in the same transaction.",
        group_name=group,
        kinds={"duckdb"},
        owners=["team:data-platform"],
    )
