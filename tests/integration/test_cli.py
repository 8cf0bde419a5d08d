"""The `bureau` command: exit codes, bad input, read-only queries, one-document extraction."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import duckdb
import pytest

from orchestration.cli import EXIT_FAIL, EXIT_OK, EXIT_QUARANTINE, EXIT_USAGE, main
from orchestration.settings import BUNDLED_REPORTS_DIR, PROJECT_ROOT

pytestmark = pytest.mark.slow


def bureau(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The installed console script, as a user runs it."""
    exe = shutil.which("bureau", path=str(PROJECT_ROOT / ".venv" / "bin")) or "bureau"
    return subprocess.run(
        [exe, *args],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, **(env or {})},
        timeout=600,
    )


def test_usage_errors_exit_2(capsys):
    assert main([]) == EXIT_USAGE
    assert main(["no-such-command"]) == EXIT_USAGE
    assert main(["query", "--warehouse", "x.duckdb"]) == EXIT_USAGE


def test_load_folder_with_bad_files_exits_3_and_quarantines_them(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(BUNDLED_REPORTS_DIR / "reports" / "001_xiamen_sti_2022_summary.txt", folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (folder / "no_numbers.txt").write_text(
        "厦门市科学技术局关于做好科技工作的通知\n各单位:请认真贯彻落实。\n", encoding="utf-8"
    )
    wh = tmp_path / "w.duckdb"
    res = bureau("load", str(folder), "--warehouse", str(wh))
    assert res.returncode == EXIT_QUARANTINE, res.stderr
    assert "empty.txt" in res.stderr and "picture.txt" in res.stderr
    con = duckdb.connect(str(wh), read_only=True)
    q = dict(con.execute("select source_uri, reason from marts.quarantine").fetchall())
    docs = con.execute("select count(*) from marts.dim_documents where is_readable").fetchone()[0]
    facts = con.execute("select count(*) from marts.fct_indicator_observations").fetchone()[0]
    con.close()
    assert {p.rsplit("/", 1)[-1] for p in q} == {"empty.txt", "picture.txt"}
    assert all(reason.strip() for reason in q.values())
    assert docs == 2  # the report and the report without numbers (zero facts is not an error)
    assert facts > 0


def test_load_missing_path_reports_it(tmp_path):
    # a typo in a path is a usage error (issue 15), not a quarantined document
    res = bureau("load", str(tmp_path / "nope"), "--warehouse", str(tmp_path / "w.duckdb"))
    assert res.returncode == EXIT_USAGE
    assert "no such file" in res.stderr


def test_query_formats_and_refusals(built_warehouse, capsys):
    wh = str(built_warehouse)
    assert (
        main(
            ["query", "select count(*) as n from marts.dim_documents", "--warehouse", wh, "--format", "json"]
        )
        == EXIT_OK
    )
    assert json.loads(capsys.readouterr().out.strip()) == {"n": 7}
    assert main(["query", "select 1 as a, 'x' as b", "--warehouse", wh, "--format", "csv"]) == EXIT_OK
    assert capsys.readouterr().out == "a,b\n1,x\n"
    for sql in [
        "create table marts.x as select 1",
        "delete from marts.dim_documents",
        "attach 'other.duckdb' as o",
        "copy marts.dim_documents to 'out.csv'",
        "install httpfs",
        "load httpfs",
        "set enable_external_access = true",
        "select 1; drop table marts.dim_documents",
    ]:
        assert main(["query", sql, "--warehouse", wh]) == EXIT_USAGE, sql
        assert "refused" in capsys.readouterr().err
    # reading files outside the warehouse is refused by the connection itself
    assert main(["query", "select * from read_csv('/etc/passwd')", "--warehouse", wh]) != EXIT_OK


def test_query_missing_warehouse_fails_clearly(tmp_path, capsys):
    assert main(["query", "select 1", "--warehouse", str(tmp_path / "none.duckdb")]) == EXIT_FAIL
    assert "no warehouse" in capsys.readouterr().err


def test_extract_prints_json_lines(capsys):
    path = BUNDLED_REPORTS_DIR / "reports" / "000_xiamen_sti_2023_summary_full.txt"
    assert main(["extract", str(path)]) == EXIT_OK
    facts = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert any(f["indicator_code"] == "tech_contract_value" and f["value"] == "17358000000" for f in facts)


def test_build_console_script_end_to_end(tmp_path, built_warehouse):
    """`bureau build` into a fresh file gives exactly the warehouse the in-process build gave."""
    from tests.integration.test_pipeline import counts

    wh = tmp_path / "cli.duckdb"
    res = bureau("build", "--warehouse", str(wh))
    assert res.returncode == EXIT_OK, res.stderr
    assert counts(wh) == counts(built_warehouse)
    assert "fct_indicator_observations" in res.stderr
    res = bureau(
        "query", "select count(*) n from marts.dim_documents", "--warehouse", str(wh), "--format", "csv"
    )
    assert res.stdout.splitlines() == ["n", "7"]


def test_python_module_entry_point():
    res = subprocess.run(
        [sys.executable, "-m", "orchestration.cli", "--help"], capture_output=True, text=True
    )
    assert res.returncode == 0 and "bureau" in res.stdout


def test_damaged_archive_bytes_are_quarantined_not_loaded(tmp_path):
    """Bytes that no longer match their sha256 are never loaded as that document."""
    from orchestration.acquire.intake import discover_files, stage_files
    from orchestration.runs.load import run_documents

    wh = tmp_path / "w.duckdb"
    files, _ = discover_files(
        [
            BUNDLED_REPORTS_DIR / "reports" / "001_xiamen_sti_2022_summary.txt",
            BUNDLED_REPORTS_DIR / "reports" / "003_xiamen_sti_2019_summary.txt",
        ]
    )
    records = stage_files(tmp_path, files, "file")
    (tmp_path / records[0].archive_path).write_bytes(b"tampered")
    summary = run_documents(records, wh)
    assert summary.failed is None and summary.exit_code == EXIT_QUARANTINE
    con = duckdb.connect(str(wh), read_only=True)
    loaded = {r[0] for r in con.execute("select document_id from marts.dim_documents").fetchall()}
    reasons = con.execute("select reason from marts.quarantine").fetchall()
    con.close()
    assert loaded == {records[1].document_id}
    assert "damaged" in reasons[0][0]
