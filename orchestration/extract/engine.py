"""Text -> facts: ties the stages of extraction together.

    extract_facts(text, DocumentContext(region_code="350200", covered_year=2023)) -> list[Fact]

The stages, each in its own module with its own tests:

* tables (`tables.py`): table rows and one-cell-per-line tables are read by column and row;
  their cells are kept out of the prose reading below;
* quantities (`numbers.py`): one scan of the whole text for candidate numbers with units;
* structure (here): sentences, clauses, 分别 distributions, list items (苏州(961.4亿元)), the
  subject a number continues;
* attribution (`attribution.py`, `periods.py`, `areas.py`): area, scope, year, period, kind;
* matching (`indicators.py`, `cues.py`): measure, comparator and the catalog code.

Pure: no I/O besides the catalog and region seeds, loaded once.  Every fact's
`sentence_index` is the index of its sentence in the parser's split (`raw.sentences`).
The number reading keeps a few measured shortcuts (one scan per document, memoised lookups
of recurring short phrases: see tests/benchmarks/bench_extract.py --profile).
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal

from orchestration.extract import cues
from orchestration.extract.areas import AreaMatcher, default_matcher
from orchestration.extract.attribution import (
    first_target_cue,
    from_value_year,
    granularity_at,
    is_from_value,
    marker_year_at,
    period_marks,
    scope_of,
    span_at,
    spans,
    value_kind_of,
    year_of,
)
from orchestration.extract.clauses import clause_starts
from orchestration.extract.facts import DocumentContext, Fact
from orchestration.extract.indicators import (
    _STRIP_RE,
    QUOTES_AND_BLANKS,
    Lexicon,
    choose_code,
    default_lexicon,
    modifier_in,
    strip_quotes,
)
from orchestration.extract.numbers import QTY_RE, UNITS, Quantity, extend_unit_range, read_quantity
from orchestration.extract.periods import (
    YEAR_RE,
    forward_sections,
    passage_at,
    plan_passages,
    year_markers,
)
from orchestration.extract.tables import find_tables, table_facts
from orchestration.extract.textview import build_view
from orchestration.text.sentences import sentence_spans
from orchestration.text.sentences import sentence_starts as parser_sentence_starts

_CMP = {"gt": ">", "ge": ">=", "approx": "~", "lt": "<"}
_HUNDRED = Decimal(100)
_POST_STOP = re.compile(
    r"^(?:的)?(?:增长|同比|比上年|较上年|比|较|占|以上|左右|上下|以下|以内|分别|、|和|与|及|或|为|是|达|,|，|。|；|;|：|:|\)|）|$)"
)
_POST_NOUN = re.compile(r"(?:的)?([\u4e00-\u9fffA-Za-z&()（）·\-]{1,16})")
_POST_CUT = re.compile(  # (punctuation as literals, not a [class]: see cues.FILLER_RE)
    r"增长|增加|增至|增到|升至|降至|减至|提高|提升|上升|下降|减少|降低|扩大|跃升|同比|比上年|较上年|入选|获得|获|被|实现|完成|参赛|落地|上市|开工|建成|覆盖|"
    + "|".join("，,。；;、：:")
)
_QUOTES_AND_BLANKS = frozenset(QUOTES_AND_BLANKS)
_strip_sub = _STRIP_RE.sub  # strip_quotes(s) is _strip_sub("", s): one call less
_LIST_SEP = re.compile(r"^[ ]?(?:、|和|与|及|,|，)[ ]?$")
_AREA_LEAD = re.compile(r"^[\u4e00-\u9fff]{2,4}(?:市|省|区|县)?")


@dataclass(slots=True)
class _State:
    """What the sentence has been about so far (for clauses without a subject)."""

    subject: str = ""
    alias: str | None = None
    code: str | None = None
    cands: tuple[str, ...] = ()


@dataclass(slots=True)
class _Draft:
    q: Quantity
    subject: str
    alias: str | None
    cands: tuple[str, ...]
    inherited_code: str | None
    measure: str
    sign: int
    comparator: str
    share_whole: bool
    qualifier: str | None
    modifier: str | None
    rule: str
    clause_start: int  # view offset
    after_end: int  # view offset after trailing comparator
    # choose_code(cands, measure, unit class, modifier, share_whole), once chosen
    choice: tuple[str | None, str] | None = None
    area: str | None = None  # the area name of its list item (福州、厦门…分别为 / 苏州(961.4亿元))


def extract_facts(
    text: str,
    context: DocumentContext,
    *,
    lexicon: Lexicon | None = None,
    areas: AreaMatcher | None = None,
) -> list[Fact]:
    """Every numeric statement of `text`, mapped to the catalog where possible."""
    if not text:
        return []
    lex = lexicon or default_lexicon()
    am = areas if areas is not None else default_matcher()
    tv = build_view(text)
    view = tv.text
    covered_year = context.covered_year
    home = context.region_code
    sections = forward_sections(view, covered_year, context.published_year)
    sec_starts = [s.start for s in sections]
    passages = plan_passages(view, covered_year, context.published_year)
    doc_spans = spans(view, covered_year)
    facts: list[Fact] = []
    seen: set[tuple] = set()
    # tables first: their cells are read by column and row, not as prose
    # sentence_index is the index of the parser's sentence (a row of raw.sentences)
    sentence_starts = parser_sentence_starts(text)
    tables = find_tables(text)
    if tables:
        facts.extend(
            _with_sentence_index(
                sentence_starts, table_facts(text, context, lexicon=lex, areas=am, tables=tables)
            )
        )
    table_spans = [(t.start, t.end) for t in tables]
    # One scan of the whole text for candidate quantities.  A match never
    # crosses a sentence boundary (。！？；\n are in no number or unit), so this
    # finds exactly what a scan per sentence would; sentences without a
    # candidate then cost one comparison.
    matches = [
        m
        for m in QTY_RE.finditer(view)
        if (g := m.group(_G_UNIT, _G_MULT, _G_ORD))[0] not in _TIME_UNITS
        and (g[0] or g[1] or g[2] is not None)
    ]  # _worth_reading, inlined
    if table_spans:
        matches = [m for m in matches if not _inside(table_spans, tv.orig(m.start()))]
    if not matches:
        return facts
    # view offsets -> text offsets: the identity when the view dropped nothing
    # (TextView.orig / orig_end would return their argument)
    mapped = bool(tv._starts)
    orig, orig_end = tv.orig, tv.orig_end
    openers = am.clause_openers
    m_starts = [m.start() for m in matches]
    n_matches = len(matches)
    j = 0
    topic: _State | None = None  # the subject of the last sentence read, and where it ended
    topic_end = 0
    # (sentences are found as the loop goes: none after the last candidate)
    for ss, se in sentence_spans(view):
        if j >= n_matches:
            break  # no candidate left in the rest of the text
        if m_starts[j] >= se:
            continue
        while j < n_matches and m_starts[j] < ss:
            j += 1  # (defensive: nothing matches between sentences)
        k = j
        while k < n_matches and m_starts[k] < se:
            k += 1
        if k == j:
            continue
        sent_matches = matches[j:k]
        j = k
        sent = view[ss:se]
        # a sentence opening with 其中 breaks down the one before it (…R&D经费投入2100亿元。其中，
        # 苏州961.4亿元、南京645.3亿元): it starts from that sentence's subject
        # (`topic` is a fresh _State each sentence: the reader may update it in place)
        carry = topic if _PART_OPENER.match(sent) and "\n" not in view[topic_end:ss] else None
        drafts, c_starts = _read_sentence(view, ss, se, sent, lex, am, sent_matches, carry)
        topic, topic_end = next((_topic(d) for d in reversed(drafts) if d.alias), None), se
        if not drafts:
            continue
        markers = year_markers(sent, c_starts, covered_year, context.published_year) if "年" in sent else []
        p_marks = period_marks(sent)
        sec_year = None  # section_year_at(sections, ss), inlined
        if sections:
            sk = bisect_right(sec_starts, ss) - 1
            if sk >= 0 and sections[sk].year > 0:
                sec_year = sections[sk].year
        # only the first cue of each kind matters: a number after it is in its scope
        if cues.KIND_CUE_RE.search(sent) is None:
            first_tgt = first_est = _NEVER  # neither cue (one scan for both)
        else:
            first_tgt = first_target_cue(
                sent, covered_year if covered_year is not None else context.published_year
            )
            em = cues.ESTIMATE_RE.search(sent)
            first_est = em.start() if em else _NEVER
        evidence = (text[orig(ss) : orig_end(se)] if mapped else text[ss:se]).strip()
        # areas: a clause opening with an area's name switches the sentence's
        # area (each clause is looked at once, when a number first needs it)
        area_by_clause: dict[int, str | None] = {}
        one_clause = len(c_starts) == 1
        last_region = home
        last_indicator_region: str | None = None  # the area of the sentence's last mapped number
        last_scope: str | None = None
        stated: set[tuple] = set()  # what the sentence gave a number for already
        prev_end_rel = 0  # end of the previous number (and its comparator) in the sentence
        for d in drafts:
            q = d.q
            q_start = q.start
            rel = q_start - ss
            plan = passage_at(passages, q_start) if passages else None
            span = span_at(doc_spans, q_start) if doc_spans else None
            year = year_of(rel, markers, plan.year if plan else None, sec_year, span, covered_year)
            dated = marker_year_at(markers, rel) is not None
            from_value = not dated and is_from_value(sent, rel, q.end - ss)
            if from_value:
                year = from_value_year(year, span)  # 由2.1%提高到2.6%: 2.1 is the year before's
            kind = value_kind_of(
                rel, first_tgt, first_est, plan is not None, sec_year is not None, year, covered_year
            )
            period_kind, period_months = granularity_at(p_marks, rel)
            if kind == "actual" and _NAMES_A_TARGET.match(view, d.after_end):
                kind = "target"  # 完成年初确定的…增长10%的目标: the number is the target's
            comparator = d.comparator
            if comparator == "reach":
                comparator = ">=" if kind == "target" else "="
            ck = 0 if one_clause else bisect_right(c_starts, rel) - 1
            # a clause naming an area is about it; clauses that continue its subject keep it
            if ck in area_by_clause:
                region = area_by_clause[ck]
            else:
                cs = c_starts[ck]
                c0 = sent[cs : cs + 1]
                if c0 in openers or c0 in _QUOTES_AND_BLANKS or c0.isdecimal():
                    region = am.clause_area(strip_quotes(sent[cs : cs + 30]), home)
                else:
                    region = None  # what clause_area says of a clause opening so
                area_by_clause[ck] = region
            if region is None and _NATIONWIDE.match(sent, c_starts[ck]):
                region = NATION  # 全国R&D经费投入…: the whole country
            elif region is None and _HOME_AREA.match(sent, c_starts[ck]):
                region = home  # 全省占全国的5%: back to the report's own area
            if d.area is not None:
                region = am.resolve(d.area, home)
            elif (region is None or prev_end_rel > c_starts[ck]) and (
                item := am.item_area(sent[max(c_starts[ck], prev_end_rel) : rel])
            ):
                # (a later item of a list overrides the area its clause opened with:
                # 其中，苏州961.4亿元、南京645.3亿元)
                region = am.resolve(item, home)  # …依次为苏州(961.4亿元)、南京(645.3亿元)
            if region is None and ck > 0 and (sup := _SUPERLATIVE.search(sent, 0, c_starts[ck])):
                # …强度最高的是湖里区，达到4.5%: the area the clause before ends on
                name = am.match_at(sent, sup.end())
                if name is not None and sup.end() + len(name) >= c_starts[ck] - 2:
                    region = am.resolve(name, home)
            if region is None:
                # a clause naming no area continues the area of the number before it when
                # that was an indicator's (苏州市研发经费投入961.4亿元，投入强度4.1%); after
                # anything else (厦门…形成80项成果，6组10家省属国企…) it is the report's own
                if d.rule.startswith(("inherited", "respectively")):
                    region = last_region
                else:
                    region = last_indicator_region or home
            last_region = region
            # a part of the area (省属企业, 苏南地区): its clause's subject, or the subject it continues
            cs_rel = c_starts[ck]
            scope = scope_of(sent[cs_rel:rel], d.alias)
            if scope is None and d.rule.startswith(("inherited", "respectively")):
                scope = last_scope
            if scope is not None and d.alias and (scope in d.alias or d.alias in scope):
                scope = None  # 规上工业企业研发经费: an indicator of its own
            last_scope = scope
            prev_end_rel = d.after_end - ss
            measure = d.measure
            if d.choice is not None:
                code, measure = d.choice  # chosen by the sentence reader already
            elif d.cands:
                code, measure = choose_code(
                    lex,
                    d.cands,
                    measure=measure,
                    unit_class=q.unit_class,
                    modifier=d.modifier,
                    share_whole=d.share_whole,
                )
            else:
                code = None
            if d.inherited_code and d.measure != "level":
                code, measure = d.inherited_code, d.measure
                if measure == "share_pct":
                    entry = lex.entries.get(code)
                    if entry and entry.unit == "percent":
                        # a share of a ratio means nothing: …强度2.5%，占全省R&D经费的15.2% is a
                        # share of the indicator the whole names
                        code = _whole_code(lex, sent[c_starts[ck] : rel])
            if span is not None and measure in ("yoy_pct", "pp_change") and not dated:
                code = None  # 五年来…增长6.4倍: growth over the span, not in one year
            elif measure in ("yoy_pct", "pp_change") and year is not None and "年" in sent:
                fm = _FROM_YEAR.search(sent, 0, rel)
                if fm is not None and int(fm.group(1)) != year - 1:
                    code = None  # 由2020年的320亿元增加到2025年的980亿元，增长2倍: since 2020
            qualifier = None
            if scope is not None:
                code = None
            if code is not None and lex.entries[code].kind == "flow" and "累计" in sent[cs_rel:rel]:
                code, qualifier = None, "multi_year"  # 累计培育…3000家: a total over years
            elif (
                code is not None
                and span is not None
                and not dated
                and not from_value
                and measure == "level"
                and d.comparator == "="
                and lex.entries[code].kind == "flow"
            ):
                # 五年来…城镇新增就业265.15万人: a flow stated bare over a span is its total (one that
                # 达到/突破 a level is the span's last year's)
                code, qualifier = None, "multi_year"
            if code is not None and (ex := lex.entries[code].excludes):
                # (up to 8 characters after the number, within its clause: 余额达到… in the
                # next clause is another statement)
                after = sent[rel + len(q.reported_value) : rel + len(q.reported_value) + 8]
                around = sent[cs_rel:rel] + _CLAUSE_END.split(after, maxsplit=1)[0]
                if any(w in around for w in ex):
                    code, qualifier = None, "excluded"  # 科技贷款余额: a balance, not the loans issued
            if qualifier is None:
                qualifier = d.qualifier
            if qualifier and qualifier.startswith("base_"):
                # 比2023年增长 in a statement about 2024 is year-on-year; 较2020年增长 is not
                qualifier = None if year is not None and int(qualifier[5:]) == year - 1 else "other_base"
            if qualifier:
                code = None  # 年均增长, 较"十三五"时期增长: not a year-on-year figure
            if code is not None:
                last_indicator_region = region
                said = (code, region, year, period_months, kind, measure)
                if said in stated and _PART_OPENER.match(sent, cs_rel):
                    code, qualifier = None, "part"  # …成交额186.5亿元，其中技术交易额152.3亿元: a part of it
                stated.add(said)
            # the Fact (what _make_fact did, inlined: one call less per fact)
            value = q.value
            high = q.value_high
            if q.unit_class == "times":
                value = value * _HUNDRED
                high = high * _HUNDRED if high is not None else None
            if d.sign < 0:
                value = -value
                high = -high if high is not None else None
            if measure in ("yoy_pct", "share_pct"):
                unit = "percent"
            elif measure == "pp_change":
                unit = "percentage_points"
            elif measure == "rank_change" or q.unit_class == "rank":
                unit = "rank"
            elif q.unit_class == "money":
                unit = q.base_unit  # the currency as stated: 12.3亿美元 is USD, whatever the catalog says
            elif code is not None:
                unit = lex.entries[code].unit
            else:
                unit = q.base_unit or "count"
            if mapped:
                start = orig(q_start)
                end = orig_end(q.end)
            else:
                start, end = q_start, q.end
            if code is not None:
                key = (code, region, year, period_months, kind, measure, comparator, value)
                if key in seen:
                    continue
                seen.add(key)
            facts.append(
                Fact(
                    indicator_code=code,
                    subject=d.subject or (d.alias or ""),
                    value=value,
                    unit=unit,
                    reported_value=q.reported_value,
                    reported_unit=q.mult_text + q.unit_text,
                    multiplier=q.multiplier,
                    comparator=comparator,
                    value_kind=kind,
                    measure=measure,
                    period_year=year,
                    region_code=region,
                    sentence_index=max(bisect_right(sentence_starts, start) - 1, 0),
                    evidence=evidence,
                    char_start=start,
                    char_end=end,
                    reported_text=text[start:end],
                    rule=d.rule + (f"+{qualifier}" if qualifier else "") + ("+scope" if scope else ""),
                    value_high=high,
                    period_kind=period_kind,
                    period_months=period_months,
                )
            )
    return facts


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(a <= pos < b for a, b in spans)


def _with_sentence_index(starts: list[int], facts: list[Fact]) -> list[Fact]:
    """`facts` with `sentence_index` pointing into the parser's sentences (`starts`, the rows
    of `raw.sentences`): the sentence holding each fact's first character."""
    out = []
    for f in facts:
        k = max(bisect_right(starts, f.char_start) - 1, 0)
        out.append(f if f.sentence_index == k else dataclasses.replace(f, sentence_index=k))
    return out


