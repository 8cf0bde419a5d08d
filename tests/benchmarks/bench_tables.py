"""Table reading on one core: CPU seconds and facts per second for two 10,000-line tables.

    uv run python tests/benchmarks/bench_tables.py [--rows N] [--repeat N]

A pipe table (2N facts) and a one-cell-per-line stream (N/2 facts) through
`extract_facts`, best of `--repeat` runs, in CPU seconds of this process
(`time.process_time`: other work on a shared machine does not count), and the
ratio of the time per fact at N rows to that at N/10 rows: about 1.0 when the
cost is linear in the table's length (a ratio near 10 would mean quadratic).
The pipe table repeats its 200 years, so `extract_facts` keeps each repeated
fact once (10,200 of the 20,000 cells `table_facts` reads).
Measured 2026-12-02 on the 2-core machine, otherwise idle: 0.77 s (13,300
facts/s, ratio 0.84) and 0.40 s (12,500 facts/s, ratio 1.10) at 10,000 rows.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from orchestration.extract import DocumentContext, extract_facts  # noqa: E402
from tests.fixtures.big_tables import big_tables  # noqa: E402

CTX = DocumentContext(region_code="350200", covered_year=2023)


def best(text: str, repeat: int) -> tuple[float, int]:
    """(best CPU seconds, facts) of `extract_facts(text)` over `repeat` runs."""
    times, n = [], 0
    for _ in range(repeat):
        t0 = time.process_time()
        n = len(extract_facts(text, CTX))
        times.append(time.process_time() - t0)
    return min(times), n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args(argv)
    extract_facts("年份 | R&D经费(亿元)\n2020 | 1.5", CTX)  # (warm the memoised catalog)
    small, large = big_tables(a.rows // 10), big_tables(a.rows)
    for kind, short, long in zip(("pipe table", "cell stream"), small, large, strict=True):
        s_short, n_short = best(short, a.repeat)
        s_long, n_long = best(long, a.repeat)
        ratio = (s_long / n_long) / (s_short / n_short)
        print(
            f"{kind:11} {a.rows:>6} rows {n_long:>6} facts {s_long:7.3f} s CPU "
            f"{n_long / s_long:>8.0f} facts/s; per fact vs {a.rows // 10} rows: {ratio:.2f} (1.0 = linear)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
