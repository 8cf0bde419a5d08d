"""People's decisions about whole documents: exclude from the marts, include again, remove."""

from typing import Literal

import dagster as dg
from pydantic import Field

from orchestration.defs.partitions import WAREHOUSE_POOL, documents_partitions
from orchestration.defs.resources import WarehouseResource
from orchestration.warehouse import exclusions as ex
from orchestration.warehouse.connections import transaction


class CurationConfig(dg.Config):
    """What to do, to which document. Launch the `curate_documents` job with it from the UI."""

    action: Literal["sync", "exclude", "include", "remove"] = Field(
        default="sync",
        description="exclude: leave every mart (raw rows kept); include: come back; remove: delete from "
        "the raw tables and marts (archived bytes kept unless purge); sync: re-read exclusions.csv",
    )
    document: str = Field(default="", description="document id, source URL or path, or file name")
    reason: str = Field(default="", description="why (kept in exclusions.csv and marts.exclusions)")
    by: str = Field(default="", description="who decided (default: the user running it)")
    purge: bool = Field(default=False, description="remove: also delete the archived bytes")


@dg.asset(
    pool=WAREHOUSE_POOL,
    group_name="curation",
    kinds={"duckdb", "csv"},
    owners=["team:analysts"],
)
def document_exclusions(
    context: dg.AssetExecutionContext, config: CurationConfig, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """Documents people excluded from the marts (`raw.exclusions`, a copy of `exclusions.csv`
    beside the warehouse: who, when, why). An excluded document's rows leave every mart; its
    raw rows and archived bytes stay. `remove` deletes a document from the raw tables (and
    its partition), keeping its archived bytes unless `purge`. Idempotent: doing it twice
    changes nothing the second time."""
    root = warehouse.root
    outcome = None
    with warehouse.writer() as con, transaction(con):
        if config.action != "sync":
            try:
                matches = ex.resolve(con, root, config.document)
            except ex.UnknownDocument as exc:
                if config.action != "remove":
                    raise dg.Failure(description=str(exc), allow_retries=False) from None
                matches = []  # removing what is not there (any more) is done already
            if not matches:
                outcome = ex.Outcome(
                    "remove", [], [], f"nothing to remove: no document matches {config.document!r}"
                )
            elif config.action == "exclude":
                outcome = ex.exclude(root, matches, config.reason, config.by)
            elif config.action == "include":
                outcome = ex.include(root, matches)
            else:
                outcome = ex.remove(con, root, matches, config.purge)
        total = ex.sync_exclusions(con, root)
    if outcome and outcome.action == "remove":
        known = set(context.instance.get_dynamic_partitions(documents_partitions.name))
        for doc in outcome.changed:
            if doc in known:
                context.instance.delete_dynamic_partition(documents_partitions.name, doc)
    if outcome:
        context.log.info(outcome.message)
    return dg.MaterializeResult(
        metadata={
            "action": config.action,
            "documents": dg.MetadataValue.md(
                "\n".join(
                    f"- {m.document_id} `{m.source_uri}`" for m in (outcome.documents if outcome else [])
                )
                or "-"
            ),
            "changed": len(outcome.changed) if outcome else 0,
            "message": outcome.message if outcome else "exclusions.csv re-read",
            "excluded_total": total,
        }
    )
