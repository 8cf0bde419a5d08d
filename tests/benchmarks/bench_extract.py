"""Extraction throughput on one core, and its ratio to a bare number scan.

    uv run python tests/benchmarks/bench_extract.py [FILES...] [--repeat N]

Prints MB/s (UTF-8 bytes of text per second) of `extract_facts` over the
bundled corpus (or the given files), and how many times slower it is than a
bare `re.finditer(r"\\d+(?:\\.\\d+)?")` over the same text.  Targets: >= 5 MB/s
and <= 10x the bare scan.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from orchestration.extract import DocumentContext, extract_facts  # noqa: E402

BARE = re.compile(r"\d+(?:\.\d+)?")


def _texts(paths: list[str]) -> list[str]:
    files = [Path(p) for p in paths] or sorted((ROOT / "seeds" / "reports").glob("*.txt"))
    if not files:
        files = sorted((ROOT / "tests" / "data" / "corpus").glob("*.txt"))
    return [f.read_text(encoding="utf-8", errors="replace") for f in files]


def _time(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--scale", type=int, default=20, help="concatenate the corpus this many times")
    args = ap.parse_args(argv)
    texts = _texts(args.files) * args.scale
    ctx = DocumentContext(region_code="350200", covered_year=2023, published_year=2024)
    n_bytes = sum(len(t.encode("utf-8")) for t in texts)
    extract_facts(texts[0], ctx)  # warm the catalog and compiled patterns

    def run_extract():
        n = 0
        for t in texts:
            n += len(extract_facts(t, ctx))
        return n

    def run_bare():
        n = 0
        for t in texts:
            for _ in BARE.finditer(t):
                n += 1
        return n

    t_ext = _time(run_extract, args.repeat)
    t_bare = _time(run_bare, args.repeat)
    mb = n_bytes / 1e6
    print(f"text: {mb:.2f} MB in {len(texts)} documents, {run_extract()} facts")
    print(f"extract_facts: {mb / t_ext:8.2f} MB/s  ({t_ext * 1000:.1f} ms)")
    print(f"bare re scan : {mb / t_bare:8.2f} MB/s  ({t_bare * 1000:.1f} ms)")
    print(f"ratio extract/bare: {t_ext / t_bare:.1f}x  (target <= 10x; throughput target >= 5 MB/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
