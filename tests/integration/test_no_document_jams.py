"""No document can stop the warehouse, and people can take one out.

One warehouse, built the way cron builds it (the console script, `env -i`, no venv on PATH),
then a report with a share over 100% and a clean one after it; exclusion, inclusion and
removal (each twice is once: tests/unit/test_exclusions.py); and a structural failure that
names the document and the way out. One test function: every step is a real dbt build, and they build on each other.
"""

from __future__ import annotations

import csv
import hashlib
import subprocess

import duckdb
import pytest

from orchestration.settings import PROJECT_ROOT
from orchestration.warehouse.exclusions import exclusions_path

pytestmark = [pytest.mark.slow, pytest.mark.long]

BUREAU = PROJECT_ROOT / ".venv" / "bin" / "bureau"
FLAGGED = (
    "厦门市商务局2024年工作总结\n时间:2025-02-21 10:00\n\n"
    "  2024年,全市外贸进出口总额9225.4亿元,占地区生产总值比重为112.3%。\n"
)
CLEAN = PROJECT_ROOT / "tests" / "data" / "later_reports" / "xiamen_sti_2024_summary.txt"


def _doc_id(data: bytes) -> str:
    return "d" + hashlib.sha256(data).hexdigest()[:16]


def _cron(*args: str) -> subprocess.CompletedProcess:
    """The installed console script as cron or a systemd timer calls it: no venv on PATH, no HOME."""
    return subprocess.run(
        ["env", "-i", "PATH=/usr/bin:/bin", str(BUREAU), *args],
        capture_output=True,
        text=True,
        timeout=900,
        cwd="/",
    )


def _rows(wh, sql: str, params=()) -> list[tuple]:
    con = duckdb.connect(str(wh), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_a_doubtful_document_is_flagged_and_people_can_take_one_out(tmp_path, own_instance):
    from orchestration.runs.load import curate, load_paths

    wh = tmp_path / "wh" / "bureau.duckdb"
    flagged = tmp_path / "reports" / "foreign_trade_2024.txt"
    flagged.parent.mkdir()
    flagged.write_text(FLAGGED, encoding="utf-8")
    flagged_id, clean_id = _doc_id(flagged.read_bytes()), _doc_id(CLEAN.read_bytes())

    # 1. the console script without the venv on PATH (dbt is found beside the interpreter);
    #    a true sentence with a share over 100%: loaded, flagged, exit 0, one line per flagged row
    res = _cron("load", str(flagged), "--warehouse", str(wh))
    assert res.returncode == 0, res.stderr[-2000:]
    lines = [x for x in res.stderr.splitlines() if x.startswith("flagged")]
    assert len(lines) == 1, res.stderr
    assert flagged_id in lines[0] and "imports_exports" in lines[0] and "share_over_100" in lines[0]
    assert "占地区生产总值比重为112.3%" in lines[0]
    assert "Traceback" not in res.stderr

    # 2. a clean report after it loads too (in this process: the cron path is step 1's), and
    #    its facts are queryable through the console script
    summary = load_paths([CLEAN], wh, instance=own_instance)
    assert summary.failed is None, summary.failed
    res = _cron(
        "query", "--warehouse", str(wh), "--format", "csv",
        f"select count(*) from marts.fct_indicator_observations where document_id = '{clean_id}'",
    )  # fmt: skip
    assert res.returncode == 0 and int(res.stdout.splitlines()[-1]) >= 5, res.stderr
    assert _rows(
        wh,
        "select measure, quality_flags from marts.fct_indicator_observations where document_id = ? order by 1",
        [flagged_id],
    ) == [("level", ""), ("share_pct", "share_over_100")]

    # a quarantine row of the flagged document (stands in for a version the parser refused):
    # the exclusion below takes it out of marts.quarantine, staging keeps every row
    con = duckdb.connect(str(wh))
    con.execute(
        "insert into raw.quarantine values (?, ?, 'parse', 'unreadable table', current_timestamp)",
        [flagged_id, str(flagged)],
    )
    con.close()

    # 3. exclude by file name: its rows leave every mart, raw rows and archive stay
    #    (twice is once: tests/unit/test_exclusions.py, without a dbt build each time)
    message, summary = curate(
        "exclude", flagged.name, wh, reason="share over 100% under review", instance=own_instance
    )
    assert summary.failed is None and message.startswith("excluded " + flagged_id)
    with exclusions_path(wh.parent).open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["document_id"], r["reason"]) for r in rows] == [(flagged_id, "share over 100% under review")]
    assert rows[0]["excluded_by"] and rows[0]["excluded_at"]
    for table in (
        "fct_indicator_observations",
        "dim_documents",
        "dim_document_sources",
        "unmapped_facts",
        "quarantine",
    ):
        assert _rows(wh, f"select count(*) from marts.{table} where document_id = ?", [flagged_id]) == [(0,)]
    assert _rows(wh, "select count(*) from staging.stg_quarantine where document_id = ?", [flagged_id]) == [
        (1,)
    ]
    assert _rows(wh, "select document_id, reason, is_in_raw from marts.exclusions") == [
        (flagged_id, "share over 100% under review", True)
    ]
    assert _rows(wh, "select count(*) from raw.indicator_facts where document_id = ?", [flagged_id]) == [(2,)]

    # 4. a structural failure (a broken vocabulary in a raw row of the clean report) fails the
    #    next build - here the one that includes the flagged report again - in one line naming
    #    the document and the way out; excluding that document is the way out
    con = duckdb.connect(str(wh))
    con.execute(
        "update raw.indicator_facts set measure = 'bogus' where document_id = ? and fact_index = 0",
        [clean_id],
    )
    con.close()
    message, broken = curate("include", str(flagged), wh, instance=own_instance)
    assert (
        message.startswith("included")
        and broken.failed
        and "\n" not in broken.failed
        and "Traceback" not in broken.failed
    )
    assert "accepted_values" in broken.failed and clean_id in broken.failed and str(CLEAN) in broken.failed
    assert f"bureau exclude {clean_id}" in broken.failed
    message, summary = curate("exclude", clean_id, wh, reason="broken row", instance=own_instance)
    assert summary.failed is None, summary.failed
    assert _rows(
        wh, "select count(*) from marts.fct_indicator_observations where document_id = ?", [flagged_id]
    ) == [(2,)]
    assert _rows(wh, "select document_id from marts.exclusions") == [(clean_id,)]
    assert _rows(wh, "select stage, reason from marts.quarantine where document_id = ?", [flagged_id]) == [
        ("parse", "unreadable table")
    ]  # included again: back in the quarantine mart

    # 5. remove: gone from raw and marts, archived bytes kept unless purged
    sha = hashlib.sha256(CLEAN.read_bytes()).hexdigest()
    archived = wh.parent / "archive" / sha[:2] / sha
    message, summary = curate("remove", CLEAN.name, wh, instance=own_instance)
    assert summary.failed is None and message.startswith("removed") and clean_id in message
    for table in ("documents", "document_sources", "document_text", "sentences", "indicator_facts"):
        assert _rows(wh, f"select count(*) from raw.{table} where document_id = ?", [clean_id]) == [(0,)]
    assert _rows(wh, "select is_in_raw from marts.exclusions where document_id = ?", [clean_id]) == [(False,)]
    assert archived.exists()
    message, summary = curate("remove", clean_id, wh, purge=True, instance=own_instance)
    assert summary.failed is None and message.startswith("removed and purged")
    assert not archived.exists()
