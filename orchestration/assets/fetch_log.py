"""The crawler's request log: staged JSON lines drained into `raw.fetches`."""

import dagster as dg

from orchestration.acquire.fetch_log import RAW_FETCHES_COLUMNS, pending_files, read_rows
from orchestration.assets.partitions import WAREHOUSE_POOL
from orchestration.resources import WarehouseResource
from orchestration.warehouse import transaction

COLUMNS = ("fetch_id", *RAW_FETCHES_COLUMNS)


@dg.asset(
    pool=WAREHOUSE_POOL,
    group_name="acquire",
    kinds={"duckdb"},
    owners=["team:data-platform"],
)
def raw_fetches(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Every HTTP request the crawler made (`raw.fetches`): url, time, status, ETag,
    Last-Modified, bytes, sha256, outcome and error. `bureau crawl` and the publisher
    sensors stage their logs as files; this asset moves them into the warehouse.
    """
    files = pending_files(warehouse.root)
    rows = [r for f in files for r in read_rows(f)]
    with warehouse.writer() as con, transaction(con):
        if rows:
            con.executemany(
                f"insert into raw.fetches ({', '.join(COLUMNS)}) values ({', '.join('?' * len(COLUMNS))}) "
                "on conflict do nothing",
                [[r[c] for c in COLUMNS] for r in rows],
            )
        total = con.execute("select count(*) from raw.fetches").fetchone()[0]
        failures = con.execute(
            "select count(*) from raw.fetches where outcome not in ('ok', 'not_modified')"
        ).fetchone()[0]
    for f in files:  # only after the commit: a crash before this re-inserts nothing (keys)
        f.unlink(missing_ok=True)
    return dg.MaterializeResult(
        metadata={
            "fetches_in_run": len(rows),
            "dagster/row_count": total,
            "failed_or_refused_total": failures,
        }
    )
