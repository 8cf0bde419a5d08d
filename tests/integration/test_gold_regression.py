"""Gold regression: the engine must reproduce the hand-checked facts of the bundled corpus.

Scored exactly like shared/tools/score_warehouse.py (core codes, not derived,
one-to-one matching), but in memory via `orchestration.bench.evaluate`.
"""

from pathlib import Path

import pytest

from orchestration.bench.evaluate import evaluate, format_report

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "data" / "gold"
CORPUS = ROOT / "seeds" / "reports"


@pytest.fixture(scope="module")
def report():
    return evaluate(GOLD, CORPUS)


def _scored(report):
    return [d for d in report.documents if d.found]


def test_bundled_documents_are_scored(report):
    assert _scored(report), "no gold document found in seeds/reports"


@pytest.mark.parametrize("mode", ["strict", "lenient"])
def test_per_document_recall_and_precision(report, mode):
    bad = [
        (d.stem, round(d.precision(mode), 2), round(d.recall(mode), 2))
        for d in _scored(report)
        if d.recall(mode) < 0.95 or d.precision(mode) < 0.95
    ]
    assert not bad, format_report(report)


def test_total_f1(report):
    docs = _scored(report)
    tp = sum(d.tp["strict"] for d in docs)
    n_gold = sum(d.n_gold for d in docs)
    n_pred = sum(d.n_pred for d in docs)
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    f1 = 0.0 if p + r == 0 else 2 * p * r / (p + r)
    assert f1 >= 0.98, format_report(report)
