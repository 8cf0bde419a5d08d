"""Tables flattened to one cell per line (a PDF's text layer, an HTML export with ` |` cell
ends): runs of cell lines, the serial-number column, and the chains of a label and k value
cells that make the rows; see the package docstring for the heuristics."""

from __future__ import annotations

import re
from bisect import bisect_left

from orchestration.extract.tables.cells import (
    _BLANKS,
    _E,
    _LABEL_OK,
    _MAX_K,
    _NUMERIC,
    _T,
    _VALUE_OK,
    _Y4,
    _YN,
    Cell,
    Table,
    _cell,
    _cell_class,
    _is_pipe_cell_line,
    _row_cells,
)
from orchestration.extract.tables.headers import _group_header, _squash

_MIN_PLAIN_RUN = 8
_PLAIN_MAX = 24
_PLAIN_NOT = re.compile(r"[。！？；，,:：|\t]")
# a line of an English header, too long for a cell: words of Latin letters, no Chinese, no digits
_ENGLISH_HEADER = re.compile(r"[(（]?[A-Za-z][A-Za-z&'./\- ]{0,78}[)）]?")


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
        if j > i and _ENGLISH_HEADER.fullmatch(line.strip(_BLANKS)):
            j += 1  # a bilingual yearbook's English header (Turnover of Technology Contracts)
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


_STREAM_SERIAL_WORDS = frozenset(["序号", "编号"])


def _drop_serials(cells: list[Cell | None]) -> list[Cell | None]:
    """The cells without a serial-number column (序号, then 1, 2, 3 … each on the line
    before its row's label), as the row layout drops it: the numbers 1, 2, 3 … after
    a 序号 header cell, each followed by a text cell, at a constant distance."""
    drop: set[int] = set()
    n = len(cells)
    for s, head in enumerate(cells):
        if head is None or _squash(head.text) not in _STREAM_SERIAL_WORDS:
            continue
        at: list[int] = []
        for j in range(s + 1, n):
            c, nxt = cells[j], cells[j + 1] if j + 1 < n else None
            if c is None or c.text != str(len(at) + 1):
                continue
            if nxt is None or _cell_class(nxt.text) not in (_T, _YN):
                continue  # (a serial number stands before its row's label)
            if len(at) >= 2 and j - at[-1] != at[1] - at[0]:
                break
            at.append(j)
        if len(at) >= 2:
            drop.add(s)
            drop.update(at)
    return [c for j, c in enumerate(cells) if j not in drop] if drop else cells


def _stream_tables(cells: list[Cell | None], caption_above: Cell | None) -> list[Table]:
    cells = _drop_serials(cells)
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
