"""`bureau`: build, load, query and inspect the indicator warehouse from the command line.

Exit codes: 0 ok; 3 some documents quarantined (the rest loaded, marts built);
1 failure; 2 usage.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import sys
import warnings
from decimal import Decimal
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_QUARANTINE = 0, 1, 2, 3

console = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)


def _warehouse_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--warehouse",
        metavar="FILE",
        help="warehouse file (default: env BUREAU_WAREHOUSE or warehouse/bureau.duckdb)",
    )


def _print_summary(summary, verbose: int) -> None:
    t = Table(title=f"warehouse {summary.warehouse}", show_header=True)
    t.add_column("what")
    t.add_column("count", justify="right")
    t.add_row("report files", str(summary.files))
    t.add_row("documents (new)", f"{summary.documents} ({summary.new_documents})")
    t.add_row("facts extracted", str(summary.facts))
    t.add_row("quarantined", str(len(summary.quarantined)))
    for name, n in sorted(summary.mart_rows.items()):
        if verbose or name in ("fct_indicator_observations", "dim_documents", "unmapped_facts", "quarantine"):
            t.add_row(f"marts.{name}", str(n))
    console.print(t)
    for uri, reason in summary.quarantined:
        console.print(f"[yellow]quarantined[/] {uri}: {reason}")
    for problem in summary.problems:
        console.print(f"[yellow]skipped[/] {problem}")
    for uri, doc, code, measure, value, flags, evidence in summary.flagged:
        line = f"{uri} ({doc}) {code} {measure}={value:g} quality_flags={flags}: {evidence}"
        console.print("[yellow]flagged[/] " + escape(line), highlight=False)
    if summary.failed:
        console.print(f"[red]failed:[/] {summary.failed}")


def _run_load(args, paths: list[Path] | None) -> int:
    from orchestration import pipeline
    from orchestration.warehouse import WarehouseBusy

    def progress(msg: str) -> None:
        if not args.quiet:
            console.print(f"[dim]·[/] {msg}")

    # dagster-dbt echoes dbt's log to stdout; keep stdout for results, show the log with -v.
    sink = sys.stderr if args.verbose else io.StringIO()
    try:
        with contextlib.redirect_stdout(sink):
            if paths is None:
                summary = pipeline.build_seeds(args.warehouse and Path(args.warehouse), progress=progress)
            else:
                summary = pipeline.load_paths(
                    paths, args.warehouse and Path(args.warehouse), progress=progress
                )
    except WarehouseBusy as exc:
        console.print(f"[red]error:[/] {exc}")
        return EXIT_FAIL
    if not args.quiet or summary.exit_code:
        _print_summary(summary, args.verbose)
    return summary.exit_code


def cmd_build(args) -> int:
    return _run_load(args, None)


def cmd_load(args) -> int:
    return _run_load(args, [Path(p) for p in args.paths])


def _jsonable(v):
    if isinstance(v, Decimal):
        return float(v)
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


def cmd_query(args) -> int:
    from orchestration.query import QueryRefused, WarehouseLocked, run_query
    from orchestration.settings import warehouse_path

    if args.file:
        sql = Path(args.file).read_text(encoding="utf-8")
    elif args.sql:
        sql = args.sql
    else:
        console.print("[red]error:[/] give SQL as an argument or with -f FILE")
        return EXIT_USAGE
    try:
        res = run_query(sql, warehouse_path(args.warehouse))
    except QueryRefused as exc:
        console.print(f"[red]{exc}[/]")
        return EXIT_USAGE
    except (WarehouseLocked, FileNotFoundError) as exc:
        console.print(f"[red]error:[/] {exc}")
        return EXIT_FAIL
    except Exception as exc:  # noqa: BLE001 - SQL errors are the user's, show them plainly
        console.print(f"[red]query failed:[/] {exc}")
        return EXIT_FAIL
    if args.format == "json":
        for row in res.rows:
            out.print(
                json.dumps(
                    {c: _jsonable(v) for c, v in zip(res.columns, row, strict=True)}, ensure_ascii=False
                ),
                highlight=False,
            )
    elif args.format == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(res.columns)
        w.writerows([[_jsonable(v) for v in r] for r in res.rows])
        sys.stdout.write(buf.getvalue())
    else:
        t = Table(show_header=True, header_style="bold")
        for c in res.columns:
            t.add_column(c, overflow="fold")
        for r in res.rows:
            t.add_row(*("" if v is None else str(_jsonable(v)) for v in r))
        out.print(t)
    return EXIT_OK


def _decimal_text(d: Decimal) -> str:
    """Exact, plain notation without trailing zeros: 17358000000.00 -> '17358000000'."""
    return format(d.normalize(), "f")


def cmd_extract(args) -> int:
    from orchestration.acquire.intake import read_manifest
    from orchestration.extract import DocumentContext, extract_facts
    from orchestration.parse import UnreadableDocument, parse_document

    path = Path(args.file).resolve()
    try:
        doc = parse_document(path.read_bytes(), source_uri=str(path))
    except (UnreadableDocument, OSError) as exc:
        console.print(f"[red]{path}:[/] {exc}")
        return EXIT_QUARANTINE
    row = read_manifest(path.parent).get(str(path)) or read_manifest(path.parent.parent).get(str(path)) or {}
    year = row.get("covered_year") or doc.covered_year
    ctx = DocumentContext(
        region_code=row.get("region_code") or doc.region_code,
        covered_year=int(year) if year else None,
        published_year=doc.published_date.year if doc.published_date else None,
    )
    for f in extract_facts(doc.text, ctx):
        rec = {k: _jsonable(getattr(f, k)) for k in f.__slots__}
        rec["value"] = _decimal_text(f.value)
        if f.value_high is not None:
            rec["value_high"] = _decimal_text(f.value_high)
        out.print(json.dumps(rec, ensure_ascii=False), highlight=False)
    return EXIT_OK


def cmd_evaluate(args) -> int:
    from orchestration import evaluate

    argv = ["--gold", args.gold] + (["--corpus", args.corpus] if args.corpus else [])
    argv += ["--verbose"] if args.verbose else []
    return evaluate.main(argv)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="bureau", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    ap.add_argument("-v", "--verbose", action="count", default=0, help="more detail")
    # -q/-v also after the subcommand; SUPPRESS keeps the global value when not given there
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help="print only errors"
    )
    common.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS, help="more detail")
    sub = ap.add_subparsers(dest="command", required=True)
    _add = sub.add_parser

    def add_parser(name: str, **kw) -> argparse.ArgumentParser:
        return _add(name, parents=[common], **kw)

    sub.add_parser = add_parser  # type: ignore[method-assign]

    p = sub.add_parser("build", help="build the warehouse from the bundled reports in seeds/")
    _warehouse_arg(p)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("load", help="load report files or folders (.txt .html .pdf) and rebuild the marts")
    p.add_argument("paths", nargs="+", metavar="PATH")
    _warehouse_arg(p)
    p.set_defaults(func=cmd_load)

    p = sub.add_parser("query", help="run read-only SQL against the warehouse")
    p.add_argument("sql", nargs="?", help="the SQL (or use -f FILE)")
    p.add_argument("-f", "--file", help="read the SQL from FILE")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    _warehouse_arg(p)
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("extract", help="print the facts of one report as JSON lines (no warehouse)")
    p.add_argument("file")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("evaluate", help="precision/recall/F1 of parse+extract against gold CSVs")
    p.add_argument("--gold", required=True, help="folder of <stem>.csv gold files")
    p.add_argument("--corpus", help="folder of the reports (default: seeds/reports)")
    p.set_defaults(func=cmd_evaluate)

    # Subcommands that live beside the feature they expose.
    from orchestration import analyst_cli, crawl_cli, curation_cli
    from orchestration.bench import cli as bench_cli

    for module in (crawl_cli, analyst_cli, bench_cli, curation_cli):
        module.register(sub)
    return ap


def main(argv: list[str] | None = None) -> int:
    warnings.filterwarnings("ignore", message=".*is currently in beta.*")
    warnings.filterwarnings("ignore", message=".*is currently in preview.*")
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and EXIT_USAGE
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
