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

from orchestration.acquire.fetch_config import FetchConfig
from orchestration.acquire.publishers import Publisher
from orchestration.runs.crawl import crawl_and_load
from orchestration.settings import BUNDLED_REPORTS_DIR, PROJECT_ROOT
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


def test_publisher_sensor_tick_only_discovers_and_requests_a_crawl_run(bureau_site, tmp_path, dbt_manifest):
    """A tick makes one conditional request per listing page (plus robots.txt) and asks for a
    `crawl_publisher` run; it never fetches the articles itself. An unchanged listing costs a 304."""
    from orchestration.defs.resources import WarehouseResource
    from orchestration.defs.sensors import build_publisher_sensor

    pub = Publisher.adhoc([bureau_site.listing_url], allow_private_addresses=True, id="fixture")
    sensor = build_publisher_sensor(pub)
    resources = {"warehouse": WarehouseResource(path=str(tmp_path / "s.duckdb"))}
    with dg.instance_for_test() as instance:
        ctx = dg.build_sensor_context(instance=instance, resources=resources)
        bureau_site.reset()
        request = sensor(ctx)
        assert isinstance(request, dg.RunRequest) and request.job_name == "crawl_publisher"
        assert request.run_config["ops"]["crawl_and_stage"]["config"] == {"publisher": "fixture"}
        assert request.tags["dagster/max_retries"] == "2"
        assert {r.path for r in bureau_site.requests} <= {
            "/robots.txt",
            urlsplit(bureau_site.listing_url).path,
        }
        # the cursor keeps the listing's validators: the next tick asks conditionally, gets a 304
        bureau_site.reset()
        ctx2 = dg.build_sensor_context(instance=instance, cursor=ctx.cursor, resources=resources)
        assert isinstance(sensor(ctx2), dg.SkipReason)
        listing = bureau_site.hits(urlsplit(bureau_site.listing_url).path)
        assert len(listing) == 1 and listing[0].conditional and listing[0].status == 304


def test_publisher_sensor_honours_poll_cron(bureau_site, tmp_path, dbt_manifest):
    import dataclasses
    import time

    from orchestration.defs.resources import WarehouseResource
    from orchestration.defs.sensors import build_publisher_sensor

    pub = dataclasses.replace(
        Publisher.adhoc([bureau_site.listing_url], allow_private_addresses=True, id="fixture"),
        poll_cron="30 7 * * *",
    )
    sensor = build_publisher_sensor(pub)
    assert sensor.minimum_interval_seconds == 60  # evaluated each minute, polls only at the cron tick
    resources = {"warehouse": WarehouseResource(path=str(tmp_path / "c.duckdb"))}
    with dg.instance_for_test() as instance:
        bureau_site.reset()
        just_checked = json.dumps({"checked_at": time.time(), "validators": {}})
        ctx = dg.build_sensor_context(instance=instance, cursor=just_checked, resources=resources)
        skip = sensor(ctx)
        assert isinstance(skip, dg.SkipReason) and "next poll" in skip.skip_message
        assert not bureau_site.requests  # not due: no request at all
        two_days_ago = json.dumps({"checked_at": time.time() - 2 * 86400, "validators": {}})
        ctx = dg.build_sensor_context(instance=instance, cursor=two_days_ago, resources=resources)
        assert isinstance(sensor(ctx), dg.RunRequest)  # a 07:30 China-time tick has passed since


def _registry(tmp_path, listing_url: str, *, id: str = "fixture") -> str:
    host = urlsplit(listing_url).netloc
    registry = tmp_path / f"{id}.yaml"
    registry.write_text(
        f'publishers:\n  - id: {id}\n    name: 测试科技局\n    region_code: "350200"\n'
        f'    listing_urls: [{listing_url}]\n    allowed_hosts: ["{host}"]\n'
        "    allow_private_addresses: true\n    poll_interval_minutes: 60\n",
        encoding="utf-8",
    )
    return str(registry)


def _crawl_run(wh, registry: str, instance: dg.DagsterInstance, publisher: str = "fixture"):
    from orchestration.definitions import build_defs

    return (
        build_defs(wh)
        .resolve_job_def("crawl_publisher")
        .execute_in_process(
            instance=instance,
            run_config={
                "ops": {"crawl_and_stage": {"config": {"publisher": publisher, "registry": registry}}}
            },
            raise_on_error=False,
        )
    )


