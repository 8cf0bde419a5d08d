"""Text -> facts: ties the number grammar, cues, periods, areas and the catalog together.

    extract_facts(text, DocumentContext(region_code="350200", covered_year=2023)) -> list[Fact]

Pure: no I/O besides the catalog and region seeds, loaded once.

Speed (see tests/benchmarks/bench_extract.py --profile): the whole text is
scanned once for candidate quantities, and years, dates and bare numbers are
dropped before they are read; sentences without a candidate cost a comparison.
Per candidate, the expensive steps are taken only when the branch needs them
(the words after the number, the subject words left once cue words and area
names are removed); area names are found by dictionary probes rather than a
regex of thousands of alternatives; the catalog choice is memoised on its
(catalog-sized) arguments; facts are built through their slots.  Every fast
path has a test that compares it with the obvious code
(tests/unit/test_extract_fastpaths.py).
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal

from orchestration.extract import cues
from orchestration.extract.areas import AreaMatcher, default_matcher
from orchestration.extract.clauses import clause_starts, sentences
from orchestration.extract.facts import DocumentContext, Fact
from orchestration.extract.indicators import Lexicon, choose_code, default_lexicon, modifier_in, strip_quotes
from orchestration.extract.numbers import QTY_RE, UNITS, Quantity, extend_unit_range, read_quantity
from orchestration.extract.periods import (
    forward_sections,
    passage_at,
    plan_passages,
    section_year_at,
    year_markers,
)
from orchestration.extract.textview import build_view

_CMP = {"gt": ">", "ge": ">=", "approx": "~", "lt": "<"}
_HUNDRED = Decimal(100)
_POST_STOP = re.compile(
    r"^(?:的)?(?:增长|同比|比上年|较上年|比|较|占|以上|左右|上下|以下|以内|分别|、|和|与|及|或|为|是|达|,|，|。|；|;|：|:|\)|）|$)"
)
_POST_NOUN = re.compile(r"(?:的)?([\u4e00-\u9fffA-Za-z&()（）·\-]{1,16})")
_POST_CUT = re.compile(
    r"增长|同比|比上年|较上年|入选|获得|获|被|实现|完成|参赛|落地|上市|开工|建成|覆盖|[，,。；;、：:]"
)
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
    sections = forward_sections(view, context.covered_year, context.published_year)
    passages = plan_passages(view, context.covered_year, context.published_year)
    facts: list[Fact] = []
    seen: set[tuple] = set()
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
    if not matches:
        return facts
    m_starts = [m.start() for m in matches]
    n_matches = len(matches)
    j = 0
    for s_index, (ss, se) in enumerate(sentences(view)):
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
        drafts, c_starts = _read_sentence(view, ss, se, sent, lex, am, sent_matches)
        if not drafts:
            continue
        markers = year_markers(sent, c_starts)
        m_pos = [p for p, _ in markers]
        sec_year = section_year_at(sections, ss)
        # only the first cue of each kind matters: a number after it is in its scope
        tm = cues.TARGET_RE.search(sent)
        first_tgt = tm.start() if tm else _NEVER
        em = cues.ESTIMATE_RE.search(sent)
        first_est = em.start() if em else _NEVER
        ev_start, ev_end = tv.orig(ss), tv.orig_end(se)
        evidence = text[ev_start:ev_end].strip()
        # areas: a clause opening with an area's name switches the sentence's area
        area_by_clause: dict[int, str | None] = {}
        for d in drafts:
            k = bisect_right(c_starts, d.q.start - ss) - 1
            if k not in area_by_clause:
                cs = c_starts[k]
                area_by_clause[k] = am.clause_area(strip_quotes(sent[cs : cs + 30]), context.region_code)
        last_region = context.region_code
        for d in drafts:
            rel = d.q.start - ss
            # kind
            plan = passage_at(passages, d.q.start) if passages else None
            if first_tgt < rel:
                kind = "target"
            elif first_est < rel:
                kind = "estimate"
            elif plan is not None:
                kind = "target"  # an item of a target list (…目标是：A；B；C)
            elif sec_year is not None:
                kind = "target"
            else:
                kind = "actual"
            comparator = d.comparator
            if comparator == "reach":
                comparator = ">=" if kind == "target" else "="
            # period
            k = bisect_right(m_pos, rel) - 1
            if k >= 0:
                year = markers[k][1]
            elif plan is not None and plan.year is not None:
                year = plan.year
            elif sec_year is not None:
                year = sec_year
            else:
                year = context.covered_year
            ck = bisect_right(c_starts, rel) - 1
            # a clause naming an area is about it; clauses that continue its subject keep it
            region = area_by_clause.get(ck)
            if region is None:
                region = (
                    last_region if d.rule.startswith(("inherited", "respectively")) else context.region_code
                )
            last_region = region
            code, measure = (
                choose_code(
                    lex,
                    d.cands,
                    measure=d.measure,
                    unit_class=d.q.unit_class,
                    modifier=d.modifier,
                    share_whole=d.share_whole,
                )
                if d.cands
                else (None, d.measure)
            )
            if d.inherited_code and d.measure != "level":
                code, measure = d.inherited_code, d.measure
                if measure == "share_pct":
                    entry = lex.entries.get(code)
                    if entry and entry.unit == "percent":
                        code = None
            if d.qualifier:
                code = None  # 年均增长, 较"十三五"时期增长: not a year-on-year figure
            fact = _make_fact(
                text, tv, d, code, measure, comparator, kind, year, region, s_index, evidence, lex
            )
            if fact is None:
                continue
            if code is not None:
                key = (code, region, year, kind, measure, comparator, fact.value)
                if key in seen:
                    continue
                seen.add(key)
            facts.append(fact)
    return facts


_NEVER = 1 << 62
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
) -> tuple[list[_Draft], list[int]]:
    """The drafts of one sentence, and its clause starts (relative to the sentence).

    `matches`: the sentence's QTY_RE matches, when the caller scanned already."""
    qs: list[Quantity] = []
    if matches is None:
        matches = [
            m for m in QTY_RE.finditer(view, ss, se) if _worth_reading(m.group(_G_UNIT, _G_MULT, _G_ORD))
        ]
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
        rel = q.start - ss
        if _in_title(sent, rel):
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
    c_starts = [ss + c for c in rel_starts] if ss else rel_starts
    drafts: list[_Draft] = []
    state = _State()
    prev_end = ss
    i = 0
    while i < len(qs):
        q = qs[i]
        k = bisect_right(c_starts, q.start) - 1
        cstart = c_starts[k]
        cend = c_starts[k + 1] if k + 1 < len(c_starts) else se
        wstart = max(cstart, prev_end)
        window = view[wstart : q.start]
        tail = view[max(cstart, q.start - 14) : q.start]
        # trailing comparator (以上 / 左右) and end of the statement
        after_cmp, after_end = cues.comparator_after(view, q.end)
        # 分别 lists: N、M after 分别 -> one fact per earlier subject, in order
        run = [q]
        if "分别" in view[max(cstart, q.start - 8) : q.start]:
            j = i + 1
            while j < len(qs) and _LIST_SEP.match(view[_end_after(view, run[-1]) : qs[j].start]):
                run.append(qs[j])
                j += 1
        if len(run) > 1:
            drafts.extend(_list_drafts(view, run, window, tail, drafts, state, cstart, lex, sent, ss))
            prev_end = _end_after(view, run[-1])
            i += len(run)
            continue
        d = _draft(
            view, q, window, tail, state, cstart, cend, after_cmp, after_end, lex, ss, se, prev_end, am
        )
        if d is not None:
            drafts.append(d)
            state = _State(d.subject, d.alias, None, d.cands)
            if d.cands:
                c, _ = choose_code(
                    lex,
                    d.cands,
                    measure=d.measure,
                    unit_class=q.unit_class,
                    modifier=d.modifier,
                    share_whole=d.share_whole,
                )
                state.code = c
            elif d.inherited_code:
                state.code = d.inherited_code
        prev_end = after_end
        i += 1
    return drafts, rel_starts


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
        sh = cues.SHARE_TAIL.search(window) if "占" in window else None
        if sh:
            whole = sh.group("whole")
            # 占全省 / 占全国: share of a larger area's total; 占规上工业增加值的比重: a ratio indicator
            if re.match(r"^(?:全[省市国区县球]|全世界|全部|总量|总数|总额|全市的|全省的)?$", whole):
                return "share_pct", 1, True
            return "level", 1, True
        return "level", 1, bool(cues.SHARE_WORD.search(window))
    return "level", 1, False


