"""`bureau bench`: how fast the pipeline is and how its cost grows, on a synthetic corpus.

bureau bench --docs 100 1000 10000 --json bench/results.json
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from rich.console import Console
from rich.table import Table

TARGETS = {
    "extraction_mb_per_s": ">= 5",
    "bare_scan_ratio": "<= 10",
    "build_seconds": "<= 300 at 10,000",
    "peak_rss_mb": "<= 2048",
    "add_one_seconds": "<= 15 at 10,000",
    "add_one_ratio": "<= 1.5",
    "query_ms_median": "<= 100",
    "strict_f1": ">= 0.98",
}


def render(data: dict) -> Table:
    ns = list(data["build_seconds"])
    t = Table(title=f"bureau bench (seed {data['seed']}, {data['machine']['cpus']} CPUs)", show_header=True)
    t.add_column("figure")
    for n in ns:
        t.add_column(f"N={int(n):,}", justify="right")
    t.add_column("target")

    def row(label: str, key: str, fmt: str = "{}") -> None:
        t.add_row(label, *(fmt.format(data[key][n]) for n in ns), TARGETS.get(key, ""))

    def single(label: str, value: str, key: str) -> None:
        t.add_row(label, *([""] * (len(ns) - 1)), value, TARGETS.get(key, ""))

    row("corpus (MB)", "corpus_mb", "{:.1f}")
    row("full build (s)", "build_seconds", "{:.1f}")
    row("full build CPU (s, user+sys)", "build_cpu_seconds", "{:.1f}")
    row("peak RSS (MB)", "peak_rss_mb", "{:.0f}")
    row("add one report (s)", "add_one_seconds", "{:.1f}")
    row("strict F1", "strict_f1", "{:.4f}")
    marts = data["mart_rows"][ns[-1]]
    for name in (
        "fct_indicator_observations",
        "dim_documents",
        "indicator_series",
        "indicator_yoy",
        "target_tracking",
        "unmapped_facts",
    ):
        if name in marts:
            t.add_row(f"rows {name}", *(f"{data['mart_rows'][n].get(name, 0):,}" for n in ns), "")
    ratio = data["add_one_ratio"]
    single("add-one ratio N_max/N_min", "-" if ratio is None else f"{ratio:.2f}", "add_one_ratio")
    single("extraction (MB/s, 1 core)", f"{data['extraction_mb_per_s']:.2f}", "extraction_mb_per_s")
    single("extraction / bare re scan", f"{data['bare_scan_ratio']:.1f}x", "bare_scan_ratio")
    for name, ms in data["query_ms_median"].items():
        single(f"query {name} (ms, median)", f"{ms:.1f}", "query_ms_median")
    return t


def cmd_bench(args) -> int:
    from orchestration.bench.runner import run_bench, write_json

    console = Console(stderr=True, soft_wrap=True)

    def progress(msg: str) -> None:
        if not args.quiet:
            console.print(f"[dim]·[/] {msg}")

    if args.workdir:
        workdir = Path(args.workdir)
        tmp = None
    else:
        tmp = tempfile.TemporaryDirectory(prefix="bureau-bench-")
        workdir = Path(tmp.name)
    try:
        res = run_bench(
            args.docs, workdir, seed=args.seed, progress=progress, json_path=args.json and Path(args.json)
        )
    except RuntimeError as exc:
        console.print(f"[red]bench failed:[/] {exc}")
        return 1
    finally:
        if tmp is not None:
            tmp.cleanup()
    data = res.to_json()
    if args.json:
        write_json(res, Path(args.json))
    Console(soft_wrap=True).print(render(data))
    console.print(f"[dim]bench took {data['total_seconds']:.0f} s[/]")
    return 0


def register(subparsers, parents: list[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "bench", parents=parents, help="benchmark builds, add-one, queries and accuracy on synthetic reports"
    )
    p.add_argument(
        "--docs",
        type=int,
        nargs="+",
        default=[100, 1000, 10000],
        metavar="N",
        help="corpus sizes to build from an empty warehouse (default: 100 1000 10000)",
    )
    p.add_argument("--json", metavar="FILE", help="write the figures as JSON to FILE")
    p.add_argument(
        "--workdir", metavar="DIR", help="keep corpora and warehouses here (default: a temp folder)"
    )
    p.add_argument("--seed", type=int, default=7, help="synthetic corpus seed (default 7)")
    p.set_defaults(func=cmd_bench)
