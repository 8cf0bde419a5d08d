"""The published read-only copy of the warehouse: what analysts, the report and exports read.

A complete build publishes `<name>.published.duckdb` under the writer lock; readers use it, so a
read never holds a lock that would make the next writer fail.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from orchestration.warehouse.connections import mark_complete


def published_copy_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.stem + ".published" + warehouse.suffix)


def readable_copy(warehouse: Path) -> Path:
    """What analysts read: the copy published by the last complete build, else the file itself.

    Reading the published copy never holds a lock that would make the next writer fail.
    """
    published = published_copy_path(warehouse)
    return published if published.exists() else warehouse


def publish_read_copy(warehouse: Path) -> Path:
    """Copy the warehouse to `<name>.published.duckdb` atomically, for reads during later writes.

    Call with the writer lock held and no open connection, after a complete build, so the file is
    consistent; this also clears the flag a killed writer left (`warehouse.incomplete_marker`).
    """
    target = published_copy_path(warehouse)
    tmp = target.with_name(target.name + ".tmp")
    shutil.copyfile(warehouse, tmp)
    tmp.replace(target)
    mark_complete(warehouse)
    return target
