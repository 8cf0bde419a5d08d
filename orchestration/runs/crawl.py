"""`bureau crawl` and the `crawl_publisher` job: crawl publisher websites and load what is new.

Fetching and staging (`acquire.crawl_session.crawl_once`) never touch DuckDB; the Dagster jobs
(`record_fetches`, `ingest_documents`, `build_marts`), run in-process here, do the writing,
one writer at a time. Validators (ETag / Last-Modified) are saved only after the documents
they describe are loaded, so a document that failed to load is fetched again.
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
    instance=None,  # noqa: ANN001 - a DagsterInstance (the crawl run's own, inside Dagster)
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
    summary.failures = [(d.url, d.reason or "failed") for d in result.by_outcome("failed")]
    # a listing page that could not be read (or was refused) means reports may be missing
    summary.failures += [
        (p.url, f"listing page {p.outcome}: {p.reason or ''}".strip())
        for p in result.listings
        if p.outcome in ("failed", "refused")
    ]
    summary.refused = [(d.url, d.reason or "refused") for d in result.by_outcome("refused")]
    summary.transient = [
        (x.url, x.reason or "failed")
        for x in [*result.by_outcome("failed"), *(p for p in result.listings if p.outcome == "failed")]
        if x.status is None or x.status >= 500 or x.status == 429
    ]
    summary.load = pipeline.run_documents(
        records, warehouse, instance=instance, progress=progress, record_fetches=True
    )
    if not summary.load.failed:
        store.update(result.validators)
        store.save()
    return summary
