"""Row counts and a preview on each mart's materialization, for the Dagster UI.

dbt holds the warehouse file while it builds, so the counts are read after it ends, in
one connection, and attached to the events dbt produced (dagster-dbt's own row-count
helper needs an in-process dbt adapter per run, which `BureauDbtResource` skips).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import dagster as dg
import duckdb

from orchestration.warehouse import write_connection

PREVIEW_ROWS = 5
PREVIEW_COLUMNS = 8
CELL_CHARS = 40


def _cell(v) -> str:
    text = "" if v is None else str(v)
    text = text.replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= CELL_CHARS else text[: CELL_CHARS - 1] + "…"


def table_metadata(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> dict:
    """`dagster/row_count` and a markdown preview of the first rows of `schema.name`."""
    n = con.execute(f'select count(*) from "{schema}"."{name}"').fetchone()[0]
    cur = con.execute(f'select * from "{schema}"."{name}" limit {PREVIEW_ROWS}')
    cols = [d[0] for d in cur.description][:PREVIEW_COLUMNS]
    rows = [r[:PREVIEW_COLUMNS] for r in cur.fetchall()]
    more = " …" if len(cur.description) > PREVIEW_COLUMNS else ""
    preview = (
        "| " + " | ".join(cols) + f"{more} |\n|" + "---|" * len(cols) + "\n"
        + "\n".join("| " + " | ".join(_cell(v) for v in r) + " |" for r in rows)
    )  # fmt: skip
    return {
        "dagster/row_count": dg.MetadataValue.int(int(n)),
        "preview": dg.MetadataValue.md(preview if rows else "(no rows)"),
    }


def _name(event) -> str | None:
    if isinstance(event, dg.Output):
        return event.output_name
    if isinstance(event, dg.AssetMaterialization):
        return event.asset_key.path[-1]
    return None


def with_table_metadata(warehouse: Path, events: Iterable) -> Iterator:
    """`events` with row counts and previews added to those of tables in schema `marts`."""
    events = list(events)
    extra: dict[str, dict] = {}
    try:
        with write_connection(warehouse) as con:  # re-entrant: the caller holds the writer lock
            tables = {
                t
                for (t,) in con.execute(
                    "select table_name from information_schema.tables "
                    "where table_schema = 'marts' and table_type = 'BASE TABLE'"
                ).fetchall()
            }
            for event in events:
                name = _name(event)
                if name in tables:
                    extra[name] = table_metadata(con, "marts", name)
    except duckdb.Error:
        extra = {}  # metadata is a courtesy: never fail a build over it
    for event in events:
        name = _name(event)
        yield event.with_metadata({**event.metadata, **extra[name]}) if name in extra else event
