"""Area detection against an injectable list of GB/T 2260 regions.

A clause that opens with another area's name (福州…, a table row 泉州 …) is
about that area; names inside titles, quotes or organisation names
(天津大学, 宁德时代) are not.  Everything else keeps the report's own area.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from orchestration.extract.indicators import _trie_regex

# a name followed by one of these is part of an organisation or thing, not an area
_ORG_SUFFIX = re.compile(
    r"地铁|轨道|大学|学院|研究院|研究所|实验室|银行|集团|公司|时代|日报|海关|港|路|街|站|机场|湾区|科学城|大桥|片区|高新区|"
    r"自贸|都市圈|中心|籍|话|方言|菜|茶|队|舰|号|一中|二中|师范|医院|农商|证券|控股|股份|卫视|电视台|文化"
)
# what may precede an area name at the start of a clause
_LEAD_WORDS = re.compile(r"(?:其中|此外|同时|另外|而|在|据|从|至|截至|[ \d.、,，])*")
_GENERIC_SHORT = frozenset({"城区", "郊区", "新区", "矿区", "市辖区", "开发区", "高新区", "县", "区", "市"})


@dataclass(frozen=True, slots=True)
class RegionLike:
    region_code: str
    name: str
    short_name: str
    level: str
    parent_code: str | None
    province_code: str


class AreaMatcher:
    def __init__(self, regions) -> None:
        self.by_name: dict[str, list] = {}
        for r in regions:
            names = {r.name}
            if (
                r.short_name
                and len(r.short_name) >= 2
                and r.short_name not in _GENERIC_SHORT
                and (r.level in ("province", "prefecture") or len(r.short_name) >= 3)
            ):
                names.add(r.short_name)
            for n in names:
                self.by_name.setdefault(n, []).append(r)
        words = sorted(self.by_name, key=len, reverse=True)
        self.regex = re.compile(_trie_regex(words)) if words else None
        self.codes = {r.region_code: r for rs in self.by_name.values() for r in rs}

    def resolve(self, name: str, context_code: str | None) -> str | None:
        cands = self.by_name.get(name)
        if not cands:
            return None
        if len(cands) == 1 or not context_code:
            return cands[0].region_code
        ctx = self.codes.get(context_code)
        prov = ctx.province_code if ctx else context_code[:2] + "0000"
        for c in cands:  # prefer the context's own province
            if c.province_code == prov:
                return c.region_code
        for c in cands:
            if c.level != "county":
                return c.region_code
        return cands[0].region_code

    def clause_area(self, clause: str, context_code: str | None) -> str | None:
        """The area a clause is about when it opens with an area's name, else None."""
        if self.regex is None:
            return None
        lead = _LEAD_WORDS.match(clause)
        m = self.regex.match(clause, lead.end() if lead else 0)
        if not m:
            return None
        after = clause[m.end() : m.end() + 4]
        if _ORG_SUFFIX.match(after):
            return None
        if after[:1] in ("、", "和", "与", "及"):
            return None  # 福州、厦门、泉州入选…: a list of areas, not one
        return self.resolve(m.group(0), context_code)


@cache
def default_matcher() -> AreaMatcher:
    try:
        from orchestration.catalog import regions

        return AreaMatcher(regions())
    except Exception:  # regions seed missing or unreadable: keep the context area
        return AreaMatcher(())
