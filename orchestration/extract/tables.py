"""Tables in report text: find them, read their cells, turn numeric cells into facts.

Reports carry tables in their text in two layouts:

* **rows** — one table row per line, cells separated by `|` (with or without
  border pipes; a Markdown rule row |---| is skipped), by tabs, by runs of two
  or more spaces, or (a `<tr>` as the HTML reader renders it) by single spaces
  when every cell after the first is a number;
* **one cell per line** — a table exported from HTML with each cell on its own
  line ending in ` |` (a line that is just `|` is an empty cell), or cell lines
  separated by lines holding only `|`.

`find_tables` returns the tables (offsets into the text, caption, column
headers, rows of cells); `table_facts` the facts of their numeric cells (rule
`table_cell`, sentence_index -1, char_start/char_end the cell's own span).

Heuristics (documented because they are guesses, not a grammar):

* A row line needs two or more cells, none longer than 40 characters, and no
  sentence punctuation (。！？；): prose with a stray `|` is no row.  A block of
  consecutive row lines is a table when it has two or more rows and one of them
  holds a number after its first cell.  Rows before the first such data row
  are header rows; a column's header is its header cells joined top to bottom.
  A serial-number column (序号) is dropped: the label is the cell after it.
* In the one-cell-per-line layout the column count is inferred from the data:
  a *label* cell (a year, an area, any short text) followed by k value cells
  (numbers or empty, one number at least), repeated.  Chains for every start
  and every k from 1 to 20 are measured in one pass; the longest (ties: the
  smaller k, the earlier start) is taken, then the next longest that does not
  overlap it, and so on: each is a table.  A first row whose values are all
  years is the header row of a table with years as columns.  The cells
  between the previous table and the first data row are the header fragments:
  English-only fragments and notes are dropped; a first fragment that looks
  like a title (a table number such as 17-5 or 表1, ending in 情况/统计/一览表,
  or holding a year in brackets) is the caption; a label word (年份, 地区,
  指标, ...) names the label column.  The other Chinese fragments, in order,
  start the k value columns; once k columns are started, or when a fragment
  opens with a bracket like (万人), a fragment continues the first column
  whose header has no unit yet (R&D经费内部 + 支出(亿元)).
* The caption is the title fragment, or else the short line just above the
  table (with a 单位: line).  A year in it (2016年, (2016年)) is the period of
  every cell that has no year of its own; 单位：亿元 there is the unit of every
  column without one; 预计 / 目标 there make every cell an estimate / target.
* A cell's indicator is named by its column header, else by its row label
  (tables with indicators as rows), else by the caption (各市R&D经费 over
  columns of years), matched against the catalog aliases: the last alias of
  the text (the head noun), but in a ratio (X占Y比重, X与Y之比) the alias
  before 占/与.  A growth column without a name of its own (比上年增长(%)) is
  about the named column to its left.  The unit — in the cell (287.9亿元,
  2.5%), in brackets in the header ((亿元) (%) (万人)), in a 单位 column, or
  in the caption — picks among the alias's candidate codes
  (`indicators.choose_code`); 占…比重 in a percent header makes it the share
  code (R&D经费占GDP比重 -> rd_intensity).  A row label that is neither a
  year, an area nor a total (合计, 全市, ...) is a breakdown (an industry, a
  sector): its cells are skipped unless the label itself names the indicator,
  since they are not the area's value.  A caption that names a narrower
  indicator containing the header's alias (…规模以上工业企业R&D经费… over a
  column R&D经费) replaces it, and the ratio columns of the broader indicator
  (投入强度 there is the enterprises' ratio, not the area's R&D intensity) are
  skipped.
* Period: the row label's year (2019, 2019年, 2023年1-6月), else the column
  header's, else that of the nearest year column to the left, else the
  caption's, else the context's covered year.  1-N月 / 上半年 / 一季度 /
  前三季度 in the label, header or caption set period_kind / period_months;
  other parts of a year (下半年, 二季度, 5月) are not read.  Area: an area name
  that is the row label (福州市, 厦门), else the column header's, else the
  context's.
* Measure: a header saying 增长/增速/比上年/同比 with a percent unit is a
  year-on-year change; (百分点) a percentage-point change; any other growth
  header (an absolute increase in 亿元) is skipped.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from orchestration.extract import cues
from orchestration.extract.areas import AreaMatcher, default_matcher
from orchestration.extract.facts import DocumentContext, Fact
from orchestration.extract.indicators import (
    SHARE_CODE,
    Lexicon,
    choose_code,
    default_lexicon,
    modifier_in,
    strip_quotes,
)
from orchestration.extract.numbers import MULTIPLIERS, UNITS
from orchestration.extract.periods import YEAR_RE


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


def _row_cells(line: str, base: int) -> list[Cell | None] | None:
    """The cells of a row line (layout *rows*), else None."""
    if _PROSE_CHARS.search(line):
        return None  # a sentence, whatever separators it holds
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


# ---- finding tables ----------------------------------------------------------------


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) for every line; a full-width ｜ reads as | (one character
    for one, so offsets hold)."""
    if "｜" in text:
        text = text.replace("｜", "|")
    out = []
    pos = 0
    for raw in text.split("\n"):
        out.append((pos, raw[:-1] if raw.endswith("\r") else raw))
        pos += len(raw) + 1
    return out


