"""Shared fixtures: a prepared dbt manifest and one warehouse built from the bundled reports."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from orchestration.settings import BUNDLED_REPORTS_DIR, PROJECT_ROOT

SHARED = PROJECT_ROOT.parent / "shared"


def pytest_collection_modifyitems(config, items):
    """The longest end-to-end files first, then the other slow ones: the suite runs one file per
    worker (`--dist loadfile`), and a long file started last would finish alone. The sort is
    stable, so the tests of a file keep their order."""
    items.sort(
        key=lambda item: 0 if item.get_closest_marker("long") else 1 if item.get_closest_marker("slow") else 2
    )


@pytest.fixture(scope="session", autouse=True)
def _isolated_env(tmp_path_factory):
    """Never touch the developer's warehouse or Dagster home from a test."""
    home = tmp_path_factory.mktemp("dagster_home")
    old = {k: os.environ.get(k) for k in ("BUREAU_WAREHOUSE", "DAGSTER_HOME", "BUREAU_INBOX")}
    os.environ["BUREAU_WAREHOUSE"] = str(tmp_path_factory.mktemp("default_wh") / "never.duckdb")
    os.environ.pop("DAGSTER_HOME", None)
    os.environ.pop("BUREAU_INBOX", None)
    (home / "dagster.yaml").write_text("")
    yield
    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture(scope="session")
def dbt_manifest() -> Path:
    from orchestration.warehouse.dbt import prepare_manifest

    return prepare_manifest()


@pytest.fixture(scope="session")
def dagster_instance(tmp_path_factory):
    """A persistent (temporary-folder) Dagster instance, so tests can read run history back."""
    import dagster as dg

    with dg.DagsterInstance.local_temp(str(tmp_path_factory.mktemp("instance"))) as instance:
        yield instance


@pytest.fixture
def own_instance(tmp_path):
    """A Dagster instance of one test's own, for tests whose runs must not become the latest
    materializations the UI tests read back from `dagster_instance`."""
    import dagster as dg

    (tmp_path / "instance").mkdir()
    with dg.DagsterInstance.local_temp(str(tmp_path / "instance")) as instance:
        yield instance


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory, dbt_manifest, dagster_instance) -> Path:
    """The bundled corpus built end to end once per session (real Dagster, DuckDB and dbt)."""
    from orchestration.runs.load import build_seeds

    wh = tmp_path_factory.mktemp("built") / "bureau.duckdb"
    summary = build_seeds(wh, instance=dagster_instance)
    assert summary.failed is None, summary.failed
    return wh


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A writable copy of the bundled reports with their manifest."""
    dst = tmp_path / "corpus"
    shutil.copytree(BUNDLED_REPORTS_DIR, dst)
    return dst
