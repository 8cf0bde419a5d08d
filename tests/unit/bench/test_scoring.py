"""The one gold matcher (`orchestration.bench.scoring`) that `bureau evaluate` and `bureau bench` share."""

import csv
from pathlib import Path

import pytest

from orchestration.bench import evaluate, runner
from orchestration.bench.scoring import Score, close, core_codes, key, match

SHARED_CORE = Path(__file__).resolve().parents[4] / "shared" / "spec" / "core_indicators.csv"


def row(value, **kw):
    base = {
        "indicator_code": "gdp",
        "region_code": "350200",
        "period_year": "2023",
        "value_kind": "actual",
        "measure": "level",
        "comparator": "=",
    }
    return {**base, **kw, "value": value}


def test_core_codes_are_the_shared_specs():
    if not SHARED_CORE.exists():
        pytest.skip(f"{SHARED_CORE} is not beside the repository")
    with SHARED_CORE.open(encoding="utf-8") as f:
        assert core_codes() == {r["indicator_code"] for r in csv.DictReader(f)}


def test_tolerance_is_relative_above_one_and_absolute_below():
    assert close(1e12, 1e12 + 1e5) and not close(1e12, 1e12 + 1e7)
    assert close(0.5, 0.5 + 5e-7) and not close(0.5, 0.5 + 2e-6)


def test_key_types_are_normalised_and_lenient_drops_kind_and_comparator():
    gold, pred = row("1"), row(1.0, region_code=350200, period_year=2023)
    assert key(gold) == key(pred)
    assert key(row("1", value_kind="estimate", comparator="~"), lenient=True) == key(gold, lenient=True)
    assert key(row("1", value_kind="estimate")) != key(gold)


def test_matching_is_greedy_and_one_to_one():
    gold = [row("5"), row("5"), row("7")]
    pred = [row(5.0), row(7.0), row(8.0)]
    tp, missed, spurious, _, _ = match(gold, pred)
    assert tp == 2
    assert missed == [gold[1]]  # one prediction of 5 cannot match two gold facts
    assert spurious == [pred[2]]


def test_strict_and_lenient_differ_only_in_the_key():
    gold, pred = [row("5", comparator=">")], [row(5.0)]
    assert match(gold, pred).tp == 0
    assert match(gold, pred, lenient=True).tp == 1


def test_score_totals_and_names_the_document():
    s = Score()
    s.add([row("5"), row("6")], [row(5.0), row(9.0)], "doc_a")
    s.add([row("1")], [], "doc_b")
    assert (s.tp, s.n_gold, s.n_pred) == (1, 3, 2)
    assert s.precision == 0.5 and s.recall == pytest.approx(1 / 3)
    assert s.f1 == pytest.approx(0.4)
    assert [m["document"] for m in s.missed] == ["doc_a", "doc_b"]
    assert [p["document"] for p in s.spurious] == ["doc_a"]


def test_evaluate_and_bench_use_this_matcher():
    from orchestration.bench import scoring

    assert evaluate.match is scoring.match and evaluate.core_codes is scoring.core_codes
    assert runner.score_warehouse is scoring.score_warehouse


def test_an_optional_gold_fact_is_neither_hit_nor_miss_and_absorbs_its_prediction():
    gold = [row("5", optional="1"), row("6"), row("7", optional="1")]
    pred = [row(5.0), row(6.0), row(9.0)]
    m = match(gold, pred)
    assert (m.tp, m.n_gold, m.n_pred) == (1, 1, 2)  # 5 absorbed, 7 missed without penalty
    assert m.missed == [] and m.spurious == [pred[2]]


def test_required_gold_facts_are_matched_before_optional_ones():
    # the one prediction of 5 goes to the required row, though the optional one comes first
    gold = [row("5", optional="yes"), row("5")]
    m = match(gold, [row(5.0)])
    assert (m.tp, m.missed, m.n_gold, m.n_pred) == (1, [], 1, 1)


def test_sub_annual_facts_are_no_predictions(tmp_path):
    (tmp_path / "half.txt").write_text(
        "厦门市科学技术局2023年工作总结\n2023年上半年，全市技术合同成交额达到50亿元。\n", encoding="utf-8"
    )
    rows = evaluate.predict(tmp_path / "half.txt", manifest={})
    assert not [r for r in rows if r["indicator_code"] == "tech_contract_value"]