def find_tables(text: str) -> list[Table]:
    """Every table of `text`, in document order (see the module docstring)."""
    lines = _lines(text)
    tables: list[Table] = []
    n = len(lines)
    i = 0
    plain_checked = 0  # lines before this were looked at as part of a run of plain cells
    while i < n:
        base, line = lines[i]
        if not line.strip(_BLANKS) or (
            # (a sentence of prose, the common line: no cell, no row, no table starts here)
            "。" in line
            and "|" not in line
            and "\t" not in line
            and (i + 1 == n or "|" not in lines[i + 1][1])
        ):
            i += 1
            continue
        if _is_pipe_cell_line(line) or (
            i + 1 < n and _is_pipe_cell_line(lines[i + 1][1]) and _row_cells(line, base) is None
        ):
            j, cells = _stream(lines, i)
            if len(cells) >= 4:
                tables.extend(_stream_tables(cells, _caption_above(lines, i)))
                i = j
                continue
        cells_a = _row_cells(line, base)
        if cells_a is None and i >= plain_checked and _is_plain_cell(line):
            j, cells = _plain_run(lines, i)
            plain_checked = j  # (a run starting inside this one ends where it ends: shorter)
            found = (
                _stream_tables(cells, _caption_above(lines, i))
                if len(cells) >= _MIN_PLAIN_RUN and sum(_cell_class(c.text) == _N for c in cells) >= 4
                else []
            )
            if found:
                tables.extend(found)
                i = j
                continue
            if len(cells) >= _MIN_PLAIN_RUN:
                # no later start inside a run that is no table makes one (the chains
                # covered them), but its last line may open a table of pipe cells
                i = j - 1
                continue
        if cells_a is not None:
            block = [cells_a]
            j = i + 1
            while j < n and not _is_pipe_cell_line(lines[j][1]):
                c = _row_cells(lines[j][1], lines[j][0])
                if c is None:
                    break
                block.append(c)
                j += 1
            header_line = _spaced_header(lines, i, block)
            t = _block_table(block, header_line, _caption_above(lines, i - (1 if header_line else 0)))
            if t is not None:
                tables.append(t)
            i = j
            continue
        i += 1
    tables.sort(key=lambda t: t.start)
    return tables


# cells (with 4 numbers at least): fewer short lines in a row are headings or a menu
_MIN_PLAIN_RUN = 8
_PLAIN_MAX = 24
_PLAIN_NOT = re.compile(r"[。！？；，,:：|\t]")


def _is_plain_cell(line: str) -> bool:
    """A line that can be one cell of a table exported one cell per line without
    pipes (a PDF's text layer): short, with no sentence or list punctuation."""
    s = line.strip(_BLANKS)
    return 0 < len(s) <= _PLAIN_MAX and not _PLAIN_NOT.search(s)


def _plain_run(lines: list[tuple[int, str]], i: int) -> tuple[int, list[Cell | None]]:
    """The cells of the run of plain cell lines starting at line `i` (blank lines
    skipped), and the line after it."""
    cells: list[Cell | None] = []
    j = i
    n = len(lines)
    while j < n:
        base, line = lines[j]
        if not line.strip(_BLANKS):
            j += 1
            continue
        if not _is_plain_cell(line) or (j > i and _row_cells(line, base) is not None):
            break  # (a row line starts a table of its own)
        cells.append(_cell(line, base, 0, len(line)))
        j += 1
    return j, cells


