"""`bureau correct`, `bureau corrections` and `bureau review` (registered by orchestration.cli).

Corrections are data (orchestration/warehouse/corrections.py): `correct` appends one row to the
corrections file and rebuilds the marts so the change shows at once; `corrections`
lists every row with what became of it (applied, dropped, orphaned, ...); `review`
lists the rows of `marts.review_queue`, each with a ready `bureau correct` line.
Exit codes: 0 ok, 1 failure, 2 usage (what is wrong is said in one line).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
from rich.table import Table

from orchestration.cli import EXIT_FAIL, EXIT_OK, EXIT_USAGE, console, out, warehouse_arg


class NoWarehouse(RuntimeError):
    """No warehouse (or no marts in it) at the given path."""


@contextlib.contextmanager
def read_marts(warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """Read-only connection to the copy analysts read (published copy, else the file)."""
    from orchestration.warehouse.published import readable_copy

    if not warehouse.exists():
        raise NoWarehouse(
            f"no warehouse at {warehouse}: run `bureau build` or `bureau load`, or pass --warehouse"
        )
    con = duckdb.connect(str(readable_copy(warehouse)), read_only=True)
    try:
        yield con
    finally:
        con.close()


def _has_table(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    return bool(
        con.execute(
            "select 1 from information_schema.tables where table_schema = ? and table_name = ?",
            [schema, name],
        ).fetchone()
    )


def _error(msg: str, code: int = EXIT_FAIL) -> int:
    console.print(f"[red]error:[/] {msg}", highlight=False)
    return code


def _write_csv(columns: tuple[str, ...], rows) -> None:
    """`--format csv`: a header line and the rows on stdout, nothing else (for pipes)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    w.writerows(rows)
    sys.stdout.write(buf.getvalue())


def _rebuild(args, warehouse: Path) -> int:
    from orchestration.runs import load as pipeline
    from orchestration.warehouse.connections import WarehouseBusy

    if not getattr(args, "quiet", False):
        console.print("[dim]·[/] dbt build (applying corrections)")
    sink = sys.stderr if getattr(args, "verbose", 0) else io.StringIO()
    try:
        with contextlib.redirect_stdout(sink):
            summary = pipeline.rebuild_marts(warehouse)
    except WarehouseBusy as exc:
        return _error(str(exc))
    if summary.failed:
        return _error(f"the marts did not build: {summary.failed}")
    return EXIT_OK


def cmd_correct(args) -> int:
    from orchestration.settings import warehouse_path
    from orchestration.warehouse import corrections as corr

    warehouse = warehouse_path(args.warehouse)
    path = corr.corrections_path(warehouse)
    try:
        with read_marts(warehouse) as con:
            if not _has_table(con, "marts", "fct_indicator_observations"):
                raise NoWarehouse(
                    f"warehouse {warehouse} has no marts yet: run `bureau build` or `bureau load`"
                )
            correction = corr.build_correction(
                con,
                args.observation_id,
                reason=args.reason,
                by=args.by,
                value=args.value,
                unit=args.unit,
                indicator=args.indicator,
                region=args.region,
                year=args.year,
                kind=args.kind,
                drop=args.drop,
                previous=corr.read_file(path),
            )
    except corr.CorrectionError as exc:
        return _error(str(exc), EXIT_USAGE)
    except NoWarehouse as exc:
        return _error(str(exc))
    corr.append(path, correction)
    if not args.quiet:
        console.print(
            f"correction {correction.correction_id} ({correction.changes}) of {args.observation_id} "
            f"written to {path}",
            highlight=False,
        )
    if args.no_build:
        if not args.quiet:
            console.print("not applied yet: run `bureau corrections --apply` (or any build) to apply it")
        sys.stdout.write(f"{correction.correction_id}\n")
        return EXIT_OK
    code = _rebuild(args, warehouse)
    if code:
        return code
    with read_marts(warehouse) as con:
        status = con.execute(
            "select status, status_reason from marts.corrections where correction_id = ?",
            [correction.correction_id],
        ).fetchone()
    if not args.quiet and status:
        console.print(f"status: [bold]{status[0]}[/]" + (f" ({status[1]})" if status[1] else ""))
    sys.stdout.write(f"{correction.correction_id}\n")
    return EXIT_OK


