"""What a document partition's page in the Dagster UI shows about that one document.

Partition keys stay `d` + 16 hex of the sha256 (stable, content-addressed); these
entries make a partition readable: its title, area, covered year and source, and its
own counts (the run-level totals sit beside them when a run covered many documents).
Kept small: they ride on one materialization event per document per stage.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import dagster as dg
import duckdb

from orchestration.catalog.regions import region_by_code
from orchestration.warehouse.connections import write_connection

# Dagster checks each partition key given to `add_asset_metadata` against every key of the
# dynamic partitions (one storage query per call), so per-document entries cost O(run x
# warehouse): a 10,000-report build spent most of its time there. Runs of more documents than
# this keep the run-level totals only.
PER_DOCUMENT_METADATA_MAX = 200


def area_label(region_code: str | None) -> str:
    if not region_code:
        return "-"
    region = region_by_code().get(region_code)
    return f"{region.name} ({region_code})" if region else region_code


def document_entries(
    title: str | None, region_code: str | None, covered_year: int | None, source: str | None
) -> dict[str, str]:
    return {
        "document title": title or "-",
        "document area": area_label(region_code),
        "document covered year": str(covered_year) if covered_year else "-",
        "document source": source or "-",
    }


def add_document_metadata(
    context: dg.AssetExecutionContext, n_documents: int, document_id: str, entries: dict
) -> None:
    """The entries of one document's partition, when the run covers few enough documents."""
    if n_documents <= PER_DOCUMENT_METADATA_MAX:
        context.add_asset_metadata(entries, partition_key=document_id)


# Row counts and a preview on each mart's materialization, for the Dagster UI.
#
# dbt holds the warehouse file while it builds, so the counts are read after it ends, in
# one connection, and attached to the events dbt produced (dagster-dbt's own row-count
# helper needs an in-process dbt adapter per run, which `BureauDbtResource` skips).
#
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
