"""Attribution: which period, which kind and whose number a statement is.

Each decision is one function with the sentence it was written for; `attribute` applies
them to one draft in order (year, kind, comparator, area, scope):

* `period_year_of(...)`            — the year (below), whether the sentence dates it, and
                                     whether it is the from-value of 由X提高到Y.
* `area_of(...)`                   — the clause's area (厦门市…), 全国, a list item's area
                                     (苏州(961.4亿元)), a superlative's (最高的是湖里区，达4.5%),
                                     else the area of the number before or the report's own.
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
from dataclasses import dataclass, field

from orchestration.extract import cues, rules
from orchestration.extract.areas import CLAUSE_YEAR, AreaMatcher
from orchestration.extract.cues import TARGET_RE
from orchestration.extract.drafts import Draft
from orchestration.extract.granularity import granularity_at, period_marks
from orchestration.extract.indicators import strip_quotes
from orchestration.extract.periods import (
    Passage,
    Section,
    Span,
    forward_sections,
    passage_at,
    plan_passages,
    span_at,
    spans,
    speaking_year,
    year_markers,
)

# ---- year and kind ------------------------------------------------------------------------
_NEVER = 1 << 62  # (an offset after every sentence: no cue)
_TO_YEAR = re.compile(r"[到至]((?:19|20)\d\d)年")


def first_target_cue(sentence: str, covered_year: int | None, first_estimate: int = _NEVER) -> int:
    """Offset of the first target cue (力争, 目标是, 到2030年…) in `sentence`, or a huge number.

    到/至 a year the report has already covered (or, when that is unknown, the year it was
    published) is a past span (由2015年的X提高到2020年的Y in a 2021 report), not a goal; the
    future 将 after an estimate cue is the estimate's (据预估，…将达到3.65%)."""
    for m in TARGET_RE.finditer(sentence):
        y = _TO_YEAR.match(sentence, m.start())
        if y and covered_year is not None and int(y.group(1)) <= covered_year:
            continue
        if m.group(0) == "将" and first_estimate < m.start():
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
    r"(?:[省市区县]属|中央|地方)(?:国有)?(?:企业|国企)|国有企业|国企|央企|规上工业企业|规模以上工业企业|规上企业|"
    r"规模以上企业|工业企业|高校|高等学校|高等院校|科研院所|新型研发机构|(?:政府属|政府所属|[省市区县]属)?(?:研发|研究|科研)机构|"
    r"医疗卫生机构|事业单位|园区|高新区|开发区|经开区|"
    r"产业园|科技园|孵化器|众创空间|实验室|平台|示范区|自贸区|片区|新区|生产建设兵团|兵团|"
    # an industry or sector (分产业部门看，高技术制造业R&D经费…): a part of the economy
    r"[\u4e00-\u9fff]{0,4}(?:制造业|服务业|建筑业|行业)|"
    # a counted group of industries (这5个行业R&D经费占…): a part too
    r"(?:这|该|上述|以上)?[\d一二三四五六七八九十]+个(?:行业|产业|领域|部门)(?:大类)?"
)
# a group of enterprises owning the subject (科技型中小企业技术合同成交额, 企业研发投入);
# an indicator that counts the group itself (高新技术企业1.2万家) holds the words and is no part
_ENTERPRISES = r"[\u4e00-\u9fff]{0,8}?企业"
_SUB_REGION = (
    r"(?:[\u4e00-\u9fff]?[东西南北中]部?|沿海|沿边|民族|山区|贫困)地区(?!生产总值)|[\u4e00-\u9fff]{2}(?:片区|板块)|"
    # regions across areas, without a code of their own (粤港澳大湾区, 长三角, 成渝地区双城经济圈)
    r"[\u4e00-\u9fff]{0,6}(?:大湾区|城市群|经济圈|经济带|都市圈)|长三角|长江三角洲|珠三角|京津冀|成渝地区"
)
# one named park or zone (火炬高新区…, 成都高新区…, 两江新区…); one with a code of its own
# (苏州工业园区, 浦东新区) is an area, not a part: see `attribute`
_PARK = (
    r"[\u4e00-\u9fff（）()]{1,10}?(?:高新区|高新技术产业开发区|开发区|经开区|工业园区|产业园区?|科技园|科技城|科学城|"
    r"自贸区|新区|航空港区|综合实验区|综合试验区)"
)
# one named organisation: 厦门大学…, 某某集团…, 中国科学院某研究所…
_ORG_NOUN = "大学|学院|研究院|研究所|公司|集团|医院"
_ORGANISATION = rf"[\u4e00-\u9fffA-Za-z]{{1,10}}?(?:{_ORG_NOUN})"
# projects owning the subject: 企业牵头承担的国家重点研发计划项目研发投入…
_PROJECTS = r"[\u4e00-\u9fff]{1,24}?项目"
# several named organisations, or a group of them (北京大学、清华大学等高校… / 齐鲁某研究院、某研究院
# 研发投入合计… / 中国科学院某材料所、某研究院等大院名所…), and a counted group (十大湖北实验室…)
_ONE_ORG = rf"[\u4e00-\u9fffA-Za-z]{{1,18}}?(?:{_ORG_NOUN}|所)"  # (longer names; 材料所 too)
_GROUP_OF = r"(?:高校|院所|高校院所|大院名所|科研院所|科研机构|研究机构|单位|机构|企业|实验室|平台)"
_ORG_GROUP = (
    rf"{_ONE_ORG}(?:[、和与及]{_ONE_ORG})+(?:等[\u4e00-\u9fff]{{0,6}}?{_GROUP_OF})?"
    rf"|{_ONE_ORG}等[\u4e00-\u9fff]{{0,6}}?{_GROUP_OF}"
    rf"|[一二三四五六七八九十百\d]+(?:大|家|个|所)[\u4e00-\u9fff]{{0,8}}?{_GROUP_OF}"
)
_ORG_GROUP_RE = re.compile(_ORG_GROUP)
_GROUP_HINT = frozenset("、等和与及大家个所")  # a group names several, or counts them
SCOPE_RE = re.compile(
    rf"(?P<part>{_PART_OF_ECONOMY})|(?P<region>{_SUB_REGION})|(?P<park>{_PARK})"
    rf"|(?P<org>{_ORGANISATION})|(?P<projects>{_PROJECTS})|(?P<org2>{_ENTERPRISES})"
)
_SCOPE_LEAD = re.compile(
    r"^(?:其中|此外|同时|另外|而|按区域分|分区域看|全[省市区]|辖区(?:内)?|[省市区县]内|区域内|域内|"
    r"[ ,，、:：]|[（(][一二三四五六七八九十\d]{1,2}[)）]|\d{1,2}[.．、])*"
)


