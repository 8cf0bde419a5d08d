"""The manifest preparer's staleness rule (orchestration/warehouse/dbt.py)."""

from __future__ import annotations

import os
import time

from orchestration.warehouse.dbt import _newest_source_mtime


def _age(paths, seconds_ago: float) -> float:
    then = time.time() - seconds_ago
    for p in paths:
        os.utime(p, (then, then))
    return then


def test_deleting_a_model_makes_the_project_newer(tmp_path):
    """A deleted model changes no file's mtime, only its folder's: the manifest must still be
    re-parsed (else Dagster keeps an asset for a model that no longer exists)."""
    models = tmp_path / "models"
    models.mkdir()
    (models / "keep.sql").write_text("select 1")
    (models / "gone.sql").write_text("select 2")
    (tmp_path / "dbt_project.yml").write_text("name: x")
    then = _age([models / "keep.sql", models / "gone.sql", models, tmp_path / "dbt_project.yml"], 1000)
    assert _newest_source_mtime(tmp_path) == then
    (models / "gone.sql").unlink()
    assert _newest_source_mtime(tmp_path) > then + 500


def test_an_edited_file_makes_the_project_newer(tmp_path):
    (tmp_path / "macros").mkdir()
    macro = tmp_path / "macros" / "m.sql"
    macro.write_text("{% macro m() %}1{% endmacro %}")
    then = _age([macro, tmp_path / "macros"], 1000)
    macro.write_text("{% macro m() %}2{% endmacro %}")
    assert _newest_source_mtime(tmp_path) > then + 500
