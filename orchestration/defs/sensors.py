"""The sensors that notice new reports by themselves: in an inbox folder and on publisher websites.

A tick only discovers and asks for runs; the runs do the writing under the single-writer
pool. The inbox tick stages the dropped files (archive + intake record) and requests their
loads. A publisher tick makes one conditional request per listing page (an unchanged site
costs a 304) and asks for a `crawl_publisher` run, which crawls and stages; the
`load_crawled_documents` tick then requests the loads of what that run staged. After the
loads, `marts_automation` (defs/automation.py) rebuilds the marts.
"""

import datetime as dt
import json
import os
import re
import time
from collections.abc import Iterable
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
from croniter import croniter

from orchestration.acquire.crawl_queue import remove_crawls, staged_crawls
from orchestration.acquire.fetch_config import FetchConfig
from orchestration.acquire.fetch_log import stage_fetch_log
from orchestration.acquire.fetcher import Fetcher
from orchestration.acquire.intake import SourceRecord, is_report_file, now_iso, stage_bytes
from orchestration.acquire.publishers import Publisher, load_publishers
from orchestration.acquire.validators import ValidatorStore
from orchestration.defs.automation import marts_automation
from orchestration.defs.jobs import (
    CRAWL_RUN_RETRIES,
    crawl_publisher_job,
    ingest_documents_job,
    record_fetches_job,
)
from orchestration.defs.partitions import documents_partitions
from orchestration.defs.resources import WarehouseResource
from orchestration.settings import sensor_interval_seconds

# poll_cron in publishers.yaml is China time. China has kept no daylight saving time since 1991,
# so croniter's plain "next matching minute" is exactly the tick a Dagster schedule would take.
POLL_TIMEZONE = ZoneInfo("Asia/Shanghai")


def _partition_requests(context, document_ids: Iterable[str]) -> list[dg.AddDynamicPartitionsRequest]:
    """Add the partitions of documents not seen before (one request, or none)."""
    existing = set(context.instance.get_dynamic_partitions(documents_partitions.name))
    new = [k for k in dict.fromkeys(document_ids) if k not in existing]
    return [documents_partitions.build_add_request(new)] if new else []


def _ingest_request(document_id: str, run_key: str, tags: dict[str, str] | None = None) -> dg.RunRequest:
    """One `ingest_documents` run for one document partition."""
    return dg.RunRequest(
        job_name=ingest_documents_job.name, partition_key=document_id, run_key=run_key, tags=tags or {}
    )


def _requests_for(context, records) -> dg.SensorResult:
    """Add partitions for documents not seen before and request one ingest run per document."""
    keys = list(dict.fromkeys(r.document_id for r in records))
    return dg.SensorResult(
        run_requests=[_ingest_request(k, run_key=k) for k in keys],
        dynamic_partitions_requests=_partition_requests(context, keys),
    )


def _next_poll(publisher: Publisher, checked_at: float | None) -> dt.datetime | None:
    """When the publisher's `poll_cron` next fires after the last check (None: due now)."""
    if not (publisher.poll_cron and checked_at):
        return None
    last = dt.datetime.fromtimestamp(checked_at, tz=POLL_TIMEZONE)
    return croniter(publisher.poll_cron, last).get_next(dt.datetime)


def build_publisher_sensor(publisher: Publisher, registry: str = "") -> dg.SensorDefinition:
    """A sensor that notices when one publisher's listing pages change and asks for a crawl run.

    The tick only discovers: at each `poll_cron` tick (Asia/Shanghai) or every
    `poll_interval_minutes`, one conditional GET per listing URL (an unchanged site costs
    a 304). When a listing changed it requests a `crawl_publisher` run (for the entry of
    `registry`, default the bundled one), which crawls and stages under Dagster's run
    retries: a first poll of a listing with dozens of new articles at 1 request/s would
    outrun a sensor tick's time limit. Cursor: the time of the last check and the listings'
    validators.
    """
    cron = publisher.poll_cron
    interval = 60 if cron else 60 * (publisher.poll_interval_minutes or 60 * 24)
    when = f"at `{cron}` (Asia/Shanghai)" if cron else f"every {interval // 60} minutes"
    config = {"publisher": publisher.id, **({"registry": registry} if registry else {})}

    @dg.sensor(
        name="poll_" + re.sub(r"\W", "_", publisher.id),
        description=f"Poll {publisher.name}'s listing pages {when}; on a change, request a "
        "`crawl_publisher` run (crawl and stage; `load_crawled_documents` loads, the marts follow). "
        "Off by default: turn it on per publisher in the UI (Automation) once its registry entry is "
        "checked against the live site.",
        jobs=[crawl_publisher_job],
        minimum_interval_seconds=interval,
        default_status=dg.DefaultSensorStatus.STOPPED,
    )
    def _poll(context: dg.SensorEvaluationContext, warehouse: WarehouseResource):
        state = json.loads(context.cursor) if context.cursor else {}
        if "checked_at" not in state:  # a cursor of an older version: validators only
            state = {"checked_at": None, "validators": state}
        due = _next_poll(publisher, state["checked_at"])
        if due and dt.datetime.now(dt.UTC) < due:
            return dg.SkipReason(f"next poll of {publisher.name} at {due.isoformat()}")
        changed, notes = _listings_changed(publisher, state, warehouse.root)
        state["checked_at"] = time.time()
        context.update_cursor(json.dumps(state))
        if not changed:
            return dg.SkipReason(f"{publisher.name}: {'; '.join(notes)}")
        return dg.RunRequest(
            job_name=crawl_publisher_job.name,
            run_key=f"{publisher.id}:{':'.join(changed)}",
            run_config={"ops": {"crawl_and_stage": {"config": config}}},
            tags={"publisher": publisher.id, "dagster/max_retries": str(CRAWL_RUN_RETRIES)},
        )

    return _poll


