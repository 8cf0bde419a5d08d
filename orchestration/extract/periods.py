"""Which year a number is about.

* An explicit year that opens a clause (2023年…, 力争2024年…, 截至2023年底…)
  governs the rest of its sentence.
* A forward-looking section (三、2024年工作重点 / 今年的主要预期目标是…)
  defaults to its own year and to `target`.
* Otherwise the year the report covers (全年 / 今年 included).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

YEAR_RE = re.compile(
    r"(?<![\d.\-—~至到])((?:19|20)\d{2})[ ]?年(?!代|均|来|以来)(度)?(?![\d]*[-—~至到](?:19|20)\d{2})"
)
_YEAR_LEAD = re.compile(
    r"^(?:[ \s]|在|于|到|至|截至|截止|截止到|力争|争取|确保|预计|计划|初步核算|初步统计|据初步核算|全年|今年|其中|"
    r"同时|另外|此外|而|和|与|、|据|经|全市|全省|全区|全国|我市|我省|本市|本省|[一二三四五六七八九十]+、|\(?[一二三四五六七八九十\d]+\)|\d+[.、])*$"
)

_PLAN_WORDS = (
    r"工作重点|工作要点|工作思路|工作安排|工作计划|工作打算|主要任务|重点任务|工作目标|目标任务|发展目标|预期目标|"
    r"总体要求|重点工作|主要目标|工作部署|重点抓好|计划安排"
)
_FWD_HEADING = re.compile(rf"((?:19|20)\d{{2}})年.{{0,16}}?(?:{_PLAN_WORDS})")
_FWD_RELATIVE = re.compile(rf"(?:今年|明年|新的一年|下一步|下一阶段).{{0,16}}?(?:{_PLAN_WORDS})")
_REVIEW_HEADING = re.compile(r"回顾|总结|主要工作情况|工作进展|主要成效|取得的成绩|工作成效|总体进展")
_LINE_RE = re.compile(r"[^\n]+")


@dataclass(slots=True)
class Section:
    start: int
    year: int


def forward_sections(view: str, covered_year: int | None, published_year: int | None) -> list[Section]:
    """Starts of forward-looking parts of the text with their year, in order;
    a later review heading closes one (year None is encoded as -1)."""
    if covered_year is None:
        return []
    out: list[Section] = []
    next_year = covered_year + 1
    for lm in _LINE_RE.finditer(view):
        line = lm.group(0).strip()
        if not line:
            continue
        short = len(line) <= 48
        if short:
            m = _FWD_HEADING.search(line)
            if m and "总结" not in line and int(m.group(1)) > covered_year:
                out.append(Section(lm.start(), int(m.group(1))))
                continue
            m = _FWD_RELATIVE.search(line)
            if m and "总结" not in line and (published_year or 0) > covered_year:
                out.append(Section(lm.start(), next_year))
                continue
            if out and out[-1].year > 0 and _REVIEW_HEADING.search(line) and str(covered_year) in line:
                out.append(Section(lm.start(), -1))
                continue
        # a paragraph opening "2026年是…" (the year after the one covered) or
        # "今年…主要预期目标是" starts the plan part of a government work report
        head = line[:40]
        if (
            head.startswith(f"{next_year}年是")
            or (
                (published_year or 0) > covered_year
                and re.match(r"今年(?:经济社会发展|全[省市区]|的)?.{0,8}?主要(?:预期)?目标", head)
            )
        ) and (not out or out[-1].year != next_year):
            out.append(Section(lm.start(), next_year))
    return out


def section_year_at(sections: list[Section], pos: int) -> int | None:
    if not sections:
        return None
    k = bisect_right([s.start for s in sections], pos) - 1
    if k < 0:
        return None
    y = sections[k].year
    return y if y > 0 else None


def year_markers(sentence: str, clause_starts: list[int]) -> list[tuple[int, int]]:
    """(position, year) of the years in a sentence that govern what follows them."""
    out = []
    for m in YEAR_RE.finditer(sentence):
        pos = m.start()
        k = bisect_right(clause_starts, pos) - 1
        cs = clause_starts[k] if k >= 0 else 0
        lead = sentence[cs:pos]
        if _YEAR_LEAD.match(lead):
            tail = sentence[m.end() : m.end() + 2]
            # 2022年度厦门市科学技术奖: a year naming a thing, unless it opens the clause
            if m.group(2) and tail and tail[0] not in "，,全我本" and lead.strip():
                continue
            out.append((pos, int(m.group(1))))
    return out
