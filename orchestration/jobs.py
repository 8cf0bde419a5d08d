"""Jobs: what a load runs. The CLI executes these same jobs in-process."""

import dagster as dg
from pydantic import Field

from orchestration.resources import WarehouseResource

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
    selection=dg.AssetSelection.assets("raw_fetches"),
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
    from orchestration.acquire.publishers import load_publishers
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
