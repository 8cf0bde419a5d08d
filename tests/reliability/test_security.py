"""Security: archive and intake paths cannot be steered from outside, `bureau query` is
read-only and sealed, redirects off the allow-list or to private addresses are refused and
logged, and no cookie or credential reaches the archive or the fetch log."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orchestration.acquire.archive import safe_join, safe_name
from orchestration.acquire.fetch_config import FetchConfig
from orchestration.acquire.fetcher import Fetcher
from orchestration.acquire.intake import (
    SourceRecord,
    intake_path,
    now_iso,
    read_intake,
    stage_bytes,
)
from orchestration.acquire.publishers import Publisher
from orchestration.warehouse.query import QueryRefused, run_query
from tests.reliability.netfaults import SECRET_COOKIE, ChaosSite, serve

NASTY = st.one_of(
    st.text(),
    st.sampled_from(
        [
            "../../etc/passwd",
            "..\\..\\windows\\system32",
            "/etc/shadow",
            "http://x/../../../../tmp/evil",
            "http://x/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
            "file:///etc/passwd",
            "\x00evil",
            "..",
            ".",
            "",
            "~/.ssh/id_rsa",
            "a/" * 300 + "b",
            "con.txt",
            "\u202eevil.txt",
        ]
    ),
)


@settings(max_examples=300, deadline=None)
@given(NASTY)
def test_names_from_urls_never_leave_the_folder(tmp_path_factory, raw):
    folder = tmp_path_factory.getbasetemp() / "archive_root"
    folder.mkdir(exist_ok=True)
    name = safe_name(raw)
    assert "/" not in name and "\\" not in name and "\x00" not in name and name not in (".", "..")
    assert safe_join(folder, raw).parent == folder.resolve()


@pytest.mark.parametrize("bad", ["../../etc/passwd", "d/../../x", "", "D0123456789ABCDEF", "d0123", "x" * 17])
def test_intake_ids_cannot_name_other_files(tmp_path, bad):
    with pytest.raises(ValueError):
        intake_path(tmp_path, bad)
    with pytest.raises(FileNotFoundError):
        read_intake(tmp_path, bad)


def test_staged_paths_come_from_the_bytes_not_the_source(tmp_path):
    src = SourceRecord(source_uri="http://evil/../../../../etc/passwd", source_kind="url", seen_at=now_iso())
    rec = stage_bytes(tmp_path, b"report", src)
    assert (tmp_path / rec.archive_path).resolve().is_relative_to((tmp_path / "archive").resolve())
    assert intake_path(tmp_path, rec.document_id).resolve().parent == (tmp_path / "intake").resolve()
    assert {p.name for p in tmp_path.rglob("*") if p.is_file()} <= {
        rec.sha256,
        f"{rec.document_id}.json",
        ".lock",
    }


def test_tampered_intake_record_cannot_point_outside_the_archive(tmp_path):
    src = SourceRecord(source_uri="/inbox/a.txt", source_kind="inbox", seen_at=now_iso())
    rec = stage_bytes(tmp_path, b"report bytes", src)
    path = intake_path(tmp_path, rec.document_id)
    raw = json.loads(path.read_text())
    raw["archive_path"] = "../../../../etc/passwd"
    path.write_text(json.dumps(raw))
    assert read_intake(tmp_path, rec.document_id).archive_path == f"archive/{rec.sha256[:2]}/{rec.sha256}"
    raw["sha256"] = "0" * 64  # a record that does not belong to its id
    path.write_text(json.dumps(raw))
    with pytest.raises(FileNotFoundError):
        read_intake(tmp_path, rec.document_id)


def _stage_many(args):
    root, worker = args
    for i in range(30):
        src = SourceRecord(source_uri=f"/inbox/w{worker}/{i}.txt", source_kind="inbox", seen_at=now_iso())
        stage_bytes(Path(root), b"the same report", src)


def test_concurrent_staging_keeps_every_source(tmp_path):
    # spawn, not fork: a fork of a test worker that holds threads (DuckDB, Dagster) can deadlock
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        pool.map(_stage_many, [(str(tmp_path), w) for w in range(4)])
    (rec_file,) = (tmp_path / "intake").glob("*.json")
    rec = read_intake(tmp_path, rec_file.stem)
    assert len(rec.sources) == 120


@pytest.fixture(scope="module")
def sealed_warehouse(tmp_path_factory) -> Path:
    wh = tmp_path_factory.mktemp("sealed") / "w.duckdb"
    con = duckdb.connect(str(wh))
    con.execute("create schema marts; create table marts.t as select 1 as n")
    con.close()
    return wh


@pytest.mark.parametrize(
    "sql",
    [
        "attach ':memory:' as m",
        "attach 'other.duckdb' as o (read_only)",
        "detach marts",
        "copy (select 1) to '/tmp/out.csv'",
        "copy marts.t to '/tmp/out.parquet' (format parquet)",
        "export database '/tmp/exported'",
        "import database '/tmp/exported'",
        "install httpfs",
        "force install httpfs",
        "install httpfs from 'http://example.com'",
        "load httpfs",
        "load '/tmp/evil.duckdb_extension'",
        "set enable_external_access = true",
        "reset enable_external_access",
        "pragma enable_profiling",
        "call pragma_version()",
        "create secret s (type s3, key_id 'a', secret 'b')",
        "create temp table x as select 1",
        "create view v as select 1",
        "create macro m() as 1",
        "insert into marts.t values (2)",
        "update marts.t set n = 2",
        "delete from marts.t",
        "drop table marts.t",
        "alter table marts.t add column y int",
        "checkpoint",
        "vacuum",
        "begin transaction",
        "use marts",
        "select 1; drop table marts.t",
        "with x as (select 1) insert into marts.t select * from x",
    ],
)
def test_query_refuses_anything_but_reading(sealed_warehouse, sql):
    with pytest.raises(QueryRefused):
        run_query(sql, sealed_warehouse)
    assert run_query("select count(*) from marts.t", sealed_warehouse).rows == [(1,)]


@pytest.mark.parametrize(
    "sql",
    [
        "select * from read_csv('/etc/passwd')",
        "select * from read_text('/etc/hostname')",
        "select * from read_blob('/etc/hostname')",
        "select * from glob('/etc/*')",
        "select * from '/etc/passwd'",
        "select * from read_parquet('http://127.0.0.1:9/x.parquet')",
        "select * from read_json_auto('/etc/os-release')",
        "select getenv('HOME')",
        "select current_setting('enable_external_access') = false and (select count(*) from duckdb_secrets()) = 0",
    ],
)
def test_query_cannot_read_outside_the_warehouse(sealed_warehouse, sql):
    try:
        res = run_query(sql, sealed_warehouse)
    except (QueryRefused, duckdb.Error):
        return
    # the only statements that may run are harmless ones that reveal nothing outside
    assert res.rows in ([(True,)], [(None,)], [("",)]), res.rows


def test_redirects_off_the_allow_list_or_to_private_addresses_are_refused_and_logged():
    site = ChaosSite()
    with serve(site):
        site.resources["/go-foreign"] = (b"http://evil.example.org/steal", "redirect")
        site.resources["/go-metadata"] = (b"http://169.254.169.254/latest/meta-data/", "redirect")
        site.resources["/go-ftp"] = (b"ftp://127.0.0.1/x", "redirect")
        site.resources["/go-creds"] = (f"http://user:pw@127.0.0.1:{site.port}/ok".encode(), "redirect")
        site.resources["/ok"] = (b"<html>ok</html>", "text/html")
        site.resources["/robots.txt"] = (b"User-agent: *\nAllow: /\n", "text/plain")
        trusting = Publisher.adhoc([site.url("/")], allow_private_addresses=True)
        strict = Publisher.adhoc([site.url("/")], allow_private_addresses=False)
        cfg = FetchConfig(requests_per_second=1000, max_attempts=1, backoff_base=0.001)
        with Fetcher(cfg) as f:
            results = {
                p: f.fetch(site.url(p), publisher=trusting)
                for p in ("/go-foreign", "/go-metadata", "/go-ftp", "/go-creds")
            }
            ok = f.fetch(site.url("/ok"), publisher=trusting)
            # same fetcher, same host, a kept-alive connection from the trusting fetch is
            # in the pool: the strict publisher must still be refused, not handed that one
            results["private"] = f.fetch(site.url("/ok"), publisher=strict)
            log = f.log
    for what, r in results.items():
        assert r.outcome == "refused" and r.error, (what, r.outcome, r.error)
        assert "pw@" not in (r.final_url or "") and "pw@" not in (r.error or ""), r
        assert "pw@" not in repr(r.headers), (
            r.headers
        )  # the Location callers keep is redacted  # the Location callers keep is redacted
    assert ok.outcome == "ok"
    refused_rows = [row for row in log if row.outcome == "refused"]
    assert len(refused_rows) >= 5 and all(row.error for row in refused_rows)
    # what is persisted: fetch-log rows (raw.fetches) and validators (crawl state)
    for item in [row.as_dict() for row in log] + [dict(f.validators)]:
        text = repr(item)
        assert SECRET_COOKIE.split("=")[1] not in text and "pw@" not in text and ":pw" not in text, text
    assert os.environ.get("BUREAU_WAREHOUSE")  # tests never touch a developer's warehouse
