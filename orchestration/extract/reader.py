"""The sentence reader: one sentence -> drafts, one per number it states.

A draft is what the words of the sentence say of a number before attribution: its subject
(a catalog alias and its candidate codes, or a phrase), measure and sign, comparator,
qualifier, modifier (净增/新增), and the rule by which its subject was found (`rules.py`):

    全市技术合同成交额173.58亿元，同比增长29.34%。
      -> 173.58亿元: alias 技术合同成交额, level, =, alias_before
      -> 29.34%:     the same subject, yoy_pct, inherited
    城镇、农村居民人均可支配收入分别增长4.5%、5.7%。
      -> one draft per item, in order (respectively)

The sentence's topic (`Topic`: what it has been about so far) carries into clauses without
a subject, and into a next sentence opening with 其中.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

from orchestration.extract import cues, rules
from orchestration.extract.areas import AREA_GROUP, AreaMatcher
from orchestration.extract.clauses import clause_starts
from orchestration.extract.drafts import COMPARATOR, Draft, Topic
from orchestration.extract.indicators import Lexicon, modifier_in, strip_quotes
from orchestration.extract.lists import RESPECTIVELY_RE, list_drafts
from orchestration.extract.matching import choose_code
from orchestration.extract.measures import abs_change_of, measure_of, of_an_average, qualifier_of
from orchestration.extract.periods import ASIDE, YEAR_RE
from orchestration.extract.quantities import (
    QTY_RE,
    RANGE_OPENERS,
    UNITS,
    Quantity,
    extend_unit_range,
    read_quantity,
)
from orchestration.extract.subjects import (
    RUN_OF_YEARS,
    alias_after,
    alias_after_list,
    find_alias,
    own_words,
    without_area_word,
)

_EACH = re.compile(r"均(?:为|是|达|达到|超过|超|突破|逾|在|保持在|高于|不低于|不少于|增长|提高)?[ ]?$")
_LIST_SEP = re.compile(r"^[ ]?(?:、|和|与|及|,|，)[ ]?$")  # between the numbers of a 分别 list
_CONVERTED = re.compile(r"[ 、，,]*(?:折合|折人民币|折算)")  # an amount converted into another currency
_STOCK_WORD = re.compile(r"总数|总量|有效数|累计|拥有量|增至|达到|达")  # a list item naming a stock
_MEMBERS = re.compile(r"有[\d一二两三四五六七八九十]+个(?:[县市区]|地区|城市|设区市)?")  # 有4个…超过3%
_PART_OPENER = re.compile(r"[ ]?其中")  # 其中: a part of what was just stated
_TIME_UNITS = frozenset(u for u, (cls, _) in UNITS.items() if cls == "time")
_UNIT_MULT_ORD = tuple(QTY_RE.groupindex[g] for g in ("unit", "mult", "ord", "pct", "tenths"))


def candidate_quantities(view: str) -> list[re.Match]:
    """The QTY_RE matches of the whole text that may be kept: not years, dates or durations,
    nor bare numbers without unit or multiplier.  A match never crosses a sentence boundary
    (。！？；\\n are in no number or unit), so one scan of the text finds what a scan per
    sentence would."""
    return [m for m in QTY_RE.finditer(view) if _worth_reading(m.group(*_UNIT_MULT_ORD))]


def _worth_reading(groups: tuple) -> bool:
    unit, mult, ordinal, written_percent, tenths = groups
    if unit in _TIME_UNITS:
        return False
    return bool(unit or mult or ordinal is not None or written_percent or tenths)


def opens_with_part(sentence: str, pos: int = 0) -> bool:
    """其中，苏州961.4亿元…: the sentence (or clause at `pos`) breaks down what was just stated."""
    return _PART_OPENER.match(sentence, pos) is not None


# a sentence that is only an indicator's name, maybe numbered: 1.全社会研发经费投入强度。
_LABEL_NUMBER = re.compile(r"^[ \u3000]*(?:[（(]?[一二三四五六七八九十\d]{1,2}[)）.．、][ ]?)?")
_LABEL_END = " \u3000。：:；;"


# a comparison with the country whose value stands in brackets: 增速比全国（8.1%）/ 低于全国平均水平（
_VS = "比|较|低于|高于|超过|快于|慢于|略低于|略高于|超出"  # the words comparing with another area
NATION_ASIDE = re.compile(
    rf"(?P<growth>增速|增幅|增长)?[^，,；;]{{0,4}}?(?:{_VS})全国(?:平均|平均水平|水平)?[（(]$"
)


# …与全国2.44%的平均水平差距缩小: the country's value stated bare, named a level right after it
NATION_BARE = re.compile(rf"(?P<growth>增速|增幅|增长)?[^，,；;]{{0,4}}?(?:与|和|同|{_VS})全国$")
_NATION_LEVEL_AFTER = re.compile(r"的?(?:平均)?水平")
_GROWTH_AFTER = re.compile(r"的?(?:增长|增速|增幅)(?!极|点|率|空间|潜力|动能|引擎)")
_AFTER_NATION = re.compile(rf"(?:{_VS})全国[^，,；;]{{0,6}}[)）]")


def label_topic(lex: Lexicon, sentence: str) -> Topic | None:
    """The topic a label sentence gives the sentence after it (a self-check's item: 2.国家高新
    技术企业数量。年度目标为720家…), when the sentence is an alias and nothing else."""
    label = _LABEL_NUMBER.sub("", sentence, count=1).rstrip(_LABEL_END)
    if not label or len(label) > 30 or any(c.isdigit() for c in label):
        return None
    label = without_area_word(strip_quotes(label))
    found = find_alias(lex, label)
    if found is None or cues.strip_fillers(label[found[1] :]) not in ("", "数"):
        return None  # (科技型中小企业入库数: the count of the alias)
    alias = found[0]
    return Topic(alias, alias, None, lex.candidates(alias), modifier_in(label))


def _in_title(sent: str, rel: int) -> bool:
    return sent.rfind("《", 0, rel) > sent.rfind("》", 0, rel)


def quantities_of(view: str, ss: int, se: int, sent: str, matches: list[re.Match]) -> list[Quantity]:
    """The sentence's quantities: ranges widened over their second number (10%—15%); no
    durations, numbers in 《titles》, numerals in quotes (“三争”) or ordinals naming things."""
    qs: list[Quantity] = []
    has_title = "《" in sent
    covered = -1  # end of the last range widened over a following number (10%—15%)
    for m in matches:
        if covered >= 0 and m.start() < covered:
            continue
        q = read_quantity(m, view)
        if q is None:
            continue
        if q.value_high is None and (q.unit_text or q.mult_text) and view[q.end : q.end + 1] in RANGE_OPENERS:
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
    return qs


def read_sentence(
    view: str,
    ss: int,
    se: int,
    lex: Lexicon,
    am: AreaMatcher | None,
    matches: list[re.Match],
    carry: Topic | None = None,
    joined_alias: str | None = None,
) -> tuple[list[Draft], list[int]]:
    """The drafts of the sentence view[ss:se], and its clause starts (relative to it).

    `matches`: its `candidate_quantities`; `carry`: the topic of the sentence before, for a
    sentence opening with 其中; `joined_alias`: the subject of the sentence before when a ； joins
    the two, for a 分别 list of areas naming no indicator (…的有武汉(4.20%)；襄阳、宜昌分别为1.96%、1.93%)."""
    sent = view[ss:se]
    qs = quantities_of(view, ss, se, sent, matches)
    if not qs:
        return [], []
    rel_starts = clause_starts(sent)
    c_starts = [ss + c for c in rel_starts]
    # (the 分别 / 依次 test below looks inside the sentence only)
    has_respectively = "分别" in sent or "依次" in sent or "分列" in sent
    drafts: list[Draft] = []
    topic = carry or Topic()
    prev_end = ss
    i = 0
    while i < len(qs):
        q = qs[i]
        cstart = c_starts[bisect_right(c_starts, q.start) - 1]
        window = view[max(cstart, prev_end) : q.start]
        tail = view[max(cstart, q.start - 14) : q.start]
        # a trailing comparator (以上 / 左右) ends the statement
        after_cmp, after_end = cues.comparator_after(view, q.end)
        # 分别 lists: N、M after 分别 -> one fact per earlier subject, in order
        # (分别 may stand before a verb and the indicator: 南京、苏州分别净增高新技术企业1200家、1500家)
        if has_respectively and RESPECTIVELY_RE.search(view, max(cstart, prev_end, q.start - 16), q.start):
            run = [q]
            while i + len(run) < len(qs) and _LIST_SEP.match(
                view[_end_after(view, run[-1]) : qs[i + len(run)].start]
            ):
                run.append(qs[i + len(run)])
            if len(run) > 1:
                drafts.extend(list_drafts(view, run, window, tail, drafts, cstart, lex, ss, am, joined_alias))
                prev_end = _end_after(view, run[-1])
                i += len(run)
                continue
        d = draft_of(view, q, window, tail, topic, cstart, after_cmp, after_end, lex, ss, se, prev_end, am)
        if d is not None:
            # 南京、苏州两市技术合同成交额均超过1000亿元: one number, said of each area listed
            each = am.areas_opening(view[cstart : q.start]) if am is not None and _EACH.search(tail) else []
            drafts.extend([replace(d, area=name) for name in each] or [d])
            code = None
            if d.cands:
                # (the fact made from this draft reuses the choice)
                d.choice = choose_code(
                    lex,
                    d.cands,
                    measure=d.measure,
                    unit_class=q.unit_class,
                    modifier=d.modifier,
                    share_whole=d.share_whole,
                )
                code = d.choice[0]
            elif d.inherited_code:
                code = d.inherited_code
            # (updated in place: nothing keeps the previous topic)
            topic.subject, topic.alias, topic.code, topic.cands = d.subject, d.alias, code, d.cands
            topic.modifier = d.modifier if d.rule == rules.INHERITED and topic.modifier else None
        prev_end = after_end
        i += 1
    return drafts, rel_starts


def topic_of(drafts: list[Draft]) -> Topic | None:
    """What the sentence was last about: its last draft with an alias (for a 其中 sentence after it)."""
    d = next((d for d in reversed(drafts) if d.alias), None)
    if d is None:
        return None
    code = d.choice[0] if d.choice is not None else d.inherited_code
    return Topic(d.subject, d.alias, code, d.cands)


def _end_after(view: str, q: Quantity) -> int:
    return cues.comparator_after(view, q.end)[1]


def draft_of(
    view, q, window, tail, topic, cstart, after_cmp, after_end, lex, ss, se, prev_end, am
) -> Draft | None:
    """The draft of one number: `window` the words of its clause before it (after the number
    before), `tail` the last 14 characters before it, `topic` what the sentence is about so far."""
    ms = measure_of(q, tail, window)
    if ms is None:
        return None
    measure, sign, share_whole = ms
    uc = q.unit_class
    if measure == "level" and uc == "percent" and not share_whole and _GROWTH_AFTER.match(view, after_end):
        measure = "yoy_pct"  # 保持10%以上增长 / 实现15%的增长: the growth is named after its rate
    if (
        (nation := NATION_ASIDE.search(window))
        or (
            window.endswith("全国")  # (most numbers: no regex)
            and (nation := NATION_BARE.search(window))
            and _NATION_LEVEL_AFTER.match(view, after_end)
        )
    ) and (topic.alias or topic.cands):
        # 增速比全国（8.1%）高5.4个百分点 / 低于全国平均水平（2.65%）: the country's value of what
        # the sentence is about, in brackets
        growth = nation.group("growth") is not None
        return Draft(
            q,
            topic.subject,
            topic.alias,
            topic.cands,
            None if growth else topic.code,
            "yoy_pct" if growth else measure,
            1,
            "=",
            False,
            None,
            None,
            rules.INHERITED,
            cstart,
            after_end,
            area="全国",
        )
    qualifier = qualifier_of(window) if measure in ("yoy_pct", "pp_change") else None
    if (
        qualifier is None
        and measure in ("yoy_pct", "pp_change")
        and _AFTER_NATION.search(view, cstart, q.start)
    ):
        qualifier = rules.OTHER_BASE  # 低于全国（2.65%）0.20个百分点: the gap to the country
    if change := abs_change_of(q, measure, tail):
        sign, qualifier = change, rules.ABS_CHANGE  # 比上年增加523亿元: the size of a change
    if measure == "level" and view[after_end : after_end + 1] == "的" and not q.ordinal:
        qualifier = rules.THRESHOLD  # 超过百亿元的设区市: a bound naming a group, not a statement
    if of_an_average(uc, measure, tail):
        qualifier = rules.RELATIVE
    if uc == "money" and prev_end > ss and "折" in window and _CONVERTED.match(strip_quotes(window)):
        # 160.6亿美元、折合1148亿元人民币: the amount before it, restated in another currency
        qualifier = rules.CONVERTED
    cmp_key = after_cmp or cues.comparator_before(tail)
    if q.approx and cmp_key in (None, "reach"):
        cmp_key = "gt"  # (达到六千八百余家: more than 6800, reached)
    comparator = COMPARATOR.get(cmp_key, "reach" if cmp_key == "reach" else "=")
    stripped = strip_quotes(window)  # strip_quotes
    if "(" in stripped or "（" in stripped:
        stripped = ASIDE.sub("", stripped)
    # 全省高新技术企业 is not 省高新技术企业 (an alias of provincial ones): the area word goes first
    stripped = without_area_word(stripped)
    alias_m = find_alias(lex, stripped)
    alias = None
    cands: tuple[str, ...] = ()
    inherited_code = None
    subject = ""
    rule = rules.LEVEL
    post: tuple[str | None, str] | None = None  # alias / head noun after the number, when needed
    own: str | None = None  # computed only when needed (area names and fillers removed)
    if alias_m is not None:
        # (a year between the subject and its number dates it: 成交额2030年达到600亿元)
        gap = YEAR_RE.sub("", stripped[alias_m[1] :])
        if "连续" in gap:  # 强度连续5年超过3%: how long it has held, not what
            gap = RUN_OF_YEARS.sub("", gap)
        if (
            gap
            and am is not None
            and view[q.start - 1 : q.start] in ("(", "（")
            and (group := AREA_GROUP.match(gap))
            and am.item_area(gap[group.end() :])
        ):
            gap = ""  # 强度排名前三的设区市分别为厦门(3.90%): the indicator of a group's list
        # (nothing between the alias and the number: nothing of its own either)
        if not gap or (len(own_words(gap, measure, share_whole, am)) <= 2 and not any(map(str.isdigit, gap))):
            alias = alias_m[0]
            rule = rules.ALIAS_BEFORE
            if (
                uc == "count"
                and measure == "level"
                and (post := alias_after(lex, view, after_end if after_cmp else q.end))[1]
                and not post[0]
            ):
                post_noun = post[1]
                alias = None  # 孵化器累计入驻64个项目: the number counts its own noun
                subject = post_noun
                rule = rules.OWN_NOUN
        else:
            subject = cues.subject_phrase(gap) or cues.subject_phrase(stripped)
            rule = rules.UNMAPPED_SUBJECT
    # 思明区（1520家）、湖里区（1310家）国家高新技术企业…: area items before the indicator they
    # count take the alias after the list
    if (
        alias is None
        and not subject
        and view[q.start - 1 : q.start] in ("(", "（")
        and am is not None
        and am.item_area(strip_quotes(window))
        and (after_list := alias_after_list(lex, view, q.end, se))
    ):
        alias, rule = after_list, rules.ALIAS_AFTER
    if (
        alias is None
        and not subject
        and view[q.start - 1 : q.start] in ("(", "（")
        and am is not None
        and (group := AREA_GROUP.search(stripped))
        and am.item_area(stripped[group.end() :])
    ):
        # …超过50亿元的市州有武汉（885.6亿元）: the group and its first area name no subject
        stripped = stripped[: group.start()]
    if alias is None and not subject:
        if post is None:
            post = alias_after(lex, view, after_end if after_cmp else q.end)
        post_alias, post_noun = post
        if post_alias:
            alias = post_alias
            rule = rules.ALIAS_AFTER
        elif (
            post_noun
            and measure == "level"
            and (uc == "count" or len(own := own_words(stripped, measure, share_whole, am)) <= 2)
        ):
            subject = post_noun
            rule = rules.OWN_NOUN
        elif not (
            own if own is not None else (own := own_words(stripped, measure, share_whole, am))
        ) or cues.FACET_RE.fullmatch(own):
            # no subject of its own: the subject named earlier in the sentence
            back = without_area_word(strip_quotes(view[max(ss, prev_end) : cstart]))
            bm = find_alias(lex, back) if back else None
            if bm is not None:
                alias = bm[0]
                rule = rules.INHERITED
            elif measure == "rank_change" or uc == "rank":
                # 厦门上升12位,首次入围全球百强科技集群: the ranking is named after the number
                fm = find_alias(lex, strip_quotes(view[q.end : se]))
                if fm is not None and any(
                    lex.entries[c].unit == "rank" for c in lex.candidates(fm[0]) if c in lex.entries
                ):
                    alias = fm[0]
                    rule = rules.INHERITED_AFTER
            if (
                alias is None
                and not topic.alias
                and cstart > ss
                and am is not None
                and am.item_area(strip_quotes(view[max(cstart, prev_end) : q.start]))
            ):
                # the list items after a subject that counted something else (…超过百亿元的设区市
                # 有11个,依次为苏州(961.4亿元)): the sentence's topic
                tm = find_alias(lex, without_area_word(strip_quotes(view[ss:cstart])))
                if tm is not None:
                    alias = tm[0]
                    rule = rules.INHERITED_TOPIC
            if alias is None and (topic.alias or topic.subject or topic.cands):
                alias = topic.alias
                subject = topic.subject
                cands = topic.cands
                inherited_code = topic.code
                rule = rules.INHERITED
        if alias is None and not subject and not cands:
            subject = cues.subject_phrase(stripped)
            rule = rules.UNMAPPED_SUBJECT
    if alias is not None and not cands:
        cands = lex.alias_codes.get(alias, ())  # lex.candidates
        subject = subject or alias
    if alias is not None and qualifier is None and _MEMBERS.search(view, cstart, q.start):
        qualifier = rules.THRESHOLD  # 有5个研发投入强度超过2%: how many members pass a bound
    # in the clause up to the number (cend > q.start: the number is in its clause)
    modifier = None
    if cands:
        # a modifier leads the numbers of its clause (新增平台30个、高新技术企业150家) unless one
        # says it is a stock (净增…1200家、总数达1.1万家)
        recent = view[prev_end : q.start] if prev_end > cstart else ""
        modifier = modifier_in(recent) if recent else None
        if modifier is None and not _STOCK_WORD.search(recent):
            modifier = modifier_in(view[cstart : q.start])
    if rule == rules.ALIAS_AFTER:
        modifier = modifier_in(view[cstart : q.start] + (alias or ""))
    if modifier is None and rule == rules.INHERITED and topic.modifier and alias == topic.alias:
        modifier = topic.modifier  # 5.新引进新型研发机构。年度目标为2家: the label's flow word
    if inherited_code and measure == "level":
        inherited_code = None  # a new level re-chooses among the candidates by its own unit
    return Draft(
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
