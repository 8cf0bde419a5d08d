"""The benchmark behind `bureau bench`: one run measures throughput, builds, add-one, queries, accuracy.

Builds and add-one runs execute the real command (`python -m orchestration.cli load ...`)
in a child process, so their wall time is what a user waits for (interpreter,
Dagster and dbt start-up included) and their peak RSS is that of the process tree
(the CLI and the dbt subprocess), sampled every 50 ms.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import psutil

from orchestration.bench.scoring import score_warehouse
from orchestration.bench.synthetic import write_corpus

BARE = re.compile(r"\d+(?:\.\d+)?")
ADD_ONE_INDEX = 9_999_999  # the extra report: never part of any corpus prefix

QUERIES: dict[str, str] = {
    "region_series": """
        select indicator_code, period_year, value, unit, value_kind
        from marts.indicator_series
        where region_code = '{region}'
        order by indicator_code, period_year""",
    "yoy_table": """
        select region_code, period_year, value, prev_value, pct_change, reported_yoy_pct, consistent
        from marts.indicator_yoy
        where indicator_code = 'tech_contract_value' and period_year between 2018 and 2023
        order by region_code, period_year""",
    "target_status": """
        select status, count(*) as targets
        from marts.target_tracking
        where indicator_code = 'rd_intensity'
        group by status order by status""",
    "cross_city": """
        select r.name, s.value
        from marts.indicator_series as s
        join marts.dim_regions as r using (region_code)
        where s.indicator_code = 'rd_intensity' and s.period_year = 2022 and r.level = 'prefecture'
        order by s.value desc limit 20""",
    "evidence_search": """
        select document_id, indicator_code, evidence
        from marts.fct_indicator_observations
        where evidence ilike '%科技信贷%'
        limit 50""",
}


@dataclass
class BuildFigures:
    docs: int
    build_seconds: float = 0.0
    build_cpu_seconds: float = 0.0
    add_one_cpu_seconds: float = 0.0
    peak_rss_mb: float = 0.0
    exit_code: int = 0
    add_one_seconds: float = 0.0
    add_one_peak_rss_mb: float = 0.0
    strict_f1: float = 0.0
    precision: float = 0.0
    recall: float = 0.0
    corpus_mb: float = 0.0
    mart_rows: dict[str, int] = field(default_factory=dict)


# --- measurements ----------------------------------------------------------------------------


def _best_cpu_time(fn: Callable[[], object], repeat: int) -> float:
    """Best CPU seconds of this process over `repeat` calls: "per core", and unaffected by
    other work sharing the machine (wall time would be)."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def extraction_speed(texts: list[str], repeat: int = 3) -> tuple[float, float, float]:
    """(MB/s of extract_facts on this core, bare-scan MB/s, ratio extract/bare) over canonical texts."""
    from orchestration.extract import DocumentContext, extract_facts

    ctx = DocumentContext(region_code="350200", covered_year=2023, published_year=2024)
    extract_facts(texts[0], ctx)  # warm the catalog and compiled patterns
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6

    def run_extract():
        for t in texts:
            extract_facts(t, ctx)

    def run_bare():
        for t in texts:
            for _ in BARE.finditer(t):
                pass

    t_ext, t_bare = _best_cpu_time(run_extract, repeat), _best_cpu_time(run_bare, repeat)
    return mb / t_ext, mb / t_bare, t_ext / t_bare


