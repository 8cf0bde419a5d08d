"""Discover and fetch reports from a publisher's listing pages.

`crawl(start_urls, fetcher, publisher)` walks each listing (following next-page links up
to `max_pages` per start URL), picks report links (publisher selector/pattern or a
default heuristic), fetches every report once (conditionally when validators are known),
fetches the attachments (PDF/DOC/DOCX) an article links, and classifies each document:

    new        fetched, never seen before at this URL
    changed    fetched, bytes differ from the last fetch of this URL
    unchanged  304 Not Modified, or the same bytes again
    failed     HTTP error, network error, too large (reason says which; retried next run)
    refused    off the allow-list, private address, robots.txt, non-http scheme (not fetched)

Nothing here raises for a bad document or page; everything is in the `CrawlResult`.
`acquire/crawl_session.py` runs a crawl against a warehouse folder's state (`crawl_once`,
`crawl_dry_run`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from orchestration.acquire.archive import Archive
from orchestration.acquire.crawl_result import (
    CHANGED,
    FAILED,
    NEW,
    REFUSED,
    UNCHANGED,
    CrawledDocument,
    CrawlResult,
    ListingPage,
    PlannedLink,
)
from orchestration.acquire.fetch_log import FetchLogRow
from orchestration.acquire.fetch_result import FetchResult
from orchestration.acquire.fetcher import Fetcher
from orchestration.acquire.links import Link, attachment_links, extract_links
from orchestration.acquire.netguard import normalise_url
from orchestration.acquire.publishers import Publisher
from orchestration.text.charset import decode_html

__all__ = ["crawl"]


class _Crawl:
    def __init__(
        self,
        fetcher: Fetcher,
        publisher: Publisher,
        result: CrawlResult,
        archive: Archive | None,
        follow_attachments: bool,
        max_documents: int | None,
        on_document: Callable[[CrawledDocument], None] | None,
        dry_run: bool = False,
    ) -> None:
        self.dry_run = dry_run
        self.planned: set[str] = set()
        self.fetcher = fetcher
        self.publisher = publisher
        self.result = result
        self.archive = archive
        self.follow_attachments = follow_attachments
        self.max_documents = max_documents
        self.on_document = on_document
        self.seen: dict[str, CrawledDocument] = {}

    def budget_left(self) -> bool:
        return self.max_documents is None or len(self.seen) < self.max_documents

    def _add(self, doc: CrawledDocument) -> CrawledDocument:
        self.seen[doc.url] = doc
        self.result.documents.append(doc)
        if self.on_document is not None:
            with contextlib.suppress(Exception):  # a progress bar must not break the crawl
                self.on_document(doc)
        return doc

    def _refuse(
        self, url: str, reason: str, kind: str, referrer: str | None, text: str | None
    ) -> CrawledDocument:
        now = dt.datetime.now(dt.UTC)
        self.fetcher.record(
            FetchLogRow(
                url=url,
                final_url=None,
                fetched_at=now,
                purpose="document",
                status=None,
                outcome="refused",
                etag=None,
                last_modified=None,
                bytes=None,
                sha256=None,
                error=reason,
                attempts=0,
                elapsed_ms=0,
                conditional=False,
            )
        )
        return self._add(
            CrawledDocument(
                url=url,
                final_url=url,
                kind=kind,
                outcome=REFUSED,
                reason=reason,
                referrer=referrer,
                link_text=text,
                fetched_at=now,
            )
        )

    def document(self, link: Link, *, kind: str, referrer: str | None) -> CrawledDocument | None:
        url = link.url
        if url in self.seen or not self.budget_left():
            return self.seen.get(url)
        scheme = urlsplit(url).scheme
        if scheme not in ("http", "https"):
            return self._refuse(url, f"scheme {scheme!r} is not http(s)", kind, referrer, link.text)
        if not self.publisher.allows_host(url):
            host = urlsplit(url).hostname
            return self._refuse(
                url,
                f"off-host link to {host} (not in the allow-list of {self.publisher.id!r})",
                kind,
                referrer,
                link.text,
            )
        try:
            res = self.fetcher.fetch(url, publisher=self.publisher, conditional=True, purpose="document")
            doc = self._classify(res, kind=kind, referrer=referrer, text=link.text)
        except Exception as exc:  # pragma: no cover - defensive: never fatal
            return self._add(
                CrawledDocument(
                    url=url, final_url=url, kind=kind, outcome=FAILED, reason=f"internal error: {exc!r}"
                )
            )
        self._add(doc)
        if self.follow_attachments and kind == "report":
            self._attachments(res, doc)
        return doc

    def _classify(
        self, res: FetchResult, *, kind: str, referrer: str | None, text: str | None
    ) -> CrawledDocument:
        doc = CrawledDocument(
            url=res.url,
            final_url=res.final_url,
            kind=kind,
            outcome=FAILED,
            reason=res.error,
            status=res.status,
            media_type=res.media_type,
            sha256=res.sha256,
            etag=res.etag,
            last_modified=res.last_modified,
            referrer=referrer,
            link_text=text or None,
            fetched_at=res.fetched_at,
            attempts=res.attempts,
        )
        if res.ok:
            doc.content = res.content
            if res.previous_sha256 is None:
                doc.outcome, doc.reason = NEW, None
            elif res.previous_sha256 == res.sha256:
                doc.outcome, doc.reason = UNCHANGED, "same bytes as the last fetch"
                doc.content = res.content  # callers may still want them; loaders dedupe by sha256
            else:
                doc.outcome, doc.reason = CHANGED, f"bytes changed since sha256 {res.previous_sha256[:12]}"
            if self.archive is not None and res.content is not None:
                try:
                    _, path = self.archive.store(res.content)
                    doc.archive_path = str(path)
                except OSError as exc:
                    doc.outcome, doc.reason = FAILED, f"could not archive: {exc}"
        elif res.not_modified:
            doc.outcome, doc.reason = UNCHANGED, "304 Not Modified"
            if self.archive is not None and res.sha256 and self.archive.exists(res.sha256):
                doc.archive_path = str(self.archive.path_for(res.sha256))
        elif res.refused:
            doc.outcome = REFUSED
        return doc

    def _attachments(self, res: FetchResult, doc: CrawledDocument) -> None:
        links: list[Link] = []
        if (
            res.ok
            and res.content is not None
            and (doc.media_type or "").startswith(("text/html", "application/xhtml"))
        ):
            try:
                text, _ = decode_html(
                    res.content, res.headers.get("content-type"), self.publisher.encoding_hints
                )
                links = attachment_links(text, res.final_url)
            except Exception:  # pragma: no cover - a broken page has no attachments, that's all
                links = []
            entry = self.fetcher.validators.get(res.url)
            if entry is not None:
                entry = dict(entry)
                entry["attachments"] = [[link.url, link.text] for link in links]
                self.fetcher.validators[res.url] = entry
        elif res.not_modified:
            entry = self.fetcher.validators.get(res.url) or {}
            links = [Link(u, t) for u, t in entry.get("attachments", [])]
        for link in links:
            self.document(link, kind="attachment", referrer=res.url)

    def plan(self, link: Link, referrer: str) -> None:
        """Dry run: decide about a report link without fetching it."""
        if link.url in self.planned:
            return
        self.planned.add(link.url)
        scheme = urlsplit(link.url).scheme
        reason: str | None
        if scheme not in ("http", "https"):
            reason = f"scheme {scheme!r} is not http(s)"
        elif not self.publisher.allows_host(link.url):
            host = urlsplit(link.url).hostname
            reason = f"off-host link to {host} (not in the allow-list of {self.publisher.id!r})"
        else:
            reason = self.fetcher.preflight(link.url, publisher=self.publisher)
        if reason is None:
            known = self.fetcher.validators.get(link.url) is not None
            note = "seen before: conditional request" if known else None
            self.result.planned.append(PlannedLink(link.url, link.text, referrer, "fetch", note))
        else:
            self.result.planned.append(PlannedLink(link.url, link.text, referrer, "refused", reason))

    def listing(self, start: str, max_pages: int, conditional: bool) -> None:
        page: str | None = normalise_url(start)
        shape: tuple | None = None
        visited: set[str] = set()
        pages = 0
        while page and pages < max_pages and page not in visited and self.budget_left():
            visited.add(page)
            pages += 1
            if not self.publisher.allows_host(page):
                self.result.listings.append(
                    ListingPage(page, page, None, "refused", "listing page host not in the allow-list")
                )
                return
            res = self.fetcher.fetch(
                page,
                publisher=self.publisher,
                conditional=conditional,
                record_validators=False,
                purpose="listing",
            )
            entry = ListingPage(
                url=page, final_url=res.final_url, status=res.status, outcome="ok", reason=None
            )
            self.result.listings.append(entry)
            if res.not_modified:
                entry.outcome, entry.reason = "not_modified", "304 Not Modified; reports not re-checked"
                return
            if not res.ok or res.content is None:
                entry.outcome = "refused" if res.refused else "failed"
                entry.reason = res.error
                return
            try:
                text, _ = decode_html(
                    res.content, res.headers.get("content-type"), self.publisher.encoding_hints
                )
                links = extract_links(text, res.final_url, self.publisher, prefer_shape=shape)
            except Exception as exc:  # pragma: no cover - defensive
                entry.outcome, entry.reason = "failed", f"could not read listing: {exc!r}"
                return
            shape = links.shape or shape
            entry.report_links = len(links.reports)
            entry.block, entry.refused = links.block, links.refused
            if self.dry_run:
                for link in links.reports:
                    self.plan(link, page)
            else:
                before = len(self.result.documents)
                for link in links.reports:
                    self.document(link, kind="report", referrer=page)
                new_docs = self.result.documents[before:]
                # Remember the listing's validators only when every report on it was handled, so a
                # conditional poll that gets a 304 never hides a report that failed last time.
                if not any(d.outcome == FAILED for d in new_docs):
                    self.fetcher.remember(res)
            nxt = next(
                (u for u in links.next_pages if u not in visited and self.publisher.allows_host(u)), None
            )
            entry.next_page = nxt
            page = nxt


def crawl(
    start_urls: Sequence[str] | str,
    fetcher: Fetcher,
    publisher: Publisher | None = None,
    *,
    max_pages: int | None = None,
    allow_private_addresses: bool = False,
    archive: Archive | str | Path | None = None,
    conditional_listings: bool = False,
    follow_attachments: bool = True,
    max_documents: int | None = None,
    on_document: Callable[[CrawledDocument], None] | None = None,
    dry_run: bool = False,
) -> CrawlResult:
    """Crawl listing pages and fetch the reports they link. Never raises for site problems.

    start_urls            listing pages (default: the publisher's `listing_urls`)
    publisher             registry entry; default `Publisher.adhoc(start_urls)` (allow-list =
                          hosts of the start URLs, with `allow_private_addresses`)
    max_pages             listing pages per start URL (default: publisher.max_pages)
    archive               store fetched bytes content-addressed there (`Archive` or folder)
    conditional_listings  send If-None-Match/If-Modified-Since for listing pages too; a 304
                          then skips that listing (cheap sensor ticks). Off by default so a
                          full crawl re-checks every report (conditionally).
    on_document           callback per document (progress bars)
    dry_run               fetch listing pages only: `result.planned` says, per report link, whether
                          it would be fetched or refused (allow-list, robots.txt) and why; nothing
                          is archived and no validator is remembered
    """
    if isinstance(start_urls, str):
        start_urls = [start_urls]
    if publisher is None:
        publisher = Publisher.adhoc(start_urls, allow_private_addresses=allow_private_addresses)
    if not start_urls:
        start_urls = list(publisher.listing_urls)
    if archive is not None and not isinstance(archive, Archive):
        archive = Archive(archive)
    result = CrawlResult(publisher_id=publisher.id, start_urls=tuple(start_urls))
    log_start = fetcher.log_position()
    job = _Crawl(
        fetcher, publisher, result, archive, follow_attachments, max_documents, on_document, dry_run=dry_run
    )
    for start in start_urls:
        try:
            job.listing(start, max_pages or publisher.max_pages, conditional_listings)
        except Exception as exc:  # pragma: no cover - defensive: one listing never ends the crawl
            result.listings.append(ListingPage(start, start, None, "failed", f"internal error: {exc!r}"))
    result.fetch_log = fetcher.log_since(log_start)
    store = fetcher.validators
    result.validators = (
        store.to_dict() if hasattr(store, "to_dict") else {k: dict(v) for k, v in store.items()}
    )
    result.finished_at = dt.datetime.now(dt.UTC)
    return result
