"""A polite, defensive HTTP fetcher for bureau websites.

One `httpx.Client` (HTTP/1.1, keep-alive) behind `Fetcher.fetch(url) -> FetchResult`:

* timeouts (connect/read) plus a per-attempt wall-clock budget against slow-drip servers;
* retries with exponential backoff and jitter on 408/429/5xx and connection/read errors,
  honouring Retry-After (capped; a longer wait gives up and leaves it to the next tick);
* a per-host rate limit (default 1 request/s per host, raised by robots.txt Crawl-delay);
* robots.txt (protego), cached per host;
* conditional GET from a validator store (ETag / Last-Modified), so an unchanged page costs a 304;
* an honest User-Agent, no cookies kept, no proxies from the environment, no credentials in URLs;
* a streamed size cap (default 20 MB, applied to decoded bytes, so gzip bombs stop too);
* redirects followed by hand, only within the publisher's allow-list and only to http(s);
* every connection goes through the network guard (`acquire/netguard.py`), which refuses
  private, loopback, link-local, reserved and multicast addresses unless the publisher allows
  them; validators live in `acquire/validators.py`, the log row in `acquire/fetch_log.py`,
  the settings in `acquire/fetch_config.py` (`FetchConfig`) and the result in
  `acquire/fetch_result.py` (`FetchResult`).

`fetch` never raises for a per-document problem: the `FetchResult` carries the outcome and a
readable error, and a log row (`Fetcher.log`) is kept for every call, ready for `raw.fetches`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import http.cookiejar
import random
import threading
import time
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
from tenacity import RetryCallState, Retrying, retry_if_result, stop_after_attempt

from orchestration.acquire.fetch_config import FetchConfig
from orchestration.acquire.fetch_log import (
    HTTP_ERROR,
    NETWORK_ERROR,
    NOT_MODIFIED,
    OK,
    REFUSED,
    FetchLogRow,
)
from orchestration.acquire.fetch_result import FetchResult
from orchestration.acquire.http_get import (
    REDIRECT_STATUSES,
    Attempt,
    get_once,
    reason_phrase,
    sniff_media_type,
)
from orchestration.acquire.netguard import (
    ALLOW_PRIVATE,
    NoCookies,
    PolicyTransport,
    Refused,
    check_url,
    has_userinfo,
    join_url,
    normalise_url,
    redact,
)
from orchestration.acquire.politeness import HostRateLimiter, RobotsCache, RobotsUnavailable
from orchestration.acquire.publishers import Publisher
from orchestration.acquire.validators import ValidatorStore, conditional_headers, remember

# --------------------------------------------------------------------------- the fetcher


class Fetcher:
    """See the module docstring. Use as a context manager or call `close()`."""

    def __init__(
        self,
        config: FetchConfig | None = None,
        *,
        validators: MutableMapping[str, dict] | None = None,
        client: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
    ) -> None:
        self.config = config or FetchConfig()
        self.validators: MutableMapping[str, dict] = (
            validators if validators is not None else ValidatorStore()
        )
        self._sleep = sleep
        self._clock = clock
        self._rng = rng or random.Random()
        self.rate_limiter = HostRateLimiter(self.config.requests_per_second, clock=clock, sleep=sleep)
        self.robots = RobotsCache(
            self.rate_limiter,
            ttl=self.config.robots_ttl,
            max_crawl_delay=self.config.max_crawl_delay,
            clock=clock,
        )
        self._log: list[FetchLogRow] = []
        self._log_lock = threading.Lock()
        self._owns_client = client is None
        self.client = client or httpx.Client(
            transport=PolicyTransport(verify=self.config.verify_tls),
            timeout=httpx.Timeout(
                connect=self.config.connect_timeout,
                read=self.config.read_timeout,
                write=self.config.read_timeout,
                pool=self.config.connect_timeout,
            ),
            follow_redirects=False,
            trust_env=False,
            cookies=http.cookiejar.CookieJar(policy=NoCookies()),
            headers={
                "User-Agent": self.config.user_agent,
                "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8",
                "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5",
            },
        )

    # -- lifecycle ---------------------------------------------------------

    def close(self) -> None:
        if self._owns_client:
            self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- log ---------------------------------------------------------------

    @property
    def log(self) -> list[FetchLogRow]:
        with self._log_lock:
            return list(self._log)

    def log_since(self, index: int) -> list[FetchLogRow]:
        with self._log_lock:
            return list(self._log[index:])

    def log_position(self) -> int:
        with self._log_lock:
            return len(self._log)

    def record(self, row: FetchLogRow) -> None:
        with self._log_lock:
            self._log.append(row)

    # -- validators --------------------------------------------------------

    def remember(self, result: FetchResult, **extra: Any) -> None:
        """Store the validators of a successful fetch (done by `fetch` unless told not to)."""
        remember(self.validators, result, **extra)

    def preflight(self, url: str, *, publisher: Publisher | None = None) -> str | None:
        """Why `fetch(url)` would be refused (allow-list, scheme, robots.txt), or None: no GET of `url`.

        What `bureau crawl --dry-run` asks of every report link; robots.txt itself is fetched
        (once per host) when it is not cached. The address check happens at connect time, so a
        private address is only caught by a real fetch.
        """
        allow_private = (
            publisher.allow_private_addresses
            if publisher is not None
            else self.config.allow_private_addresses
        )
        token = ALLOW_PRIVATE.set(allow_private)
        try:
            url = normalise_url(url)
            check_url(url, publisher)
            if self.config.respect_robots:
                self._check_robots(url)
        except ValueError as exc:
            return f"malformed URL: {exc}"
        except Refused as exc:
            return str(exc)
        except RobotsUnavailable as exc:
            return str(exc)
        finally:
            ALLOW_PRIVATE.reset(token)
        return None

    # -- the main entry point ---------------------------------------------

    def fetch(
        self,
        url: str,
        *,
        publisher: Publisher | None = None,
        conditional: bool = True,
        record_validators: bool = True,
        purpose: str = "document",
    ) -> FetchResult:
        """GET `url` politely and safely. Never raises for network or HTTP problems."""
        started = self._clock()
        fetched_at = dt.datetime.now(dt.UTC)
        try:
            url = normalise_url(url)
        except ValueError as exc:
            result = FetchResult(
                url=url, final_url=url, status=None, outcome=REFUSED, error=f"malformed URL: {exc}"
            )
            self.record(FetchLogRow.from_result(result, purpose))
            return result
        if has_userinfo(url):
            clean = redact(url)
            result = FetchResult(
                url=clean,
                final_url=clean,
                status=None,
                outcome=REFUSED,
                error="URL carries credentials; refusing to send or store them",
                fetched_at=fetched_at,
            )
            self.record(FetchLogRow.from_result(result, purpose))
            return result
        prior = self.validators.get(url) or {}
        cond_headers = conditional_headers(self.validators, url) if conditional else {}
        allow_private = (
            publisher.allow_private_addresses
            if publisher is not None
            else self.config.allow_private_addresses
        )
        result = FetchResult(
            url=url,
            final_url=url,
            status=None,
            outcome=NETWORK_ERROR,
            previous_sha256=prior.get("sha256"),
            conditional=bool(cond_headers),
            fetched_at=fetched_at,
        )
        token = ALLOW_PRIVATE.set(allow_private)
        try:
            self._fetch_into(result, publisher, cond_headers)
        except Exception as exc:  # never let one document take the run down
            result.outcome = NETWORK_ERROR
            result.error = f"unexpected error: {type(exc).__name__}: {exc}"
        finally:
            ALLOW_PRIVATE.reset(token)
            with contextlib.suppress(Exception):
                self.client.cookies.clear()
        result.elapsed = self._clock() - started
        if result.ok and record_validators:
            self.remember(result)
        self.record(FetchLogRow.from_result(result, purpose))
        return result

    def _fetch_into(
        self, result: FetchResult, publisher: Publisher | None, cond_headers: dict[str, str]
    ) -> None:
        current = result.url
        redirects: list[str] = []
        for _hop in range(self.config.max_redirects + 1):
            try:
                check_url(current, publisher)
                if self.config.respect_robots:
                    self._check_robots(current)
            except Refused as exc:
                shown = redact(current)
                why = f"redirect to {shown} refused: {exc}" if redirects else str(exc)
                result.outcome, result.error, result.final_url = REFUSED, why, shown
                result.redirects = tuple(redirects)
                return
            except RobotsUnavailable as exc:
                result.outcome, result.error, result.final_url = NETWORK_ERROR, str(exc), current
                result.redirects = tuple(redirects)
                return
            attempt, n = self._get_with_retries(current, cond_headers)
            result.attempts += n
            result.final_url = current
            result.redirects = tuple(redirects)
            result.status = attempt.status
            # what callers keep: never a user:password@ from a redirect target
            result.headers = {
                k: (redact(join_url(current, v)) if k == "location" else v)
                for k, v in attempt.headers.items()
            }
            if attempt.outcome is not None:
                result.outcome, result.error = attempt.outcome, attempt.error
                return
            status = attempt.status or 0
            if status in REDIRECT_STATUSES:
                location = attempt.headers.get("location")
                if not location:
                    result.outcome, result.error = (
                        HTTP_ERROR,
                        f"HTTP {status} redirect without a Location header",
                    )
                    return
                current = normalise_url(urljoin(current, location))
                redirects.append(current)
                continue
            if status == 304:
                result.outcome = NOT_MODIFIED
                result.sha256 = result.previous_sha256
                result.etag = attempt.headers.get("etag") or (self.validators.get(result.url) or {}).get(
                    "etag"
                )
                result.last_modified = attempt.headers.get("last-modified") or (
                    self.validators.get(result.url) or {}
                ).get("last_modified")
                return
            if 200 <= status < 300 and attempt.content is not None:
                result.outcome = OK
                result.content = attempt.content
                result.sha256 = hashlib.sha256(attempt.content).hexdigest()
                result.media_type = sniff_media_type(attempt.content, attempt.headers.get("content-type"))
                result.etag = attempt.headers.get("etag")
                result.last_modified = attempt.headers.get("last-modified")
                return
            result.outcome = HTTP_ERROR
            phrase = reason_phrase(status)
            result.error = attempt.error or f"HTTP {status}{' ' + phrase if phrase else ''}"
            if attempt.retryable:
                result.error += f" after {result.attempts} attempt(s)"
            return
        result.outcome = REFUSED
        result.error = f"more than {self.config.max_redirects} redirects"

    # -- retries -------------------------------------------------------------

    def _get_with_retries(self, url: str, headers: Mapping[str, str]) -> tuple[Attempt, int]:
        counter = {"n": 0}

        def attempt() -> Attempt:
            counter["n"] += 1
            return self._attempt(url, headers)

        retrying = Retrying(
            stop=stop_after_attempt(max(1, self.config.max_attempts)),
            wait=self._wait,
            retry=retry_if_result(lambda a: a.retryable),
            retry_error_callback=lambda state: state.outcome.result(),
            sleep=self._sleep,
            reraise=False,
        )
        final = retrying(attempt)
        return final, counter["n"]

    def _wait(self, state: RetryCallState) -> float:
        last: Attempt | None = state.outcome.result() if state.outcome and not state.outcome.failed else None
        if last is not None and last.retry_after is not None:
            return min(last.retry_after, self.config.max_retry_after)
        base = self.config.backoff_base
        delay = base * (2 ** (state.attempt_number - 1)) + self._rng.uniform(0, base)
        return min(delay, self.config.backoff_max)

    def _attempt(self, url: str, headers: Mapping[str, str]) -> Attempt:
        self.rate_limiter.wait((urlsplit(url).hostname or "").lower())
        return get_once(self.client, url, headers, self.config, self._clock)

    # -- robots.txt -----------------------------------------------------------

    def _check_robots(self, url: str) -> None:
        self.robots.check(url, self._get_robots)

    def _get_robots(self, robots_url: str) -> Attempt:
        """GET a robots.txt (with retries) and log it; `RobotsCache` decides what it means."""
        attempt, _ = self._get_with_retries(robots_url, {})
        fake = FetchResult(
            url=robots_url,
            final_url=robots_url,
            status=attempt.status,
            outcome=attempt.outcome or (OK if attempt.status == 200 else HTTP_ERROR),
            error=attempt.error,
            attempts=1,
        )
        if attempt.outcome != REFUSED and attempt.status == 200 and attempt.content is not None:
            fake.content = attempt.content
            fake.sha256 = hashlib.sha256(attempt.content).hexdigest()
        self.record(FetchLogRow.from_result(fake, "robots"))
        return attempt
