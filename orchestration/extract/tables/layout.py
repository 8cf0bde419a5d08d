"""Finding tables in text: blocks of row lines, and runs of one cell per line (chains of a
label and k value cells); see the package docstring for the heuristics."""

from __future__ import annotations

import re

from orchestration.extract.tables.cell_lines import (
    _MIN_PLAIN_RUN,
    _is_plain_cell,
    _plain_run,
    _stream,
    _stream_tables,
)
from orchestration.extract.tables.cells import (
    _ANY_SPACES,
    _BLANKS,
    _N,
    _PROSE_CHARS,
    _T,
    _U,
    _Y4,
    _YN,
    Cell,
    Table,
    _cell,
    _cell_class,
    _is_pipe_cell_line,
    _pieces,
    _row_cells,
)
from orchestration.extract.tables.headers import _UNIT_NOTE_RE, _squash

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
        if _BLOCK_NAME_RE.match(line):
            j, t = _label_block(lines, i)
            if t is not None:
                tables.append(t)
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


# a self-check's block of label lines: 指标名称：X, then 目标值：3000家, 完成值：3256家 …
_BLOCK_NAME_RE = re.compile(r"[ \u3000]*(?:指标名称|三级指标|绩效指标|指标)[ \u3000]*[:：]")
_BLOCK_LINE_RE = re.compile(r"[ \u3000]*([\u3400-\u9fff]{1,8})[ \u3000]*[:：][ \u3000]*(\S.{0,29})")


def _label_block(lines: list[tuple[int, str]], i: int) -> tuple[int, Table | None]:
    """A block of label lines from line `i` (指标名称：科技型中小企业评价入库数量 /
    目标值：3000家 / 完成值：3256家) as a table of one row: the keys are the column
    headers, the indicator's name the row label; and the line after it."""
    keys: list[str] = []
    row: list[Cell | None] = []
    j = i
    n = len(lines)
    while j < n:
        base, line = lines[j]
        m = _BLOCK_LINE_RE.fullmatch(line.rstrip(_BLANKS))
        if m is None or _PROSE_CHARS.search(line) or (j > i and _BLOCK_NAME_RE.match(line)):
            break  # (a line of prose, or the next indicator's block)
        keys.append(m.group(1))
        row.append(_cell(line, base, m.start(2), len(line)))
        j += 1
    if len(row) < 2 or row[0] is None or _cell_class(row[0].text) != _T:
        return i + 1, None
    if not any(c is not None and _cell_class(c.text) == _N for c in row[1:]):
        return i + 1, None
    return j, Table(lines[i][0], max(c.end for c in row if c is not None), None, keys, [row])


# cells (with 4 numbers at least): fewer short lines in a row are headings or a menu
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
    header = [_aligned(r, ncols) for r in block[:first]]
    header = [_spread(r, ncols) if k < first - 1 else r for k, r in enumerate(header)]
    columns = []
    for j in range(ncols):
        parts = [r[j].text for r in header if j < len(r) and r[j] is not None]
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


def _aligned(row: list[Cell | None], ncols: int) -> list[Cell | None]:
    """A header row of years shorter than the table (2021年 | 2022年 | … under merged headers,
    its empty label cell lost with the line's leading tab) stands over the last columns."""
    if len(row) < ncols and row and row[0] is not None and _cell_class(row[0].text) in (_Y4, _YN):
        return [None] * (ncols - len(row)) + row
    return row


def _spread(row: list[Cell | None], ncols: int) -> list[Cell | None]:
    """A header row above another, its merged cells spread over the columns they span: an
    empty cell takes the text to its left (R&D经费（万元） | | 投入强度（%） | over
    2021年 | 2022年 | 2021年 | 2022年). The label column's cell spreads nowhere."""
    out = (row + [None] * ncols)[:ncols]
    for j in range(2, ncols):
        if out[j] is None:
            out[j] = out[j - 1]
    return out


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