def _listings_changed(publisher: Publisher, state: dict, root: Path) -> tuple[list[str], list[str]]:
    """One conditional GET per listing URL: the sha256 prefixes of those that changed, and notes."""
    validators = ValidatorStore(state.get("validators") or {})
    config = FetchConfig(allow_private_addresses=publisher.allow_private_addresses)
    changed, notes = [], []
    with Fetcher(config, validators=validators) as fetcher:
        for url in publisher.listing_urls:
            res = fetcher.fetch(url, publisher=publisher, purpose="listing")
            if res.ok and res.sha256 != res.previous_sha256:
                changed.append(res.sha256[:12])
            elif res.ok or res.not_modified:
                notes.append(f"{url} unchanged")
            else:  # the next tick asks again; nothing is lost
                notes.append(f"{url} {res.outcome}: {res.error or res.status}")
        stage_fetch_log(root, fetcher.log)  # into raw.fetches with the next crawl or load
    state["validators"] = validators.to_dict()
    return changed, notes


@dg.sensor(
    name="load_crawled_documents",
    description="Load what `crawl_publisher` runs staged: add the new document partitions, request "
    "one `ingest_documents` run per document and a `record_fetches` run for the crawl's request log "
    "(on by default). The marts follow through `marts_automation`.",
    jobs=[ingest_documents_job, record_fetches_job],
    minimum_interval_seconds=sensor_interval_seconds(),
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def load_crawled_documents(context: dg.SensorEvaluationContext, warehouse: WarehouseResource):
    """Turn each crawl waiting in `crawl_state/to_load/` (acquire/crawl_queue.py) into load runs.

    A crawl run writes one entry naming the documents it staged, whether it then succeeded or
    failed on a passing network error (and is retried), which is why this watches that folder
    rather than the runs' success. Run keys are `<crawl run id>:<document>`: a report found again
    by a later crawl (at a new address, say) is loaded again, so its new source is recorded.
    Cursor: the entries requested by the last tick; they are removed at the next one, once
    Dagster has stored those run requests.
    """
    remove_crawls(warehouse.root, json.loads(context.cursor) if context.cursor else [])
    crawls, problems = staged_crawls(warehouse.root)
    context.update_cursor(json.dumps([c.name for c in crawls]))
    for problem in problems:
        context.log.warning(problem)
    if not crawls:
        return dg.SkipReason(
            "no crawl waiting to be loaded" + (f" ({len(problems)} unreadable)" if problems else "")
        )
    runs = [
        _ingest_request(doc, run_key=f"{c.name}:{doc}", tags={"publisher": c.publisher, "crawl_run": c.name})
        for c in crawls
        for doc in c.documents
    ]
    # `raw_fetches` drains every staged request log at once: one run for all the crawls of this tick
    runs.append(dg.RunRequest(job_name=record_fetches_job.name, run_key=f"{crawls[0].name}:fetches"))
    return dg.SensorResult(
        run_requests=runs,
        dynamic_partitions_requests=_partition_requests(context, [d for c in crawls for d in c.documents]),
    )


@dg.sensor(
    name="inbox",
    description="Load report files dropped into the folder named by env BUREAU_INBOX (on by default; "
    "skips while the variable is unset). The marts follow through `marts_automation`.",
    jobs=[ingest_documents_job],
    minimum_interval_seconds=sensor_interval_seconds(),
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
    return _requests_for(context, records)


def all_sensors(registry: str | Path | None = None) -> list[dg.SensorDefinition]:
    """The inbox, crawl-load and automation sensors, and one poll sensor per publisher of
    `registry` (default: the bundled `publishers.yaml`)."""
    return [
        inbox_sensor,
        load_crawled_documents,
        marts_automation,
        *(build_publisher_sensor(p, str(registry or "")) for p in load_publishers(registry).values()),
    ]