CORRECTION_COLUMNS = (
    "correction_id",
    "status",
    "changes",
    "indicator_code",
    "region_code",
    "period_year",
    "original_value",
    "corrected_value",
    "reason",
    "corrected_by",
    "corrected_at",
    "observation_id",
    "status_reason",
)


def cmd_corrections(args) -> int:
    from orchestration.settings import warehouse_path
    from orchestration.warehouse import corrections as corr

    warehouse = warehouse_path(args.warehouse)
    path = corr.corrections_path(warehouse)
    if args.apply:
        code = _rebuild(args, warehouse)
        if code:
            return code
    in_file = corr.read_file(path)
    try:
        with read_marts(warehouse) as con:
            rows = []
            if _has_table(con, "marts", "corrections"):
                cur = con.execute(
                    f"select {', '.join(CORRECTION_COLUMNS)} from marts.corrections order by line"
                )
                rows = [list(r) for r in cur.fetchall()]
    except NoWarehouse:
        rows = []
    seen = {r[0] for r in rows}
    for r in in_file:  # written since the last build: in the file, not yet in the marts
        if r.get("correction_id") not in seen:
            rows.append(
                [r.get("correction_id"), "pending", corr.describe_changes(r), r.get("indicator_code"), r.get("region_code"),
                 r.get("period_year"), r.get("value"), None, r.get("reason"), r.get("corrected_by"),
                 r.get("corrected_at"), r.get("observation_id"), "run `bureau corrections --apply`"]
            )  # fmt: skip
    if args.format == "csv":
        _write_csv(CORRECTION_COLUMNS, rows)
    else:
        t = Table(title=f"corrections in {path}", show_header=True, header_style="bold")
        for c in ("id", "status", "changes", "observation", "original → now", "reason", "by, at"):
            t.add_column(c, overflow="fold")
        for r in rows:
            rec = dict(zip(CORRECTION_COLUMNS, r, strict=True))
            status = rec["status"]
            style = {"orphaned": "yellow", "invalid": "red", "pending": "cyan"}.get(status)
            t.add_row(
                rec["correction_id"] or "",
                f"[{style}]{status}[/]" if style else status,
                rec["changes"] or "",
                f"{rec['indicator_code'] or ''} {rec['region_code'] or ''} {rec['period_year'] or ''}",
                f"{_num(rec['original_value'])} → {_num(rec['corrected_value'])}",
                rec["reason"] or "",
                f"{rec['corrected_by'] or ''}, {str(rec['corrected_at'] or '')[:16]}",
            )
        out.print(t)
        for r in rows:
            if r[1] in ("orphaned", "invalid", "pending"):
                console.print(f"[yellow]{r[1]}[/] {r[0]}: {r[12]}", highlight=False)
    orphaned = sum(1 for r in rows if r[1] == "orphaned")
    if orphaned and not args.quiet:
        console.print(
            f"[yellow]{orphaned} orphaned[/]: no number at their span with their text any more "
            "(kept in the file; see status_reason)"
        )
    return EXIT_OK


def _num(v) -> str:
    if v is None or v == "":
        return "–"
    try:
        f = float(v)
    except (TypeError, ValueError):
        return str(v)
    return f"{f:g}" if abs(f) < 1e15 else str(v)


REVIEW_COLUMNS = (
    "review_reason",
    "region_code",
    "indicator_code",
    "period_year",
    "value",
    "unit",
    "detail",
    "evidence",
    "suggested_command",
)


