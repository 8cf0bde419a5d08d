"""Concurrency: two loads at once serialise and agree; queries during a write read the
published copy (or say clearly that they cannot); a writer that waits too long says why."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time

import duckdb
import pytest

from orchestration.query import WarehouseLocked, publish_read_copy, published_copy_path, run_query
from orchestration.warehouse import WarehouseBusy, incomplete_marker, writer_lock
from tests.reliability import harness as h
from tests.reliability.conftest import fresh_copy

RAW_LOCK_WORDS = ("Traceback", "Could not set lock", "IO Error", "Conflicting lock")


@pytest.mark.slow
def test_two_loads_at_once_both_succeed_with_identical_state(reference, tmp_path):
    wh = tmp_path / "w.duckdb"
    args = ["load", *map(str, reference.files), "--warehouse", str(wh), "-q"]
    procs = [
        subprocess.Popen(
            [*h.bureau_argv(), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=h.bureau_env(),
        )
        for _ in range(2)
    ]
    queries = []
    while any(p.poll() is None for p in procs):
        if wh.exists():
            q = h.run_bureau(
                "query", "select count(*) from marts.dim_documents", "--warehouse", str(wh), "--format", "csv"
            )
            queries.append(q)
        time.sleep(0.5)
    outs = [p.communicate() for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [e[-1500:] for _, e in outs]
    assert h.diff_checksums(h.mart_checksums(wh), reference.checksums) == []
    assert h.raw_duplicates(wh) == []
    for q in queries:  # answered, or refused with a clear message: never a raw lock traceback
        assert q.returncode in (0, 1), q.stderr
        assert not any(w in q.stderr for w in RAW_LOCK_WORDS), q.stderr
        if q.returncode == 1:
            assert "being written" in q.stderr or "no warehouse" in q.stderr or "Catalog Error" in q.stderr, (
                q.stderr
            )


@pytest.mark.slow
def test_query_during_a_build_reads_the_published_copy(reference, tmp_path):
    wh = fresh_copy(reference, tmp_path / "q")
    proc = h.start_bureau("load", *map(str, reference.files), "--warehouse", str(wh), "-q")
    answers = []
    try:
        while proc.poll() is None:
            res = h.run_bureau(
                "query",
                "select count(*) n from marts.dim_documents",
                "--warehouse",
                str(wh),
                "--format",
                "csv",
            )
            answers.append(res)
            time.sleep(0.3)
    finally:
        proc.wait()
    assert proc.returncode == 0
    assert answers
    for res in answers:
        assert res.returncode == 0, res.stderr  # a published copy exists: always an answer
        assert res.stdout.splitlines() == ["n", str(len(reference.files))]
        assert not any(w in res.stderr for w in RAW_LOCK_WORDS), res.stderr


def _tiny_warehouse(path):
    con = duckdb.connect(str(path))
    con.execute("create schema marts; create table marts.t as select 1 as n")
    con.close()


def test_query_while_a_writer_holds_the_file(tmp_path):
    wh = tmp_path / "w.duckdb"
    _tiny_warehouse(wh)
    writer = duckdb.connect(str(wh))  # this process holds DuckDB's write lock
    try:
        # no published copy yet: a clear refusal, not a DuckDB lock error
        # (within one process DuckDB shares the open database, so use a subprocess to see the lock)
        res = h.run_bureau("query", "select n from marts.t", "--warehouse", str(wh), "--format", "csv")
        assert res.returncode == 1 and "being written" in res.stderr, res.stderr
        assert not any(w in res.stderr for w in RAW_LOCK_WORDS), res.stderr
        writer.execute("checkpoint")
        shutil.copyfile(wh, published_copy_path(wh))
        res = h.run_bureau("query", "select n from marts.t", "--warehouse", str(wh), "--format", "csv")
        assert res.returncode == 0 and res.stdout.splitlines() == ["n", "1"], res.stderr
    finally:
        writer.close()
    assert run_query("select n from marts.t", wh).rows == [(1,)]
    published_copy_path(wh).unlink()
    other = duckdb.connect(str(wh))
    try:
        with pytest.raises(WarehouseLocked, match="being written"):
            # DuckDB shares an open file within a process; a second process sees the lock
            raise_if_locked(wh)
    finally:
        other.close()


def raise_if_locked(wh):
    res = h.run_bureau("query", "select 1", "--warehouse", str(wh))
    if res.returncode == 1 and "being written" in res.stderr:
        raise WarehouseLocked(res.stderr)


def test_writer_lock_times_out_with_a_clear_message(tmp_path):
    wh = tmp_path / "w.duckdb"
    code = (
        "import time, pathlib\n"
        "from orchestration.warehouse import writer_lock\n"
        f"with writer_lock(pathlib.Path({str(wh)!r})):\n"
        "    print('held', flush=True); time.sleep(60)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=h.PROJECT_ROOT
    )
    try:
        assert proc.stdout.readline().strip() == "held"
        with (
            pytest.raises(WarehouseBusy, match="being written by another process"),
            writer_lock(wh, timeout=0.3),
        ):
            pass
    finally:
        proc.kill()
        proc.wait()


def test_writer_lock_is_reentrant_within_a_process(tmp_path):
    wh = tmp_path / "w.duckdb"
    with writer_lock(wh), writer_lock(wh, timeout=0.3):  # a nested reader must not wait for itself
        pass


def test_load_gives_up_clearly_when_the_lock_is_held(tmp_path):
    wh = tmp_path / "w.duckdb"
    with writer_lock(wh):
        t0 = time.monotonic()
        res = h.run_bureau(
            "load",
            str(h.REPORTS / "001_xiamen_sti_2022_summary.txt"),
            "--warehouse",
            str(wh),
            env={"BUREAU_LOCK_TIMEOUT": "1"},
            timeout=300,
        )
        took = time.monotonic() - t0
    assert res.returncode == 1, res.stderr
    assert "being written by another process" in res.stderr
    assert "Traceback" not in res.stderr
    assert took < 120


def test_a_killed_writer_sends_readers_to_the_published_copy(tmp_path):
    """Killed mid-dbt, the warehouse file may hold half-built marts: queries must not read it."""
    wh = tmp_path / "w.duckdb"
    _tiny_warehouse(wh)
    shutil.copyfile(wh, published_copy_path(wh))
    con = duckdb.connect(str(wh))
    con.execute("create table marts.half as select 1 as n")  # what a killed dbt build leaves
    con.close()
    code = (
        "import time, pathlib\n"
        "from orchestration.warehouse import writer_lock\n"
        f"with writer_lock(pathlib.Path({str(wh)!r})):\n"
        "    print('held', flush=True); time.sleep(60)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=h.PROJECT_ROOT
    )
    assert proc.stdout.readline().strip() == "held"
    res = run_query("select count(*) from information_schema.tables where table_name = 'half'", wh)
    assert res.source == published_copy_path(wh) and res.rows == [(0,)]  # a writer at work
    proc.kill()
    proc.wait()
    res = run_query("select count(*) from information_schema.tables where table_name = 'half'", wh)
    assert res.source == published_copy_path(wh) and res.rows == [(0,)]  # killed: still the copy
    with writer_lock(wh):  # the next writer notices the crash and flags the file
        pass
    assert incomplete_marker(wh).exists()
    assert run_query("select 1", wh).source == published_copy_path(wh)
    with writer_lock(wh):  # a complete build is published: the file is whole again
        publish_read_copy(wh)
    assert not incomplete_marker(wh).exists()
    # analysts always read the published copy, which now holds the complete build
    res = run_query("select count(*) from information_schema.tables where table_name = 'half'", wh)
    assert res.source == published_copy_path(wh) and res.rows == [(1,)]
