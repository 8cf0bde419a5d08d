"""One GET: a streamed body under a size cap and a wall-clock budget, and what its failure means.

`get_once` never raises: it returns an `Attempt` whose `outcome` is set for a terminal problem
(refused by the network guard, too large, network error) and whose `retryable` says whether
the fetcher's retry loop should try again (408/429/5xx, connection and read errors, honouring
Retry-After up to a cap). `sniff_media_type` names what came back when the server would not.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import httpx

from orchestration.acquire.fetch_log import NETWORK_ERROR, REFUSED, TOO_LARGE
from orchestration.acquire.netguard import REFUSED_MARK

if TYPE_CHECKING:
    from orchestration.acquire.fetch_config import FetchConfig

__all__ = [
    "KEPT_HEADERS",
    "REDIRECT_STATUSES",
    "RETRY_STATUSES",
    "Attempt",
    "get_once",
    "reason_phrase",
    "retry_after_seconds",
    "sniff_media_type",
]

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


@dataclass(slots=True)
class Attempt:
    """What one GET returned: status and kept headers, the body, or why there is none."""

    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes | None = None
    error: str | None = None
    outcome: str | None = None  # set for terminal non-HTTP outcomes (refused/too_large/network_error)
    retryable: bool = False
    retry_after: float | None = None


def get_once(
    client: httpx.Client,
    url: str,
    headers: Mapping[str, str],
    config: FetchConfig,
    clock: Callable[[], float],
) -> Attempt:
    """GET `url` once (no rate limit, no retry, no redirect: the fetcher does those)."""
    out = Attempt()
    t0 = clock()
    try:
        with client.stream("GET", url, headers=dict(headers)) as resp:
            out.status = resp.status_code
            out.headers = {k: resp.headers[k] for k in KEPT_HEADERS if k in resp.headers}
            status = resp.status_code
            if status in RETRY_STATUSES:
                out.retryable = True
                ra = retry_after_seconds(resp.headers.get("retry-after"))
                if ra is not None:
                    if ra > config.max_retry_after:
                        out.retryable = False
                        out.error = (
                            f"HTTP {status}; server asked to retry after {ra:.0f} s, "
                            f"more than the {config.max_retry_after:.0f} s cap (next run will retry)"
                        )
                    out.retry_after = ra
            if not (200 <= status < 300):
                drain(resp)
                return out
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > config.max_bytes:
                out.outcome = TOO_LARGE
                out.error = f"response of {int(declared):,} bytes exceeds the {config.max_bytes:,}-byte cap"
                return out
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > config.max_bytes:
                    out.outcome = TOO_LARGE
                    out.error = f"response exceeds the {config.max_bytes:,}-byte cap (stopped reading)"
                    return out
                if clock() - t0 > config.total_timeout:
                    out.outcome = NETWORK_ERROR
                    out.error = f"response too slow: not complete after {config.total_timeout:.0f} s"
                    return out
                chunks.append(chunk)
            out.content = b"".join(chunks)
            return out
    except httpx.HTTPError as exc:
        message = str(exc) or type(exc).__name__
        if REFUSED_MARK in message:
            out.outcome = REFUSED
            out.error = message.split(REFUSED_MARK, 1)[1]
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


def drain(resp: httpx.Response, limit: int = 65536) -> None:
    """Read a small error body so the connection can be reused; give up on big ones."""
    read = 0
    with contextlib.suppress(httpx.HTTPError):
        for chunk in resp.iter_raw():
            read += len(chunk)
            if read > limit:
                break


def retry_after_seconds(value: str | None) -> float | None:
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


def reason_phrase(status: int) -> str:
    try:
        from http import HTTPStatus

        return HTTPStatus(status).phrase
    except ValueError:
        return ""


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
