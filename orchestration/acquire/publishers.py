"""The publisher registry: which bureau websites we watch and how to read them.

Entries live in `publishers.yaml` next to this module. `load_publishers()` returns
`Publisher` dataclasses keyed by id; any mistake in the file raises
`PublisherConfigError` naming the entry and the field.

`Publisher.adhoc(urls)` builds an entry on the fly for `bureau crawl URL...`:
the allowed hosts are the hosts of the given URLs.
"""

from __future__ import annotations

import codecs
import dataclasses
import ipaddress
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from orchestration.settings import PUBLISHERS_FILE

__all__ = [
    "DEFAULT_REGISTRY",
    "Publisher",
    "PublisherConfigError",
    "get_publisher",
    "host_allowed",
    "load_publishers",
    "publisher_for",
    "publisher_for_url",
    "with_link_rules",
]

DEFAULT_REGISTRY = PUBLISHERS_FILE

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_HOST_RE = re.compile(r"^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$")
_REGION_RE = re.compile(r"^\d{6}$")
_CRON_RE = re.compile(r"^\S+(\s+\S+){4}$")

_KNOWN_FIELDS = {
    "id",
    "name",
    "region_code",
    "listing_urls",
    "allowed_hosts",
    "report_selector",
    "report_pattern",
    "next_page_selector",
    "next_page_pattern",
    "allow_private_addresses",
    "encoding_hints",
    "poll_interval_minutes",
    "poll_cron",
    "max_pages",
    "notes",
}


class PublisherConfigError(ValueError):
    """A registry entry is wrong; the message names the entry and the field."""


@dataclass(frozen=True, slots=True)
class Publisher:
    id: str
    name: str
    region_code: str | None
    listing_urls: tuple[str, ...]
    allowed_hosts: tuple[str, ...]
    report_selector: str | None = None  # CSS selector for report links (or containers of them)
    report_pattern: str | None = None  # regex searched in the absolute report URL
    next_page_selector: str | None = None
    next_page_pattern: str | None = None
    allow_private_addresses: bool = False
    encoding_hints: tuple[str, ...] = ()
    poll_interval_minutes: int | None = None
    poll_cron: str | None = None
    max_pages: int = 10
    notes: str | None = None
    _compiled: dict[str, re.Pattern[str]] = field(default_factory=dict, repr=False, compare=False, hash=False)

    def allows_host(self, host_or_url: str) -> bool:
        return host_allowed(host_or_url, self.allowed_hosts)

    @property
    def report_regex(self) -> re.Pattern[str] | None:
        return self._regex("report_pattern")

    @property
    def next_page_regex(self) -> re.Pattern[str] | None:
        return self._regex("next_page_pattern")

    def _regex(self, name: str) -> re.Pattern[str] | None:
        pattern = getattr(self, name)
        if pattern is None:
            return None
        if name not in self._compiled:
            self._compiled[name] = re.compile(pattern)
        return self._compiled[name]

    @classmethod
    def adhoc(
        cls,
        urls: Iterable[str],
        *,
        allow_private_addresses: bool = False,
        extra_hosts: Iterable[str] = (),
        id: str = "adhoc",
        name: str = "ad-hoc crawl",
        region_code: str | None = None,
    ) -> Publisher:
        """An entry for crawling arbitrary listing URLs: allowed hosts = their hosts."""
        urls = tuple(urls)
        hosts = list(hosts_of(urls))
        hosts.extend(h.lower() for h in extra_hosts if h.lower() not in hosts)
        return cls(
            id=id,
            name=name,
            region_code=region_code,
            listing_urls=urls,
            allowed_hosts=tuple(hosts),
            allow_private_addresses=allow_private_addresses,
        )

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in sorted(_KNOWN_FIELDS)}


def hosts_of(urls: Iterable[str]) -> tuple[str, ...]:
    """The host names of `urls`, lower-cased, each once, in order: the default allow-list."""
    return tuple(dict.fromkeys(h for u in urls if (h := (urlsplit(u).hostname or "").lower())))


