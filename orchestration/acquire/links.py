"""Links on a fetched page: report links, next pages and attachments of a listing, attachments of an article.

`extract_links` applies the publisher's report selector / pattern when configured, else the
default listing finder (`acquire/listing.py`); next pages come from a "下一页" link or a TRS
`createPageHTML(...)` pager. URLs are resolved against the page and normalised; javascript:,
mailto:, tel:, data: and fragment-only links are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from orchestration.acquire.listing import RefusedLink, find_report_links
from orchestration.acquire.netguard import normalise_url
from orchestration.acquire.publishers import Publisher

__all__ = ["Link", "PageLinks", "attachment_links", "extract_links"]

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