def scope_of(clause_head: str, alias: str | None = None) -> str | None:
    """The part of the area a clause is about, when its subject opens with one:
    省属企业…研发投入133.5亿元 → 省属企业; 苏南地区R&D经费支出为… → 苏南地区; else None.

    Only the clause's opening words are looked at: 全社会研发投入…其中企业… names the part
    in its own clause.  An organisation counts only as the owner of the subject `alias`
    (厦门大学研发投入…), not as a name in the clause (新引进天津大学…研究院等6家…)."""
    head = _SCOPE_LEAD.sub("", clause_head, count=1)
    if not _GROUP_HINT.isdisjoint(head) and (g := _ORG_GROUP_RE.match(head)):
        return g.group(0)  # (tried only where a group can be: the pattern is costly)
    m = SCOPE_RE.match(head)
    if m is None:
        return None
    owner = m.group("org") or m.group("projects") or m.group("org2")
    if owner and not (alias and head[m.end() :].lstrip("的").startswith(alias)):
        return None
    return m.group(0)


# ---- one draft, in its sentence ------------------------------------------------------------
NATION = "100000"  # the whole country, by the observation contract
# a clause whose subject is the country's: 全国R&D经费…, 其中全国… (not 全国重点实验室, 全国第一)
# (after the year that may open the clause: 2021年全市…, 截至2023年底，全国…)
_CLAUSE_YEAR = rf"(?:{CLAUSE_YEAR})?"
_NATIONWIDE = re.compile(
    rf"[ ]?(?:其中|同期|而|同时)?{_CLAUSE_YEAR}(?:全国|我国)(?:的|范围内|在)?"
    r"(?=R&D|研发|研究与试验|技术合同|技术交易|高新技术企业|发明专利|每万人|科技型|全球创新指数)"
)
# 全省占全国的5%, 我市…, 其中我区…: the report's own area, or the one around it that the word
# names (全市 in a district's report is its city's, 全省 in a city's its province's)
_HOME_AREA = re.compile(rf"[ ]?(?:其中)?{_CLAUSE_YEAR}(?:全|我|本)([省市区县])")
# a clause about a whole area again: 全省…, 全社会…, 全国…
_WHOLE_AREA = re.compile(
    rf"[ ]?(?:其中|同时|而|同期)?{_CLAUSE_YEAR}(?:(?:全|我|本)[省市区县]|全社会|全国|我国)"
)
# 最高的是湖里区，…: a clause ending on the area the next clause's number is about
_SUPERLATIVE = re.compile(r"(?:最高|最大|最多|居首|领先)的?(?:是|为)(?=[^，,。；;]{2,8}[，,][^，,]*$)")
_ESTIMATE_ASIDE = re.compile(r"[（(](?:预计|预估|初步核算|初步统计)")
_NAMES_A_TARGET = re.compile(r"(?:左右|以上)?的?(?:预期|年度|奋斗)?目标")