def host_allowed(host_or_url: str, allowed_hosts: Iterable[str]) -> bool:
    """True if the host matches an entry: exact host, ``host:port``, or ``*.suffix``.

    An entry without a port allows any port on that host; ``*.gov.cn`` allows
    subdomains of gov.cn but not gov.cn itself.
    """
    parts = urlsplit(host_or_url if "://" in host_or_url else "//" + host_or_url)
    try:
        host = (parts.hostname or "").lower().rstrip(".")
        port = parts.port
    except ValueError:
        return False
    if not host:
        return False
    for entry in allowed_hosts:
        entry = entry.lower()
        e_host, e_port = entry, None
        if entry.count(":") == 1:
            e_host, _, ep = entry.partition(":")
            e_port = int(ep)
        if e_port is not None and port != e_port:
            continue
        if e_host.startswith("*."):
            if host.endswith(e_host[1:]):
                return True
        elif host == e_host:
            return True
    return False


def _err(entry: str, fld: str, msg: str) -> PublisherConfigError:
    return PublisherConfigError(f"publisher {entry!r}, field {fld!r}: {msg}")


def _str_list(entry: str, fld: str, value: Any, *, required: bool) -> tuple[str, ...]:
    if value is None:
        if required:
            raise _err(entry, fld, "is required")
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _err(entry, fld, "must be a list of non-empty strings")
    if required and not value:
        raise _err(entry, fld, "must not be empty")
    return tuple(v.strip() for v in value)