_NEVER = 1 << 62
# years in the words before a number (提高到2020年的 / 比2023年同期): no subject of their own
_BASE_YEAR_WORDS = re.compile(r"(?:较|比|与|同)?(?:19|20)\d{2}[ ]?年(?:度|底|末|同期)?(?:相比)?")
NATION = "100000"  # the whole country, by the observation contract
# a clause whose subject is the country's: 全国R&D经费…, 其中全国… (not 全国重点实验室, 全国第一)
_NATIONWIDE = re.compile(
    r"[ ]?(?:其中|同期|而|同时)?全国(?:的|范围内)?(?=R&D|研发|研究与试验|技术合同|技术交易|高新技术企业|发明专利|每万人|科技型)"
)
_AREA_WORD = re.compile(r"[全我本][省市区县]")
_NAMES_A_TARGET = re.compile(r"(?:左右|以上)?的?(?:预期|年度|奋斗)?目标")
_HOME_AREA = re.compile(r"[ ]?(?:其中)?(?:全|我|本)[省市区县]")
_NOUN_END = frozenset("等和与及的、")  # what may follow a counted noun (6家新型研发机构等)
# …占Y / …相当于Y的比例 / …与Y之比: Y is the denominator
_DENOMINATOR_LEAD = re.compile(r"占(?!比)|相当于|与(?=[^，,。；;与]{1,16}?之比)")
_ITEM_JOIN = re.compile(r"、|和|与|及|以及")  # between the items of a 分别 list
_STOCK_WORD = re.compile(r"总数|总量|有效数|累计|拥有量|增至|达到|达")  # a list item naming a stock
_FROM_YEAR = re.compile(r"(?:由|从)((?:19|20)\d{2})年")  # the base year of a from-to change
_OF_AN_AVERAGE = re.compile(r"平均(?:水平|值|数)?的[ ]?$")  # 约为全国平均的70%: relative, not a level
_MEMBERS = re.compile(r"有[\d一二两三四五六七八九十]+个(?:[县市区]|地区|城市|设区市)?")  # 有4个…超过3%
# 最高的是湖里区，…: a clause ending on the area the next clause's number is about
_SUPERLATIVE = re.compile(r"(?:最高|最大|最多|居首|领先)的?(?:是|为)(?=[^，,。；;]{2,8}[，,][^，,]*$)")
_PART_OPENER = re.compile(r"[ ]?其中")  # 其中: a part of what was just stated
_CLAUSE_END = re.compile(r"[，,；;。]")
# an aside in brackets before the number (与全省地区生产总值之比) names nothing the number is about
_ASIDE = re.compile(r"[(（][^()（）]{1,30}[)）]")
_SHARE_OF_TOTAL = re.compile(r"(?:全[省市国区县球]|全世界|全部|总量|总数|总额)|$")
_RATIO_DENOMINATOR = re.compile(r"生产总值|GDP|增加值|营业收入|主营业务收入|总产值")
_CMP_AFTER_FIRST = cues._CMP_AFTER_FIRST  # what a trailing comparator starts with
_AMOUNT_CLASSES = frozenset(["money", "count", "physical"])
_TO_ENDS = ("至", "到")  # TO_LEVEL_TAIL ends so (before an optional space)
_RANGE_SEP_START = frozenset(" -—–~至到")  # what may follow a quantity that opens a range
_G_UNIT = QTY_RE.groupindex["unit"]
_G_MULT = QTY_RE.groupindex["mult"]
_G_ORD = QTY_RE.groupindex["ord"]
_TIME_UNITS = frozenset(u for u, (cls, _) in UNITS.items() if cls == "time")
_DIGITISH = re.compile(r"[0-9零〇一二两三四五六七八九十百千万亿]")


