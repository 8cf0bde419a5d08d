"""Fixtures of the reliability tests: a fixed small corpus and one uninterrupted reference load."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.reliability import harness as h

SMALL = [
    "001_xiamen_sti_2022_summary.txt",
    "003_xiamen_sti_2019_summary.txt",
    "010_xiamen_gov_work_report_2024.txt",
]


@dataclass
class Reference:
    files: list[Path]
    warehouse: Path
    duration: float
    checksums: dict
    per_doc: dict


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory) -> list[Path]:
    """Three bundled reports (with the manifest) at a fixed path for the whole session:
    source URIs are absolute paths, so every load in a comparison must use the same files."""
    root = tmp_path_factory.mktemp("corpus")
    (root / "reports").mkdir()
    for name in SMALL:
        shutil.copy(h.REPORTS / name, root / "reports" / name)
    shutil.copy(h.BUNDLED_REPORTS_DIR / "manifest.csv", root / "manifest.csv")
    return [root / "reports" / n for n in SMALL]


@pytest.fixture(scope="session")
def reference(tmp_path_factory, small_corpus, dbt_manifest) -> Reference:
    """`bureau load` of the small corpus, uninterrupted, into a fresh warehouse."""
    wh = tmp_path_factory.mktemp("reference") / "w.duckdb"
    t0 = time.monotonic()
    res = h.run_bureau("load", *map(str, small_corpus), "--warehouse", str(wh), "-q")
    took = time.monotonic() - t0
    assert res.returncode == 0, res.stderr
    return Reference(small_corpus, wh, took, h.mart_checksums(wh), h.per_document_state(wh))


def fresh_copy(ref: Reference, dst: Path) -> Path:
    """A copy of the reference warehouse folder (warehouse, published copy, archive, intake)."""
    shutil.copytree(ref.warehouse.parent, dst)
    return dst / ref.warehouse.name
