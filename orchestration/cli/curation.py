"""`bureau exclude`, `bureau include`, `bureau remove`: people's decisions about whole documents.

Each runs the `curate_documents` job (the one the Dagster UI launches with config) and
rebuilds the marts; each is idempotent. DOCUMENT is a document id, a source URL or path,
or a file name (every version loaded from such a file).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from pathlib import Path

from orchestration.cli import console


def _run(args: argparse.Namespace, action: str) -> int:
    from orchestration.runs import load as pipeline
    from orchestration.warehouse.connections import WarehouseBusy

    sink = sys.stderr if args.verbose else io.StringIO()  # dbt's echo, shown with -v
    try:
        with contextlib.redirect_stdout(sink):
            message, summary = pipeline.curate(
                action,
                args.document,
                args.warehouse and Path(args.warehouse),
                reason=getattr(args, "reason", "") or "",
                purge=getattr(args, "purge", False),
            )
    except WarehouseBusy as exc:
        console.print(f"[red]error:[/] {exc}")
        return 1
    if summary.failed:
        console.print(f"[red]error:[/] {summary.failed}")
        return 1
    if not args.quiet:
        console.print(message, highlight=False)
        n = summary.mart_rows.get("fct_indicator_observations")
        if n is not None:
            console.print(
                f"[dim]marts rebuilt: {n} observations, {summary.mart_rows.get('exclusions', 0)} "
                "excluded document(s) (marts.exclusions)[/]"
            )
    return 0


def register(sub, parents: list[argparse.ArgumentParser]) -> None:
    def warehouse(p: argparse.ArgumentParser) -> None:
        p.add_argument("--warehouse", metavar="FILE", help="warehouse file (default: env BUREAU_WAREHOUSE)")

    p = sub.add_parser(
        "exclude",
        parents=parents,
        help="take a document out of every mart (raw rows and archive kept; exclusions.csv)",
    )
    p.add_argument("document", metavar="DOCUMENT", help="document id, source URL or path, or file name")
    p.add_argument("--reason", default="", metavar="TEXT", help="why (kept in marts.exclusions)")
    warehouse(p)
    p.set_defaults(func=lambda a: _run(a, "exclude"))

    p = sub.add_parser("include", parents=parents, help="bring an excluded document back into the marts")
    p.add_argument("document", metavar="DOCUMENT")
    warehouse(p)
    p.set_defaults(func=lambda a: _run(a, "include"))

    p = sub.add_parser(
        "remove", parents=parents, help="delete a document from the raw tables and marts (archive kept)"
    )
    p.add_argument("document", metavar="DOCUMENT")
    p.add_argument("--purge", action="store_true", help="also delete its archived bytes")
    warehouse(p)
    p.set_defaults(func=lambda a: _run(a, "remove"))
