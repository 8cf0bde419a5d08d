"""The event-driven path as shipped: the real dagster-daemon with the code location and a
temporary DAGSTER_HOME. Reports dropped into the inbox reach the published marts by
themselves (inbox sensor -> ingest run -> marts_automation -> dbt run), a report with a
share over 100% arrives flagged instead of stopping the warehouse, and a clean report
after it still arrives. No run may fail."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from orchestration.settings import PROJECT_ROOT
from orchestration.warehouse.published import published_copy_path
from orchestration.warehouse.query import run_query

pytestmark = [pytest.mark.slow, pytest.mark.long]

# Small, true-to-form reports (a title line names the bureau: area and year are inferred).
REPORTS = [
    "福州市科学技术局2025年工作总结\n时间:2026-02-20 10:00\n\n"
    "  2025年,全市R&D经费投入强度预计2.9%。全年登记技术合同6120项,合同成交金额110.4亿元,同比增长8.5%。\n",
    "泉州市科学技术局2025年工作总结\n时间:2026-02-21 10:00\n\n"
    "  2025年,全市R&D经费投入强度预计2.1%。全年登记技术合同3100项,合同成交金额61.2亿元,同比增长12.3%。\n",
    # one true sentence with a share over 100%: a doubt to flag, never a reason to stop
    "厦门市商务局2024年工作总结\n时间:2025-02-21 10:00\n\n"
    "  2024年,全市外贸进出口总额9225.4亿元,占地区生产总值比重为112.3%。\n",
    "宁波市科学技术局2025年工作总结\n时间:2026-02-22 10:00\n\n"
    "  2025年,全市R&D经费投入强度预计3.2%。净增国家高新技术企业650家。\n",
]
WAIT_SECONDS = 240  # per report, on a loaded 2-core machine; typically ~30 s


def _doc_id(data: bytes) -> str:
    return "d" + hashlib.sha256(data).hexdigest()[:16]


@pytest.fixture
def daemon(tmp_path, dbt_manifest):
    """dagster-daemon (it starts the code location) on a fresh DAGSTER_HOME, warehouse and inbox."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / ".dagster_home" / "dagster.yaml", home / "dagster.yaml")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    wh = tmp_path / "wh" / "bureau.duckdb"
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "BUREAU_WAREHOUSE": str(wh),
        "BUREAU_INBOX": str(inbox),
        "BUREAU_SENSOR_INTERVAL": "2",  # the shipped default is 30 s; the test cannot wait that long
    }
    exe = str(PROJECT_ROOT / ".venv" / "bin" / "dagster-daemon")
    log = open(tmp_path / "daemon.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [exe, "run", "-m", "orchestration.definitions"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # the daemon's code server and run workers die with it
    )
    try:
        yield inbox, wh, home, tmp_path / "daemon.log"
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


def test_inbox_reports_reach_the_published_marts_by_themselves(daemon):
    import dagster as dg

    inbox, wh, home, log = daemon
    t0 = time.monotonic()
    datas = [r.encode() for r in REPORTS]
    docs = [_doc_id(d) for d in datas]

    def drop(i: int) -> None:
        (inbox / f"report_{i}.txt").write_bytes(datas[i])

    # two reports one after the other
    drop(0)
    time.sleep(1)
    drop(1)
    for doc in docs[:2]:
        assert _wait_for(wh, doc, log)
    first_two = time.monotonic() - t0
    # the flagged report, and a clean one dropped once the flagged one is loaded: both arrive
    drop(2)
    deadline = time.monotonic() + WAIT_SECONDS
    while not _ingested(home, docs[2]) and time.monotonic() < deadline:
        time.sleep(1)
    drop(3)
    rows = _wait_for(wh, docs[2], log)
    assert ("imports_exports", "share_pct", 112.3, "share_over_100") in rows
    assert ("imports_exports", "level", 922540000000.0, "") in rows
    assert _wait_for(wh, docs[3], log)
    # the published copy answers `bureau query` for all four documents
    res = subprocess.run(
        [str(PROJECT_ROOT / ".venv" / "bin" / "bureau"), "query", "--warehouse", str(wh), "--format", "csv",
         "select count(distinct document_id) from marts.fct_indicator_observations"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert res.returncode == 0 and res.stdout.splitlines()[-1] == "4", res.stderr
    took = time.monotonic() - t0

    os.environ["DAGSTER_HOME"] = str(home)
    try:
        with dg.DagsterInstance.get() as instance:
            runs = instance.get_runs()
            failed = [r for r in runs if r.status == dg.DagsterRunStatus.FAILURE]
            assert not failed, [(r.job_name, r.run_id) for r in failed]
            assert {r.job_name for r in runs if r.tags.get("dagster/sensor_name") == "inbox"} == {
                "ingest_documents"
            }
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
    print(f"first two reports published after {first_two:.0f}s, all four after {took:.0f}s")
