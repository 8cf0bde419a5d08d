"""The fetch log: one `FetchLogRow` per request, staged as JSON lines, drained into `raw.fetches`.

Sensors and the CLI crawl without holding the warehouse; they append their
request log here and the `raw_fetches` asset (in the single-writer pool)
moves it into DuckDB. Each row has a stable key so a drain interrupted between
insert and file removal never duplicates a row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orchestration.acquire.archive import atomic_write

if TYPE_CHECKING:
    from orchestration.acquire.fetch_result import FetchResult

# Outcomes of a fetch: the vocabulary of `FetchResult.outcome` and of `raw.fetches.outcome`
OK = "ok"
NOT_MODIFIED = "not_modified"
HTTP_ERROR = "http_error"
NETWORK_ERROR = "network_error"
TOO_LARGE = "too_large"
REFUSED = "refused"

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


def staging_dir(root: Path) -> Path:
    return root / "intake" / "fetches"


def row_key(row: dict) -> str:
    basis = f"{row['url']}|{row['fetched_at']}|{row.get('status')}|{row.get('sha256')}|{row.get('attempts')}"
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:24]


def stage_fetch_log(root: Path, rows: Iterable[FetchLogRow]) -> Path | None:
    """Write `rows` as one JSON-lines file (atomically). Returns its path, or None if no rows."""
    lines = []
    for r in rows:
        d = r.as_row()
        d["fetched_at"] = d["fetched_at"].isoformat()
        d["fetch_id"] = row_key(d)
        lines.append(json.dumps(d, ensure_ascii=False))
    if not lines:
        return None
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    final = staging_dir(root) / f"{stamp}-{os.getpid()}.jsonl"
    atomic_write(final, ("\n".join(lines) + "\n").encode("utf-8"))
    return final


def pending_files(root: Path) -> list[Path]:
    folder = staging_dir(root)
    return sorted(folder.glob("*.jsonl")) if folder.is_dir() else []


def read_rows(path: Path) -> list[dict]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            d["fetched_at"] = dt.datetime.fromisoformat(d["fetched_at"])
            rows.append({k: d.get(k) for k in ("fetch_id", *RAW_FETCHES_COLUMNS)})
    return rows