def _stream(lines: list[tuple[int, str]], i: int) -> tuple[int, list[Cell | None]]:
    """The cells of the one-cell-per-line run starting at line `i`, and the line after it.

    `text |` is a cell, a bare `|` an empty cell — or, right after a text line
    without a pipe, the separator that ends that line's cell.  Blank lines are
    ignored; two text lines in a row, or a row line, end the run."""
    cells: list[Cell | None] = []
    n = len(lines)
    pending: Cell | None = None  # a text line waiting for its `|` line
    pending_at = i
    prev_bare = False  # the last pipe line was a bare `|`
    j = i
    while j < n:
        base, line = lines[j]
        if not line.strip(_BLANKS):
            j += 1
            continue
        if _is_pipe_cell_line(line):
            bar = line.rstrip(_BLANKS).rfind("|")
            lead = len(line) - len(line.lstrip(_BLANKS + "|"))  # (a border | opening the line)
            c = _cell(line, base, min(lead, bar), bar)
            if pending is not None:
                cells.append(pending)
                pending = None
                if c is not None:
                    cells.append(c)
            else:
                cells.append(c)
            prev_bare = c is None
            j += 1
            continue
        if pending is not None or _row_cells(line, base) is not None:
            break
        pending, pending_at = _cell(line, base, 0, len(line)), j
        j += 1
    if pending is not None:
        # a last text line is the last cell when a bare `|` closed the cell before it
        if prev_bare and cells:
            cells.append(pending)
            j = pending_at + 1
        else:
            j = pending_at
    return j, cells


def _caption_above(lines: list[tuple[int, str]], i: int) -> Cell | None:
    """The short title line just above line `i` (with a 单位 line), else None."""
    found: list[Cell] = []
    j = i - 1
    while j >= 0 and len(found) < 2:
        base, line = lines[j]
        c = _cell(line, base, 0, len(line))
        j -= 1
        if c is None:
            continue
        if len(c.text) > 80 or c.text.endswith(("。", "：", ":")) or "|" in c.text or "\t" in c.text:
            break
        found.append(c)
        if not _UNIT_NOTE_RE.match(c.text):
            break
    if not found:
        return None
    found.reverse()
    if len(found) == 1:
        return found[0]
    # (internal: a caption of two lines, its text joined by a space; only its
    # text and start are used)
    return Cell(" ".join(c.text for c in found), found[0].start, found[-1].end)


def _spaced_header(lines, i: int, block: list[list[Cell | None]]) -> list[Cell | None] | None:
    """The header line above a block of single-space rows, split by spaces, when it fits."""
    first = lines[i][1].strip(_BLANKS)
    if i == 0 or "|" in first or "\t" in first or "  " in first or not _is_data_row(block[0]):
        return None  # (only single-space rows have their header left out of the block)
    base, line = lines[i - 1]
    s = line.strip(_BLANKS)
    if not s or "|" in s or "\t" in s or len(s) > 120 or _PROSE_CHARS.search(s):
        return None
    lead = len(line) - len(line.lstrip(_BLANKS))
    cells = _pieces(line[lead:].rstrip(_BLANKS), base + lead, _ANY_SPACES)
    if len(cells) == len(block[0]) and all(c is not None for c in cells):
        return cells
    return None


_RULE_CELL = re.compile(r":?-{3,}:?")
_SERIAL_WORDS = frozenset(["序号", "编号", "排名", "名次", "排序", "No.", "No"])


def _is_data_row(cells: list[Cell | None]) -> bool:
    return any(c is not None and _cell_class(c.text) == _N for c in cells[1:])


