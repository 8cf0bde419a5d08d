"""Crawling the fixture bureau website on 127.0.0.1: discovery, classification, re-crawl."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pypdf import PdfReader

from orchestration.acquire.archive import Archive
from orchestration.acquire.crawl import crawl
from orchestration.acquire.fetch_config import FetchConfig
from orchestration.acquire.fetcher import Fetcher
from orchestration.acquire.links import extract_links
from orchestration.acquire.publishers import Publisher
from orchestration.acquire.validators import JsonValidatorStore
from orchestration.text.charset import decode_html

if TYPE_CHECKING:
    from tests.fixtures.site import BureauSite

pytest_plugins = ["tests.fixtures.site"]

FAST = FetchConfig(
    requests_per_second=1000.0,
    backoff_base=0.01,
    backoff_max=0.05,
    max_attempts=3,
    max_bytes=1024 * 1024,
    read_timeout=2.0,
)


def absolute(site: BureauSite, path: str) -> str:
    return path if path.startswith("http") else site.url(path)


@pytest.fixture
def fetcher(tmp_path: Path):
    with Fetcher(FAST, validators=JsonValidatorStore(tmp_path / "validators.json")) as f:
        yield f


def test_full_crawl_finds_and_classifies_every_report(
    bureau_site: BureauSite, fetcher: Fetcher, tmp_path: Path
) -> None:
    archive = Archive.under(tmp_path)
    result = crawl([bureau_site.listing_url], fetcher, allow_private_addresses=True, archive=archive)
    by_url = {d.url: d for d in result.documents}
    expected = {absolute(bureau_site, r.path): r for r in bureau_site.reports}
    assert set(by_url) == set(expected)
    for url, info in expected.items():
        assert by_url[url].outcome == info.expected, (url, by_url[url].reason)
        assert by_url[url].kind == info.kind
    summary = result.summary()
    assert summary["found"] == len(expected) == 14
    assert (summary["new"], summary["failed"], summary["refused"], summary["unchanged"]) == (8, 2, 4, 0)
    assert summary["listing_pages"] == 3 and summary["listing_failures"] == 0

    # reasons are readable
    reasons = {d.url: d.reason for d in result.documents}
    assert "404" in reasons[bureau_site.url(bureau_site.NOT_FOUND)]
    assert "off-host" in reasons["http://foreign.invalid/xxgk/t20240101_1.htm"]
    assert "robots.txt" in reasons[bureau_site.url("/private/t20240301_9999.htm")]
    assert "localhost" in reasons[bureau_site.url(bureau_site.FOREIGN_REDIRECT)]
    assert "cap" in reasons[bureau_site.url(bureau_site.LISTING + "202312/t20231201_3300001.htm")]

    # each report fetched once; the 503 page after one retry; nothing off the allow-list touched
    paths = [r.path for r in bureau_site.requests]
    for info in bureau_site.report("new"):
        assert paths.count(info.path) == (2 if info.path == bureau_site.FLAKY else 1), info.path
    assert by_url[bureau_site.url(bureau_site.FLAKY)].attempts == 2
    assert not any(p.startswith(("/secret", "/private")) for p in paths)
    assert paths.count("/robots.txt") == 1

    # bytes: archived content-addressed; the PDF attachment is a real PDF with the report's text
    for doc in result.fetched:
        assert doc.sha256 and Path(doc.archive_path).read_bytes() == doc.content
        assert archive.path_for(doc.sha256) == Path(doc.archive_path)
    pdf = by_url[bureau_site.url(bureau_site.PDF_ATTACHMENT)]
    assert pdf.media_type == "application/pdf" and pdf.referrer == bureau_site.url(bureau_site.PDF_ARTICLE)
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "2024年厦门市政府工作报告" in pdf_text
    info = next(r for r in bureau_site.reports if r.path == bureau_site.PDF_ATTACHMENT)
    first_line = next(line.strip() for line in info.text.splitlines() if len(line.strip()) > 20)
    assert first_line[:20] in pdf_text.replace("\n", "")

    # the gb2312-declared pages decode
    gb = by_url[bureau_site.url(bureau_site.GB_HEADER_ARTICLE)]
    text, enc = decode_html(gb.content, "text/html; charset=gb2312")
    assert enc == "gb18030" and "厦门市科学技术局关于2022年工作总结" in text

    # fetch log: one row per document plus listings and robots, ready for raw.fetches
    logged = {row.url for row in result.fetch_log if row.purpose == "document"}
    assert logged == set(expected)
    assert {row.purpose for row in result.fetch_log} == {"document", "listing", "robots"}
    assert all(row.error for row in result.fetch_log if row.outcome not in ("ok", "not_modified"))


def test_recrawl_makes_only_conditional_requests_for_articles(
    bureau_site: BureauSite, tmp_path: Path
) -> None:
    store_path = tmp_path / "validators.json"
    with Fetcher(FAST, validators=JsonValidatorStore(store_path)) as f1:
        first = crawl([bureau_site.listing_url], f1, allow_private_addresses=True)
        f1.validators.save()
    loaded = {d.url for d in first.fetched}
    assert len(loaded) == 8

    bureau_site.reset()
    # a new process: validators come back from the JSON state
    with Fetcher(FAST, validators=JsonValidatorStore(store_path)) as f2:
        second = crawl([bureau_site.listing_url], f2, allow_private_addresses=True)
    summary = second.summary()
    assert (summary["new"], summary["changed"], summary["unchanged"]) == (0, 0, 8)
    assert (summary["failed"], summary["refused"]) == (2, 4)
    assert second.fetched == []
    for url in loaded:
        path = url[len(bureau_site.base_url) :]
        hits = bureau_site.hits(path)
        assert all(h.conditional for h in hits) and hits[-1].status == 304, (path, hits)
        # the flaky page answers 503 once more (its counter was reset), then 304
        assert [h.status for h in hits] == ([503, 304] if path == bureau_site.FLAKY else [304])
    for doc in second.by_outcome("unchanged"):
        assert doc.content is None and doc.sha256 == next(
            d.sha256 for d in first.documents if d.url == doc.url
        )
    assert set(second.validators) >= loaded  # JSON-able state the caller can persist


def test_changed_bytes_at_same_url_are_a_new_version(bureau_site: BureauSite, fetcher: Fetcher) -> None:
    crawl([bureau_site.listing_url], fetcher, allow_private_addresses=True)
    resource = bureau_site.resources[bureau_site.UTF8_ARTICLE]
    original = (resource.body, resource.etag)
    try:
        resource.body = original[0].replace("预计3.3%".encode(), "预计3.4%".encode())
        resource.etag = '"changed"'
        again = crawl([bureau_site.listing_url], fetcher, allow_private_addresses=True)
    finally:
        resource.body, resource.etag = original
    doc = next(d for d in again.documents if d.url == bureau_site.url(bureau_site.UTF8_ARTICLE))
    assert doc.outcome == "changed" and doc.content is not None and "3.4%" in doc.content.decode()
    assert again.summary()["changed"] == 1 and again.summary()["unchanged"] == 7


def test_max_pages_limits_the_listing_walk(bureau_site: BureauSite, fetcher: Fetcher) -> None:
    result = crawl([bureau_site.listing_url], fetcher, allow_private_addresses=True, max_pages=1)
    assert len(result.listings) == 1
    assert result.summary()["found"] == 7
    assert not bureau_site.hits(bureau_site.LISTING + "index_1.htm")


def test_publisher_pattern_selects_reports(bureau_site: BureauSite, fetcher: Fetcher) -> None:
    pub = Publisher(
        id="fixture",
        name="测试局",
        region_code="350200",
        listing_urls=(bureau_site.listing_url,),
        allowed_hosts=("127.0.0.1",),
        report_selector="ul.list",
        report_pattern=r"/t2024\d{4}_",
        allow_private_addresses=True,
    )
    result = crawl([], fetcher, pub)
    reports = [d for d in result.documents if d.kind == "report"]
    assert {d.url.rsplit("/", 1)[1] for d in reports if d.outcome == "new"} == {
        "t20240218_2817476.htm",
        "t20240105_3400024.htm",
        "t20240111_3100010.htm",
    }
    # matching links off the allow-list or behind robots.txt are found but refused
    assert {d.url.rsplit("/", 1)[1] for d in reports if d.outcome == "refused"} == {
        "t20240101_1.htm",
        "t20240301_9999.htm",
    }
    assert result.publisher_id == "fixture"


def test_conditional_listing_poll_is_cheap_and_never_hides_failures(
    bureau_site: BureauSite, fetcher: Fetcher
) -> None:
    crawl([bureau_site.listing_url], fetcher, allow_private_addresses=True, conditional_listings=True)
    # page 1 had a 404 and page 2 an oversize failure: their validators are not remembered,
    # so the next poll looks at them again; page 3 was clean and is remembered.
    assert bureau_site.url(bureau_site.LISTING + "index_2.htm") in fetcher.validators
    assert bureau_site.listing_url not in fetcher.validators
    bureau_site.reset()
    result = crawl(
        [bureau_site.url(bureau_site.LISTING + "index_2.htm")],
        fetcher,
        allow_private_addresses=True,
        conditional_listings=True,
    )
    assert [p.outcome for p in result.listings] == ["not_modified"]
    assert [r.path for r in bureau_site.requests] == [bureau_site.LISTING + "index_2.htm"]
    assert bureau_site.requests[0].status == 304


def test_private_addresses_refused_by_default(bureau_site: BureauSite, fetcher: Fetcher) -> None:
    result = crawl([bureau_site.listing_url], fetcher)
    assert result.listings[0].outcome == "refused" and "loopback" in result.listings[0].reason
    assert result.documents == [] and bureau_site.requests == []


def test_broken_start_urls_are_reported_not_raised(bureau_site: BureauSite, fetcher: Fetcher) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    result = crawl(
        [bureau_site.url("/nope/"), f"http://127.0.0.1:{closed_port}/list/", "ftp://127.0.0.1/list/"],
        fetcher,
        allow_private_addresses=True,
    )
    outcomes = [(p.outcome, p.reason) for p in result.listings]
    assert outcomes[0][0] == "failed" and "404" in outcomes[0][1]
    assert outcomes[1][0] == "failed" and "ConnectError" in outcomes[1][1] and "robots.txt" in outcomes[1][1]
    assert outcomes[2][0] == "refused"
    assert result.documents == []


LISTING_HTML = """<html><head><base href="http://bureau.gov.cn/xxgk/jhgh/"></head><body>
<div class="nav"><a href="/">首页</a> <a href="/lxwm/">联系我们 0592-5396688</a> <a href="javascript:void(0)">打印</a>
<a href="mailto:a@b.cn">信箱</a></div>
<ul>
 <li><a href="202402/t20240218_2817476.htm">厦门市科学技术局2023年工作总结</a></li>
 <li><a href="/xxgk/tzgg/notice.htm">2023年统计公报</a></li>
 <li><a href="files/%E6%8A%A5%E5%91%8A.pdf">附件</a></li>
 <li><a href="../other/page.htm">机构职能</a></li>
 <li><a href="202402/t20240218_2817476.htm#top">同一篇(锚点)</a></li>
