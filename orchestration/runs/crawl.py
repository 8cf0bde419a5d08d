"""`bureau crawl`: crawl publisher websites and load what is new, in this process.

Fetching and staging (`acquire.crawl_session.crawl_once`) never touch DuckDB; the Dagster jobs
(`record_fetches`, `ingest_documents`, `build_marts`), run in-process here, do the writing,
one writer at a time. Validators (ETag / Last-Modified) are saved only after the documents
they describe are loaded, so a document that failed to load is fetched again.

Under the daemon the same crawl is the `crawl_publisher` job (`defs/jobs.py`), which only
stages; the `load_crawled_documents` sensor (`defs/sensors.py`) requests the loads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.acquire.crawl_session import crawl_once
from orchestration.acquire.fetch_config import FetchConfig
from orchestration.acquire.publishers import Publisher
from orchestration.acquire.validators import JsonValidatorStore, validator_store_path

__all__ = ["CrawlSummary", "crawl_and_load"]


@dataclass
class CrawlSummary:
    counts: dict[str, int] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)
    refused: list[tuple[str, str]] = field(default_factory=list)
    transient: list[tuple[str, str]] = field(
        default_factory=list
    )  # failures worth a retry: network, 5xx, 429
    load: object | None = None  # pipeline.LoadSummary

    @property
    def exit_code(self) -> int:
        if self.load is not None and self.load.failed:
            return 1
        if self.failures or (self.load is not None and self.load.exit_code == 3):
            return 3
        return 0


def crawl_and_load(
    urls: Sequence[str],
    warehouse: Path,
    *,
    max_pages: int | None = None,
    allow_private: bool = False,
    config: FetchConfig | None = None,
    progress: Callable[[str], None] = lambda _m: None,
    publisher: Publisher | None = None,
    instance=None,  # noqa: ANN001 - a DagsterInstance (default: `runs.load.get_instance()`)
) -> CrawlSummary:
    """`bureau crawl`: crawl, record every request, load new documents, rebuild the marts."""
    from orchestration.runs import load as pipeline

    root = warehouse.parent
    store = JsonValidatorStore(validator_store_path(root))
    progress(f"crawling {', '.join(urls)}")
    result, records = crawl_once(
        urls,
        root,
        store,
        max_pages=max_pages,
        allow_private=allow_private,
        config=config,
        on_document=lambda d: progress(f"{d.outcome:9} {d.url}"),
        publisher=publisher,
    )
    summary = CrawlSummary(counts=result.summary())
    summary.failures = result.failures()
    summary.refused = [(d.url, d.reason or "refused") for d in result.by_outcome("refused")]
    summary.transient = result.transient_failures()
    summary.load = pipeline.run_documents(
        records, warehouse, instance=instance, progress=progress, record_fetches=True
    )
    if not summary.load.failed:
        store.update(result.validators)
        store.save()
    return summary