def _block_table(block, header_line, caption: Cell | None) -> Table | None:
    if header_line is not None:
        block = [header_line, *block]
    # a Markdown rule row (|---|:---:|) separates the header: not a row
    block = [r for r in block if not all(c is None or _RULE_CELL.fullmatch(c.text) for c in r)]
    if len(block) < 2:
        return None
    first = next((k for k, r in enumerate(block) if _is_data_row(r)), None)
    if first is None:
        return None
    counts: dict[int, int] = {}
    for r in block[first:]:
        counts[len(r)] = counts.get(len(r), 0) + 1
    ncols = max(counts, key=lambda k: (counts[k], k))
    columns = []
    for j in range(ncols):
        parts = [r[j].text for r in block[:first] if j < len(r) and r[j] is not None]
        columns.append(" ".join(parts))
    rows = [(r + [None] * ncols)[:ncols] for r in block[first:]]
    if ncols > 2 and _squash(columns[0]) in _SERIAL_WORDS:
        # a serial-number column: the label is the cell after it
        columns, rows = columns[1:], [r[1:] for r in rows]
    label_at = _label_column(columns, rows)
    if label_at:
        # category columns before the label (一级指标 | 二级指标 | 三级指标 | 指标值): the last names the row
        columns, rows = columns[label_at:], [r[label_at:] for r in rows]
    start = min(c.start for c in block[0] if c is not None)
    if caption is not None:
        start = min(start, caption.start)
    end = max(c.end for c in block[-1] if c is not None)
    return Table(start, end, caption.text if caption else None, columns, rows)


def _label_column(columns: list[str], rows: list[list[Cell | None]]) -> int:
    """The index of the row-label column: the last text column before the first column
    holding a number (a 单位 column aside), when category columns stand before it; else 0."""
    width = len(columns)
    first_num = next(
        (j for j in range(1, width) if any(r[j] is not None and _cell_class(r[j].text) == _N for r in rows)),
        width,
    )
    text_cols = [
        j
        for j in range(first_num)
        if _squash(columns[j]) not in ("单位", "计量单位")
        and not all(r[j] is None or _cell_class(r[j].text) == _U for r in rows)
    ]
    return text_cols[-1] if len(text_cols) > 1 else 0


def _chains(cls: list[int]) -> list[tuple[int, int, int]]:
    """Data chains (start, k, rows) in the cells: label + k values, repeated.

    Chain lengths come from one right-to-left pass per k (O(cells × k)); then
    the maximal chains are taken longest first (ties: smaller k, earlier
    start), each unless it overlaps one already taken."""
    n = len(cls)
    num = [0]
    bad = [0]
    for c in cls:
        num.append(num[-1] + _NUMERIC[c])
        bad.append(bad[-1] + (not _VALUE_OK[c]))
    label_ok = [_LABEL_OK[c] for c in cls]
    cands: list[tuple[int, int, int]] = []  # (rows, -k, -start) of maximal chains
    for k in range(1, _MAX_K + 1):
        length = [0] * (n + k + 2)
        for i in range(n - k - 1, -1, -1):
            # a row: a label, then k value-like cells with one number at least
            if label_ok[i] and bad[i + k + 1] == bad[i + 1] and num[i + k + 1] != num[i + 1]:
                length[i] = 1 + length[i + k + 1]
        for i in range(n):
            r = length[i]
            if r >= 2 and (i < k + 1 or length[i - k - 1] == 0):
                cands.append((r, -k, -i))
    cands.sort(reverse=True)
    taken: list[tuple[int, int]] = []  # (start, end) intervals, sorted
    out: list[tuple[int, int, int]] = []
    for r, neg_k, neg_i in cands:
        k, start = -neg_k, -neg_i
        end = start + r * (k + 1)
        at = bisect_left(taken, (start, end))
        if at > 0 and taken[at - 1][1] > start:
            continue
        if at < len(taken) and taken[at][0] < end:
            continue
        taken.insert(at, (start, end))
        out.append((start, k, r))
    out.sort()
    return out


