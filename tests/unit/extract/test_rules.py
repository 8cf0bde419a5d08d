"""The `rule` vocabulary: every rule the extractor writes is one of rules.py, and each rule
fires on the sentence its comment names."""

from pathlib import Path

import pytest

from orchestration.extract import DocumentContext, extract_facts, rules

ROOT = Path(__file__).resolve().parents[3]
CTX = DocumentContext(region_code="350200", covered_year=2023, published_year=2024)


def _parts(rule: str) -> tuple[str, str | None, bool]:
    found_by, *rest = rule.split("+")
    scoped = rest[-1:] == [rules.SCOPE]
    if scoped:
        rest = rest[:-1]
    assert len(rest) <= 1, rule
    return found_by, (rest[0] if rest else None), scoped


def test_every_rule_on_the_bundled_corpus_is_in_the_vocabulary():
    seen = set()
    for path in sorted((ROOT / "seeds" / "reports").glob("*.txt")):
        for f in extract_facts(path.read_text(encoding="utf-8"), CTX):
            found_by, qualifier, scoped = _parts(f.rule)
            assert found_by in rules.FOUND_BY, (path.name, f.rule)
            assert qualifier is None or qualifier in rules.QUALIFIERS, (path.name, f.rule)
            assert f.rule == rules.rule_of(found_by, qualifier, scoped)
            seen.add(found_by)
    assert {rules.ALIAS_BEFORE, rules.INHERITED} <= seen


@pytest.mark.parametrize(
    ("sentence", "number", "rule", "code"),
    [
        ("全市技术合同成交额186.5亿元。", "186.5亿元", "alias_before", "tech_contract_value"),
        ("全市新增6家新型研发机构。", "6家", "alias_after", "new_rd_institutions"),
        ("全市研发投入120亿元，增长12%。", "12%", "inherited", "rd_expenditure"),
        ("厦门上升12位，首次入围全球百强科技集群。", "12位", "inherited_after", "wipo_cluster_rank"),
        (
            "城镇、农村居民人均可支配收入分别增长4.5%、5.7%。",
            "5.7%",
            "respectively",
            "disposable_income_rural",
        ),
        ("全市地区生产总值比上年增加523亿元。", "523亿元", "alias_before+abs_change", None),
        ("人均可支配收入约为全国平均的70%。", "70%", "alias_before+relative", None),
        ("全市研发投入年均增长8%。", "8%", "alias_before+multi_year", None),
        ("五年来，城镇新增就业265.15万人。", "265.15万人", "alias_before+multi_year", None),
        ("全市研发投入较2020年增长30%。", "30%", "alias_before+other_base", None),
        ("全市科技贷款余额达到500亿元。", "500亿元", "alias_before+excluded", None),
        ("全市实际使用外资9亿美元，折合人民币62亿元。", "62亿元", "inherited+converted", None),
        ("全市技术合同成交额186.5亿元，其中技术交易额152.3亿元。", "152.3亿元", "alias_before+part", None),
        ("省属企业研发投入133.5亿元。", "133.5亿元", "alias_before+scope", None),
    ],
)
def test_a_rule_fires_on_its_sentence(sentence, number, rule, code):
    facts = {f.reported_text: f for f in extract_facts(sentence, CTX)}
    assert (facts[number].rule, facts[number].indicator_code) == (rule, code)
