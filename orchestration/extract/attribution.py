"""Attribution: which period, which kind and whose number a statement is.

Each decision is one pure function with the sentence it was written for:

* `spans(view, covered_year)`      — 五年来 / “十三五”期间 paragraphs and sentences: their
                                     numbers are at the span's end year, growth in them is
                                     multi-year (never `yoy_pct`).
* `period_granularity(clause)`     — 上半年 / 一季度 / 1-9月 / 前三季度: not the year's value.
* `year_of(...)`                   — an explicit year before the number in its sentence, the
                                     year of a plan list or forward section, of a span, else
                                     the covered year.
* `value_kind_of(...)`             — target / estimate / actual.
* `scope_of(clause_head)`          — a number about 省属企业, 规上工业企业, 高校, one park, a
                                     region without a code (苏南地区) is not the area's indicator.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from orchestration.extract.cues import TARGET_RE

# ---- spans: 五年来, “十三五”期间 ----------------------------------------------------------
_PLAN_END = {"十一五": 2010, "十二五": 2015, "十三五": 2020, "十四五": 2025, "十五五": 2030}
SPAN_RE = re.compile(
    # (no optional opening quote: a fixed set of first characters lets the scan skip ahead)
    r"(?P<plan>十[一二三四五]五)[”\"]?(?P<how>时期|期间|以来|期末|末)"
    r"|(?P<five>五年来|过去五年|这五年|近五年|五年间)"
)
_SENTENCE_END = re.compile(r"[。！？；;]")
_COMPARED_WITH = re.compile(r"(?:较|比|与|同)[“\"]?$")
_PARA_HEAD = 14  # a span phrase within this many characters of a line start governs the line


@dataclass(frozen=True, slots=True)
class Span:
    start: int  # view offsets of the text it governs
    end: int
    year: int  # the span's end year: what its levels are about
    first_year: int | None  # the year before the span (the from-values of 由X提高到Y)


def _span_year(m: re.Match, covered_year: int | None) -> tuple[int | None, int | None]:
    if m.group("plan"):
        end = _PLAN_END[m.group("plan")]
        if m.group("how") == "以来" and covered_year is not None:
            end = min(end, covered_year)  # “十四五”以来 in a 2023 report: up to 2023
        return end, _PLAN_END[m.group("plan")] - 5
    if covered_year is None:
        return None, None
    return covered_year, covered_year - 5


def _span_phrases(view: str) -> list[re.Match]:
    """SPAN_RE's matches, left to right: every phrase holds 五 at most two characters in,
    so only the places before a 五 are tried (a regex scan of every character costs ~50x)."""
    out: list[re.Match] = []
    last_end = 0
    i = view.find("五")
    while i >= 0:
        for start in (i - 2, i - 1, i):
            if start >= last_end and (m := SPAN_RE.match(view, start)):
                out.append(m)
                last_end = m.end()
                break
        i = view.find("五", i + 1)
    return out


def spans(view: str, covered_year: int | None) -> list[Span]:
    """Paragraphs opening with a span phrase (五年来，我们… / “十三五”期间，…), and
    sentences holding one before their numbers (from the phrase to the sentence end)."""
    out: list[Span] = []
    for m in _span_phrases(view):
        year, first = _span_year(m, covered_year)
        if year is None:
            continue
        if _COMPARED_WITH.search(view, max(0, m.start() - 3), m.start()):
            continue  # 较“十三五”末翻一番: the base of a comparison, not the statement's time
        line_start = view.rfind("\n", 0, m.start()) + 1
        line_end = view.find("\n", m.end())
        line_end = len(view) if line_end < 0 else line_end
        if m.start() - line_start <= _PARA_HEAD:
            start, end = line_start, line_end
        else:
            stop = _SENTENCE_END.search(view, m.end(), line_end)
            start, end = m.start(), (stop.end() if stop else line_end)
        out.append(Span(start, end, year, first))
    return out


def span_at(found: list[Span], pos: int) -> Span | None:
    """The innermost span covering `pos` (sentence spans sit inside paragraph spans)."""
    best = None
    for s in found:
        if s.start <= pos < s.end and (best is None or s.start >= best.start):
            best = s
    return best


# ---- sub-annual periods ------------------------------------------------------------------
_SUB_ANNUAL = re.compile(
    r"(?P<m9>前三季度|1[-—~至]9月|一至九月)|(?P<half>[上下]半年|1[-—~至]6月|一至六月)"
    r"|(?P<quarter>第?[一二三四]季度)|1[-—~～至](?P<months>[2-8]|1[01])月"
    r"|前(?P<first>[2-9]|1[01]|[两三四五七八]|十一?)个月|(?P<year>全年|年末|年底|年度)"
)
_CN_MONTHS = {"两": 2, "三": 3, "四": 4, "五": 5, "七": 7, "八": 8, "十": 10, "十一": 11}


_ANNUAL = ("year", 12)


def _granularity(m: re.Match) -> tuple[str, int]:
    if m.group("year"):
        return _ANNUAL
    if m.group("m9"):
        return "months", 9
    if m.group("half"):
        return "half", 6
    if m.group("quarter"):
        return "quarter", 3
    if m.group("first"):  # 前10个月
        n = m.group("first")
        return "months", _CN_MONTHS[n] if n in _CN_MONTHS else int(n)
    return "months", int(m.group("months"))


def period_marks(sentence: str) -> list[tuple[int, tuple[str, int]]]:
    """(offset, (period_kind, period_months)) of every period word of a sentence, in order."""
    if "季" not in sentence and "半" not in sentence and "月" not in sentence and "年" not in sentence:
        return []  # (most sentences: four scans in C instead of a regex scan)
    return [(m.start(), _granularity(m)) for m in _SUB_ANNUAL.finditer(sentence)]


def granularity_at(marks: list[tuple[int, tuple[str, int]]], rel: int) -> tuple[str, int]:
    """The period of a number at sentence offset `rel`: the last period word before it governs."""
    k = bisect_right(marks, (rel,)) - 1 if marks else -1
    return marks[k][1] if k >= 0 else _ANNUAL


def period_granularity(head: str) -> tuple[str, int]:
    """(period_kind, period_months) of a number whose sentence reads `head` before it:
    上半年 → (half, 6), 一季度 → (quarter, 3), 1-9月 / 前三季度 → (months, 9), 1-11月 →
    (months, 11); 全年 / none → (year, 12)."""
    return granularity_at(period_marks(head), len(head))


# ---- year and kind ------------------------------------------------------------------------
_NEVER = 1 << 62
_TO_YEAR = re.compile(r"[到至]((?:19|20)\d\d)年")


def first_target_cue(sentence: str, covered_year: int | None) -> int:
    """Offset of the first target cue (力争, 目标是, 到2030年…) in `sentence`, or a huge number.

    到/至 a year the report has already covered (or, when that is unknown, the year it was
    published) is a past span (由2015年的X提高到2020年的Y in a 2021 report), not a goal."""
    for m in TARGET_RE.finditer(sentence):
        y = _TO_YEAR.match(sentence, m.start())
        if y and covered_year is not None and int(y.group(1)) <= covered_year:
            continue
        return m.start()
    return _NEVER


def year_of(
    rel: int,
    markers: list[tuple[int, int | None]],
    plan_year: int | None,
    section_year: int | None,
    span: Span | None,
    covered_year: int | None,
) -> int | None:
    """The year a number at sentence offset `rel` is about: the last explicit year before it
    in its sentence (2022年,… / 截至2022年末 / 由2015年的X), else a plan list's year, a
    forward section's year, a span's end year (五年来 → the covered year, “十三五”期间 →
    2020), else the year the report covers."""
    marked = marker_year_at(markers, rel)
    if marked is not None:
        return marked
    if plan_year is not None:
        return plan_year
    if section_year is not None:
        return section_year
    if span is not None:
        return span.year
    return covered_year


def marker_year_at(markers: list[tuple[int, int | None]], rel: int) -> int | None:
    """The year of the last year marker before sentence offset `rel`; None when there is
    none or its reach has ended (a None marker)."""
    k = bisect_right([p for p, _ in markers], rel) - 1 if markers else -1
    return markers[k][1] if k >= 0 else None


_FROM_BEFORE = re.compile(r"(?:由|从)(?:上年的|上一年的|去年的)?[ ]?$")
_TO_AFTER = re.compile(r"[^，,。；;]{0,4}?(?:提高|增长|增加|上升|提升|下降|降低|减少|扩大|跃升|增)(?:到|至)")


def is_from_value(sentence: str, start: int, end: int) -> bool:
    """True for X in 由X提高到Y / 从X增长到Y (with no year of its own: 由2015年的X has one)."""
    return bool(_TO_AFTER.match(sentence, end)) and bool(
        _FROM_BEFORE.search(sentence, max(0, start - 8), start)
    )


def from_value_year(year: int | None, span: Span | None) -> int | None:
    """The year of a from-value without a year: the year before a span (五年来由X提高到Y →
    the year before the five years), else the year before the statement's."""
    if span is not None and span.first_year is not None:
        return span.first_year
    return None if year is None else year - 1


