"""The Dagster identities other systems depend on, as a snapshot (dagster-open-platform style).

Persistent `DAGSTER_HOME` history, the committed `dagster.yaml` and people's bookmarks in the UI
refer to asset keys, groups, check names and job / sensor / schedule names. A refactor of the
wiring must leave all of them as they are: this test compares them with
`definitions_snapshot.json`. When a change is intended, regenerate the file with
`uv run python tests/unit/defs/test_definitions_snapshot.py` and review the diff.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

SNAPSHOT = Path(__file__).with_name("definitions_snapshot.json")


def current_snapshot() -> dict:
    """Every identity of the code location, sorted, as plain JSON data."""
    from orchestration.definitions import defs

    graph = defs.resolve_asset_graph()
    assets = {}
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        assets[key.to_user_string()] = {
            "group": node.group_name,
            "deps": sorted(p.to_user_string() for p in node.parent_keys),
            "partitions": node.partitions_def.name if node.partitions_def is not None else None,
            "materializable": node.is_materializable,
            "pools": sorted(getattr(node, "pools", None) or []),
            "automation": node.automation_condition.get_label() if node.automation_condition else None,
        }
    checks = sorted(f"{k.asset_key.to_user_string()}:{k.name}" for k in graph.asset_check_keys)
    return {
        "assets": assets,
        "asset_checks": checks,
        "jobs": sorted(j.name for j in defs.resolve_all_job_defs() if not j.name.startswith("__")),
        "sensors": sorted(s.name for s in defs.sensors or []),
        "schedules": sorted(s.name for s in defs.schedules or []),
    }


def test_definitions_match_snapshot(dbt_manifest):
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert current_snapshot() == expected, (
        "Dagster identities changed; if intended, regenerate "
        "tests/unit/defs/definitions_snapshot.json (see this module's docstring)"
    )


if __name__ == "__main__":
    from orchestration.warehouse.dbt import prepare_manifest

    prepare_manifest()  # as the test's fixture does: never snapshot a stale manifest
    SNAPSHOT.write_text(json.dumps(current_snapshot(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    sys.stdout.write(f"wrote {SNAPSHOT}\n")
