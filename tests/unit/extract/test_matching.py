"""Matching: the code among an alias's candidates, the stored unit and value."""

from decimal import Decimal

import pytest

from orchestration.extract import DocumentContext, extract_facts
from orchestration.extract.indicators import default_lexicon
from orchestration.extract.matching import choose_code

CTX = DocumentContext(region_code="350200", covered_year=2023, published_year=2024)


def _fact(sentence: str, number: str):
    return next(f for f in extract_facts(sentence, CTX) if f.reported_text == number)


def test_the_unit_picks_among_an_alias_candidates():
    lex = default_lexicon()
    cands = lex.candidates("技术合同")
    assert len(cands) > 1
    money = choose_code(lex, cands, measure="level", unit_class="money", modifier=None, share_whole=False)
    count = choose_code(lex, cands, measure="level", unit_class="count", modifier=None, share_whole=False)
    assert money[0] != count[0]
    assert lex.entries[money[0]].unit == "CNY" and lex.entries[count[0]].unit == "count"


def test_a_modifier_turns_a_stock_into_its_flow():
    lex = default_lexicon()
    cands = lex.candidates("高新技术企业")
    kw = dict(measure="level", unit_class="count", share_whole=False)
    assert choose_code(lex, cands, modifier=None, **kw)[0] == "hitech_enterprises"
    assert choose_code(lex, cands, modifier="net_new", **kw)[0] == "hitech_enterprises_net_new"


@pytest.mark.parametrize(
    ("sentence", "number", "unit", "value", "measure"),
    [
        ("全市研发投入下降3%。", "3%", "percent", Decimal(-3), "yoy_pct"),  # a decline is negative
        ("全市技术合同成交额增长2倍。", "2倍", "percent", Decimal(200), "yoy_pct"),  # 2倍 is 200%
        (
            "全市实际利用外资12.3亿美元。",
            "12.3亿美元",
            "USD",
            Decimal("1.23e9"),
            "level",
        ),  # currency as stated
        (
            "全市研发投入强度提高0.3个百分点。",
            "0.3个百分点",
            "percentage_points",
            Decimal("0.3"),
            "pp_change",
        ),
        ("全市发明专利授权量2.3万件。", "2.3万件", "count", Decimal(23000), "level"),
    ],
)
def test_stored_unit_and_value(sentence, number, unit, value, measure):
    f = _fact(sentence, number)
    assert (f.unit, f.value, f.measure) == (unit, value, measure)