def cmd_review(args) -> int:
    from orchestration.settings import warehouse_path

    warehouse = warehouse_path(args.warehouse)
    where, params = [], []
    if args.region:
        where.append("region_code = ?")
        params.append(args.region)
    if args.indicator:
        where.append("indicator_code = ?")
        params.append(args.indicator)
    sql = (
        f"select {', '.join(REVIEW_COLUMNS)} from marts.review_queue"
        + (f" where {' and '.join(where)}" if where else "")
        + " order by priority, region_code, indicator_code, period_year, review_reason"
    )
    try:
        with read_marts(warehouse) as con:
            if not _has_table(con, "marts", "review_queue"):
                return _error(
                    f"warehouse {warehouse} has no marts.review_queue: run `bureau build` or `bureau load`"
                )
            rows = con.execute(sql, params).fetchall()
    except NoWarehouse as exc:
        return _error(str(exc))
    if args.format == "csv":
        _write_csv(REVIEW_COLUMNS, rows)
        return EXIT_OK
    if not rows:
        console.print("nothing to review" + (" for this filter" if where else ""))
        return EXIT_OK
    for r in rows:
        rec = dict(zip(REVIEW_COLUMNS, r, strict=True))
        out.print(
            f"[bold]{rec['review_reason']}[/] {rec['region_code']} {rec['indicator_code']} "
            f"{rec['period_year']}: {rec['detail']}",
            highlight=False,
        )
        out.print(f"  “{rec['evidence']}”", highlight=False)
        out.print(f"  [green]{rec['suggested_command']}[/]", highlight=False, markup=True)
    if not args.quiet:
        console.print(f"{len(rows)} row(s) to review; edit the change and reason of a line, then run it")
    return EXIT_OK


def register(subparsers, parents: list[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "correct",
        parents=parents,
        help="correct or drop one observation (a row in corrections.csv, re-applied on every build)",
        description="Write one correction of an observation to the corrections file "
        "(corrections.csv beside the warehouse, or env BUREAU_CORRECTIONS) and rebuild the marts. "
        "The correction is keyed by the document's sha256, the character span and the text read "
        "there, so it survives re-extraction.",
    )
    p.add_argument(
        "observation_id",
        metavar="OBSERVATION_ID",
        help="from bureau review or marts.fct_indicator_observations",
    )
    change = p.add_argument_group("what to change (one or more; or --drop)")
    change.add_argument(
        "--value", metavar="V", help="the right value in base units, or with 万/亿 (183.58亿)"
    )
    change.add_argument("--unit", metavar="U", help="the right unit (CNY, count, percent, rank, ...)")
    change.add_argument("--indicator", metavar="CODE", help="the right catalog indicator code")
    change.add_argument("--region", metavar="CODE", help="the right GB/T 2260 area code")
    change.add_argument("--year", metavar="Y", type=int, help="the right year")
    change.add_argument("--kind", metavar="K", help="actual | estimate | target")
    change.add_argument(
        "--drop", action="store_true", help="remove the row from the marts (kept in marts.corrections)"
    )
    p.add_argument("--reason", metavar="TEXT", required=True, help="why (required; kept with the row)")
    p.add_argument("--by", metavar="NAME", help="who corrects (default: env BUREAU_USER or the login name)")
    p.add_argument(
        "--no-build",
        action="store_true",
        help="only write the row; apply later with `bureau corrections --apply`",
    )
    warehouse_arg(p)
    p.set_defaults(func=cmd_correct)

    p = subparsers.add_parser(
        "corrections",
        parents=parents,
        help="list the corrections and what became of each (orphaned ones marked)",
    )
    p.add_argument(
        "--apply", action="store_true", help="rebuild the marts first, applying the file as it is now"
    )
    p.add_argument("--format", choices=["table", "csv"], default="table")
    warehouse_arg(p)
    p.set_defaults(func=cmd_corrections)

    p = subparsers.add_parser(
        "review", parents=parents, help="rows worth a human look, each with a ready `bureau correct` line"
    )
    p.add_argument("--region", metavar="CODE", help="only this area (GB/T 2260 code)")
    p.add_argument("--indicator", metavar="CODE", help="only this indicator")
    p.add_argument("--format", choices=["text", "csv"], default="text")
    warehouse_arg(p)
    p.set_defaults(func=cmd_review)