def value_kind_of(
    rel: int,
    first_target_cue: int,
    first_estimate_cue: int,
    in_plan_list: bool,
    in_forward_section: bool,
    year: int | None,
    covered_year: int | None,
) -> str:
    """target when a target cue (力争/目标/计划…) precedes the number in its sentence, in a
    plan list or forward section, or when the year is after the one the report covers
    (技术合同成交额2030年达到600亿元); estimate after 预计/初步核算; else actual."""
    if first_target_cue < rel:
        return "target"
    if first_estimate_cue < rel:
        return "estimate"
    if in_plan_list or in_forward_section:
        return "target"
    if year is not None and covered_year is not None and year > covered_year:
        return "target"
    return "actual"


# ---- scope ---------------------------------------------------------------------------------
# Who a number is about when it is not the whole area: parts of the economy, institutions,
# parks, and regions without a code.  Words, not sentences: add a word when a new kind of
# part shows up.
_PART_OF_ECONOMY = (
    r"省属企业|市属企业|区属企业|国有企业|国企|央企|省属国企|市属国企|规上工业企业|规模以上工业企业|规上企业|"
    r"规模以上企业|工业企业|高校|高等院校|科研院所|医疗卫生机构|园区|高新区|开发区|经开区|"
    r"产业园|科技园|孵化器|众创空间|实验室|平台|示范区|自贸区|片区|新区|生产建设兵团|兵团|"
    # an industry or sector (分产业部门看，高技术制造业R&D经费…): a part of the economy
    r"[\u4e00-\u9fff]{0,4}(?:制造业|服务业|建筑业|行业)"
)
# a group of enterprises owning the subject (科技型中小企业技术合同成交额, 企业研发投入);
# an indicator that counts the group itself (高新技术企业1.2万家) holds the words and is no part
_ENTERPRISES = r"[\u4e00-\u9fff]{0,8}?企业"
_SUB_REGION = (
    r"(?:[\u4e00-\u9fff]?[东西南北中]部?|沿海|沿边|民族|山区|贫困)地区(?!生产总值)|[\u4e00-\u9fff]{2}(?:片区|板块)|"
    # regions across areas, without a code of their own (粤港澳大湾区, 长三角, 成渝地区双城经济圈)
    r"[\u4e00-\u9fff]{0,6}(?:大湾区|城市群|经济圈|经济带|都市圈)|长三角|长江三角洲|珠三角|京津冀|成渝地区"
)
# one named organisation: 厦门大学…, 某某集团…, 中国科学院某研究所…
_ORGANISATION = r"[\u4e00-\u9fffA-Za-z]{1,10}?(?:大学|学院|研究院|研究所|公司|集团|医院)"
SCOPE_RE = re.compile(
    rf"(?P<part>{_PART_OF_ECONOMY})|(?P<region>{_SUB_REGION})|(?P<org>{_ORGANISATION})|(?P<org2>{_ENTERPRISES})"
)
_SCOPE_LEAD = re.compile(r"^(?:其中|此外|同时|另外|而|按区域分|分区域看|全[省市区]|[ ,，、:：])*")


def scope_of(clause_head: str, alias: str | None = None) -> str | None:
    """The part of the area a clause is about, when its subject opens with one:
    省属企业…研发投入133.5亿元 → 省属企业; 苏南地区R&D经费支出为… → 苏南地区; else None.

    Only the clause's opening words are looked at: 全社会研发投入…其中企业… names the part
    in its own clause.  An organisation counts only as the owner of the subject `alias`
    (厦门大学研发投入…), not as a name in the clause (新引进天津大学…研究院等6家…)."""
    head = _SCOPE_LEAD.sub("", clause_head, count=1)
    m = SCOPE_RE.match(head)
    if m is None:
        return None
    if (m.group("org") or m.group("org2")) and not (alias and head[m.end() :].lstrip("的").startswith(alias)):
        return None
    return m.group(0)
