"""`bureau export`: every table of schema `marts` to Parquet (or CSV), one file per table.

The warehouse is attached READ_ONLY to a separate in-memory DuckDB connection, so the
export never writes it; files are written under a temporary name and renamed.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from orchestration.warehouse.published import readable_copy

FORMATS = ("parquet", "csv")


class ExportError(RuntimeError):
    """The warehouse cannot be read (missing, locked without a published copy, no marts)."""


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _attach(con: duckdb.DuckDBPyConnection, warehouse: Path) -> None:
    if not warehouse.exists():
        raise ExportError(f"no warehouse at {warehouse}: run `bureau build` or `bureau load` first")
    source = readable_copy(warehouse)
    try:
        con.execute(f"ATTACH {_quote_literal(str(source))} AS wh (READ_ONLY)")
    except duckdb.IOException as exc:
        raise ExportError(f"cannot open {source} read-only: {exc}") from None


def mart_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            "select table_name from information_schema.tables "
            "where table_catalog = 'wh' and table_schema = 'marts' order by table_name"
        ).fetchall()
    ]


def export_marts(warehouse: Path, out_dir: Path, fmt: str = "parquet") -> list[Path]:
    """Write `<out_dir>/<table>.<fmt>` for every table of schema `marts`; returns the paths written."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    warehouse, out_dir = Path(warehouse).resolve(), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    options = "(FORMAT parquet, COMPRESSION zstd)" if fmt == "parquet" else "(FORMAT csv, HEADER true)"
    written: list[Path] = []
    con = duckdb.connect()
    try:
        _attach(con, warehouse)
        tables = mart_tables(con)
        if not tables:
            raise ExportError(f"warehouse {warehouse} has no marts yet: run `bureau build` first")
        for table in tables:
            target = out_dir / f"{table}.{fmt}"
            tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            con.execute(
                f"COPY (select * from wh.marts.{_quote_ident(table)}) TO {_quote_literal(str(tmp))} {options}"
            )
            tmp.replace(target)
            written.append(target)
    finally:
        con.close()
    return written


def row_counts(warehouse: Path) -> dict[str, int]:
    """Rows per mart table, read-only (for summaries and tests)."""
    con = duckdb.connect()
    try:
        _attach(con, Path(warehouse).resolve())
        return {
            t: con.execute(f"select count(*) from wh.marts.{_quote_ident(t)}").fetchone()[0]
            for t in mart_tables(con)
        }
    finally:
        con.close()
