"""THE region-name matcher (`catalog/region_names.py`): parser metadata and extractor areas alike.

Sentences are written for these tests; none is taken from a report of the corpus.
"""

from __future__ import annotations

import pytest

from orchestration.catalog.region_names import (
    ORDINARY_WORDS_TXT,
    default_names,
    find_regions,
    ordinary_words,
    region_for_publisher,
    region_from_title,
)
from orchestration.catalog.regions import regions
from orchestration.extract.areas import default_matcher


def _found(text: str) -> list[tuple[str, str]]:
    return [(text[s:e], r.region_code) for s, e, r in find_regions(text)]


def test_find_regions_full_and_short_names() -> None:
    text = "福州赶超厦门，泉州市和深圳市、宁波，广西壮族自治区与内蒙古，福建省厦门市湖里区，浦东"
    assert _found(text) == [
        ("福州", "350100"),
        ("厦门", "350200"),
        ("泉州市", "350500"),
        ("深圳市", "440300"),
        ("宁波", "330200"),
        ("广西壮族自治区", "450000"),
        ("内蒙古", "150000"),
        ("福建省", "350000"),
        ("厦门市", "350200"),
        ("湖里区", "350206"),
        ("浦东", "310115"),
    ]


def test_find_regions_avoids_common_words() -> None:
    text = "资源配置更加优化，新建区域创新中心，惠民政策落地，富裕程度提高，友好合作，光明前景，新兴产业，城市和县城"
    assert _found(text) == []


def test_shared_names_resolved_by_context_or_dropped() -> None:
    assert _found("北京市朝阳区") == [("北京市", "110000"), ("朝阳区", "110105")]
    assert _found("朝阳区") == []  # Beijing's or Changchun's: undecidable alone
    assert _found("吉林省吉林市") == [("吉林省", "220000"), ("吉林市", "220200")]
    assert _found("吉林") == [("吉林", "220000")]  # a shared short name goes to the higher level


@pytest.mark.parametrize(
    ("publisher", "code"),
    [
        ("厦门市科学技术局", "350200"),
        ("福建省人民政府", "350000"),
        ("福建省人民政府(省长 赵龙)", "350000"),
        ("厦门市统计局、国家统计局厦门调查队", "350200"),
        ("国家统计局宁波调查队", "330200"),
        ("福建省厦门市思明区人民政府", "350203"),
        ("深圳市科技创新局", "440300"),
        ("科技局", None),
        ("国家统计局", None),
        ("", None),
    ],
)
def test_region_for_publisher(publisher: str, code: str | None) -> None:
    r = region_for_publisher(publisher)
    assert (r.region_code if r else None) == code


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("2024年厦门市政府工作报告", "350200"),
        ("2026年福建省政府工作报告——2026年1月27日在福建省第十四届人民代表大会第四次会议上", "350000"),
        ("厦门市2021年国民经济和社会发展统计公报", "350200"),
        ("[福建] 2024年厦门市政府工作报告", "350200"),
        ("泉州市科学技术局2023年工作总结", "350500"),
        ("关于印发工作要点的通知", None),
    ],
)
def test_region_from_title(title: str, code: str | None) -> None:
    r = region_from_title(title)
    assert (r.region_code if r else None) == code


@pytest.mark.parametrize(
    "phrase",
    ["中山市技术合同成交额", "白银市研发投入", "朝阳区高新技术企业", "浦东新区研发投入", "浦东研发投入"],
)
def test_parser_and_extractor_read_areas_alike(phrase):
    """One name policy (region_names.usable_names) behind find_regions and the extractor's matcher."""
    found = find_regions(phrase)
    parser = found[0][2].region_code if found and found[0][0] == 0 else None
    assert default_matcher().clause_area(phrase, "350200") == parser


def _parser_area(sentence: str) -> str | None:
    """The area `find_regions` reads at the start of a sentence (what metadata inference sees)."""
    found = find_regions(sentence)
    return found[0][2].region_code if found and found[0][0] == 0 else None


@pytest.mark.parametrize(
    ("sentence", "area"),
    [
        # ordinary words: 中山 (a road, a park, Sun Yat-sen), 白银 (silver), 朝阳 (rising sun),
        # 光明 (bright) are not areas by themselves ...
        ("中山路沿线新开设创新孵化空间12个", None),
        ("白银价格上涨带动有色金属产值增长8%", None),
        ("朝阳产业蓬勃发展，新增企业300家", None),
        ("光明前景鼓舞人心，全年引进人才500人", None),
        # ... but their full names are, and context decides a name two regions share
        ("中山市全年技术合同成交额达到50亿元", "442000"),
        ("白银市研发经费投入增长10%", "620400"),
        ("光明区新增国家高新技术企业120家", "440311"),
        ("朝阳区新增孵化器5家", None),  # Beijing's or Changchun's: the sentence alone cannot say
        # 浦东 is a district even by its short name; 香格里拉 only by its full name (a hotel brand)
        ("浦东研发投入强度达到4.5%", "310115"),
        ("浦东新区集成电路产业规模突破3000亿元", "310115"),
        ("香格里拉酒店客房入住率为70%", None),
        ("香格里拉市旅游收入增长15%", "533401"),
    ],
)
def test_one_answer_for_parser_and_extractor(sentence: str, area: str | None) -> None:
    assert _parser_area(sentence) == area
    assert default_matcher().clause_area(sentence, "350200") == area


def test_context_picks_the_one_in_the_reports_province() -> None:
    names = default_names()
    assert names.resolve("朝阳区", "110000") == "110105"  # a Beijing report
    assert names.resolve("朝阳区", "220100") == "220104"  # a Changchun report
    assert names.resolve("朝阳区", None) is None
    assert _parser_area("北京市朝阳区新增孵化器5家") == "110000"
    assert [r.region_code for _, _, r in find_regions("北京市朝阳区新增孵化器5家")] == ["110000", "110105"]


def test_the_stop_list_is_data_and_names_only_prefectures() -> None:
    words = ordinary_words()
    assert {"中山", "白银", "朝阳"} <= words
    assert ORDINARY_WORDS_TXT.name == "ordinary_words.txt"
    prefecture_shorts = {r.short_name for r in regions() if r.level == "prefecture"}
    assert sorted(words - prefecture_shorts) == []  # an entry that is no prefecture would do nothing
    province_shorts = {r.short_name for r in regions() if r.level == "province"}
    for w in words - province_shorts:  # 吉林, 海南 stay the provinces
        assert w not in default_names().by_name, w


def test_county_short_names_are_not_areas_unless_allowed() -> None:
    # 思明 (Xiamen's 思明区) is a county short name: only the full name counts
    assert _parser_area("思明区新增企业20家") == "350203"
    assert _parser_area("思明新增企业20家") is None
    assert default_matcher().clause_area("思明新增企业20家", "350200") is None
