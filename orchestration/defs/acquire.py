"""The crawler's request log: staged JSON lines drained into `raw.fetches`."""

import datetime as dt
import hashlib

import dagster as dg

from orchestration.acquire.fetch_log import pending_files, read_rows
from orchestration.acquire.intake import read_intake
from orchestration.defs._metadata import add_document_metadata, document_entries
from orchestration.defs.partitions import WAREHOUSE_POOL, batch_policy, documents_partitions, side_table
from orchestration.defs.resources import WarehouseResource
from orchestration.warehouse.connections import insert_rows, transaction
from orchestration.warehouse.rows import quarantine_row
from orchestration.warehouse.tables import FETCHES

COLUMNS = FETCHES.column_names  # the log rows carry every column of raw.fetches, by name


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


# Stage 1: archived bytes and their sources into `raw.documents` / `raw.document_sources`.
def _date_or_none(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


raw_document_sources = side_table(
    "raw_document_sources",
    written_by="raw_documents",
    group="acquire",
    description="Every file path or URL a document version arrived from (`raw.document_sources`), "
    "with manifest metadata.",
)


@dg.asset(
    partitions_def=documents_partitions,
    backfill_policy=batch_policy,
    pool=WAREHOUSE_POOL,
    group_name="acquire",
    kinds={"duckdb"},
    owners=["team:data-platform"],
    check_specs=[
        dg.AssetCheckSpec(
            "unique_sha256",
            asset="raw_documents",
            description="Each document version (sha256) appears exactly once.",
        ),
    ],
)
def raw_documents(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Report bytes exactly as received (`raw.documents`, one row per sha256) and every file
    path or URL they arrived from, with manifest metadata (`raw.document_sources`).

    Reads the intake record staged by discovery (bundled seeds, `bureau load`,
    the inbox sensor or the crawler) for each document partition and records
    the bytes, where they came from and any manifest metadata. Re-running a
    partition replaces its source rows; the bytes of a version never change.

    Partition keys are `d` + the first 16 hex of the sha256; each partition's page shows
    that document's source, size, sha256 and the title, area and covered year a manifest gave.
    """
    keys = context.partition_keys
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    doc_rows, source_rows, missing = [], [], []
    for key in keys:
        try:
            rec = read_intake(warehouse.root, key)
            data = (warehouse.root / rec.archive_path).read_bytes()
        except (FileNotFoundError, ValueError):
            missing.append(key)  # quarantined below; the other documents go on
            continue
        if hashlib.sha256(data).hexdigest() != rec.sha256:
            missing.append(key)  # the archived bytes were damaged: never load something else
            continue
        first = rec.sources[0]
        add_document_metadata(
            context,
            len(keys),
            key,
            {
                **document_entries(first.title, first.region_code, first.covered_year, first.source_uri),
                "document sha256": rec.sha256,
                "document bytes": rec.byte_size,
                "document sources": len(rec.sources),
            },
        )
        doc_rows.append(
            {
                "document_id": rec.document_id,
                "sha256": rec.sha256,
                "byte_size": rec.byte_size,
                "media_type": rec.media_type,
                "content": data,
                "archive_path": rec.archive_path,
                "first_source_uri": first.source_uri,
                "loaded_at": now,
            }
        )
        for s in rec.sources:
            seen = dt.datetime.fromisoformat(s.seen_at)
            source_rows.append(
                {
                    "document_id": rec.document_id,
                    "source_uri": s.source_uri,
                    "source_kind": s.source_kind,
                    "title": s.title,
                    "publisher": s.publisher,
                    "region_code": s.region_code,
                    "covered_year": s.covered_year,
                    "published_date": _date_or_none(s.published_date),
                    "report_kind": s.report_kind,
                    "first_seen_at": seen,
                    "last_seen_at": now,
                    "original_url": s.original_url,
                }
            )
    with warehouse.writer() as con, transaction(con):
        if doc_rows:
            # Bytes are immutable per id: keep the first loaded_at on re-runs.
            insert_rows(con, "raw.documents", doc_rows, tail="on conflict do nothing")
            insert_rows(
                con,
                "raw.document_sources",
                source_rows,
                tail="""on conflict (document_id, source_uri) do update set
                     source_kind = excluded.source_kind, title = excluded.title,
                     publisher = excluded.publisher, region_code = excluded.region_code,
                     covered_year = excluded.covered_year, published_date = excluded.published_date,
                     report_kind = excluded.report_kind, last_seen_at = excluded.last_seen_at,
                     original_url = excluded.original_url""",
            )
        for key in missing:
            con.execute("delete from raw.quarantine where document_id = ? and stage = 'acquire'", [key])
        reason = "no intake record, or archived bytes missing or damaged, for this partition"
        insert_rows(
            con,
            "raw.quarantine",
            [quarantine_row(key, f"intake:{key}", "acquire", reason, now) for key in missing],
        )
        dupes = con.execute(
            "select count(*) from (select sha256 from raw.documents group by sha256 having count(*) > 1)"
        ).fetchone()[0]
        total = con.execute("select count(*) from raw.documents").fetchone()[0]
        total_sources = con.execute("select count(*) from raw.document_sources").fetchone()[0]
    if missing:
        context.log.warning(f"{len(missing)} partition(s) had no intake record: {missing[:5]}")
    # One materialization event per partition carries this metadata: keep it small.
    return dg.MaterializeResult(
        metadata={
            "documents_in_run": len(doc_rows),
            "sources_in_run": len(source_rows),
            "missing_intake": len(missing),
            "documents_total": total,
            "sources_total": total_sources,
            "source_uris": dg.MetadataValue.md(
                "\n".join(f"- `{r['first_source_uri']}`" for r in doc_rows[:5]) or "-"
            ),
        },
        check_results=[
            dg.AssetCheckResult(
                asset_key="raw_documents",
                check_name="unique_sha256",
                passed=dupes == 0,
                metadata={"duplicated_sha256": dupes},
            )
        ],
    )
