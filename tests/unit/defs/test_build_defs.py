"""`build_defs(warehouse)` takes its inputs as arguments; importing the wiring runs nothing."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from orchestration.settings import PROJECT_ROOT


def _python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=PROJECT_ROOT, capture_output=True, text=True
    )


def test_importing_the_wiring_neither_runs_dbt_nor_writes_the_environment():
    done = _python(
        """
        import os, subprocess
        import croniter, dagster, dagster_dbt, duckdb  # third-party imports may start processes of their own

        before = dict(os.environ)

        def refuse(*a, **k):
            raise AssertionError(f"subprocess at import: {a}")

        subprocess.run = subprocess.Popen = refuse  # a dbt parse would start a subprocess
        import orchestration.defs.marts, orchestration.defs.sensors, orchestration.runs.load
        import orchestration.cli
        assert dict(os.environ) == before, set(os.environ.items()) ^ set(before.items())
        print("ok")
        """
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


def test_build_defs_points_every_run_at_the_warehouse_given(tmp_path, dbt_manifest):
    from orchestration.definitions import build_defs

    wh = tmp_path / "w.duckdb"
    defs = build_defs(wh)
    assert defs.resources["warehouse"].file == wh.resolve()
    # the dbt assets are built once per process (the manifest is read once), whatever the warehouse
    from orchestration.defs.marts import warehouse_marts

    build_defs(tmp_path / "other.duckdb")
    assert warehouse_marts() is warehouse_marts()
