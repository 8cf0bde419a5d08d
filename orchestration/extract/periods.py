"""Which year a number is about.

* An explicit year that opens a clause (2023年…, 力争2024年…, 截至2023年底…)
  governs the rest of its sentence.
* A forward-looking section (三、2024年工作重点 / 今年的主要预期目标是…)
  defaults to its own year and to `target`.
* A span (五年来 / “十三五”期间 paragraphs and sentences): its end year; growth in it is
  multi-year (never `yoy_pct`).
* Otherwise the year the report covers (全年 / 今年 included).

Which part of a year (上半年, 1-9月, 截至11月底) is `granularity.py`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# A year: 19xx/20xx年, not inside a number and not the end of a range of years
# (2021—2025年, 2017至2021年: a span, not one year); 到2030年 is a year.
YEAR_RE = re.compile(
    r"(?<![\d.\-—~])(?<!\d[至到])((?:19|20)\d{2})[ ]?年(?!代|均|来|以来)(度)?(?![\d]*[-—~至到](?:19|20)\d{2})"
)
_YEAR_LEAD = re.compile(
    r"^(?:[ \s]|在|于|到|至|从|由|截至|截止|截止到|力争|争取|确保|预计|计划|初步核算|初步统计|据初步核算|全年|今年|其中|"
    r"我们|将|要|还将|下一步|回顾|"
    r"同时|另外|此外|而|和|与|、|据|经|全市|全省|全区|全国|我市|我省|本市|本省|[一二三四五六七八九十]+、|\(?[一二三四五六七八九十\d]+\)|\d+[.、])*$"
)

_PLAN_WORDS = (
    r"工作重点|工作要点|工作思路|工作安排|工作计划|工作打算|主要任务|重点任务|工作目标|目标任务|发展目标|预期目标|"
    r"总体要求|重点工作|主要工作|主要目标|工作部署|重点抓好|计划安排|工作任务"
)
# (a heading that is just the year's work — 三、做好2026年政府工作 / 关于2026年工作 — is ahead too)
_FWD_HEADING = re.compile(
    rf"((?:19|20)\d{{2}})年(?:.{{0,16}}?(?:{_PLAN_WORDS})|(?:的)?(?:经济社会发展|政府|全[省市区]|各项)?工作$)"
)
_FWD_RELATIVE = re.compile(rf"(?:今年|明年|新的一年|下一步|下一阶段).{{0,16}}?(?:{_PLAN_WORDS})")
# a heading naming a five-year plan whose end lies ahead: 三、“十五五”时期主要目标和重点任务
_PLAN_NAME_END = {"十四五": 2025, "十五五": 2030, "十六五": 2035}
_FWD_PLAN_HEADING = re.compile(
    rf"(十[四五六]五)[”\"]?(?:时期|期间|规划)?.{{0,12}}?(?:{_PLAN_WORDS}|目标|任务|要求|展望|谋划)"
)
_REVIEW_HEADING = re.compile(r"回顾|总结|主要工作情况|工作进展|主要成效|取得的成绩|工作成效|总体进展")
# a one-line introduction of the plan that follows: 2026年重点抓好以下工作。 / 2026年，我们将着力做好以下几方面工作：
_FWD_INTRO = re.compile(
    r"((?:19|20)\d{2})年[，,]?.{0,16}?(?:以下|如下)(?:[几一二三四五六七八九十]+(?:项|个方面|方面))?(?:重点)?(?:工作|任务)[。：:]?$"
)
_LINE_RE = re.compile(r"[^\n]+")
_THIS_YEAR_TARGETS = re.compile(r"今年(?:经济社会发展|全[省市区]|的)?.{0,8}?主要(?:预期)?目标")
# A line can open or close a section only if it holds one of these words (a
# plan word, a review word, "N年是" or "今年"): the other lines are skipped
# by one scan in C instead of being looked at one by one.
_SECTION_WORDS = re.compile(
    rf"{_PLAN_WORDS}|{_REVIEW_HEADING.pattern}|年是|今年|十[四五六]五|年(?:的)?(?:经济社会发展|政府|全[省市区]|各项)?工作(?=\n|$)|"
    r"以下|如下"
)


# the title of a government work report: delivered early in the year after the one it reviews
_WORK_REPORT_TITLE = re.compile(r"((?:19|20)\d{2})[ ]?年[^，。,\n]{0,20}?政府工作报告")


def speaking_year(view: str, covered_year: int | None, published_year: int | None) -> int | None:
    """The year the text speaks from (its 今年): the publication year when known; else, for a
    government work report titled with the year after the one it covers (2026年政府工作报告
    reviews 2025), that year; else None."""
    if published_year is not None or covered_year is None:
        return published_year
    m = _WORK_REPORT_TITLE.search(view, 0, 200)
    return covered_year + 1 if m is not None and int(m.group(1)) == covered_year + 1 else None


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
    n = len(view)
    search = _SECTION_WORDS.search
    pos = 0
    while (wm := search(view, pos)) is not None:
        # the line (a _LINE_RE match) holding the word
        line_start = view.rfind("\n", 0, wm.start()) + 1
        line_end = view.find("\n", wm.end())
        if line_end < 0:
            line_end = n
        pos = line_end + 1
        line = view[line_start:line_end].strip()
        # a paragraph opening "2026年是…" (the year after the one covered) or
        # "今年…主要预期目标是" starts the plan part of a government work report
        # (also when it names the coming plan: 2026年是“十五五”开局之年)
        head = line[:40]
        if head.startswith(f"{next_year}年是") or (
            (published_year or 0) > covered_year and _THIS_YEAR_TARGETS.match(head)
        ):
            if not out or out[-1].year != next_year:
                out.append(Section(line_start, next_year))
            continue
        if len(line) <= 48 and (m := _FWD_INTRO.match(line)) and int(m.group(1)) > covered_year:
            out.append(Section(line_start, int(m.group(1))))
            continue
        # a heading is a short line, not a sentence
        short = len(line) <= 48 and "。" not in line
        if short:
            m = _FWD_HEADING.search(line)
            if m and "总结" not in line and int(m.group(1)) > covered_year:
                out.append(Section(line_start, int(m.group(1))))
                continue
            m = _FWD_PLAN_HEADING.search(line)
            if m and not _REVIEW_HEADING.search(line) and _PLAN_NAME_END[m.group(1)] > covered_year:
                out.append(Section(line_start, _PLAN_NAME_END[m.group(1)]))
                continue
            m = _FWD_RELATIVE.search(line)
            if m and "总结" not in line and (published_year or 0) > covered_year:
                out.append(Section(line_start, next_year))
                continue
            if out and out[-1].year > 0 and _REVIEW_HEADING.search(line) and str(covered_year) in line:
                out.append(Section(line_start, -1))
                continue
    return out


def section_year_at(sections: list[Section], pos: int) -> int | None:
    if not sections:
        return None
    k = bisect_right([s.start for s in sections], pos) - 1
    if k < 0:
        return None
    y = sections[k].year
    return y if y > 0 else None


# a year followed by one of these dates the statement it sits in, wherever it
# stands in its clause: 技术合同成交额2030年达到600亿元, R&D投入2022年末为…
_YEAR_THEN_VERB = re.compile(
    r"(?:底|末|年底|年末|全年|上半年|前三季度|一季度)?(?:[，,]|的(?=[ ]?[\d零一二两三四五六七八九十])|达到|达|突破|超过|超|增长|提高|提升|增至|实现|完成|为|是|预计|力争)"
)


def year_markers(
    sentence: str,
    clause_starts: list[int],
    covered_year: int | None = None,
    published_year: int | None = None,
) -> list[tuple[int, int | None]]:
    """(position, year) of the years in a sentence that govern what follows them:
    a year opening its clause (after lead words such as 力争 / 截至 / 全市), or a
    year followed by the verb of its statement (…成交额2030年达到600亿元); a relative
    year opening its clause (上年 → the year before the covered one; 去年 / 前年 → one / two
    years before publication).  A year None ends the reach of the year before it (the
    to-part of 从2015年的X增长到Y)."""
    out = []
    if "年" not in sentence:
        return out  # every year marker has one
    if covered_year is not None and _RELATIVE_YEAR_WORDS.search(sentence):
        out.extend(_relative_years(sentence, clause_starts, covered_year, published_year))
    for m in YEAR_RE.finditer(sentence):
        pos = m.start()
        k = bisect_right(clause_starts, pos) - 1
        cs = clause_starts[k] if k >= 0 else 0
        lead = sentence[cs:pos]
        if lead.endswith(("较", "比", "与", "同")) or lead.endswith("相比"):
            continue  # 较2020年增长: the base of a comparison, not the statement's year
        opens = _YEAR_LEAD.match(lead)
        verb = None if opens else _YEAR_THEN_VERB.match(sentence, m.end())
        if opens or verb:
            tail = sentence[m.end() : m.end() + 2]
            # 2022年度厦门市科学技术奖: a year naming a thing, unless it opens the clause
            if m.group(2) and tail and tail[0] not in "，,全我本" and lead.strip():
                continue
            out.append((pos, int(m.group(1))))
            if verb is not None and verb.group(0).endswith("的"):
                # …增加到2025年的980亿元，研发投入强度提高0.6个百分点: a year inside a clause
                # dates its own number, not the clauses after it
                nxt = bisect_right(clause_starts, pos)
                if nxt < len(clause_starts):
                    out.append((clause_starts[nxt], None))
            if lead.rstrip().endswith(("从", "由")):
                # 从2015年的1919家增长到1.2万家: the from-year dates the from-value only
                to = _CHANGE_TO.search(sentence, m.end())
                if to:
                    out.append((to.start(), None))
    out.sort(key=lambda pm: pm[0])
    if "（" in sentence or "(" in sentence:
        out = _bracketed_years(out, sentence, covered_year)
    return out


# an aside in brackets (one level, at most 40 characters): it dates only its own number —
# 4316家（上年3804家）, 268.3亿元（2023年为231.5亿元） — and names nothing the number after it is
# about (研发经费（与全省地区生产总值之比）为2.5%: the reader drops it from the subject)
ASIDE = re.compile(r"[（(][^（）()]{1,40}[)）]")
_ASIDE_PRIOR_YEAR = re.compile(
    r"[（(](?:上一?年|去年)(?:同期|末|底)?(?:为|是|:|：)?[ ]?[\d零一二两三四五六七八九十]"
)


def _bracketed_years(
    markers: list[tuple[int, int | None]], sentence: str, covered_year: int | None
) -> list[tuple[int, int | None]]:
    """`markers` with the years inside brackets kept inside them: after the closing bracket
    the year in force before it holds again (…（2023年为231.5亿元），增长15.9%: 15.9 is the
    covered year's); a bracket opening with 上年/去年 and a number dates that number the year
    before the covered one."""
    out = list(markers)
    for m in ASIDE.finditer(sentence):
        a, b = m.start(), m.end()
        inside = [pm for pm in out if a < pm[0] < b]
        if covered_year is not None and not inside and _ASIDE_PRIOR_YEAR.match(sentence, a):
            inside = [(a + 1, covered_year - 1)]
            out.append(inside[0])
        if inside:
            before = [pm[1] for pm in out if pm[0] <= a]
            out.append((b, before[-1] if before else None))
    out.sort(key=lambda pm: pm[0])
    return out


_AHEAD = re.compile(r"力争|目标|预期|计划|确保|争取|将|要")  # the words of a plan
_RELATIVE_YEAR_WORDS = re.compile(r"上一?年|去年|前年|今年")
_RELATIVE_YEAR = re.compile(
    # (上年为3.41% / 上年同期为11690项 at a clause's start date the number; 比上年同期 does not)
    r"(上一?年|去年|前年|今年)(?:同期)?(?=[，,]|全|我|本|为|是|[\u4e00-\u9fff]{2})(?!同比|以来|底的|末的)"
)


def _relative_years(sentence, clause_starts, covered_year, published_year) -> list[tuple[int, int]]:
    out = []
    published = published_year if published_year is not None else covered_year + 1
    for m in _RELATIVE_YEAR.finditer(sentence):
        k = bisect_right(clause_starts, m.start()) - 1
        if not _YEAR_LEAD.match(sentence[clause_starts[k] if k >= 0 else 0 : m.start()]):
            continue  # 比上年 / 较去年: a comparison, not a date
        word = m.group(1)
        if word == "今年":
            if published_year is None or published <= covered_year or not _AHEAD.search(sentence):
                continue  # 今年全市…达到: the year a summary covers, whenever it was published
            year = published  # 今年…力争达到: a plan in a report published after the year it covers
        else:
            year = covered_year - 1 if word.startswith("上") else published - (1 if word == "去年" else 2)
        out.append((m.start(), year))
    return out


_CHANGE_TO = re.compile(r"(?:提高|增长|增加|上升|提升|下降|降低|减少|扩大|跃升|增)(?:到|至)")


# ---- paragraphs -------------------------------------------------------------------
# 回顾2023年，…。 / 2023年，全市…。: a paragraph opening with a year set off by a comma speaks of
# that year to its end; a year inside the subject (2025年四大主导产业占GDP比重…) dates its sentence
_PARAGRAPH_YEAR = re.compile(r"[ \t\u3000]*(?:回顾|在|于)?((?:19|20)\d{2})[ ]?年(?:度)?[，,]")


def paragraph_year(view: str, line_start: int) -> int | None:
    """The year the paragraph (line) starting at `line_start` opens with (回顾2023年，…), else None."""
    m = _PARAGRAPH_YEAR.match(view, line_start)
    return int(m.group(1)) if m else None


# ---- plan passages ----------------------------------------------------------------
# "今年的主要预期目标是：地区生产总值增长6%左右；一般公共预算收入增长5%；…。"
# A target list runs over several clauses (；) to the first 。 or the end of
# its paragraph, or over the numbered lines that follow an introduction
# closing its line.
_PLAN_INTRO = re.compile(r"目标(?:任务)?(?P<cop>是|为)?[:：]")
_PLAN_QUALIFIERS = frozenset(["主要", "预期", "年度", "发展", "工作", "总体", "全年", "今年", "明年"])
_PLAN_REVIEW = re.compile(r"(?:完成|实现|超额完成|达成|确定的|提出的)[^，,。；;]{0,6}$")
_LIST_ITEM = re.compile(r"[ \t\u3000]*(?:[（(]?(?:[一二三四五六七八九十]{1,3}|\d{1,2})[)）、.．]|[-—•·])")
_LEAD_YEAR = re.compile(r"((?:19|20)\d{2})[ ]?年")
_MAX_LIST_LINES = 20


@dataclass(slots=True)
class Passage:
    start: int  # view offset just after the introduction ("…目标是：")
    end: int  # end of the paragraph (or of the list that follows)
    year: int | None  # the plan's year when the introduction says it


def plan_passages(view: str, covered_year: int | None, published_year: int | None) -> list[Passage]:
    """Target lists introduced by "…目标是：" / "主要目标：", in order.

    Years that a review restates ("年初确定的目标是：") are not plans: skipped.
    The year is the one the introduction names, "今年" in a report published
    after the year it covers (a government work report) is the next year,
    "明年" is the year after the covered one; otherwise None (the usual rules)."""
    out: list[Passage] = []
    n = len(view)
    for m in _PLAN_INTRO.finditer(view):
        s = m.start()
        line_start = view.rfind("\n", 0, s) + 1
        lead = view[max(line_start, s - 30) : s]
        if not m.group("cop") and lead[-2:] not in _PLAN_QUALIFIERS:
            continue  # 咬定一个目标: a slogan, not a list of targets
        if _PLAN_REVIEW.search(lead):
            continue
        line_end = view.find("\n", m.end())
        if line_end < 0:
            line_end = n
        stop = view.find("。", m.end(), line_end)
        end = line_end if stop < 0 else stop + 1  # an inline list ends with its sentence (A；B；C。)
        if not view[m.end() : line_end].strip():
            pos = line_end + 1
            for _ in range(_MAX_LIST_LINES):
                if pos >= n or not _LIST_ITEM.match(view, pos):
                    break
                nl = view.find("\n", pos)
                end = n if nl < 0 else nl
                pos = end + 1
        year = None
        years = _LEAD_YEAR.findall(lead)
        if years:
            year = int(years[-1])  # the year named closest to the introduction
        elif covered_year is not None:
            next_year = "明年" in lead or "新的一年" in lead
            # 今年 in a report published after the year it covers is the publication year
            this_year_ahead = ("今年" in lead or "本年" in lead) and (published_year or 0) > covered_year
            if next_year or this_year_ahead:
                year = covered_year + 1
        out.append(Passage(m.end(), end, year))
    out.extend(_target_headings(view))
    out.extend(_next_step_paragraphs(view, covered_year, published_year))
    out.sort(key=lambda p: p.start)
    return out


# a paragraph that opens with what comes next (下一步，我们将… / 下一阶段，…) is a plan to its end
# (the words found first, then their place checked: a scan of every line start costs ~5x)
_NEXT_STEP = re.compile(r"下一步|下一阶段|接下来|今后一个时期")


def _next_step_paragraphs(view: str, covered_year: int | None, published_year: int | None) -> list[Passage]:
    """Each paragraph opening with 下一步/下一阶段，…, as a plan passage: of the year after the one
    covered in a report published after it (a year's summary), else of no stated year."""
    year = covered_year + 1 if covered_year is not None and (published_year or 0) > covered_year else None
    out = []
    for m in _NEXT_STEP.finditer(view):
        line_start = view.rfind("\n", 0, m.start()) + 1
        if view[m.end() : m.end() + 1] not in ("，", ",", "：", ":") or view[line_start : m.start()].strip(
            " \t\u3000"
        ):
            continue  # not the paragraph's opening words
        end = view.find("\n", m.end())
        out.append(Passage(m.end() + 1, len(view) if end < 0 else end, year))
    return out


# a heading that is nothing but the name of a target list (a self-check's "（一）职责任务",
# "年度绩效目标"): the paragraph under it lists the targets, what follows reports on them
_TARGET_HEADING = re.compile(
    r"^[ \t\u3000]*(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．][ ]?)?(?:年度|本年度|全年)?"
    r"(?:职责任务|绩效目标|目标任务|工作目标|主要目标)[ ]*$",
    re.MULTILINE,
)


def _target_headings(view: str) -> list[Passage]:
    """The first paragraph under each target-list heading, as a plan passage of no stated year."""
    out = []
    for m in _TARGET_HEADING.finditer(view):
        start = m.end() + 1
        while start < len(view) and view[start] in "\n \t\u3000":
            start += 1
        end = view.find("\n", start)
        out.append(Passage(start, len(view) if end < 0 else end, None))
    return out


def passage_at(passages: list[Passage], pos: int) -> Passage | None:
    """The plan passage covering view offset `pos`, if any."""
    for p in passages:
        if p.start <= pos < p.end:
            return p
        if p.start > pos:
            break
    return None


# ---- spans: 五年来, “十三五”期间 ----------------------------------------------------------
_PLAN_END = {"十一五": 2010, "十二五": 2015, "十三五": 2020, "十四五": 2025, "十五五": 2030}
SPAN_RE = re.compile(
    # (no optional opening quote: a fixed set of first characters lets the scan skip ahead)
    r"(?P<plan>十[一二三四五]五)[”\"]?(?P<how>时期|期间|以来|期末|末)"
    r"|(?P<five>五年来|过去五年|这五年|近五年|五年间)"
)
_SENTENCE_END = re.compile(r"[。！？；;]")
_COMPARED_WITH = re.compile(r"(?:较|比|与|同)[“\"]?$")
_PARA_HEAD = 14  # a span phrase within this many characters of a line start governs the line


@dataclass(frozen=True, slots=True)
class Span:
    start: int  # view offsets of the text it governs
    end: int
    year: int  # the span's end year: what its levels are about
    first_year: int | None  # the year before the span (the from-values of 由X提高到Y)


def _span_year(m: re.Match, covered_year: int | None) -> tuple[int | None, int | None]:
    if m.group("plan"):
        end = _PLAN_END[m.group("plan")]
        if m.group("how") == "以来" and covered_year is not None:
            end = min(end, covered_year)  # “十四五”以来 in a 2023 report: up to 2023
        return end, _PLAN_END[m.group("plan")] - 5
    if covered_year is None:
        return None, None
    return covered_year, covered_year - 5


def _span_phrases(view: str) -> list[re.Match]:
    """SPAN_RE's matches, left to right: every phrase holds 五 at most two characters in,
    so only the places before a 五 are tried (a regex scan of every character costs ~50x)."""
    out: list[re.Match] = []
    last_end = 0
    i = view.find("五")
    while i >= 0:
        for start in (i - 2, i - 1, i):
            if start >= last_end and (m := SPAN_RE.match(view, start)):
                out.append(m)
                last_end = m.end()
                break
        i = view.find("五", i + 1)
    return out


def spans(view: str, covered_year: int | None) -> list[Span]:
    """Paragraphs opening with a span phrase (五年来，我们… / “十三五”期间，…), and
    sentences holding one before their numbers (from the phrase to the sentence end)."""
    out: list[Span] = []
    for m in _span_phrases(view):
        year, first = _span_year(m, covered_year)
        if year is None:
            continue
        if _COMPARED_WITH.search(view, max(0, m.start() - 3), m.start()):
            continue  # 较“十三五”末翻一番: the base of a comparison, not the statement's time
        line_start = view.rfind("\n", 0, m.start()) + 1
        line_end = view.find("\n", m.end())
        line_end = len(view) if line_end < 0 else line_end
        if m.start() - line_start <= _PARA_HEAD:
            start, end = line_start, _review_end(view, line_end)
        else:
            stop = _SENTENCE_END.search(view, m.end(), line_end)
            start, end = m.start(), (stop.end() if stop else line_end)
        out.append(Span(start, end, year, first))
    return out


# A paragraph opening with a span phrase (五年来，…) speaks for the paragraphs after it until one
# opens with a time of its own (2025年，… / 过去一年 / 全年), a heading (二、… / （一）…, a short
# line) or the address (各位代表): a review of the five years runs over several paragraphs.
_OWN_TIME = re.compile(
    r"(?:19|20)\d{2}[ ]?年|过去一年|一年来|今年|去年|明年|全年|本年|上半年|新的一年|下一步|展望"
)
_NEW_PART = re.compile(
    r"[ \t\u3000]*(?:各位代表|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])"
)
_OWN_TIME_HEAD = 20  # a time word this close to a line's start gives the paragraph its own time
_MAX_REVIEW_LINES = 12
_HEADING_WIDTH = 24  # a line this short, with no number, is a heading


def _review_end(view: str, line_end: int) -> int:
    """Where the review a span phrase opened at the line ending at `line_end` stops."""
    end = line_end
    for _ in range(_MAX_REVIEW_LINES):
        start = end + 1
        if start >= len(view):
            break
        nl = view.find("\n", start)
        nl = len(view) if nl < 0 else nl
        line = view[start:nl]
        if not line.strip():
            end = nl  # (a blank line between paragraphs)
            continue
        if (
            _NEW_PART.match(line)
            or _OWN_TIME.search(line, 0, _OWN_TIME_HEAD)
            or SPAN_RE.search(line, 0, _PARA_HEAD + 6)
        ):
            break
        if len(line.strip()) <= _HEADING_WIDTH and not any(c.isdigit() for c in line):
            break
        end = nl
    return end


def span_at(found: list[Span], pos: int) -> Span | None:
    """The innermost span covering `pos` (sentence spans sit inside paragraph spans)."""
    best = None
    for s in found:
        if s.start <= pos < s.end and (best is None or s.start >= best.start):
            best = s
    return best
