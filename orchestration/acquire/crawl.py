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
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from orchestration.acquire.archive import Archive
from orchestration.acquire.fetch_log import FetchLogRow
from orchestration.acquire.fetcher import Fetcher, FetchResult
from orchestration.acquire.listing import RefusedLink, find_report_links
from orchestration.acquire.netguard import normalise_url
from orchestration.acquire.publishers import Publisher
from orchestration.text.charset import decode_html

__all__ = [
    "CHANGED",
    "FAILED",
    "NEW",
    "REFUSED",
    "UNCHANGED",
    "CrawlResult",
    "CrawledDocument",
    "Link",
    "ListingPage",
    "PageLinks",
    "PlannedLink",
    "crawl",
    "extract_links",
]

NEW, CHANGED, UNCHANGED, FAILED, REFUSED = "new", "changed", "unchanged", "failed", "refused"
OUTCOMES = (NEW, CHANGED, UNCHANGED, FAILED, REFUSED)

_ATTACHMENT_PATH = re.compile(r"\.(pdf|docx?|wps|xlsx?|csv|et)$", re.I)
_NAV_TEXT = re.compile(r"^\s*(首页|上一页|下一页|下页|尾页|末页|返回|更多|more|next|prev)\s*[>»›]*\s*$", re.I)
_NEXT_TEXT = re.compile(r"^\s*(下一页|下页|后一页|next(\s+page)?)\s*[>»›]*\s*$", re.I)
_TRS_PAGER = re.compile(
    r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]([\w\-]+)['\"]\s*,\s*['\"](\w+)['\"]"
)
_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "#", "data:")


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    text: str = ""


@dataclass(slots=True)
class PageLinks:
    reports: list[Link] = field(default_factory=list)
    next_pages: list[str] = field(default_factory=list)
    attachments: list[Link] = field(default_factory=list)
    refused: list[RefusedLink] = field(default_factory=list)  # links not taken, with the reason
    block: str | None = None  # the listing block the default finder picked
    shape: tuple | None = None  # its links' path shape


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

    def summary(self) -> dict[str, int]:
        counts = Counter(d.outcome for d in self.documents)
        out = {"found": len(self.documents), **{o: counts.get(o, 0) for o in OUTCOMES}}
        out["listing_pages"] = len(self.listings)
        out["listing_failures"] = sum(1 for p in self.listings if p.outcome in ("failed", "refused"))
        out["requests"] = sum(row.attempts for row in self.fetch_log)
        return out


# --------------------------------------------------------------------------- link extraction


def _node_links(node: Node) -> Iterable[Node]:
    if node.tag == "a":
        yield node
    else:
        yield from node.css("a")


def _resolve(base: str, href: str | None) -> str | None:
    if not href:
        return None
    href = href.strip()
    if not href or href.lower().startswith(_SKIP_SCHEMES):
        return None
    try:
        return normalise_url(urljoin(base, href))
    except ValueError:
        return None


def _is_attachment(url: str) -> bool:
    return bool(_ATTACHMENT_PATH.search(unquote(urlsplit(url).path)))


def extract_links(
    html: str, base_url: str, publisher: Publisher | None = None, *, prefer_shape: tuple | None = None
) -> PageLinks:
    """Report links, next-page links and attachment links found in one HTML page.

    Without a configured `report_selector` / `report_pattern`, report links are the items of
    the page's listing block (see `orchestration.acquire.listing`); `prefer_shape` is the
    block's path shape on the previous page of the same listing."""
    tree = HTMLParser(html)
    base_tag = tree.css_first("base[href]")
    if base_tag is not None:
        base_url = urljoin(base_url, base_tag.attributes.get("href") or "")
    out = PageLinks()

    # next pages
    next_urls: list[str] = []
    if publisher is not None and publisher.next_page_selector:
        for node in tree.css(publisher.next_page_selector):
            for a in _node_links(node):
                if (u := _resolve(base_url, a.attributes.get("href"))) is not None:
                    next_urls.append(u)
    for node in tree.css("a[rel~=next], link[rel~=next]"):
        if (u := _resolve(base_url, node.attributes.get("href"))) is not None:
            next_urls.append(u)
    anchors = tree.css("a[href]")
    for a in anchors:
        if _NEXT_TEXT.match(a.text(strip=True) or "") and (u := _resolve(base_url, a.attributes.get("href"))):
            next_urls.append(u)
    if publisher is not None and publisher.next_page_regex is not None:
        for a in anchors:
            u = _resolve(base_url, a.attributes.get("href"))
            if u and publisher.next_page_regex.search(u):
                next_urls.append(u)
    if not next_urls:  # TRS CMS: createPageHTML(pages, current, "index", "htm")
        for script in tree.css("script"):
            m = _TRS_PAGER.search(script.text() or "")
            if m:
                total, current, prefix, suffix = int(m.group(1)), int(m.group(2)), m.group(3), m.group(4)
                if current + 1 < total:
                    next_urls.append(normalise_url(urljoin(base_url, f"{prefix}_{current + 1}.{suffix}")))
                break
    out.next_pages = list(dict.fromkeys(next_urls))
    next_set = set(out.next_pages)
    page_url = normalise_url(base_url)

    # report links: a configured selector/pattern decides; otherwise the listing's structure does
    if publisher is None or not (publisher.report_selector or publisher.report_regex is not None):
        host = (urlsplit(page_url).hostname or "").lower()

        def same_site(url: str) -> bool:
            h = (urlsplit(url).hostname or "").lower()
            return h == host or (publisher is not None and publisher.allows_host(url))

        found = find_report_links(
            tree,
            base_url,
            _resolve,
            skip=next_set | {page_url},
            same_site=same_site,
            prefer_shape=prefer_shape,
        )
        for url, text in found.reports:
            if _is_attachment(url):
                out.attachments.append(Link(url, text))
            out.reports.append(Link(url, text))
        out.refused = found.refused
        out.block, out.shape = found.block, found.shape
        return out
    candidates = anchors
    if publisher.report_selector:
        candidates = [a for node in tree.css(publisher.report_selector) for a in _node_links(node)]
    seen: set[str] = set()
    for a in candidates:
        url = _resolve(base_url, a.attributes.get("href"))
        if url is None or url in next_set or url == page_url or url in seen:
            continue
        text = " ".join((a.text(strip=True) or a.attributes.get("title") or "").split())
        if _NAV_TEXT.match(text):
            continue
        if _is_attachment(url):
            out.attachments.append(Link(url, text))
        keep = True if publisher.report_regex is None else bool(publisher.report_regex.search(url))
        if keep:
            seen.add(url)
            out.reports.append(Link(url, text))
        else:
            out.refused.append(RefusedLink(url, text, "does not match the report pattern"))
    return out


def attachment_links(html: str, base_url: str) -> list[Link]:
    """Every attachment (PDF, Word, Excel …) an article page links, wherever on the page."""
    tree = HTMLParser(html)
    base_tag = tree.css_first("base[href]")
    if base_tag is not None:
        base_url = urljoin(base_url, base_tag.attributes.get("href") or "")
    out: dict[str, Link] = {}
    for a in tree.css("a[href]"):
        url = _resolve(base_url, a.attributes.get("href"))
        if url is None or url in out or not _is_attachment(url):
            continue
        text = " ".join((a.text(strip=True) or a.attributes.get("title") or "").split())
        out[url] = Link(url, text)
    return list(out.values())


# --------------------------------------------------------------------------- the crawl


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
