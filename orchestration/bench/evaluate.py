"""`bureau evaluate`: score the extraction engine against hand-checked gold facts, without a warehouse.

    evaluate(gold_dir, corpus_dir) -> Report

For every gold file `<stem>.csv` the document `<stem>.*` of `corpus_dir` is
parsed and extracted in memory and scored, strict and lenient, by the gold
matcher of `orchestration.bench.scoring` (the one `bureau bench` uses).  Region
and covered year come from `seeds/manifest.csv` when it lists the file, else
from the parser.
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.bench.scoring import core_codes, f1, match, read_gold

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = ROOT / "seeds" / "reports"
MANIFEST = ROOT / "seeds" / "manifest.csv"


@dataclass
class DocScore:
    stem: str
    n_gold: int
    n_pred: int
    tp: dict[str, int]
    missed: dict[str, list[dict]]
    spurious: dict[str, list[dict]]
    found: bool = True

    def precision(self, mode: str) -> float:
        if not self.n_pred:
            return 1.0 if not self.n_gold else 0.0
        return self.tp[mode] / self.n_pred

    def recall(self, mode: str) -> float:
        return self.tp[mode] / self.n_gold if self.n_gold else 1.0


@dataclass
class Report:
    documents: list[DocScore] = field(default_factory=list)

    def totals(self, mode: str) -> tuple[float, float, float, int, int, int]:
        tp = sum(d.tp[mode] for d in self.documents)
        n_gold = sum(d.n_gold for d in self.documents)
        n_pred = sum(d.n_pred for d in self.documents)
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        return p, r, f1(p, r), tp, n_gold, n_pred

    def f1(self, mode: str = "strict") -> float:
        return self.totals(mode)[2]


def _manifest() -> dict[str, dict[str, str]]:
    if not MANIFEST.exists():
        return {}
    with MANIFEST.open(encoding="utf-8", newline="") as f:
        return {Path(r["file"]).name: r for r in csv.DictReader(f)}


def _read_document(path: Path):
    """(text, inferred metadata) via the parser, else plain UTF-8 and no metadata."""
    data = path.read_bytes()
    try:
        from orchestration.parse import parse_document

        doc = parse_document(data, source_uri=str(path))
        return doc.text, doc
    except Exception:
        return data.decode("utf-8", errors="replace"), {}


def predict(path: Path, manifest: dict[str, dict[str, str]] | None = None) -> list[dict]:
    """Facts of one document as scorer rows (all codes, derived flag false)."""
    from orchestration.extract import DocumentContext, extract_facts

    manifest = _manifest() if manifest is None else manifest
    text, inferred = _read_document(path)
    ctx = DocumentContext.from_metadata(
        inferred=inferred, manifest=manifest.get(path.name), document_id=path.stem
    )
    rows = []
    for f in extract_facts(text, ctx):
        # the gold holds annual figures only: 上半年 or 1-9月 values are not predictions
        if f.indicator_code is None or f.period_year is None or f.period_kind != "year":
            continue
        rows.append(
            {
                "indicator_code": f.indicator_code,
                "region_code": f.region_code,
                "period_year": f.period_year,
                "value_kind": f.value_kind,
                "measure": f.measure,
                "value": float(f.value),
                "comparator": f.comparator,
                "is_derived": False,
                "evidence": f.evidence,
                "reported_text": f.reported_text,
            }
        )
    return rows


def _find_corpus_file(corpus_dir: Path, stem: str) -> Path | None:
    for p in sorted(corpus_dir.glob(stem + ".*")):
        if p.is_file() and p.suffix.lower() != ".csv":
            return p
    return None


def evaluate(gold_dir: str | Path, corpus_dir: str | Path | None = None) -> Report:
    gold_dir = Path(gold_dir)
    corpus_dir = Path(corpus_dir) if corpus_dir else DEFAULT_CORPUS
    core = core_codes()
    manifest = _manifest()
    report = Report()
    for stem, gold in read_gold(gold_dir).items():
        doc = _find_corpus_file(corpus_dir, stem)
        pred = [r for r in predict(doc, manifest) if r["indicator_code"] in core] if doc else []
        tp, missed, spurious, n_pred = {}, {}, {}, {}
        for mode in ("strict", "lenient"):
            m = match(gold, list(pred), mode == "lenient")
            tp[mode], missed[mode], spurious[mode], n_gold, n_pred[mode] = m
        # predictions an optional gold fact absorbed are not counted (strict reading)
        report.documents.append(
            DocScore(stem, n_gold, n_pred["strict"], tp, missed, spurious, doc is not None)
        )
    return report


def format_report(report: Report, verbose: bool = True) -> str:
    lines = [f"{'document':58} {'gold':>4} {'pred':>4} {'strict P/R':>11} {'lenient P/R':>11}"]
    for d in report.documents:
        line = f"{d.stem[:58]:58} {d.n_gold:>4} {d.n_pred:>4}"
        for mode in ("strict", "lenient"):
            line += f" {d.precision(mode):5.2f}/{d.recall(mode):4.2f}"
        if not d.found:
            line += "   (document not in corpus)"
        lines.append(line)
        if verbose:
            for g in d.missed["strict"]:
                lines.append(
                    f"    missed   {g['indicator_code']} {g['region_code']} {g['period_year']} {g['value_kind']} "
                    f"{g['measure']} {g['comparator']}{g['value']}  «{g.get('evidence', '')}»"
                )
            for s in d.spurious["strict"]:
                lines.append(
                    f"    spurious {s['indicator_code']} {s['region_code']} {s['period_year']} {s['value_kind']} "
                    f"{s['measure']} {s['comparator']}{s['value']}  «{s.get('evidence', '')[:80]}»"
                )
    for mode in ("strict", "lenient"):
        p, r, f, tp, n_gold, n_pred = report.totals(mode)
        lines.append(
            f"{mode:8} precision {p:.3f} recall {r:.3f} F1 {f:.3f} (tp {tp}, gold {n_gold}, predicted {n_pred})"
        )
    lines.append(f"strict F1 {report.f1('strict'):.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Score extraction against gold facts (no warehouse needed).")
    ap.add_argument("--gold", required=True, help="folder of <stem>.csv gold files")
    ap.add_argument("--corpus", default=None, help=f"folder of documents (default {DEFAULT_CORPUS})")
    ap.add_argument("--quiet", action="store_true", help="do not list misses and spurious facts")
    # `bureau -v evaluate` passes it on; misses and spurious facts are listed unless --quiet
    ap.add_argument("--verbose", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    report = evaluate(args.gold, args.corpus)
    print(format_report(report, verbose=not args.quiet))
    return 0


if __name__ == "__main__":
    sys.exit(main())
