"""The GB/T 2260 region seed (`catalog/regions.py`)."""

from __future__ import annotations

import csv

import pytest

from orchestration.catalog.regions import REGIONS_CSV, region_by_code, regions


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
