"""insert_rows: rows by column name into a real DuckDB warehouse, in any order."""

import datetime as dt
from decimal import Decimal

import duckdb
import pytest

from orchestration.warehouse.connections import RAW_DDL, insert_rows

NOW = dt.datetime(2026, 1, 2, 3, 4, 5)


@pytest.fixture
def con(tmp_path):
    con = duckdb.connect(str(tmp_path / "wh.duckdb"))
    con.execute(RAW_DDL)
    yield con
    con.close()


def test_rows_in_any_key_order_land_in_their_columns(con):
    rows = [
        {"seen_at": NOW, "reason": "no text", "stage": "parse", "source_uri": "a.txt", "document_id": "d1"},
        {"document_id": None, "stage": "acquire", "source_uri": "b.txt", "seen_at": NOW, "reason": "404"},
    ]
    assert insert_rows(con, "raw.quarantine", rows) == 2
    got = con.execute("select * from raw.quarantine order by source_uri").fetchall()
    assert got == [("d1", "a.txt", "parse", "no text", NOW), (None, "b.txt", "acquire", "404", NOW)]


def test_named_columns_subset_exact_decimals_and_defaults(con):
    row = {
        "document_id": "d1",
        "fact_index": 0,
        "value": Decimal("17358000000.0000000001"),
        "multiplier": Decimal("100000000"),
        "unit": "CNY",
        "reported_value": "173.58",
        "comparator": "=",
        "value_kind": "actual",
        "measure": "level",
        "sentence_index": 3,
        "evidence": "技术合同成交额173.58亿元。",
        "char_start": 7,
        "char_end": 16,
        "reported_text": "173.58亿元",
        "rule": "own_noun",
        "extractor_version": "3",
        "extracted_at": NOW,
        "ignored": "a key the column list does not name",
    }
    columns = [c for c in reversed(row) if c != "ignored"]  # the table's order is not needed
    insert_rows(con, "raw.indicator_facts", [row], columns)
    value, kind, months = con.execute(
        "select value, period_kind, period_months from raw.indicator_facts"
    ).fetchone()
    assert (value, kind, months) == (Decimal("17358000000.0000000001"), "year", 12)


def test_a_row_without_a_column_of_the_table_is_refused(con):
    with pytest.raises(KeyError, match="seen_at"):
        insert_rows(
            con, "raw.quarantine", [{"document_id": "d1", "source_uri": "a", "stage": "parse", "reason": "x"}]
        )
    assert insert_rows(con, "raw.quarantine", []) == 0


def test_on_conflict_tail(con):
    row = {"document_id": "d1", "source_uri": "s", "reason": "r", "excluded_by": "me", "excluded_at": NOW}
    insert_rows(con, "raw.exclusions", [row])
    insert_rows(con, "raw.exclusions", [{**row, "reason": "later"}], tail="on conflict do nothing")
    assert con.execute("select reason from raw.exclusions").fetchall() == [("r",)]