def _stream_tables(cells: list[Cell | None], caption_above: Cell | None) -> list[Table]:
    cls = [_E if c is None else _cell_class(c.text) for c in cells]
    tables = []
    prev_end = 0
    for n_table, (start, k, nrows) in enumerate(_chains(cls)):
        rows = [cells[start + r * (k + 1) : start + (r + 1) * (k + 1)] for r in range(nrows)]
        header_cells = [c for c in cells[prev_end:start] if c is not None]
        year_header = None
        if all(c is not None and cls[start + 1 + j] == _Y4 for j, c in enumerate(rows[0][1:])):
            year_header = rows[0]
            rows = rows[1:]
        prev_end = start + nrows * (k + 1)
        if len(rows) < 1:
            continue
        caption, columns = _group_header(header_cells, k)
        if year_header is not None:
            columns = [columns[0] or year_header[0].text, *(c.text for c in year_header[1:])]
        cap_cell = caption
        if cap_cell is None and n_table == 0:
            cap_cell = caption_above
        first = next(c for c in (cap_cell, *header_cells, *rows[0]) if c is not None)
        t_end = max(c.end for c in rows[-1] if c is not None)
        tables.append(Table(first.start, t_end, cap_cell.text if cap_cell else None, columns, rows))
    return tables


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
    label = ""
    rest = []
    for c in frags:
        if not label and _squash(c.text) in _LABEL_WORDS:
            label = c.text
        else:
            rest.append(c.text)
    if not label and len(rest) == k + 1 and _unit_of(rest[0]) is None:
        label = rest.pop(0)
    cols: list[str] = []
    for t in rest:
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


def _squash(s: str) -> str:
    return re.sub(r"[\s\u3000]", "", s).replace("（", "(").replace("）", ")").replace("，", ",")


# ---- units, years, areas -----------------------------------------------------------

_BRACKET_RE = re.compile(r"[(（]\s*([^()（）]{1,12}?)\s*[)）]")
_UNIT_NOTE_RE = re.compile(r"^\s*(?:计量)?单位\s*[:：]\s*([^\s,，;；)）]+)")
_UNIT_INLINE_RE = re.compile(r"(?:计量)?单位\s*[:：]\s*([^\s,，;；)）]+)")
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


# ---- facts ---------------------------------------------------------------------------

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


_YOY_RE = re.compile(r"增长|增速|增幅|比上年|同比|比去年|较上年|涨幅|降幅|下降|减少|增减|增加|提高")
_SHARE_RE = re.compile(r"占.{0,12}(?:比重|比例|GDP|生产总值)|比重|占比|之比")
_WHOLE_RE = re.compile(r"占|与.{1,12}之比")
_TARGET_WORDS = re.compile(r"目标|规划|计划|(?<!实际)(?<!完成)指标值")  # 年度指标值: a self-check's target
_ACTUAL_WORDS = re.compile(r"完成值|实际值|实际完成|完成情况")
_RATE_HINT = re.compile(r"率|强度|比重|占比|比例")
_COUNT_HINT = re.compile(r"(?:数|数量|个数|量)$")


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


def _side(lex: Lexicon, am: AreaMatcher, text: str, home: str | None) -> _Side:
    norm = text.replace("（", "(").replace("）", ")").replace("％", "%")
    bare = strip_quotes(_BRACKET_RE.sub(lambda m: "" if _parse_unit(m.group(1)) else m.group(0), norm))
    alias = None
    cands: tuple[str, ...] = ()
    # the head noun comes last (高新技术企业R&D经费) — but in a ratio, X占Y比重 /
    # X与Y之比, the subject is X: aliases after 占/与 name the whole
    w = _WHOLE_RE.search(bare)
    for part in (bare[: w.start()], bare) if w else (bare,):
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
        region=_label_area(am, strip_quotes(text), home) if text else None,
        growth=bool(_YOY_RE.search(bare)),
        kind=kind,
    )


def _unit_class_guess(header: str) -> str:
    if _RATE_HINT.search(header):
        return "percent"
    if _COUNT_HINT.search(strip_quotes(header)):
        return "count"
    return "none"


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
    cap_side = _side(lex, am, cap, home) if cap else None
    cap_kind = cap_side.kind if cap_side else None
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
    unit_col = next((j for j, h in enumerate(t.columns) if j and _squash(h) in ("单位", "计量单位")), None)
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
        if unit is not None:
            reported_unit, mult, uclass, _base = unit
        else:
            reported_unit, mult, uclass = "", MULTIPLIERS[""], _unit_class_guess(subject)
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
        kind = name.kind or cs.kind or cap_kind or "actual"
        col_year = col_years[j]
        if kind == "actual" and lab[1] is None and covered is not None and col_year and col_year > covered:
            kind = "target"  # a column of a year still ahead (a plan's 2025年 beside its 2020年)
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
        label = label_cell.text if label_cell else ""
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
            if cell is None or j == unit_col:
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
