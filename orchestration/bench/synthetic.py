"""Deterministic synthetic bureau reports with their ground-truth facts.

    from orchestration.bench.synthetic import write_corpus
    write_corpus(Path("corpus"), n_docs=1000, seed=7)

Each report is assembled from sentence patterns seen in the real corpus (work
summaries of science and technology bureaus, government work reports): an
索引号/发布机构 header block, a title, a date line, prose, numbered sections
with indicator statements, next year's targets, sometimes a table of districts
and site clutter (phone numbers, ICP, 网站标识码). A few reports are written in
Traditional characters, as mirrors of statistical bulletins often are.

Every indicator statement is unambiguous and its facts are written beside the
report as `gold/<stem>.csv` in the format of the shared gold files (core
indicators only, evidence = the sentence as it reads in Simplified Chinese), so
accuracy is scored exactly like `score_warehouse.py` does. Document `i` depends
only on (seed, i): the corpus of 100 documents is a prefix of the one of 1,000.

Layout written by `write_corpus`::

    <dir>/manifest.csv            file,title,publisher,region_code,covered_year,published_date,report_kind
    <dir>/reports/syn_000001.txt
    <dir>/gold/syn_000001.csv
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from orchestration.catalog.regions import Region, regions

GOLD_COLUMNS = [
    "indicator_code",
    "region_code",
    "period_year",
    "value_kind",
    "measure",
    "value",
    "unit",
    "comparator",
    "evidence",
]
MANIFEST_COLUMNS = [
    "file",
    "title",
    "publisher",
    "region_code",
    "covered_year",
    "published_date",
    "report_kind",
]
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


@dataclass
class SyntheticReport:
    stem: str
    region: Region
    covered_year: int
    published_date: str
    title: str
    publisher: str
    report_kind: str
    text: str
    facts: list[GoldFact] = field(default_factory=list)
    traditional: bool = False


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

FILLER = [
    "在{party}的正确领导下,{org}深入学习贯彻党的二十大精神,深入实施创新驱动发展战略,科技创新体系整体效能不断提升",
    "强化顶层设计布局,开拓科技创新引领发展新局面",
    "完善科技创新政策体系,出台支持企业加大研发投入的若干措施",
    "持续优化创新生态,科技服务体系不断健全",
    "推动产学研深度融合,促进科技成果转移转化",
    "深化科技体制机制改革,赋予科研人员更大自主权",
    "加强科技人才队伍建设,引进和培育一批高层次创新创业人才",
    "围绕重点产业链部署创新链,组织实施关键核心技术攻关",
    "加快建设创新平台,省级以上重点实验室建设取得积极进展",
    "开展科技特派员工作,助力乡村振兴",
    "扎实推进科技领域安全生产和疫情防控工作",
    "加强作风建设,全面从严治党向纵深发展",
    "召开科技创新大会,颁发年度科学技术奖",
    "组织开展科技活动周、全国科普日等科普活动",
    "深化区域科技合作,积极融入国家重大区域发展战略",
    "举办创新创业大赛,吸引{n}个优质项目参赛",
    "聘请{n}位顶尖专家担任科技顾问",
    "组织实施重大科技项目{n}项",
    "建成众创空间和孵化器{n}个",
    "开展科技政策宣讲{n}场次",
]
NEXT_FILLER = [
    "坚持以科技创新引领发展动能转换,加快建设具有全国影响力的区域科技创新中心",
    "持续深化科技体制改革,优化科技资源配置",
    "强化企业科技创新主体地位,推动创新要素向企业集聚",
    "加强基础研究和应用基础研究,提升原始创新能力",
    "营造良好创新生态,打造一流营商环境",
]
SECTION_NUMERALS = ["一", "二", "三", "四", "五", "六"]
SUB_NUMERALS = ["(一)", "(二)", "(三)", "(四)", "(五)", "(六)", "(七)", "(八)"]


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


class _Doc:
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


def _growth(d: _Doc, code: str, kind: str = "actual") -> tuple[str, GoldFact]:
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


def p_rd_intensity(d: _Doc):
    v = _dec(d.rng, 0.8, 4.8, d.rng.choice([1, 1, 2]))
    pre, suf, c = d.cmp()
    kind = "estimate" if d.rng.random() < 0.5 else "actual"
    cue = "预计" if kind == "estimate" else ""
    name = d.rng.choice(["R&D经费投入强度", "研发投入强度"])
    s = f"{d.area}{name}{cue}{pre}{v}%{suf}"
    return s, [d.fact("rd_intensity", "level", v, "percent", c, kind)]


def p_rd_expenditure(d: _Doc):
    v = _dec(d.rng, 3, 900, 2)
    name = d.rng.choice(["全社会研发经费投入", "全社会R&D经费投入", "全社会研究与试验发展经费投入"])
    g, gf = _growth(d, "rd_expenditure")
    s = f"{name}{v}亿元,{g}"
    return s, [d.fact("rd_expenditure", "level", v * YI, "CNY", "="), gf]


def p_hitech(d: _Doc):
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


def p_hitech_net_new(d: _Doc):
    n = _int(d.rng, 20, 1500)
    pre, suf, c = d.cmp()
    name = d.rng.choice(["净增国家高新技术企业", "净增国家级高新技术企业", "净新增国家高新技术企业"])
    return f"{name}{pre}{n}家{suf}", [d.fact("hitech_enterprises_net_new", "level", n, "count", c)]


def p_tech_contracts(d: _Doc):
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


def p_tech_contract_value(d: _Doc):
    v = _dec(d.rng, 1, 900, 2)
    pre, suf, c = d.cmp()
    s = f"技术合同成交额{pre}{v}亿元{suf}"
    return s, [d.fact("tech_contract_value", "level", v * YI, "CNY", c)]


def p_patents(d: _Doc):
    n = _int(d.rng, 500, 90000)
    g, gf = _growth(d, "invention_patents")
    return f"有效发明专利拥有量{n}件,{g}", [d.fact("invention_patents", "level", n, "count", "="), gf]


def p_patents_per_10k(d: _Doc):
    v = _dec(d.rng, 2, 120, 1)
    pre, suf, c = d.cmp()
    name = d.rng.choice(["每万人口发明专利拥有量", "每万人口有效发明专利拥有量"])
    return f"{name}{pre}{v}件{suf}", [d.fact("invention_patents_per_10k", "level", v, "per_10k_residents", c)]


def p_va_share(d: _Doc):
    v = _dec(d.rng, 10, 75, 2)
    return (
        f"规上高新技术产业增加值占规上工业增加值的比重{v}%",
        [d.fact("hitech_industry_va_share", "level", v, "percent", "=")],
    )


def p_tech_smes(d: _Doc):
    n = _int(d.rng, 100, 25000)
    pre, suf, c = d.cmp()
    return f"评价入库科技型中小企业{pre}{n}家{suf}", [d.fact("tech_smes", "level", n, "count", c)]


def p_new_rd(d: _Doc):
    n = _int(d.rng, 1, 40)
    lead = d.rng.choice(["新引进新型研发机构", "新引进落地新型研发机构"])
    return f"{lead}{n}家", [d.fact("new_rd_institutions", "level", n, "count", "=")]


def p_tech_loans(d: _Doc):
    v = _dec(d.rng, 0.5, 300, 2)
    return f"新增发放科技信贷{v}亿元", [d.fact("tech_loans", "level", v * YI, "CNY", "=")]


def p_wipo(d: _Doc):
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


def _targets(d: _Doc) -> list[tuple[str, list[GoldFact]]]:
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


def _filler(d: _Doc, pool: list[str], org: str) -> str:
    t = d.rng.choice(pool)
    return t.format(
        party="市委、市政府" if d.area == "全市" else "党委、政府", org=org, n=d.rng.randint(3, 400)
    )


def _table(d: _Doc, children: list[Region]) -> list[str]:
    """A table of districts with counts that are no core indicator (clutter for the parser)."""
    if not children:
        return []
    rows = d.rng.sample(children, min(len(children), d.rng.randint(3, 6)))
    lines = ["表1 各地科技计划项目立项情况", "地区\t立项项目(个)\t支持资金(万元)"]
    lines += [f"{c.name}\t{d.rng.randint(5, 300)}\t{d.rng.randint(100, 9000)}" for c in rows]
    return lines


@cache
def _children() -> dict[str, list[Region]]:
    out: dict[str, list[Region]] = {}
    for r in regions():
        if r.parent_code:
            out.setdefault(r.parent_code, []).append(r)
    return out


@cache
def _report_regions() -> tuple[Region, ...]:
    """Provinces, prefectures and (less often) counties, as the real mix of publishers."""
    rs = regions()
    big = tuple(r for r in rs if r.level in ("province", "prefecture"))
    counties = tuple(r for r in rs if r.level == "county")
    return big + counties[::3]


@cache
def _s2t() -> dict[int, int]:
    """Simplified -> Traditional, one character each, only where OpenCC's Traditional -> Simplified
    character table (what the parser applies) maps the character straight back."""
    from orchestration.text.script import t2s_table

    t2s = {chr(t): chr(s) for t, s in t2s_table().items()}
    out: dict[int, int] = {}
    for t, s in sorted(t2s.items()):
        out.setdefault(ord(s), ord(t))
    return out


def make_report(seed: int, index: int) -> SyntheticReport:
    rng = random.Random(f"bureau-synthetic-{seed}-{index}")
    region = rng.choice(_report_regions())
    year = rng.randint(2012, 2024)
    d = _Doc(rng, region, year)
    kind = rng.choices(["work_summary", "government_work_report"], weights=[4, 1])[0]
    if kind == "work_summary":
        unit = "科学技术局" if region.level != "county" else "科技局"
        publisher = f"{region.name}{unit}"
        title = f"{publisher}{year}年工作总结和{year + 1}年工作重点"
    else:
        publisher = f"{region.name}人民政府"
        title = f"{year + 1}年{region.name}政府工作报告"
    pub = f"{year + 1}-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d}"
    lines: list[str] = []
    # header block as the government disclosure sites print it
    if rng.random() < 0.7:
        lines += [
            f"• 索 引 号:{region.region_code}-{rng.randint(1, 99):02d}-{year + 1}-{rng.randint(1, 999):03d}",
            f"    • 备注/文号:{region.short_name}科〔{year + 1}〕{rng.randint(1, 40)}号",
            "    • 发布机构:科技局",
            f"    • 公文生成日期:{pub}",
        ]
    lines += [f"    {title}", f"    时间:{pub} {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}", ""]
    lines.append(f"      {year}年," + _filler(d, FILLER[:1], publisher.removeprefix(region.name)) + "。")

    # results: each core indicator at most once per report, so every fact is unambiguous
    codes = list(RESULT_PATTERNS)
    rng.shuffle(codes)
    chosen: list[str] = []
    for code in codes[: rng.randint(4, len(codes))]:
        if code in d.used:
            continue
        chosen.append(code)
        d.used |= {code} | CLAIMS.get(code, set())
    statements = []
    for code in chosen:
        s, facts = RESULT_PATTERNS[code](d)
        statements.append((s, facts))

    n_sections = rng.randint(1, 4)
    per = max(1, -(-len(statements) // n_sections))
    sec = 0
    lines += ["", f"      {SECTION_NUMERALS[sec]}、总体进展", ""]
    for i in range(0, len(statements), per):
        if i:
            sec += 1
            lines += ["", f"      {SUB_NUMERALS[min(sec, 7)]}{_filler(d, FILLER[1:], '')}。", ""]
        para = []
        for s, facts in statements[i : i + per]:
            for _ in range(rng.randint(0, 2)):
                para.append(_filler(d, FILLER[1:], "") + "。")
            para.append(s + "。")
            d.facts.extend(GoldFact(**{**f.__dict__, "evidence": s}) for f in facts)
        lines.append("      " + "".join(para))
    if rng.random() < 0.3:
        lines += [""] + _table(d, _children().get(region.region_code, []))
    # long reports: more prose
    for _ in range(rng.choice([0, 0, 1, 2, 6, 14])):
        lines.append("      " + "".join(_filler(d, FILLER[1:], "") + "。" for _ in range(rng.randint(3, 8))))
    targets = _targets(d)
    lines += ["", f"      {SECTION_NUMERALS[min(sec + 1, 5)]}、{year + 1}年工作重点", ""]
    para = [_filler(d, NEXT_FILLER, "") + "。"]
    for s, facts in targets:
        para.append(s + "。")
        d.facts.extend(GoldFact(**{**f.__dict__, "evidence": s}) for f in facts)
    para.append(_filler(d, NEXT_FILLER, "") + "。")
    lines.append("      " + "".join(para))
    # site footer clutter
    if rng.random() < 0.6:
        lines += [
            "",
            f"联系电话:0{rng.randint(10, 999)}-{rng.randint(2000000, 8999999)}",
            f"网站标识码{region.region_code}{rng.randint(1000, 9999)}",
            f"{region.short_name[:1]}ICP备{rng.randint(10000000, 99999999)}号",
        ]
    text = "\n".join(lines) + "\n"
    traditional = rng.random() < 0.05
    if traditional:
        text = text.translate(_s2t())
    return SyntheticReport(
        stem=f"syn_{index:06d}",
        region=region,
        covered_year=year,
        published_date=pub,
        title=title,
        publisher=publisher,
        report_kind=kind,
        text=text,
        facts=d.facts,
        traditional=traditional,
    )


def gold_csv(report: SyntheticReport) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(GOLD_COLUMNS)
    w.writerows(f.row() for f in report.facts)
    return buf.getvalue()


def write_corpus(folder: Path, n_docs: int, seed: int = 7, start: int = 0) -> list[SyntheticReport]:
    """Write reports `start`..`start + n_docs - 1`, their gold CSVs and a manifest under `folder`."""
    reports_dir, gold_dir = folder / "reports", folder / "gold"
    reports_dir.mkdir(parents=True, exist_ok=True)
    gold_dir.mkdir(parents=True, exist_ok=True)
    out = []
    manifest = io.StringIO()
    w = csv.writer(manifest, lineterminator="\n")
    w.writerow(MANIFEST_COLUMNS)
    for i in range(start, start + n_docs):
        rep = make_report(seed, i)
        (reports_dir / f"{rep.stem}.txt").write_text(rep.text, encoding="utf-8")
        (gold_dir / f"{rep.stem}.csv").write_text(gold_csv(rep), encoding="utf-8")
        w.writerow(
            [
                f"reports/{rep.stem}.txt",
                rep.title,
                rep.publisher,
                rep.region.region_code,
                rep.covered_year,
                rep.published_date,
                rep.report_kind,
            ]
        )
        out.append(rep)
    (folder / "manifest.csv").write_text(manifest.getvalue(), encoding="utf-8")
    return out
