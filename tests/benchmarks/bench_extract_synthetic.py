"""Extraction throughput (CPU time, best of N) on a synthetic corpus, as `bench/runner.py::extraction_speed`.

    uv run python -c "from pathlib import Path; from orchestration.bench.synthetic import write_corpus; \
        write_corpus(Path('/tmp/xs/c300'), 300, 7)"
    uv run python tests/benchmarks/bench_extract_synthetic.py [/tmp/xs/c300] [--repeat N] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from orchestration.extract import DocumentContext, extract_facts  # noqa: E402
from orchestration.parse import parse_document  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default="/tmp/xs/c300")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args(argv)
    files = sorted((Path(args.corpus) / "reports").glob("*.txt"))
    texts = [parse_document(f.read_bytes(), source_uri=f.name).text for f in files]
    ctx = DocumentContext(region_code="350200", covered_year=2023, published_year=2024)
    extract_facts(texts[0], ctx)  # warm the catalog and compiled patterns
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    best = float("inf")
    n = 0
    for _ in range(args.repeat):
        c0 = time.process_time()
        n = sum(len(extract_facts(t, ctx)) for t in texts)
        best = min(best, time.process_time() - c0)
    print(f"{len(texts)} documents, {mb:.2f} MB, {n} facts: {mb / best:.2f} MB/s CPU ({best * 1000:.1f} ms)")
    if args.profile:
        prof = cProfile.Profile(time.process_time)
        prof.enable()
        for t in texts:
            extract_facts(t, ctx)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
