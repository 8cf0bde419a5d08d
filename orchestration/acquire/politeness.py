"""Politeness towards a publisher's host: the per-host rate limit and what robots.txt allows.

`HostRateLimiter` spaces requests to one host (1 request/s by default, slower when robots.txt
asks for a Crawl-delay). `robots_rules` turns the answer to a GET of /robots.txt into
`RobotsRules`: a parsed file (protego), allow-all (3xx/4xx, unparseable), refused (the
request itself was refused by the network guard) or unavailable (5xx / network error: fetch
nothing from that host until it answers, rather than guess).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from orchestration.acquire.fetch_log import REFUSED
from orchestration.acquire.http_get import RETRY_STATUSES, Attempt
from orchestration.acquire.netguard import Refused
from orchestration.text.charset import decode_html

__all__ = [
    "ROBOTS_AGENT",
    "HostRateLimiter",
    "RobotsCache",
    "RobotsRules",
    "RobotsUnavailable",
    "robots_rules",
]

ROBOTS_AGENT = "bureau-indicators"


class HostRateLimiter:
    """Spaces requests to the same host at least `1/rate` seconds apart (thread-safe)."""

    def __init__(
        self,
        requests_per_second: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = 1.0 / requests_per_second if requests_per_second > 0 else 0.0
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, float] = {}
        self._extra: dict[str, float] = {}
        self._lock = threading.Lock()

    def set_min_interval(self, host: str, seconds: float) -> None:
        with self._lock:
            self._extra[host] = seconds

    def wait(self, host: str) -> float:
        """Block until `host` may be contacted again; return the time waited."""
        with self._lock:
            now = self._clock()
            interval = max(self.interval, self._extra.get(host, 0.0))
            start = max(now, self._next.get(host, now))
            self._next[host] = start + interval
        delay = start - now
        if delay > 0:
            self._sleep(delay)
        return max(delay, 0.0)


class RobotsUnavailable(Exception):
    """robots.txt could not be read (5xx or network error): nothing is fetched from the host."""


@dataclass(slots=True)
class RobotsRules:
    parser: Any | None  # protego.Protego, or None = allow everything
    refusal: str | None  # the robots.txt request itself was refused (address/allow-list)
    expires: float
    unavailable: str | None = None  # 5xx / network error: fail (and retry later), don't guess

    def check(self, url: str, key: str) -> None:
        """Raise `Refused` / `RobotsUnavailable` unless `url` (on host `key`) may be fetched."""
        if self.refusal:
            raise Refused(self.refusal)
        if self.unavailable:
            raise RobotsUnavailable(self.unavailable)
        if self.parser is not None and not self.parser.can_fetch(url, ROBOTS_AGENT):
            raise Refused(f"disallowed by {key}/robots.txt")

    def crawl_delay(self) -> float | None:
        delay = self.parser.crawl_delay(ROBOTS_AGENT) if self.parser is not None else None
        return float(delay) if delay else None


def robots_rules(attempt: Attempt, now: float, ttl: float) -> RobotsRules:
    """The rules the answer `attempt` to GET /robots.txt gives, valid until `now + ttl`."""
    if attempt.outcome == REFUSED:
        return RobotsRules(None, attempt.error, now + ttl)
    if attempt.status is None or attempt.status in RETRY_STATUSES or attempt.status >= 500:
        why = attempt.error or f"HTTP {attempt.status}"
        why = f"robots.txt unavailable ({why}); not fetching from this host until it answers"
        return RobotsRules(None, None, now + min(ttl, 300), why)
    if attempt.status == 200 and attempt.content is not None:
        from protego import Protego

        text, _ = decode_html(attempt.content[:512_000], attempt.headers.get("content-type"))
        try:
            parser = Protego.parse(text)
        except Exception:  # unparseable robots.txt: treat as allow-all, like major crawlers
            parser = None
        return RobotsRules(parser, None, now + ttl)
    return RobotsRules(None, None, now + ttl)  # 3xx / 4xx: no usable robots.txt, everything allowed


class RobotsCache:
    """robots.txt rules per scheme://host: fetched once per host, kept for `ttl` seconds
    (5 minutes when robots.txt was unavailable); a Crawl-delay slows the host's rate limit."""

    def __init__(
        self,
        rate_limiter: HostRateLimiter,
        *,
        ttl: float,
        max_crawl_delay: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._rate_limiter = rate_limiter
        self._ttl = ttl
        self._max_crawl_delay = max_crawl_delay
        self._clock = clock
        self._rules: dict[str, RobotsRules] = {}
        self._lock = threading.Lock()

    def check(self, url: str, get: Callable[[str], Attempt]) -> None:
        """Raise `Refused` / `RobotsUnavailable` unless `url` may be fetched; `get(robots_url)` GETs a robots.txt."""
        parts = urlsplit(url)
        if parts.path == "/robots.txt":
            return
        key = f"{parts.scheme}://{parts.netloc}"
        self._rules_for(key, get).check(url, key)

    def _rules_for(self, key: str, get: Callable[[str], Attempt]) -> RobotsRules:
        now = self._clock()
        with self._lock:
            cached = self._rules.get(key)
            if cached and cached.expires > now:
                return cached
        # fetched outside the lock: a slow robots.txt on one host must not hold up the others
        entry = robots_rules(get(key + "/robots.txt"), now, self._ttl)
        delay = entry.crawl_delay()
        if delay:
            host = (urlsplit(key).hostname or "").lower()
            self._rate_limiter.set_min_interval(host, min(delay, self._max_crawl_delay))
        with self._lock:
            self._rules[key] = entry
        return entry
