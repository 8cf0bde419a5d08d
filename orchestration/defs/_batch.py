"""Parallel map for the document assets (bulk inserts: `warehouse.connections.insert_rows`).

`parallel_map` runs a pure per-document function in worker processes for large batches,
in order, so results stay deterministic.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many documents a batch runs in-process: a worker pool costs ~1-2 s to start.
PARALLEL_MIN_DOCS = int(os.environ.get("BUREAU_PARALLEL_MIN_DOCS", "200"))


def workers() -> int:
    env = os.environ.get("BUREAU_WORKERS")
    if env:
        return max(1, int(env))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def parallel_map(fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """`[fn(x) for x in items]`, in worker processes when the batch is large enough to pay."""
    n = workers()
    if n <= 1 or len(items) < PARALLEL_MIN_DOCS:
        return [fn(x) for x in items]
    chunk = max(1, len(items) // (n * 8))
    # spawn: never fork a process that holds Dagster threads and DuckDB handles
    try:
        with ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("spawn")) as pool:
            return list(pool.map(fn, items, chunksize=chunk))
    except (BrokenProcessPool, RuntimeError):
        # workers could not start (e.g. an embedding script without a __main__ guard): in-process
        return [fn(x) for x in items]
