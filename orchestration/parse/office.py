"""Word and Excel documents and CSV files -> document text, tables in the house form.

The house form of a table in document text (the HTML parser renders `<tr>` rows the same
way, and the extractor reads it): an optional caption line (the sheet name, a table title,
a CSV file's name), then one line per table row, cells joined by `TABLE_SEP` (" | ");
merged cells repeat their value into every cell they span (so a header spanning two year
columns labels both); a merged row spanning the whole table is a caption line, said once.

* .docx (python-docx): paragraphs and tables in document order.
* .xlsx (openpyxl, cached values of formulas) and .xls (xlrd): every non-empty sheet, as
  displayed (percent formats as percentages, dates as ISO dates, whole numbers without ".0").
* .csv: decoded like any text file (UTF-8, GB18030 …), delimiter sniffed.

Pure functions of the bytes; `UnreadableDocument` with a reason for anything unreadable.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation

from orchestration.parse.model import TABLE_SEP, UnreadableDocument

MAX_ROWS = 20_000  # per sheet: a statistical table, not a database dump
MAX_CELLS = 2_000_000
_WS = re.compile(r"\s+")
_PCT_DECIMALS = re.compile(r"0\.(0+)%")
_NUMERIC = re.compile(r"[\d.,%+\-\s]*")

__all__ = ["csv_text", "docx_text", "render_table", "xls_text", "xlsx_text"]


def _cell(value: object) -> str:
    return _WS.sub(" ", str(value)).strip().replace("|", "｜") if value is not None else ""


def render_table(rows: Sequence[Sequence[str]], caption: str | None = None) -> list[str]:
    """Lines of one table in the house form: caption, then rows with cells joined by " | ".

    Empty rows are dropped, trailing empty cells trimmed, empty leading columns removed; a row
    whose cells all hold the same text (a title merged across the table) becomes a caption line.
    """
    grid = [[_cell(c) for c in row] for row in rows]
    grid = [row for row in grid if any(row)]
    if not grid:
        return [caption] if caption else []
    lead = min((next(i for i, c in enumerate(row) if c) for row in grid), default=0)
    width = max(len(row) for row in grid)
    lines: list[str] = [caption] if caption else []
    for row in grid:
        row = row[lead:]
        while row and not row[-1]:
            row.pop()
        filled = [c for c in row if c]
        if (
            len(filled) > 1
            and len(set(filled)) == 1
            and len(filled) >= width - lead - 1
            and width - lead > 2
            and not _NUMERIC.fullmatch(filled[0])
        ):
            lines.append(filled[0])  # a title merged across the whole table
        elif len(filled) == 1 and len(row) == 1:
            lines.append(row[0])
        else:
            lines.append(TABLE_SEP.join(row))
    return lines


def _fill_merged(grid: list[list[object]], ranges: Iterable[tuple[int, int, int, int]]) -> None:
    """Repeat each merged range's top-left value into every cell of the range (0-based, inclusive)."""
    for r0, r1, c0, c1 in ranges:
        if r0 >= len(grid):
            continue
        value = grid[r0][c0] if c0 < len(grid[r0]) else None
        for r in range(r0, min(r1, len(grid) - 1) + 1):
            row = grid[r]
            if len(row) <= c1:
                row.extend([None] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                row[c] = value


def _number(value: float | int | Decimal, number_format: str = "") -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    try:
        d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        return str(value)
    fmt = number_format or ""
    if "%" in fmt:
        m = _PCT_DECIMALS.search(fmt)
        places = len(m.group(1)) if m else 0
        pct = (d * 100).quantize(Decimal(1).scaleb(-places)) if places else (d * 100).quantize(Decimal(1))
        return f"{pct}%"
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    return format(d.normalize(), "f")


def _value(value: object, number_format: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return _number(value, number_format)
    return str(value)


# --------------------------------------------------------------------------- Word


def docx_text(data: bytes) -> tuple[str, list[str]]:
    """Paragraphs and tables of a .docx in document order."""
    try:
        import docx
        from docx.table import Table
    except ImportError as e:  # pragma: no cover - a dependency
        raise UnreadableDocument(f"Word support is not installed ({e})") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # noqa: BLE001 - python-docx raises many things on broken files
        raise UnreadableDocument(
            f"broken Word .docx file, cannot be read ({type(e).__name__}: {e})"[:300]
        ) from None
    lines: list[str] = []
    notes: list[str] = []
    title = (document.core_properties.title or "").strip()
    tables = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            tables += 1
            rows = []
            for row in block.rows:
                try:
                    rows.append([cell.text for cell in row.cells])
                except (IndexError, ValueError):  # a malformed row grid: keep what is readable
                    rows.append([tc.text for tc in row._tr.tc_lst] if hasattr(row, "_tr") else [])
            caption = _docx_caption(block)
            lines.extend(render_table(rows, caption))
        else:
            text = _WS.sub(" ", block.text).strip()
            if text:
                lines.append(text)
    if title and not any(title in ln for ln in lines[:5]):
        lines.insert(0, title)
    if not lines:
        raise UnreadableDocument("Word .docx file has no text (images only?)")
    if tables:
        notes.append(f"read {tables} table(s) from the Word document")
    return "\n".join(lines), notes


def _docx_caption(table) -> str | None:  # noqa: ANN001 - docx Table
    tbl_pr = table._tbl.tblPr
    if tbl_pr is None:
        return None
    for child in tbl_pr:
        if child.tag.endswith("}tblCaption"):
            return next((v for k, v in child.attrib.items() if k.endswith("}val")), None)
    return None


# --------------------------------------------------------------------------- Excel


def xlsx_text(data: bytes) -> tuple[str, list[str]]:
    """Every non-empty sheet of an .xlsx workbook: sheet name line, then its rows."""
    try:
        import openpyxl
    except ImportError as e:  # pragma: no cover - a dependency
        raise UnreadableDocument(f"Excel support is not installed ({e})") from None
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=False)
    except Exception as e:  # noqa: BLE001
        raise UnreadableDocument(
            f"broken Excel .xlsx file, cannot be read ({type(e).__name__}: {e})"[:300]
        ) from None
    lines: list[str] = []
    notes: list[str] = []
    title = (wb.properties.title or "").strip() if wb.properties else ""
    if title:
        lines.append(title)
    cells = 0
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            notes.append(f"hidden sheet {ws.title!r} not read")
            continue
        max_row = min(ws.max_row or 0, MAX_ROWS)
        if (ws.max_row or 0) > MAX_ROWS:
            notes.append(f"sheet {ws.title!r} has {ws.max_row} rows; only the first {MAX_ROWS} were read")
        grid: list[list[object]] = []
        for row in ws.iter_rows(min_row=1, max_row=max_row):
            values = [_value(c.value, c.number_format) for c in row]
            grid.append(values)
            cells += len(values)
            if cells > MAX_CELLS:
                notes.append(f"workbook truncated at {MAX_CELLS} cells (sheet {ws.title!r})")
                break
        _fill_merged(
            grid,
            ((r.min_row - 1, r.max_row - 1, r.min_col - 1, r.max_col - 1) for r in ws.merged_cells.ranges),
        )
        table = render_table(grid)
        if table:
            lines.append(ws.title)
            lines.extend(table)
        if cells > MAX_CELLS:
            break
    if not [ln for ln in lines if ln != title]:
        raise UnreadableDocument("Excel workbook has no cell values")
    return "\n".join(lines), notes


def xls_text(data: bytes) -> tuple[str, list[str]]:
    """Every non-empty sheet of a legacy .xls workbook (BIFF, via xlrd)."""
    try:
        import xlrd
    except ImportError as e:  # pragma: no cover - a dependency
        raise UnreadableDocument(f"Excel .xls support is not installed ({e})") from None
    try:
        book = xlrd.open_workbook(
            file_contents=data, formatting_info=True, on_demand=True, logfile=io.StringIO()
        )
    except Exception as e:  # noqa: BLE001 - xlrd raises XLRDError, struct errors …
        try:  # some writers' files only open without formatting records
            book = xlrd.open_workbook(file_contents=data, on_demand=True, logfile=io.StringIO())
        except Exception:  # noqa: BLE001
            raise UnreadableDocument(
                f"broken Excel .xls file, cannot be read ({type(e).__name__}: {e})"[:300]
            ) from None
    lines: list[str] = []
    notes: list[str] = []
    for sheet in book.sheets():
        if getattr(sheet, "visibility", 0):
            notes.append(f"hidden sheet {sheet.name!r} not read")
            continue
        nrows = min(sheet.nrows, MAX_ROWS)
        if sheet.nrows > MAX_ROWS:
            notes.append(f"sheet {sheet.name!r} has {sheet.nrows} rows; only the first {MAX_ROWS} were read")
        grid: list[list[object]] = []
        for r in range(nrows):
            row = []
            for c in range(sheet.ncols):
                cell = sheet.cell(r, c)
                row.append(_xls_value(book, cell))
            grid.append(row)
        _fill_merged(grid, ((r0, r1 - 1, c0, c1 - 1) for r0, r1, c0, c1 in sheet.merged_cells))
        table = render_table(grid)
        if table:
            lines.append(sheet.name)
            lines.extend(table)
    if not lines:
        raise UnreadableDocument("Excel workbook has no cell values")
    return "\n".join(lines), notes


def _xls_value(book, cell) -> str:  # noqa: ANN001 - xlrd objects
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return _value(xlrd.xldate_as_datetime(cell.value, book.datemode))
        except (ValueError, OverflowError):
            return _number(cell.value)
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        fmt = ""
        if book.formatting_info and cell.xf_index is not None:
            xf = book.xf_list[cell.xf_index]
            fmt_obj = book.format_map.get(xf.format_key)
            fmt = fmt_obj.format_str if fmt_obj else ""
        return _number(cell.value, fmt)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return _number(bool(cell.value))
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return ""
    return str(cell.value)


# --------------------------------------------------------------------------- CSV


def csv_text(text: str, caption: str | None = None) -> tuple[str, list[str]]:
    """A decoded CSV file as one table (delimiter sniffed: comma, tab, semicolon, 、)."""
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;，")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))[:MAX_ROWS]
    lines = render_table(rows, caption)
    if not [ln for ln in lines if ln != caption]:
        raise UnreadableDocument("CSV file has no values")
    return "\n".join(lines), []
