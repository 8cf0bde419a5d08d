"""What a crawl returns: listing pages read, documents found with their outcome, the fetch log.

Outcomes of a document: new, changed, unchanged, failed, refused (see `acquire/crawl.py`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from orchestration.acquire.fetch_log import FetchLogRow
from orchestration.acquire.listing import RefusedLink

__all__ = [
    "CHANGED",
    "FAILED",
    "NEW",
    "OUTCOMES",
    "REFUSED",
    "UNCHANGED",
    "CrawlResult",
    "CrawledDocument",
    "ListingPage",
    "PlannedLink",
]

NEW, CHANGED, UNCHANGED, FAILED, REFUSED = "new", "changed", "unchanged", "failed", "refused"
OUTCOMES = (NEW, CHANGED, UNCHANGED, FAILED, REFUSED)


@dataclass(slots=True)
class ListingPage:
    url: str
    final_url: str
    status: int | None
    outcome: str  # ok | not_modified | failed | refused
    reason: str | None
    report_links: int = 0
    next_page: str | None = None
    block: str | None = None  # the listing block the link finder picked (None: configured selector)
    refused: list[RefusedLink] = field(default_factory=list)  # links on the page not taken, and why

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class CrawledDocument:
    url: str
    final_url: str
    kind: str  # report | attachment
    outcome: str  # new | changed | unchanged | failed | refused
    reason: str | None
    status: int | None = None
    content: bytes | None = None
    media_type: str | None = None
    sha256: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    referrer: str | None = None
    link_text: str | None = None
    archive_path: str | None = None
    fetched_at: dt.datetime | None = None
    attempts: int = 0

    def as_dict(self, *, with_content: bool = False) -> dict[str, Any]:
        d = asdict(self)
        if not with_content:
            d.pop("content")
        return d


@dataclass(slots=True)
class PlannedLink:
    """What a dry run would do with one report link: fetch it, or refuse it (and why)."""

    url: str
    text: str
    referrer: str
    action: str  # fetch | refused
    reason: str | None = None  # refusal reason, or "seen before: conditional request" for a known URL


@dataclass(slots=True)
class CrawlResult:
    publisher_id: str
    start_urls: tuple[str, ...]
    documents: list[CrawledDocument] = field(default_factory=list)
    listings: list[ListingPage] = field(default_factory=list)
    fetch_log: list[FetchLogRow] = field(default_factory=list)
    validators: dict[str, dict] = field(default_factory=dict)  # full validator state, JSON-able
    planned: list[PlannedLink] = field(default_factory=list)  # dry run: report links, not fetched
    started_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    finished_at: dt.datetime | None = None

    def by_outcome(self, *outcomes: str) -> list[CrawledDocument]:
        return [d for d in self.documents if d.outcome in outcomes]

    @property
    def fetched(self) -> list[CrawledDocument]:
        """Documents with bytes in hand (new or changed): what a loader should load."""
        return [d for d in self.documents if d.content is not None and d.outcome in (NEW, CHANGED)]

    def failures(self) -> list[tuple[str, str]]:
        """(url, reason) of each report that could not be fetched and each listing page that could
        not be read or was refused (then reports may be missing)."""
        return [(d.url, d.reason or "failed") for d in self.by_outcome(FAILED)] + [
            (p.url, f"listing page {p.outcome}: {p.reason or ''}".strip())
            for p in self.listings
            if p.outcome in (FAILED, REFUSED)
        ]

    def transient_failures(self) -> list[tuple[str, str]]:
        """The failures worth crawling again soon: the site was down or overloaded (no answer,
        a 5xx or a 429), unlike a 404 or a refusal, which a retry would only repeat."""
        failed = [*self.by_outcome(FAILED), *(p for p in self.listings if p.outcome == FAILED)]
        return [
            (x.url, x.reason or "failed")
            for x in failed
            if x.status is None or x.status >= 500 or x.status == 429
        ]

    def summary(self) -> dict[str, int]:
        counts = Counter(d.outcome for d in self.documents)
        out = {"found": len(self.documents), **{o: counts.get(o, 0) for o in OUTCOMES}}
        out["listing_pages"] = len(self.listings)
        out["listing_failures"] = sum(1 for p in self.listings if p.outcome in ("failed", "refused"))
        out["requests"] = sum(row.attempts for row in self.fetch_log)
        return out
