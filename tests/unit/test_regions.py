"""The GB/T 2260 region seed and the region finder helpers."""

from __future__ import annotations

import csv

import pytest

from orchestration.catalog import REGIONS_CSV, region_by_code, regions
from orchestration.regions import find_regions, region_for_publisher, region_from_title


def test_seed_columns_and_levels() -> None:
    with REGIONS_CSV.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == [
            "region_code",
            "name",
            "short_name",
            "level",
            "parent_code",
            "province_code",
        ]
        rows = list(reader)
    codes = [r["region_code"] for r in rows]
    assert len(codes) == len(set(codes))
    levels = {r["level"] for r in rows}
    assert levels == {"country", "province", "prefecture", "county"}
    assert [r for r in rows if r["level"] == "country"] == [
        {
            "region_code": "100000",
            "name": "中华人民共和国",
            "short_name": "",
            "level": "country",
            "parent_code": "",
            "province_code": "100000",
        }
    ]  # 全国 (by the observation contract); no short name, so 全国重点实验室 is no area
    by = {r["region_code"]: r for r in rows}
    for r in rows:
        assert len(r["region_code"]) == 6 and r["region_code"].isdigit()
        assert r["province_code"] in by and by[r["province_code"]]["level"] in ("country", "province")
        if r["level"] in ("country", "province"):
            assert r["parent_code"] == ""
        else:
            assert r["parent_code"] in by
    assert sum(r["level"] == "province" for r in rows) == 34
    assert sum(r["level"] == "prefecture" for r in rows) >= 330
    assert sum(r["level"] == "county" for r in rows) >= 2800


@pytest.mark.parametrize(
    ("code", "name", "short", "level", "parent"),
    [
        ("350200", "厦门市", "厦门", "prefecture", "350000"),
        ("350000", "福建省", "福建", "province", None),
        ("350100", "福州市", "福州", "prefecture", "350000"),
        ("350500", "泉州市", "泉州", "prefecture", "350000"),
        ("440300", "深圳市", "深圳", "prefecture", "440000"),
        ("330200", "宁波市", "宁波", "prefecture", "330000"),
        ("110000", "北京市", "北京", "province", None),
        ("500000", "重庆市", "重庆", "province", None),
        ("450000", "广西壮族自治区", "广西", "province", None),
        ("310115", "浦东新区", "浦东", "county", "310000"),
        ("350206", "湖里区", "湖里", "county", "350200"),
        ("222400", "延边朝鲜族自治州", "延边", "prefecture", "220000"),
        ("429004", "仙桃市", "仙桃", "county", "420000"),
    ],
)
def test_known_regions(code: str, name: str, short: str, level: str, parent: str | None) -> None:
    r = region_by_code()[code]
    assert (r.name, r.short_name, r.level, r.parent_code) == (name, short, level, parent)


def test_municipalities_have_no_pseudo_prefecture() -> None:
    codes = region_by_code()
    for pseudo in ("110100", "120100", "310100", "500100", "500200"):
        assert pseudo not in codes
    assert codes["110105"].parent_code == "110000"  # 朝阳区 hangs off 北京市


def test_regions_are_ordered_provinces_first() -> None:
    levels = [r.level for r in regions()]
    assert levels.index("prefecture") > max(i for i, lv in enumerate(levels) if lv == "province")


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
    """One name policy (regions.usable_names) behind find_regions and the extractor's matcher."""
    from orchestration.extract.areas import default_matcher
    from orchestration.regions import find_regions

    found = find_regions(phrase)
    parser = found[0][2].region_code if found and found[0][0] == 0 else None
    assert default_matcher().clause_area(phrase, "350200") == parser