@dataclass(frozen=True, slots=True)
class DocumentTime:
    """The time layout of a document: forward sections (三、2024年工作重点), plan passages
    (到2025年…), spans (五年来…)."""

    covered_year: int | None
    published_year: int | None
    sections: list[Section]
    section_starts: list[int]
    passages: list[Passage]
    spans: list[Span]

    @classmethod
    def of(cls, view: str, covered_year: int | None, published_year: int | None) -> DocumentTime:
        published_year = speaking_year(view, covered_year, published_year)
        sections = forward_sections(view, covered_year, published_year)
        return cls(
            covered_year,
            published_year,
            sections,
            [s.start for s in sections],
            plan_passages(view, covered_year, published_year),
            spans(view, covered_year),
        )

    def section_year_at(self, pos: int) -> int | None:
        """The year of the forward section holding view offset `pos`, else None."""
        k = bisect_right(self.section_starts, pos) - 1
        return self.sections[k].year if k >= 0 and self.sections[k].year > 0 else None


@dataclass(slots=True)
class SentenceFrame:
    """One sentence's year markers, period words and first kind cues, and what its numbers
    read so far were about (a clause without an area continues the one before)."""

    sent: str
    start: int  # view offset of the sentence
    clause_starts: list[int]  # relative to the sentence
    home: str | None  # the report's own area
    markers: list[tuple[int, int | None]]
    period_words: list[tuple[int, tuple[str, int]]]
    section_year: int | None
    first_target: int
    first_estimate: int
    last_region: str | None = None
    last_indicator_region: str | None = None  # the area of the sentence's last mapped number
    last_scope: str | None = None
    last_part: str | None = None  # the part the last number was about, by its own indicator or not
    prev_end: int = 0  # end of the previous number (and its comparator), relative
    area_by_clause: dict[int, str | None] = field(default_factory=dict)
    stated: set[tuple] = field(default_factory=set)  # what the sentence gave a number for already

    @classmethod
    def of(cls, time: DocumentTime, sent: str, start: int, clause_starts: list[int], home: str | None):
        covered, published = time.covered_year, time.published_year
        markers = year_markers(sent, clause_starts, covered, published) if "年" in sent else []
        # only the first cue of each kind matters: a number after it is in its scope
        first_target = first_estimate = _NEVER
        if cues.KIND_CUE_RE.search(sent) is not None:  # (one scan for both)
            em = cues.ESTIMATE_RE.search(sent)
            first_estimate = em.start() if em else _NEVER
            first_target = first_target_cue(
                sent, covered if covered is not None else published, first_estimate
            )
        section_year = time.section_year_at(start) if time.sections else None
        return cls(
            sent,
            start,
            clause_starts,
            home,
            markers,
            period_marks(sent),
            section_year,
            first_target,
            first_estimate,
            home,
        )

    def restates(self, code: str, a: Attribution, measure: str) -> bool:
        """…成交额186.5亿元，其中技术交易额152.3亿元: a 其中 clause giving a number for what the
        sentence stated already is a part of it.  (Notes the statement.)"""
        self.last_indicator_region = a.region
        said = (code, a.region, a.year, a.period_months, a.kind, measure)
        part = said in self.stated and _PART_OPENER.match(self.sent, a.clause_start) is not None
        self.stated.add(said)
        return part