def _has_digitish(s: str) -> bool:
    return _DIGITISH.search(s) is not None


def _in_title(sent: str, rel: int) -> bool:
    return sent.rfind("《", 0, rel) > sent.rfind("》", 0, rel)


def _worth_reading(groups: tuple) -> bool:
    """False for QTY_RE matches that can never be kept (years, dates, durations,
    bare numbers without unit or multiplier): they are skipped unread."""
    unit, mult, ordg = groups
    if unit in _TIME_UNITS:
        return False
    return bool(unit or mult or ordg is not None)


def _read_sentence(
    view: str,
    ss: int,
    se: int,
    sent: str,
    lex: Lexicon,
    am: AreaMatcher | None = None,
    matches: list[re.Match] | None = None,
    carry: _State | None = None,
) -> tuple[list[_Draft], list[int]]:
    """The drafts of one sentence, and its clause starts (relative to the sentence).

    `matches`: the sentence's QTY_RE matches, when the caller scanned already."""
    qs: list[Quantity] = []
    if matches is None:
        matches = [
            m for m in QTY_RE.finditer(view, ss, se) if _worth_reading(m.group(_G_UNIT, _G_MULT, _G_ORD))
        ]
    has_title = "《" in sent  # _in_title is False for every number otherwise
    covered = -1  # end of the last range widened over a following number (10%—15%)
    for m in matches:
        if covered >= 0 and m.start() < covered:
            continue
        q = read_quantity(m, view)
        if q is None:
            continue
        if q.value_high is None and q.unit_text and view[q.end : q.end + 1] in _RANGE_SEP_START:
            q = extend_unit_range(q, view, se)
            if q.value_high is not None:
                covered = q.end
        if q.unit_class in ("time", "none") and not q.ordinal:
            continue
        if has_title and _in_title(sent, q.start - ss):
            continue
        # a Chinese numeral in short quotes is a name (“三争”, “两个确立”)
        if (
            not q.reported_value[0].isdigit()
            and view[q.start - 1 : q.start] in "“\"'‘"
            and "”" in view[q.end : q.end + 6]
        ):
            continue
        if (
            q.ordinal
            and not q.unit_text
            and (
                not cues.RANK_CONTEXT.search(view[max(ss, q.start - 6) : q.start])
                or "\u4e00" <= view[q.end : q.end + 1] <= "\u9fff"
            )
        ):
            continue  # 全国第一梯队, 第二批: an ordinal naming something, not a rank
        qs.append(q)
    if not qs:
        return [], []
    rel_starts = clause_starts(sent)
    n_clauses = len(rel_starts)
    c_starts = [ss] if n_clauses == 1 else [ss + c for c in rel_starts] if ss else rel_starts
    has_respectively = "分别" in sent  # the 分别 test below looks inside the sentence only
    choices = lex.choices
    drafts: list[_Draft] = []
    state = carry or _State()
    prev_end = ss
    i = 0
    n_qs = len(qs)
    while i < n_qs:
        q = qs[i]
        q_start = q.start
        if n_clauses == 1:
            cstart, cend = ss, se
        else:
            k = bisect_right(c_starts, q_start) - 1
            cstart = c_starts[k]
            cend = c_starts[k + 1] if k + 1 < n_clauses else se
        window = view[cstart if cstart > prev_end else prev_end : q_start]
        tail = view[cstart if cstart > q_start - 14 else q_start - 14 : q_start]
        # trailing comparator (以上 / 左右) and end of the statement:
        # cues.comparator_after, with its first-character test inlined
        q_end = q.end
        c = view[q_end : q_end + 1]
        if c == " ":
            c = view[q_end + 1 : q_end + 2]
        if c in _CMP_AFTER_FIRST:
            after_cmp, after_end = cues.comparator_after(view, q_end)
        else:
            after_cmp, after_end = None, q_end
        # 分别 lists: N、M after 分别 -> one fact per earlier subject, in order
        # (分别 may stand before a verb and the indicator: 南京、苏州分别净增高新技术企业1200家、1500家)
        if has_respectively and "分别" in view[max(cstart, prev_end, q_start - 16) : q_start]:
            run = [q]
            j = i + 1
            while j < n_qs and _LIST_SEP.match(view[_end_after(view, run[-1]) : qs[j].start]):
                run.append(qs[j])
                j += 1
            if len(run) > 1:
                drafts.extend(_list_drafts(view, run, window, tail, drafts, state, cstart, lex, sent, ss, am))
                prev_end = _end_after(view, run[-1])
                i += len(run)
                continue
        d = _draft(
            view, q, window, tail, state, cstart, cend, after_cmp, after_end, lex, ss, se, prev_end, am
        )
        if d is not None:
            drafts.append(d)
            code = None
            if d.cands:
                # choose_code (memoised): the fact made from this draft reuses it
                choice = choices.get((d.cands, d.measure, q.unit_class, d.modifier, d.share_whole))
                if choice is None:
                    choice = choose_code(
                        lex,
                        d.cands,
                        measure=d.measure,
                        unit_class=q.unit_class,
                        modifier=d.modifier,
                        share_whole=d.share_whole,
                    )
                code = choice[0]
                d.choice = choice
            elif d.inherited_code:
                code = d.inherited_code
            # (updated in place: nothing keeps the previous state)
            state.subject, state.alias, state.code, state.cands = d.subject, d.alias, code, d.cands
        prev_end = after_end
        i += 1
    return drafts, rel_starts