def _opt_str(entry: str, fld: str, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _err(entry, fld, "must be a non-empty string")
    return value.strip()


def _parse_entry(raw: Any, position: int) -> Publisher:
    if not isinstance(raw, Mapping):
        raise PublisherConfigError(f"publisher #{position}: must be a mapping, got {type(raw).__name__}")
    pid = raw.get("id")
    label = pid if isinstance(pid, str) and pid else f"#{position}"
    unknown = set(raw) - _KNOWN_FIELDS
    if unknown:
        raise _err(label, sorted(unknown)[0], f"unknown field (known: {', '.join(sorted(_KNOWN_FIELDS))})")
    if not isinstance(pid, str) or not _ID_RE.match(pid):
        raise _err(label, "id", "must be lowercase letters, digits, '-' or '_'")
    name = _opt_str(pid, "name", raw.get("name"))
    if name is None:
        raise _err(pid, "name", "is required")
    region = raw.get("region_code")
    if region is not None:
        region = str(region)
        if not _REGION_RE.match(region):
            raise _err(pid, "region_code", f"must be a 6-digit administrative code, got {region!r}")

    listing_urls = _str_list(pid, "listing_urls", raw.get("listing_urls"), required=True)
    for url in listing_urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise _err(pid, "listing_urls", f"not an http(s) URL: {url!r}")
        if parts.username or parts.password:
            raise _err(pid, "listing_urls", f"URL must not carry credentials: {url!r}")

    hosts = tuple(
        h.lower() for h in _str_list(pid, "allowed_hosts", raw.get("allowed_hosts"), required=False)
    )
    for host in hosts:
        bare = host.split(":")[0] if host.count(":") == 1 else host
        try:
            ipaddress.ip_address(bare)
            continue
        except ValueError:
            pass
        if not _HOST_RE.match(host):
            raise _err(pid, "allowed_hosts", f"not a host name: {host!r}")
    if not hosts:
        hosts = hosts_of(listing_urls)
    for url in listing_urls:
        if not host_allowed(url, hosts):
            raise _err(pid, "listing_urls", f"host of {url!r} is not in allowed_hosts")

    for fld in ("report_pattern", "next_page_pattern"):
        pattern = _opt_str(pid, fld, raw.get(fld))
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise _err(pid, fld, f"invalid regular expression: {exc}") from None
    for fld in ("report_selector", "next_page_selector"):
        sel = _opt_str(pid, fld, raw.get(fld))
        if sel is not None:
            _check_selector(pid, fld, sel)

    allow_private = raw.get("allow_private_addresses", False)
    if not isinstance(allow_private, bool):
        raise _err(pid, "allow_private_addresses", "must be true or false")

    hints = _str_list(pid, "encoding_hints", raw.get("encoding_hints"), required=False)
    for hint in hints:
        try:
            codecs.lookup(hint)
        except LookupError:
            raise _err(pid, "encoding_hints", f"unknown encoding {hint!r}") from None

    interval = raw.get("poll_interval_minutes")
    if interval is not None and (isinstance(interval, bool) or not isinstance(interval, int) or interval < 5):
        raise _err(pid, "poll_interval_minutes", "must be an integer of at least 5 (be polite)")
    cron = _opt_str(pid, "poll_cron", raw.get("poll_cron"))
    if cron is not None and not _CRON_RE.match(cron):
        raise _err(pid, "poll_cron", f"must be a 5-field cron expression, got {cron!r}")
    if interval is None and cron is None:
        interval = 1440

    max_pages = raw.get("max_pages", 10)
    if isinstance(max_pages, bool) or not isinstance(max_pages, int) or max_pages < 1:
        raise _err(pid, "max_pages", "must be a positive integer")

    return Publisher(
        id=pid,
        name=name,
        region_code=region,
        listing_urls=listing_urls,
        allowed_hosts=hosts,
        report_selector=_opt_str(pid, "report_selector", raw.get("report_selector")),
        report_pattern=_opt_str(pid, "report_pattern", raw.get("report_pattern")),
        next_page_selector=_opt_str(pid, "next_page_selector", raw.get("next_page_selector")),
        next_page_pattern=_opt_str(pid, "next_page_pattern", raw.get("next_page_pattern")),
        allow_private_addresses=allow_private,
        encoding_hints=hints,
        poll_interval_minutes=interval,
        poll_cron=cron,
        max_pages=max_pages,
        notes=_opt_str(pid, "notes", raw.get("notes")),
    )


def _check_selector(pid: str, fld: str, selector: str) -> None:
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    try:
        HTMLParser("<html></html>").css(selector)
    except Exception as exc:  # selectolax raises various errors for bad selectors
        raise _err(pid, fld, f"invalid CSS selector {selector!r}: {exc}") from None


def parse_publishers(data: Any, *, source: str = "<registry>") -> dict[str, Publisher]:
    """Validate already-loaded YAML data (``{"publishers": [...]}`` or a bare list)."""
    entries = data.get("publishers") if isinstance(data, Mapping) else data
    if not isinstance(entries, list):
        raise PublisherConfigError(f"{source}: expected a list under 'publishers'")
    out: dict[str, Publisher] = {}
    for i, raw in enumerate(entries, 1):
        pub = _parse_entry(raw, i)
        if pub.id in out:
            raise _err(pub.id, "id", "duplicate id")
        out[pub.id] = pub
    return out


def load_publishers(path: str | Path | None = None) -> dict[str, Publisher]:
    """Load and validate the registry (default: the bundled `publishers.yaml`)."""
    path = Path(path) if path is not None else DEFAULT_REGISTRY
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise PublisherConfigError(f"{path}: not valid YAML: {exc}") from None
    return parse_publishers(data, source=str(path))


def get_publisher(publisher_id: str, path: str | Path | None = None) -> Publisher:
    pubs = load_publishers(path)
    try:
        return pubs[publisher_id]
    except KeyError:
        raise KeyError(f"no publisher {publisher_id!r} (known: {', '.join(sorted(pubs))})") from None


def publisher_for_url(url: str, publishers: Mapping[str, Publisher] | None = None) -> Publisher | None:
    """The registry entry whose allow-list covers `url`, if any."""
    pubs = publishers if publishers is not None else load_publishers()
    for pub in pubs.values():
        if pub.allows_host(url):
            return pub
    return None


def publisher_for(urls: Sequence[str], allow_private: bool) -> Publisher:
    """The registry entry covering the URLs, else an ad-hoc entry limited to their hosts."""
    known = {publisher_for_url(u) for u in urls}
    if len(known) == 1 and None not in known:
        pub = known.pop()
        if allow_private and not pub.allow_private_addresses:
            return Publisher.adhoc(
                urls, allow_private_addresses=True, id=pub.id, name=pub.name, region_code=pub.region_code
            )
        return pub
    return Publisher.adhoc(urls, allow_private_addresses=allow_private)


def with_link_rules(
    publisher: Publisher, report_selector: str | None = None, report_pattern: str | None = None
) -> Publisher:
    """`publisher` with a one-off report selector / pattern (`bureau crawl --report-selector/-pattern`).

    Raises PublisherConfigError (one line, naming the option) for a bad selector or pattern."""
    if report_pattern is not None:
        try:
            re.compile(report_pattern)
        except re.error as exc:
            raise PublisherConfigError(
                f"--report-pattern {report_pattern!r}: invalid regular expression: {exc}"
            ) from None
    if report_selector is not None:
        try:
            _check_selector(publisher.id, "report_selector", report_selector)
        except PublisherConfigError:
            raise PublisherConfigError(
                f"--report-selector {report_selector!r}: not a valid CSS selector"
            ) from None
    if report_selector is None and report_pattern is None:
        return publisher
    return dataclasses.replace(
        publisher,
        report_selector=report_selector or publisher.report_selector,
        report_pattern=report_pattern or publisher.report_pattern,
        _compiled={},
    )
