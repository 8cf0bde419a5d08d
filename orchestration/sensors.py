"""Sensors: notice new reports by themselves — on publisher websites and in an inbox folder.

A tick only stages bytes (archive + intake record) and asks for runs; the runs
do the writing under the single-writer pool. Ticks are cheap: listing pages are
requested conditionally, so an unchanged site costs one 304 per listing.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import dagster as dg

from orchestration.acquire.fetch import ValidatorStore
from orchestration.acquire.intake import SourceRecord, is_report_file, now_iso, stage_bytes
from orchestration.assets.partitions import documents_partitions
from orchestration.crawling import crawl_once
from orchestration.jobs import ingest_documents_job, record_fetches_job
from orchestration.resources import WarehouseResource
from orchestration.sources import Publisher, load_publishers


def _requests_for(context, records, extra: list[dg.RunRequest]) -> dg.SensorResult:
    """Add partitions for documents not seen before and request one ingest run per document."""
    existing = set(context.instance.get_dynamic_partitions(documents_partitions.name))
    keys = list(dict.fromkeys(r.document_id for r in records))
    new = [k for k in keys if k not in existing]
    runs = [dg.RunRequest(job_name=ingest_documents_job.name, partition_key=k, run_key=k) for k in keys]
    return dg.SensorResult(
        run_requests=extra + runs,
        dynamic_partitions_requests=[documents_partitions.build_add_request(new)] if new else [],
    )


def build_publisher_sensor(publisher: Publisher) -> dg.SensorDefinition:
    """A sensor polling one publisher's listing pages (cursor: validators of every URL seen)."""

    @dg.sensor(
        name="poll_" + re.sub(r"\W", "_", publisher.id),
        description=f"Poll {publisher.name}'s listing pages for new or changed reports.",
        jobs=[ingest_documents_job, record_fetches_job],
        minimum_interval_seconds=60 * (publisher.poll_interval_minutes or 60 * 24),
        default_status=dg.DefaultSensorStatus.STOPPED,  # turn on per publisher in the UI
    )
    def _poll(context: dg.SensorEvaluationContext, warehouse: WarehouseResource):
        validators = ValidatorStore.from_json(context.cursor)
        result, records = crawl_once(
            list(publisher.listing_urls),
            warehouse.root,
            validators,
            conditional_listings=True,
            publisher=publisher,
        )
        failed = result.by_outcome("failed")
        if failed:
            context.log.warning(f"{len(failed)} document(s) failed; retried next tick: {failed[0].url}")
        context.update_cursor(json.dumps(result.validators))
        extra = [dg.RunRequest(job_name=record_fetches_job.name)] if result.fetch_log else []
        if not records and not extra:
            return dg.SkipReason(f"nothing new at {publisher.name} ({result.summary()})")
        return _requests_for(context, records, extra)

    return _poll


@dg.sensor(
    name="inbox",
    description="Load report files dropped into the folder named by env BUREAU_INBOX.",
    jobs=[ingest_documents_job],
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def inbox_sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseResource):
    """Stage every new or changed file in the inbox (cursor: size and mtime per path)."""
    folder = os.environ.get("BUREAU_INBOX")
    if not folder:
        return dg.SkipReason("BUREAU_INBOX is not set")
    inbox = Path(folder)
    if not inbox.is_dir():
        return dg.SkipReason(f"inbox {inbox} does not exist")
    seen: dict[str, str] = json.loads(context.cursor) if context.cursor else {}
    records = []
    for path in sorted(p for p in inbox.rglob("*") if p.is_file() and is_report_file(p)):
        stat = path.stat()
        stamp = f"{stat.st_size}:{stat.st_mtime_ns}"
        if seen.get(str(path)) == stamp:
            continue
        records.append(
            stage_bytes(
                warehouse.root, path.read_bytes(), SourceRecord(str(path.resolve()), "inbox", now_iso())
            )
        )
        seen[str(path)] = stamp
    context.update_cursor(json.dumps(seen))
    if not records:
        return dg.SkipReason("no new files in the inbox")
    return _requests_for(context, records, [])


def all_sensors() -> list[dg.SensorDefinition]:
    return [inbox_sensor, *(build_publisher_sensor(p) for p in load_publishers().values())]
