"""Copy corrections.csv into `raw.corrections`, the table the dbt models apply.

Every dbt build first loads the file (under the writer lock, in one transaction), so the
published copy carries the corrections it was built with and the models read a table rather
than a path. A row that cannot be read is loaded with its problem
(`marts.corrections.status = 'invalid'`), never dropped and never a reason to stop the build.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import duckdb

from orchestration.warehouse.corrections import (
    CHANGE_COLUMNS,
    KEY_COLUMNS,
    VALUE_KINDS,
    CorrectionError,
    parse_value,
    read_file,
)

RAW_CORRECTIONS_DDL = """
create table if not exists raw.corrections (
    line           integer not null,    -- line in the file (header = 1): the order rows were written
    correction_id  varchar,
    sha256         varchar,
    char_start     integer,
    char_end       integer,
    reported_text  varchar,
    set_value      decimal(38, 10),
    set_unit       varchar,
    set_indicator_code varchar,
    set_region_code varchar,
    set_period_year integer,
    set_value_kind varchar,
    drop_row       boolean not null,
    reason         varchar,
    corrected_by   varchar,
    corrected_at   timestamp,
    document_id    varchar,             -- context when corrected (not used for matching)
    observation_id varchar,
    indicator_code varchar,
    region_code    varchar,
    period_year    integer,
    value_kind     varchar,
    value          varchar,
    unit           varchar,
    evidence       varchar,
    problem        varchar,             -- why the row could not be read; null when it could
    source_file    varchar not null
);
"""


def _parsed(raw: dict[str, str], line: int, source: str) -> tuple:
    """The raw.corrections row for one CSV row; unreadable fields become a problem, not an error."""
    problems: list[str] = []

    def text(name: str) -> str | None:
        v = (raw.get(name) or "").strip()
        return v or None

    def integer(name: str) -> int | None:
        v = text(name)
        if v is None:
            return None
        try:
            return int(v)
        except ValueError:
            problems.append(f"{name} {v!r} is not an integer")
            return None

    value = None
    if text("set_value") is not None:
        try:
            value = parse_value(text("set_value"))
        except CorrectionError:
            problems.append(f"set_value {text('set_value')!r} is not a number")
    at = None
    if text("corrected_at") is not None:
        try:
            at = dt.datetime.fromisoformat(text("corrected_at"))
        except ValueError:
            problems.append(f"corrected_at {text('corrected_at')!r} is not a date and time")
    kind = text("set_value_kind")
    if kind is not None and kind not in VALUE_KINDS:
        problems.append(f"set_value_kind {kind!r} is not one of {', '.join(VALUE_KINDS)}")
    drop = (text("drop") or "").lower() in ("true", "1", "yes", "y")
    start, end = integer("char_start"), integer("char_end")
    for name in KEY_COLUMNS:
        if text(name) is None:
            problems.append(f"{name} is empty")
    if not drop and not any(text(c) for c in CHANGE_COLUMNS[:-1]):
        problems.append("the row changes nothing (no set_* value and drop not true)")
    return (
        line,
        text("correction_id"),
        text("sha256"),
        start,
        end,
        raw.get("reported_text") or None,
        value,
        text("set_unit"),
        text("set_indicator_code"),
        text("set_region_code"),
        integer("set_period_year"),
        kind,
        drop,
        text("reason"),
        text("corrected_by"),
        at,
        text("document_id"),
        text("observation_id"),
        text("indicator_code"),
        text("region_code"),
        integer("period_year"),
        text("value_kind"),
        text("value"),
        text("unit"),
        text("evidence"),
        "; ".join(problems) or None,
        source,
    )


def load_into(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Replace `raw.corrections` with the rows of `path` (none when it does not exist). Returns the count.

    Call inside a write transaction; a file that cannot be read at all becomes one row with
    the problem, so the build goes on and the marts say why no correction applied.
    """
    con.execute("create schema if not exists raw")
    con.execute(RAW_CORRECTIONS_DDL)
    con.execute("delete from raw.corrections")
    try:
        rows = [_parsed(r, i + 2, str(path)) for i, r in enumerate(read_file(path))]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        blank = [None] * 23
        rows = [(1, *blank[:11], False, *blank[11:], f"cannot read {path}: {exc}", str(path))]
    if rows:
        con.executemany(f"insert into raw.corrections values ({', '.join(['?'] * 27)})", rows)
    return len(rows)
