"""A crawl against a warehouse folder's state, with no DuckDB and no Dagster.

`crawl_once` is what the poll sensors and `bureau crawl` call: a crawl on a working copy of the
validators, its documents and fetch log staged in the warehouse folder (the load jobs write them
to DuckDB, and only then are the validators saved). `crawl_dry_run` is `bureau crawl --dry-run`:
the same crawl with the saved validators, reading listing pages only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from orchestration.acquire.crawl import crawl
from orchestration.acquire.crawl_result import CrawlResult
from orchestration.acquire.fetch_config import FetchConfig
from orchestration.acquire.fetcher import Fetcher
from orchestration.acquire.intake import IntakeRecord, stage_crawl
from orchestration.acquire.publishers import Publisher, publisher_for
from orchestration.acquire.validators import JsonValidatorStore, ValidatorStore, validator_store_path

__all__ = ["crawl_dry_run", "crawl_once"]


def _crawl_on_copy(
    urls: Sequence[str],
    validators: ValidatorStore,
    *,
    max_pages: int | None,
    allow_private: bool,
    config: FetchConfig | None,
    publisher: Publisher | None,
    **options: object,
) -> CrawlResult:
    """Crawl `urls` (default: the publisher's listings) with a working copy of `validators`."""
    publisher = publisher or publisher_for(urls, allow_private)
    allow_private = allow_private or publisher.allow_private_addresses
    config = config or FetchConfig(allow_private_addresses=allow_private)
    with Fetcher(config, validators=ValidatorStore(validators.to_dict())) as fetcher:
        return crawl(
            list(urls) or list(publisher.listing_urls),
            fetcher,
            publisher,
            max_pages=max_pages,
            allow_private_addresses=allow_private,
            **options,
        )


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
    result = _crawl_on_copy(
        urls,
        validators,
        max_pages=max_pages,
        allow_private=allow_private,
        config=config,
        publisher=publisher,
        conditional_listings=conditional_listings,
        on_document=on_document,
    )
    return result, stage_crawl(root, result)


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
    return _crawl_on_copy(
        urls,
        JsonValidatorStore(validator_store_path(warehouse.parent)),
        max_pages=max_pages,
        allow_private=allow_private,
        config=config,
        publisher=publisher,
        dry_run=True,
    )
