"""Analyst subcommands of `bureau`: `report`, `export` and `docs` (registered by orchestration.cli).

Summaries go to stderr, the paths written to stdout (one per line), so
`bureau export out/ | xargs ...` composes. Exit codes: 0 ok, 1 failure, 2 usage.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from rich.table import Table

from orchestration.cli import EXIT_FAIL, EXIT_OK, EXIT_USAGE, console, warehouse_arg


def _quiet(args) -> bool:
    return bool(getattr(args, "quiet", False))


def _print_paths(paths) -> None:
    for p in paths:
        sys.stdout.write(f"{p}\n")
    sys.stdout.flush()


def cmd_report(args) -> int:
    from orchestration.report import ReportDataError, build_report
    from orchestration.settings import warehouse_path

    warehouse = warehouse_path(args.warehouse)
    try:
        summary = build_report(warehouse, Path(args.out), region=args.region)
    except ValueError as exc:
        console.print(f"[red]error:[/] {exc}")
        return EXIT_USAGE
    except ReportDataError as exc:
        console.print(f"[red]error:[/] {exc}")
        return EXIT_FAIL
    if not _quiet(args):
        t = Table(title=f"report from {warehouse}", show_header=True)
        t.add_column("what")
        t.add_column("count", justify="right")
        t.add_row("pages", str(len(summary.pages)))
        t.add_row("areas", str(len(summary.regions)))
        t.add_row("indicator cards (charts)", str(summary.cards))
        t.add_row("observations", str(summary.observations))
        for status, n in sorted(summary.targets.items()):
            t.add_row(f"targets {status}", str(n))
        t.add_row("revisions", str(summary.revisions))
        t.add_row("rows to review", str(summary.review))
        t.add_row("quarantined documents", str(summary.quarantined))
        console.print(t)
        console.print(f"open [bold]{summary.index.resolve()}[/]")
    _print_paths(p.resolve() for p in summary.pages)
    return EXIT_OK


def cmd_export(args) -> int:
    from orchestration.settings import warehouse_path
    from orchestration.warehouse.export import ExportError, export_marts, row_counts

    warehouse = warehouse_path(args.warehouse)
    try:
        paths = export_marts(warehouse, Path(args.dir), fmt=args.format)
    except ExportError as exc:
        console.print(f"[red]error:[/] {exc}")
        return EXIT_FAIL
    if not _quiet(args):
        counts = row_counts(warehouse)
        t = Table(title=f"marts of {warehouse} -> {Path(args.dir).resolve()}", show_header=True)
        t.add_column("table")
        t.add_column("rows", justify="right")
        t.add_column("file")
        for p in paths:
            t.add_row(f"marts.{p.stem}", str(counts.get(p.stem, "")), p.name)
        console.print(t)
    _print_paths(p.resolve() for p in paths)
    return EXIT_OK


def cmd_docs(args) -> int:
    from orchestration.settings import warehouse_path
    from orchestration.warehouse.dbt_docs import DocsError, generate_docs, make_server

    warehouse = warehouse_path(args.warehouse)
    if not _quiet(args):
        console.print(f"[dim]·[/] dbt docs generate against {warehouse}")
    try:
        result = generate_docs(warehouse, Path(args.out))
    except DocsError as exc:
        console.print(f"[red]error:[/] {exc}")
        return EXIT_FAIL
    _print_paths(result.files)
    if not _quiet(args):
        console.print(
            f"dbt docs written to [bold]{result.out_dir}[/] "
            "(static_index.html opens offline; index.html needs a server: --serve)"
        )
    if args.serve:
        try:
            server = make_server(result.out_dir, args.port)
        except OSError as exc:
            console.print(f"[red]error:[/] cannot listen on 127.0.0.1:{args.port}: {exc}")
            return EXIT_FAIL
        host, port = server.server_address[:2]
        console.print(f"serving on [bold]http://{host}:{port}/[/] (Ctrl-C to stop)")
        with server, contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
    return EXIT_OK


def register(subparsers, parents: list[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "report", parents=parents, help="write the static HTML indicator report (offline, with charts)"
    )
    p.add_argument("--out", default="report", metavar="DIR", help="output folder (default: report/)")
    p.add_argument("--region", metavar="CODE", help="only this area (GB/T 2260 code, e.g. 350200)")
    warehouse_arg(p)
    p.set_defaults(func=cmd_report)

    p = subparsers.add_parser("export", parents=parents, help="write every mart as Parquet (or CSV) files")
    p.add_argument("dir", metavar="DIR", help="output folder")
    p.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    warehouse_arg(p)
    p.set_defaults(func=cmd_export)

    p = subparsers.add_parser(
        "docs", parents=parents, help="generate (and optionally serve) the dbt documentation site"
    )
    p.add_argument("--out", default="dbt-docs", metavar="DIR", help="output folder (default: dbt-docs/)")
    p.add_argument("--serve", action="store_true", help="serve the site on 127.0.0.1 after generating it")
    p.add_argument("--port", type=int, default=8080, help="port for --serve (default 8080; 0 = any free)")
    warehouse_arg(p)
    p.set_defaults(func=cmd_docs)
