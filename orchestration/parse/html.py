"""HTML articles: the main text among site clutter, plus the page's metadata block.

Government article pages wrap the report in navigation, breadcrumbs, related-link
lists and footers. We drop non-content elements, then pick the container with
the most Chinese text that is not link text (known content containers of the
common CMSs first), and keep the metadata the page states (索引号, 发布机构,
发布时间, 文号, title) from anywhere on the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser

from orchestration.parse.model import TABLE_SEP

_DROP_TAGS = (
    "script, style, noscript, template, iframe, svg, canvas, object, embed, select, option, button, input, "
    "textarea, nav, header, footer, aside, map, video, audio"
)
_BLOCK_TAGS = (
    "p, div, br, li, tr, h1, h2, h3, h4, h5, h6, table, section, article, blockquote, dd, dt, ul, ol, "
    "pre, hr, form, center, main, caption, tbody, thead"
)
_CELL_TAGS = "td, th"
# A table row is one line with its cells joined by TABLE_SEP (" | "), the form the Word/Excel
# readers write too; cells are marked with CELL_MARK while the tree is flattened.
CELL_MARK = "\x1f"
# Content containers used by the common government CMSs (TRS, Hanweb, ...) and Discuz forums.
_KNOWN_CONTENT = (
    "#zoom, .TRS_Editor, .TRS_UEDITOR, #UCAP-CONTENT, .article-content, .article_content, .articleContent, "
    ".art_con, .content-text, .xxgk_content, .zw, #zw, .pages_content, #fontzoom, .news_content, .detail-content, "
    ".main-text, .contentText, .TRS_PreAppend, td.t_f, .t_fsz, #article, .article-body, .view.TRS_UEDITOR"
)
_CANDIDATES = "div, article, section, td, main, body"
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WS = re.compile(r"[ \t\u3000\xa0]+")
_TITLE_SPLIT = re.compile(r"\s*(?:_|\||｜|--|—{1,2}\s*(?=[^—]*(?:网|政府|门户|局|委|厅)\s*$)| - )\s*")


@dataclass
class HtmlArticle:
    text: str  # main content, one block per line
    page_text: str  # the whole page's visible text (for the metadata block)
    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)  # <meta> values we care about


def _cjk(s: str) -> int:
    return len(_CJK.findall(s))


def _row(line: str) -> str:
    """A line holding table cells: cells joined by TABLE_SEP, empty cells at either end dropped."""
    cells = [c.strip() for c in line.split(CELL_MARK)]
    while cells and not cells[-1]:
        cells.pop()
    while cells and not cells[0]:
        cells.pop(0)
    return TABLE_SEP.join(cells)


def _text(node, *, cells: bool = True) -> str:  # noqa: ANN001 - selectolax node
    """Visible text, one block per line; with `cells`, table rows in the house form, else spaces."""
    raw = node.text(deep=True, separator="") or ""
    lines = (_WS.sub(" ", ln).strip() for ln in raw.split("\n"))
    if cells:
        lines = (_row(ln) if CELL_MARK in ln else ln for ln in lines)
    else:
        lines = (_WS.sub(" ", ln.replace(CELL_MARK, " ")).strip() for ln in lines)
    return "\n".join(ln for ln in lines if ln)


def _meta(tree: LexborHTMLParser) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in tree.css("meta"):
        attrs = m.attributes
        key = (attrs.get("name") or attrs.get("property") or attrs.get("itemprop") or "").strip()
        val = (attrs.get("content") or "").strip()
        if key and val and len(val) < 500:
            out[key] = val
    return out


def _pick_main(body, budget: int) -> object:  # noqa: ANN001
    """The content container; `budget` caps the characters examined (deeply nested pages)."""
    best_known = None
    for node in body.css(_KNOWN_CONTENT)[:50]:
        t = node.text(deep=True, separator="") or ""
        budget -= len(t)
        if _cjk(t) >= 50:
            best_known = node
            break
    scored: list[tuple[int, int, object]] = []
    for node in body.css(_CANDIDATES)[:4000]:
        if budget <= 0:
            break
        t = node.text(deep=True, separator="") or ""
        budget -= len(t) + 200
        c = _cjk(t)
        if c < 20:
            continue
        links = node.css("a")
        link = 0
        if links:
            link = sum(_cjk(a.text(deep=True, separator="") or "") for a in links[:500])
            budget -= link
        scored.append((c - 2 * link, len(t), node))
    if not scored:
        return best_known or body
    top = max(s for s, _, _ in scored)
    if best_known is not None:
        t = best_known.text(deep=True, separator="") or ""
        if _cjk(t) >= 0.5 * top:
            return best_known
    # the smallest container that still holds most of the best content
    good = [(n, node) for s, n, node in scored if s >= 0.85 * top]
    return min(good, key=lambda x: x[0])[1]


def _title(tree: LexborHTMLParser, meta: dict[str, str], main) -> str | None:  # noqa: ANN001
    for key in ("ArticleTitle", "og:title", "title", "Title"):
        if meta.get(key):
            return _WS.sub(" ", meta[key]).strip()
    for sel in ("h1", ".title, .article-title, .art_title, .detail-title, #title, .tit, h2"):
        node = (main.css_first(sel) if main is not None else None) or tree.css_first(sel)
        if node is not None:
            t = _WS.sub(" ", (node.text(deep=True, separator="") or "").replace(CELL_MARK, " ")).strip()
            if 4 <= len(t) <= 120 and _cjk(t) >= 2:
                return t
    node = tree.css_first("title")
    if node is not None:
        t = _WS.sub(" ", node.text(deep=True, separator="") or "").strip()
        parts = [p for p in _TITLE_SPLIT.split(t) if p]
        if parts:
            return max(parts[:2], key=_cjk)
    return None


MAX_NESTING = 256
_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)[^>]*?(/?)>")
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_CONTAINERS = re.compile(
    r"</?(?:div|span|section|article|font|center|b|i|u|em|strong|small|big|blockquote|ul|ol|li|dl|dd|dt)\b[^>]*>",
    re.I,
)


def nesting_depth(html: str, limit: int = MAX_NESTING) -> int:
    """Deepest element nesting, counted from the tags alone (stops counting past `limit`)."""
    depth = deepest = 0
    for m in _TAG.finditer(html):
        close, name, self_closing = m.group(1), m.group(2).lower(), m.group(3)
        if close:
            depth = max(depth - 1, 0)
        elif not self_closing and name not in _VOID:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
    return deepest


def flatten_deep_nesting(html: str) -> str:
    """Pathologically nested markup (a denial of service for any DOM) loses its container tags.

    Real article pages nest a few dozen levels; past MAX_NESTING the structure
    carries no meaning, so containers become line breaks, and if that is not
    enough every tag does.
    """
    if nesting_depth(html) <= MAX_NESTING:
        return html
    flat = _CONTAINERS.sub("\n", html)
    if nesting_depth(flat) > MAX_NESTING:
        flat = _TAG.sub("\n", flat)
    return flat


def extract_html(html: str) -> HtmlArticle:
    html = flatten_deep_nesting(html)
    tree = LexborHTMLParser(html)
    meta = _meta(tree)
    for node in tree.css(_DROP_TAGS):
        node.decompose()
    body = tree.body or tree.root
    if body is None:
        return HtmlArticle(text="", page_text="", meta=meta)
    for node in body.css(_BLOCK_TAGS):
        node.insert_after("\n")
        if node.tag in ("p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt"):
            node.insert_before("\n")
    for node in body.css(_CELL_TAGS):
        node.insert_after(CELL_MARK)
    main = _pick_main(body, budget=40 * len(html) + 100_000)
    title = _title(tree, meta, main)
    page_text = _text(body, cells=False)
    text = _text(main)
    if title and title not in text[: len(title) + 400]:
        text = title + "\n" + text
    return HtmlArticle(text=text, page_text=page_text, title=title, meta=meta)


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or bool(
        re.search(r"<(html|head|body|div|p|meta|table)[\s>]", head)
    )
