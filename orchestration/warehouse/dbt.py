"""The dbt project as Dagster sees it, and the manifest preparer.

Kept in its own module so that nothing parses dbt at import time: the CLI and
the tests call `prepare_manifest()` first; `dagster dev` prepares it through
`prepare_if_dev()`.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from dagster_dbt import DbtProject

from orchestration.settings import DBT_PROJECT_DIR

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)

_WATCHED = ("models", "seeds", "macros", "tests", "dbt_project.yml", "profiles.yml")


def _newest_source_mtime(project_dir: Path = DBT_PROJECT_DIR) -> float:
    # Folders count too: deleting or renaming a model changes only its folder's mtime, and a
    # manifest that still lists the deleted model would give Dagster an asset dbt cannot build.
    newest = 0.0
    for name in _WATCHED:
        p = project_dir / name
        if not p.exists():
            continue
        for f in [p, *p.rglob("*")] if p.is_dir() else [p]:
            newest = max(newest, f.stat().st_mtime)
    return newest


def manifest_is_stale() -> bool:
    m = dbt_project.manifest_path
    return not m.exists() or m.stat().st_mtime < _newest_source_mtime()


def dbt_executable() -> str:
    """The dbt beside the running interpreter, else the one on PATH.

    Cron, systemd timers and `.venv/bin/bureau` called by its path run without the
    virtual environment on PATH: the environment's own dbt is the one to use.
    """
    beside = Path(sys.executable).with_name("dbt")
    return str(beside) if beside.exists() else shutil.which("dbt") or "dbt"


def prepare_manifest(force: bool = False) -> Path:
    """Run `dbt parse` when the manifest is missing or older than the project files.

    A plain `dbt parse` subprocess rather than dagster-dbt's preparer, which first runs
    `dbt --version` and loads an in-process adapter (~10 s more). Processes preparing at
    the same time take turns on a lock file; the parse keeps its own target folder (and
    so dbt's partial-parse cache) and the manifest is moved into place atomically, so a
    reader never sees half a manifest.
    """
    manifest = dbt_project.manifest_path
    if not (force or manifest_is_stale()):
        return manifest
    manifest.parent.mkdir(parents=True, exist_ok=True)
    with open(manifest.parent / ".prepare.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not force and not manifest_is_stale():  # another process just prepared it
            return manifest
        parse_target = manifest.parent / "parse"
        cmd = [dbt_executable(), "parse", "--quiet", "--target-path", str(parse_target)]
        cmd += ["--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)]
        done = subprocess.run(cmd, cwd=DBT_PROJECT_DIR, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"dbt parse failed:\n{done.stdout}{done.stderr}")
        staged = manifest.with_name(f".manifest-{os.getpid()}.json")
        shutil.copyfile(parse_target / "manifest.json", staged)
        os.replace(staged, manifest)
    return manifest


def prepare_if_dev() -> None:
    """Under `dagster dev`, re-parse on every code-location load (models may have changed)."""
    if os.environ.get("DAGSTER_IS_DEV_CLI"):
        prepare_manifest()


@contextlib.contextmanager
def warehouse_env(warehouse: Path) -> Iterator[None]:
    """Point dbt's profile (env `BUREAU_WAREHOUSE`) at `warehouse` for the duration."""
    old = os.environ.get("BUREAU_WAREHOUSE")
    os.environ["BUREAU_WAREHOUSE"] = str(warehouse)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("BUREAU_WAREHOUSE", None)
        else:
            os.environ["BUREAU_WAREHOUSE"] = old
