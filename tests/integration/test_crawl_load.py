"""`bureau crawl` and the sensors against a real HTTP server on 127.0.0.1 (the fixture site)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from urllib.parse import urlsplit

import dagster as dg
import duckdb
import pytest

from orchestration.acquire.fetch import FetchConfig
from orchestration.crawling import crawl_and_load
from orchestration.settings import PROJECT_ROOT, SEEDS_DIR
from orchestration.sources import Publisher
from tests.fixtures.site import FLAKY, NOT_FOUND

pytest_plugins = ["tests.fixtures.site"]
pytestmark = pytest.mark.slow

FAST = FetchConfig(
    requests_per_second=200.0, backoff_base=0.01, backoff_max=0.05, max_attempts=3,
    max_bytes=1024 * 1024, read_timeout=3.0, allow_private_addresses=True,
)  # fmt: skip


def table_counts(wh) -> dict[str, int]:
    con = duckdb.connect(str(wh), read_only=True)
    try:
        names = [
            r[0]
            for r in con.execute(
                "select table_schema || '.' || table_name from information_schema.tables "
                "where table_schema in ('raw', 'marts') and table_name not in ('fetches') order by 1"
            ).fetchall()
        ]
        return {n: con.execute(f"select count(*) from {n}").fetchone()[0] for n in names}
    finally:
        con.close()


def test_bureau_crawl_loads_every_report_and_recrawl_is_conditional(bureau_site, tmp_path, dbt_manifest):
    """`bureau crawl` as a user runs it, then a second crawl of the same site."""
    exe = shutil.which("bureau", path=str(PROJECT_ROOT / ".venv" / "bin")) or "bureau"
    wh = tmp_path / "crawl.duckdb"
    argv = [exe, "crawl", bureau_site.listing_url, "--allow-private", "--rate", "200", "--max-mb", "1"]
    res = subprocess.run(
        [*argv, "--warehouse", str(wh)], capture_output=True, text=True, timeout=600, env=os.environ.copy()
    )
    assert res.returncode == 3, res.stderr  # the 404 (and the oversized page) are reported, not fatal
    assert NOT_FOUND in res.stderr and "refused" in res.stderr
    con = duckdb.connect(str(wh), read_only=True)
    docs = con.execute(
        "select count(*) from marts.dim_documents where source_uri like 'http://127.0.0.1%'"
    ).fetchone()[0]
    status_503 = con.execute(
        "select count(*) from raw.fetches where url like ? and status = 200 and attempts >= 2", ["%" + FLAKY]
    ).fetchone()[0]
    failed = {
        urlsplit(u).path
        for (u,) in con.execute(
            "select url from raw.fetches where outcome not in ('ok', 'not_modified')"
        ).fetchall()
    }
    con.close()
    assert docs >= 6, "every reachable report is loaded"
    assert status_503 >= 1, "the 503-then-200 page is loaded after a retry"
    assert NOT_FOUND in failed
    before = table_counts(wh)

    bureau_site.reset()
    again = crawl_and_load([bureau_site.listing_url], wh, allow_private=True, config=FAST)
    assert again.counts["new"] == 0 and again.counts["changed"] == 0
    assert table_counts(wh) == before
    # every article loaded the first time is asked for conditionally (and answers 304);
    # the ones that failed the first time are simply fetched again
    article_hits = [
        r
        for r in bureau_site.requests
        if ("/t20" in r.path or r.path.endswith(".pdf")) and r.path not in failed and r.status != 302
    ]
    assert article_hits and all(r.conditional for r in article_hits)
    assert {r.status for r in article_hits} <= {304, 503}


def test_bureau_sources_lists_the_registry():
    exe = shutil.which("bureau", path=str(PROJECT_ROOT / ".venv" / "bin")) or "bureau"
    res = subprocess.run([exe, "sources"], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0 and "xiamen" in res.stdout.lower()


def test_crawl_without_allow_private_refuses_loopback(bureau_site, tmp_path, dbt_manifest):
    summary = crawl_and_load(
        [bureau_site.listing_url], tmp_path / "w.duckdb", config=FetchConfig(requests_per_second=200.0)
    )
    assert summary.counts["new"] == 0
    assert summary.failures and "listing page refused" in summary.failures[0][1]
    assert summary.exit_code == 3


def test_publisher_sensor_tick_adds_partitions_and_run_requests(bureau_site, tmp_path, dbt_manifest):
    from orchestration.resources import WarehouseResource
    from orchestration.sensors import build_publisher_sensor

    pub = Publisher.adhoc([bureau_site.listing_url], allow_private_addresses=True, id="fixture")
    sensor = build_publisher_sensor(pub)
    with dg.instance_for_test() as instance:
        ctx = dg.build_sensor_context(
            instance=instance, resources={"warehouse": WarehouseResource(path=str(tmp_path / "s.duckdb"))}
        )
        result = sensor(ctx)
        assert isinstance(result, dg.SensorResult)
        added = result.dynamic_partitions_requests[0].partition_keys
        ingest = [r for r in result.run_requests if r.job_name == "ingest_documents"]
        assert len(added) >= 6 and {r.partition_key for r in ingest} == set(added)
        assert any(r.job_name == "record_fetches" for r in result.run_requests)
        # the cursor carries validators: a second tick asks only conditionally and finds nothing new
        ctx2 = dg.build_sensor_context(
            instance=instance,
            cursor=ctx.cursor,
            resources={"warehouse": WarehouseResource(path=str(tmp_path / "s.duckdb"))},
        )
        bureau_site.reset()
        second = sensor(ctx2)
        runs = second.run_requests if isinstance(second, dg.SensorResult) else []
        assert not [r for r in runs if r.job_name == "ingest_documents"]
        loaded = {urlsplit(u).path for u in json.loads(ctx.cursor)} - {NOT_FOUND}
        asked_again = [r for r in bureau_site.requests if r.path in loaded and "/t20" in r.path]
        assert asked_again and all(r.conditional for r in asked_again)


def test_inbox_sensor_picks_up_a_dropped_file(tmp_path, monkeypatch, dbt_manifest):
    from orchestration.resources import WarehouseResource
    from orchestration.sensors import inbox_sensor

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    monkeypatch.setenv("BUREAU_INBOX", str(inbox))
    resources = {"warehouse": WarehouseResource(path=str(tmp_path / "i.duckdb"))}
    with dg.instance_for_test() as instance:
        ctx = dg.build_sensor_context(instance=instance, resources=resources)
        assert isinstance(inbox_sensor(ctx), dg.SkipReason)
        shutil.copy(SEEDS_DIR / "reports" / "001_xiamen_sti_2022_summary.txt", inbox)
        ctx = dg.build_sensor_context(instance=instance, cursor=ctx.cursor, resources=resources)
        result = inbox_sensor(ctx)
        assert isinstance(result, dg.SensorResult)
        assert len(result.run_requests) == 1
        assert json.loads(ctx.cursor)
        ctx = dg.build_sensor_context(instance=instance, cursor=ctx.cursor, resources=resources)
        assert isinstance(inbox_sensor(ctx), dg.SkipReason)
