"""The default link finder on listing pages nobody configured: five shapes on a loopback site."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from orchestration.acquire.crawl import crawl
from orchestration.acquire.fetch_config import FetchConfig
from orchestration.acquire.fetcher import Fetcher
from orchestration.acquire.publishers import PublisherConfigError, publisher_for, with_link_rules
from orchestration.acquire.validators import JsonValidatorStore

if TYPE_CHECKING:
    from tests.fixtures.listings import ListingSite

pytest_plugins = ["tests.fixtures.listings"]

FAST = FetchConfig(requests_per_second=1000.0, backoff_base=0.01, backoff_max=0.05, max_attempts=2)
SHAPES = ("ul", "table", "divs", "trs", "dates")
PAGES = {"ul": 10, "table": 3, "divs": 2, "trs": 3, "dates": 1}


@pytest.mark.parametrize("shape", SHAPES)
def test_every_article_and_nothing_else(listing_site: ListingSite, tmp_path: Path, shape: str) -> None:
    store = JsonValidatorStore(tmp_path / "validators.json")
    with Fetcher(FAST, validators=store) as fetcher:
        result = crawl([listing_site.start(shape)], fetcher, allow_private_addresses=True, max_pages=50)
    found = {d.url for d in result.documents}
    assert found == listing_site.article_urls(shape)
    assert len(result.listings) == PAGES[shape] and all(p.outcome == "ok" for p in result.listings)
    for d in result.documents:
        path = d.url.removeprefix(listing_site.base_url)
        assert d.outcome == ("failed" if path in listing_site.withdrawn else "new"), (d.url, d.reason)
    # the sidebar, menu and friend links were never requested
    assert not any(p.startswith(("/xwzx/", "/col/")) for p in listing_site.requests)
    refused = {r.url: r.reason for p in result.listings for r in p.refused}
    assert refused["http://www.gov.cn/"].startswith("site navigation")  # friend link block
    assert "outside the listing" in refused[listing_site.url("/xwzx/202401/t20240110_9001.htm")]

    # re-crawl changes nothing: the same documents, all unchanged, nothing new archived
    store.save()
    with Fetcher(FAST, validators=JsonValidatorStore(tmp_path / "validators.json")) as fetcher:
        again = crawl([listing_site.start(shape)], fetcher, allow_private_addresses=True, max_pages=50)
    assert {d.url for d in again.documents} == found
    assert again.fetched == []
    assert {d.outcome for d in again.documents} <= {"unchanged", "failed"}


def test_issue_site_finds_49_of_49(listing_site: ListingSite, tmp_path: Path) -> None:
    with Fetcher(FAST, validators=JsonValidatorStore(tmp_path / "v.json")) as fetcher:
        result = crawl([listing_site.start("ul")], fetcher, allow_private_addresses=True, max_pages=50)
    s = result.summary()
    assert (s["found"], s["new"], s["failed"]) == (49, 48, 1)
    assert "404" in next(d.reason for d in result.documents if d.outcome == "failed")
    assert result.listings[0].block == "ul.list > li: 5 items"


def test_dry_run_fetches_no_report(listing_site: ListingSite, tmp_path: Path) -> None:
    pub = publisher_for([listing_site.start("ul")], allow_private=True)
    with Fetcher(FAST, validators=JsonValidatorStore(tmp_path / "v.json")) as fetcher:
        result = crawl([listing_site.start("ul")], fetcher, pub, max_pages=50, dry_run=True)
    assert result.documents == [] and result.fetched == []
    assert {p.url for p in result.planned if p.action == "fetch"} == listing_site.article_urls("ul")
    assert all(p.startswith(("/xxgk/index", "/robots.txt")) for p in listing_site.requests)
    assert [p.next_page for p in result.listings][:2] == [
        listing_site.url("/xxgk/index_1.htm"),
        listing_site.url("/xxgk/index_2.htm"),
    ]


def test_report_pattern_and_selector_one_off(listing_site: ListingSite, tmp_path: Path) -> None:
    base = publisher_for([listing_site.start("trs")], allow_private=True)
    by_pattern = with_link_rules(base, report_pattern=r"/t202101")
    by_selector = with_link_rules(base, report_selector="div.right li")
    with Fetcher(FAST, validators=JsonValidatorStore(tmp_path / "v.json")) as fetcher:
        r1 = crawl([listing_site.start("trs")], fetcher, by_pattern, max_pages=1, dry_run=True)
        r2 = crawl([listing_site.start("trs")], fetcher, by_selector, max_pages=1, dry_run=True)
    assert {p.url.rsplit("/", 1)[1] for p in r1.planned} == {"t20210110_600.htm"}
    assert len(r2.planned) == 3 and all("/xwzx/" in p.url for p in r2.planned)
    with pytest.raises(PublisherConfigError, match="--report-pattern"):
        with_link_rules(base, report_pattern="(")
    with pytest.raises(PublisherConfigError, match="--report-selector"):
        with_link_rules(base, report_selector="div[")


def test_cli_dry_run_prints_the_plan(
    listing_site: ListingSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from orchestration.cli import main

    wh = tmp_path / "wh" / "bureau.duckdb"
    code = main(
        ["crawl", listing_site.start("dates"), "--allow-private", "--dry-run", "--warehouse", str(wh)]
    )
    out = capsys.readouterr()
    assert code == 0, out.err
    reports = [ln for ln in out.out.splitlines() if ln.startswith("report ")]
    assert len(reports) == 7 and all("/tjgb/art/" in ln for ln in reports)
    assert "skipped  http://www.gov.cn/" in out.out and "site navigation" in out.out
    assert "no report was fetched" in out.err
    assert not wh.exists()  # nothing written
    assert not any(p.startswith("/tjgb/art/") for p in listing_site.requests)
