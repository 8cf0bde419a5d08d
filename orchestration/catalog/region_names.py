"""THE matcher of region names in Chinese text (parser metadata and extractor areas alike).

- `usable_names(regions)`: which names stand for an area. Full names always count (county full
  names of at least three characters: 和县 is too easily part of a word). Short names count
  for provinces and prefectures (厦门, 福建, 广西) unless the prefecture's short name is an
  ordinary word (`ordinary_words.txt`: 中山, 白银, 朝阳, 光明 …); county short names only
  when allow-listed (浦东). When a short name is shared by several regions, the higher level
  wins (吉林 → 吉林省, 海南 → 海南省); a name shared by regions of one level stays ambiguous.
- `RegionNames(regions)`: those names as a lookup: `match_at`, `strip_names`, `resolve` (an
  ambiguous name through the report's own province), `regex`.
- `find_regions(text)`: non-overlapping (start, end, Region) spans, longest match first.
- `region_for_publisher(name)`: the area of an issuing body (厦门市科学技术局 → 厦门市,
  福建省人民政府 → 福建省, 国家统计局厦门调查队 → 厦门市).
- `region_from_title(title)`: the area a report's title names (2024年厦门市政府工作报告 → 厦门市).
- `region_from_file_name(uri)`: the area a file name names (广州统计年鉴2023.txt → 广州市).

Where a clause starts and which words may precede an area there (其中, 在 …) is the
extractor's business (`orchestration/extract/areas.py`), built on `RegionNames`.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from orchestration.catalog.regions import Region, region_by_code, regions
from orchestration.text.patterns import trie_regex

_LEVEL_RANK = {"country": -1, "province": 0, "prefecture": 1, "county": 2}

# Short names that are ordinary words in report prose (光明, 中山, 白银, 朝阳 …): data, one a line.
ORDINARY_WORDS_TXT = Path(__file__).with_name("ordinary_words.txt")


@cache
def ordinary_words() -> frozenset[str]:
    """The stop list of `ordinary_words.txt`: prefecture short names not used alone."""
    lines = ORDINARY_WORDS_TXT.read_text(encoding="utf-8").splitlines()
    return frozenset(w for line in lines if (w := line.strip()) and not w.startswith("#"))


# Second characters of words that start with 市/区/县 (市场, 区域, 县城): a name followed by one is suspect.
_SUFFIX_WORD_TAIL = frozenset("场民值容域位间块别城")

# County short names that are safe and common in reports (others are matched by full name only).
COUNTY_SHORT_ALLOW = frozenset({"浦东"})


def usable_names(regs) -> dict[str, tuple]:
    """The one policy for which names stand for an area in report text: name -> candidate
    regions, higher level first (used by `find_regions` and the extractor's area matcher).

    One candidate: the name is unambiguous. Several (e.g. 朝阳区 of Beijing and of Changchun):
    the text around it (a preceding region, the report's own province) must decide.
    `regs`: objects with region_code, name, short_name and level (catalog Regions).
    """
    stop = ordinary_words()
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
        if r.level == "prefecture" and s in stop:
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


_MEMO_MAX = 20_000  # entries (phrases of at most _MEMO_KEY_MAX characters)
_MEMO_KEY_MAX = 64


class RegionNames:
    """The usable names of `regions` (see `usable_names`) as a lookup, longest name first.

    `regions`: objects with region_code, name, short_name, level, parent_code, province_code
    (catalog `Region`s; tests pass a handful)."""

    def __init__(self, regions) -> None:
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
        cannot be told apart."""
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


@cache
def default_names() -> RegionNames:
    """`RegionNames` over the GB/T 2260 seed."""
    return RegionNames(regions())


def find_regions(text: str) -> list[tuple[int, int, Region]]:
    """Every region named in `text` as non-overlapping (start, end, Region), leftmost-longest.

    A name shared by several regions of the same level (朝阳区) is kept only when the
    region named just before it contains exactly one of them (北京市朝阳区).
    """
    names = default_names()
    by_name, rx = names.by_name, names.regex
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
