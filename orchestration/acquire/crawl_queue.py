"""Crawls waiting to be loaded: the hand-off from a `crawl_publisher` run to the loading sensor.

A crawl run stages what it fetched (bytes in the archive, one intake record per document, the
request log for `raw.fetches`) and then writes one entry here naming the documents it staged.
The `load_crawled_documents` sensor turns each entry into load runs and removes it once
Dagster has stored those run requests. Like the inbox folder for files a person drops, this
folder is what the sensor watches; unlike a run-status sensor, it also hands on what a crawl
that failed half-way (and is retried) had already staged.

The crawl writes its entry before it saves its validators (ETag / Last-Modified), so a report
the next crawl will not fetch again is always in the archive and either loaded or still
waiting here. An entry is one small JSON file, written atomically; no DuckDB, no Dagster.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from orchestration.acquire.archive import atomic_write
from orchestration.acquire.intake import IntakeRecord, now_iso

__all__ = ["StagedCrawl", "enqueue_crawl", "queue_dir", "remove_crawls", "staged_crawls"]

_NAME = re.compile(r"^[\w-]{1,100}$")  # a Dagster run id (uuid) or another plain word


@dataclass(frozen=True)
class StagedCrawl:
    """One crawl's documents, staged and waiting for their load runs."""

    name: str  # unique per crawl (the run id): the entry's file name and the load runs' key
    publisher: str
    staged_at: str
    documents: tuple[str, ...]  # document ids (partition keys), in the order they were found


def queue_dir(root: Path) -> Path:
    """`root/crawl_state/to_load`, beside the crawl's validators."""
    return root / "crawl_state" / "to_load"


def _entry_path(root: Path, name: str) -> Path:
    if not _NAME.match(name or ""):
        raise ValueError(f"not a crawl name: {name!r}")
    return queue_dir(root) / f"{name}.json"


def enqueue_crawl(root: Path, name: str, publisher: str, records: Sequence[IntakeRecord]) -> StagedCrawl:
    """Note that crawl `name` staged `records` (possibly none: its request log still waits)."""
    crawl = StagedCrawl(name, publisher, now_iso(), tuple(dict.fromkeys(r.document_id for r in records)))
    payload = {**asdict(crawl), "documents": list(crawl.documents)}
    atomic_write(_entry_path(root, name), json.dumps(payload, ensure_ascii=False, indent=1).encode())
    return crawl


def staged_crawls(root: Path) -> tuple[list[StagedCrawl], list[str]]:
    """The entries waiting, oldest first, and a one-line problem for each unreadable entry
    (left in place for a person to look at; the others go on)."""
    folder = queue_dir(root)
    if not folder.is_dir():
        return [], []
    crawls, problems = [], []
    for path in sorted(folder.glob("*.json")):
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            crawl = StagedCrawl(
                name=path.stem,
                publisher=str(raw["publisher"]),
                staged_at=str(raw["staged_at"]),
                documents=tuple(str(d) for d in raw["documents"]),
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            problems.append(f"{path}: not a crawl entry ({exc})")
            continue
        crawls.append(crawl)
    crawls.sort(key=lambda c: (c.staged_at, c.name))
    return crawls, problems


def remove_crawls(root: Path, names: Iterable[str]) -> None:
    """Drop the entries whose load runs Dagster has stored (a missing entry is fine)."""
    for name in names:
        _entry_path(root, name).unlink(missing_ok=True)
