"""The jobs: what a load, a marts rebuild, a curation decision and a publisher crawl run.

The CLI executes the asset jobs in-process (`runs/`); the daemon launches them from the
sensors and the schedule. `crawl_publisher` is an op job: it fetches and stages, and writes
nothing to DuckDB (the `load_crawled_documents` sensor requests the loads it leads to).
"""

import dagster as dg
from pydantic import Field

from orchestration.acquire.crawl_queue import enqueue_crawl
from orchestration.acquire.crawl_session import crawl_once
from orchestration.acquire.publishers import load_publishers
from orchestration.acquire.validators import JsonValidatorStore, validator_store_path
from orchestration.defs.resources import WarehouseResource

# Run retries of a publisher crawl (Dagster's run retries, enabled in .dagster_home/dagster.yaml):
# a site that failed mid-crawl is crawled again; what was staged is not fetched twice.
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
def crawl_and_stage(
    context: dg.OpExecutionContext, config: CrawlConfig, warehouse: WarehouseResource
) -> None:
    """Crawl one publisher's listing pages and fetch its new or changed reports into the
    warehouse folder: the bytes into the archive with an intake record each, the request log
    staged for `raw.fetches`, and one entry naming the staged documents for the
    `load_crawled_documents` sensor, which requests their `ingest_documents` runs (and
    `record_fetches`); `marts_automation` then rebuilds the marts. Nothing here writes DuckDB,
    so a crawl never waits for the warehouse.

    Validators (ETag / Last-Modified) are saved after all of that is on disk: a report that
    answers 304 next time is in the archive, loaded or waiting to be (a failed load is re-run
    from the archive). Fails when listing pages or reports could not be fetched for a passing
    reason (network, 5xx, 429), so Dagster retries the run; what was staged is handed on all
    the same and not fetched again. A 404 is only logged."""
    pub = load_publishers(config.registry or None)[config.publisher]
    root = warehouse.root
    store = JsonValidatorStore(validator_store_path(root))
    result, records = crawl_once(
        list(pub.listing_urls),
        root,
        store,
        max_pages=pub.max_pages,
        allow_private=pub.allow_private_addresses,
        on_document=lambda d: context.log.info(f"{d.outcome:9} {d.url}"),
        publisher=pub,
    )
    enqueue_crawl(root, context.run_id, pub.id, records)
    store.update(result.validators)
    store.save()
    context.log.info(f"{pub.name}: {result.summary()}; {len(records)} document(s) staged for loading")
    for url, reason in result.failures():
        context.log.warning(f"failed {url}: {reason}")
    transient = result.transient_failures()
    if transient:  # the site was down or overloaded: Dagster retries the run
        url, reason = transient[0]
        raise dg.Failure(description=f"{len(transient)} fetch(es) failed, e.g. {url}: {reason}")


@dg.job(
    name="crawl_publisher",
    description="Crawl one publisher and stage what is new (requested by its poll sensor; config: "
    "publisher). The `load_crawled_documents` sensor loads what it staged; the marts follow.",
    tags={"dagster/max_retries": str(CRAWL_RUN_RETRIES)},
)
def crawl_publisher_job():
    crawl_and_stage()
