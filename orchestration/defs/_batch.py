"""Bulk writes and parallel map for the document assets.

`insert_rows` hands a whole batch to DuckDB as one Arrow table (`insert ... select`)
instead of one statement per row. `parallel_map` runs a pure per-document function
in worker processes for large batches, in order, so results stay deterministic.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from decimal import Decimal
from typing import TypeVar

import duckdb
import pyarrow as pa

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


def _column(values: list) -> pa.Array:
    if any(isinstance(v, Decimal) for v in values):
        # exact: DuckDB casts the decimal text to the column's DECIMAL type
        return pa.array([None if v is None else format(v, "f") for v in values], type=pa.string())
    return pa.array(values)


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: Iterable[tuple], tail: str = "") -> int:
    """Insert `rows` (tuples in the table's column order) in one statement; `tail` e.g. `on conflict ...`."""
    rows = list(rows)
    if not rows:
        return 0
    columns = [_column(list(col)) for col in zip(*rows, strict=True)]
    batch = pa.Table.from_arrays(columns, names=[f"c{i}" for i in range(len(columns))])
    name = "_bureau_batch"
    con.register(name, batch)
    try:
        con.execute(f"insert into {table} select * from {name} {tail}")
    finally:
        con.unregister(name)
    return len(rows)
