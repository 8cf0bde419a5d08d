"""People's decisions about whole documents (orchestration/warehouse/exclusions.py) on a real DuckDB file:
each is idempotent, and says so the second time. The end-to-end path (the job, dbt) is
tests/integration/test_no_document_jams.py."""

from __future__ import annotations

import datetime as dt

import pytest

from orchestration.warehouse import exclusions as ex
from orchestration.warehouse.connections import transaction, write_connection

DOC = "d0123456789abcdef"
URI = "/reports/foreign_trade_2024.txt"


@pytest.fixture
def wh(tmp_path):
    """A warehouse holding one document (its raw rows) and its archived bytes."""
    wh = tmp_path / "bureau.duckdb"
    sha = "ab" + "0" * 62
    now = dt.datetime(2025, 2, 21, 10, 0)
    with write_connection(wh) as con:
        con.execute(
            "insert into raw.documents values (?, ?, 3, 'text/plain', 'abc'::blob, ?, ?, ?)",
            [DOC, sha, f"archive/ab/{sha}", URI, now],
        )
        con.execute(
            "insert into raw.document_sources (document_id, source_uri, source_kind, first_seen_at, last_seen_at) "
            "values (?, ?, 'file', ?, ?)",
            [DOC, URI, now, now],
        )
    archived = tmp_path / "archive" / "ab" / sha
    archived.parent.mkdir(parents=True)
    archived.write_bytes(b"abc")
    return wh


def test_a_document_is_named_by_id_path_or_file_name(wh):
    with write_connection(wh) as con:
        for name in (DOC, URI, "foreign_trade_2024.txt"):
            assert [m.document_id for m in ex.resolve(con, wh.parent, name)] == [DOC]
        with pytest.raises(ex.UnknownDocument, match="no document matches 'nothing.txt'"):
            ex.resolve(con, wh.parent, "nothing.txt")


def test_exclude_and_include_are_idempotent(wh):
    root = wh.parent
    with write_connection(wh) as con:
        matches = ex.resolve(con, root, DOC)
    first = ex.exclude(root, matches, "share over 100% under review", by="analyst")
    assert first.changed == [DOC] and first.message.startswith("excluded " + DOC)
    again = ex.exclude(root, matches, "again", by="analyst")
    assert again.changed == [] and again.message.startswith("already excluded")
    rows = ex.read_exclusions(root)
    assert [(r["document_id"], r["reason"], r["excluded_by"]) for r in rows] == [
        (DOC, "share over 100% under review", "analyst")
    ]
    with write_connection(wh) as con:
        assert ex.sync_exclusions(con, root) == 1
    assert ex.include(root, matches).changed == [DOC]
    back = ex.include(root, matches)
    assert back.changed == [] and back.message.startswith("not excluded")
    assert ex.read_exclusions(root) == []


def test_remove_keeps_archived_bytes_unless_purged_and_twice_is_once(wh):
    root = wh.parent
    archived = next((root / "archive").rglob("*" + "0" * 8))
    with write_connection(wh) as con, transaction(con):
        matches = ex.resolve(con, root, URI)
        out = ex.remove(con, root, matches, purge=False)
    assert out.changed == [DOC] and out.message.startswith("removed (archived bytes kept")
    assert archived.exists()
    with write_connection(wh) as con:
        assert con.execute("select count(*) from raw.documents").fetchone() == (0,)
        assert ex.remove(con, root, matches, purge=False).message.startswith("nothing to remove")
