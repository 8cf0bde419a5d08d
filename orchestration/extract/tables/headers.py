"""Reading headers and labels: captions and header fragments, units, years, areas and
sub-annual periods."""

from __future__ import annotations

import re
from decimal import Decimal

from orchestration.extract.areas import AreaMatcher
from orchestration.extract.periods import YEAR_RE
from orchestration.extract.tables.cells import _CJK_RE, _YEAR_LABEL_RE, Cell, _parse_unit

_TITLE_RE = re.compile(
    r"^(?:表\s*\d|\d+\s*[-－—.．]\s*\d+)|(?:情况|统计|一览表?|汇总表?|[^单]表)$|[(（]\s*(?:19|20)\d{2}\s*年?\s*[)）]"
)
_LABEL_WORDS = frozenset(
    [
        "年份",
        "年度",
        "年",
        "时间",
        "地区",
        "区域",
        "地域",
        "城市",
        "县区",
        "区县",
        "县(市、区)",
        "县(市,区)",
        "区(县)",
        "区(县、市)",
        "市县",
        "设区市",
        "地市",
        "项目",
        "指标",
        "指标名称",
        "名称",
        "类别",
        "分类",
        "分组",
        "行业",
        "产业",
        "部门",
    ]
)
_NOTE_RE = re.compile(r"^(?:注|说明|资料来源|数据来源|来源)\s*[:：]|^(?:Notes?|Source)\b", re.I)
_BRACKET_ONLY = re.compile(r"^[(（][^()（）]*[)）]$")


def _group_header(cells: list[Cell], k: int) -> tuple[Cell | None, list[str]]:
    """(caption, [label header, k column headers]) from the header fragments."""
    frags = []
    for c in cells:
        t = c.text
        if _NOTE_RE.match(t):
            continue
        if not _CJK_RE.search(t) and not (_BRACKET_ONLY.match(t) and _unit_of(t)):
            continue  # English-only (a bracketed unit like (%) stays)
        frags.append(c)
    caption = None
    if frags and _TITLE_RE.search(frags[0].text) and not _BRACKET_ONLY.match(frags[0].text):
        caption = frags.pop(0)
    # what stands above a label word (主要科技指标 / 年份 / ...) is the title, not a
    # column, when the k fragments after the label word are k whole column headers
    # (each with its unit, or a year); else it is the first line of a header of two
    # (R&D经费内部 / 年份 / 支出(亿元))
    at = next((j for j, c in enumerate(frags) if _squash(c.text) in _LABEL_WORDS), None)
    if at and (_whole_headers(frags[at + 1 :], k) or _names_then_units(frags[at + 1 :], k)):
        caption = _joined([*([caption] if caption else []), *frags[:at]])
        frags = frags[at:]
    label = ""
    rest = []
    for c in frags:
        if not label and _squash(c.text) in _LABEL_WORDS:
            label = c.text
        else:
            rest.append(c)
    if (
        not label
        and len(rest) > k + 1
        and _whole_headers(rest[-k:], k)
        and all(_unit_of(c.text) is None for c in rest[: -k - 1])
    ):
        # more fragments than columns, each column's own whole: the surplus
        # at the top is the title (the one just above the columns heads the labels)
        caption = _joined([*([caption] if caption else []), *rest[: -k - 1]])
        rest = rest[-k - 1 :]
    if not label and len(rest) == k + 1 and _unit_of(rest[0].text) is None:
        label = rest.pop(0).text
    cols: list[str] = []
    for t in (c.text for c in rest):
        if len(cols) < k and not _BRACKET_ONLY.match(t):
            cols.append(t)
            continue
        open_ = [j for j, h in enumerate(cols) if _unit_of(h) is None]
        if open_:
            cols[open_[0]] += t
        elif _BRACKET_ONLY.match(t):
            continue  # a unit again (an English header's (%)): every column has one
        elif cols:
            cols[-1] += t
        else:
            cols.append(t)
    cols += [""] * (k - len(cols))
    return caption, [label, *cols[:k]]


def _whole_headers(frags: list[Cell], k: int) -> bool:
    """Whether `frags` are k whole column headers: a name with its unit, a year, or the head
    of a unit column (单位: the unit of each row), each."""
    return len(frags) == k and all(
        not _BRACKET_ONLY.match(c.text)
        and (_unit_of(c.text) or _year_of(c.text) or _squash(c.text) in UNIT_COLUMN_HEADS)
        for c in frags
    )


def _names_then_units(frags: list[Cell], k: int) -> bool:
    """Whether `frags` are a header of two rows: k column names, then k bracketed units
    (R&D经费支出 … 技术合同成交额 / (亿元) … (件), a yearbook's layout), and perhaps a unit
    of its English header again ((%))."""
    return (
        len(frags) >= 2 * k
        and all(not _BRACKET_ONLY.match(c.text) and _unit_of(c.text) is None for c in frags[:k])
        and all(_BRACKET_ONLY.match(c.text) and _unit_of(c.text) for c in frags[k:])
    )


# the head of a column that gives each row's unit (指标 | 单位 | 2023年 | 2024年)
UNIT_COLUMN_HEADS = frozenset(["单位", "计量单位"])