@dataclass(slots=True)
class Attribution:
    """When, what kind and whose a draft's number is."""

    rel: int  # the number's offset in its sentence
    clause_start: int  # its clause's, in the sentence
    year: int | None
    dated: bool  # the sentence states the year before the number
    from_value: bool  # X of 由X提高到Y
    span: Span | None
    kind: str
    period_kind: str
    period_months: int
    comparator: str
    region: str | None
    scope: str | None


_PART_OPENER = re.compile(r"[ ]?其中")


def period_year_of(time: DocumentTime, frame: SentenceFrame, d: Draft, rel: int):
    """(year, dated, from_value, span, in a plan passage) of a draft: 2022年,全市… → 2022 (dated);
    五年来…由2.1%提高到2.6% → 2.1% is the year before the span's (from_value); see `year_of`."""
    q = d.q
    plan = passage_at(time.passages, q.start) if time.passages else None
    span = span_at(time.spans, q.start) if time.spans else None
    year = year_of(
        rel, frame.markers, plan.year if plan else None, frame.section_year, span, time.covered_year
    )
    dated = marker_year_at(frame.markers, rel) is not None
    if d.year is not None:  # 2023年、2024年…分别为150亿元、180亿元: its list item's year
        year, dated = d.year, True
    from_value = not dated and is_from_value(frame.sent, rel, q.end - frame.start)
    if from_value:
        year = from_value_year(year, span)  # 由2.1%提高到2.6%: 2.1 is the year before's
    return year, dated, from_value, span, plan is not None


# provinces whose cities are not a level of their own: 全市 in a Beijing district's report is Beijing
_MUNICIPALITIES = frozenset(["11", "12", "31", "50"])


def enclosing_area(home: str | None, level: str) -> str | None:
    """The area that 全/我/本 + `level` (省, 市, 区, 县) names in a report about `home`: the
    report's own area, or the province or city that holds it (全省 in a city's report)."""
    if home is None or len(home) != 6 or not home.isdigit():
        return home
    if level == "省" and not home.endswith("0000"):
        return home[:2] + "0000"
    if level == "市" and not home.endswith("00"):  # a district's or county's report
        return home[:2] + "0000" if home[:2] in _MUNICIPALITIES else home[:4] + "00"
    return home


def area_of(frame: SentenceFrame, d: Draft, rel: int, ck: int, am: AreaMatcher) -> str | None:
    """The area of a number at sentence offset `rel` in clause `ck`: 福州市研发投入… → 福州;
    全国R&D经费… → 100000; 全省占全国的5% → the report's; …依次为苏州(961.4亿元)、南京(645.3亿元) →
    each item's; …强度最高的是湖里区，达到4.5% → 湖里区.  A clause naming none continues the area
    of the number before when that was an indicator's (苏州市研发经费投入961.4亿元，投入强度4.1%);
    after anything else (厦门…形成80项成果，6组10家省属国企…) it is the report's own."""
    sent, home, cs = frame.sent, frame.home, frame.clause_starts[ck]
    # a clause naming an area is about it (each clause is looked at once)
    if ck in frame.area_by_clause:
        region = frame.area_by_clause[ck]
    else:
        region = frame.area_by_clause[ck] = am.clause_area(strip_quotes(sent[cs : cs + 30]), home)
    if region is None and ck > 0 and sent[cs - 1 : cs] in (":", "："):
        # 成都市R&D经费：845.6亿元: a label names the area of the value after its colon
        prev = frame.clause_starts[ck - 1]
        region = frame.area_by_clause[ck] = am.clause_area(strip_quotes(sent[prev : prev + 30]), home)
    if region is None and _NATIONWIDE.match(sent, cs):
        region = NATION
    elif region is None and (hm := _HOME_AREA.match(sent, cs)):
        region = enclosing_area(home, hm.group(1))
    if d.area is not None:
        region = NATION if d.area == "全国" else am.resolve(d.area, home)
    elif (region is None or frame.prev_end > cs or sent[rel - 1 : rel] in ("(", "（")) and (
        item := am.item_area(sent[max(cs, frame.prev_end) : rel])
    ):
        # (a later item of a list overrides the area its clause opened with: 其中，苏州961.4亿元、南京645.3亿元;
        # so does a bracketed item: 全省…的设区市有厦门(3.90%))
        region = am.resolve(item, home)
    if region is None and ck > 0 and (sup := _SUPERLATIVE.search(sent, 0, cs)):
        name = am.match_at(sent, sup.end())
        if name is not None and sup.end() + len(name) >= cs - 2:
            region = am.resolve(name, home)
    if region is None:
        region = (
            frame.last_region if d.rule.startswith(rules.INHERITING) else frame.last_indicator_region or home
        )
    frame.last_region = region
    return region


