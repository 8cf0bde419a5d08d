"""Matching: which catalog code a number is about, and in which unit it is stored.

* `choose_code` — among an alias's candidate codes, by the number's unit, measure and the
  modifier of its clause (净增/新增), and whether it is a share (X占Y的比重);
* `code_of` — the draft's chosen code, or None and the reason (a qualifier) when the
  number must stay unmapped (a growth over a span, a part of the area, a multi-year total…);
* `unit_of`, `value_of` — the stored unit and value (倍 as percent, signs of declines).

The catalog is `dbt_project/seeds/indicators.csv`; the rules that are more than aliases
(flows of stocks, shares of levels) are the three tables below.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from orchestration.extract import rules
from orchestration.extract.indicators import CatalogEntry, Lexicon
from orchestration.extract.quantities import Quantity
from orchestration.extract.subjects import whole_code

if TYPE_CHECKING:
    from orchestration.extract.attribution import Attribution
    from orchestration.extract.reader import Draft

# code -> modifier family it requires ("net_new": 净增…, "new": 新增/新引进/新培育…)
REQUIRES_MODIFIER: dict[str, str] = {
    "hitech_enterprises_net_new": "net_new",
    "hitech_enterprises_new": "new",
    "new_rd_institutions": "new",
}
# level code -> code of its share ("X占Y的比重" is the level of that ratio indicator)
SHARE_CODE: dict[str, str] = {
    "rd_expenditure": "rd_intensity",
    "hitech_industry_va": "hitech_industry_va_share",
}
# codes that a modifier turns a stock into (stock code -> {family: flow code})
MODIFIED_CODE: dict[str, dict[str, str]] = {
    "hitech_enterprises": {"net_new": "hitech_enterprises_net_new", "new": "hitech_enterprises_new"},
    "new_type_rd_institutions": {"new": "new_rd_institutions", "net_new": "new_rd_institutions"},
}
# flow code -> the stock it is a flow of
FLOW_OF: dict[str, str] = {flow: stock for stock, flows in MODIFIED_CODE.items() for flow in flows.values()}

_UNIT_OK = {
    "CNY": {"money"},
    "count": {"count"},
    "percent": {"percent"},
    "per_10k_residents": {"count", "none"},
    "rank": {"rank"},
    "years": {"physical"},
    "tonne": {"physical", "count"},
}


def unit_compatible(entry: CatalogEntry, unit_class: str) -> bool:
    ok = _UNIT_OK.get(entry.unit)
    if ok is None:
        return unit_class in ("physical", "count")
    return unit_class in ok


def choose_code(
    lex: Lexicon,
    cands: tuple[str, ...],
    *,
    measure: str,
    unit_class: str,
    modifier: str | None,
    share_whole: bool,
) -> tuple[str | None, str]:
    """Pick a code for a number about `cands`; returns (code, measure) — the
    measure may become `level` when the number is the level of a ratio indicator.

    技术合同成交额186.5亿元: cands (tech_contract_value, tech_contracts), money → the value;
    新增高新技术企业1200家: the stock code turns into its flow code by the 新增 modifier."""
    if not cands:
        return None, measure
    return _choose_code(lex, cands, measure, unit_class, modifier, share_whole)


# (a pure function of its arguments and the catalog: the key space is catalog-sized)
@lru_cache(maxsize=100_000)
def _choose_code(
    lex: Lexicon,
    cands: tuple[str, ...],
    measure: str,
    unit_class: str,
    modifier: str | None,
    share_whole: bool,
) -> tuple[str | None, str]:
    # apply modifiers: a stock concept with 净增/新增 becomes its flow code
    # (and a flow code inherited from the clause before takes this clause's modifier:
    # 新认定…960家，净增510家 — 510 is the net increase)
    expanded: list[str] = []
    for c in cands:
        mod = MODIFIED_CODE.get(FLOW_OF.get(c, c), {}).get(modifier or "")
        if mod:
            expanded.append(mod)
        expanded.append(c)
    # codes needing a modifier are only valid with it
    pool = []
    for c in expanded:
        need = REQUIRES_MODIFIER.get(c)
        if need and need != modifier and not (need == "new" and modifier == "net_new"):
            continue
        if c not in pool:
            pool.append(c)
    # a stock (总数, 拥有量) is never its own additions: 新增1家全国重点实验室 counts new labs,
    # not labs; only a flow code (净增…, 新引进…) takes a modified number
    if modifier is not None:
        pool = [c for c in pool if (e := lex.entries.get(c)) is None or e.kind != "stock"]
    if not pool:
        return None, measure
    if measure == "level":
        if unit_class == "percent" and share_whole:
            # the ratio of the alias's own indicator only (规上工业企业研发投入占比 is not the
            # R&D intensity its shorter alias 研发投入 would give)
            sc = SHARE_CODE.get(pool[0])
            if sc:
                return sc, "level"
        for c in pool:
            e = lex.entries.get(c)
            if e and unit_compatible(e, unit_class):
                return c, "level"
        if unit_class == "percent" and share_whole:
            for c in pool:
                e = lex.entries.get(c)
                if e and e.unit != "percent":
                    return c, "share_pct"
        return None, measure
    if measure == "share_pct":
        for c in pool:
            e = lex.entries.get(c)
            if e and e.unit == "percent" and c in SHARE_CODE.values():
                return c, "level"
        for c in pool:
            e = lex.entries.get(c)
            if e and e.unit not in ("percent", "rank"):
                return c, "share_pct"
        return None, measure
    if measure == "rank_change":
        for c in pool:
            e = lex.entries.get(c)
            if e and e.unit == "rank":
                return c, measure
        return None, measure
    # yoy_pct / pp_change: the growth of the first candidate that is not a rank
    for c in pool:
        e = lex.entries.get(c)
        if e and e.unit != "rank":
            if measure == "yoy_pct" and e.unit == "percent" and e.kind == "ratio":
                continue  # ratios change in percentage points, not percent
            return c, measure
    return None, measure


# the base year of a from-to change or of a comparison opening the sentence (与2020年相比，…)
_FROM_YEAR = re.compile(r"(?:由|从)((?:19|20)\d{2})年|(?:与|同|和)((?:19|20)\d{2})年(?:同期)?相比")
# a clause that states its own base (…，比上年末增长16%): the sentence's earlier base is not its
_OWN_BASE = re.compile(r"同比|[比较](?:上年|去年|上一年)")
_CLAUSE_END = re.compile(r"[，,；;。]")
_INCLUDING = re.compile(r"[(（](?:含|包含|包括)[^()（）]{1,30}[)）]")
_CHANGES = ("yoy_pct", "pp_change")


def code_of(lex: Lexicon, d: Draft, a: Attribution, sent: str) -> tuple[str | None, str, str | None]:
    """(code, measure, qualifier) of a draft once its time, area and scope are known.

    The code is the reader's choice (or the subject it inherited), unless the number is
    something the indicator is not; then it is None and the qualifier says why:
    五年来…增长6.4倍 (a growth over a span), 由2020年的320亿元增加到2025年的980亿元 (since
    another year), 省属企业研发投入 (a part of the area: scope), 累计培育3000家 / 五年来城镇新增就业
    265.15万人 (a flow's multi-year total), 科技贷款余额 (a word the catalog row excludes), and
    the reader's qualifiers (年均增长, 较"十三五"时期增长, 比上年增加523亿元…)."""
    q, rel, cs_rel, year = d.q, a.rel, a.clause_start, a.year
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
                code = whole_code(lex, sent[cs_rel:rel])
    if a.span is not None and measure in _CHANGES and not a.dated:
        code = None  # 五年来…增长6.4倍: growth over the span, not in one year
    elif (
        measure in _CHANGES and year is not None and "年" in sent and not _OWN_BASE.search(sent, cs_rel, rel)
    ):
        fm = _FROM_YEAR.search(sent, 0, rel)
        if fm is not None and int(fm.group(1) or fm.group(2)) != year - 1:
            code = None  # 由2020年的320亿元增加到2025年的980亿元，增长2倍: since 2020
    qualifier = None
    if a.scope is not None:
        code = None
    if code is not None and lex.entries[code].kind == "flow" and "累计" in sent[cs_rel:rel]:
        code, qualifier = None, rules.MULTI_YEAR  # 累计培育…3000家: a total over years
    elif (
        code is not None
        and a.span is not None
        and not a.dated
        and not a.from_value
        and measure == "level"
        and d.comparator == "="
        and lex.entries[code].kind == "flow"
    ):
        # 五年来…城镇新增就业265.15万人: a flow stated bare over a span is its total (one that
        # 达到/突破 a level is the span's last year's)
        code, qualifier = None, rules.MULTI_YEAR
    if code is not None and (ex := lex.entries[code].excludes):
        # (up to 8 characters after the number, within its clause: 余额达到… in the
        # next clause is another statement)
        after = sent[rel + len(q.reported_value) : rel + len(q.reported_value) + 8]
        around = sent[cs_rel:rel] + _CLAUSE_END.split(after, maxsplit=1)[0]
        if "含" in around or "包括" in around:
            around = _INCLUDING.sub("", around)  # 成交额(含技术输出和吸纳): what it includes, not excludes
        if any(w in around for w in ex) or (
            # …科技贷款余额达到520亿元，增长18.5%: the growth of what the sentence excluded
            d.alias and d.rule.startswith(rules.INHERITING) and any(d.alias + w in sent[:rel] for w in ex)
        ):
            code, qualifier = None, rules.EXCLUDED  # 科技贷款余额: a balance, not the loans issued
    if qualifier is None:
        qualifier = d.qualifier
    if qualifier and qualifier.startswith(rules.BASE_YEAR_PREFIX):
        # 比2023年增长 in a statement about 2024 is year-on-year; 较2020年增长 is not
        base = int(qualifier[len(rules.BASE_YEAR_PREFIX) :])
        qualifier = None if year is not None and base == year - 1 else rules.OTHER_BASE
    if qualifier:
        code = None  # 年均增长, 较"十三五"时期增长: not a year-on-year figure
    return code, measure, qualifier


def unit_of(lex: Lexicon, q: Quantity, measure: str, code: str | None) -> str:
    """The stored unit: percent for growth and shares, percentage_points, rank; money keeps
    its stated currency (12.3亿美元 is USD whatever the catalog says); else the code's unit,
    else the number's own (count when it has none)."""
    if measure in ("yoy_pct", "share_pct"):
        return "percent"
    if measure == "pp_change":
        return "percentage_points"
    if measure == "rank_change" or q.unit_class == "rank":
        return "rank"
    if q.unit_class == "money":
        return q.base_unit
    if code is not None:
        return lex.entries[code].unit
    return q.base_unit or "count"


_HUNDRED = Decimal(100)


def value_of(q: Quantity, sign: int) -> tuple[Decimal, Decimal | None]:
    """(value, value_high) as stored: 2倍 is 200 (percent), a decline (下降3%) is negative."""
    value, high = q.value, q.value_high
    if q.unit_class == "times":
        value = value * _HUNDRED
        high = high * _HUNDRED if high is not None else None
    if sign < 0:
        value = -value
        high = -high if high is not None else None
    return value, high