def _qualifier(window: str, clause: str) -> str | None:
    if cues.AVG_ANNUAL.search(window):
        return "multi_year"
    m = cues.COMPARISON_BASE.search(window)
    if m and not cues.PRIOR_YEAR_BASE.match(m.group("base")):
        base = strip_quotes(m.group("base"))
        if not cues.PRIOR_YEAR_BASE.match(base):
            return "other_base"
    return None


def _find_alias(lex: Lexicon, stripped: str) -> re.Match | None:
    """The alias ending last in `stripped` (the longest one among those), skipping denominators (占Y)."""
    best = None
    for m in lex.alias_re.finditer(stripped):
        if m.end() == m.start():
            continue
        if "占" in stripped[max(0, m.start() - 6) : m.start()]:
            continue
        if best is None or m.end() >= best.end():
            best = m
    return best


def _post_alias(lex: Lexicon, view: str, pos: int) -> tuple[str | None, str]:
    """An alias or head noun right after a quantity: 6家新型研发机构, 3位科学家."""
    seg = view[pos : pos + 24]
    cut = _POST_CUT.search(seg)
    if cut:
        seg = seg[: cut.start()]
    stripped = strip_quotes(seg)
    if stripped.startswith("的"):
        stripped = stripped[1:]
    m = lex.alias_re.match(stripped)
    if m and m.end() > 0:
        return m.group(0), stripped
    if _POST_STOP.match(view[pos : pos + 4]):
        return None, ""
    nm = _POST_NOUN.match(stripped)
    return None, (nm.group(1) if nm else "")


