"""The event-driven path as shipped: the real dagster-daemon with the code location and a
temporary DAGSTER_HOME. Reports dropped into the inbox reach the published marts by
themselves (inbox sensor -> ingest run -> marts_automation -> dbt run), a report with a
share over 100% arrives flagged instead of stopping the warehouse, and a clean report
after it still arrives. Then a publisher's poll sensor, turned on as an operator does,
notices the fixture site on 127.0.0.1 and its reports arrive too (poll -> crawl_publisher run,
which only stages -> load_crawled_documents -> ingest and record_fetches runs ->
marts_automation). No run may fail."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from orchestration.settings import PROJECT_ROOT
from orchestration.warehouse.published import published_copy_path
from orchestration.warehouse.query import run_query

pytest_plugins = ["tests.fixtures.site"]
pytestmark = [pytest.mark.slow, pytest.mark.long]

# Small, true-to-form reports (a title line names the bureau: area and year are inferred).
REPORTS = [
    "福州市科学技术局2025年工作总结\n时间:2026-02-20 10:00\n\n"
    "  2025年,全市R&D经费投入强度预计2.9%。全年登记技术合同6120项,合同成交金额110.4亿元,同比增长8.5%。\n",
    # one true sentence with a share over 100%: a doubt to flag, never a reason to stop
    "厦门市商务局2024年工作总结\n时间:2025-02-21 10:00\n\n"
    "  2024年,全市外贸进出口总额9225.4亿元,占地区生产总值比重为112.3%。\n",
    "宁波市科学技术局2025年工作总结\n时间:2026-02-22 10:00\n\n"
    "  2025年,全市R&D经费投入强度预计3.2%。净增国家高新技术企业650家。\n",
]
WAIT_SECONDS = 240  # per report, on a loaded 2-core machine; typically ~30 s
LOCATION = "tests.fixtures.crawl_location"  # the shipped definitions, plus the fixture publisher


def _doc_id(data: bytes) -> str:
    return "d" + hashlib.sha256(data).hexdigest()[:16]


@pytest.fixture
def daemon(tmp_path, dbt_manifest, bureau_site):
    """dagster-daemon (it starts the code location) on a fresh DAGSTER_HOME, warehouse and inbox,
    with the fixture site in the publisher registry (its poll sensor off, as shipped)."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / ".dagster_home" / "dagster.yaml", home / "dagster.yaml")
    with (home / "dagster.yaml").open("a", encoding="utf-8") as f:
        # the shipped instance, except that the daemon dequeues runs every second (default 5):
        # the test waits through a dozen queued runs
        f.write("run_queue:\n  dequeue_interval_seconds: 1\n")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    wh = tmp_path / "wh" / "bureau.duckdb"
    registry = tmp_path / "publishers.yaml"
    registry.write_text(
        'publishers:\n  - id: fixture\n    name: 测试科技局\n    region_code: "350200"\n'
        f"    listing_urls: [{bureau_site.listing_url}]\n"
        f'    allowed_hosts: ["{urlsplit(bureau_site.listing_url).netloc}"]\n'
        "    allow_private_addresses: true\n    poll_interval_minutes: 60\n    max_pages: 1\n"
        # one of the listing's reports: a crawl, an ingest run and the fetch log, few runs on 2 cores
        '    report_pattern: "/t2023"\n',
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "BUREAU_WAREHOUSE": str(wh),
        "BUREAU_INBOX": str(inbox),
        "BUREAU_SENSOR_INTERVAL": "2",  # the shipped default is 30 s; the test cannot wait that long
        "BUREAU_TEST_REGISTRY": str(registry),
    }
    exe = str(PROJECT_ROOT / ".venv" / "bin" / "dagster-daemon")
    log = open(tmp_path / "daemon.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [exe, "run", "-m", LOCATION],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # the daemon's code server and run workers die with it
    )
    try:
        yield inbox, wh, home, tmp_path / "daemon.log", env
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def _published_rows(wh: Path, doc: str) -> list[tuple]:
    if not published_copy_path(wh).exists():
        return []
    res = run_query(
        "select indicator_code, measure, value, quality_flags from marts.fct_indicator_observations "
        f"where document_id = '{doc}' order by fact_index, is_derived",
        wh,
    )
    return res.rows


def _wait_for(wh: Path, doc: str, log: Path) -> list[tuple]:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        rows = _published_rows(wh, doc)
        if rows:
            return rows
        time.sleep(1)
    pytest.fail(f"{doc} did not reach the published marts in {WAIT_SECONDS}s:\n{log.read_text()[-3000:]}")


def _ingested(home: Path, doc: str) -> bool:
    import dagster as dg

    os.environ["DAGSTER_HOME"] = str(home)
    try:
        with dg.DagsterInstance.get() as instance:
            return doc in instance.get_materialized_partitions(dg.AssetKey("indicator_facts"))
    finally:
        os.environ.pop("DAGSTER_HOME", None)


