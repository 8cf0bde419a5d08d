"""What starts runs: the jobs, the daily schedule, the inbox and poll_<publisher> sensors, and the
one automation condition by which every dbt node and the report refresh by themselves.

Declarative automation evaluates each asset's condition on its own. With `eager` per model
the runs it launched were partial slices (a staging model fired as soon as `raw_documents`
had materialized, while the same ingest run was still parsing and extracting; models under
the side-table nodes, which are never materialized, waited on them forever, so
`dim_documents` went stale and the relationship test from the facts failed). Instead every
dbt node (seeds, models) and the report share one condition that reads the same few trigger
assets, so in a tick either all of them are requested - one run, what `build_marts` builds
plus the report, a consistent build - or none is:

* the trigger: the last asset of a document load (`indicator_facts`, materialized after
  `raw_documents` and `document_text` in the same run), a change of exclusions
  (`document_exclusions`) or of the fetch log (`raw_fetches`) since this asset was last
  requested or updated; or the asset is missing (a fresh instance builds everything once);
* wait while any trigger is still in progress (a load is running: build once, after it)
  and while the asset itself is.

The side-table nodes (`raw_document_sources`, `document_sentences`, `document_quarantine`)
are left out of the condition rather than materialized with their parent: materializing
them would add an event-log write per document per table (see defs/partitions.py),
and their writer's materialization already says their data changed.
"""

import datetime as dt
import json
import os
import re
import time
from pathlib import Path

import dagster as dg

# The one private Dagster import: `dagster` has no public "next tick of a cron string" helper,
# and the poll sensors must honour the same cron semantics (and time zones) as schedules do.
from dagster._utils.schedules import get_next_cron_tick
from pydantic import Field

from orchestration.acquire.fetch_config import FetchConfig
from orchestration.acquire.fetch_log import stage_fetch_log
from orchestration.acquire.fetcher import Fetcher
from orchestration.acquire.intake import SourceRecord, is_report_file, now_iso, stage_bytes
from orchestration.acquire.publishers import Publisher, load_publishers
from orchestration.acquire.validators import ValidatorStore
from orchestration.defs.partitions import documents_partitions
from orchestration.defs.resources import WarehouseResource
from orchestration.settings import sensor_interval_seconds

TRIGGERS = ("indicator_facts", "document_exclusions", "raw_fetches")


def _any_trigger(condition: dg.AutomationCondition) -> dg.AutomationCondition:
    result = None
    for key in TRIGGERS:
        part = dg.AutomationCondition.asset_matches(key, condition)
        result = part if result is None else result | part
    return result


WHOLE_SLICE = (
    (dg.AutomationCondition.newly_missing() | _any_trigger(dg.AutomationCondition.newly_updated()))
    .since_last_handled()
    .with_label("new documents, exclusions or fetches since last handled, or missing")
    & ~_any_trigger(dg.AutomationCondition.in_progress()).with_label("no load in progress")
    & ~dg.AutomationCondition.in_progress()
).with_label("whole slice after each load")


# Jobs: what a load runs. The CLI executes these same jobs in-process.
# Run retries of a publisher crawl (Dagster's run retries, enabled in .dagster_home/dagster.yaml):
# a site that failed mid-crawl is crawled again; what was loaded is not fetched twice.
CRAWL_RUN_RETRIES = 2

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
    # without the dbt source tests on raw.fetches (checks of the dbt op): they run in build_marts
    selection=dg.AssetSelection.assets("raw_fetches").without_checks(),
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


class CrawlConfig(dg.Config):
    publisher: str = Field(description="a publisher id from the registry")
    registry: str = Field(default="", description="a publishers YAML file (default: the bundled registry)")


@dg.op(tags={"kind": "http"})
def crawl_and_load_publisher(
    context: dg.OpExecutionContext, config: CrawlConfig, warehouse: WarehouseResource
) -> None:
    """Crawl one publisher's listing pages, fetch new or changed reports, load them and rebuild
    the marts (the `ingest_documents` and `build_marts` jobs, as `bureau crawl` runs them). Fails
    when listing pages or reports could not be fetched for a passing reason (network, 5xx, 429),
    so Dagster retries the run; what was loaded is not fetched again. A 404 is only logged."""
    from orchestration.runs.crawl import crawl_and_load

    pub = load_publishers(config.registry or None)[config.publisher]
    summary = crawl_and_load(
        list(pub.listing_urls),
        warehouse.file,
        max_pages=pub.max_pages,
        allow_private=pub.allow_private_addresses,
        progress=context.log.info,
        instance=context.instance,
    )
    context.log.info(f"{pub.name}: {summary.counts}")
    if summary.load is not None and summary.load.failed:
        raise dg.Failure(description=summary.load.failed)
    for url, reason in summary.failures:
        context.log.warning(f"failed {url}: {reason}")
    if summary.transient:  # the site was down or overloaded: Dagster retries the run
        url, reason = summary.transient[0]
        raise dg.Failure(description=f"{len(summary.transient)} fetch(es) failed, e.g. {url}: {reason}")


