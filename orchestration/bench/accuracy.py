"""Strict F1 of a built warehouse against gold CSVs, with the matching of the shared scorer
(`shared/tools/score_warehouse.py`): document by the file stem of `dim_documents.source_uri`,
predictions = core-indicator, non-derived rows of `marts.fct_indicator_observations`,
greedy one-to-one matching on (code, region, year, measure, kind, comparator) and value
within a relative 1e-6.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from orchestration.catalog.indicators import indicators

COLS = ["indicator_code", "region_code", "period_year", "value_kind", "measure", "value", "comparator"]


@dataclass
class Score:
    tp: int = 0
    n_gold: int = 0
    n_pred: int = 0
    missed: list[dict] = field(default_factory=list)
    spurious: list[dict] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def core_codes() -> set[str]:
    return {i.indicator_code for i in indicators() if i.is_core}


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def _key(row: dict) -> tuple:
    return (
        row["indicator_code"],
        str(row["region_code"]),
        int(row["period_year"]),
        row["measure"],
        row["value_kind"],
        row["comparator"],
    )


def match(gold: list[dict], pred: list[dict], score: Score, stem: str = "") -> None:
    pool: dict[tuple, list[dict]] = defaultdict(list)
    for p in pred:
        pool[_key(p)].append(p)
    for g in gold:
        cands = pool.get(_key(g), [])
        hit = next((p for p in cands if _close(float(p["value"]), float(g["value"]))), None)
        if hit is None:
            score.missed.append({**g, "document": stem})
        else:
            cands.remove(hit)
            score.tp += 1
    score.spurious.extend({**p, "document": stem} for ps in pool.values() for p in ps)
    score.n_gold += len(gold)
    score.n_pred += len(pred)


def read_gold(gold_dir: Path) -> dict[str, list[dict]]:
    out = {}
    for f in sorted(gold_dir.glob("*.csv")):
        with f.open(encoding="utf-8", newline="") as fh:
            out[f.stem] = list(csv.DictReader(fh))
    return out


def score_warehouse(warehouse: Path, gold_dir: Path) -> Score:
    core = core_codes()
    gold = read_gold(gold_dir)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        docs = con.execute("select document_id, source_uri from marts.dim_documents").fetchall()
        rows = con.execute(
            f"select document_id, {', '.join(COLS)} from marts.fct_indicator_observations "
            "where not coalesce(is_derived, false)"
        ).fetchall()
    finally:
        con.close()
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        if r[1] in core:
            by_doc[r[0]].append(dict(zip(COLS, r[1:], strict=True)))
    by_stem: dict[str, list[str]] = defaultdict(list)
    for doc_id, uri in docs:
        name = str(uri).replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
        by_stem[name.rsplit(".", 1)[0]].append(doc_id)
    score = Score()
    for stem, g in gold.items():
        pred = [p for d in by_stem.get(stem, []) for p in by_doc.get(d, [])]
        match(g, pred, score, stem)
    return score


def score_offline(corpus: Path) -> Score:
    """Parse + extract every report of a synthetic corpus without a warehouse (for generator work).

    Mirrors the warehouse: manifest region/year as context, fact region/year over the document's.
    """
    from orchestration.acquire.intake import read_manifest
    from orchestration.extract import DocumentContext, extract_facts
    from orchestration.parse import parse_document

    core = core_codes()
    manifest = read_manifest(corpus)
    score = Score()
    for stem, gold in read_gold(corpus / "gold").items():
        path = (corpus / "reports" / f"{stem}.txt").resolve()
        row = manifest.get(str(path), {})
        doc = parse_document(path.read_bytes(), source_uri=str(path))
        region = row.get("region_code") or doc.region_code
        year = int(row.get("covered_year") or doc.covered_year or 0) or None
        ctx = DocumentContext(region_code=region, covered_year=year, published_year=None)
        pred = [
            {
                "indicator_code": f.indicator_code,
                "region_code": f.region_code or region,
                "period_year": f.period_year or year,
                "value_kind": f.value_kind,
                "measure": f.measure,
                "value": f.value,
                "comparator": f.comparator,
                "evidence": f.evidence,
            }
            for f in extract_facts(doc.text, ctx)
            if f.indicator_code in core
        ]
        match(gold, pred, score, stem)
    return score
