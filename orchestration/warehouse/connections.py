"""The DuckDB warehouse: raw-table DDL, short-lived connections and the single-writer lock.

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
from collections.abc import Iterator
from pathlib import Path

import duckdb

LOCK_TIMEOUT_SECONDS = float(os.environ.get("BUREAU_LOCK_TIMEOUT", "600"))


class WarehouseBusy(RuntimeError):
    """Another process held the warehouse for longer than the lock timeout."""


RAW_DDL = """
create schema if not exists raw;

create table if not exists raw.documents (
    document_id   varchar primary key,   -- 'd' + first 16 hex of sha256: one row per byte-identical version
    sha256        varchar not null unique,
    byte_size     bigint not null,
    media_type    varchar,
    content       blob not null,
    archive_path  varchar not null,
    first_source_uri varchar not null,
    loaded_at     timestamp not null
);

create table if not exists raw.document_sources (
    document_id   varchar not null,
    source_uri    varchar not null,
    source_kind   varchar not null,     -- seed | file | url | inbox
    title         varchar,              -- manifest metadata, when the source came with a manifest
    publisher     varchar,
    region_code   varchar,
    covered_year  integer,
    published_date date,
    report_kind   varchar,
    first_seen_at timestamp not null,
    last_seen_at  timestamp not null,
    original_url  varchar,              -- where it was published: the crawled URL or the manifest's source URL
    primary key (document_id, source_uri)
);
alter table raw.document_sources add column if not exists original_url varchar;

create table if not exists raw.document_text (
    document_id   varchar primary key,
    text          varchar not null,
    title         varchar,
    publisher     varchar,
    region_code   varchar,
    covered_year  integer,
    published_date date,
    index_no      varchar,
    doc_no        varchar,
    encoding      varchar,
    script        varchar,
    n_chars       integer not null,
    n_sentences   integer not null,
    metadata_source varchar not null,   -- manifest | inferred | mixed
    warnings      varchar,              -- parser warnings, one per line
    parser_version varchar not null,
    parsed_at     timestamp not null
);

create table if not exists raw.sentences (
    document_id    varchar not null,
    sentence_index integer not null,
    char_start     integer not null,
    char_end       integer not null,
    section        varchar,
    text           varchar not null,
    primary key (document_id, sentence_index)
);

create table if not exists raw.indicator_facts (
    document_id    varchar not null,
    fact_index     integer not null,
    indicator_code varchar,
    subject        varchar,
    value          decimal(38, 10) not null,
    value_high     decimal(38, 10),
    unit           varchar not null,
    reported_value varchar not null,
    reported_unit  varchar,
    multiplier     decimal(38, 10) not null,
    comparator     varchar not null,
    value_kind     varchar not null,
    measure        varchar not null,
    period_year    integer,
    region_code    varchar,
    sentence_index integer not null,
    evidence       varchar not null,
    char_start     integer not null,
    char_end       integer not null,
    reported_text  varchar not null,
    rule           varchar not null,
    extractor_version varchar not null,
    extracted_at   timestamp not null,
    period_kind    varchar not null default 'year',  -- year | half | quarter | months
    period_months  integer not null default 12,
    primary key (document_id, fact_index)
);
-- warehouses made before the period columns existed (columns are appended, so the order holds)
alter table raw.indicator_facts add column if not exists period_kind varchar default 'year';
alter table raw.indicator_facts add column if not exists period_months integer default 12;

create table if not exists raw.quarantine (
    document_id   varchar,
    source_uri    varchar not null,
    stage         varchar not null,     -- acquire | parse | extract
    reason        varchar not null,
    seen_at       timestamp not null
);

create table if not exists raw.exclusions (  -- a copy of exclusions.csv beside the warehouse
    document_id   varchar primary key,
    source_uri    varchar,
    reason        varchar,
    excluded_by   varchar,
    excluded_at   timestamp
);

create table if not exists raw.fetches (
    fetch_id      varchar primary key,  -- stable hash of url, time, status, sha256, attempts
    url           varchar not null,
    final_url     varchar,
    fetched_at    timestamp not null,
    status        integer,
    etag          varchar,
    last_modified varchar,
    bytes         bigint,
    sha256        varchar,
    outcome       varchar,
    error         varchar,
    attempts      integer
);
"""


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
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(
                        f"warehouse {warehouse} is being written by another process "
                        f"(waited {timeout:.0f}s for {lock_path}); try again when that run ends "
                        "or raise BUREAU_LOCK_TIMEOUT"
                    ) from None
                time.sleep(0.2)
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
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(
                        f"warehouse {warehouse} is being written by another process"
                    ) from None
                time.sleep(0.1)
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
