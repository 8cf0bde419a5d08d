"""Reliability soak: SIGKILL trials, network faults and bad-input fuzzing, with honest counts.

    uv run python scripts/soak.py kill    --trials 200 --minutes 60 --out soak/kill.json
    uv run python scripts/soak.py network --faults 1000 --out soak/network.json
    uv run python scripts/soak.py fuzz    --docs 10000 --out soak/fuzz.json
    uv run python scripts/soak.py e2e     --docs 300 --out soak/e2e.json

kill     `bureau load` subprocesses SIGKILLed (whole process group) at a uniformly random
         moment of the run (staging, ingest or dbt), 1-4 kills in a row, then one
         uninterrupted `bureau load` of the same files. After every kill, no document
         visible in the published copy is half-loaded; after every recovery, every mart's
         checksum (volatile time columns excluded) equals an uninterrupted run's and the raw
         tables hold no duplicate keys. Mostly a 3-report subset (a run costs ~25 s), every
         8th chain the whole corpus, every 8th (offset 4) loaded on top of a pre-loaded warehouse.
network  the Fetcher/crawl API against the loopback fixture site with faults injected
         (5xx bursts, resets mid-body, truncated bodies with a wrong Content-Length,
         slow drip, DNS failure, TLS failure): every document ends loaded or recorded
         with a reason, the next crawl retries it, no crawl raises.
fuzz     mutated real reports through parse_document + extract_facts: zero crashes
         (only UnreadableDocument), every fact satisfies the contract.
e2e      a few hundred mutated reports through `bureau load`: everything unreadable is in
         marts.quarantine with a reason; zero mart rows violate the contract.

Every phase writes a JSON summary (and JSON lines per trial beside it) and exits 1 on any loss.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.reliability import harness as h  # noqa: E402

SMALL = [
    "001_xiamen_sti_2022_summary.txt",
    "003_xiamen_sti_2019_summary.txt",
    "010_xiamen_gov_work_report_2024.txt",
]


def _write(out: Path, summary: dict, echo: bool = True) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, indent=1, ensure_ascii=False))
    if echo:
        print(json.dumps(summary, ensure_ascii=False))


# --------------------------------------------------------------------------- kill


def _corpus(work: Path) -> Path:
    """A fixed copy of the bundled reports (source URIs are absolute paths: they must not vary)."""
    corpus = work / "corpus"
    if not corpus.exists():
        shutil.copytree(h.BUNDLED_REPORTS_DIR, corpus)
    return corpus


def _reference(work: Path, name: str, files: list[Path], pre: list[Path] | None) -> dict:
    cache = work / f"ref-{name}.json"
    if cache.exists():  # references are reused across soak workers sharing a work folder
        data = json.loads(cache.read_text())
        data["files"] = [Path(f) for f in data["files"]]
        data["pre"] = Path(data["pre"]) if data["pre"] else None
        data["checksums"] = {k: tuple(v) for k, v in data["checksums"].items()}
        return data
    ref = work / f"ref-{name}"
    if ref.exists():
        shutil.rmtree(ref)
    ref.mkdir()
    wh = ref / "w.duckdb"
    if pre:
        r = h.run_bureau("load", *map(str, pre), "--warehouse", str(wh), "-q")
        assert r.returncode == 0, r.stderr
        shutil.copytree(ref, work / f"pre-{name}", dirs_exist_ok=True)
    t0 = time.monotonic()
    r = h.run_bureau("load", *map(str, files), "--warehouse", str(wh), "-q")
    took = time.monotonic() - t0
    assert r.returncode == 0, r.stderr
    data = {
        "files": files,
        "pre": work / f"pre-{name}" if pre else None,
        "duration": took,
        "checksums": h.mart_checksums(wh),
        "per_doc": h.per_document_state(wh),
    }
    cache.write_text(json.dumps(data, default=str))
    return data


def phase_kill(args) -> int:
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    corpus = _corpus(work)
    reports = sorted((corpus / "reports").glob("*.txt"))
    small = [corpus / "reports" / n for n in SMALL]
    print("building references ...", flush=True)
    scenarios = {
        "small": _reference(work, "small", small, None),
        "full": _reference(work, "full", reports, None),
        "on_top": _reference(work, "on_top", reports, small),
    }
    for k, s in scenarios.items():
        print(
            f"reference {k}: {s['duration']:.1f}s, {sum(n for n, _ in s['checksums'].values())} mart rows",
            flush=True,
        )
    rng = random.Random(args.seed)
    deadline = time.monotonic() + args.minutes * 60
    log = (Path(args.out).with_suffix(".jsonl")).open("w")
    totals = {
        "kill_trials": 0,
        "killed_before_end": 0,
        "ended_before_kill": 0,
        "recoveries": 0,
        "recovery_mismatches": 0,
        "recovery_failures": 0,
        "half_loaded_published": 0,
        "half_loaded_main": 0,
        "raw_duplicates": 0,
        "documents_loaded": 0,
        "kills_by_stage": {"early": 0, "middle": 0, "late": 0},
    }
    chain = 0
    while totals["kill_trials"] < args.trials and time.monotonic() < deadline:
        chain += 1
        name = "full" if chain % 8 == 0 else "on_top" if chain % 8 == 4 else "small"
        sc = scenarios[name]
        trial_dir = Path(tempfile.mkdtemp(prefix=f"chain{chain:04d}-", dir=work))
        if sc["pre"]:
            shutil.copytree(sc["pre"], trial_dir, dirs_exist_ok=True)
        wh = trial_dir / "w.duckdb"
        kills = rng.choice(args.kills)
        events = []
        for _ in range(kills):
            if totals["kill_trials"] >= args.trials:
                break
            delay = rng.uniform(0.2, sc["duration"] * 1.05)
            t_start = time.monotonic()
            rc = h.load_and_kill(sc["files"], wh, delay, log=trial_dir / "killed.log")
            if rc is not None:  # finished before the kill: the run is shorter than we thought
                sc["duration"] = min(sc["duration"], time.monotonic() - t_start)
            totals["kill_trials"] += 1
            frac = delay / sc["duration"]
            totals["kills_by_stage"]["early" if frac < 0.33 else "middle" if frac < 0.66 else "late"] += 1
            if rc is None:
                totals["killed_before_end"] += 1
            else:
                totals["ended_before_kill"] += 1
            pub = wh.with_name("w.published.duckdb")
            half_pub = h.half_loaded_documents(pub, sc["per_doc"]) if pub.exists() else []
            half_main = h.half_loaded_documents(wh, sc["per_doc"])
            totals["half_loaded_published"] += bool(half_pub)
            totals["half_loaded_main"] += bool(half_main)
            events.append(
                {
                    "delay": round(delay, 2),
                    "rc": rc,
                    "half_published": half_pub[:3],
                    "half_main": half_main[:3],
                }
            )
        t_start = time.monotonic()
        r = h.run_bureau("load", *map(str, sc["files"]), "--warehouse", str(wh), "-q")
        if r.returncode == 0:
            sc["duration"] = min(sc["duration"], time.monotonic() - t_start)
        totals["recoveries"] += 1
        rec = {"chain": chain, "scenario": name, "kills": events, "recovery_rc": r.returncode}
        if r.returncode != 0:
            totals["recovery_failures"] += 1
            rec["stderr"] = r.stderr[-2000:]
        else:
            diff = h.diff_checksums(h.mart_checksums(wh), sc["checksums"])
            dups = h.raw_duplicates(wh)
            totals["recovery_mismatches"] += bool(diff)
            totals["raw_duplicates"] += bool(dups)
            totals["documents_loaded"] += len(sc["per_doc"])
            rec["diff"], rec["dups"] = diff, dups
        log.write(json.dumps(rec, ensure_ascii=False) + "\n")
        log.flush()
        ok = r.returncode == 0 and not rec.get("diff") and not rec.get("dups")
        if ok and not any(e["half_published"] for e in events):
            shutil.rmtree(trial_dir, ignore_errors=True)
        print(f"chain {chain} {name} kills={len(events)} total={totals['kill_trials']} ok={ok}", flush=True)
        _write(
            Path(args.out), {**totals, "in_progress": True}, echo=False
        )  # figures so far survive an interrupted soak
    totals["losses"] = (
        totals["recovery_mismatches"]
        + totals["recovery_failures"]
        + totals["half_loaded_published"]
        + totals["raw_duplicates"]
    )
    totals["minutes"] = round(args.minutes - max(0.0, deadline - time.monotonic()) / 60, 1)
    _write(Path(args.out), totals)
    return 1 if totals["losses"] else 0


# --------------------------------------------------------------------------- network


def phase_network(args) -> int:
    from tests.reliability.netfaults import run_network_soak

    summary = run_network_soak(args.faults, seed=args.seed, work=Path(args.work))
    _write(Path(args.out), summary)
    return 1 if summary["losses"] else 0


# --------------------------------------------------------------------------- fuzz


def phase_fuzz(args) -> int:
    from orchestration.extract import DocumentContext, extract_facts
    from orchestration.parse import UnreadableDocument, parse_document

    rng = random.Random(args.seed)
    corpus = h.corpus_texts()
    counts: dict[str, int] = {}
    totals = {"documents": 0, "parsed": 0, "unreadable": 0, "crashes": 0, "facts": 0, "violations": 0}
    crashes = []
    t0 = time.monotonic()
    for i in range(args.docs):
        _, data = rng.choice(corpus)
        kind, mutated, name = h.mutate(data, rng)
        counts[kind] = counts.get(kind, 0) + 1
        totals["documents"] += 1
        try:
            doc = parse_document(mutated, source_uri=f"fuzz/{i}/{name}")
        except UnreadableDocument:
            totals["unreadable"] += 1
            continue
        except Exception as exc:  # noqa: BLE001 - what we count
            totals["crashes"] += 1
            crashes.append({"i": i, "kind": kind, "stage": "parse", "error": repr(exc)[:300]})
            continue
        totals["parsed"] += 1
        ctx = DocumentContext(region_code=doc.region_code, covered_year=doc.covered_year)
        try:
            facts = extract_facts(doc.text, ctx)
        except Exception as exc:  # noqa: BLE001
            totals["crashes"] += 1
            crashes.append({"i": i, "kind": kind, "stage": "extract", "error": repr(exc)[:300]})
            continue
        totals["facts"] += len(facts)
        for f in facts:
            bad = h.fact_violations(f, doc.text)
            if bad:
                totals["violations"] += 1
                crashes.append({"i": i, "kind": kind, "stage": "contract", "error": bad[:3]})
        if (i + 1) % 1000 == 0:
            print(f"{i + 1} docs, {time.monotonic() - t0:.0f}s, {totals}", flush=True)
    totals["by_mutator"] = counts
    totals["seconds"] = round(time.monotonic() - t0, 1)
    totals["problems"] = crashes[:50]
    totals["losses"] = totals["crashes"] + totals["violations"]
    _write(Path(args.out), totals)
    return 1 if totals["losses"] else 0


# --------------------------------------------------------------------------- e2e bad input


def phase_e2e(args) -> int:
    import duckdb

    rng = random.Random(args.seed)
    work = Path(args.work) / "e2e"
    if work.exists():
        shutil.rmtree(work)
    folder = work / "inbox"
    folder.mkdir(parents=True)
    corpus = h.corpus_texts()
    names = []
    for i in range(args.docs):
        _, data = rng.choice(corpus)
        kind, mutated, name = h.mutate(data, rng)
        fname = f"{i:04d}_{kind}{Path(name).suffix}"
        (folder / fname).write_bytes(mutated)
        names.append(fname)
    wh = work / "w.duckdb"
    t0 = time.monotonic()
    r = h.run_bureau("load", str(folder), "--warehouse", str(wh), "-q", timeout=3600)
    con = duckdb.connect(str(wh), read_only=True)
    docs = con.execute("select count(*) from marts.dim_documents").fetchone()[0]
    unreadable = con.execute("select count(*) from marts.dim_documents where not is_readable").fetchone()[0]
    unreadable_not_quarantined = con.execute(
        "select count(*) from marts.dim_documents d where not is_readable and not exists "
        "(select 1 from marts.quarantine q where q.document_id = d.document_id and length(trim(q.reason)) > 0)"
    ).fetchone()[0]
    empty_reasons = con.execute(
        "select count(*) from marts.quarantine where coalesce(trim(reason), '') = ''"
    ).fetchone()[0]
    sources = con.execute("select count(distinct source_uri) from marts.dim_document_sources").fetchone()[0]
    violations = con.execute(h.MART_CONTRACT_SQL).fetchone()[0]
    offsets = con.execute(h.OFFSETS_SQL).fetchone()[0]
    observations = con.execute("select count(*) from marts.fct_indicator_observations").fetchone()[0]
    con.close()
    summary = {
        "files": len(names),
        "exit_code": r.returncode,
        "seconds": round(time.monotonic() - t0, 1),
        "documents": docs,
        "sources": sources,
        "unreadable": unreadable,
        "unreadable_not_quarantined": unreadable_not_quarantined,
        "empty_reasons": empty_reasons,
        "observations": observations,
        "contract_violations": violations,
        "offset_mismatches": offsets,
    }
    # every file is accounted for: as a source of some document (identical bytes share one)
    summary["files_missing"] = len(names) - sources
    summary["losses"] = (
        unreadable_not_quarantined + empty_reasons + violations + offsets + max(0, summary["files_missing"])
    )
    if r.returncode not in (0, 3):
        summary["losses"] += 1
        summary["stderr"] = r.stderr[-2000:]
    _write(Path(args.out), summary)
    return 1 if summary["losses"] else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("phase", choices=["kill", "network", "fuzz", "e2e"])
    ap.add_argument("--trials", type=int, default=200, help="kill trials (kill phase)")
    ap.add_argument("--minutes", type=float, default=60, help="time budget (kill phase)")
    ap.add_argument(
        "--kills",
        type=lambda s: [int(x) for x in s.split(",")],
        default=[1, 2, 3, 4],
        help="kills in a row before the recovery load, chosen at random from this list",
    )
    ap.add_argument("--faults", type=int, default=1000, help="injected network faults (network phase)")
    ap.add_argument("--docs", type=int, default=10000, help="mutated documents (fuzz / e2e phase)")
    ap.add_argument("--seed", type=int, default=20240301)
    ap.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "bureau-soak"))
    ap.add_argument("--out", default=str(ROOT / "soak" / "result.json"))
    args = ap.parse_args(argv)
    return {"kill": phase_kill, "network": phase_network, "fuzz": phase_fuzz, "e2e": phase_e2e}[args.phase](
        args
    )


if __name__ == "__main__":
    sys.exit(main())