def _wait_until_ingested(home: Path, doc: str) -> None:
    """Until the ingest run of `doc` has materialized its facts (its marts build may follow)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not _ingested(home, doc):
        if time.monotonic() > deadline:
            pytest.fail(f"{doc} was not ingested in {WAIT_SECONDS}s")
        time.sleep(1)


def _crawled(wh: Path, home: Path) -> set[str] | None:
    """The documents `load_crawled_documents` asked to load, once all of them and the crawl's
    request log are in the published copy (else None)."""
    import dagster as dg

    os.environ["DAGSTER_HOME"] = str(home)
    try:
        with dg.DagsterInstance.get() as instance:
            loads = instance.get_runs(dg.RunsFilter(tags={"dagster/sensor_name": "load_crawled_documents"}))
    finally:
        os.environ.pop("DAGSTER_HOME", None)
    wanted = {r.tags["dagster/partition"] for r in loads if r.job_name == "ingest_documents"}
    if not wanted or not published_copy_path(wh).exists():
        return None
    sql = "select document_id from marts.dim_documents where source_uri like 'http://127.0.0.1%'"
    published = {doc for (doc,) in run_query(sql, wh).rows}
    fetches = run_query("select count(*) from raw.fetches where url like 'http://127.0.0.1%'", wh).rows[0][0]
    return wanted if wanted <= published and fetches else None


def test_inbox_reports_reach_the_published_marts_by_themselves(daemon):
    import dagster as dg

    inbox, wh, home, log, env = daemon
    t0 = time.monotonic()
    datas = [r.encode() for r in REPORTS]
    docs = [_doc_id(d) for d in datas]

    def drop(i: int) -> None:
        (inbox / f"report_{i}.txt").write_bytes(datas[i])

    # a report, then one with a share over 100% dropped once the first is loaded, and a clean one
    # dropped once the flagged one is loaded (each while the marts of the one before are built)
    for i in range(len(REPORTS)):
        drop(i)
        _wait_until_ingested(home, docs[i])
    # an operator turns the fixture publisher's poll on (UI: Automation -> poll_fixture; here the
    # CLI) once the inbox reports are ingested; the crawl's load queues behind the marts build in
    # the writer pool. Every document the crawl staged reaches the published marts, with the
    # crawl's fetch log
    start = subprocess.run(
        [str(PROJECT_ROOT / ".venv" / "bin" / "dagster"), "sensor", "start", "poll_fixture", "-m", LOCATION],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert start.returncode == 0, start.stdout + start.stderr
    t1 = time.monotonic()
    rows = _wait_for(wh, docs[1], log)
    assert ("imports_exports", "share_pct", 112.3, "share_over_100") in rows
    assert ("imports_exports", "level", 922540000000.0, "") in rows
    assert _wait_for(wh, docs[0], log) and _wait_for(wh, docs[2], log)
    took = time.monotonic() - t0
    # the published copy answers `bureau query` for the three inbox documents
    res = subprocess.run(
        [str(PROJECT_ROOT / ".venv" / "bin" / "bureau"), "query", "--warehouse", str(wh), "--format", "csv",
         "select count(distinct document_id) from marts.fct_indicator_observations "
         f"where document_id in ({', '.join(repr(d) for d in docs)})"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert res.returncode == 0 and res.stdout.splitlines()[-1] == "3", res.stderr
    deadline = time.monotonic() + 2 * WAIT_SECONDS
    while (crawled := _crawled(wh, home)) is None:
        if time.monotonic() > deadline:
            pytest.fail(f"the crawled reports did not reach the published marts:\n{log.read_text()[-3000:]}")
        time.sleep(2)
    crawl_took = time.monotonic() - t1

    os.environ["DAGSTER_HOME"] = str(home)
    try:
        with dg.DagsterInstance.get() as instance:
            runs = instance.get_runs()
            failed = [r for r in runs if r.status == dg.DagsterRunStatus.FAILURE]
            assert not failed, [(r.job_name, r.run_id) for r in failed]
            assert {r.job_name for r in runs if r.tags.get("dagster/sensor_name") == "inbox"} == {
                "ingest_documents"
            }
            # the poll asked for one crawl, which loaded nothing itself; the load sensor asked for
            # one ingest run per document it staged, and for the fetch log
            (crawl,) = [r for r in runs if r.job_name == "crawl_publisher"]
            assert crawl.tags["dagster/sensor_name"] == "poll_fixture"
            loads = [r for r in runs if r.tags.get("dagster/sensor_name") == "load_crawled_documents"]
            assert {r.job_name for r in loads} == {"ingest_documents", "record_fetches"}
            assert {r.tags.get("crawl_run") for r in loads if r.job_name == "ingest_documents"} == {
                crawl.run_id
            }
            assert len(crawled) == 1  # the one report the entry's report_pattern takes
            auto = [r for r in runs if r.tags.get("dagster/sensor_name") == "marts_automation"]
            assert auto
            # every automatic run is the whole slice: each dbt node and the report
            for run in auto:
                assert run.asset_selection and dg.AssetKey("dim_documents") in run.asset_selection
                assert dg.AssetKey("indicators") in run.asset_selection  # a seed
                assert dg.AssetKey("indicator_report") in run.asset_selection
            check_key = dg.AssetCheckKey(
                dg.AssetKey("fct_indicator_observations"), "assert_percent_shares_within_bounds"
            )
            record = instance.event_log_storage.get_latest_asset_check_execution_by_key([check_key])[
                check_key
            ]
    finally:
        os.environ.pop("DAGSTER_HOME", None)
    # the plausibility test ran in an automatically launched run and warned, not failed it
    evaluation = record.event.dagster_event.event_specific_data
    assert evaluation.passed is False and evaluation.severity == dg.AssetCheckSeverity.WARN
    assert record.run_id in {r.run_id for r in auto}
    print(
        f"the three inbox reports published after {took:.0f}s, "
        f"the {len(crawled)} crawled ones {crawl_took:.0f}s after their poll was turned on"
    )