@dg.job(
    name="crawl_publisher",
    description="Crawl one publisher and load what is new (requested by its poll sensor; config: publisher).",
    tags={"dagster/max_retries": str(CRAWL_RUN_RETRIES)},
)
def crawl_publisher_job():
    crawl_and_load_publisher()


# Schedules: a daily refresh of the marts, whatever the sensors did during the day.
daily_marts_refresh = dg.ScheduleDefinition(
    name="daily_marts_refresh",
    job=build_marts_job,
    cron_schedule="0 6 * * *",
    execution_timezone="Asia/Shanghai",
    description="Rebuild every mart at 06:00 China time (dbt build with tests).",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)


# Sensors: notice new reports by themselves — in an inbox folder and on publisher websites —
# and refresh the marts when documents land.
#
# A tick only discovers and asks for runs; the runs do the writing under the single-writer
# pool. The inbox tick stages the dropped files (archive + intake record); a publisher tick
# makes one conditional request per listing page (an unchanged site costs a 304) and asks
# for a crawl run; `marts_automation` evaluates the dbt assets' automation conditions.
#
POLL_TIMEZONE = "Asia/Shanghai"  # poll_cron in publishers.yaml is China time


def _requests_for(context, records) -> dg.SensorResult:
    """Add partitions for documents not seen before and request one ingest run per document."""
    existing = set(context.instance.get_dynamic_partitions(documents_partitions.name))
    keys = list(dict.fromkeys(r.document_id for r in records))
    new = [k for k in keys if k not in existing]
    runs = [dg.RunRequest(job_name=ingest_documents_job.name, partition_key=k, run_key=k) for k in keys]
    return dg.SensorResult(
        run_requests=runs,
        dynamic_partitions_requests=[documents_partitions.build_add_request(new)] if new else [],
    )


def _next_poll(publisher: Publisher, checked_at: float | None) -> dt.datetime | None:
    """When the publisher's `poll_cron` next fires after the last check (None: due now)."""
    if not (publisher.poll_cron and checked_at):
        return None
    last = dt.datetime.fromtimestamp(checked_at, tz=dt.UTC)
    return get_next_cron_tick(publisher.poll_cron, last, POLL_TIMEZONE)


def build_publisher_sensor(publisher: Publisher) -> dg.SensorDefinition:
    """A sensor that notices when one publisher's listing pages change and asks for a crawl run.

    The tick only discovers: at each `poll_cron` tick (Asia/Shanghai) or every
    `poll_interval_minutes`, one conditional GET per listing URL (an unchanged site costs
    a 304). When a listing changed it requests a `crawl_publisher` run, which crawls,
    loads and rebuilds the marts under Dagster's run retries: a first poll of a listing
    with dozens of new articles at 1 request/s would outrun a sensor tick's time limit.
    Cursor: the time of the last check and the listings' validators.
    """
    cron = publisher.poll_cron
    interval = 60 if cron else 60 * (publisher.poll_interval_minutes or 60 * 24)
    when = f"at `{cron}` (Asia/Shanghai)" if cron else f"every {interval // 60} minutes"

    @dg.sensor(
        name="poll_" + re.sub(r"\W", "_", publisher.id),
        description=f"Poll {publisher.name}'s listing pages {when}; on a change, request a "
        "`crawl_publisher` run (crawl, load, rebuild the marts). Off by default: turn it on per "
        "publisher in the UI (Automation) once its registry entry is checked against the live site.",
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
            run_config={"ops": {"crawl_and_load_publisher": {"config": {"publisher": publisher.id}}}},
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


marts_automation = dg.AutomationConditionSensorDefinition(
    "marts_automation",
    target=dg.AssetSelection.all(),
    default_status=dg.DefaultSensorStatus.RUNNING,  # the event-driven path works as shipped
    minimum_interval_seconds=sensor_interval_seconds(),
    # plain runs: the marts are unpartitioned, one run rebuilds the whole slice
    emit_backfills=False,
    description="Declarative automation: when documents land (inbox, crawl, load) or exclusions change, "
    "rebuild every model downstream of them and the report in one run (on by default).",
)


def all_sensors() -> list[dg.SensorDefinition]:
    return [
        inbox_sensor,
        marts_automation,
        *(build_publisher_sensor(p) for p in load_publishers().values()),
    ]