def _of_an_average(unit_class: str, measure: str, tail: str) -> bool:
    """约为全国平均的70%: a percent of another area's value, not a level of the indicator."""
    return unit_class == "percent" and measure == "level" and _OF_AN_AVERAGE.search(tail) is not None


def _whole_code(lex: Lexicon, clause_head: str) -> str | None:
    """The code of the indicator a share clause names as its whole (占全省R&D经费的 ->
    rd_expenditure), when it is an amount or a count; else None."""
    sh = cues.SHARE_TAIL.search(clause_head)
    found = _find_alias(lex, sh.group("whole")) if sh else None
    if found is None:
        return None
    return next(
        (c for c in lex.candidates(found[0]) if c in lex.entries and lex.entries[c].unit != "percent"), None
    )


def _topic(d: _Draft) -> _State:
    code = d.choice[0] if d.choice is not None else d.inherited_code
    return _State(d.subject, d.alias, code, d.cands)


def _end_after(view: str, q: Quantity) -> int:
    _, e = cues.comparator_after(view, q.end)
    return e


def _measure(q: Quantity, tail: str, window: str) -> tuple[str, int, bool] | None:
    """(measure, sign, share_of_whole) of a quantity from the words just before it."""
    uc = q.unit_class
    if q.ordinal:
        return "level", 1, False
    if uc == "count" and q.unit_text in ("位", "名"):
        m = cues.RANK_CHANGE_TAIL.search(tail)
        if m:
            return (
                "rank_change",
                (-1 if m.group("verb") in ("下降", "下滑", "后退", "退后", "回落") else 1),
                False,
            )
        return "level", 1, False
    if uc == "pp":
        sign = -1 if cues.PP_DOWN.search(tail[-8:]) else 1
        return "pp_change", sign, False
    if uc in ("percent", "times"):
        if (tail.endswith(_TO_ENDS) or tail[:-1].endswith(_TO_ENDS)) and cues.TO_LEVEL_TAIL.search(tail):
            return ("level", 1, bool(cues.SHARE_WORD.search(window))) if uc == "percent" else None
        g = cues.GROWTH_TAIL.search(tail)
        if g:
            sign = -1 if cues.GROWTH_DOWN.match(g.group("verb")) else 1
            return "yoy_pct", sign, False
        if uc == "times":
            return None  # 是上年的2倍: a ratio, not a quantity we keep
        sh = cues.SHARE_TAIL.search(window) if ("占" in window or "相当于" in window) else None
        if sh is None and "之比" in window:
            sh = cues.RATIO_TAIL.search(window)
        if sh:
            whole = sh.group("whole")
            # 占全省 / 占全国: share of a larger area's total; 占规上工业增加值的比重: a ratio indicator
            # (占全省R&D经费的66.4%: a share of the larger total; 占全省地区生产总值比重: a ratio)
            if _SHARE_OF_TOTAL.match(whole) and not _RATIO_DENOMINATOR.search(whole):
                return "share_pct", 1, True
            return "level", 1, True
        return "level", 1, bool(cues.SHARE_WORD.search(window))
    return "level", 1, False


