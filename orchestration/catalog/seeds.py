"""Read a catalog CSV seed (`dbt_project/seeds/`) as rows: the same file dbt loads."""

from __future__ import annotations

import csv
from pathlib import Path


def seed_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a seed CSV, one dict per line, keyed by its header."""
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))
