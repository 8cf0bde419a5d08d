"""Read-only SQL against the warehouse, for `bureau query` and anyone embedding it.

Three layers keep a query from changing anything or reaching outside:
a statement-type allow-list (SELECT, EXPLAIN, DESCRIBE/SHOW/SUMMARIZE),
a read-only connection, and `enable_external_access = false` with the
configuration locked, so no ATTACH, COPY ... TO, INSTALL/LOAD or file reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.warehouse.connections import WarehouseBusy, may_be_inconsistent, reader_lock
from orchestration.warehouse.published import published_copy_path

ALLOWED = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}


class QueryRefused(ValueError):
    """The SQL would write, attach, copy out, install or load: not allowed here."""


class WarehouseLocked(RuntimeError):
    """A run holds the warehouse and no published copy exists yet."""


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple]
    source: Path  # the file actually read (warehouse or its published copy)


def check_statements(sql: str) -> None:
    """Raise QueryRefused naming the first statement that is not a read."""
    try:
        statements = duckdb.connect().extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryRefused(f"cannot parse SQL: {exc}") from None
    if not statements:
        raise QueryRefused("no SQL statement given")
    for st in statements:
        if st.type not in ALLOWED:
            kind = st.type.name.replace("_", " ")
            raise QueryRefused(
                f"refused: {kind} statement ({st.query.strip()[:60]!r}); "
                "bureau query is read-only (no writes, ATTACH, COPY, INSTALL/LOAD, SET)"
            )


def _connect(path: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(
        str(path),
        read_only=True,
        config={"enable_external_access": False, "lock_configuration": True},
    )


def run_query(sql: str, warehouse: Path) -> QueryResult:
    """Run read-only `sql` against the last published copy (the warehouse itself before any publish)."""
    check_statements(sql)
    if not warehouse.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse}: run `bureau build` or `bureau load` first")
    source = warehouse
    published = published_copy_path(warehouse)
    if published.exists():
        # Analysts read the copy published by the last complete build: always whole, and
        # opening it never holds a lock that would make the next writer fail.
        return _run(sql, published)
    if may_be_inconsistent(warehouse):
        # a run is writing, or one was killed mid-write: only the published copy is known whole
        if not published.exists():
            raise WarehouseLocked(
                f"warehouse {warehouse} is being written by a run (or the last run was interrupted) "
                "and has no published copy yet; try again when `bureau load`/`bureau build` has finished"
            )
        return _run(sql, published)
    # Before the first publish the file itself is read: under the shared reader lock, so a
    # writer waits for this query instead of failing on DuckDB's file lock.
    locked = WarehouseLocked(
        f"warehouse {warehouse} is being written by a run and has no published copy yet; "
        "try again when the run ends"
    )
    try:
        with reader_lock(warehouse):
            try:
                con = _connect(warehouse)
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower():
                    raise
                raise locked from None
            return _run(sql, source, con)
    except WarehouseBusy:
        raise locked from None


def _run(sql: str, source: Path, con: duckdb.DuckDBPyConnection | None = None) -> QueryResult:
    if con is None:
        con = _connect(source)
    try:
        statements = con.extract_statements(sql)
        cur = None
        for st in statements:
            cur = con.execute(st.query)
        columns = [d[0] for d in cur.description] if cur and cur.description else []
        rows = cur.fetchall() if columns else []
    except duckdb.PermissionException as exc:
        raise QueryRefused(f"refused: {exc}") from None
    finally:
        con.close()
    return QueryResult(columns, rows, source)