def _qualifier(window: str) -> str | None:
    if cues.AVG_ANNUAL.search(window):
        return "multi_year"
    m = cues.COMPARISON_BASE.search(window)
    if m and not cues.PRIOR_YEAR_BASE.match(m.group("base")):
        base = strip_quotes(m.group("base"))
        if by := cues.BASE_YEAR.match(base):
            return f"base_{by.group(1)}"  # decided once the number's year is known
        if not cues.PRIOR_YEAR_BASE.match(base):
            return "other_base"
    return None


_NO_MEMO = object()


def _find_alias(lex: Lexicon, stripped: str) -> tuple[str, int] | None:
    """The alias ending last in `stripped` (the longest one among those), skipping
    denominators (占Y), as (alias, end offset); memoised on the lexicon."""
    memo = lex.last_alias
    hit = memo.get(stripped, _NO_MEMO)
    if hit is not _NO_MEMO:
        return hit  # type: ignore[return-value]
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
    found = (best.group(0), best_end) if best is not None else None
    if len(memo) < 20_000 and len(stripped) <= 64:  # bounded: phrases that may recur
        memo[stripped] = found
    return found


def _post_alias(lex: Lexicon, view: str, pos: int) -> tuple[str | None, str]:
    """An alias or head noun right after a quantity: 6家新型研发机构, 3位科学家."""
    cut = _POST_CUT.search(view, pos, pos + 24)  # (no lookaround: as on the slice)
    stripped = _strip_sub("", view[pos : cut.start() if cut else pos + 24])
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


