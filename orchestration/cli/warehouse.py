"""`bureau build | load | query | extract | evaluate`: the warehouse and the extractor."""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import sys
from decimal import Decimal
from pathlib import Path

from rich.markup import escape
from rich.table import Table

from orchestration.cli import (
    EXIT_FAIL,
    EXIT_NOTHING,
    EXIT_OK,
    EXIT_QUARANTINE,
    EXIT_USAGE,
    console,
    out,
    warehouse_arg,
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
    for uri, warning in summary.warnings:
        console.print(f"[yellow]warning[/] {uri}: {warning}")
    for problem in summary.problems:
        console.print(f"[yellow]skipped[/] {problem}")
    for uri, doc, code, measure, value, flags, evidence in summary.flagged:
        line = f"{uri} ({doc}) {code} {measure}={value:g} quality_flags={flags}: {evidence}"
        console.print("[yellow]flagged[/] " + escape(line), highlight=False)
    if summary.failed:
        console.print(f"[red]failed:[/] {summary.failed}")


def _run_load(args, paths: list[Path] | None) -> int:
    from orchestration.acquire.intake import discover_files
    from orchestration.cli.progress import LoadProgress
    from orchestration.runs import load as pipeline
    from orchestration.warehouse.connections import WarehouseBusy

    if paths is not None:
        # A typo in a path is a usage error, found before anything is loaded.
        missing = [str(p) for p in paths if not p.expanduser().exists()]
        if missing:
            console.print(
                f"[red]error:[/] no such file or folder: {', '.join(missing)}; check the path (nothing was loaded)",
                highlight=False,
            )
            return EXIT_USAGE
        if not discover_files(paths)[0]:
            console.print(
                f"nothing to load: no .txt/.html/.pdf report under {', '.join(map(str, paths))} "
                "(the warehouse is unchanged)",
                highlight=False,
            )
            return EXIT_NOTHING

    # dagster-dbt echoes dbt's log to stdout; keep stdout for results, show the log with -v.
    sink = sys.stderr if args.verbose else io.StringIO()
    try:
        with LoadProgress(console, quiet=args.quiet) as progress, contextlib.redirect_stdout(sink):
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
    if isinstance(v, bytes | bytearray | memoryview):
        return bytes(v).hex()
    if isinstance(v, list | tuple):
        return [_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if v is None or isinstance(v, bool | int | float | str):
        return v
    return str(v)  # UUID, interval, ...: their text


def _one_line(exc: BaseException) -> str:
    """An error message on one line: DuckDB's caret diagrams and hints folded in."""
    return " ".join(str(exc).split())


def _write_out(res, target: Path, fmt: str | None, bom: bool) -> int:
    """Write a query result to `target` as Parquet or CSV (by suffix unless `fmt` says)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    kind = fmt or {".parquet": "parquet", ".csv": "csv", ".tsv": "csv"}.get(target.suffix.lower())
    if kind not in ("parquet", "csv"):
        console.print(
            f"[red]error:[/] cannot tell the format of {target}: name it .parquet or .csv (or give --format csv)",
            highlight=False,
        )
        return EXIT_USAGE
    columns = {
        c: [_jsonable(r[i]) if kind == "csv" else r[i] for r in res.rows] for i, c in enumerate(res.columns)
    }
    table = pa.table(columns) if res.columns else pa.table({})
    target.parent.mkdir(parents=True, exist_ok=True)
    if kind == "parquet":
        pq.write_table(table, target)
    else:
        with target.open("wb") as fh:
            if bom:  # Excel reads UTF-8 (Chinese names) only with the byte-order mark
                fh.write("\ufeff".encode())
            pacsv.write_csv(table, fh)
    return EXIT_OK


def cmd_query(args) -> int:
    from orchestration.settings import warehouse_path
    from orchestration.warehouse.query import QueryRefused, WarehouseLocked, run_query

    if args.file:
        try:
            sql = Path(args.file).read_text(encoding="utf-8")
        except FileNotFoundError:
            console.print(
                f"[red]error:[/] no SQL file {args.file}: check the path, or give the SQL as an argument"
            )
            return EXIT_USAGE
        except (OSError, UnicodeDecodeError) as exc:
            console.print(f"[red]error:[/] cannot read SQL file {args.file}: {_one_line(exc)}")
            return EXIT_USAGE
    elif args.sql:
        sql = args.sql
    else:
        console.print("[red]error:[/] give SQL as an argument or with -f FILE")
        return EXIT_USAGE
    try:
        res = run_query(sql, warehouse_path(args.warehouse))
    except QueryRefused as exc:
        hint = "; fix the SQL" if str(exc).startswith("cannot parse") else ""
        console.print(f"[red]error:[/] {_one_line(exc)}{hint}", highlight=False)
        return EXIT_USAGE
    except FileNotFoundError as exc:
        console.print(f"[red]error:[/] {_one_line(exc)} (or pass --warehouse FILE)", highlight=False)
        return EXIT_FAIL
    except WarehouseLocked as exc:
        console.print(f"[red]error:[/] {_one_line(exc)}", highlight=False)
        return EXIT_FAIL
    except Exception as exc:  # noqa: BLE001 - SQL errors are the user's, show them plainly
        console.print(
            f"[red]error:[/] query failed: {_one_line(exc)}; fix the SQL "
            '(tables: bureau query "select table_schema, table_name from information_schema.tables")',
            highlight=False,
        )
        return EXIT_FAIL
    if args.out:
        code = _write_out(res, Path(args.out), args.format if args.format == "csv" else None, args.bom)
        if code == EXIT_OK and not args.quiet:
            console.print(f"{len(res.rows)} row(s) written to {Path(args.out).resolve()}", highlight=False)
        return code
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
    for warning in doc.warnings:
        console.print(f"[yellow]warning[/] {path}: {warning}")
    row = read_manifest(path.parent).get(str(path)) or read_manifest(path.parent.parent).get(str(path))
    ctx = DocumentContext.from_metadata(inferred=doc, manifest=row)
    for f in extract_facts(doc.text, ctx):
        rec = {k: _jsonable(getattr(f, k)) for k in f.__slots__}
        rec["value"] = _decimal_text(f.value)
        if f.value_high is not None:
            rec["value_high"] = _decimal_text(f.value_high)
        out.print(json.dumps(rec, ensure_ascii=False), highlight=False)
    return EXIT_OK


def cmd_evaluate(args) -> int:
    from orchestration.bench import evaluate

    argv = ["--gold", args.gold] + (["--corpus", args.corpus] if args.corpus else [])
    argv += ["--verbose"] if args.verbose else []
    return evaluate.main(argv)


def register(sub, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "build", parents=parents, help="build the warehouse from the bundled reports in seeds/"
    )
    warehouse_arg(p)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser(
        "load",
        parents=parents,
        help="load report files or folders (.txt .html .pdf .docx .doc .wps .xlsx .xls .csv) and rebuild the marts",
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    warehouse_arg(p)
    p.set_defaults(func=cmd_load)

    p = sub.add_parser("query", parents=parents, help="run read-only SQL against the warehouse")
    p.add_argument("sql", nargs="?", help="the SQL (or use -f FILE)")
    p.add_argument("-f", "--file", help="read the SQL from FILE")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("--out", metavar="FILE", help="write the result to FILE: .parquet or .csv")
    p.add_argument("--bom", action="store_true", help="with --out x.csv: start with a UTF-8 BOM (for Excel)")
    warehouse_arg(p)
    p.set_defaults(func=cmd_query)

    p = sub.add_parser(
        "extract", parents=parents, help="print the facts of one report as JSON lines (no warehouse)"
    )
    p.add_argument("file")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser(
        "evaluate", parents=parents, help="precision/recall/F1 of parse+extract against gold CSVs"
    )
    p.add_argument("--gold", required=True, help="folder of <stem>.csv gold files")
    p.add_argument("--corpus", help="folder of the reports (default: seeds/reports)")
    p.set_defaults(func=cmd_evaluate)
