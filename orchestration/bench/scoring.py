"""THE gold matcher: how extracted facts are scored against hand-checked gold facts.

Used by `bureau evaluate` (in memory, `orchestration.bench.evaluate`) and by `bureau bench`
(against a built warehouse, `score_warehouse`). It scores exactly as the shared scorer
(`shared/tools/score_warehouse.py`) does:

* only core indicator codes count (`is_core` in `dbt_project/seeds/indicators.csv`, the same
  13 codes as `shared/spec/core_indicators.csv`; a test keeps the two equal);
* derived values are never predictions, nor are sub-annual rows (`period_kind` other than
  'year'): the gold holds annual figures only;
* a gold row with `optional` 1 may be read either way: a prediction it matches is neither a
  hit nor spurious, and missing it is no miss (required rows are matched first);
* a prediction matches a gold fact when the key (indicator, region, year, measure, value kind,
  comparator; the lenient key drops the last two) is equal and the value is within a relative
  1e-6; matching is greedy and one-to-one, required gold rows first, each in file order.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import duckdb

from orchestration.catalog.indicators import indicators

# the columns of a prediction row, as marts.fct_indicator_observations names them
COLS = ["indicator_code", "region_code", "period_year", "value_kind", "measure", "value", "comparator"]


def core_codes() -> set[str]:
    """The indicator codes gold files are scored on."""
    return {i.indicator_code for i in indicators() if i.is_core}


def close(a: float, b: float) -> bool:
    """Equal within a relative 1e-6 (an absolute 1e-6 below 1)."""
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def key(row: dict, lenient: bool = False) -> tuple:
    """What must be equal for a prediction to match a gold fact (besides the value)."""
    k = (row["indicator_code"], str(row["region_code"]), int(row["period_year"]), row["measure"])
    return k if lenient else k + (row["value_kind"], row["comparator"])


def is_optional(row: dict) -> bool:
    """A gold fact that may be read either way (`optional` 1, true or yes)."""
    return str(row.get("optional") or "").strip().lower() in ("1", "true", "yes")


class Matched(NamedTuple):
    tp: int
    missed: list[dict]  # required gold facts no prediction matched
    spurious: list[dict]  # predictions that matched no gold fact
    n_gold: int  # required gold facts
    n_pred: int  # predictions, less those an optional gold fact absorbed


def match(gold: list[dict], pred: list[dict], lenient: bool = False) -> Matched:
    """Greedy one-to-one matching on key + value: required gold facts first, then the optional
    ones absorb what they match; each group in file order."""
    pool: dict[tuple, list[dict]] = defaultdict(list)
    for p in pred:
        pool[key(p, lenient)].append(p)
    tp, missed, absorbed = 0, [], 0
    for g in sorted(gold, key=is_optional):
        cands = pool.get(key(g, lenient), [])
        hit = next((p for p in cands if close(float(p["value"]), float(g["value"]))), None)
        if hit is not None:
            cands.remove(hit)
        if is_optional(g):
            absorbed += hit is not None
        elif hit is None:
            missed.append(g)
        else:
            tp += 1
    n_gold = sum(not is_optional(g) for g in gold)
    return Matched(tp, missed, [p for ps in pool.values() for p in ps], n_gold, len(pred) - absorbed)


def read_gold(gold_dir: Path) -> dict[str, list[dict]]:
    """Gold facts by file stem (`<stem>.csv` scores the document whose file stem is `<stem>`)."""
    out = {}
    for f in sorted(Path(gold_dir).glob("*.csv")):
        with f.open(encoding="utf-8", newline="") as fh:
            out[f.stem] = list(csv.DictReader(fh))
    return out


@dataclass
class Score:
    """Strict totals over many documents; misses and spurious facts carry their document."""

    tp: int = 0
    n_gold: int = 0
    n_pred: int = 0
    missed: list[dict] = field(default_factory=list)
    spurious: list[dict] = field(default_factory=list)

    def add(self, gold: list[dict], pred: list[dict], stem: str = "") -> None:
        m = match(gold, pred)
        self.tp += m.tp
        self.missed.extend({**g, "document": stem} for g in m.missed)
        self.spurious.extend({**p, "document": stem} for p in m.spurious)
        self.n_gold += m.n_gold
        self.n_pred += m.n_pred

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


def f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def score_warehouse(warehouse: Path, gold_dir: Path) -> Score:
    """Strict score of a built warehouse: documents by the file stem of `dim_documents.source_uri`,
    predictions = core-indicator, non-derived, annual rows of `marts.fct_indicator_observations`."""
    core = core_codes()
    gold = read_gold(gold_dir)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        docs = con.execute("select document_id, source_uri from marts.dim_documents").fetchall()
        columns = {
            c[0]
            for c in con.execute(
                "select column_name from information_schema.columns "
                "where table_schema = 'marts' and table_name = 'fct_indicator_observations'"
            ).fetchall()
        }
        annual = " and period_kind = 'year'" if "period_kind" in columns else ""
        rows = con.execute(
            f"select document_id, {', '.join(COLS)} from marts.fct_indicator_observations "
            f"where not coalesce(is_derived, false){annual}"
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
        score.add(g, [p for d in by_stem.get(stem, []) for p in by_doc.get(d, [])], stem)
    return score