def test_crawl_publisher_run_stages_and_the_load_sensor_requests_the_loads(
    bureau_site, tmp_path, dbt_manifest
):
    """The run a poll requests crawls and stages, and loads nothing itself (no run inside a run);
    the `load_crawled_documents` tick then asks for one ingest run per staged document and one
    `record_fetches` run, once: the next tick removes the entry and skips."""
    from orchestration.acquire.crawl_queue import staged_crawls
    from orchestration.acquire.intake import read_intake
    from orchestration.acquire.validators import JsonValidatorStore, validator_store_path
    from orchestration.defs.resources import WarehouseResource
    from orchestration.defs.sensors import load_crawled_documents

    wh = tmp_path / "crawl_run.duckdb"
    with dg.instance_for_test() as instance:
        result = _crawl_run(wh, _registry(tmp_path, bureau_site.listing_url), instance)
        assert result.success, [e.message for e in result.all_events if e.is_failure]
        assert [r.job_name for r in instance.get_runs()] == ["crawl_publisher"]  # nothing nested
        assert not wh.exists()  # the crawl never opens DuckDB
        (crawl,), problems = staged_crawls(tmp_path)
        assert not problems and crawl.name == result.run_id and crawl.publisher == "fixture"
        assert len(crawl.documents) >= 6
        for doc in crawl.documents:  # bytes and intake record are in the archive before the validators
            assert (tmp_path / read_intake(tmp_path, doc).archive_path).is_file()
        assert JsonValidatorStore(validator_store_path(tmp_path))

        resources = {"warehouse": WarehouseResource(path=str(wh))}
        ctx = dg.build_sensor_context(instance=instance, resources=resources)
        tick = load_crawled_documents(ctx)
        assert isinstance(tick, dg.SensorResult)
        ingest = [r for r in tick.run_requests if r.job_name == "ingest_documents"]
        assert sorted(r.partition_key for r in ingest) == sorted(crawl.documents)
        assert {r.run_key for r in ingest} == {f"{crawl.name}:{d}" for d in crawl.documents}
        assert all(r.tags["crawl_run"] == crawl.name for r in ingest)
        assert [r.job_name for r in tick.run_requests if r not in ingest] == ["record_fetches"]
        (added,) = tick.dynamic_partitions_requests
        assert sorted(added.partition_keys) == sorted(crawl.documents)
        # the next tick: Dagster has stored those requests, the entry goes, nothing is asked twice
        ctx = dg.build_sensor_context(instance=instance, cursor=ctx.cursor, resources=resources)
        assert isinstance(load_crawled_documents(ctx), dg.SkipReason)
        assert staged_crawls(tmp_path) == ([], [])


def test_a_crawl_run_that_meets_a_down_site_fails_so_dagster_retries_it(bureau_site, tmp_path, dbt_manifest):
    """A 503 on every attempt is a passing failure: the run fails (its `dagster/max_retries`
    tag makes the daemon crawl again), and the request log still waits for `raw.fetches`."""
    from orchestration.acquire.crawl_queue import staged_crawls

    listing = bureau_site.listing_url.split("/xxgk/")[0] + "/fault/always-503"
    with dg.instance_for_test() as instance:
        result = _crawl_run(
            tmp_path / "down.duckdb", _registry(tmp_path, listing, id="down"), instance, "down"
        )
        assert not result.success
        failure = next(e for e in result.all_events if e.is_step_failure)
        assert "1 fetch(es) failed" in failure.step_failure_data.user_failure_data.description
        assert result.dagster_run.tags["dagster/max_retries"] == "2"
    (crawl,), _ = staged_crawls(tmp_path)
    assert crawl.documents == ()  # nothing staged, but its fetch log is handed on


def test_inbox_sensor_picks_up_a_dropped_file(tmp_path, monkeypatch, dbt_manifest):
    from orchestration.defs.resources import WarehouseResource
    from orchestration.defs.sensors import inbox_sensor

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    monkeypatch.setenv("BUREAU_INBOX", str(inbox))
    resources = {"warehouse": WarehouseResource(path=str(tmp_path / "i.duckdb"))}
    with dg.instance_for_test() as instance:
        ctx = dg.build_sensor_context(instance=instance, resources=resources)
        assert isinstance(inbox_sensor(ctx), dg.SkipReason)
        shutil.copy(BUNDLED_REPORTS_DIR / "reports" / "001_xiamen_sti_2022_summary.txt", inbox)
        ctx = dg.build_sensor_context(instance=instance, cursor=ctx.cursor, resources=resources)
        result = inbox_sensor(ctx)
        assert isinstance(result, dg.SensorResult)
        assert len(result.run_requests) == 1
        assert json.loads(ctx.cursor)
        ctx = dg.build_sensor_context(instance=instance, cursor=ctx.cursor, resources=resources)
        assert isinstance(inbox_sensor(ctx), dg.SkipReason)
