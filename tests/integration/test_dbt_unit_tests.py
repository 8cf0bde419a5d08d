"""dbt's unit tests (`dbt_project/models/marts/_unit_tests.yml`) run here, once per suite.

They check the marts' SQL on hand-made rows, not the data, so the warehouse build leaves
them out (`--exclude-resource-type unit_test`, as dbt advises for production builds); this
test runs them with the real dbt against a built warehouse, and checks that the build did
leave them out.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from orchestration.settings import dbt_target_dir
from orchestration.warehouse.dbt import dbt_executable, dbt_project, warehouse_env

pytestmark = pytest.mark.slow


def test_the_marts_unit_tests_pass(built_warehouse, tmp_path):
    wh = tmp_path / "bureau.duckdb"
    shutil.copyfile(built_warehouse, wh)  # (dbt writes its test relations into the file it opens)
    target = tmp_path / "dbt-target"
    cmd = [dbt_executable(), "test", "--select", "test_type:unit", "--target-path", str(target)]
    cmd += ["--project-dir", str(dbt_project.project_dir), "--profiles-dir", str(dbt_project.profiles_dir)]
    with warehouse_env(wh):
        done = subprocess.run(cmd, cwd=dbt_project.project_dir, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    results = json.loads((target / "run_results.json").read_text())["results"]
    unit = {r["unique_id"].rsplit(".", 1)[-1]: r["status"] for r in results}
    assert unit == {"target_tracking_status": "pass", "indicator_yoy_consistency": "pass"}


def test_the_warehouse_build_leaves_the_unit_tests_out(built_warehouse):
    results = json.loads((dbt_target_dir(built_warehouse) / "run_results.json").read_text())["results"]
    kinds = {r["unique_id"].split(".", 1)[0] for r in results}
    assert "model" in kinds and "test" in kinds and "unit_test" not in kinds
