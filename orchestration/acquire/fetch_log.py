"""Staging of crawler fetch logs: JSON-lines files drained into `raw.fetches` by one writer.

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
import tempfile
from collections.abc import Iterable
from pathlib import Path

from orchestration.acquire.fetch import RAW_FETCHES_COLUMNS, FetchLogRow


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
    folder = staging_dir(root)
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".jsonl")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    final = folder / f"{stamp}-{os.getpid()}.jsonl"
    os.replace(tmp, final)
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
