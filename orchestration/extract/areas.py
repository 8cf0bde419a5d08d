"""Area detection against an injectable list of GB/T 2260 regions.

A clause that opens with another area's name (福州…, a table row 泉州 …) is
about that area; names inside titles, quotes or organisation names
(天津大学, 宁德时代) are not.  Everything else keeps the report's own area.
"""

from __future__ import annotations

import re
from functools import cache

from orchestration.catalog.region_names import RegionNames
from orchestration.text.patterns import first_chars

# a name followed by one of these is part of an organisation or thing, not an area
_ORG_SUFFIX = re.compile(
    r"地铁|轨道|大学|学院|研究院|研究所|实验室|银行|集团|公司|时代|日报|海关|港|路|街|站|机场|湾区|科学城|大桥|片区|高新区|"
    r"自贸|都市圈|中心|籍|话|方言|菜|茶|队|舰|号|一中|二中|师范|医院|农商|证券|控股|股份|卫视|电视台|文化"
)
# what may precede an area name at the start of a clause
_LEAD_WORD_LIST = ["其中", "此外", "同时", "另外", "而", "在", "据", "从", "至", "截至"]
_LEAD_CHARS = " .、,，"  # and decimal digits (re's \d)
# a year opening a clause (2021年深圳全市…, 截至2023年底，全国…): it dates the clause, names no area
CLAUSE_YEAR = r"(?:截至|截止|到)?(?:19|20)\d{2}[ ]?年(?:度|底|末)?[，,]?"
_LEAD_WORDS = re.compile(
    "(?:" + "|".join(_LEAD_WORD_LIST) + rf"|{CLAUSE_YEAR}|[ \d{re.escape(_LEAD_CHARS)}])*"
)
_LEAD_FIRST = first_chars(_LEAD_WORD_LIST) | frozenset(_LEAD_CHARS)  # digits: see clause_area
# what may come before and after the area name of a list item
_ITEM_LEAD = re.compile(
    r"[)）]?[ 、,，;；]*(?:和|与|及|以及)?[ ]?(?:依次为|依次是|分别为|分别是|分别|其中|为|是)?[:：]?[ ]?"
)
_ITEM_REST = re.compile(r"(?:市|省|区|县)?[ ]?(?:[(（]|为|是|达|达到|共|有|[:：])?[ ]?")
# the nouns that name a group of areas (超过3%的设区市有… / …的市州有… / …的盟市有…); a bare 的有
# (超过全省平均水平的有杭州(3.59%)…) names one too
_GROUP_NOUN = (
    r"设区市|地级市|市州|市[（(]州[)）]|地市|盟市|城市|市|区|县|区县|县区|县市区|市县|地区|省份|省区市"
)
_LIST_OPENS = re.compile(
    r"(?:分别|依次)(?:为|是)[:：]?|(?:最高|最大|最多|居首|领先)的(?:是|为)|"
    # …强度超过全国平均水平的设区市有厦门(3.90%): the areas of a group, listed
    rf"的(?:{_GROUP_NOUN})(?:中)?(?:有|包括|为|是)[:：]?|的(?:有|包括)[:：]?"
)
# a qualifier naming a group of areas, then its list: 排名前三的设区市分别为 / 超过3%的城市有
AREA_GROUP = re.compile(
    rf"[^，,。；;]{{0,20}}?的(?:(?:{_GROUP_NOUN})(?:中)?(?:分别|依次)?(?:有|包括|为|是)|(?:有|包括))[:：]?"
)
_LIST_JOINS = frozenset(["、", "和", "与", "及", ",", "，"])


