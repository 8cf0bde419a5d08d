"""What a document partition's page in the Dagster UI shows about that one document.

Partition keys stay `d` + 16 hex of the sha256 (stable, content-addressed); these
entries make a partition readable: its title, area, covered year and source, and its
own counts (the run-level totals sit beside them when a run covered many documents).
Kept small: they ride on one materialization event per document per stage.
"""

from __future__ import annotations

from orchestration.catalog import region_by_code


def area_label(region_code: str | None) -> str:
    if not region_code:
        return "-"
    region = region_by_code().get(region_code)
    return f"{region.name} ({region_code})" if region else region_code


def document_entries(
    title: str | None, region_code: str | None, covered_year: int | None, source: str | None
) -> dict[str, str]:
    return {
        "document title": title or "-",
        "document area": area_label(region_code),
        "document covered year": str(covered_year) if covered_year else "-",
        "document source": source or "-",
    }
