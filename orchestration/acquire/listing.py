"""The default report-link finder for listing pages nobody configured.

A bureau's listing page (信息公开目录, 通知公告, 统计数据 …) is, structurally, one block of
sibling items — `<li>`, table rows, `<div>`s or bare anchors — each holding a link to an
article on the same site, the links sharing one path shape (`/xxgk/202402/t20240218_1.htm`,
`/art/2024/1/5/art_12_345.html`) and the items usually carrying a date. Everything else on the
page is site chrome: navigation menus, breadcrumbs, footers, friend links (友情链接) to other
sites, pagers.

`find_report_links` scores every group of sibling items by how many of them link to
same-site pages of the group's dominant path shape, with bonuses for dates, title-length
link texts, links to leaf pages (not section indexes), known CMS article patterns and report
words (报告, 公报, 总结 …) — hints that raise a score, never gates that refuse a link — and
a heavy penalty for groups inside navigation, header, footer or friend-link blocks. The best
group (plus any other group of the same path shape, e.g. a list split in two) is the
listing; every other link on the page is refused with the reason, so `bureau crawl
--dry-run` can show people what would be fetched and what would not, and why.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

__all__ = ["RefusedLink", "ReportLinks", "find_report_links", "path_shape"]

# Known CMS article URL patterns (TRS, Hanweb, …) and report words: hints, not gates.
ARTICLE_PATH = re.compile(
    r"/t\d{8}_\w+\.s?html?$|/post_\d+\.html$|/content_\d+\.s?html?$|/art/\d{4}/|/art_\d+_\d+\.html$", re.I
)
REPORT_TEXT = re.compile(r"工作总结|工作报告|工作要点|工作重点|报告|公报|总结|规划|计划|情况|统计|公告|通知")
ATTACHMENT_PATH = re.compile(r"\.(pdf|docx?|wps|xlsx?|csv|et)$", re.I)
NAV_TEXT = re.compile(
    r"^\s*(首页|上一页|下一页|下页|尾页|末页|返回|更多|查看更多|more|next|prev|previous|last|first|"
    r"[<>«»‹›]+|\.\.\.|…)\s*[>»›]*\s*$",
    re.I,
)
PAGE_NUMBER = re.compile(r"^\s*\[?\d{1,3}\]?\s*$")
DATE = re.compile(r"(?:19|20)\d{2}\s*[-./年]\s*\d{1,2}(?:\s*[-./月]\s*\d{1,2})?")
PAGER_URL = re.compile(r"(?:^|/)index_\d+\.s?html?$|[?&](?:page|pageno|pageindex|curpage|p)=\d+", re.I)
_DIGITS = re.compile(r"\d+")
_INDEX_LEAF = re.compile(r"^(index|default|list|main)(_\d+)?\.\w+$", re.I)

# class / id tokens and tags of site chrome
_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "select", "option"})
_CHROME_TOKEN = re.compile(
    r"^(nav|navs|navbar|menu|menus|mainmenu|submenu|topmenu|header|head|top|topbar|foot|footer|bottom|"
    r"crumb|crumbs|breadcrumb|breadcrumbs|position|location|local|dqwz|wz|current|"
    r"friend|friends|friendlink|friendlinks|yqlj|links|link|share|copyright|banner|sidebar|"
    r"pager|pages|page|pagination|paging|fenye|pagenav|search|login|tool|tools|toolbar)$",
    re.I,
)
_CHROME_PREFIX = re.compile(
    r"^(nav|menu|foot|footer|header|crumb|breadcrumb|friend|yqlj|copyright|banner|pager|pagination|fenye)[-_]",
    re.I,
)
_CHROME_WORDS = re.compile(r"友情链接|网站导航|当前位置|您的位置|版权所有|主办单位|ICP备")
MAX_LEVEL = 4  # how far up from an anchor a listing item may sit (a > span > div > li)


@dataclass(frozen=True, slots=True)
class RefusedLink:
    url: str
    text: str
    reason: str


@dataclass(slots=True)
class ReportLinks:
    reports: list[tuple[str, str]] = field(default_factory=list)  # (url, link text)
    refused: list[RefusedLink] = field(default_factory=list)
    block: str | None = None  # the listing block found, e.g. "ul.list > li: 12 items"
    shape: tuple | None = None  # path shape of the block's links (carried to the next page)


def path_shape(url: str) -> tuple:
    """(host, directories with digit runs as 9, leaf kind, extension, query keys) of a URL."""
    parts = urlsplit(url)
    segs = unquote(parts.path).split("/")
    dirs, leaf = tuple(_DIGITS.sub("9", s) for s in segs[1:-1]), segs[-1]
    ext = leaf.rpartition(".")[2].lower() if "." in leaf else ""
    kind = "dir" if not leaf or _INDEX_LEAF.match(leaf) else "leaf"
    keys = tuple(sorted({kv.split("=", 1)[0] for kv in parts.query.split("&") if kv}))
    return ((parts.hostname or "").lower(), dirs, kind, ext, keys)


def _is_chrome_node(node) -> bool:  # noqa: ANN001 - selectolax node
    if node.tag in _CHROME_TAGS:
        return True
    attrs = node.attributes
    tokens = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".split()
    return any(_CHROME_TOKEN.match(t) or _CHROME_PREFIX.match(t) for t in tokens)


def _describe(node) -> str:  # noqa: ANN001
    attrs = node.attributes
    out = node.tag
    if attrs.get("id"):
        out += "#" + attrs["id"].split()[0]
    elif attrs.get("class"):
        out += "." + ".".join(attrs["class"].split()[:2])
    return out


def _text(a) -> str:  # noqa: ANN001
    return " ".join((a.text(strip=True) or a.attributes.get("title") or "").split())


@dataclass
class _Group:
    container: object
    item_tag: str
    level: int
    items: dict[int, list] = field(default_factory=dict)  # item mem_id -> anchors (document order)
    item_nodes: dict[int, object] = field(default_factory=dict)
    score: float = 0.0
    shape: tuple | None = None
    chrome: bool = False


def find_report_links(
    tree,  # noqa: ANN001 - a parsed selectolax tree
    base_url: str,
    resolve: Callable[[str, str | None], str | None],
    *,
    skip: set[str],
    same_site: Callable[[str], bool],
    prefer_shape: tuple | None = None,
) -> ReportLinks:
    """Report links of a listing page by structure; every other link refused with a reason.

    `resolve(base, href)` makes an absolute normalised URL (None for javascript:, mailto: …);
    `skip` holds URLs already taken (the page itself, its next pages); `same_site(url)` says
    whether a URL is on the publisher's site. `prefer_shape` is the path shape of the listing
    block on the previous page of the same listing: page 10 with two items still beats a
    sidebar of three "hot" links.
    """
    body = tree.body or tree.root
    out = ReportLinks()
    if body is None:
        return out
    anchors: list[tuple[object, str, str]] = []  # (node, url, text)
    chrome_cache: dict[int, bool] = {}
    texts: dict[int, str] = {}  # anchor mem_id -> link text
    shapes: dict[str, tuple] = {}

    def shape_of(url: str) -> tuple:
        if url not in shapes:
            shapes[url] = path_shape(url)
        return shapes[url]

    def text_of(a) -> str:  # noqa: ANN001
        return texts[a.mem_id]

    facts: dict[str, tuple[bool, bool]] = {}  # url -> (same site, CMS article path)

    def about(url: str) -> tuple[bool, bool]:
        if url not in facts:
            facts[url] = (same_site(url), bool(ARTICLE_PATH.search(unquote(urlsplit(url).path))))
        return facts[url]

    def chrome(node) -> bool:  # noqa: ANN001 - is node, or an ancestor, site chrome?
        chain = []
        cur = node
        while cur is not None and cur.tag not in ("body", "html", "-undef"):
            key = cur.mem_id
            if key in chrome_cache:
                hit = chrome_cache[key]
                break
            chain.append(key)
            if _is_chrome_node(cur):
                hit = True
                break
            cur = cur.parent
        else:
            hit = False
        for key in chain:
            chrome_cache[key] = hit
        return hit

    for a in body.css("a[href]"):
        url = resolve(base_url, a.attributes.get("href"))
        if url is None:
            continue
        text = _text(a)
        texts[a.mem_id] = text
        anchors.append((a, url, text))

    groups: dict[tuple, _Group] = {}
    for a, url, _ in anchors:
        cur = a
        for level in range(MAX_LEVEL):
            parent = cur.parent
            if parent is None or parent.tag in ("html", "-undef"):
                break
            key = (parent.mem_id, cur.tag, level)
            g = groups.get(key)
            if g is None:
                g = groups[key] = _Group(parent, cur.tag, level)
            g.items.setdefault(cur.mem_id, []).append((a, url))
            g.item_nodes[cur.mem_id] = cur
            if parent.tag == "body":
                break
            cur = parent

    def primary(links: list) -> tuple | None:  # noqa: ANN001 - the item's title link
        best = None
        for a, url in links:
            if url in skip:
                continue
            t = text_of(a)
            if NAV_TEXT.match(t) or PAGE_NUMBER.match(t):
                continue
            if best is None or len(t) > len(text_of(best[0])):
                best = (a, url)
        return best

    for g in groups.values():
        firsts = [(item_id, primary(links)) for item_id, links in g.items.items()]
        firsts = [(i, p) for i, p in firsts if p is not None]
        if not firsts:
            continue
        counts = Counter(shape_of(url) for _, (_, url) in firsts if about(url)[0])
        if not counts:
            continue
        shape, m = counts.most_common(1)[0]
        n = len(firsts)
        titles = [text_of(a) for _, (a, _) in firsts]
        urls = [url for _, (_, url) in firsts]
        dated = sum(1 for i, _ in firsts if DATE.search(g.item_nodes[i].text(deep=True) or ""))
        long_titles = sum(1 for t in titles if len(t) >= 6)
        cms = sum(1 for u in urls if about(u)[1])
        words = sum(1 for t in titles if REPORT_TEXT.search(t))
        leaf = 1.0 if shape[2] == "leaf" else 0.0
        g.shape = shape
        g.chrome = chrome(g.container)
        g.score = m * (
            1.0 + dated / n + long_titles / n + 0.5 * leaf + 0.5 * cms / n + 0.3 * words / n
        ) - 0.5 * (n - m)
        if g.chrome:
            g.score *= 0.1
        if prefer_shape is not None and shape == prefer_shape:
            g.score *= 3.0
        if _CHROME_WORDS.search((g.container.text(deep=True) or "")[:2000]) and n < 3:
            g.score *= 0.5

    ranked = sorted(
        (g for g in groups.values() if g.shape is not None and g.score > 0),
        key=lambda g: (g.score, len(g.items), -g.level),
        reverse=True,
    )
    chosen: list[_Group] = []
    taken: set[int] = set()  # anchors (mem_id) in a chosen group
    for g in ranked:
        ids = {a.mem_id for links in g.items.values() for a, _ in links}
        if ids & taken:
            continue
        if not chosen or (g.shape == chosen[0].shape and not g.chrome and g.score >= 0.25 * chosen[0].score):
            chosen.append(g)
            taken |= ids
    if not chosen:
        return _fallback(anchors, skip, out)

    first = chosen[0]
    out.shape = first.shape
    out.block = (
        f"{_describe(first.container)} > {first.item_tag}: {sum(len(g.items) for g in chosen)} items"
        + (f" in {len(chosen)} blocks" if len(chosen) > 1 else "")
    )
    seen: set[str] = set(skip)
    refused: dict[str, RefusedLink] = {}
    kept_ids: set[int] = set()
    for g in chosen:
        for links in g.items.values():
            main = primary(links)
            for a, url in links:
                text = text_of(a)
                if url in seen:
                    kept_ids.add(a.mem_id)
                    continue
                if main is not None and a.mem_id == main[0].mem_id:
                    pass
                elif NAV_TEXT.match(text) or PAGE_NUMBER.match(text) or PAGER_URL.search(url):
                    refused.setdefault(url, RefusedLink(url, text, "pagination or navigation link"))
                    continue
                elif not (ATTACHMENT_PATH.search(unquote(urlsplit(url).path)) or shape_of(url) == g.shape):
                    refused.setdefault(url, RefusedLink(url, text, "secondary link of a listing item"))
                    continue
                seen.add(url)
                kept_ids.add(a.mem_id)
                refused.pop(url, None)
                out.reports.append((url, text))
    for a, url, text in anchors:
        if a.mem_id in kept_ids or url in seen or url in refused:
            continue
        if chrome(a):
            why = "site navigation, header, footer or friend links"
        elif NAV_TEXT.match(text) or PAGE_NUMBER.match(text) or PAGER_URL.search(url):
            why = "pagination or navigation link"
        elif not same_site(url):
            why = f"off-site link to {urlsplit(url).hostname} outside the listing"
        else:
            why = "outside the listing block"
        refused[url] = RefusedLink(url, text, why)
    out.refused = list(refused.values())
    return out


def _fallback(anchors: list, skip: set[str], out: ReportLinks) -> ReportLinks:
    """No listing structure at all (a page of loose links): CMS patterns and report words decide."""
    seen = set(skip)
    for _, url, text in anchors:
        if url in seen:
            continue
        seen.add(url)
        if NAV_TEXT.match(text):
            out.refused.append(RefusedLink(url, text, "navigation link"))
            continue
        path = unquote(urlsplit(url).path)
        if ARTICLE_PATH.search(path) or ATTACHMENT_PATH.search(path) or REPORT_TEXT.search(text):
            out.reports.append((url, text))
        else:
            out.refused.append(
                RefusedLink(url, text, "no listing found; neither an article URL nor a report title")
            )
    return out
