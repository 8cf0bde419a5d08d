"""Numeric cells -> Facts: each cell attributed by its column header, row label and caption."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from orchestration.extract import cues
from orchestration.extract.areas import AreaMatcher, default_matcher
from orchestration.extract.attribution import NATION
from orchestration.extract.facts import DocumentContext, Fact
from orchestration.extract.indicators import Lexicon, default_lexicon, modifier_in, strip_quotes
from orchestration.extract.matching import SHARE_CODE, choose_code, unit_compatible
from orchestration.extract.tables.cells import (
    _CELL_CMP,
    _CELL_CMP_RE,
    Table,
    _number_part,
    _parse_unit,
    _unspaced,
)
from orchestration.extract.tables.headers import (
    _BRACKET_RE,
    _TOTAL_WORDS,
    UNIT_COLUMN_HEADS,
    _caption_year,
    _label_area,
    _label_year,
    _squash,
    _sub_annual,
    _unit_of,
    _units_listed,
    _year_of,
)
from orchestration.extract.tables.layout import find_tables
from orchestration.text.numerals import MULTIPLIERS

# (增加值, value added, is an indicator's name, not a change)
_YOY_RE = re.compile(r"增长|增速|增幅|比上年|同比|比去年|较上年|涨幅|降幅|下降|减少|增减|增加(?!值)|提高")
_SHARE_RE = re.compile(r"占.{0,12}(?:比重|比例|GDP|生产总值)|比重|占比|之比")
_WHOLE_RE = re.compile(r"占|与.{1,12}之比")
_TARGET_WORDS = re.compile(r"目标|规划|计划|(?<!实际)(?<!完成)指标值")  # 年度指标值: a self-check's target
# outcomes beside targets; a plan's base year (2025年(基期), 现状值) is what was reached
_ACTUAL_WORDS = re.compile(r"完成值|实际值|实际完成|完成情况|基期|基准年|基准值|现状值")
_RATE_HINT = re.compile(r"率|强度|比重|占比|比例")
_COUNT_HINT = re.compile(r"(?:数|数量|个数|量)$")
# a multi-year average (年均增长 of a plan's five years, 平均每年): no year's value, not read
_MULTI_YEAR_RE = re.compile(r"年均|平均每年")
# a caption naming a five-year plan (“十五五”…主要指标): its base year, the year before
# its span (十四五 2021-2025: 2020; the spans as in `periods`), is what was reached
_PLAN_RE = re.compile(r"十([一二三四五六七八九])五")
_PLAN_ORDINAL = "一二三四五六七八九"
# a self-check's score column (得分, 分值, 权重(%)): points of the appraisal; its 完成率
# (完成比例, 完成进度): the outcome as a percent of the target; neither is a value of the
# row's indicator
_SCORE_RE = re.compile(r"(?:得分|分值|权重|评分|满分|扣分|完成率|完成比例|完成进度)(?:\([^()]*\))?$")
# a row or column of the whole country (全国 beside 全省 and the cities): not the report's area
_NATION_WORDS = frozenset(["全国", "全国合计", "全国平均", "全国总计"])


@dataclass(frozen=True, slots=True)
class _Side:
    """What a column header or a row label says."""

    text: str
    cands: tuple[str, ...]  # catalog candidates of its alias (the last one that has any)
    alias: str | None
    unit: tuple[str, Decimal, str, str] | None
    year: int | None
    region: str | None
    growth: bool
    kind: str | None
    multi_year: bool


def _side(lex: Lexicon, am: AreaMatcher, text: str, home: str | None) -> _Side:
    norm = text.replace("（", "(").replace("）", ")").replace("％", "%")
    bare = strip_quotes(_BRACKET_RE.sub(lambda m: "" if _parse_unit(m.group(1)) else m.group(0), norm))
    alias = None
    cands: tuple[str, ...] = ()
    # the head noun comes last (高新技术企业R&D经费) — but in a ratio, X占Y比重 /
    # X与Y之比, the subject is X: aliases after 占/与 name the whole
    w = _WHOLE_RE.search(bare)
    # …unless an alias names the ratio itself (高新技术产业增加值占规上工业增加值比重)
    ratio = (
        [
            m.group()
            for m in lex.alias_re.finditer(bare)
            if m.start() < w.start() < m.end() and lex.alias_codes.get(m.group())
        ]
        if w
        else []
    )
    parts = (ratio[-1],) if ratio else (bare[: w.start()], bare) if w else (bare,)
    for part in parts:
        for m in lex.alias_re.finditer(part):
            if m.group() and lex.alias_codes.get(m.group()):
                alias, cands = m.group(), lex.alias_codes[m.group()]
        if cands:
            break
    kind = None
    if cues.ESTIMATE_RE.search(text):
        kind = "estimate"
    elif _ACTUAL_WORDS.search(text):
        kind = "actual"  # (a column of outcomes beside one of targets)
    elif _TARGET_WORDS.search(text):
        kind = "target"
    return _Side(
        text=text,
        cands=cands,
        alias=alias,
        unit=_unit_of(norm),
        year=_year_of(norm),
        region=(NATION if _squash(text) in _NATION_WORDS else _label_area(am, strip_quotes(text), home))
        if text
        else None,
        growth=bool(_YOY_RE.search(bare)),
        kind=kind,
        multi_year=bool(_MULTI_YEAR_RE.search(bare)),
    )


def _unit_class_guess(header: str) -> str:
    if _RATE_HINT.search(header):
        return "percent"
    if _COUNT_HINT.search(strip_quotes(header)):
        return "count"
    return "none"


def _first_entry(lex: Lexicon, cands: tuple[str, ...]):
    """The catalog row of the first candidate code a header or label names, else None."""
    return next((lex.entries[c] for c in cands if c in lex.entries), None)


def _listed_unit_for(lex: Lexicon, cands: tuple[str, ...], units: list) -> tuple | None:
    """The one unit of a 单位 list that the first candidate indicator can be stated in."""
    entry = _first_entry(lex, cands)
    if entry is None:
        return None
    fits = [u for u in units if unit_compatible(entry, u[2])]
    return fits[0] if len(fits) == 1 else None


def _counts(lex: Lexicon, cands: tuple[str, ...]) -> bool:
    """Whether the indicator a label names is a count (its first candidate's unit)."""
    entry = _first_entry(lex, cands)
    return entry is not None and entry.unit == "count"


def table_facts(
    text: str,
    context: DocumentContext,
    *,
    lexicon: Lexicon | None = None,
    areas: AreaMatcher | None = None,
    tables: list[Table] | None = None,
) -> list[Fact]:
    """One Fact per numeric table cell whose column header (or row label) names
    a catalog indicator (rule `table_cell`, sentence_index -1); `tables`: those
    `find_tables(text)` returned already, when the caller has them."""
    lex = lexicon or default_lexicon()
    am = areas if areas is not None else default_matcher()
    facts: list[Fact] = []
    for t in find_tables(text) if tables is None else tables:
        facts.extend(_facts_of(t, text, context, lex, am))
    return facts


def _facts_of(t: Table, text: str, ctx: DocumentContext, lex: Lexicon, am: AreaMatcher) -> list[Fact]:
    home = ctx.region_code
    cap = t.caption or ""
    cap_year = _caption_year(cap) if cap else None
    cap_unit = _unit_of(cap) if cap else None
    # 单位：亿元、家: each row takes the listed unit its indicator can be stated in
    cap_units = _units_listed(cap) if cap else []
    cap_side = _side(lex, am, cap, home) if cap else None
    cap_kind = cap_side.kind if cap_side else None
    plan = _PLAN_RE.search(cap) if cap else None
    plan_base = 2000 + 5 * (_PLAN_ORDINAL.index(plan.group(1)) + 1) if plan else None
    # a caption naming a narrower indicator (企业R&D经费 ⊃ R&D经费): the codes it narrows
    # (codes of the caption alias's shorter aliases with the primary code's
    # unit: 企业R&D经费 -> R&D经费; a code of another unit is the same subject
    # counted another way, 技术合同 -> its turnover)
    narrowed: set[str] = set()
    if cap_side and len(cap_side.cands) > 1:
        primary = lex.entries[cap_side.cands[0]].unit
        narrowed = {c for c in cap_side.cands[1:] if lex.entries[c].unit == primary}
        narrowed |= {SHARE_CODE[c] for c in narrowed if c in SHARE_CODE}
    cols = [_side(lex, am, h, home) for h in t.columns]
    # a growth column without a name of its own (比上年增长(%)) is about the
    # named column to its left
    for j in range(2, len(cols)):
        if cols[j].growth and not cols[j].cands:
            left = next((c for c in reversed(cols[1:j]) if c.cands), None)
            if left is not None:
                cols[j] = replace(cols[j], cands=left.cands, alias=left.alias)
    unit_col = next((j for j, h in enumerate(t.columns) if j and _squash(h) in UNIT_COLUMN_HEADS), None)
    score_cols = {j for j, h in enumerate(t.columns) if j and _SCORE_RE.search(_squash(h))}
    # the year of each column: its own, else the nearest year column to its left
    col_years: list[int | None] = []
    last_year = None
    for j, s in enumerate(cols):
        if j and s.year is not None:
            last_year = s.year
        col_years.append(s.year if j and s.year is not None else (last_year if j else None))
    label_sides: dict[str, tuple] = {}
    # what a (column, label, row unit, percent cell) resolves to: the same for
    # every row of a year series, so computed once
    resolved: dict[tuple, tuple | None] = {}
    covered = ctx.covered_year

    def resolve(j: int, label: str, lab: tuple, row_unit, cell_unit: str) -> tuple | None:
        ls, label_year, is_breakdown = lab
        cs = cols[j]
        if ls.multi_year or cs.multi_year:
            return None  # 年均增长 over a plan's years: not a year-on-year change (as in sentences)
        if cs.cands:
            if is_breakdown:
                return None  # an industry or sector row: not the area's value
            name, subject = cs, cs.text
            unit = cs.unit or row_unit or cap_unit
            year = label_year or col_years[j] or cap_year or covered
            region = ls.region or cs.region or home
            growth = cs.growth
        elif ls.cands:
            name, subject = ls, label
            unit = cs.unit or ls.unit or row_unit or cap_unit  # (a growth column states its %)
            year = col_years[j] or cap_year or covered
            region = cs.region or home
            growth = ls.growth or cs.growth
        elif cap_side is not None and cap_side.cands and not is_breakdown:
            # the caption names the indicator (各市R&D经费(亿元), columns of years)
            name, subject = cap_side, cap
            unit = cs.unit or cap_unit or row_unit
            year = label_year or col_years[j] or cap_year or covered
            region = ls.region or cs.region or home
            growth = cs.growth
        else:
            return None
        if cell_unit:
            unit = _parse_unit(cell_unit)  # the cell's own unit (287.9亿元) wins
        alias, cands = name.alias or "", name.cands
        if cap_side and cap_side.alias and alias and alias in cap_side.alias and alias != cap_side.alias:
            alias, cands = cap_side.alias, cap_side.cands  # the caption narrows the header
        if unit is None and cap_units:
            unit = _listed_unit_for(lex, cands, cap_units)
        if unit is not None:
            reported_unit, mult, uclass, _base = unit
        else:
            reported_unit, mult, uclass = "", MULTIPLIERS[""], _unit_class_guess(subject)
            if uclass == "none" and not growth and _counts(lex, cands):
                uclass = "count"  # 国家高新技术企业 | 3500: a count needs no unit to be read
        if uclass == "pp":
            measure = "pp_change"
        elif growth:
            if uclass != "percent":
                return None  # an absolute increase: not read from tables
            measure = "yoy_pct"
        else:
            measure = "level"
        code, measure = choose_code(
            lex,
            cands,
            measure=measure,
            unit_class=uclass,
            modifier=modifier_in(strip_quotes(subject)),
            share_whole=uclass == "percent" and bool(_SHARE_RE.search(subject)),
        )
        if code is None or code in narrowed:
            return None
        if measure in ("yoy_pct", "share_pct"):
            base_unit = "percent"
        elif measure == "pp_change":
            base_unit = "percentage_points"
        else:
            base_unit = lex.entries[code].unit
        col_year = col_years[j]
        # what the cell's own row or column says, else the caption, else the column's year
        stated = (name.kind if name is not cap_side else None) or cs.kind
        if stated is None and plan_base is not None and col_year == plan_base and lab[1] is None:
            stated = "actual"  # the named plan's base year (2025年 of a 十五五 table), even under 规划
        stated = stated or cap_kind
        kind = stated or "actual"
        if stated is None and lab[1] is None and covered is not None and col_year and col_year > covered:
            # a column of a year still ahead (a plan's 2030年 beside its 2025年); the
            # covered year's column stays actual
            kind = "target"
        period = None
        for part in (label, cs.text, cap):
            period = _sub_annual(part)
            if period is False:
                return None
            if period is not None:
                break
        p_kind, p_months = period or ("year", 12)
        return code, subject, base_unit, reported_unit, mult, kind, measure, year, region, p_kind, p_months

    out: list[Fact] = []
    for row in t.rows:
        label_cell = row[0]
        # (a label spread out to the column's width, 全  省, is read as 全省)
        label = _unspaced(label_cell.text) if label_cell else ""
        lab = label_sides.get(label)
        if lab is None:
            ls = _side(lex, am, label, home)
            sq = _squash(label)
            label_year = _label_year(label)
            is_total = not sq or sq in _TOTAL_WORDS
            lab = label_sides[label] = (
                ls,
                label_year,
                label_year is None and ls.region is None and not is_total,
            )
        row_unit = None
        if unit_col is not None and row[unit_col] is not None:
            row_unit = _parse_unit(row[unit_col].text)
        evidence = None
        for j in range(1, len(row)):
            cell = row[j]
            if cell is None or j == unit_col or j in score_cols:
                continue
            ct = cell.text
            np = _number_part(ct)
            if np is None:
                continue
            num, cell_unit = np
            cm = _CELL_CMP_RE.match(ct)
            comparator = _CELL_CMP[cm.group()] if cm else "="
            if comparator == "<=":
                continue  # (no comparator of the contract says "at most")
            key = (j, label, row_unit, cell_unit)
            r = resolved.get(key, False)
            if r is False:
                r = resolved[key] = resolve(j, label, lab, row_unit, cell_unit)
            if r is None:
                continue
            code, subject, base_unit, reported_unit, mult, kind, measure, year, region, p_kind, p_months = r
            try:
                value = Decimal(num.replace(",", "").replace("−", "-")) * mult
            except InvalidOperation:
                continue
            if evidence is None:
                evidence = " | ".join(c.text if c else "" for c in row)
            out.append(
                Fact(
                    code,  # indicator_code
                    subject,
                    value,
                    base_unit,  # unit
                    num,  # reported_value
                    reported_unit,
                    mult,  # multiplier
                    comparator,
                    kind,  # value_kind
                    measure,
                    year,  # period_year
                    region,  # region_code
                    -1,  # sentence_index: the engine's to fill
                    evidence,
                    cell.start,  # char_start
                    cell.end,  # char_end
                    text[cell.start : cell.end],  # reported_text
                    "table_cell",  # rule
                    None,  # value_high
                    p_kind,  # period_kind
                    p_months,  # period_months
                )
            )
    return out
