"""Find GB/T 2260 regions named in Chinese text (pure helpers over `catalog.regions()`).

- `find_regions(text)`: non-overlapping (start, end, Region) spans, longest match first.
  Full names always count. Short names count for provinces and prefectures
  (厦门, 福建, 广西) and, for counties, only when they are at least two characters,
  unique across the whole country, not a common word (光明, 合作, 新兴, 平安, ...)
  and not a prefix of a longer word we know. One-character short names are never used.
  When a short name is shared by several regions, the higher level wins (吉林 → 吉林省,
  海南 → 海南省); a name shared by counties of different prefectures is not used short.
- `region_for_publisher(name)`: the area of an issuing body (厦门市科学技术局 → 厦门市,
  福建省人民政府 → 福建省, 国家统计局厦门调查队 → 厦门市).
- `region_from_title(title)`: the area a report's title names (2024年厦门市政府工作报告 → 厦门市).
"""

from __future__ import annotations

import re
from functools import cache

from orchestration.catalog import Region, region_by_code, regions
from orchestration.text.patterns import trie_regex

_LEVEL_RANK = {"country": -1, "province": 0, "prefecture": 1, "county": 2}

# Short names that are ordinary words in report prose (or far more often mean something else).
COMMON_WORD_SHORT_NAMES = frozenset(
    [
        "光明",
        "合作",
        "新兴",
        "平安",
        "富民",
        "东方",
        "共和",
        "和平",
        "大方",
        "开放",
        "城中",
        "城东",
        "城西",
        "城北",
        "城南",
        "新城",
        "兴业",
        "文明",
        "永和",
        "长安",
        "新华",
        "开化",
        "市中",
        "城关",
        "向阳",
        "红旗",
        "前进",
        "东风",
        "胜利",
        "民主",
        "团结",
        "友谊",
        "振兴",
        "安定",
        "东港",
        "新市",
        "白云",
        "青山",
        "朝阳",
        "白银",
        "来宾",
        "安康",
        "大庆",
        "阿里",
        "兴安",
        "普洱",
        "海西",
        "大理",
        "红河",
        "文山",
        "山南",
        "中山",
        "安宁",
        "宁安",
        "建设",
        "发展",
        "江北",
        "江南",
        "河东",
        "河西",
        "河北",
        "河南",
        "海东",
        "海南",
        "海北",
        "西湖",
        "上城",
        "下城",
        "南山",
        "北山",
        "新区",
        "高新",
        "开发",
        "龙华",
        "黄山",
        "金山",
        "宝山",
        "长宁",
        "普陀",
        "通州",
        "大同",
        "长春",
        "太平",
        "太和",
        "永安",
        "安全",
        "清河",
        "新乐",
        "和田",
        "龙泉",
        "龙门",
        "东山",
        "西山",
        "鼓楼",
        "台江",
        "仓山",
        "新罗",
        "城厢",
        "荔城",
        "秀屿",
        "涵江",
        "泉港",
        "丰泽",
        "洛江",
        "同安",
        "集美",
        "海沧",
        "湖里",
        "思明",
        "翔安",
        "吉林",
        "四平",
        "双桥",
        "双城",
        "东城",
        "西城",
        "南岗",
        "道里",
        "道外",
        "松北",
        "平山",
        "井陉",
        "元氏",
        "赞皇",
        "永年",
        "武安",
        "宁国",
        "广德",
        "全椒",
        "定远",
        "凤阳",
        "明光",
        "天长",
        "来安",
        "舒城",
        "金寨",
        "霍山",
        "寿县",
        "东至",
        "石台",
        "青阳",
        "当涂",
        "含山",
        "和县",
        "歙县",
        "休宁",
    ]
)
# Prefecture short names that are too ambiguous to use alone even though unique.
_AMBIGUOUS_PREFECTURE = frozenset(
    [
        "朝阳",
        "白银",
        "来宾",
        "安康",
        "大庆",
        "阿里",
        "兴安",
        "普洱",
        "海西",
        "大理",
        "红河",
        "文山",
        "山南",
        "中山",
        "海东",
        "海北",
    ]
)


# Second characters of words that start with 市/区/县 (市场, 区域, 县城): a name followed by one is suspect.
_SUFFIX_WORD_TAIL = frozenset("场民值容域位间块别城")

# County short names that are safe and common in reports (others are matched by full name only).
COUNTY_SHORT_ALLOW = frozenset({"浦东"})


@cache
def _lexicon() -> tuple[dict[str, tuple[Region, ...]], re.Pattern[str] | None]:
    """name -> candidate Regions for every usable name, and a trie regex over all names."""
    by_name = usable_names(regions())
    if not by_name:
        return by_name, None
    return by_name, re.compile(trie_regex(by_name))


