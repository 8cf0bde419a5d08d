"""Tables in report text: find them, read their cells, turn numeric cells into facts.

Reports carry tables in their text in two layouts:

* **rows** — one table row per line, cells separated by `|` (with or without
  border pipes; a Markdown rule row |---| is skipped), by tabs, by runs of two
  or more spaces, or (a `<tr>` as the HTML reader renders it) by single spaces
  when every cell after the first is a number;
* **one cell per line** — a table exported from HTML with each cell on its own
  line ending in ` |` (a line that is just `|` is an empty cell), or cell lines
  separated by lines holding only `|`;
* **label lines** — a self-check's block of `key：value` lines opened by
  指标名称 (三级指标, 绩效指标, 指标)：<the indicator>, then 目标值：3000家,
  完成值：3256家, 得分：10 …: a table of one row, the keys its column headers
  (目标/指标值 a target, 完成值 an outcome), the indicator its label; the block
  ends at a line of prose or the next 指标名称, and needs a number.

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
  指标, ...) names the label column.  A title is no column header: the
  fragments above the label word are the caption when the k fragments after it
  are whole column headers (a name with its unit, or a year, each; else they
  are the first line of a header of two lines); without a label word, when the
  fragments outnumber the k columns + the label and the last k are whole
  headers, the surplus at the top is the caption.  A serial-number column
  (a 序号 cell, then 1, 2, 3 … each on the line before its row's label, at a
  constant distance) is dropped, as in the row layout.  The other Chinese
  fragments, in order,
  start the k value columns; once k columns are started, or when a fragment
  opens with a bracket like (万人), a fragment continues the first column
  whose header has no unit yet (R&D经费内部 + 支出(亿元)).
* A line of single Chinese characters separated by blanks (全  省, 福　州　市: a
  yearbook's alignment) is one cell, never a row of cells, and single
  characters leading a row cut at runs of spaces (全  省  1203.5) are one
  label; a row label is read with the blanks between its Chinese characters
  removed (area and total matching), while every cell keeps its exact offsets.
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
  (`matching.choose_code`); 占…比重 in a percent header makes it the share
  code (R&D经费占GDP比重 -> rd_intensity).  A row label that is neither a
  year, an area nor a total (合计, 全市, ...) is a breakdown (an industry, a
  sector): its cells are skipped unless the label itself names the indicator,
  since they are not the area's value.  A score column of a self-check
  (得分, 分值, 权重(%), 自评得分) holds points, and its 完成率 the outcome as a
  percent of the target: neither is a value, both are skipped.  A caption
  that names a narrower indicator containing the header's alias
  (…规模以上工业企业R&D经费… over a column R&D经费) replaces it, and the
  ratio columns of the broader indicator
  (投入强度 there is the enterprises' ratio, not the area's R&D intensity) are
  skipped.
* Period: the row label's year (2019, 2019年, 2023年1-6月), else the column
  header's, else that of the nearest year column to the left, else the
  caption's, else the context's covered year.  1-N月 / 上半年 / 一季度 /
  前三季度 in the label, header or caption set period_kind / period_months;
  other parts of a year (下半年, 二季度, 5月) are not read.  Area: an area name
  that is the row label (福州市, 厦门), else the column header's, else the
  context's; a row or column 全国 (全国合计, 全国平均) is the whole country
  (100000), while 全省 / 全市 / 合计 are the context's area.
* Kind: 预计 (estimate), 目标/规划/计划/年度指标值 (target) or 完成值/实际完成/
  基期/现状值 (actual) in the row label or the column header; else the column
  of the base year of a five-year plan the caption names (2025年 under
  “十五五”…规划主要指标: the year before the plan's span) is actual; else what
  the caption says; else a column of a year after the covered year is a target
  (a plan's 2030年), the covered year's column (2025年 in a report covering
  2025) actual.
* Measure: a header saying 增长/增速/比上年/同比 with a percent unit is a
  year-on-year change; (百分点) a percentage-point change; any other growth
  header (an absolute increase in 亿元) is skipped.  A row label or column
  header of a multi-year average (年均增长, 年均增速, 平均每年) names no year's
  value: its cells are not read (the sentence reader leaves 年均增长 unmapped).
"""

from orchestration.extract.tables.cells import Cell, Table
from orchestration.extract.tables.facts import table_facts
from orchestration.extract.tables.layout import find_tables

__all__ = ["Cell", "Table", "find_tables", "table_facts"]