def _own_words(s: str, measure: str, share_whole: bool, am: AreaMatcher | None) -> str:
    """What is left of `s` once cue words, years (提高到2020年的), a share clause (占全省…)
    and area names are removed."""
    if not s:
        return s
    if "年" in s:
        s = _BASE_YEAR_WORDS.sub("", s).replace("的", "")
    if (measure == "share_pct" or share_whole) and ("占" in s or "相当于" in s):
        s = cues.SHARE_TAIL.sub("", s)
    if share_whole and "之比" in s:
        s = cues.RATIO_TAIL.sub("", s)
    if am is not None and s:
        s = am.strip_names(s)
    return cues.strip_fillers(s)


def _draft(
    view, q, window, tail, state, cstart, cend, after_cmp, after_end, lex, ss, se, prev_end, am
) -> _Draft | None:
    ms = _measure(q, tail, window)
    if ms is None:
        return None
    measure, sign, share_whole = ms
    uc = q.unit_class
    qualifier = _qualifier(window) if measure in ("yoy_pct", "pp_change") else None
    if measure == "level" and uc in _AMOUNT_CLASSES and not q.ordinal:
        change = cues.abs_change_sign(tail)
        if change:
            # 比上年增加523亿元: the size of a change, kept unmapped (never a level of the indicator)
            sign, qualifier = change, "abs_change"
    if measure == "level" and view[after_end : after_end + 1] == "的" and not q.ordinal:
        qualifier = "threshold"  # 超过百亿元的设区市: a bound naming a group, not a statement
    if _of_an_average(uc, measure, tail):
        qualifier = "relative"
    cmp_key = after_cmp or cues.comparator_before(tail)
    if cmp_key is None and q.approx:
        cmp_key = "gt"
    comparator = _CMP.get(cmp_key, "reach" if cmp_key == "reach" else "=")
    stripped = _strip_sub("", window)  # strip_quotes
    if "(" in stripped or "（" in stripped:
        stripped = _ASIDE.sub("", stripped)
    # 全省高新技术企业 is not 省高新技术企业 (an alias of provincial ones): the area word goes first
    stripped = _AREA_WORD.sub("", stripped)
    alias_m = _find_alias(lex, stripped)
    alias = None
    cands: tuple[str, ...] = ()
    inherited_code = None
    subject = ""
    rule = "level"
    post: tuple[str | None, str] | None = None  # alias / head noun after the number, when needed
    own: str | None = None  # computed only when needed (area names and fillers removed)
    if alias_m is not None:
        # (a year between the subject and its number dates it: 成交额2030年达到600亿元)
        gap = YEAR_RE.sub("", stripped[alias_m[1] :])
        # (nothing between the alias and the number: nothing of its own either)
        if not gap or (
            len(_own_words(gap, measure, share_whole, am)) <= 2 and not any(map(str.isdigit, gap))
        ):
            alias = alias_m[0]
            rule = "alias_before"
            if (
                uc == "count"
                and measure == "level"
                and (post := _post_alias(lex, view, after_end if after_cmp else q.end))[1]
                and not post[0]
            ):
                post_noun = post[1]
                alias = None  # 孵化器累计入驻64个项目: the number counts its own noun
                subject = post_noun
                rule = "own_noun"
        else:
            subject = cues.subject_phrase(gap) or cues.subject_phrase(stripped)
            rule = "unmapped_subject"
    if alias is None and not subject:
        if post is None:
            post = _post_alias(lex, view, after_end if after_cmp else q.end)
        post_alias, post_noun = post
        if post_alias:
            alias = post_alias
            rule = "alias_after"
        elif (
            post_noun
            and measure == "level"
            and (uc == "count" or len(own := _own_words(stripped, measure, share_whole, am)) <= 2)
        ):
            subject = post_noun
            rule = "own_noun"
        elif not (
            own if own is not None else (own := _own_words(stripped, measure, share_whole, am))
        ) or cues.FACET_RE.fullmatch(own):
            # no subject of its own: the subject named earlier in the sentence
            back = _strip_sub("", view[max(ss, prev_end) : cstart])
            bm = _find_alias(lex, back) if back else None
            if bm is not None:
                alias = bm[0]
                rule = "inherited"
            elif measure == "rank_change" or uc == "rank":
                # 厦门上升12位,首次入围全球百强科技集群: the ranking is named after the number
                fm = _find_alias(lex, _strip_sub("", view[q.end : se]))
                if fm is not None and any(
                    lex.entries[c].unit == "rank" for c in lex.candidates(fm[0]) if c in lex.entries
                ):
                    alias = fm[0]
                    rule = "inherited_after"
            if (
                alias is None
                and not state.alias
                and cstart > ss
                and am is not None
                and am.item_area(_strip_sub("", view[max(cstart, prev_end) : q.start]))
            ):
                # the list items after a subject that counted something else (…超过百亿元的设区市
                # 有11个,依次为苏州(961.4亿元)): the sentence's topic
                tm = _find_alias(lex, _strip_sub("", view[ss:cstart]))
                if tm is not None:
                    alias = tm[0]
                    rule = "inherited_topic"
            if alias is None and (state.alias or state.subject or state.cands):
                alias = state.alias
                subject = state.subject
                cands = state.cands
                inherited_code = state.code
                rule = "inherited"
        if alias is None and not subject and not cands:
            subject = cues.subject_phrase(stripped)
            rule = "unmapped_subject"
    if alias is not None and not cands:
        cands = lex.alias_codes.get(alias, ())  # lex.candidates
        subject = subject or alias
    if alias is not None and qualifier is None and _MEMBERS.search(view, cstart, q.start):
        qualifier = "threshold"  # 有5个研发投入强度超过2%: how many members pass a bound
    # in the clause up to the number (cend > q.start: the number is in its clause)
    modifier = None
    if cands:
        # a modifier leads the numbers of its clause (新增平台30个、高新技术企业150家) unless one
        # says it is a stock (净增…1200家、总数达1.1万家)
        recent = view[prev_end : q.start] if prev_end > cstart else ""
        modifier = modifier_in(recent) if recent else None
        if modifier is None and not _STOCK_WORD.search(recent):
            modifier = modifier_in(view[cstart : q.start])
    if rule == "alias_after":
        modifier = modifier_in(view[cstart : q.start] + (alias or ""))
    if inherited_code and measure == "level":
        inherited_code = None  # a new level re-chooses among the candidates by its own unit
    return _Draft(
        q,
        subject,
        alias,
        cands,
        inherited_code,
        measure,
        sign,
        comparator,
        share_whole,
        qualifier,
        modifier,
        rule,
        cstart,
        after_end,
    )