def usable_names(regs) -> dict[str, tuple]:
    """The one policy for which names stand for an area in report text: name -> candidate
    regions, higher level first (used by `find_regions` and the extractor's area matcher).

    One candidate: the name is unambiguous. Several (e.g. 朝阳区 of Beijing and of Changchun):
    the text around it (a preceding region, the report's own province) must decide.
    `regs`: objects with region_code, name, short_name and level (catalog Regions).
    """
    cands: dict[str, list] = {}
    for r in regs:
        if r.level == "county" and len(r.name) <= 2:
            continue  # 和县, 涉县: too easily part of ordinary words
        cands.setdefault(r.name, []).append(r)
    full = set(cands)
    short_seen: dict[str, list[Region]] = {}
    for r in regs:
        s = r.short_name
        if not s or s == r.name or len(s) < 2:
            continue
        if r.level == "county" and s not in COUNTY_SHORT_ALLOW:
            continue
        if r.level == "prefecture" and (s in _AMBIGUOUS_PREFECTURE or s in COMMON_WORD_SHORT_NAMES):
            continue
        short_seen.setdefault(s, []).append(r)
    for s, rs in short_seen.items():
        if s in full:
            continue  # a full name wins over someone's short name
        top = min(_LEVEL_RANK[r.level] for r in rs)
        best = [r for r in rs if _LEVEL_RANK[r.level] == top]
        cands[s] = best  # 吉林/海南: the province; equal-level clashes stay ambiguous
    # Same full name at different levels (吉林省 vs none; 北京市 province only): higher level first.
    return {
        n: tuple(sorted(rs, key=lambda r: (_LEVEL_RANK[r.level], r.region_code))) for n, rs in cands.items()
    }


def find_regions(text: str) -> list[tuple[int, int, Region]]:
    """Every region named in `text` as non-overlapping (start, end, Region), leftmost-longest.

    A name shared by several regions of the same level (朝阳区) is kept only when the
    region named just before it contains exactly one of them (北京市朝阳区).
    """
    by_name, rx = _lexicon()
    if rx is None or not text:
        return []
    out: list[tuple[int, int, Region]] = []
    n = len(text)
    for m in rx.finditer(text):
        name = m.group()
        end = m.end()
        if end < n and name[-1] in "市区县" and text[end] in _SUFFIX_WORD_TAIL:
            # 新建区域, 厦门市场: the suffix belongs to the next word; retry without it
            name = name[:-1]
            end -= 1
            if name not in by_name:
                continue
        rs = by_name[name]
        r: Region | None = rs[0]
        if len(rs) > 1 and rs[1].level == rs[0].level:
            r = None
            if out and m.start() - out[-1][1] <= 2:
                inside = [c for c in rs if _is_ancestor(out[-1][2], c)]
                if len(inside) == 1:
                    r = inside[0]
        if r is not None:
            out.append((m.start(), end, r))
    return out


def _is_ancestor(a: Region, b: Region) -> bool:
    """True when a contains b."""
    codes = region_by_code()
    cur: Region | None = b
    while cur is not None and cur.parent_code:
        if cur.parent_code == a.region_code:
            return True
        cur = codes.get(cur.parent_code)
    return False


def _most_specific_leading(text: str) -> Region | None:
    """The first region named, refined by directly following sub-regions (福建省厦门市 → 厦门市)."""
    found = find_regions(text)
    if not found:
        return None
    best = found[0][2]
    end = found[0][1]
    for s, e, r in found[1:]:
        if s - end > 2:
            break
        if _is_ancestor(best, r):
            best = r
            end = e
        else:
            break
    return best


_NATIONAL = re.compile(r"^(?:国家|国务院|中华人民共和国|中共中央|全国)")


def region_for_publisher(name: str | None) -> Region | None:
    """The area of an issuing body: 厦门市科学技术局 → 厦门市; 国家统计局厦门调查队 → 厦门市.

    A national body with no local unit (国家统计局) has no region: returns None.
    """
    if not name:
        return None
    for part in re.split(r"[、,，;；/\s]+", name.strip()):
        if not part:
            continue
        part = _NATIONAL.sub("", part) if _NATIONAL.match(part) else part
        r = _most_specific_leading(part)
        if r is not None:
            return r
    return None


_YEAR_PREFIX = re.compile(r"^\s*(?:[\[【(（][^\]】)）]{1,10}[\]】)）]\s*)?(?:\d{4}\s*年(?:度)?)?\s*")


def region_from_title(title: str | None) -> Region | None:
    """The area a report title names: the first region in it, refined by sub-regions that follow."""
    if not title:
        return None
    head = _YEAR_PREFIX.sub("", title, count=1)
    return _most_specific_leading(head) or _most_specific_leading(title)


# ---- the file name a report came in ------------------------------------------------------
_PINYIN_TOKEN = re.compile(r"[a-z]+")


@cache
def _pinyin_names() -> dict[str, Region]:
    """Pinyin of province and prefecture short names (广州 → guangzhou), where unique:
    a spelling two areas share (山西/陕西 shanxi, 福州/抚州 fuzhou) names neither."""
    from pypinyin import lazy_pinyin

    seen: dict[str, list[Region]] = {}
    for r in regions():
        if r.level not in ("province", "prefecture"):
            continue
        name = r.short_name if r.short_name and len(r.short_name) >= 2 else r.name
        key = "".join(lazy_pinyin(name)).lower()
        if key.isascii() and key.isalpha():
            seen.setdefault(key, []).append(r)
    return {k: rs[0] for k, rs in seen.items() if len(rs) == 1}


def region_from_file_name(source_uri: str | None) -> Region | None:
    """The area a report's file name names, for reports whose text names none:
    广州统计年鉴2023.txt → 广州市, 317_guangzhou_yearbook2023_table17-5.txt → 广州市.
    Chinese names first, then pinyin words that spell exactly one area."""
    if not source_uri:
        return None
    stem = source_uri.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    found = find_regions(stem)
    if found:
        return found[0][2]
    hits = {r.region_code: r for t in _PINYIN_TOKEN.findall(stem.lower()) if (r := _pinyin_names().get(t))}
    return next(iter(hits.values())) if len(hits) == 1 else None