class RssSampler:
    """Peak resident memory of a process and all its descendants, sampled in a thread."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.pid, self.interval, self.peak = pid, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        try:
            root = psutil.Process(self.pid)
            procs = [root, *root.children(recursive=True)]
        except psutil.Error:
            return 0
        total = 0
        for p in procs:
            with contextlib.suppress(psutil.Error):
                total += p.memory_info().rss
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def run_load(paths: list[Path], warehouse: Path, log: Path) -> tuple[float, float, int, float]:
    """`bureau load PATHS --warehouse W` in a child process: (seconds, peak RSS MB, exit code, CPU seconds)."""
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}  # ephemeral instance
    cmd = [
        sys.executable,
        "-m",
        "orchestration.cli",
        "-q",
        "load",
        *map(str, paths),
        "--warehouse",
        str(warehouse),
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with log.open("ab") as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
        with RssSampler(proc.pid) as sampler:
            code = proc.wait()
        seconds = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, sampler.peak / 1e6, code, cpu


def mart_rows(warehouse: Path) -> dict[str, int]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
        ).fetchall()
        return {t: con.execute(f'select count(*) from marts."{t}"').fetchone()[0] for (t,) in tables}
    finally:
        con.close()


def query_latencies(warehouse: Path, repeat: int = 7) -> dict[str, float]:
    """Median milliseconds of each analyst query through `orchestration.warehouse.query.run_query`."""
    from orchestration.warehouse.query import run_query

    region = run_query(
        "select region_code from marts.indicator_series group by 1 order by count(*) desc, 1 limit 1",
        warehouse,
    ).rows[0][0]
    out = {}
    for name, sql in QUERIES.items():
        sql = sql.format(region=region)
        run_query(sql, warehouse)  # warm the OS cache
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            run_query(sql, warehouse)
            times.append((time.perf_counter() - t0) * 1000)
        out[name] = statistics.median(times)
    return out


# --- the run ---------------------------------------------------------------------------------


@dataclass
class BenchResult:
    docs: list[int]
    seed: int
    extraction_mb_per_s: float = 0.0
    bare_scan_mb_per_s: float = 0.0
    bare_scan_ratio: float = 0.0
    builds: dict[int, BuildFigures] = field(default_factory=dict)
    query_ms: dict[str, float] = field(default_factory=dict)
    total_seconds: float = 0.0

    @property
    def add_one_ratio(self) -> float | None:
        lo, hi = min(self.builds), max(self.builds)
        if lo == hi or not self.builds[lo].add_one_seconds:
            return None
        return self.builds[hi].add_one_seconds / self.builds[lo].add_one_seconds

    def to_json(self) -> dict:
        def by_n(attr: str) -> dict[str, object]:
            return {str(n): getattr(b, attr) for n, b in sorted(self.builds.items())}

        return {
            "docs": self.docs,
            "seed": self.seed,
            "machine": {
                "cpus": os.cpu_count(),
                "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
                "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
            },
            "extraction_mb_per_s": round(self.extraction_mb_per_s, 2),
            "bare_scan_mb_per_s": round(self.bare_scan_mb_per_s, 2),
            "bare_scan_ratio": round(self.bare_scan_ratio, 2),
            "corpus_mb": by_n("corpus_mb"),
            "build_seconds": by_n("build_seconds"),
            "build_cpu_seconds": by_n("build_cpu_seconds"),
            "build_exit_code": by_n("exit_code"),
            "peak_rss_mb": by_n("peak_rss_mb"),
            "add_one_seconds": by_n("add_one_seconds"),
            "add_one_cpu_seconds": by_n("add_one_cpu_seconds"),
            "add_one_peak_rss_mb": by_n("add_one_peak_rss_mb"),
            "add_one_ratio": None if self.add_one_ratio is None else round(self.add_one_ratio, 3),
            "query_docs": max(self.builds) if self.builds else None,
            "query_ms_median": {k: round(v, 2) for k, v in self.query_ms.items()},
            "query_ms_median_all": round(statistics.median(self.query_ms.values()), 2)
            if self.query_ms
            else None,
            "strict_f1": by_n("strict_f1"),
            "strict_precision": by_n("precision"),
            "strict_recall": by_n("recall"),
            "mart_rows": by_n("mart_rows"),
            "total_seconds": round(self.total_seconds, 1),
        }


def run_bench(
    docs: list[int],
    workdir: Path,
    seed: int = 7,
    progress: Callable[[str], None] = lambda _m: None,
    json_path: Path | None = None,
) -> BenchResult:
    """Measure everything once; with `json_path`, the figures so far are written after each size."""
    from orchestration.parse import parse_document

    t_start = time.perf_counter()
    workdir.mkdir(parents=True, exist_ok=True)
    docs = sorted(set(docs))
    res = BenchResult(docs=docs, seed=seed)

    # extraction throughput on canonical text of (up to) 300 reports, repeated to ~2 MB
    sample_dir = workdir / "sample"
    sample = write_corpus(sample_dir, min(300, max(docs)), seed)
    texts = [parse_document(r.text.encode("utf-8"), source_uri=r.stem + ".txt").text for r in sample]
    reps = max(1, int(2e6 // max(1, sum(len(t.encode()) for t in texts))))
    progress(f"extraction throughput ({len(texts) * reps} texts)")
    res.extraction_mb_per_s, res.bare_scan_mb_per_s, res.bare_scan_ratio = extraction_speed(texts * reps)

    for n in docs:
        base = workdir / f"n{n}"
        corpus, extra = base / "corpus", base / "extra"
        warehouse = base / "warehouse" / "bureau.duckdb"
        for p in (warehouse.parent,):
            if p.exists():
                import shutil

                shutil.rmtree(p)
        warehouse.parent.mkdir(parents=True)
        if not (corpus / "manifest.csv").exists() or len(list((corpus / "gold").glob("*.csv"))) != n:
            write_corpus(corpus, n, seed)
        write_corpus(extra, 1, seed, start=ADD_ONE_INDEX)
        fig = BuildFigures(docs=n)
        fig.corpus_mb = round(sum(f.stat().st_size for f in (corpus / "reports").iterdir()) / 1e6, 2)
        log = base / "bench.log"
        progress(f"N={n}: full build from an empty warehouse")
        # reports/ only: gold/*.csv beside them are answers, not reports (the manifest is found above)
        secs, rss, code, cpu = run_load([corpus / "reports"], warehouse, log)
        fig.build_seconds, fig.peak_rss_mb, fig.exit_code = round(secs, 2), round(rss, 1), code
        fig.build_cpu_seconds = round(cpu, 1)
        if code not in (0, 3):
            raise RuntimeError(f"bureau load failed with exit code {code}; see {log}")
        score = score_warehouse(warehouse, corpus / "gold")
        fig.strict_f1, fig.precision, fig.recall = (
            round(x, 4) for x in (score.f1, score.precision, score.recall)
        )
        fig.mart_rows = mart_rows(warehouse)
        progress(f"N={n}: add one report")
        secs, rss, code, cpu = run_load([extra / "reports"], warehouse, log)
        fig.add_one_cpu_seconds = round(cpu, 1)
        if code not in (0, 3):
            raise RuntimeError(f"bureau load (add one) failed with exit code {code}; see {log}")
        fig.add_one_seconds, fig.add_one_peak_rss_mb = round(secs, 2), round(rss, 1)
        res.builds[n] = fig
        if n == docs[-1]:
            progress(f"N={n}: analyst queries")
            res.query_ms = query_latencies(warehouse)
        res.total_seconds = time.perf_counter() - t_start
        if json_path:
            write_json(res, json_path)
    return res


def write_json(res: BenchResult, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(res.to_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