def _list_drafts(view, run, window, tail, drafts, state, cstart, lex, sent, ss, am=None) -> list[_Draft]:
    """分别 lists: 城镇、农村居民人均可支配收入分别增长4.5%、5.7% / …同比分别增长14.25%、15.68%.

    Items that are areas (福州、厦门、泉州三市地区生产总值分别为…) give each number its area and
    share the subject; items that only split one indicator into groups (营收百亿、十亿、亿元以上
    高企数量分别增长…) are parts of it, not the indicator: unmapped."""
    out: list[_Draft] = []
    first = run[0]
    ms = _measure(first, tail, window)
    if ms is None:
        return out
    measure, sign, share_whole = ms
    # (as for one number: a comparison base qualifies a change, never a level)
    qualifier = _qualifier(window) if measure in ("yoy_pct", "pp_change") else None
    if _of_an_average(first.unit_class, measure, tail):
        qualifier = "relative"  # …分别约为全国平均的70%、60%
    if measure == "level" and first.unit_class in _AMOUNT_CLASSES and not first.ordinal:
        change = cues.abs_change_sign(tail)
        if change:
            sign, qualifier = change, "abs_change"  # 分别增加20亿元、30亿元
    stripped = strip_quotes(window)
    head = stripped.split("分别")[0]
    items = [x for x in head.split("、") if x]
    n = len(run)
    if len(items) != n:
        # 研发经费投入和技术合同成交额分别达到…: the last two items joined by 和/与/及
        items = [x for x in _ITEM_JOIN.split(head) if x]
    subjects: list[tuple[str | None, str, tuple[str, ...], str | None]] = []
    areas: list[str | None] = [None] * n
    if len(items) == n and am is not None:
        areas = [am.match_at(it, 0) for it in items]
        if not all(areas):
            areas = [None] * n
    if len(items) == n and all(areas):
        # the indicator after the areas, or after 分别 (…分别净增高新技术企业…)
        shared = _find_alias(lex, items[-1]) or _find_alias(lex, stripped.split("分别", 1)[1])
        al = shared[0] if shared else None
        for _ in items:
            subjects.append((al, al or "", lex.candidates(al) if al else (), None))
    elif len(items) == n and cues.strip_fillers(head):
        shared = _find_alias(lex, items[-1])
        for it in items:
            found = _find_alias(lex, it)
            if found is None and shared is not None:
                # 城镇居民、农村居民人均可支配收入: complete each item with the shared head
                last = items[-1]
                for k in range(1, len(last)):
                    cm = lex.alias_re.search(it + last[k:])
                    if cm is not None and cm.end() == len(it + last[k:]) and cm.start() < len(it):
                        found = (cm.group(0), cm.end())
                        break
            found = found or shared
            al = found[0] if found else None
            subjects.append((al, it, lex.candidates(al) if al else (), None))
        if n > 1 and len({sj[0] for sj in subjects}) == 1:
            subjects = [(None, it, (), None) for it in items]  # groups of one indicator
    else:
        prev = [d for d in drafts if d.measure == "level"][-n:]
        if len(prev) == n and not cues.strip_fillers(head):
            for d in prev:
                c, _ = (
                    choose_code(
                        lex,
                        d.cands,
                        measure="level",
                        unit_class=d.q.unit_class,
                        modifier=d.modifier,
                        share_whole=False,
                    )
                    if d.cands
                    else (None, "level")
                )
                subjects.append((d.alias, d.subject, d.cands, c))
        else:
            # …有绵阳、成都2个市，分别为6.6%和2.5%: the areas were listed in an earlier clause
            named = am.area_list_in(view[ss:cstart], n) if am is not None and cstart > ss else None
            if named:
                areas = named
                found = _find_alias(lex, _AREA_WORD.sub("", _strip_sub("", view[ss:cstart])))
            else:
                found = _find_alias(lex, stripped)
            al = found[0] if found else None
            for _ in run:
                subjects.append(
                    (al, al or cues.strip_fillers(stripped)[-20:], lex.candidates(al) if al else (), None)
                )
    for q, (al, subj, cands, code), area in zip(run, subjects, areas, strict=False):
        after_cmp, after_end = cues.comparator_after(view, q.end)
        cmp_key = after_cmp or ("gt" if q.approx else None)
        out.append(
            _Draft(
                q,
                subj,
                al,
                cands,
                code,
                measure,
                sign,
                _CMP.get(cmp_key, "="),
                share_whole,
                qualifier,
                modifier_in(window) if cands else None,
                "respectively",
                cstart,
                after_end,
                area=area,
            )
        )
    return out
