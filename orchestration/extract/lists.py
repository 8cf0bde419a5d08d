"""分别 lists: one draft per number of 城镇、农村居民人均可支配收入分别增长4.5%、5.7%."""

from __future__ import annotations

import re

from orchestration.extract import cues, rules
from orchestration.extract.drafts import COMPARATOR, Draft
from orchestration.extract.indicators import modifier_in, strip_quotes
from orchestration.extract.matching import choose_code
from orchestration.extract.measures import abs_change_of, measure_of, of_an_average, qualifier_of
from orchestration.extract.subjects import find_alias, without_area_word

# 分别 / 依次: the numbers that follow go to the items before, in order
RESPECTIVELY_RE = re.compile(r"分别|依次|分列")  # (分列第9位和第21位: 分别位列)
_ITEM_JOIN = re.compile(r"、|和|与|及|以及")  # between the items of a 分别 list
_LIST_LEAD = re.compile(r"^(?:其中|而|同时)[，,]?")  # 其中福州、厦门分别…: the first item is 福州
_YEAR_SPAN = re.compile(r"((?:19|20)\d{2})年?[ ]?(?:—|–|-|~|～|至|到)[ ]?((?:19|20)\d{2})年")
_YEAR_WORD = re.compile(r"((?:19|20)\d{2})年")
_ITEM_YEAR = re.compile(r"^((?:19|20)\d{2})年(?:度|底|末)?")  # an item that is a year (2023年、2024年…)


def _years_listed(clauses_before: str, n: int) -> list[int] | None:
    """The n years a sentence opened with, alone in their clause: 2022年和2023年，…分别为, or
    a span of n years: 2022—2024年，… / 2022年至2024年，…依次为."""
    text = clauses_before.strip(" ，,")
    span = _YEAR_SPAN.fullmatch(text)
    if span is not None:
        first, last = int(span.group(1)), int(span.group(2))
        return list(range(first, last + 1)) if last - first + 1 == n else None
    years = _YEAR_WORD.findall(text)
    if len(years) == n and not _YEAR_WORD.sub("", text).strip("、和与及 "):
        return [int(y) for y in years]
    return None


def _year_items(clauses_before: str, items: list[str], n: int) -> tuple[list[int], list[str]] | None:
    """(years, items without them) when the n numbers are of n years: listed in a clause of
    their own before, or opening each item (2023年、2024年技术合同成交额分别为…)."""
    listed = _years_listed(clauses_before, n) if clauses_before else None
    if listed:
        return listed, items
    if len(items) == n and all(_ITEM_YEAR.match(it) for it in items):
        years = [int(_ITEM_YEAR.match(it).group(1)) for it in items]
        return years, [_ITEM_YEAR.sub("", it, count=1) for it in items]
    return None


_CLAUSE_BREAK = re.compile(r"[，,：:]")


def _indicators_listed(lex, before: str, n: int) -> list[str] | None:
    """The n different indicators that the clause before a 分别 clause lists, one per item
    (技术合同成交额和R&D经费投入均实现较快增长), else None."""
    last = [c for c in _CLAUSE_BREAK.split(before) if c.strip()]
    if not last:
        return None
    items = [x for x in _ITEM_JOIN.split(without_area_word(strip_quotes(last[-1]))) if x]
    if len(items) != n:
        return None
    found = [find_alias(lex, it) for it in items]
    aliases = [f[0] for f in found if f is not None]
    return aliases if len(aliases) == n and len(set(aliases)) == n else None


