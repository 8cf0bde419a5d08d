"""The network guard: which addresses and URLs a fetch may touch, and the transport that enforces it.

* every connection goes through a network backend that resolves the host itself and refuses
  private, loopback, link-local, reserved and multicast addresses unless the publisher allows
  them (checked at connect time, so DNS rebinding between check and use is not possible);
* one connection pool per address policy, so a kept-alive connection opened for a publisher
  that allows private addresses is never reused for one that does not;
* no cookies are ever kept; URLs must be http(s), have a host, carry no credentials and stay
  on the publisher's allow-list; credentials are redacted from anything logged or stored.

The policy of the fetch in progress travels in the `ALLOW_PRIVATE` context variable.
"""

from __future__ import annotations

import contextvars
import http.cookiejar
import ipaddress
import socket
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpcore
import httpx

from orchestration.acquire.publishers import Publisher, host_allowed

__all__ = [
    "ALLOW_PRIVATE",
    "REFUSED_MARK",
    "NoCookies",
    "PolicyTransport",
    "Refused",
    "address_refusal",
    "check_url",
    "has_userinfo",
    "join_url",
    "normalise_url",
    "redact",
]

# Put in a ConnectError's message by the guarded backend, so the fetcher can tell a refusal
# from a network failure once httpx has wrapped the exception.
REFUSED_MARK = "[bureau-refused] "

ALLOW_PRIVATE: contextvars.ContextVar[bool] = contextvars.ContextVar("bureau_allow_private", default=False)


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
        if not ALLOW_PRIVATE.get():
            for addr in addresses:
                why = address_refusal(addr)
                if why:
                    raise httpcore.ConnectError(
                        f"{REFUSED_MARK}{host} resolves to a {why}; the publisher does not allow private addresses"
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


class PolicyTransport(httpx.BaseTransport):
    """Two connection pools, one per address policy of the fetch in progress.

    The address guard runs when a connection is opened; a kept-alive connection opened
    for a publisher that allows private addresses must never be handed to a fetch for
    one that does not, so each policy has its own pool.
    """

    def __init__(self, *, verify: bool = True) -> None:
        self._public = _GuardedTransport(verify=verify)
        self._private = _GuardedTransport(verify=verify)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return (self._private if ALLOW_PRIVATE.get() else self._public).handle_request(request)

    def close(self) -> None:
        self._public.close()
        self._private.close()


class NoCookies(http.cookiejar.CookiePolicy):
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


class Refused(Exception):
    """A URL or address the guard does not allow; the message says why."""


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


def join_url(base: str, ref: str) -> str:
    try:
        return urljoin(base, ref)
    except ValueError:
        return ref


def has_userinfo(url: str) -> bool:
    try:
        parts = urlsplit(url)
        return parts.username is not None or parts.password is not None
    except ValueError:
        return False


def redact(url: str) -> str:
    """The URL without user:password@ (never log or store credentials)."""
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. a broken IPv6 literal: keep nothing that could hold a secret
        return "<unparseable URL>"
    netloc = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


def check_url(url: str, publisher: Publisher | None) -> None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise Refused(f"malformed URL {url!r}: {exc}") from None
    if parts.scheme not in ("http", "https"):
        raise Refused(f"scheme {parts.scheme or '(none)'!r} is not http(s): {url}")
    if not parts.hostname:
        raise Refused(f"URL has no host: {url}")
    if parts.username is not None or parts.password is not None:
        raise Refused("URL carries credentials; refusing to send or store them")
    if publisher is not None and not host_allowed(url, publisher.allowed_hosts):
        raise Refused(f"host {parts.hostname} is not in the allow-list of publisher {publisher.id!r}")