def _own_words(s: str, measure: str, share_whole: bool, am: AreaMatcher | None) -> str:
    """What is left of `s` once cue words, a share clause (占全省…) and area names are removed."""
    if not s:
        return s
    if (measure == "share_pct" or share_whole) and "占" in s:
        s = cues.SHARE_TAIL.sub("", s)
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
    qualifier = _qualifier(window, view[cstart : q.start]) if measure in ("yoy_pct", "pp_change") else None
    if measure == "level" and q.unit_class in _AMOUNT_CLASSES and not q.ordinal:
        change = cues.abs_change_sign(tail)
        if change:
            # 比上年增加523亿元: the size of a change, kept unmapped (never a level of the indicator)
            sign, qualifier = change, "abs_change"
    cmp_key = after_cmp or cues.comparator_before(tail)
    if cmp_key is None and q.approx:
        cmp_key = "gt"
    comparator = _CMP.get(cmp_key, "reach" if cmp_key == "reach" else "=")
    stripped = strip_quotes(window)
    alias_m = _find_alias(lex, stripped)
    alias = None
    cands: tuple[str, ...] = ()
    inherited_code = None
    subject = ""
    rule = "level"
    post: tuple[str | None, str] | None = None  # alias / head noun after the number, when needed
    own: str | None = None  # computed only when needed (area names and fillers removed)
    if alias_m is not None:
        gap = stripped[alias_m.end() :]
        left = _own_words(gap, measure, share_whole, am)
        if len(left) <= 2 and not any(ch.isdigit() for ch in gap):
            alias = alias_m.group(0)
            rule = "alias_before"
            if (
                q.unit_class == "count"
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
            and (q.unit_class == "count" or len(own := _own_words(stripped, measure, share_whole, am)) <= 2)
        ):
            subject = post_noun
            rule = "own_noun"
        elif not (
            own if own is not None else (own := _own_words(stripped, measure, share_whole, am))
        ) or cues.FACET_RE.fullmatch(own):
            # no subject of its own: the subject named earlier in the sentence
            back = strip_quotes(view[max(ss, prev_end) : cstart])
            bm = _find_alias(lex, back) if back else None
            if bm is not None:
                alias = bm.group(0)
                rule = "inherited"
            elif measure == "rank_change" or q.unit_class == "rank":
                # 厦门上升12位,首次入围全球百强科技集群: the ranking is named after the number
                fm = _find_alias(lex, strip_quotes(view[q.end : se]))
                if fm is not None and any(
                    lex.entries[c].unit == "rank" for c in lex.candidates(fm.group(0)) if c in lex.entries
                ):
                    alias = fm.group(0)
                    rule = "inherited_after"
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
        cands = lex.candidates(alias)
        subject = subject or alias
    clause_text = view[cstart : min(q.start, cend)]
    modifier = modifier_in(clause_text) if cands else None
    if rule == "alias_after":
        modifier = modifier_in(clause_text + (alias or ""))
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


