"""The fetcher against a real HTTP server on 127.0.0.1 (no internet)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from orchestration.acquire.fetch_config import USER_AGENT, FetchConfig
from orchestration.acquire.fetch_log import RAW_FETCHES_COLUMNS
from orchestration.acquire.fetcher import Fetcher
from orchestration.acquire.publishers import Publisher
from orchestration.acquire.validators import JsonValidatorStore, ValidatorStore
from orchestration.text.charset import decode_html

if TYPE_CHECKING:
    from tests.fixtures.site import BureauSite

pytest_plugins = ["tests.fixtures.site"]

LISTING = "/xxgk/zfxxgk/xxgkml/jhgh/"
UTF8_ARTICLE = LISTING + "202402/t20240218_2817476.htm"
GB_HEADER_ARTICLE = (
    LISTING + "202302/t20230201_2717232.htm"
)  # charset=gb2312 in header + meta, Last-Modified only
GB_META_ARTICLE = LISTING + "202003/t20200303_2425743.htm"  # charset=gb2312 in <meta http-equiv> only
FLAKY = LISTING + "201702/t20170215_1500005.htm"  # 503 on the first request, then 200
NOT_FOUND = LISTING + "202201/t20220105_4040404.htm"

FAST = {
    "requests_per_second": 1000.0,
    "backoff_base": 0.01,
    "backoff_max": 0.05,
    "max_attempts": 3,
    "max_bytes": 1024 * 1024,
    "read_timeout": 2.0,
    "connect_timeout": 2.0,
}


@pytest.fixture
def make_fetcher(bureau_site: BureauSite) -> Callable[..., tuple[Fetcher, Publisher]]:
    made: list[Fetcher] = []

    def make(
        *, allow_private: bool = True, validators=None, sleep=time.sleep, **overrides
    ) -> tuple[Fetcher, Publisher]:
        fetcher = Fetcher(FetchConfig(**{**FAST, **overrides}), validators=validators, sleep=sleep)
        made.append(fetcher)
        return fetcher, Publisher.adhoc([bureau_site.base_url], allow_private_addresses=allow_private)

    yield make
    for f in made:
        f.close()


def test_plain_fetch_is_honest_and_complete(bureau_site: BureauSite, make_fetcher) -> None:
    fetcher, pub = make_fetcher()
    res = fetcher.fetch(bureau_site.url(UTF8_ARTICLE), publisher=pub)
    body = bureau_site.resources[UTF8_ARTICLE].body
    assert res.ok and res.status == 200 and res.attempts == 1
    assert res.content == body and res.sha256 == hashlib.sha256(body).hexdigest()
    assert res.media_type == "text/html" and res.etag and res.last_modified
    assert res.headers["content-type"].startswith("text/html")
    assert res.error is None and res.elapsed > 0
    hit = bureau_site.hits(UTF8_ARTICLE)[0]
    assert hit.user_agent == USER_AGENT and USER_AGENT.startswith("bureau-indicators/")
    assert not hit.conditional
    assert [r.path for r in bureau_site.requests] == ["/robots.txt", UTF8_ARTICLE]


def test_keep_alive_reuses_one_connection(bureau_site: BureauSite, make_fetcher) -> None:
    fetcher, pub = make_fetcher()
    for _ in range(3):
        assert fetcher.fetch(bureau_site.url("/fault/ok"), publisher=pub, conditional=False).ok
    ports = {r.client_port for r in bureau_site.requests}
    assert len(ports) == 1, "HTTP/1.1 keep-alive should carry robots.txt and all three requests"


def test_503_then_200_is_loaded_after_retry(bureau_site: BureauSite, make_fetcher) -> None:
    fetcher, pub = make_fetcher()
    res = fetcher.fetch(bureau_site.url(FLAKY), publisher=pub)
    assert res.ok and res.attempts == 2
    assert [h.status for h in bureau_site.hits(FLAKY)] == [503, 200]


def test_persistent_5xx_gives_up_with_a_reason(bureau_site: BureauSite, make_fetcher) -> None:
    fetcher, pub = make_fetcher(max_attempts=3)
    res = fetcher.fetch(bureau_site.url("/fault/always-503"), publisher=pub)
    assert res.failed and res.outcome == "http_error" and res.status == 503
    assert res.attempts == 3 and "503" in res.error and "3 attempt" in res.error
    assert len(bureau_site.hits("/fault/always-503")) == 3


def test_404_is_reported_not_retried(bureau_site: BureauSite, make_fetcher) -> None:
    fetcher, pub = make_fetcher()
    res = fetcher.fetch(bureau_site.url(NOT_FOUND), publisher=pub)
    assert res.outcome == "http_error" and res.status == 404 and res.content is None
    assert "404" in res.error and res.attempts == 1


def test_retry_after_is_honoured(bureau_site: BureauSite, make_fetcher) -> None:
    sleeps: list[float] = []
    fetcher, pub = make_fetcher(sleep=sleeps.append)
    res = fetcher.fetch(bureau_site.url("/fault/retry-after"), publisher=pub)
    assert res.ok and res.attempts == 2
    assert 1.0 in sleeps, f"expected the 1 s Retry-After to be slept, got {sleeps}"
    assert [h.status for h in bureau_site.hits("/fault/retry-after")] == [429, 200]


def test_retry_after_beyond_the_cap_gives_up_at_once(bureau_site: BureauSite, make_fetcher) -> None:
    sleeps: list[float] = []
    fetcher, pub = make_fetcher(sleep=sleeps.append, max_retry_after=10)
    res = fetcher.fetch(bureau_site.url("/fault/long-retry-after"), publisher=pub)
    assert res.failed and res.attempts == 1 and "3600" in res.error
    assert all(s < 10 for s in sleeps)


def test_backoff_grows_exponentially_with_jitter(bureau_site: BureauSite, make_fetcher) -> None:
    sleeps: list[float] = []
    fetcher, pub = make_fetcher(sleep=sleeps.append, backoff_base=1.0, backoff_max=100, max_attempts=4)
    res = fetcher.fetch(bureau_site.url("/fault/always-503"), publisher=pub)
    assert res.attempts == 4
    backoffs = [s for s in sleeps if s >= 1.0]
    assert len(backoffs) == 3
    for n, s in enumerate(backoffs):
        assert 2**n <= s <= 2**n + 1.0


def test_redirect_to_foreign_host_is_refused(bureau_site: BureauSite, make_fetcher) -> None:
    fetcher, pub = make_fetcher()
    res = fetcher.fetch(bureau_site.url("/fault/redirect-foreign"), publisher=pub)
    assert res.refused and "localhost" in res.error and "redirect" in res.error
    assert not any(r.path.startswith("/secret") for r in bureau_site.requests)


def test_redirect_within_allow_list_is_followed(bureau_site: BureauSite, make_fetcher) -> None:
    fetcher, pub = make_fetcher()
    res = fetcher.fetch(bureau_site.url("/fault/redirect-local"), publisher=pub)
    assert res.ok and res.final_url == bureau_site.url("/fault/ok")
    assert res.redirects == (bureau_site.url("/fault/ok"),)


@pytest.mark.parametrize(
    ("path", "words"),
    [("/fault/redirect-ftp", "scheme 'ftp'"), ("/fault/redirect-loop", "more than 5 redirects")],
)
def test_bad_redirects_are_refused(bureau_site: BureauSite, make_fetcher, path: str, words: str) -> None:
    fetcher, pub = make_fetcher()
    res = fetcher.fetch(bureau_site.url(path), publisher=pub)
    assert res.refused and words in res.error


@pytest.mark.parametrize("path", ["/fault/huge", "/fault/huge-unsized", "/fault/gzip-bomb"])
def test_oversize_is_refused(bureau_site: BureauSite, make_fetcher, path: str) -> None:
    fetcher, pub = make_fetcher(max_bytes=1024 * 1024)
    res = fetcher.fetch(bureau_site.url(path), publisher=pub)
    assert res.outcome == "too_large" and res.content is None
    assert "1,048,576-byte cap" in res.error and res.attempts == 1


def test_private_addresses_refused_unless_allowed(bureau_site: BureauSite, make_fetcher) -> None:
    fetcher, pub = make_fetcher(allow_private=False)
    res = fetcher.fetch(bureau_site.url(UTF8_ARTICLE), publisher=pub)
    assert res.refused and "loopback address 127.0.0.1" in res.error
    assert bureau_site.requests == [], "not even robots.txt may be requested"
    # no publisher: the fetcher's own default applies (private refused)
    assert fetcher.fetch(bureau_site.url("/fault/ok")).refused
    # names resolving to loopback are caught at connect time as well
    local = Publisher.adhoc([f"http://localhost:{bureau_site.port}/"])
    res = fetcher.fetch(f"http://localhost:{bureau_site.port}/fault/ok", publisher=local)
    assert res.refused and "loopback" in res.error
    assert bureau_site.requests == []


def test_link_local_refused_without_connecting(make_fetcher) -> None:
    fetcher, _ = make_fetcher(allow_private=False)
    pub = Publisher.adhoc(["http://169.254.169.254/"])
    t0 = time.monotonic()
    res = fetcher.fetch("http://169.254.169.254/latest/meta-data/", publisher=pub)
    assert res.refused and "link-local" in res.error
    assert time.monotonic() - t0 < 1.0


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://127.0.0.1/report.pdf", "gopher://127.0.0.1/", "javascript:alert(1)"]
)
def test_non_http_schemes_refused(bureau_site: BureauSite, make_fetcher, url: str) -> None:
    fetcher, pub = make_fetcher()
    res = fetcher.fetch(url, publisher=pub)
    assert res.refused and "not http(s)" in res.error
    assert bureau_site.requests == []


def test_credentials_in_url_refused(bureau_site: BureauSite, make_fetcher) -> None:
    fetcher, pub = make_fetcher()
    res = fetcher.fetch(f"http://user:secret@127.0.0.1:{bureau_site.port}/fault/ok", publisher=pub)
    assert res.refused and "credentials" in res.error
    assert bureau_site.requests == []
    assert all("secret" not in f"{row.url} {row.final_url} {row.error}" for row in fetcher.log)
    assert "secret" not in res.url


def test_off_allow_list_host_refused(bureau_site: BureauSite, make_fetcher) -> None:
    fetcher, _ = make_fetcher()
    pub = Publisher(
        "x", "X", None, ("http://sti.xm.gov.cn/",), ("sti.xm.gov.cn",), allow_private_addresses=True
    )
    res = fetcher.fetch(bureau_site.url("/fault/ok"), publisher=pub)
    assert res.refused and "allow-list" in res.error
    assert bureau_site.requests == []


def test_conditional_get_etag_and_last_modified(bureau_site: BureauSite, make_fetcher) -> None:
    fetcher, pub = make_fetcher()
    first = {p: fetcher.fetch(bureau_site.url(p), publisher=pub) for p in (UTF8_ARTICLE, GB_HEADER_ARTICLE)}
    assert all(r.ok for r in first.values())
    assert first[GB_HEADER_ARTICLE].etag is None and first[GB_HEADER_ARTICLE].last_modified
    bureau_site.reset()
    for path, before in first.items():
        again = fetcher.fetch(bureau_site.url(path), publisher=pub)
        assert again.not_modified and again.status == 304 and again.content is None
        assert again.sha256 == before.sha256 == again.previous_sha256
        assert again.conditional
    etag_hit, lm_hit = bureau_site.hits(UTF8_ARTICLE)[0], bureau_site.hits(GB_HEADER_ARTICLE)[0]
    assert etag_hit.if_none_match == first[UTF8_ARTICLE].etag and etag_hit.status == 304
    assert lm_hit.if_none_match is None and lm_hit.if_modified_since == first[GB_HEADER_ARTICLE].last_modified
    assert lm_hit.status == 304


def test_validator_state_persists_as_json(bureau_site: BureauSite, make_fetcher, tmp_path: Path) -> None:
    store = JsonValidatorStore(tmp_path / "validators.json")
    fetcher, pub = make_fetcher(validators=store)
    assert fetcher.fetch(bureau_site.url(UTF8_ARTICLE), publisher=pub).ok
    store.save()
    reloaded = JsonValidatorStore(tmp_path / "validators.json")
    assert reloaded[bureau_site.url(UTF8_ARTICLE)]["etag"]
    assert ValidatorStore.from_json(store.to_json()).to_dict() == store.to_dict()
    bureau_site.reset()
    fetcher2, _ = make_fetcher(validators=reloaded)
    assert fetcher2.fetch(bureau_site.url(UTF8_ARTICLE), publisher=pub).not_modified
    # a corrupt store costs one unconditional fetch, never a crash
    (tmp_path / "broken.json").write_text("{not json")
    assert len(JsonValidatorStore(tmp_path / "broken.json")) == 0


def test_robots_disallow_honoured_and_cached(bureau_site: BureauSite, make_fetcher) -> None:
    fetcher, pub = make_fetcher()
    blocked = fetcher.fetch(bureau_site.url("/private/t20240301_9999.htm"), publisher=pub)
    assert blocked.refused and "robots.txt" in blocked.error
    assert fetcher.fetch(bureau_site.url("/fault/robots-blocked"), publisher=pub).refused
    assert fetcher.fetch(bureau_site.url("/fault/ok"), publisher=pub).ok
    paths = [r.path for r in bureau_site.requests]
    assert paths.count("/robots.txt") == 1
    assert "/private/t20240301_9999.htm" not in paths and "/fault/robots-blocked" not in paths
    assert [row.purpose for row in fetcher.log].count("robots") == 1


def test_gb2312_declared_pages_decode_as_gb18030(bureau_site: BureauSite, make_fetcher) -> None:
    fetcher, pub = make_fetcher()
    for path in (GB_HEADER_ARTICLE, GB_META_ARTICLE):
        res = fetcher.fetch(bureau_site.url(path), publisher=pub)
        info = next(r for r in bureau_site.reports if r.path == path)
        text, encoding = decode_html(res.content, res.headers.get("content-type"))
        assert encoding == "gb18030"
        assert info.title in text
        sample = next(line.strip() for line in info.text.splitlines() if len(line.strip()) > 30)
        assert sample[:30] in text
        assert "\ufffd" not in text


def test_rate_limit_spaces_requests_per_host(bureau_site: BureauSite, make_fetcher) -> None:
    fetcher, pub = make_fetcher(requests_per_second=20.0)
    t0 = time.monotonic()
    for _ in range(5):
        assert fetcher.fetch(bureau_site.url("/fault/ok"), publisher=pub, conditional=False).ok
    elapsed = time.monotonic() - t0
    times = [r.time for r in bureau_site.requests]  # robots.txt + 5 requests
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(times) == 6
    assert min(gaps) >= 0.04, gaps
    assert elapsed >= 0.24


def test_default_rate_is_one_request_per_second_per_host() -> None:
    assert FetchConfig().requests_per_second == 1.0
    assert FetchConfig().max_bytes == 20 * 1024 * 1024


@pytest.mark.parametrize(
    ("path", "words"),
    [("/fault/truncated", "RemoteProtocolError"), ("/fault/reset", "Error")],
)
def test_truncated_body_and_reset_are_recorded_not_raised(
    bureau_site: BureauSite, make_fetcher, path: str, words: str
) -> None:
    fetcher, pub = make_fetcher(max_attempts=2)
    res = fetcher.fetch(bureau_site.url(path), publisher=pub)
    assert res.outcome == "network_error" and res.content is None
    assert words in res.error and res.attempts == 2
    row = fetcher.log[-1]
    assert row.url == bureau_site.url(path) and row.outcome == "network_error" and row.error == res.error


def test_slow_responses_time_out(bureau_site: BureauSite, make_fetcher) -> None:
    fetcher, pub = make_fetcher(read_timeout=0.1, max_attempts=1)
    res = fetcher.fetch(bureau_site.url("/fault/slow"), publisher=pub)
    assert res.outcome == "network_error" and "Timeout" in res.error
    fetcher2, _ = make_fetcher(total_timeout=0.3, max_attempts=1)
    res = fetcher2.fetch(bureau_site.url("/fault/drip"), publisher=pub)
    assert res.outcome == "network_error" and "too slow" in res.error


def test_dns_failure_is_recorded(make_fetcher) -> None:
    fetcher, _ = make_fetcher(max_attempts=2)
    pub = Publisher.adhoc(["http://no-such-bureau.invalid/"])
    res = fetcher.fetch("http://no-such-bureau.invalid/report.htm", publisher=pub)
    assert not res.ok and "DNS lookup failed" in (res.error or "")


def test_cookies_are_never_kept(bureau_site: BureauSite, make_fetcher) -> None:
    fetcher, pub = make_fetcher()
    res = fetcher.fetch(bureau_site.url("/fault/cookie"), publisher=pub)
    assert res.ok and "set-cookie" not in res.headers
    assert fetcher.fetch(bureau_site.url("/fault/ok"), publisher=pub).ok
    assert all(r.cookie is None for r in bureau_site.requests)
    assert len(fetcher.client.cookies.jar) == 0


def test_log_rows_fit_raw_fetches(bureau_site: BureauSite, make_fetcher) -> None:
    fetcher, pub = make_fetcher()
    fetcher.fetch(bureau_site.url(UTF8_ARTICLE), publisher=pub)
    fetcher.fetch(bureau_site.url(NOT_FOUND), publisher=pub)
    fetcher.fetch("ftp://x/", publisher=pub)
    rows = [r for r in fetcher.log if r.purpose == "document"]
    assert [r.outcome for r in rows] == ["ok", "http_error", "refused"]
    row = rows[0].as_row()
    assert tuple(row) == RAW_FETCHES_COLUMNS
    assert row["fetched_at"].tzinfo is None and row["bytes"] > 0 and row["sha256"] and row["etag"]


def test_tls_failures_are_recorded_not_retried(
    bureau_site: BureauSite, tls_site: BureauSite, make_fetcher
) -> None:
    fetcher, _ = make_fetcher(max_attempts=3)
    # self-signed certificate: verification fails, nothing is sent
    pub = Publisher.adhoc([f"https://127.0.0.1:{tls_site.port}/"], allow_private_addresses=True)
    res = fetcher.fetch(f"https://127.0.0.1:{tls_site.port}/fault/ok", publisher=pub)
    assert res.outcome == "network_error" and "CERTIFICATE_VERIFY_FAILED" in res.error
    assert tls_site.requests == []
    robots_rows = [row for row in fetcher.log if row.purpose == "robots"]
    assert robots_rows and "TLS failure" in robots_rows[-1].error
    # speaking TLS to a plain-HTTP server fails the same way
    res = fetcher.fetch(f"https://127.0.0.1:{bureau_site.port}/fault/ok", publisher=pub)
    assert res.outcome == "network_error" and "SSL" in res.error


def test_robots_crawl_delay_slows_the_host_down() -> None:
    import httpx

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: *\nCrawl-delay: 2\n")
        return httpx.Response(200, html="<html>ok</html>")

    now = [0.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    client = httpx.Client(transport=httpx.MockTransport(handler))
    fetcher = Fetcher(FetchConfig(requests_per_second=100), client=client, sleep=sleep, clock=lambda: now[0])
    pub = Publisher.adhoc(["http://bureau.example.gov.cn/"])
    for _ in range(3):
        assert fetcher.fetch("http://bureau.example.gov.cn/a.htm", publisher=pub, conditional=False).ok
    # robots.txt, then three documents: the 2nd and 3rd wait out the 2 s Crawl-delay
    assert sleeps[-2:] == [pytest.approx(2.0), pytest.approx(2.0)]
