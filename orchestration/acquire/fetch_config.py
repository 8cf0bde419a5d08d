"""How the fetcher behaves: timeouts, retries, rate limit, robots.txt, size cap, redirects.

`FetchConfig` is what `bureau crawl`, the poll sensors and the tests hand to `Fetcher`; the
defaults are the polite ones (1 request/s per host, robots.txt respected, 20 MB cap) and the
User-Agent names the project.
"""

from __future__ import annotations

from dataclasses import dataclass


def _package_version() -> str:
    try:
        from importlib.metadata import version

        return version("bureau-indicators")
    except Exception:  # pragma: no cover - running from a source tree without metadata
        return "0.1.0"


PROJECT_URL = "https://github.com/bureau-indicators/bureau-indicators"  # placeholder
USER_AGENT = f"bureau-indicators/{_package_version()} (+{PROJECT_URL})"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_REQUESTS_PER_SECOND = 1.0


@dataclass(frozen=True)
class FetchConfig:
    user_agent: str = USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 120.0  # wall clock per attempt, against slow-drip responses
    max_bytes: int = DEFAULT_MAX_BYTES
    max_attempts: int = 4
    backoff_base: float = 1.0  # seconds; attempt n waits ~ base * 2**(n-1) + jitter(0..base)
    backoff_max: float = 60.0
    max_retry_after: float = 120.0  # a longer Retry-After gives up (next tick will try again)
    requests_per_second: float = DEFAULT_REQUESTS_PER_SECOND  # per host
    respect_robots: bool = True
    robots_ttl: float = 3600.0
    max_crawl_delay: float = 30.0
    max_redirects: int = 5
    allow_private_addresses: bool = False  # default when fetch() gets no publisher
    verify_tls: bool = True
