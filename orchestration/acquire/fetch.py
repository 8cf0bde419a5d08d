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
* every connection goes through a network backend that resolves the host and refuses private,
  loopback, link-local, reserved and multicast addresses unless the publisher allows them
  (checked at connect time, so DNS rebinding between check and use is not possible).

`fetch` never raises for a per-document problem: the `FetchResult` carries the outcome and a
readable error, and a log row (`Fetcher.log`) is kept for every call, ready for `raw.fetches`.
"""

from __future__ import annotations

import codecs
import contextlib
import contextvars
import datetime as dt
import email.utils
import hashlib
import http.cookiejar
import ipaddress
import json
import os
import random
import re
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpcore
import httpx
from tenacity import RetryCallState, Retrying, retry_if_result, stop_after_attempt

from orchestration.acquire.publishers import Publisher, host_allowed

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_REQUESTS_PER_SECOND",
    "USER_AGENT",
    "FetchConfig",
    "FetchLogRow",
    "FetchResult",
    "Fetcher",
    "HostRateLimiter",
    "RAW_FETCHES_COLUMNS",
    "JsonValidatorStore",
    "ValidatorStore",
    "address_refusal",
    "decode_html",
    "normalise_url",
    "sniff_media_type",
]


def _package_version() -> str:
    try:
        from importlib.metadata import version

        return version("bureau-indicators")
    except Exception:  # pragma: no cover - running from a source tree without metadata
        return "0.1.0"


PROJECT_URL = "https://github.com/bureau-indicators/bureau-indicators"  # placeholder
USER_AGENT = f"bureau-indicators/{_package_version()} (+{PROJECT_URL})"
ROBOTS_AGENT = "bureau-indicators"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_REQUESTS_PER_SECOND = 1.0

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
KEPT_HEADERS = (
    "content-type",
    "content-length",
    "content-encoding",
    "content-disposition",
    "etag",
    "last-modified",
    "date",
    "retry-after",
    "location",
    "cache-control",
)
_REFUSED_MARK = "[bureau-refused] "

# Outcomes of a fetch
OK = "ok"
NOT_MODIFIED = "not_modified"
HTTP_ERROR = "http_error"
NETWORK_ERROR = "network_error"
TOO_LARGE = "too_large"
REFUSED = "refused"


# --------------------------------------------------------------------------- config & results


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


@dataclass(slots=True)
class FetchResult:
    url: str
    final_url: str
    status: int | None
    outcome: str  # ok | not_modified | http_error | network_error | too_large | refused
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes | None = None
    media_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None  # of content; for a 304, the sha256 remembered for this URL
    previous_sha256: str | None = None  # what the validator store knew before this fetch
    elapsed: float = 0.0
    error: str | None = None
    attempts: int = 0
    redirects: tuple[str, ...] = ()
    conditional: bool = False  # conditional headers were sent
    fetched_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    @property
    def ok(self) -> bool:
        return self.outcome == OK

    @property
    def not_modified(self) -> bool:
        return self.outcome == NOT_MODIFIED

    @property
    def refused(self) -> bool:
        return self.outcome == REFUSED

    @property
    def failed(self) -> bool:
        return self.outcome in (HTTP_ERROR, NETWORK_ERROR, TOO_LARGE)


RAW_FETCHES_COLUMNS = (
    "url",
    "final_url",
    "fetched_at",
    "status",
    "etag",
    "last_modified",
    "bytes",
    "sha256",
    "outcome",
    "error",
    "attempts",
)


@dataclass(frozen=True, slots=True)
class FetchLogRow:
    """One row of `raw.fetches`."""

    url: str
    final_url: str | None
    fetched_at: dt.datetime
    purpose: str  # document | listing | robots
    status: int | None
    outcome: str
    etag: str | None
    last_modified: str | None
    bytes: int | None
    sha256: str | None
    error: str | None
    attempts: int
    elapsed_ms: int
    conditional: bool

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def as_row(self) -> dict[str, Any]:
        """Exactly the columns of `raw.fetches` (fetched_at as naive UTC)."""
        d = asdict(self)
        d["fetched_at"] = self.fetched_at.astimezone(dt.UTC).replace(tzinfo=None)
        return {k: d[k] for k in RAW_FETCHES_COLUMNS}

    @classmethod
    def from_result(cls, r: FetchResult, purpose: str) -> FetchLogRow:
        return cls(
            url=r.url,
            final_url=r.final_url,
            fetched_at=r.fetched_at,
            purpose=purpose,
            status=r.status,
            outcome=r.outcome,
            etag=r.etag,
            last_modified=r.last_modified,
            bytes=len(r.content) if r.content is not None else None,
            sha256=r.sha256,
            error=r.error,
            attempts=r.attempts,
            elapsed_ms=round(r.elapsed * 1000),
            conditional=r.conditional,
        )


# --------------------------------------------------------------------------- validator store


class ValidatorStore(MutableMapping[str, dict]):
    """URL -> {"etag", "last_modified", "sha256", "status", "fetched_at", ...}. JSON-serialisable."""

    def __init__(self, data: Mapping[str, dict] | None = None) -> None:
        self._data: dict[str, dict] = {k: dict(v) for k, v in (data or {}).items()}
        self._lock = threading.RLock()

    def __getitem__(self, key: str) -> dict:
        return self._data[key]

    def __setitem__(self, key: str, value: dict) -> None:
        with self._lock:
            self._data[key] = dict(value)

    def __delitem__(self, key: str) -> None:
        with self._lock:
            del self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._data))

    def __len__(self) -> int:
        return len(self._data)

    def to_dict(self) -> dict[str, dict]:
        with self._lock:
            return json.loads(json.dumps(self._data))

    def to_json(self) -> str:
        with self._lock:
            return json.dumps(self._data, ensure_ascii=False, sort_keys=True, indent=1)

    @classmethod
    def from_json(cls, text: str | None) -> ValidatorStore:
        data = json.loads(text) if text else {}
        if not isinstance(data, dict):
            raise ValueError("validator state must be a JSON object")
        return cls({k: v for k, v in data.items() if isinstance(v, dict)})


class JsonValidatorStore(ValidatorStore):
    """A `ValidatorStore` backed by a JSON file; `save()` writes it atomically."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        data: dict[str, dict] = {}
        if self.path.exists():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8")) or {}
            except (OSError, ValueError):
                data = {}  # a corrupt store costs one unconditional crawl, nothing else
        super().__init__(data if isinstance(data, dict) else {})

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".validators-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(self.to_json())
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise


