"""Table cells: what a cell is, the class of what it holds, its unit, the cells of a row line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from orchestration.extract.quantities import UNITS
from orchestration.text.numerals import MULTIPLIERS


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell: `text` is `document[start:end]` (stripped of blanks)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Table:
    """A table found in a document: `rows` hold the label cell first, then one
    cell per value column (None where empty); `columns` the header text of each
    column (the label column first), unit included."""

    start: int
    end: int
    caption: str | None
    columns: list[str]
    rows: list[list[Cell | None]]


# ---- cells -----------------------------------------------------------------------

_BLANKS = " \t\u3000\r"
_SPACES_SEP = re.compile(r"[ \u3000]{2,}")
_ANY_SPACES = re.compile(r"[ \u3000]+")
_NUM_RE = re.compile(r"[+\-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_MISSING = frozenset(["", "-", "--", "—", "——", "–", "－", "…", "……", "...", "/", "x", "×", "X"])
_YEAR4_RE = re.compile(r"(?:19|20)\d{2}")
_YEAR_LABEL_RE = re.compile(r"((?:19|20)\d{2})\s*(?:年(?:度|末|底)?)?")
_PROSE_CHARS = re.compile(r"[。！？；]")
_CJK_RE = re.compile(r"[\u3400-\u9fff]")
_MAX_CELL = 40
_MAX_K = 20

# cell classes of the one-cell-per-line layout
# empty, number, plain year 2019, 2019年, text, a unit alone (亿元, % in a 单位 column)
_E, _N, _Y4, _YN, _T, _U = 0, 1, 2, 3, 4, 5
_VALUE_OK = (True, True, True, False, False, True)
_LABEL_OK = (False, False, True, True, True, False)
_NUMERIC = (False, True, True, False, False, False)


# a cell's number may follow a comparator (≥500家, ＜5%: a self-check's target values)
_CELL_CMP = {
    "≥": ">=",
    "≧": ">=",
    ">=": ">=",
    "＞": ">",
    ">": ">",
    "≤": "<=",
    "≦": "<=",
    "<": "<",
    "＜": "<",
    "约": "~",
}
_CELL_CMP_RE = re.compile("|".join(map(re.escape, sorted(_CELL_CMP, key=len, reverse=True))))
_CELL_NUM_RE = re.compile(
    rf"(?:{_CELL_CMP_RE.pattern})?[ ]?([+\-−]?(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?)[ ]?([^\d\s]{{0,6}})"
)


def _number_part(s: str) -> tuple[str, str] | None:
    """(number, unit) of a cell that holds a number, maybe with its unit
    (12.5%, 287.9亿元; unit '' when none), else None."""
    m = _CELL_NUM_RE.fullmatch(s)
    if m is None:
        return None
    u = m.group(2)
    if u and ((p := _parse_unit(u)) is None or p[2] == "time"):
        return None  # 2019年 is a year, 12月 a month: not a number with a unit
    return m.group(1), u


def _cell_class(s: str) -> int:
    if s in _MISSING:
        return _E
    if _NUM_RE.fullmatch(s) or _number_part(s) is not None:
        return _Y4 if _YEAR4_RE.fullmatch(s) else _N
    if _YEAR_LABEL_RE.fullmatch(s):
        return _YN
    if len(s) <= 4 and (p := _parse_unit(s)) is not None and p[2] != "time":
        return _U
    return _T


def _pieces(line: str, base: int, sep: str | re.Pattern) -> list[Cell | None]:
    """`line` cut at `sep` (a character, or a pattern): cells with document
    offsets, None for empty pieces."""
    parts = line.split(sep) if isinstance(sep, str) else sep.split(line)
    out: list[Cell | None] = []
    pos = base
    # (split keeps no separator text for a str sep; for a pattern, find its spans)
    seps = None if isinstance(sep, str) else [m.end() - m.start() for m in sep.finditer(line)]
    for k, part in enumerate(parts):
        t = part.strip(_BLANKS)
        if t:
            lead = part.find(t[0])
            out.append(Cell(t, pos + lead, pos + lead + len(t)))
        else:
            out.append(None)
        pos += len(part) + (1 if seps is None else (seps[k] if k < len(seps) else 0))
    return out


def _cell(line: str, base: int, a: int, b: int) -> Cell | None:
    while a < b and line[a] in _BLANKS:
        a += 1
    while b > a and line[b - 1] in _BLANKS:
        b -= 1
    if a == b:
        return None
    return Cell(line[a:b], base + a, base + b)


# a label spread out to the column's width, a yearbook's alignment: 全  省, 福　州　市
_SPACED_LABEL_RE = re.compile(r"[\u3400-\u9fff](?:[ \u3000]+[\u3400-\u9fff])+")
_INNER_BLANKS_RE = re.compile(r"(?<=[\u3400-\u9fff])[ \u3000]+(?=[\u3400-\u9fff])")


def _is_spaced_label(line: str) -> bool:
    """A line of single Chinese characters separated by blanks (全  省): one cell, not a row."""
    return _SPACED_LABEL_RE.fullmatch(line.strip(_BLANKS)) is not None


def _unspaced(label: str) -> str:
    """A label with the blanks between its Chinese characters removed (全  省 -> 全省)."""
    return _INNER_BLANKS_RE.sub("", label) if " " in label or "\u3000" in label else label


def _join_spread_label(line: str, base: int, cells: list[Cell | None]) -> list[Cell | None]:
    """Single Chinese characters leading a row cut at runs of spaces (全  省  1203.5) are
    one label spread out to its column's width: one cell."""
    k = 0
    while k < len(cells) and (c := cells[k]) is not None and len(c.text) == 1 and _CJK_RE.match(c.text):
        k += 1
    if k < 2 or k == len(cells):
        return cells
    first, last = cells[0], cells[k - 1]
    return [Cell(line[first.start - base : last.end - base], first.start, last.end), *cells[k:]]