def list_drafts(view, run, window, tail, drafts, cstart, lex, ss, am, joined_alias=None) -> list[Draft]:
    """分别 lists: 城镇、农村居民人均可支配收入分别增长4.5%、5.7% / …同比分别增长14.25%、15.68%.

    Items that are areas (福州、厦门、泉州三市地区生产总值分别为…) give each number its area and
    share the subject; items that only split one indicator into groups (营收百亿、十亿、亿元以上
    高企数量分别增长…) are parts of it, not the indicator: unmapped."""
    out: list[Draft] = []
    first = run[0]
    ms = measure_of(first, tail, window)
    if ms is None:
        return out
    measure, sign, share_whole = ms
    # (as for one number: a comparison base qualifies a change, never a level)
    qualifier = qualifier_of(window) if measure in ("yoy_pct", "pp_change") else None
    if of_an_average(first.unit_class, measure, tail):
        qualifier = rules.RELATIVE  # …分别约为全国平均的70%、60%
    if change := abs_change_of(first, measure, tail):
        sign, qualifier = change, rules.ABS_CHANGE  # 分别增加20亿元、30亿元
    stripped = strip_quotes(window)
    head = _LIST_LEAD.sub("", RESPECTIVELY_RE.split(stripped, maxsplit=1)[0], count=1)
    items = [x for x in head.split("、") if x]
    n = len(run)
    if len(items) != n:
        # 研发经费投入和技术合同成交额分别达到…: the last two items joined by 和/与/及
        items = [x for x in _ITEM_JOIN.split(head) if x]
    subjects: list[tuple[str | None, str, tuple[str, ...], str | None]] = []
    areas: list[str | None] = [None] * n
    years: list[int | None] = [None] * n
    year_run = _year_items(view[ss:cstart] if cstart > ss else "", items, n)
    if year_run is None and len(items) == n and am is not None:
        areas = [am.match_at(it, 0) for it in items]
        if not all(areas):
            areas = [None] * n
    if year_run is not None:
        # 2023年、2024年技术合同成交额分别为… / 2022年和2023年，…分别为: years of one indicator
        years, items = year_run
        found = find_alias(lex, items[-1]) or find_alias(lex, RESPECTIVELY_RE.split(stripped, maxsplit=1)[-1])
        al = found[0] if found else None
        subjects = [(al, al or "", lex.candidates(al) if al else (), None) for _ in run]
    elif len(items) == n and all(areas):
        # the indicator after the areas, or after 分别 (…分别净增高新技术企业…)
        shared = find_alias(lex, items[-1]) or find_alias(
            lex, RESPECTIVELY_RE.split(stripped, maxsplit=1)[-1]
        )
        al = shared[0] if shared else None
        if al is None:
            # …强度达到2.3%，其中福州、厦门分别达到2.0%、3.3%: the indicator of the sentence so far
            al = next((d.alias for d in reversed(drafts) if d.alias), None)
        if al is None and cstart > ss:
            # 在全球百强科技集群排名中，南京、苏州分列第9位和第21位: named in the clause before
            before = find_alias(lex, without_area_word(strip_quotes(view[ss:cstart])))
            al = before[0] if before else None
        if al is None and cstart == ss:
            # …强度超过全省平均水平的有武汉(4.20%)；襄阳、宜昌分别为1.96%、1.93%: the sentence a ；
            # joins this one to
            al = joined_alias
        for _ in items:
            subjects.append((al, al or "", lex.candidates(al) if al else (), None))
    elif len(items) == n and cues.strip_fillers(head):
        shared = find_alias(lex, items[-1])
        for it in items:
            found = find_alias(lex, it)
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
        # …有绵阳、成都2个市，分别为6.6%和2.5%: the areas were listed in an earlier clause
        named = am.area_list_in(view[ss:cstart], n) if am is not None and cstart > ss else None
        if len(prev) == n and not cues.strip_fillers(head) and not named:
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
        elif (
            not named
            and not cues.strip_fillers(head)
            and cstart > ss
            and (listed := _indicators_listed(lex, view[ss:cstart], n))
        ):
            # 技术合同成交额和R&D经费投入均实现较快增长，分别增长15.2%和10.3%: the items were
            # listed in the clause before
            subjects = [(al, al, lex.candidates(al), None) for al in listed]
        else:
            if named:
                areas = named
                found = find_alias(lex, without_area_word(strip_quotes(view[ss:cstart])))
            else:
                found = find_alias(lex, stripped)
            al = found[0] if found else None
            for _ in run:
                subjects.append(
                    (al, al or cues.strip_fillers(stripped)[-20:], lex.candidates(al) if al else (), None)
                )
    for q, (al, subj, cands, code), area, year in zip(run, subjects, areas, years, strict=False):
        after_cmp, after_end = cues.comparator_after(view, q.end)
        cmp_key = after_cmp or ("gt" if q.approx else None)
        out.append(
            Draft(
                q,
                subj,
                al,
                cands,
                code,
                measure,
                sign,
                COMPARATOR.get(cmp_key, "="),
                share_whole,
                qualifier,
                modifier_in(window) if cands else None,
                rules.RESPECTIVELY,
                cstart,
                after_end,
                area=area,
                year=year,
            )
        )
    return out
