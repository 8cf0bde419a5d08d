"""Indicator statements of the synthetic reports, each with the facts it states (the ground truth).

One function per core indicator (`RESULT_PATTERNS`) writes a sentence in one of the phrasings seen
in the real corpus (comparator words, growth clauses, 亿元 amounts, shares of the province) and
returns the `GoldFact`s a perfect extractor reads from it; `target_statements` writes next year's
targets. `ReportDraft` holds one report's random source, region and year while they are written.
`orchestration.bench.synthetic` assembles them into whole reports.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from orchestration.catalog.regions import Region

YI = Decimal(100_000_000)


@dataclass(frozen=True)
class GoldFact:
    indicator_code: str
    region_code: str
    period_year: int
    value_kind: str
    measure: str
    value: Decimal
    unit: str
    comparator: str
    evidence: str = ""

    def row(self) -> list[str]:
        v = self.value.normalize()
        text = format(v, "f")
        return [
            self.indicator_code,
            self.region_code,
            str(self.period_year),
            self.value_kind,
            self.measure,
            text,
            self.unit,
            self.comparator,
            self.evidence,
        ]


# --- building blocks -------------------------------------------------------------------------

# (word before the number, comparator) for reports of results; 达 means "=" there.
RESULT_COMPARATORS = [
    ("", "="),
    ("达", "="),
    ("达到", "="),
    ("超过", ">"),
    ("突破", ">"),
    ("约", "~"),
    ("近", "<"),
]
# suffix forms: 以上 (>=), 左右 (~)
SUFFIX_COMPARATORS = [("以上", ">="), ("左右", "~")]


def _dec(rng: random.Random, lo: float, hi: float, places: int) -> Decimal:
    q = Decimal(1).scaleb(-places)
    return Decimal(str(round(rng.uniform(lo, hi), places))).quantize(q)


def _int(rng: random.Random, lo: int, hi: int) -> Decimal:
    return Decimal(rng.randint(lo, hi))


def _area_word(region: Region) -> str:
    if region.level == "province":
        return "全省"
    if region.level == "prefecture" or region.name.endswith("市"):
        return "全市"
    return "全区" if region.name.endswith("区") else "全县"


class ReportDraft:
    """Collects sentences and their facts for one report."""

    def __init__(self, rng: random.Random, region: Region, year: int) -> None:
        self.rng, self.region, self.year = rng, region, year
        self.area = _area_word(region)
        self.facts: list[GoldFact] = []
        self.used: set[str] = set()  # indicator codes stated as actual/estimate in this report

    def fact(self, code, measure, value, unit, comparator, kind="actual", year=None) -> GoldFact:
        return GoldFact(
            code, self.region.region_code, year or self.year, kind, measure, value, unit, comparator
        )

    def cmp(self) -> tuple[str, str, str]:
        """(prefix word, suffix word, comparator)."""
        r = self.rng.random()
        if r < 0.15:
            word, c = self.rng.choice(SUFFIX_COMPARATORS)
            return "", word, c
        word, c = self.rng.choice(RESULT_COMPARATORS)
        return word, "", c


def _growth(d: ReportDraft, code: str, kind: str = "actual") -> tuple[str, GoldFact]:
    rate = _dec(d.rng, 0.5, 35, d.rng.choice([1, 1, 2]))
    down = d.rng.random() < 0.15
    word = (
        d.rng.choice(["同比增长", "比上年增长", "增长"])
        if not down
        else d.rng.choice(["同比下降", "比上年下降"])
    )
    value = -rate if down else rate
    return f"{word}{rate}%", d.fact(code, "yoy_pct", value, "percent", "=", kind)


# Each pattern returns (sentence, facts) for the document's region and covered year.


def p_rd_intensity(d: ReportDraft):
    v = _dec(d.rng, 0.8, 4.8, d.rng.choice([1, 1, 2]))
    pre, suf, c = d.cmp()
    kind = "estimate" if d.rng.random() < 0.5 else "actual"
    cue = "预计" if kind == "estimate" else ""
    name = d.rng.choice(["R&D经费投入强度", "研发投入强度"])
    s = f"{d.area}{name}{cue}{pre}{v}%{suf}"
    return s, [d.fact("rd_intensity", "level", v, "percent", c, kind)]


def p_rd_expenditure(d: ReportDraft):
    v = _dec(d.rng, 3, 900, 2)
    name = d.rng.choice(["全社会研发经费投入", "全社会R&D经费投入", "全社会研究与试验发展经费投入"])
    g, gf = _growth(d, "rd_expenditure")
    s = f"{name}{v}亿元,{g}"
    return s, [d.fact("rd_expenditure", "level", v * YI, "CNY", "="), gf]


def p_hitech(d: ReportDraft):
    n = _int(d.rng, 120, 9800)
    pre, suf, c = d.cmp()
    name = d.rng.choice(["国家高新技术企业总数", "国家高新技术企业有效数", "有效国家高新技术企业"])
    s = f"{name}{pre}{n}家{suf}"
    facts = [d.fact("hitech_enterprises", "level", n, "count", c)]
    if d.region.level == "prefecture" and not suf and d.rng.random() < 0.5:
        share = _dec(d.rng, 2, 45, 1)
        s += f",占全省{share}%"
        facts.append(d.fact("hitech_enterprises", "share_pct", share, "percent", "="))
    return s, facts


def p_hitech_net_new(d: ReportDraft):
    n = _int(d.rng, 20, 1500)
    pre, suf, c = d.cmp()
    name = d.rng.choice(["净增国家高新技术企业", "净增国家级高新技术企业", "净新增国家高新技术企业"])
    return f"{name}{pre}{n}家{suf}", [d.fact("hitech_enterprises_net_new", "level", n, "count", c)]


def p_tech_contracts(d: ReportDraft):
    n = _int(d.rng, 200, 30000)
    v = _dec(d.rng, 1, 900, 2)
    g, gf = _growth(d, "tech_contract_value")
    lead = d.rng.choice(["登记技术合同", "认定登记技术合同"])
    s = f"{lead}{n}项,合同成交金额{v}亿元,{g}"
    return s, [
        d.fact("tech_contracts", "level", n, "count", "="),
        d.fact("tech_contract_value", "level", v * YI, "CNY", "="),
        gf,
    ]


def p_tech_contract_value(d: ReportDraft):
    v = _dec(d.rng, 1, 900, 2)
    pre, suf, c = d.cmp()
    s = f"技术合同成交额{pre}{v}亿元{suf}"
    return s, [d.fact("tech_contract_value", "level", v * YI, "CNY", c)]


def p_patents(d: ReportDraft):
    n = _int(d.rng, 500, 90000)
    g, gf = _growth(d, "invention_patents")
    return f"有效发明专利拥有量{n}件,{g}", [d.fact("invention_patents", "level", n, "count", "="), gf]


def p_patents_per_10k(d: ReportDraft):
    v = _dec(d.rng, 2, 120, 1)
    pre, suf, c = d.cmp()
    name = d.rng.choice(["每万人口发明专利拥有量", "每万人口有效发明专利拥有量"])
    return f"{name}{pre}{v}件{suf}", [d.fact("invention_patents_per_10k", "level", v, "per_10k_residents", c)]


def p_va_share(d: ReportDraft):
    v = _dec(d.rng, 10, 75, 2)
    return (
        f"规上高新技术产业增加值占规上工业增加值的比重{v}%",
        [d.fact("hitech_industry_va_share", "level", v, "percent", "=")],
    )


def p_tech_smes(d: ReportDraft):
    n = _int(d.rng, 100, 25000)
    pre, suf, c = d.cmp()
    return f"评价入库科技型中小企业{pre}{n}家{suf}", [d.fact("tech_smes", "level", n, "count", c)]


def p_new_rd(d: ReportDraft):
    n = _int(d.rng, 1, 40)
    lead = d.rng.choice(["新引进新型研发机构", "新引进落地新型研发机构"])
    return f"{lead}{n}家", [d.fact("new_rd_institutions", "level", n, "count", "=")]


def p_tech_loans(d: ReportDraft):
    v = _dec(d.rng, 0.5, 300, 2)
    return f"新增发放科技信贷{v}亿元", [d.fact("tech_loans", "level", v * YI, "CNY", "=")]


def p_wipo(d: ReportDraft):
    rank = _int(d.rng, 5, 95)
    if d.rng.random() < 0.5:
        up = _int(d.rng, 1, 15)
        s = f"在全球百强科技集群排名上升{up}位,跃升至第{rank}位"
        return s, [
            d.fact("wipo_cluster_rank", "rank_change", up, "rank", "="),
            d.fact("wipo_cluster_rank", "level", rank, "rank", "="),
        ]
    return f"在全球百强科技集群中排名第{rank}位", [d.fact("wipo_cluster_rank", "level", rank, "rank", "=")]


RESULT_PATTERNS = {
    "rd_intensity": p_rd_intensity,
    "rd_expenditure": p_rd_expenditure,
    "hitech_enterprises": p_hitech,
    "hitech_enterprises_net_new": p_hitech_net_new,
    "tech_contracts": p_tech_contracts,
    "tech_contract_value": p_tech_contract_value,
    "invention_patents": p_patents,
    "invention_patents_per_10k": p_patents_per_10k,
    "hitech_industry_va_share": p_va_share,
    "tech_smes": p_tech_smes,
    "new_rd_institutions": p_new_rd,
    "tech_loans": p_tech_loans,
    "wipo_cluster_rank": p_wipo,
}
# indicators whose pattern also states another one (never both in one report)
CLAIMS = {"tech_contracts": {"tech_contract_value"}, "tech_contract_value": {"tech_contracts"}}


def target_statements(d: ReportDraft) -> list[tuple[str, list[GoldFact]]]:
    """Next year's targets: always with their year, 力争/目标/计划 cues."""
    y = d.year + 1
    out = []
    options = [
        lambda: (
            (v := _dec(d.rng, 1, 5, 1)),
            f"力争{y}年{d.area}R&D经费投入强度达到{v}%",
            d.fact("rd_intensity", "level", v, "percent", ">=", "target", y),
        ),
        lambda: (
            (n := _int(d.rng, 200, 12000)),
            f"{y}年目标:国家高新技术企业总数突破{n}家",
            d.fact("hitech_enterprises", "level", n, "count", ">", "target", y),
        ),
        lambda: (
            (v := _dec(d.rng, 2, 1000, 0)),
            f"力争{y}年技术合同成交额达到{v}亿元",
            d.fact("tech_contract_value", "level", v * YI, "CNY", ">=", "target", y),
        ),
        lambda: (
            (n := _int(d.rng, 300, 30000)),
            f"计划{y}年评价入库科技型中小企业{n}家以上",
            d.fact("tech_smes", "level", n, "count", ">=", "target", y),
        ),
    ]
    for make in d.rng.sample(options, d.rng.randint(0, 3)):
        _, s, f = make()
        out.append((s, [f]))
    return out
