"""`bureau crawl` and `bureau sources`: the publisher registry and crawling from the command line."""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from orchestration.cli import console


def cmd_sources(args: argparse.Namespace) -> int:
    from orchestration.acquire.publishers import PublisherConfigError, load_publishers

    try:
        pubs = load_publishers(args.registry)
    except PublisherConfigError as exc:
        console.print(f"[red]{exc}[/]")
        return 1
    t = Table(title="publisher registry")
    for col in ("id", "name", "region", "listing URLs", "poll"):
        t.add_column(col, overflow="fold")
    for p in pubs.values():
        poll = p.poll_cron or f"every {p.poll_interval_minutes} min"
        t.add_row(p.id, p.name, p.region_code or "", "\n".join(p.listing_urls), poll)
    Console(soft_wrap=True).print(t)
    return 0


def _print_plan(result) -> int:  # noqa: ANN001 - a CrawlResult
    """The dry run's plan on stdout: listing pages, reports it would fetch, next pages, refusals."""
    out = Console(soft_wrap=True, highlight=False)
    shown: set[str] = set()  # site chrome repeats on every page: show each skipped link once
    for page in result.listings:
        block = f" block {page.block}" if page.block else ""
        out.print(f"listing  {page.url}  [{page.outcome}{': ' + page.reason if page.reason else ''}]{block}")
        if page.next_page:
            out.print(f"next     {page.next_page}")
        for r in page.refused:
            if r.url in shown:
                continue
            shown.add(r.url)
            out.print(f"skipped  {r.url}  {r.text!r}: {r.reason}")
    fetch = [p for p in result.planned if p.action == "fetch"]
    refused = [p for p in result.planned if p.action != "fetch"]
    for p in fetch:
        note = f"  ({p.reason})" if p.reason else ""
        out.print(f"report   {p.url}  {p.text!r}{note}")
    for p in refused:
        out.print(f"refused  {p.url}  {p.text!r}: {p.reason}")
    failed = [p for p in result.listings if p.outcome in ("failed", "refused")]
    console.print(
        f"dry run: {len(fetch)} report(s) would be fetched, {len(refused)} refused, "
        f"{len(result.listings)} listing page(s) read ({len(failed)} unreadable); no report was fetched"
    )
    return 3 if failed else 0


def cmd_crawl(args: argparse.Namespace) -> int:
    from orchestration.acquire.crawl_session import crawl_dry_run
    from orchestration.acquire.publishers import PublisherConfigError, publisher_for, with_link_rules
    from orchestration.cli.progress import LoadProgress
    from orchestration.runs.crawl import crawl_and_load
    from orchestration.settings import warehouse_path
    from orchestration.warehouse.connections import WarehouseBusy

    try:
        publisher = with_link_rules(
            publisher_for(args.urls, args.allow_private), args.report_selector, args.report_pattern
        )
    except PublisherConfigError as exc:
        console.print(f"[red]error:[/] {exc}")
        return 2
    if args.dry_run:
        result = crawl_dry_run(
            args.urls,
            warehouse_path(args.warehouse),
            max_pages=args.max_pages,
            allow_private=args.allow_private,
            publisher=publisher,
        )
        return _print_plan(result)

    sink = sys.stderr if args.verbose else io.StringIO()  # dbt's echo, shown with -v
    try:
        with (
            LoadProgress(console, quiet=args.quiet, crawl=True) as progress,
            contextlib.redirect_stdout(sink),
        ):
            summary = crawl_and_load(
                args.urls,
                warehouse_path(args.warehouse),
                max_pages=args.max_pages,
                allow_private=args.allow_private,
                progress=progress,
                publisher=publisher,
            )
    except WarehouseBusy as exc:
        console.print(f"[red]error:[/] {exc}")
        return 1
    t = Table(title="crawl")
    t.add_column("outcome")
    t.add_column("count", justify="right")
    for key in ("found", "new", "changed", "unchanged", "failed", "refused", "listing_pages", "requests"):
        t.add_row(key, str(summary.counts.get(key, 0)))
    load = summary.load
    t.add_row("quarantined", str(len(load.quarantined)) if load else "0")
    t.add_row("observations in marts", str(load.observations) if load else "0")
    console.print(t)
    for url, reason in summary.failures:
        console.print(f"[yellow]failed[/]   {url}: {reason}")
    for url, reason in summary.refused:
        console.print(f"[dim]refused  {url}: {reason}[/]")
    for uri, reason in load.quarantined if load else []:
        console.print(f"[yellow]quarantined[/] {uri}: {reason}")
    for uri, warning in load.warnings if load else []:
        console.print(f"[yellow]warning[/] {uri}: {warning}")
    if load and load.failed:
        console.print(f"[red]failed:[/] {load.failed}")
    return summary.exit_code


def _config(args: argparse.Namespace):
    from orchestration.acquire.fetch_config import FetchConfig

    overrides = {"allow_private_addresses": args.allow_private}
    if args.rate:
        overrides["requests_per_second"] = args.rate
    if args.max_mb:
        overrides["max_bytes"] = int(args.max_mb * 1024 * 1024)
    return FetchConfig(**overrides)


def register(sub, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "crawl",
        parents=parents,
        help="crawl listing pages, fetch new reports, load them and rebuild the marts",
    )
    p.add_argument("urls", nargs="+", metavar="URL", help="listing page(s) to start from")
    p.add_argument("--max-pages", type=int, default=None, help="listing pages to follow per start URL")
    p.add_argument(
        "--allow-private",
        action="store_true",
        help="allow private/loopback addresses (for a bureau site on your own network or a test server)",
    )
    p.add_argument(
        "--rate",
        type=float,
        default=None,
        metavar="RPS",
        help="requests per second per host (default 1; robots.txt Crawl-delay can lower it)",
    )
    p.add_argument(
        "--max-mb", type=float, default=None, help="refuse responses larger than this (default 20)"
    )
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="read the listing pages only and print the reports it would fetch, the next pages, "
        "and every link it would not take and why; fetches no report, writes nothing",
    )
    p.add_argument(
        "--report-selector",
        metavar="CSS",
        default=None,
        help="one-off: report links are the links inside these elements (instead of the listing finder)",
    )
    p.add_argument(
        "--report-pattern",
        metavar="REGEX",
        default=None,
        help="one-off: report links are the links whose absolute URL matches this regular expression",
    )
    p.add_argument("--warehouse", metavar="FILE")
    p.set_defaults(func=cmd_crawl)

    p = sub.add_parser("sources", parents=parents, help="list the publisher registry")
    p.add_argument("--registry", type=Path, default=None, help="a publishers YAML file (default: bundled)")
    p.set_defaults(func=cmd_sources)
