"""Idempotency: loading the same files again changes nothing in the marts; the same report
from a file and from a URL is one document with two sources; a repeated crawl adds nothing."""

from __future__ import annotations

import hashlib

import duckdb
import pytest

from tests.reliability import harness as h
from tests.reliability.conftest import fresh_copy
from tests.reliability.netfaults import ChaosSite, serve

pytestmark = [pytest.mark.slow, pytest.mark.long]


def test_volatile_columns_are_only_timestamps(reference):
    con = duckdb.connect(str(reference.warehouse), read_only=True)
    types = dict(
        con.execute(
            "select column_name, any_value(data_type) from information_schema.columns "
            "where table_schema = 'marts' group by 1"
        ).fetchall()
    )
    con.close()
    excluded = {c: t for c, t in types.items() if c in h.VOLATILE_COLUMNS}
    assert excluded and all(t == "TIMESTAMP" for t in excluded.values()), excluded


def test_repeated_loads_leave_identical_marts(reference, tmp_path):
    wh = fresh_copy(reference, tmp_path / "again")
    for _ in range(2):
        res = h.run_bureau("load", *map(str, reference.files), "--warehouse", str(wh), "-q")
        assert res.returncode == 0, res.stderr
        assert h.diff_checksums(h.mart_checksums(wh), reference.checksums) == []
        assert h.raw_duplicates(wh) == []


def test_same_report_from_file_and_url_is_one_document_two_sources(reference, tmp_path):
    wh = fresh_copy(reference, tmp_path / "two")
    report = reference.files[0]
    site = ChaosSite()
    site.resources["/files/t20230201_2717232.txt"] = (report.read_bytes(), "text/plain; charset=utf-8")
    site.resources["/list/index.html"] = (
        '<html><body><a href="/files/t20230201_2717232.txt">2022年工作总结</a></body></html>'.encode(),
        "text/html; charset=utf-8",
    )
    site.resources["/robots.txt"] = (b"User-agent: *\nAllow: /\n", "text/plain")
    with serve(site):
        listing = site.url("/list/index.html")
        res = h.run_bureau(
            "crawl", listing, "--allow-private", "--rate", "1000", "--warehouse", str(wh), "-q"
        )
        assert res.returncode in (0, 3), res.stderr
        once = h.mart_checksums(wh)
        res = h.run_bureau(
            "crawl", listing, "--allow-private", "--rate", "1000", "--warehouse", str(wh), "-q"
        )
        assert res.returncode in (0, 3), res.stderr
        assert h.diff_checksums(h.mart_checksums(wh), once) == []  # a repeated crawl adds nothing
    con = duckdb.connect(str(wh), read_only=True)
    docs = con.execute("select count(*) from marts.dim_documents").fetchone()[0]
    sources = con.execute(
        "select s.source_uri, s.source_kind from marts.dim_document_sources s join marts.dim_documents d "
        "using (document_id) where d.sha256 = ?",
        [hashlib.sha256(report.read_bytes()).hexdigest()],
    ).fetchall()
    con.close()
    assert docs == len(reference.files)  # no new document
    assert sorted(k for _, k in sources) == ["file", "url"], sources
    assert {u for u, _ in sources} == {str(report), site.url("/files/t20230201_2717232.txt")}
