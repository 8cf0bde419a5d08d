"""Property tests: no crash on arbitrary text, offsets slice back, values round-trip."""

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orchestration.extract.areas import AreaMatcher
from orchestration.extract.engine import extract_facts
from orchestration.extract.facts import DocumentContext
from orchestration.text.numerals import MULTIPLIERS, parse_number

CTX = DocumentContext(region_code="350200", covered_year=2023, published_year=2024)
AREAS = AreaMatcher(())

_PIECES = [
    "技术合同成交额",
    "国家高新技术企业",
    "R&D经费投入强度",
    "同比增长",
    "超过",
    "约",
    "左右",
    "以上",
    "达",
    "预计",
    "力争2024年",
    "占全省",
    "个百分点",
    "亿元",
    "万元",
    "家",
    "项",
    "%",
    "％",
    "第",
    "位",
    "上升",
    "，",
    "。",
    "、",
    "分别",
    "\n",
    " ",
    "１２３",
    "３．５",
    "一千二百",
    "三",
    "两院",
    "十四五",
    "(tǒng)",
    "[b]",
    "[/b]",
    "國家",
    "億元",
    "0592-",
    "〔2024〕",
    "《",
    "》",
    "“",
    "”",
    "-",
    "—",
    "~",
    "余",
    "多",
]
chinese_text = st.lists(
    st.one_of(st.sampled_from(_PIECES), st.text(max_size=3), st.integers(0, 99999).map(str)), max_size=40
).map("".join)


def _check(text: str) -> None:
    for f in extract_facts(text, CTX, areas=AREAS):
        assert 0 <= f.char_start < f.char_end <= len(text)
        assert text[f.char_start : f.char_end] == f.reported_text
        assert f.evidence and f.comparator in {"=", ">", ">=", "~", "<"}
        assert f.value_kind in {"actual", "estimate", "target"}
        assert f.measure in {"level", "yoy_pct", "pp_change", "share_pct", "rank_change"}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_no_crash_on_arbitrary_unicode(text):
    _check(text)


@settings(max_examples=300, deadline=None)
@given(chinese_text)
def test_offsets_slice_back_on_report_like_text(text):
    _check(text)


@settings(max_examples=200, deadline=None)
@given(
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2),
    st.sampled_from(["亿元", "万元", "元", "万家", "家", "万人", "%"]),
)
def test_values_survive_unit_round_trips(number, unit):
    text = f"技术合同成交额{number}{unit}。"
    facts = extract_facts(text, CTX, areas=AREAS)
    assert len(facts) == 1
    f = facts[0]
    assert f.value == parse_number(f.reported_value) * f.multiplier
    assert f.value / f.multiplier == number
    mult = f.reported_unit[:-1] if len(f.reported_unit) > 1 and f.reported_unit[:-1] in MULTIPLIERS else ""
    assert f.multiplier == MULTIPLIERS[mult]
