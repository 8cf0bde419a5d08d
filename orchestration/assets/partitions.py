"""One dynamic partition per document version (key: `d` + 16 hex of the sha256)."""

import dagster as dg

documents_partitions = dg.DynamicPartitionsDefinition(name="documents")

# Every document-partitioned asset processes a whole range of documents in one
# run (one run per load, not one per document): cheap in-process CLI runs and
# batched inserts. A sensor-triggered run is simply a range of one.
batch_policy = dg.BackfillPolicy.single_run()

WAREHOUSE_POOL = "warehouse"