def _list_drafts(view, run, window, tail, drafts, state, cstart, lex, sent, ss) -> list[_Draft]:
    """分别 lists: 城镇、农村居民人均可支配收入分别增长4.5%、5.7% / …同比分别增长14.25%、15.68%."""
    out: list[_Draft] = []
    first = run[0]
    ms = _measure(first, tail, window)
    if ms is None:
        return out
    measure, sign, share_whole = ms
    qualifier = _qualifier(window, window)
    if measure == "level" and first.unit_class in _AMOUNT_CLASSES and not first.ordinal:
        change = cues.abs_change_sign(tail)
        if change:
            sign, qualifier = change, "abs_change"  # 分别增加20亿元、30亿元
    stripped = strip_quotes(window)
    head = stripped.split("分别")[0]
    items = [x for x in head.split("、") if x]
    n = len(run)
    subjects: list[tuple[str | None, str, tuple[str, ...], str | None]] = []
    if len(items) == n and cues.strip_fillers(head):
        shared = _find_alias(lex, items[-1])
        for it in items:
            am = _find_alias(lex, it)
            if am is None and shared is not None:
                # 城镇居民、农村居民人均可支配收入: complete each item with the shared head
                last = items[-1]
                for k in range(1, len(last)):
                    cm = lex.alias_re.search(it + last[k:])
                    if cm is not None and cm.end() == len(it + last[k:]) and cm.start() < len(it):
                        am = cm
                        break
            am = am or shared
            al = am.group(0) if am else None
            subjects.append((al, it, lex.candidates(al) if al else (), None))
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
            am = _find_alias(lex, stripped)
            al = am.group(0) if am else None
            for _ in run:
                subjects.append(
                    (al, al or cues.strip_fillers(stripped)[-20:], lex.candidates(al) if al else (), None)
                )
    for q, (al, subj, cands, code) in zip(run, subjects, strict=False):
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
            )
        )
    return out


# Fact is a frozen dataclass: its __init__ sets each of its 19 fields through
# object.__setattr__ and is the single most expensive call per fact.  The slot
# descriptors set the same fields directly (a test checks the result equals
# `Fact(...)`).
_FACT_FIELDS = tuple(f.name for f in dataclasses.fields(Fact))
_FACT_SETTERS = tuple(getattr(Fact, name).__set__ for name in _FACT_FIELDS)
_new = object.__new__


def _new_fact(*values) -> Fact:
    """Fact(*values), positional in field order, without the frozen __init__."""
    f = _new(Fact)
    for set_, v in zip(_FACT_SETTERS, values, strict=True):
        set_(f, v)
    return f


def _make_fact(text, tv, d: _Draft, code, measure, comparator, kind, year, region, s_index, evidence, lex):
    q = d.q
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
    elif code is not None:
        unit = lex.entries[code].unit
    else:
        unit = q.base_unit or "count"
    start = tv.orig(q.start)
    end = tv.orig_end(q.end)
    return _new_fact(
        code,  # indicator_code
        d.subject or (d.alias or ""),  # subject
        value,
        unit,
        q.reported_value,
        q.mult_text + q.unit_text,  # reported_unit
        q.multiplier,
        comparator,
        kind,  # value_kind
        measure,
        year,  # period_year
        region,  # region_code
        s_index,  # sentence_index
        evidence,
        start,  # char_start
        end,  # char_end
        text[start:end],  # reported_text
        d.rule + (f"+{d.qualifier}" if d.qualifier else ""),  # rule
        high,  # value_high
    )
