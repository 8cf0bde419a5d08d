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

The indicator statements and their facts live in `orchestration.bench.synthetic_statements`;
this module assembles them into reports (header block, sections, filler prose, a district table,
footer clutter, the Traditional-character mirrors) and writes the corpus.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from orchestration.acquire.intake import MANIFEST_METADATA_COLUMNS
from orchestration.bench.synthetic_statements import (
    CLAIMS,
    RESULT_PATTERNS,
    GoldFact,
    ReportDraft,
    target_statements,
)
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


# --- report assembly -----------------------------------------------------------------------

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


def _filler(d: ReportDraft, pool: list[str], org: str) -> str:
    t = d.rng.choice(pool)
    return t.format(
        party="市委、市政府" if d.area == "全市" else "党委、政府", org=org, n=d.rng.randint(3, 400)
    )


def _table(d: ReportDraft, children: list[Region]) -> list[str]:
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
    d = ReportDraft(rng, region, year)
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
    targets = target_statements(d)
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
    w.writerow(MANIFEST_METADATA_COLUMNS)
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
