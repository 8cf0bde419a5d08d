"""Area detection against an injectable list of GB/T 2260 regions.

A clause that opens with another area's name (福州…, a table row 泉州 …) is
about that area; names inside titles, quotes or organisation names
(天津大学, 宁德时代) are not.  Everything else keeps the report's own area.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from orchestration.regions import usable_names
from orchestration.text.patterns import first_chars, trie_regex

# a name followed by one of these is part of an organisation or thing, not an area
_ORG_SUFFIX = re.compile(
    r"地铁|轨道|大学|学院|研究院|研究所|实验室|银行|集团|公司|时代|日报|海关|港|路|街|站|机场|湾区|科学城|大桥|片区|高新区|"
    r"自贸|都市圈|中心|籍|话|方言|菜|茶|队|舰|号|一中|二中|师范|医院|农商|证券|控股|股份|卫视|电视台|文化"
)
# what may precede an area name at the start of a clause
_LEAD_WORD_LIST = ["其中", "此外", "同时", "另外", "而", "在", "据", "从", "至", "截至"]
_LEAD_CHARS = " .、,，"  # and decimal digits (re's \d)
_LEAD_WORDS = re.compile("(?:" + "|".join(_LEAD_WORD_LIST) + rf"|[ \d{re.escape(_LEAD_CHARS)}])*")
_LEAD_FIRST = first_chars(_LEAD_WORD_LIST) | frozenset(_LEAD_CHARS)  # digits: see clause_area
# what may come before and after the area name of a list item
_ITEM_LEAD = re.compile(
    r"[)）]?[ 、,，;；]*(?:和|与|及|以及)?[ ]?(?:依次为|依次是|分别为|分别是|分别|其中|为|是)?[:：]?[ ]?"
)
_ITEM_REST = re.compile(r"(?:市|省|区|县)?[ ]?(?:[(（]|为|是|达|达到|共|有|[:：])?[ ]?")
_LIST_OPENS = re.compile(r"(?:分别|依次)(?:为|是)[:：]?|(?:最高|最大|最多|居首|领先)的(?:是|为)")
_LIST_JOINS = frozenset(["、", "和", "与", "及", ",", "，"])
_MEMO_MAX = 20_000  # entries (phrases of at most _MEMO_KEY_MAX characters)
_MEMO_KEY_MAX = 64


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
        # the same names as orchestration.regions.find_regions (one policy, one stop list)
        self.by_name: dict[str, list] = {n: list(rs) for n, rs in usable_names(tuple(regions)).items()}
        self._words = sorted(self.by_name, key=len, reverse=True)
        self._regex: re.Pattern | None = None
        # names by first character / first two characters, longest first: a
        # dict probe per position instead of a ~1000-branch regex alternation
        by_first: dict[str, list[int]] = {}
        by_bigram: dict[str, list[int]] = {}
        for n in self._words:
            for key, table in ((n[0], by_first), (n[:2], by_bigram)):
                lens = table.setdefault(key, [])
                if len(n) not in lens:
                    lens.append(len(n))
        self._lens_by_first = {c: tuple(ls) for c, ls in by_first.items()}
        self._lens_by_bigram = {c: tuple(ls) for c, ls in by_bigram.items()}
        self._names = frozenset(self.by_name)
        # the first characters of clauses that clause_area can say something
        # about (besides decimal digits, and quotes and blanks it strips first)
        self.clause_openers = frozenset(self._lens_by_first) | _LEAD_FIRST if self._names else frozenset()
        # strip_names is a pure function of its argument: memoised (the phrases
        # before numbers recur), up to _MEMO_MAX entries
        self._stripped: dict[str, str] = {}
        self.codes = {r.region_code: r for rs in self.by_name.values() for r in rs}

    @property
    def regex(self) -> re.Pattern | None:
        """A regex matching any area name, longest first (compiled on first use)."""
        if self._regex is None and self._words:
            self._regex = re.compile(trie_regex(self._words))
        return self._regex

    def match_at(self, s: str, pos: int) -> str | None:
        """The longest area name starting at `pos` of `s`, else None."""
        lens = self._lens_by_first.get(s[pos : pos + 1])
        if lens is None:
            return None
        names = self._names
        for n in lens:
            w = s[pos : pos + n]
            if len(w) == n and w in names:
                return w
        return None

    def strip_names(self, s: str) -> str:
        """`s` with every area name removed (leftmost, longest first, like the trie regex)."""
        hit = self._stripped.get(s)
        if hit is not None:
            return hit
        by_bigram = self._lens_by_bigram
        names = self._names
        out: list[str] | None = None
        pos = 0  # start of the text not yet copied
        i = 0
        last = len(s) - 1
        while i < last:
            lens = by_bigram.get(s[i : i + 2])
            if lens is not None:
                for k in lens:
                    w = s[i : i + k]
                    if len(w) == k and w in names:
                        if out is None:
                            out = []
                        out.append(s[pos:i])
                        i += k
                        pos = i
                        break
                else:
                    i += 1
                continue
            i += 1
        if out is None:
            result = s
        else:
            out.append(s[pos:])
            result = "".join(out)
        if len(self._stripped) < _MEMO_MAX and len(s) <= _MEMO_KEY_MAX:
            self._stripped[s] = result
        return result

    def resolve(self, name: str, context_code: str | None) -> str | None:
        """The region a name stands for: the only candidate, the one of a higher level, or the
        one in the report's own province; None when equals (朝阳区 of Beijing and of Changchun)
        cannot be told apart — as `orchestration.regions.find_regions` decides."""
        cands = self.by_name.get(name)
        if not cands:
            return None
        if len(cands) == 1 or cands[1].level != cands[0].level:
            return cands[0].region_code  # (higher level first)
        if context_code:
            ctx = self.codes.get(context_code)
            prov = ctx.province_code if ctx else context_code[:2] + "0000"
            inside = [c for c in cands if c.province_code == prov]
            if len(inside) == 1:
                return inside[0].region_code
        return None

    def item_area(self, item: str) -> str | None:
        """The area name a list item is about: 苏州(961.4亿元) / 、南京为645.3亿元 / 依次为无锡(.

        The item is the text from the previous number (or the clause start) up to this
        number; it must hold nothing but list words, the name and a bracket or copula."""
        if not self._names:
            return None
        if "为" in item or "是" in item:
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
        after = clause[end : end + 4]
        if _ORG_SUFFIX.match(after):
            return None
        if after[:1] in ("、", "和", "与", "及"):
            return None  # 福州、厦门、泉州入选…: a list of areas, not one
        return self.resolve(name, context_code)


@cache
def default_matcher() -> AreaMatcher:
    try:
        from orchestration.catalog import regions

        return AreaMatcher(regions())
    except Exception:  # regions seed missing or unreadable: keep the context area
        return AreaMatcher(())
