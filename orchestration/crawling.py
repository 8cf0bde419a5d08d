"""Crawl publisher websites and load what is new: what `bureau crawl` and the sensors share.

Fetching and staging never touch DuckDB; the Dagster jobs (`record_fetches`,
`ingest_documents`, `build_marts`) do the writing, one writer at a time.
Validators (ETag / Last-Modified) are saved only after the documents they
describe are loaded, so a document that failed to load is fetched again.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.acquire.crawl import CrawlResult, crawl
from orchestration.acquire.fetch import FetchConfig, Fetcher, JsonValidatorStore, ValidatorStore
from orchestration.acquire.fetch_log import stage_fetch_log
from orchestration.acquire.intake import IntakeRecord, SourceRecord, now_iso, stage_bytes
from orchestration.sources import Publisher, publisher_for_url


def validator_store_path(root: Path) -> Path:
    return root / "crawl_state" / "validators.json"


def publisher_for(urls: Sequence[str], allow_private: bool) -> Publisher:
    """The registry entry covering the URLs, else an ad-hoc entry limited to their hosts."""
    known = {publisher_for_url(u) for u in urls}
    if len(known) == 1 and None not in known:
        pub = known.pop()
        if allow_private and not pub.allow_private_addresses:
            return Publisher.adhoc(
                urls, allow_private_addresses=True, id=pub.id, name=pub.name, region_code=pub.region_code
            )
        return pub
    return Publisher.adhoc(urls, allow_private_addresses=allow_private)


def with_link_rules(
    publisher: Publisher, report_selector: str | None = None, report_pattern: str | None = None
) -> Publisher:
    """`publisher` with a one-off report selector / pattern (`bureau crawl --report-selector/-pattern`).

    Raises PublisherConfigError (one line, naming the option) for a bad selector or pattern."""
    from orchestration.sources import PublisherConfigError, _check_selector

    if report_pattern is not None:
        try:
            re.compile(report_pattern)
        except re.error as exc:
            raise PublisherConfigError(
                f"--report-pattern {report_pattern!r}: invalid regular expression: {exc}"
            ) from None
    if report_selector is not None:
        try:
            _check_selector(publisher.id, "report_selector", report_selector)
        except PublisherConfigError:
            raise PublisherConfigError(
                f"--report-selector {report_selector!r}: not a valid CSS selector"
            ) from None
    if report_selector is None and report_pattern is None:
        return publisher
    return dataclasses.replace(
        publisher,
        report_selector=report_selector or publisher.report_selector,
        report_pattern=report_pattern or publisher.report_pattern,
        _compiled={},
    )


def stage_crawl(root: Path, result: CrawlResult) -> list[IntakeRecord]:
    """Archive the bytes of new/changed documents and their fetch log; nothing touches DuckDB."""
    records = []
    for doc in result.fetched:
        source = SourceRecord(
            source_uri=doc.url,
            source_kind="url",
            seen_at=now_iso(),
            media_type=doc.media_type,
            original_url=doc.url,
        )
        records.append(stage_bytes(root, doc.content, source))
    stage_fetch_log(root, result.fetch_log)
    return records


def crawl_once(
    urls: Sequence[str],
    root: Path,
    validators: ValidatorStore,
    *,
    max_pages: int | None = None,
    allow_private: bool = False,
    conditional_listings: bool = False,
    config: FetchConfig | None = None,
    on_document: Callable | None = None,
    publisher: Publisher | None = None,
) -> tuple[CrawlResult, list[IntakeRecord]]:
    """Crawl `urls` with a working copy of `validators`, stage what came back."""
    publisher = publisher or publisher_for(urls, allow_private)
    allow_private = allow_private or publisher.allow_private_addresses
    config = config or FetchConfig(allow_private_addresses=allow_private)
    with Fetcher(config, validators=ValidatorStore(validators.to_dict())) as fetcher:
        result = crawl(
            list(urls) or list(publisher.listing_urls),
            fetcher,
            publisher,
            max_pages=max_pages,
            allow_private_addresses=allow_private,
            conditional_listings=conditional_listings,
            on_document=on_document,
        )
    return result, stage_crawl(root, result)


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


def crawl_dry_run(
    urls: Sequence[str],
    warehouse: Path,
    *,
    max_pages: int | None = None,
    allow_private: bool = False,
    config: FetchConfig | None = None,
    publisher: Publisher | None = None,
) -> CrawlResult:
    """`bureau crawl --dry-run`: read the listing pages, decide about every link, fetch no report.

    Uses (never saves) the warehouse's validator state, so links fetched before show as
    "seen before"; touches neither the archive nor DuckDB."""
    publisher = publisher or publisher_for(urls, allow_private)
    allow_private = allow_private or publisher.allow_private_addresses
    config = config or FetchConfig(allow_private_addresses=allow_private)
    saved = JsonValidatorStore(validator_store_path(warehouse.parent))
    with Fetcher(config, validators=ValidatorStore(saved.to_dict())) as fetcher:
        return crawl(
            list(urls) or list(publisher.listing_urls),
            fetcher,
            publisher,
            max_pages=max_pages,
            allow_private_addresses=allow_private,
            dry_run=True,
        )