# --------------------------------------------------------------------------- rate limit


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


# --------------------------------------------------------------------------- address guard

_ALLOW_PRIVATE: contextvars.ContextVar[bool] = contextvars.ContextVar("bureau_allow_private", default=False)


def address_refusal(ip_text: str) -> str | None:
    """Why this IP address must not be contacted, or None if it is a public address."""
    ip = ipaddress.ip_address(ip_text.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for attr, label in (
        ("is_loopback", "loopback"),
        ("is_link_local", "link-local"),
        ("is_unspecified", "unspecified"),
        ("is_multicast", "multicast"),
        ("is_reserved", "reserved"),
        ("is_private", "private"),
    ):
        if getattr(ip, attr):
            return f"{label} address {ip}"
    if not ip.is_global:
        return f"non-public address {ip}"
    return None


class _GuardedBackend(httpcore.SyncBackend):
    """Resolves the host itself and connects only to vetted addresses."""

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise httpcore.ConnectError(f"DNS lookup failed for {host}: {exc.strerror or exc}") from exc
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
        if not addresses:
            raise httpcore.ConnectError(f"DNS lookup for {host} returned no address")
        if not _ALLOW_PRIVATE.get():
            for addr in addresses:
                why = address_refusal(addr)
                if why:
                    raise httpcore.ConnectError(
                        f"{_REFUSED_MARK}{host} resolves to a {why}; the publisher does not allow private addresses"
                    )
        last: Exception | None = None
        for addr in addresses:
            try:
                return super().connect_tcp(addr, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with our own connection pool (guarded backend, HTTP/1.1 only)."""

    def __init__(self, *, verify: bool = True, limits: httpx.Limits | None = None) -> None:
        # Deliberately not calling HTTPTransport.__init__: it only builds `_pool`, which we
        # replace. The TLS context is left to httpcore (created lazily, certifi roots) unless
        # verification is turned off.
        limits = limits or httpx.Limits(max_connections=20, max_keepalive_connections=10, keepalive_expiry=30)
        self._pool = httpcore.ConnectionPool(
            ssl_context=None if verify else httpx.create_ssl_context(verify=False, trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=False,
            network_backend=_GuardedBackend(),
        )


class _PolicyTransport(httpx.BaseTransport):
    """Two connection pools, one per address policy of the fetch in progress.

    The address guard runs when a connection is opened; a kept-alive connection opened
    for a publisher that allows private addresses must never be handed to a fetch for
    one that does not, so each policy has its own pool.
    """

    def __init__(self, *, verify: bool = True) -> None:
        self._public = _GuardedTransport(verify=verify)
        self._private = _GuardedTransport(verify=verify)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return (self._private if _ALLOW_PRIVATE.get() else self._public).handle_request(request)

    def close(self) -> None:
        self._public.close()
        self._private.close()


class _NoCookies(http.cookiejar.CookiePolicy):
    netscape = True
    rfc2965 = False
    hide_cookie2 = True

    def set_ok(self, cookie: Any, request: Any) -> bool:
        return False

    def return_ok(self, cookie: Any, request: Any) -> bool:
        return False

    def domain_return_ok(self, domain: str, request: Any) -> bool:
        return False

    def path_return_ok(self, path: str, request: Any) -> bool:
        return False


# --------------------------------------------------------------------------- helpers


class _Refused(Exception):
    pass


class _RobotsUnavailable(Exception):
    pass


def normalise_url(url: str) -> str:
    """Strip the fragment and surrounding whitespace; lower-case scheme and host."""
    url = url.strip()
    parts = urlsplit(url)
    netloc = parts.netloc
    if parts.hostname:
        host = parts.hostname.lower()
        if ":" in host:
            host = f"[{host}]"
        netloc = host + (f":{parts.port}" if parts.port is not None else "")
        if parts.username is not None or parts.password is not None:
            netloc = parts.netloc  # keep so that the credential check can refuse it
    path = parts.path or ("/" if parts.scheme in ("http", "https") else "")
    return urlunsplit((parts.scheme.lower(), netloc, path, parts.query, ""))


def _join(base: str, ref: str) -> str:
    try:
        return urljoin(base, ref)
    except ValueError:
        return ref


def _has_userinfo(url: str) -> bool:
    try:
        parts = urlsplit(url)
        return parts.username is not None or parts.password is not None
    except ValueError:
        return False


def _redact(url: str) -> str:
    """The URL without user:password@ (never log or store credentials)."""
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. a broken IPv6 literal: keep nothing that could hold a secret
        return "<unparseable URL>"
    netloc = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


def _check_url(url: str, publisher: Publisher | None) -> None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise _Refused(f"malformed URL {url!r}: {exc}") from None
    if parts.scheme not in ("http", "https"):
        raise _Refused(f"scheme {parts.scheme or '(none)'!r} is not http(s): {url}")
    if not parts.hostname:
        raise _Refused(f"URL has no host: {url}")
    if parts.username is not None or parts.password is not None:
        raise _Refused("URL carries credentials; refusing to send or store them")
    if publisher is not None and not host_allowed(url, publisher.allowed_hosts):
        raise _Refused(f"host {parts.hostname} is not in the allow-list of publisher {publisher.id!r}")


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def sniff_media_type(content: bytes, content_type: str | None = None) -> str:
    declared = (content_type or "").split(";", 1)[0].strip().lower()
    if declared and declared not in (
        "application/octet-stream",
        "binary/octet-stream",
        "application/x-download",
    ):
        return declared
    head = content[:1024].lstrip()
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/msword"
    if head.startswith(b"PK\x03\x04"):
        return (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            if b"word/" in content[:4096]
            else "application/zip"
        )
    lowered = head[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<head" in lowered or b"<body" in lowered:
        return "text/html"
    return declared or "application/octet-stream"


# --------------------------------------------------------------------------- decoding

_GB_ALIASES = {
    "gb2312",
    "gb_2312",
    "gb_2312-80",
    "gbk",
    "x-gbk",
    "cp936",
    "ms936",
    "windows-936",
    "csgb2312",
    "euc-cn",
    "euccn",
    "chinese",
    "iso-ir-58",
    "csiso58gb231280",
    "gb18030",
}
_LATIN1_ALIASES = {
    "iso-8859-1",
    "iso8859-1",
    "latin1",
    "latin-1",
    "l1",
    "us-ascii",
    "ascii",
    "windows-1252",
    "cp1252",
}
_CHARSET_PARAM = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""",
    re.I,
)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def _canonical_encoding(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _GB_ALIASES:
        return "gb18030"
    if label in _LATIN1_ALIASES:
        return "cp1252"  # what browsers do with these labels
    if label in ("utf8", "utf-8", "unicode-1-1-utf-8"):
        return "utf-8"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in ("gb2312", "gbk"):
        return "gb18030"
    if name.startswith("utf-16") or name.startswith("utf-32"):
        return "utf-8"  # HTML spec: a meta-declared UTF-16 means UTF-8
    return name


def decode_html(
    data: bytes, content_type: str | None = None, hints: tuple[str, ...] | list[str] = ()
) -> tuple[str, str]:
    """Decode an HTML page for link extraction: returns (text, encoding used).

    Order: BOM, HTTP charset (unless it is a latin-1 default), <meta> charset, a latin-1
    header, the publisher's hints, charset detection, UTF-8. gb2312/gbk are decoded as
    gb18030 (a superset). The first candidate that decodes cleanly wins; if none does, the
    first candidate decodes with replacement characters.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, "replace"), enc
    header_enc = None
    if content_type:
        m = _CHARSET_PARAM.search(content_type.encode("latin-1", "replace"))
        header_enc = _canonical_encoding(m.group(1).decode("ascii")) if m else None
    m = _META_CHARSET.search(data[:8192])
    meta_enc = _canonical_encoding(m.group(1).decode("ascii")) if m else None
    candidates: list[str] = []
    if header_enc and header_enc != "cp1252":
        candidates.append(header_enc)
    if meta_enc:
        candidates.append(meta_enc)
    if header_enc == "cp1252":
        candidates.append(header_enc)
    candidates.extend(e for e in (_canonical_encoding(h) for h in hints) if e)
    if not candidates:
        try:
            from charset_normalizer import from_bytes

            best = from_bytes(data[:65536]).best()
            detected = _canonical_encoding(best.encoding) if best else None
        except Exception:  # pragma: no cover - detection is best effort
            detected = None
        candidates.extend(e for e in ("utf-8", detected) if e)
    candidates.append("utf-8")
    seen: list[str] = []
    for enc in candidates:
        if enc in seen:
            continue
        seen.append(enc)
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode(seen[0], "replace"), seen[0]


# --------------------------------------------------------------------------- the fetcher


@dataclass(slots=True)
class _Attempt:
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes | None = None
    error: str | None = None
    outcome: str | None = None  # set for terminal non-HTTP outcomes (refused/too_large/network_error)
    retryable: bool = False
    retry_after: float | None = None


@dataclass(slots=True)
class _Robots:
    parser: Any | None  # protego.Protego, or None = allow everything
    refusal: str | None  # the robots.txt request itself was refused (address/allow-list)
    expires: float
    unavailable: str | None = None  # 5xx / network error: fail (and retry later), don't guess


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
        self._robots: dict[str, _Robots] = {}
        self._robots_lock = threading.Lock()
        self._log: list[FetchLogRow] = []
        self._log_lock = threading.Lock()
        self._owns_client = client is None
        self.client = client or httpx.Client(
            transport=_PolicyTransport(verify=self.config.verify_tls),
            timeout=httpx.Timeout(
                connect=self.config.connect_timeout,
                read=self.config.read_timeout,
                write=self.config.read_timeout,
                pool=self.config.connect_timeout,
            ),
            follow_redirects=False,
            trust_env=False,
            cookies=http.cookiejar.CookieJar(policy=_NoCookies()),
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
        if not result.ok:
            return
        entry = dict(self.validators.get(result.url) or {})
        entry.update(
            etag=result.etag,
            last_modified=result.last_modified,
            sha256=result.sha256,
            status=result.status,
            final_url=result.final_url,
            fetched_at=result.fetched_at.isoformat(),
        )
        entry.update(extra)
        self.validators[result.url] = entry

    def _conditional_headers(self, url: str) -> dict[str, str]:
        entry = self.validators.get(url) or {}
        headers: dict[str, str] = {}
        if entry.get("etag"):
            headers["If-None-Match"] = entry["etag"]
        if entry.get("last_modified"):
            headers["If-Modified-Since"] = entry["last_modified"]
        return headers

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
        token = _ALLOW_PRIVATE.set(allow_private)
        try:
            url = normalise_url(url)
            _check_url(url, publisher)
            if self.config.respect_robots:
                self._check_robots(url, publisher)
        except ValueError as exc:
            return f"malformed URL: {exc}"
        except _Refused as exc:
            return str(exc)
        except _RobotsUnavailable as exc:
            return str(exc)
        finally:
            _ALLOW_PRIVATE.reset(token)
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
        if _has_userinfo(url):
            clean = _redact(url)
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
        cond_headers = self._conditional_headers(url) if conditional else {}
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
        token = _ALLOW_PRIVATE.set(allow_private)
        try:
            self._fetch_into(result, publisher, cond_headers)
        except Exception as exc:  # never let one document take the run down
            result.outcome = NETWORK_ERROR
            result.error = f"unexpected error: {type(exc).__name__}: {exc}"
        finally:
            _ALLOW_PRIVATE.reset(token)
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
                _check_url(current, publisher)
                if self.config.respect_robots:
                    self._check_robots(current, publisher)
            except _Refused as exc:
                shown = _redact(current)
                why = f"redirect to {shown} refused: {exc}" if redirects else str(exc)
                result.outcome, result.error, result.final_url = REFUSED, why, shown
                result.redirects = tuple(redirects)
                return
            except _RobotsUnavailable as exc:
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
                k: (_redact(_join(current, v)) if k == "location" else v) for k, v in attempt.headers.items()
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
            phrase = _reason_phrase(status)
            result.error = attempt.error or f"HTTP {status}{' ' + phrase if phrase else ''}"
            if attempt.retryable:
                result.error += f" after {result.attempts} attempt(s)"
            return
        result.outcome = REFUSED
        result.error = f"more than {self.config.max_redirects} redirects"

    # -- retries -------------------------------------------------------------

    def _get_with_retries(self, url: str, headers: Mapping[str, str]) -> tuple[_Attempt, int]:
        counter = {"n": 0}

        def attempt() -> _Attempt:
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
        last: _Attempt | None = state.outcome.result() if state.outcome and not state.outcome.failed else None
        if last is not None and last.retry_after is not None:
            return min(last.retry_after, self.config.max_retry_after)
        base = self.config.backoff_base
        delay = base * (2 ** (state.attempt_number - 1)) + self._rng.uniform(0, base)
        return min(delay, self.config.backoff_max)

    def _attempt(self, url: str, headers: Mapping[str, str]) -> _Attempt:
        host = (urlsplit(url).hostname or "").lower()
        self.rate_limiter.wait(host)
        cfg = self.config
        out = _Attempt()
        t0 = self._clock()
        try:
            with self.client.stream("GET", url, headers=dict(headers)) as resp:
                out.status = resp.status_code
                out.headers = {k: resp.headers[k] for k in KEPT_HEADERS if k in resp.headers}
                status = resp.status_code
                if status in RETRY_STATUSES:
                    out.retryable = True
                    ra = _retry_after_seconds(resp.headers.get("retry-after"))
                    if ra is not None:
                        if ra > cfg.max_retry_after:
                            out.retryable = False
                            out.error = (
                                f"HTTP {status}; server asked to retry after {ra:.0f} s, "
                                f"more than the {cfg.max_retry_after:.0f} s cap (next run will retry)"
                            )
                        out.retry_after = ra
                if not (200 <= status < 300):
                    self._drain(resp)
                    return out
                declared = resp.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > cfg.max_bytes:
                    out.outcome = TOO_LARGE
                    out.error = f"response of {int(declared):,} bytes exceeds the {cfg.max_bytes:,}-byte cap"
                    return out
                chunks: list[bytes] = []
                size = 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > cfg.max_bytes:
                        out.outcome = TOO_LARGE
                        out.error = f"response exceeds the {cfg.max_bytes:,}-byte cap (stopped reading)"
                        return out
                    if self._clock() - t0 > cfg.total_timeout:
                        out.outcome = NETWORK_ERROR
                        out.error = f"response too slow: not complete after {cfg.total_timeout:.0f} s"
                        return out
                    chunks.append(chunk)
                out.content = b"".join(chunks)
                return out
        except httpx.HTTPError as exc:
            message = str(exc) or type(exc).__name__
            if _REFUSED_MARK in message:
                out.outcome = REFUSED
                out.error = message.split(_REFUSED_MARK, 1)[1]
                return out
            out.outcome = NETWORK_ERROR
            out.error = f"{type(exc).__name__}: {message}"
            out.retryable = isinstance(exc, httpx.TransportError) and not isinstance(
                exc, httpx.UnsupportedProtocol | httpx.LocalProtocolError | httpx.ProxyError
            )
            if isinstance(exc, httpx.ConnectError) and ("[SSL" in message or "CERTIFICATE" in message):
                out.error = f"TLS failure: {message}"
                out.retryable = False  # a bad certificate does not get better in a second
            out.status = None
            out.content = None
            return out

    @staticmethod
    def _drain(resp: httpx.Response, limit: int = 65536) -> None:
        """Read a small error body so the connection can be reused; give up on big ones."""
        read = 0
        with contextlib.suppress(httpx.HTTPError):
            for chunk in resp.iter_raw():
                read += len(chunk)
                if read > limit:
                    break

    # -- robots.txt -----------------------------------------------------------

    def _check_robots(self, url: str, publisher: Publisher | None) -> None:
        parts = urlsplit(url)
        if parts.path == "/robots.txt":
            return
        key = f"{parts.scheme}://{parts.netloc}"
        robots = self._robots_for(key, publisher)
        if robots.refusal:
            raise _Refused(robots.refusal)
        if robots.unavailable:
            raise _RobotsUnavailable(robots.unavailable)
        if robots.parser is not None and not robots.parser.can_fetch(url, ROBOTS_AGENT):
            raise _Refused(f"disallowed by {key}/robots.txt")

    def _robots_for(self, key: str, publisher: Publisher | None) -> _Robots:
        now = self._clock()
        with self._robots_lock:
            cached = self._robots.get(key)
            if cached and cached.expires > now:
                return cached
        robots_url = key + "/robots.txt"
        attempt, _ = self._get_with_retries(robots_url, {})
        fake = FetchResult(
            url=robots_url,
            final_url=robots_url,
            status=attempt.status,
            outcome=attempt.outcome or (OK if attempt.status == 200 else HTTP_ERROR),
            error=attempt.error,
            attempts=1,
        )
        ttl = self.config.robots_ttl
        if attempt.outcome == REFUSED:
            entry = _Robots(None, attempt.error, now + ttl)
        elif attempt.status is None or attempt.status in RETRY_STATUSES or attempt.status >= 500:
            why = attempt.error or f"HTTP {attempt.status}"
            why = f"robots.txt unavailable ({why}); not fetching from this host until it answers"
            entry = _Robots(None, None, now + min(ttl, 300), why)
        elif attempt.status == 200 and attempt.content is not None:
            from protego import Protego

            text, _ = decode_html(attempt.content[:512_000], attempt.headers.get("content-type"))
            try:
                parser = Protego.parse(text)
            except Exception:  # unparseable robots.txt: treat as allow-all, like major crawlers
                parser = None
            entry = _Robots(parser, None, now + ttl)
            if parser is not None:
                delay = parser.crawl_delay(ROBOTS_AGENT)
                if delay:
                    host = (urlsplit(key).hostname or "").lower()
                    self.rate_limiter.set_min_interval(host, min(float(delay), self.config.max_crawl_delay))
            fake.content = attempt.content
            fake.sha256 = hashlib.sha256(attempt.content).hexdigest()
        else:  # 3xx / 4xx: no usable robots.txt, everything allowed
            entry = _Robots(None, None, now + ttl)
        self.record(FetchLogRow.from_result(fake, "robots"))
        with self._robots_lock:
            self._robots[key] = entry
        return entry


def _reason_phrase(status: int) -> str:
    try:
        from http import HTTPStatus

        return HTTPStatus(status).phrase
    except ValueError:
        return ""
