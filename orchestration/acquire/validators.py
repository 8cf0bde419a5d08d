"""Validator state for conditional GETs: URL -> ETag / Last-Modified / sha256 of the last good fetch.

`ValidatorStore` is the in-memory mapping a `Fetcher` reads and updates; `JsonValidatorStore`
persists it in the warehouse folder (`crawl_state/validators.json`, see `validator_store_path`),
written atomically. A crawl works on a copy and saves only after what it fetched was loaded,
so a document that failed to load is fetched again.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orchestration.acquire.archive import atomic_write

if TYPE_CHECKING:
    from orchestration.acquire.fetch_result import FetchResult

__all__ = ["JsonValidatorStore", "ValidatorStore", "conditional_headers", "remember", "validator_store_path"]


def validator_store_path(root: Path) -> Path:
    """Where the validators of the warehouse in folder `root` are kept."""
    return root / "crawl_state" / "validators.json"


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
        atomic_write(self.path, self.to_json().encode("utf-8"), prefix=".validators-")


def conditional_headers(store: Mapping[str, dict], url: str) -> dict[str, str]:
    """If-None-Match / If-Modified-Since for `url` from what `store` remembers (empty if nothing)."""
    entry = store.get(url) or {}
    headers: dict[str, str] = {}
    if entry.get("etag"):
        headers["If-None-Match"] = entry["etag"]
    if entry.get("last_modified"):
        headers["If-Modified-Since"] = entry["last_modified"]
    return headers


def remember(store: MutableMapping[str, dict], result: FetchResult, **extra: Any) -> None:
    """Store the validators of a successful fetch (and `extra` fields) under its URL."""
    if not result.ok:
        return
    entry = dict(store.get(result.url) or {})
    entry.update(
        etag=result.etag,
        last_modified=result.last_modified,
        sha256=result.sha256,
        status=result.status,
        final_url=result.final_url,
        fetched_at=result.fetched_at.isoformat(),
    )
    entry.update(extra)
    store[result.url] = entry
