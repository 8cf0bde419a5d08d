"""The DuckDB warehouse: raw-table DDL, short-lived connections, the single-writer lock, bulk inserts.

DuckDB allows one writing process per file. Dagster's `warehouse` pool (size 1)
serialises writers inside one Dagster instance; the file lock here serialises
writers across processes (two `bureau load` at once, a sensor run during a CLI
run), waiting with a timeout and a readable message instead of a lock traceback.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from orchestration.warehouse.tables import BY_NAME, raw_ddl

LOCK_TIMEOUT_SECONDS = float(os.environ.get("BUREAU_LOCK_TIMEOUT", "600"))


class WarehouseBusy(RuntimeError):
    """Another process held the warehouse for longer than the lock timeout."""


# The raw schema, built from the table specs (tables.py): one home for names, columns and types.
RAW_DDL = raw_ddl()


def _sidecar(warehouse: Path, suffix: str) -> Path:
    return warehouse.with_name(warehouse.name + suffix)


def writing_marker(warehouse: Path) -> Path:
    """Exists while a writer holds the lock; left behind when the writer was killed."""
    return _sidecar(warehouse, ".writing")


def incomplete_marker(warehouse: Path) -> Path:
    """Exists from a writer's crash until the next published build: the file may hold half-built marts."""
    return _sidecar(warehouse, ".incomplete")


def may_be_inconsistent(warehouse: Path) -> bool:
    """True when the warehouse file may show a half-finished write: a writer is at work, or the
    last one was killed and no complete build has been published since. Readers then use the
    published copy (`<name>.published.duckdb`)."""
    if incomplete_marker(warehouse).exists():
        return True
    return writing_marker(warehouse).exists()


def mark_complete(warehouse: Path) -> None:
    """A full build finished and was published: the warehouse file is whole again."""
    incomplete_marker(warehouse).unlink(missing_ok=True)


_held: dict[str, int] = {}  # lock files this process holds, with their nesting depth


@contextlib.contextmanager
def writer_lock(warehouse: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the cross-process writer lock for `warehouse` (a `.lock` file beside it).

    While held, a `.writing` marker exists beside the warehouse. A marker found on acquiring
    means the previous writer was killed mid-write: the warehouse is flagged `.incomplete`
    (readers use the published copy) until the next published build clears it."""
    timeout = LOCK_TIMEOUT_SECONDS if timeout is None else timeout
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    lock_path = warehouse.with_name(warehouse.name + ".lock")
    key = str(lock_path.resolve())
    if _held.get(key):
        # Re-entrant within a process: flock on a second descriptor would wait for ourselves.
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    with open(lock_path, "a+") as fh:
        _flock(
            fh,
            fcntl.LOCK_EX,
            timeout,
            0.2,
            f"warehouse {warehouse} is being written by another process "
            f"(waited {timeout:.0f}s for {lock_path}); try again when that run ends "
            "or raise BUREAU_LOCK_TIMEOUT",
        )
        marker = writing_marker(warehouse)
        _held[key] = 1
        try:
            if marker.exists():
                incomplete_marker(warehouse).write_text(f"previous writer killed: {marker.read_text()}\n")
            marker.write_text(f"pid {os.getpid()}\n")
            yield
        finally:
            _held.pop(key, None)
            marker.unlink(missing_ok=True)
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _flock(fh, mode: int, timeout: float, poll: float, busy: str) -> None:
    """Take `mode` (LOCK_EX or LOCK_SH) on `fh`, polling every `poll` s; WarehouseBusy(`busy`)
    after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fh.fileno(), mode | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise WarehouseBusy(busy) from None
            time.sleep(poll)


@contextlib.contextmanager
def reader_lock(warehouse: Path, timeout: float = 5.0) -> Iterator[None]:
    """Hold a shared lock on the writer-lock file while reading the warehouse file itself.

    A read-only DuckDB connection makes another process's writer fail to open the file
    ("Could not set lock"), and writers release the lock between their short connections:
    a reader that slipped into such a gap broke the next write. Readers of the live file
    take this shared lock, so writers (exclusive) wait for them instead; many readers may
    share it. Raises WarehouseBusy when a writer holds the file for longer than `timeout`.
    Leaves no `.writing` marker: a killed reader flags nothing.
    """
    lock_path = warehouse.with_name(warehouse.name + ".lock")
    if _held.get(str(lock_path.resolve())):  # this process is the writer: it may read
        yield
        return
    with open(lock_path, "a+") as fh:
        _flock(fh, fcntl.LOCK_SH, timeout, 0.1, f"warehouse {warehouse} is being written by another process")
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


@contextlib.contextmanager
def write_connection(warehouse: Path, timeout: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived writing connection, under the writer lock, with the raw schema in place."""
    with writer_lock(warehouse, timeout):
        con = duckdb.connect(str(warehouse))
        try:
            con.execute(RAW_DDL)
            yield con
        finally:
            con.close()


@contextlib.contextmanager
def read_connection(warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection for the pipeline's own reads, taken under the writer lock.

    A read-only DuckDB connection holds a lock that makes another process's writer
    fail, so internal readers queue like writers; analysts read the published copy.
    Fails clearly when the file does not exist yet.
    """
    if not warehouse.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse}: run `bureau build` or `bureau load` first")
    with writer_lock(warehouse):
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            yield con
        finally:
            con.close()


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All-or-nothing: a crash mid-document leaves no half-written rows."""
    con.execute("begin transaction")
    try:
        yield con
    except BaseException:
        con.execute("rollback")
        raise
    else:
        con.execute("commit")


def ensure_raw_schema(warehouse: Path) -> None:
    """Create the warehouse file and its raw tables if they are missing (idempotent)."""
    with write_connection(warehouse):
        pass


def _arrow_column(values: list) -> pa.Array:
    if any(isinstance(v, Decimal) for v in values):
        # exact: DuckDB casts the decimal text to the column's DECIMAL type
        return pa.array([None if v is None else format(v, "f") for v in values], type=pa.string())
    return pa.array(values)


def insert_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[str] | None = None,
    *,
    tail: str = "",
) -> int:
    """Insert `rows` (mappings by column name) in one statement, as one Arrow table.

    `columns` are the columns written (default: every column of the raw table's spec), named
    in the statement, so neither the rows nor the list need the table's column order; a row
    missing one of them is a KeyError. `tail` e.g. `on conflict ...`.
    """
    rows = list(rows)
    if not rows:
        return 0
    names = list(BY_NAME[table].column_names if columns is None else columns)
    arrays = [_arrow_column([row[name] for row in rows]) for name in names]
    batch = pa.Table.from_arrays(arrays, names=names)
    view = "_bureau_batch"
    con.register(view, batch)
    try:
        con.execute(f"insert into {table} ({', '.join(names)}) select * from {view} {tail}")
    finally:
        con.unregister(view)
    return len(rows)