def _joined(cells: list[Cell]) -> Cell:
    """One caption of several title lines (their text joined by a space; only its text
    and start are used)."""
    if len(cells) == 1:
        return cells[0]
    return Cell(" ".join(c.text for c in cells), cells[0].start, cells[-1].end)


def _squash(s: str) -> str:
    return re.sub(r"[\s\u3000]", "", s).replace("（", "(").replace("）", ")").replace("，", ",")


# ---- units, years, areas -----------------------------------------------------------

_BRACKET_RE = re.compile(r"[(（]\s*([^()（）]{1,12}?)\s*[)）]")
_UNIT_NOTE_RE = re.compile(r"^\s*(?:计量)?单位\s*[:：]\s*([^\s,，;；)）]+)")
_UNIT_INLINE_RE = re.compile(r"(?:计量)?单位\s*[:：]\s*([^\s,，;；)）]+)")


def _unit_of(header: str) -> tuple[str, Decimal, str, str] | None:
    """The unit a header states in brackets, (亿元) (%) (万人), or after 单位:."""
    found = None
    for m in _BRACKET_RE.finditer(header):
        p = _parse_unit(m.group(1))
        if p is not None:
            found = p
    if found is None:
        m = _UNIT_INLINE_RE.search(header)
        if m:
            found = _parse_unit(m.group(1))
    return found


_UNIT_LIST_RE = re.compile(r"(?:计量)?单位\s*[:：]\s*([^\s,，;；)）]+(?:[、/][^\s,，;；)）、/]+)+)")


def _units_listed(caption: str) -> list[tuple[str, Decimal, str, str]]:
    """The units a 单位 note lists for a table of several indicators (单位：亿元、家、%), in order."""
    m = _UNIT_LIST_RE.search(caption)
    if m is None:
        return []
    units = [_parse_unit(u) for u in re.split(r"[、/]", m.group(1))]
    return [u for u in units if u is not None]


def _year_of(s: str) -> int | None:
    """The year a label or header names: 2019, 2019年; else a single 2019年 in it."""
    m = _YEAR_LABEL_RE.fullmatch(s.strip())
    if m:
        return int(m.group(1))
    years = {int(y.group(1)) for y in YEAR_RE.finditer(s)}
    return years.pop() if len(years) == 1 else None


_PERIOD_LABEL_RE = re.compile(r"((?:19|20)\d{2})\s*(?:年(.{0,10}))?")


def _label_year(label: str) -> int | None:
    """The year of a row label that is a period: 2019, 2019年, 2019年末, 2023年1-6月."""
    m = _PERIOD_LABEL_RE.fullmatch(label)
    if m is None:
        return None
    rest = (m.group(2) or "").strip()
    if rest in ("", "度", "末", "底", "全年") or _sub_annual(rest) is not None:
        return int(m.group(1))
    return None


def _caption_year(caption: str) -> int | None:
    m = re.search(r"[(（]\s*((?:19|20)\d{2})\s*年?\s*[)）]", caption)
    if m:
        return int(m.group(1))
    years = {int(y.group(1)) for y in YEAR_RE.finditer(caption)}
    return years.pop() if len(years) == 1 else None


_TOTAL_WORDS = frozenset(
    [
        "合计",
        "总计",
        "总量",
        "全市",
        "全省",
        "全区",
        "全国",
        "全县",
        "全州",
        "全盟",
        "全社会",
        "全市合计",
        "全省合计",
        "全区合计",
        "总体",
        "本市",
        "本省",
        "市本级",
    ]
)
_AREA_SUFFIX = frozenset(
    ["", "市", "区", "县", "省", "地区", "新区", "自治区", "自治州", "州", "盟", "全市", "全省", "全区"]
)


def _label_area(am: AreaMatcher, label: str, home: str | None) -> str | None:
    name = am.match_at(label, 0)
    if name is None:
        return None
    if label[len(name) :] not in _AREA_SUFFIX:
        return None
    return am.resolve(name, home)


# ---- sub-annual periods ------------------------------------------------------------

# cumulative sub-annual periods (period_kind, period_months); other parts of a
# year (下半年, 二季度, 5月) are not the year's value and are not read
_HALF_RE = re.compile(r"上半年")
_Q1_RE = re.compile(r"(?<![二三四前])(?:第?一|1)季度")
_Q3_RE = re.compile(r"前三季度|1\s*[-—~～至到]\s*3\s*季度")
_MONTHS_RE = re.compile(r"(?<!\d)1\s*[-—~～至到]\s*(\d{1,2})\s*月")
_PART_RE = re.compile(
    r"下半年|[二三四]季度|(?<!\d)(?!12月|十二月)(?:\d{1,2}|[一二三四五六七八九十]{1,2})月(?!末|底)|月份"
)


def _sub_annual(s: str) -> tuple[str, int] | None | bool:
    """('months', 6) for 1-6月 and the like; None for a whole year; False for a
    part of a year that is not cumulative from January."""
    if not s:
        return None
    if (m := _MONTHS_RE.search(s)) is not None:
        n = int(m.group(1))
        return None if n == 12 else ("months", n) if 1 < n < 12 else False
    if _Q3_RE.search(s):
        return "months", 9
    if _HALF_RE.search(s):
        return "half", 6
    if _Q1_RE.search(s):
        return "quarter", 3
    if _PART_RE.search(s):
        return False
    return None