def attribute(time: DocumentTime, frame: SentenceFrame, d: Draft, view: str, am: AreaMatcher) -> Attribution:
    """Year, kind, period, comparator, area and scope of one draft of the sentence `frame`."""
    rel = d.q.start - frame.start
    year, dated, from_value, span, in_plan = period_year_of(time, frame, d, rel)
    kind = value_kind_of(
        rel,
        frame.first_target,
        frame.first_estimate,
        in_plan,
        frame.section_year is not None,
        year,
        time.covered_year,
    )
    if (
        kind == "target"
        and frame.sent.startswith("年度目标", frame.first_target)
        and bisect_right(frame.clause_starts, frame.first_target) < bisect_right(frame.clause_starts, rel)
    ):
        # 年度目标新增500家，实际新认定612家，净增418家: a self-check's target is its own clause's
        kind = value_kind_of(
            rel,
            _NEVER,
            frame.first_estimate,
            in_plan,
            frame.section_year is not None,
            year,
            time.covered_year,
        )
    if kind == "actual" and _NAMES_A_TARGET.match(view, d.after_end):
        kind = "target"  # 完成年初确定的…增长10%的目标: the number is the target's
    elif kind == "target" and cues.ACTUAL_OUTCOME.search(frame.sent, max(0, rel - 8), rel):
        kind = "actual"  # 年度目标为250亿元，实际完成268.3亿元: the outcome beside its target
    if _ESTIMATE_ASIDE.match(view, d.q.end):
        kind = "estimate"  # 实际完成7.32%（预计数，以最终反馈为准）
    elif frame.sent.endswith(("目标（", "目标("), 0, rel):
        kind = "target"  # 完成年度目标（260亿元）的120.2%: the target in brackets
    period_kind, period_months = granularity_at(frame.period_words, rel)
    comparator = d.comparator
    if comparator == "reach":  # 达到: at least for a target, the value for an outcome
        comparator = ">=" if kind == "target" else "="
    ck = bisect_right(frame.clause_starts, rel) - 1
    region = area_of(frame, d, rel, ck, am)
    # a part of the area (省属企业, 苏南地区): its clause's subject, or the subject it continues
    cs = frame.clause_starts[ck]
    scope = scope_of(frame.sent[cs:rel], d.alias)
    if scope is None and d.area is None and (group := am.areas_opening(frame.sent[cs:rel])):
        scope = "、".join(group)  # 福州、厦门、泉州三市R&D经费合计…: the sum of several areas, none's own
    if (
        scope is None
        and frame.last_scope is not None
        and (
            d.rule.startswith(rules.INHERITING)
            # 省属企业研发投入增长15%，研发投入强度达到2.5%: a clause naming no area of its own goes on
            # with the part the clause before was about
            or (ck > 0 and frame.area_by_clause.get(ck) is None and not _WHOLE_AREA.match(frame.sent, cs))
        )
    ):
        scope = frame.last_scope
    elif (
        scope is None
        and frame.last_part is not None
        and not d.rule.startswith(rules.INHERITING)
        and ck > 0
        and frame.area_by_clause.get(ck) is None
        and not _WHOLE_AREA.match(frame.sent, cs)
    ):
        # 规模以上工业企业R&D经费946.3亿元，投入强度1.71%: the part's own indicator, then the
        # intensity of the same part
        scope = frame.last_part
    part = scope if scope is not None or not d.rule.startswith(rules.INHERITING) else frame.last_part
    if scope is not None and d.alias and (scope in d.alias or d.alias in scope):
        scope = None  # 规上工业企业研发经费: an indicator of its own
    elif (
        scope is not None
        and (name := am.match_at(scope, 0))
        and scope[len(name) : len(name) + 1] in ("", "（", "(")
    ):
        # 苏州工业园区, 浦东新区: a zone with a code of its own is an area; so is an area with its
        # other name in brackets (黄岛区（西海岸新区）…)
        scope = part = None
    frame.last_scope = scope
    frame.last_part = part
    frame.prev_end = d.after_end - frame.start
    return Attribution(
        rel, cs, year, dated, from_value, span, kind, period_kind, period_months, comparator, region, scope
    )