def _row_cells(line: str, base: int) -> list[Cell | None] | None:
    """The cells of a row line (layout *rows*), else None."""
    if _PROSE_CHARS.search(line):
        return None  # a sentence, whatever separators it holds
    if _is_spaced_label(line):
        return None  # one cell spread out (全  省), not two
    if "|" in line:
        cells = _pieces(line, base, "|")
        stripped = line.strip(_BLANKS)
        if stripped.startswith("|") and cells and cells[0] is None:
            cells = cells[1:]
        if stripped.endswith("|") and cells and cells[-1] is None:
            cells = cells[:-1]
    elif "\t" in line:
        cells = _pieces(line, base, "\t")  # (each tab a separator: \t\t holds an empty cell)
    elif "  " in line or "\u3000\u3000" in line or " \u3000" in line or "\u3000 " in line:
        lead = len(line) - len(line.lstrip(_BLANKS))
        cells = _pieces(line[lead:], base + lead, _SPACES_SEP)
        if any(c is not None and len(c.text) > 20 for c in cells):
            return None
        cells = _join_spread_label(line, base, cells)
    elif " " in line:
        # a rendered <tr> with single spaces: a label then numbers only
        lead = len(line) - len(line.lstrip(_BLANKS))
        cells = _pieces(line[lead:].rstrip(_BLANKS), base + lead, " ")
        if any(c is None or _cell_class(c.text) not in (_N, _Y4, _E) for c in cells[1:]):
            return None
    else:
        return None
    if len(cells) < 2:
        return None
    for c in cells:
        if c is not None and len(c.text) > _MAX_CELL:
            return None
    return cells


def _is_pipe_cell_line(line: str) -> bool:
    """A line of the one-cell-per-line layout: `text |` or just `|`."""
    s = line.rstrip(_BLANKS)
    return s.endswith("|") and "|" not in s[:-1].lstrip(_BLANKS + "|")


_MULT_PREFIXES = sorted((p for p in MULTIPLIERS if p), key=len, reverse=True)


def _parse_unit(u: str) -> tuple[str, Decimal, str, str] | None:
    """'亿元' -> ('亿元', 1e8, 'money', 'CNY'); None when it is not a unit."""
    u = u.strip().replace("％", "%")
    hit = UNITS.get(u)
    if hit is not None:
        return u, MULTIPLIERS[""], hit[0], hit[1]
    for p in _MULT_PREFIXES:
        if u.startswith(p) and u[len(p) :] in UNITS:
            cls, base = UNITS[u[len(p) :]]
            return u, MULTIPLIERS[p], cls, base
    return None
