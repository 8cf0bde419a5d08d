"""What one `Fetcher.fetch(url)` returns: the outcome, the bytes and what is known about them.

`outcome` is one of the fetch-log outcomes (`acquire/fetch_log.py`): a per-document problem is a
`FetchResult` with a readable `error`, never an exception.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from orchestration.acquire.fetch_log import HTTP_ERROR, NETWORK_ERROR, NOT_MODIFIED, OK, REFUSED, TOO_LARGE


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