class AreaMatcher(RegionNames):
    """The region-name lookup (`catalog.region_names.RegionNames`) plus what the extractor asks
    of a clause: does it open with an area, is a list item an area, is there a list of areas."""

    def __init__(self, regions) -> None:
        super().__init__(regions)
        # the first characters of clauses that clause_area can say something
        # about (besides decimal digits, and quotes and blanks it strips first)
        self.clause_openers = frozenset(self._lens_by_first) | _LEAD_FIRST if self._names else frozenset()

    def item_area(self, item: str) -> str | None:
        """The area name a list item is about: 苏州(961.4亿元) / 、南京为645.3亿元 / 依次为无锡(.

        The item is the text from the previous number (or the clause start) up to this
        number; it must hold nothing but list words, the name and a bracket or copula."""
        if not self._names:
            return None
        if "为" in item or "是" in item or "有" in item or "包括" in item:
            # the first item after its topic: …排名前三的区分别为思明区(4.1%)
            cut = _LIST_OPENS.search(item)
            if cut is not None:
                item = item[cut.end() :]
        m = _ITEM_LEAD.match(item)
        start = m.end() if m else 0
        name = self.match_at(item, start)
        if name is None:
            return None
        rest = item[start + len(name) :]
        return name if _ITEM_REST.fullmatch(rest) else None

    def area_list_in(self, text: str, n: int) -> list[str] | None:
        """The last run of exactly `n` area names joined by 、/和/与/及 in `text` (绵阳、成都2个市),
        else None."""
        runs: list[list[str]] = []
        run: list[str] = []
        i, end_prev = 0, -1
        while i < len(text):
            name = self.match_at(text, i)
            if name is None:
                i += 1
                continue
            if run and text[end_prev:i] not in _LIST_JOINS:
                runs.append(run)
                run = []
            run.append(name)
            i += len(name)
            if (
                text[i : i + 1] in ("市", "省", "县", "区")
                and (text[i - len(name) : i] + text[i]) not in self._names
            ):
                i += 1  # 绵阳市、成都市: the level word that the short name left out
            end_prev = i
        if run:
            runs.append(run)
        for r in reversed(runs):
            if len(r) == n:
                return r
        return None

    def areas_opening(self, clause: str) -> list[str]:
        """The two or more area names a clause opens with (南京、苏州两市… → [南京, 苏州]), else []."""
        lead = _LEAD_WORDS.match(clause)
        i = lead.end() if lead else 0
        names: list[str] = []
        while (name := self.match_at(clause, i)) is not None:
            names.append(name)
            i += len(name)
            if clause[i : i + 1] in ("市", "省", "县", "区") and name + clause[i] not in self._names:
                i += 1  # 南京市、苏州市: the level word the short name left out
            if clause[i : i + 1] not in ("、", "和", "与", "及"):
                break
            i += 1
        return names if len(names) > 1 else []

    def clause_area(self, clause: str, context_code: str | None) -> str | None:
        """The area a clause is about when it opens with an area's name, else None."""
        if not self._names:
            return None
        c0 = clause[:1]
        if c0 not in self._lens_by_first and c0 not in _LEAD_FIRST and not c0.isdecimal():
            return None  # opens with neither an area name nor a lead word
        if c0 in _LEAD_FIRST or c0.isdecimal():
            lead = _LEAD_WORDS.match(clause)
            start = lead.end() if lead else 0
        else:
            start = 0  # (what _LEAD_WORDS matches then: nothing)
        name = self.match_at(clause, start)
        if name is None:
            return None
        end = start + len(name)
        inner = self.match_at(clause, end)
        if inner is not None:
            # 厦门市集美区… / 福建省厦门市…: the area inside the one named first
            outer_code = self.resolve(name, context_code)
            inner_code = self.resolve(inner, outer_code)
            if outer_code and inner_code and _inside(inner_code, outer_code):
                name, context_code, end = inner, outer_code, end + len(inner)
        after = clause[end : end + 4]
        if _ORG_SUFFIX.match(after):
            return None
        if after[:1] in ("、", "和", "与", "及"):
            return None  # 福州、厦门、泉州入选…: a list of areas, not one
        return self.resolve(name, context_code)


def _inside(inner: str, outer: str) -> bool:
    """Whether GB/T 2260 code `inner` lies inside `outer` (a city in its province, a district in its city)."""
    if inner == outer:
        return False
    if outer.endswith("0000"):
        return inner[:2] == outer[:2]
    return outer.endswith("00") and inner[:4] == outer[:4]


@cache
def default_matcher() -> AreaMatcher:
    try:
        from orchestration.catalog.regions import regions

        return AreaMatcher(regions())
    except Exception:  # regions seed missing or unreadable: keep the context area
        return AreaMatcher(())
