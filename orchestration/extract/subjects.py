"""Subjects: which catalog alias (or which phrase) a number is about, from the words around it.

* `find_alias(lex, phrase)` — the alias ending last in the words before a number (技术合同成交额);
* `post_alias(lex, view, pos)` — an alias or counted noun right after it (6家新型研发机构);
* `own_words(...)` — what a phrase says of its own once cue words, years and areas are gone;
* `whole_code(lex, clause_head)` — the indicator a share clause names as its whole (占全省R&D经费的).
"""

from __future__ import annotations

import re
from functools import lru_cache

from orchestration.extract import cues
from orchestration.extract.areas import AreaMatcher
from orchestration.extract.indicators import Lexicon, strip_quotes

_POST_STOP = re.compile(
    r"^(?:的)?(?:增长|同比|比上年|较上年|比|较|占|以上|左右|上下|以下|以内|分别|大关|关口|、|和|与|及|或|为|是|达|,|，|。|；|;|：|:|\)|）|$)"
)
_POST_NOUN = re.compile(r"(?:的)?([\u4e00-\u9fffA-Za-z&()（）·\-]{1,16})")
_POST_CUT = re.compile(  # (punctuation as literals, not a [class]: see cues.FILLER_RE)
    r"增长|增加|增至|增到|升至|降至|减至|提高|提升|上升|下降|减少|降低|扩大|跃升|同比|比上年|较上年|入选|获得|获|被|实现|完成|参赛|落地|上市|开工|建成|覆盖|"
    + "|".join(map(re.escape, "，,。；;、：:\n（("))
)
# years in the words before a number (提高到2020年的 / 比2023年同期): no subject of their own
_BASE_YEAR_WORDS = re.compile(
    r"(?:较|比|与|同)?(?:(?:19|20)\d{2}[ ]?年(?:度|底|末|同期)?|上一?年(?:同期|末|底)?|去年(?:同期)?)(?:相比)?"
)
RUN_OF_YEARS = re.compile(r"连续[0-9一二两三四五六七八九十]{1,2}年")
_NOUN_END = frozenset("等和与及的、")  # what may follow a counted noun (6家新型研发机构等)
_AREA_WORD = re.compile(r"[全我本][省市区县]")
# …占Y / …相当于Y的比例 / …与Y之比: Y is the denominator
_DENOMINATOR_LEAD = re.compile(r"占(?!比)|相当于|与(?=[^，,。；;与]{1,16}?之比)")


# (a pure function of the phrase and the catalog; the phrases before numbers recur:
# 同比增长, 全市技术合同成交额)
@lru_cache(maxsize=20_000)
def find_alias(lex: Lexicon, stripped: str) -> tuple[str, int] | None:
    """The alias ending last in `stripped` (the longest one among those), skipping
    denominators (占Y), as (alias, end offset): 全市技术合同成交额 → (技术合同成交额, 9);
    研发投入占地区生产总值的比重 → (研发投入, 4), not 地区生产总值."""
    best = None
    best_end = -1
    # …占Y的比重 / …相当于Y的比例: an alias inside Y names the whole, not the number's subject
    lead = None
    if "占" in stripped or "相当于" in stripped or "之比" in stripped:
        lead = next(_DENOMINATOR_LEAD.finditer(stripped), None)
    for m in lex.alias_re.finditer(stripped):
        s, e = m.span()
        if e == s:
            continue
        if lead is not None and s >= lead.end():
            continue
        if e >= best_end:
            best, best_end = m, e
    return (best.group(0), best_end) if best is not None else None


def alias_after(lex: Lexicon, view: str, pos: int) -> tuple[str | None, str]:
    """An alias or head noun right after a quantity: 6家新型研发机构, 3位科学家."""
    cut = _POST_CUT.search(view, pos, pos + 24)  # (no lookaround: as on the slice)
    stripped = strip_quotes(view[pos : cut.start() if cut else pos + 24])
    if not stripped:
        return None, ""  # (what the steps below give for nothing: no alias, no noun)
    if stripped.startswith("的"):
        stripped = stripped[1:]
    # an alias can only start with the first character of one
    if lex.alias_firsts is None or stripped[:1] in lex.alias_firsts:
        m = lex.alias_re.match(stripped)
        if m and m.end() > 0:
            rest = stripped[m.end() :]
            if not rest or not ("\u4e00" <= rest[0] <= "\u9fff") or rest[0] in _NOUN_END:
                return m.group(0), stripped
            # 9个科技特派员工作站等载体: the number counts stations, not commissioners
            nm = _POST_NOUN.match(stripped)
            return None, (nm.group(1) if nm else stripped)
    if _POST_STOP.match(view[pos : pos + 4]):
        return None, ""
    nm = _POST_NOUN.match(stripped)
    return None, (nm.group(1) if nm else "")


# the rest of a list of bracketed items after one: ）、湖里区（1310家）、集美区（800家）
_BRACKET_LIST_REST = re.compile(r"[)）](?:[、和及与][^（()，,。；;]{1,12}[（(][^()（）]{1,20}[)）])*")


def alias_after_list(lex: Lexicon, view: str, pos: int, end: int) -> str | None:
    """The alias right after a list of bracketed items that the number at `pos` ends one of:
    思明区（1520家）、湖里区（1310家）国家高新技术企业… → 国家高新技术企业."""
    m = _BRACKET_LIST_REST.match(view, pos, end)
    if m is None:
        return None
    after = without_area_word(strip_quotes(view[m.end() : min(end, m.end() + 24)])).removeprefix("的")
    found = lex.alias_re.match(after)
    return found.group(0) if found and found.end() > 0 else None


def own_words(s: str, measure: str, share_whole: bool, am: AreaMatcher | None) -> str:
    """What is left of `s` once cue words, years (提高到2020年的), a share clause (占全省…)
    and area names are removed."""
    if not s:
        return s
    if "年" in s:
        s = _BASE_YEAR_WORDS.sub("", s).replace("的", "")
        if "连续" in s:  # 强度连续三年保持在3%以上: how long, not what
            s = RUN_OF_YEARS.sub("", s)
    if (measure == "share_pct" or share_whole) and ("占" in s or "相当于" in s):
        s = cues.SHARE_TAIL.sub("", s)
    if share_whole and "之比" in s:
        s = cues.RATIO_TAIL.sub("", s)
    if am is not None and s:
        s = am.strip_names(s)
    return cues.strip_fillers(s)


def whole_code(lex: Lexicon, clause_head: str) -> str | None:
    """The code of the indicator a share clause names as its whole (占全省R&D经费的 ->
    rd_expenditure), when it is an amount or a count; else None."""
    sh = cues.SHARE_TAIL.search(clause_head)
    found = find_alias(lex, sh.group("whole")) if sh else None
    if found is None:
        return None
    return next(
        (c for c in lex.candidates(found[0]) if c in lex.entries and lex.entries[c].unit != "percent"), None
    )


def without_area_word(s: str) -> str:
    """`s` without 全省/我市/本区: 全省高新技术企业 is not 省高新技术企业 (an alias of provincial ones)."""
    return _AREA_WORD.sub("", s)
