"""Stage 5: the static HTML indicator report, rebuilt after the marts."""

import dagster as dg

from orchestration.defs.automation import WHOLE_SLICE
from orchestration.defs.resources import WarehouseResource
from orchestration.report import build_report

MART_DEPS = [
    dg.AssetKey("fct_indicator_observations"),
    dg.AssetKey("indicator_series"),
    dg.AssetKey("target_tracking"),
    dg.AssetKey("revisions"),
    dg.AssetKey("quarantine"),
]


@dg.asset(
    group_name="report",
    deps=MART_DEPS,
    kinds={"html"},
    owners=["team:analysts"],
    tags={"layer": "report"},
    automation_condition=WHOLE_SLICE,  # in the same run as the marts it reads
)
def indicator_report(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Offline HTML report beside the warehouse (`<warehouse folder>/report/`): an index of areas,
    one page per area with a card and a year-over-year SVG chart per indicator (estimates hollow,
    derived values dashed, targets coloured by status, provenance on hover and click), and pages
    of targets, revisions, quarantined documents and documents. Reads the marts read-only."""
    out_dir = warehouse.root / "report"
    summary = build_report(warehouse.file, out_dir)
    context.log.info(f"report: {len(summary.pages)} pages, {summary.cards} cards in {out_dir}")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(summary.index)),
            "pages": dg.MetadataValue.int(len(summary.pages)),
            "cards": dg.MetadataValue.int(summary.cards),
            "areas": dg.MetadataValue.int(len(summary.regions)),
            "observations": dg.MetadataValue.int(summary.observations),
            "targets": dg.MetadataValue.int(sum(summary.targets.values())),
            "quarantined": dg.MetadataValue.int(summary.quarantined),
            "summary": dg.MetadataValue.md(summary.markdown()),
        }
    )