</ul>
<div class="page"><a href="index_1.htm">下一页</a> <a href="index_5.htm">尾页</a></div>
<div class="footer">闽ICP备05002390号-1 邮编361012</div>
</body></html>"""


def test_extract_links_default_heuristics() -> None:
    links = extract_links(LISTING_HTML, "http://bureau.gov.cn/ignored/")
    urls = [link.url for link in links.reports]
    # every item of the listing block, whatever its title says (title words are hints, not gates)
    assert urls == [
        "http://bureau.gov.cn/xxgk/jhgh/202402/t20240218_2817476.htm",
        "http://bureau.gov.cn/xxgk/tzgg/notice.htm",
        "http://bureau.gov.cn/xxgk/jhgh/files/%E6%8A%A5%E5%91%8A.pdf",
        "http://bureau.gov.cn/xxgk/other/page.htm",
    ]
    assert [link.url for link in links.attachments] == [urls[2]]
    assert links.next_pages == ["http://bureau.gov.cn/xxgk/jhgh/index_1.htm"]
    refused = {r.url: r.reason for r in links.refused}
    assert refused["http://bureau.gov.cn/"].startswith("site navigation")
    assert refused["http://bureau.gov.cn/xxgk/jhgh/index_5.htm"].startswith("site navigation")


def test_extract_links_next_page_variants() -> None:
    rel = '<html><head><link rel="next" href="?page=2"></head><body></body></html>'
    assert extract_links(rel, "http://a.gov.cn/list/").next_pages == ["http://a.gov.cn/list/?page=2"]
    trs = '<html><body><script>createPageHTML(5, 0, "index", "htm");</script></body></html>'
    assert extract_links(trs, "http://a.gov.cn/list/index.htm").next_pages == [
        "http://a.gov.cn/list/index_1.htm"
    ]
    last = '<html><body><script>createPageHTML(5, 4, "index", "htm");</script></body></html>'
    assert extract_links(last, "http://a.gov.cn/list/index_4.htm").next_pages == []
    pub = Publisher.adhoc(["http://a.gov.cn/"])
    pub = Publisher(
        **{
            **{f: getattr(pub, f) for f in ("id", "name", "region_code", "listing_urls", "allowed_hosts")},
            "next_page_selector": "div.pager a.nxt",
        }
    )
    custom = '<div class="pager"><a class="nxt" href="list_3.html">&gt;&gt;</a></div>'
    assert extract_links(custom, "http://a.gov.cn/list_2.html", pub).next_pages == [
        "http://a.gov.cn/list_3.html"
    ]


def test_crawl_progress_callback_and_document_rows(bureau_site: BureauSite, fetcher: Fetcher) -> None:
    seen: list[str] = []

    def progress(doc) -> None:
        seen.append(doc.outcome)
        raise RuntimeError("a broken progress bar must not matter")

    result = crawl(
        [bureau_site.listing_url], fetcher, allow_private_addresses=True, on_document=progress, max_pages=1
    )
    assert len(seen) == len(result.documents) == 7
    row = result.documents[0].as_dict()
    assert {
        "url",
        "final_url",
        "media_type",
        "sha256",
        "etag",
        "last_modified",
        "status",
        "outcome",
        "reason",
    } <= set(row)
    assert "content" not in row
