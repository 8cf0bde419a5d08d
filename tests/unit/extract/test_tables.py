"""The table reader: tables in report text -> cells -> facts, one test per phenomenon."""

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from orchestration.catalog.regions import Region
from orchestration.extract.areas import AreaMatcher
from orchestration.extract.facts import DocumentContext
from orchestration.extract.indicators import build_lexicon
from orchestration.extract.tables import find_tables, table_facts
from tests.fixtures.big_tables import big_tables

CTX = DocumentContext(region_code="350000", covered_year=2023, published_year=2024)
REGIONS = [
    Region("350000", "福建省", "福建", "province", None, "350000"),
    Region("350100", "福州市", "福州", "prefecture", "350000", "350000"),
    Region("350200", "厦门市", "厦门", "prefecture", "350000", "350000"),
    Region("350500", "泉州市", "泉州", "prefecture", "350000", "350000"),
]
AREAS = AreaMatcher(REGIONS)


@dataclass(frozen=True)
class _Row:
    indicator_code: str
    unit: str
    kind: str
    aliases: tuple[str, ...]
    is_core: bool
    name_zh: str


# a catalog of our own: the tests do not depend on the aliases of the seed
LEX = build_lexicon(
    [
        _Row(
            "rd_expenditure", "CNY", "flow", ("R&D经费", "R&D经费内部支出", "研发经费"), True, "R&D经费投入"
        ),
        _Row(
            "rd_intensity",
            "percent",
            "ratio",
            ("研发强度", "投入强度", "R&D经费投入强度"),
            True,
            "R&D投入强度",
        ),
        _Row("rd_personnel", "count", "stock", ("R&D人员", "研发人员"), False, "R&D人员"),
        _Row("tech_contracts", "count", "flow", ("技术合同",), True, "登记技术合同数"),
        _Row("tech_contract_value", "CNY", "flow", ("技术合同成交额",), True, "技术合同成交额"),
        _Row("enterprise_rd_expenditure", "CNY", "flow", ("企业R&D经费",), True, "企业研发经费投入"),
        _Row("gdp", "CNY", "flow", ("地区生产总值", "GDP"), False, "地区生产总值"),
    ]
)


def facts(text, ctx=CTX):
    return table_facts(text, ctx, lexicon=LEX, areas=AREAS)


def rows_of(fs):
    return [(f.indicator_code, f.period_year, f.region_code, f.measure, f.value) for f in fs]


def test_pipe_rows_with_years_as_rows():
    text = (
        "全市研发投入情况如下。\n"
        "年份 | R&D经费(亿元) | 研发强度(%)\n"
        "2021 | 881.72 | 3.12\n"
        "2022年 | 988.36 | 3.43\n"
        "后文。\n"
    )
    assert rows_of(facts(text)) == [
        ("rd_expenditure", 2021, "350000", "level", Decimal("88172000000")),
        ("rd_intensity", 2021, "350000", "level", Decimal("3.12")),
        ("rd_expenditure", 2022, "350000", "level", Decimal("98836000000")),
        ("rd_intensity", 2022, "350000", "level", Decimal("3.43")),
    ]
    f = facts(text)[0]
    assert (f.comparator, f.rule, f.sentence_index, f.value_kind) == ("=", "table_cell", -1, "actual")
    assert f.evidence == "2021 | 881.72 | 3.12"
    assert f.subject == "R&D经费(亿元)"
    # border pipes and tabs are rows too
    bordered = "| 年份 | R&D经费(亿元) |\n| 2021 | 881.72 |\n| 2022 | 988.36 |\n"
    tabbed = "年份\tR&D经费(亿元)\n2021\t881.72\n2022\t988.36\n"
    spaced = "年份  R&D经费(亿元)\n2021  881.72\n2022  988.36\n"
    for t in (bordered, tabbed, spaced):
        assert [(f.period_year, f.reported_value) for f in facts(t)] == [(2021, "881.72"), (2022, "988.36")]


def test_pipe_rows_with_areas_as_rows():
    text = (
        "地区 | R&D经费(亿元) | 研发强度(%)\n福州市 | 1165.3 | 2.1\n厦门 | 350.2 | 3.2\n全省 | 1500.0 | 2.0\n"
    )
    fs = facts(text)
    assert [(f.region_code, f.indicator_code, f.reported_value, f.period_year) for f in fs] == [
        ("350100", "rd_expenditure", "1165.3", 2023),
        ("350100", "rd_intensity", "2.1", 2023),
        ("350200", "rd_expenditure", "350.2", 2023),
        ("350200", "rd_intensity", "3.2", 2023),
        ("350000", "rd_expenditure", "1500.0", 2023),  # a total row: the report's own area
        ("350000", "rd_intensity", "2.0", 2023),
    ]
    cells = ["地区", "R&D经费(亿元)", "福州市", "300.1", "泉州", "200.2", "合计", "500.3"]
    text = "\n".join(f"{c} |" for c in cells)
    assert [(f.region_code, f.reported_value) for f in facts(text)] == [
        ("350100", "300.1"),
        ("350500", "200.2"),
        ("350000", "500.3"),
    ]


def test_years_as_columns():
    text = "指标 | 2021年 | 2022年\nR&D经费(亿元) | 881.72 | 988.36\n研发强度(%) | 3.12 | 3.43\n"
    assert rows_of(facts(text)) == [
        ("rd_expenditure", 2021, "350000", "level", Decimal("88172000000")),
        ("rd_expenditure", 2022, "350000", "level", Decimal("98836000000")),
        ("rd_intensity", 2021, "350000", "level", Decimal("3.12")),
        ("rd_intensity", 2022, "350000", "level", Decimal("3.43")),
    ]
    # the same, one cell per line: a first row of years is the header
    cells = [
        "表5 主要科技指标",
        "指标",
        "2021",
        "2022",
        "R&D经费(亿元)",
        "881.72",
        "988.36",
        "R&D人员(万人)",
        "",
        "27.87",
    ]
    text = "\n".join(f"{c} |" if c else "|" for c in cells)
    (t,) = find_tables(text)
    assert (t.caption, t.columns) == ("表5 主要科技指标", ["指标", "2021", "2022"])
    assert [(f.indicator_code, f.period_year, f.reported_value) for f in facts(text)] == [
        ("rd_expenditure", 2021, "881.72"),
        ("rd_expenditure", 2022, "988.36"),
        ("rd_personnel", 2022, "27.87"),
    ]
    # a unit column gives each row its unit
    with_unit = "指标 | 单位 | 2022年\nR&D经费 | 亿元 | 988.36\nR&D人员 | 万人 | 27.87\n"
    assert [(f.indicator_code, f.value, f.reported_unit) for f in facts(with_unit)] == [
        ("rd_expenditure", Decimal("98836000000"), "亿元"),
        ("rd_personnel", Decimal("278700"), "万人"),
    ]


def test_one_cell_per_line_with_header_fragments_and_empty_cells():
    cells = [
        "表3 主要年份R&D投入",
        "Main indicators of R&D",
        "",
        "",
        "年份",
        "R&D经费内部",
        "R&D人员",
        "研发强度(%)",
        "支出(亿元)",
        "(万人)",
        "",
        "Year",
        "Expenditure",
        "Personnel",
        "Intensity",
        "",
        "(100 million yuan)",
        "(10000 persons)",
        "(%)",
        "2007",
        "100.40",
        "",
        "1.41",
        "2008",
        "129.19",
        "",
        "1.56",
        "2009",
        "171.01",
        "9.07",
        "1.87",
        "注:2009年以前未统计R&D人员。",
        "",
    ]
    text = "\n".join(f"{c} |" if c else "|" for c in cells) + "\n"
    (t,) = find_tables(text)
    assert t.caption == "表3 主要年份R&D投入"
    assert t.columns == ["年份", "R&D经费内部支出(亿元)", "R&D人员(万人)", "研发强度(%)"]
    assert [[c.text if c else None for c in r] for r in t.rows] == [
        ["2007", "100.40", None, "1.41"],
        ["2008", "129.19", None, "1.56"],
        ["2009", "171.01", "9.07", "1.87"],
    ]
    fs = facts(text)
    assert [(f.indicator_code, f.period_year, f.reported_value) for f in fs] == [
        ("rd_expenditure", 2007, "100.40"),
        ("rd_intensity", 2007, "1.41"),
        ("rd_expenditure", 2008, "129.19"),
        ("rd_intensity", 2008, "1.56"),
        ("rd_expenditure", 2009, "171.01"),
        ("rd_personnel", 2009, "9.07"),
        ("rd_intensity", 2009, "1.87"),
    ]
    assert fs[0].evidence == "2007 | 100.40 |  | 1.41"


def test_cell_lines_separated_by_bar_lines():
    text = "表1\n各市R&D经费情况\n地区\n|\nR&D经费(万元)\n|\n福州\n|\n250000\n|\n泉州\n|\n180000\n|\n"
    fs = facts(text)
    assert [(f.region_code, f.value, f.reported_unit) for f in fs] == [
        ("350100", Decimal("2500000000"), "万元"),
        ("350500", Decimal("1800000000"), "万元"),
    ]
    assert find_tables(text)[0].caption == "各市R&D经费情况"


def test_caption_year():
    text = "全省R&D经费投入情况(2016年)\n地区 | R&D经费(亿元)\n福州 | 300.1\n厦门 | 200.2\n"
    assert [f.period_year for f in facts(text)] == [2016, 2016]
    (t,) = find_tables(text)
    assert t.caption == "全省R&D经费投入情况(2016年)"
    # a year of the row wins over the caption's
    text = "2016年研发投入\n年份 | R&D经费(亿元)\n2015 | 300.1\n2016 | 320.2\n"
    assert [f.period_year for f in facts(text)] == [2015, 2016]


def test_unit_in_header():
    text = (
        "地区 | R&D经费(万元) | R&D人员(人) | 技术合同成交额（亿元） | 技术合同(项) | 研发强度（％）\n"
        "福州 | 1,234.5 | 5600 | 12.3 | 800 | 2.5\n"
        "厦门 | 20 | 100 | 1 | 2 | 3\n"
    )
    fs = [f for f in facts(text) if f.region_code == "350100"]
    assert [(f.indicator_code, f.value, f.unit, f.reported_unit, f.multiplier) for f in fs] == [
        ("rd_expenditure", Decimal("12345000.0"), "CNY", "万元", Decimal(10000)),
        ("rd_personnel", Decimal("5600"), "count", "人", Decimal(1)),
        ("tech_contract_value", Decimal("1230000000.0"), "CNY", "亿元", Decimal(100000000)),
        ("tech_contracts", Decimal("800"), "count", "项", Decimal(1)),
        ("rd_intensity", Decimal("2.5"), "percent", "%", Decimal(1)),
    ]
    # 单位：亿元 under the caption is the unit of every column without one
    text = "2022年研发经费\n单位：亿元\n地区 | 研发经费\n福州 | 300.1\n厦门 | 200.2\n"
    assert [(f.value, f.reported_unit, f.period_year) for f in facts(text)] == [
        (Decimal("30010000000"), "亿元", 2022),
        (Decimal("20020000000"), "亿元", 2022),
    ]


def test_a_yoy_column():
    text = "地区 | R&D经费(亿元) | 比上年增长(%) | 研发强度(%)\n福州 | 300.1 | 12.5 | 2.5\n厦门 | 200.2 | -3.1 | 3.1\n"
    fs = facts(text)
    assert [(f.region_code, f.indicator_code, f.measure, f.value, f.unit) for f in fs] == [
        ("350100", "rd_expenditure", "level", Decimal("30010000000"), "CNY"),
        ("350100", "rd_expenditure", "yoy_pct", Decimal("12.5"), "percent"),
        ("350100", "rd_intensity", "level", Decimal("2.5"), "percent"),
        ("350200", "rd_expenditure", "level", Decimal("20020000000"), "CNY"),
        ("350200", "rd_expenditure", "yoy_pct", Decimal("-3.1"), "percent"),
        ("350200", "rd_intensity", "level", Decimal("3.1"), "percent"),
    ]
    # a yoy column of its own indicator, and with years as columns
    text = "指标 | 2022年 | 比上年增长(%)\nR&D经费(亿元) | 988.36 | 12.1\n"
    assert [(f.measure, f.period_year, f.value) for f in facts(text)] == [
        ("level", 2022, Decimal("98836000000")),
        ("yoy_pct", 2022, Decimal("12.1")),  # the year of the year column to its left
    ]
    # a change in percentage points
    text = "年份 | 研发强度(%) | 比上年提高(百分点)\n2021 | 3.12 | 0.02\n2022 | 3.43 | 0.31\n"
    assert [(f.indicator_code, f.measure, f.unit, f.value) for f in facts(text)][:2] == [
        ("rd_intensity", "level", "percent", Decimal("3.12")),
        ("rd_intensity", "pp_change", "percentage_points", Decimal("0.02")),
    ]
    # an absolute increase (亿元) is not a growth rate: not read
    text = "地区 | R&D经费(亿元) | 比上年增加(亿元)\n福州 | 300.1 | 20.5\n厦门 | 200.2 | 10.1\n"
    assert [f.measure for f in facts(text)] == ["level", "level"]


def test_estimate_and_target_from_header_or_caption():
    text = "年份 | R&D经费(亿元) | 研发强度目标(%)\n2024 | 300.1 | 3.5\n2025 | 320.2 | 3.6\n"
    assert [f.value_kind for f in facts(text)] == ["actual", "target", "actual", "target"]
    text = "2024年主要指标预计完成情况\n指标 | 数值\nR&D经费(亿元) | 300.1\n研发强度(%) | 3.5\n"
    assert [(f.value_kind, f.period_year) for f in facts(text)] == [("estimate", 2024), ("estimate", 2024)]


def test_breakdown_rows_and_a_narrower_caption():
    """Rows of industries are not the area's value; a caption naming enterprises'
    R&D narrows R&D经费 to it, and its 投入强度 is not the area's R&D intensity."""
    text = (
        "2016年全省分行业规模以上工业企业R&D经费情况\n"
        "行业 | R&D经费(万元) | 投入强度(%)\n"
        "合计 | 2572607.4 | 0.62\n"
        "采矿业 | 109915.5 | 0.42\n"
        "制造业 | 2449882.1 | 0.67\n"
    )
    assert rows_of(facts(text)) == [
        ("enterprise_rd_expenditure", 2016, "350000", "level", Decimal("25726074000.0")),
    ]


def test_a_table_without_any_catalog_indicator_yields_nothing():
    text = "地区 | 常住人口(万人) | 城镇化率(%)\n福州 | 844.8 | 73.0\n厦门 | 530.8 | 90.1\n"
    assert len(find_tables(text)) == 1
    assert facts(text) == []


def test_prose_lines_that_contain_a_pipe_are_not_a_table():
    text = (
        "发表于 2024-3-27 20:37:53 | 显示全部楼层 |阅读模式\n"
        "全市R&D经费投入达到300亿元 | 研发强度3.2%，同比增长10%。\n"
        "研发强度 | 今年全市研发强度进一步提升，达到3.3%，比上年提高0.2个百分点。\n"
        "首页 | 政务公开 | 新闻中心\n"
    )
    assert find_tables(text) == []
    assert facts(text) == []


def test_offsets_are_exact():
    layouts = [
        "前文。\r\n年份 | R&D经费(亿元) | 研发强度(%)\r\n2021 |  881.72  | 3.12%\r\n2022 | 988.36 | 3.43\r\n",
        "\n".join(
            [
                "年份 |",
                "R&D经费(亿元) |",
                "研发强度(%) |",
                "2021 |",
                " 881.72  |",
                "|",
                "2022 |",
                "988.36 |",
                "3.43 |",
            ]
        ),
        "年份\tR&D经费(亿元)\t研发强度(%)\n2021\t\t3.12\n2022\t 988.36 \t3.43\n",
        "年份｜R&D经费(亿元)｜研发强度(%)\n2021｜881.72｜3.12\n2022｜988.36｜3.43\n",  # full-width bars
        "| 年份 |\n| R&D经费(亿元) |\n| 2021 |\n| 881.72 |\n| 2022 |\n| 988.36 |\n",  # bordered cell lines
    ]
    for text in layouts:
        fs = facts(text)
        assert fs, text
        for f in fs:
            assert text[f.char_start : f.char_end] == f.reported_text
            assert f.reported_text.rstrip("%") == f.reported_value
        for t in find_tables(text):
            for row in t.rows:
                for c in row:
                    assert c is None or text[c.start : c.end] == c.text


def test_ten_thousand_line_tables_are_read_whole():
    """A 10,001-line pipe table (20,000 facts) and a 10,003-line cell stream (5,000 facts):
    every cell read. How fast is a benchmark's question (tests/benchmarks/bench_tables.py),
    not a test's: a shared machine makes any time bound flaky."""
    text, cells = big_tables()
    assert (len(facts(text)), len(facts(cells))) == (20_000, 5_000)


CORPUS_317 = (
    Path(__file__).resolve().parents[4] / "shared" / "corpus" / "317_guangzhou_yearbook2023_table17-5_rd.txt"
)


@pytest.mark.skipif(not CORPUS_317.exists(), reason="the shared corpus is not beside this checkout")
def test_guangzhou_yearbook_table_17_5_corpus_sanity():
    """The one corpus-based sanity test: the Guangzhou yearbook table 17-5 (one
    cell per line, header fragments in Chinese and English, R&D personnel empty
    before 2009) gives 23 rd_expenditure and 23 rd_intensity facts, 2000..2022.
    The seed catalog is used as it is."""
    text = CORPUS_317.read_text(encoding="utf-8")
    ctx = DocumentContext(region_code="440100", covered_year=2022, published_year=2023)
    fs = table_facts(text, ctx, areas=AREAS)
    for code in ("rd_expenditure", "rd_intensity"):
        years = [f.period_year for f in fs if f.indicator_code == code]
        assert years == list(range(2000, 2023)), code
    by = {(f.indicator_code, f.period_year): f for f in fs}
    assert by["rd_expenditure", 2022].value == Decimal("98836000000")
    assert by["rd_intensity", 2022].value == Decimal("3.43")
    # head count (万人, none before 2009) and full-time equivalent (万人年) are two indicators
    personnel = [
        (f.indicator_code, f.period_year, f.reported_value, f.reported_unit)
        for f in fs
        if f.indicator_code in ("rd_personnel", "rd_personnel_fte") and f.period_year in (2008, 2009)
    ]
    assert sorted(personnel) == [
        ("rd_personnel", 2009, "9.07", "万人"),
        ("rd_personnel_fte", 2008, "4.80", "万人年"),
        ("rd_personnel_fte", 2009, "6.58", "万人年"),
    ]
    assert all(f.region_code == "440100" for f in fs)


def test_rendered_tr_rows_with_single_spaces():
    """The HTML reader renders a <tr> as one line, cells followed by a space."""
    text = "研发投入\n年份 R&D经费(亿元) 研发强度(%) \n2021 881.72 3.12 \n2022 988.36 3.43 \n"
    assert [(f.indicator_code, f.period_year, f.reported_value) for f in facts(text)] == [
        ("rd_expenditure", 2021, "881.72"),
        ("rd_intensity", 2021, "3.12"),
        ("rd_expenditure", 2022, "988.36"),
        ("rd_intensity", 2022, "3.43"),
    ]
    two = "年份 R&D经费(亿元)\n2021 881.72\n2022 988.36\n"
    assert [(f.period_year, f.reported_value) for f in facts(two)] == [(2021, "881.72"), (2022, "988.36")]
    # a caption with spaces above a pipe table is not its header
    text = "表1 2016年 研发\n地区 | R&D经费(亿元)\n福州 | 300.1\n厦门 | 200.2\n"
    (t,) = find_tables(text)
    assert (t.caption, t.columns) == ("表1 2016年 研发", ["地区", "R&D经费(亿元)"])


def test_serial_number_column_is_not_the_label():
    text = "序号 | 地区 | R&D经费(亿元)\n1 | 福州 | 300.1\n2 | 泉州 | 200.2\n"
    assert [(f.region_code, f.reported_value) for f in facts(text)] == [
        ("350100", "300.1"),
        ("350500", "200.2"),
    ]


def test_sub_annual_periods():
    text = (
        "指标 | 2023年1-6月 | 2023年上半年 | 2023年一季度 | 2023年5月\nR&D经费(亿元) | 100 | 100 | 50 | 20\n"
    )
    assert [(f.period_year, f.period_kind, f.period_months) for f in facts(text)] == [
        (2023, "months", 6),
        (2023, "half", 6),
        (2023, "quarter", 3),
    ]  # a single month is not read
    text = "年份 | R&D经费(亿元)\n2022年 | 900\n2023年1-9月 | 700\n"
    assert [(f.period_year, f.period_kind, f.period_months) for f in facts(text)] == [
        (2022, "year", 12),
        (2023, "months", 9),
    ]


def test_caption_names_the_indicator_of_a_table_of_areas_by_years():
    text = "各市R&D经费(亿元)\n地区 | 2021年 | 2022年\n福州 | 300 | 320\n厦门 | 200 | 210\n"
    assert [(f.indicator_code, f.region_code, f.period_year, f.value) for f in facts(text)] == [
        ("rd_expenditure", "350100", 2021, Decimal("30000000000")),
        ("rd_expenditure", "350100", 2022, Decimal("32000000000")),
        ("rd_expenditure", "350200", 2021, Decimal("20000000000")),
        ("rd_expenditure", "350200", 2022, Decimal("21000000000")),
    ]


def test_ratio_headers_name_their_subject_not_the_whole():
    text = (
        "年份 | R&D经费占GDP比重(%) | R&D经费与地区生产总值之比(%)\n2021 | 3.12 | 3.12\n2022 | 3.43 | 3.43\n"
    )
    assert {(f.indicator_code, f.measure) for f in facts(text)} == {("rd_intensity", "level")}


def test_markdown_table_rule_row_is_not_a_header():
    text = "| 年份 | R&D经费(亿元) |\n|---|:---:|\n| 2021 | 881.72 |\n| 2022 | 988.36 |\n"
    (t,) = find_tables(text)
    assert t.columns == ["年份", "R&D经费(亿元)"]
    assert [f.reported_value for f in facts(text)] == ["881.72", "988.36"]


def test_unit_in_the_cell():
    text = "地区 | R&D经费 | 研发强度\n福州 | 287.9亿元 | 2.5%\n厦门 | 3,100万元 | 3.1 %\n"
    fs = facts(text)
    assert [(f.value, f.reported_unit, f.reported_text, f.reported_value) for f in fs] == [
        (Decimal("28790000000"), "亿元", "287.9亿元", "287.9"),
        (Decimal("2.5"), "%", "2.5%", "2.5"),
        (Decimal("31000000"), "万元", "3,100万元", "3,100"),
        (Decimal("3.1"), "%", "3.1 %", "3.1"),
    ]


def test_several_tables_in_one_cell_stream():
    def table(title, years):
        cells = [f"{title} |", "|", "年份 |", "R&D经费(亿元) |", "研发强度(%) |"]
        for y in years:
            cells += [f"{y} |", f"{y - 1900}.5 |", "2.1 |"]
        return [*cells, "注:说明。 |", "|"]

    text = "\n".join(
        table("表1 主要年份研发投入", range(2000, 2006)) + table("表2 近年研发投入", range(2020, 2023))
    )
    tables = find_tables(text)
    assert [(t.caption, len(t.rows), t.rows[0][0].text) for t in tables] == [
        ("表1 主要年份研发投入", 6, "2000"),
        ("表2 近年研发投入", 3, "2020"),
    ]
    assert all(t.columns == ["年份", "R&D经费(亿元)", "研发强度(%)"] for t in tables)
    assert len(facts(text)) == 2 * (6 + 3)


def test_one_cell_per_line_without_pipes_and_a_unit_column():
    # a PDF's text layer: every cell on a line of its own, no separators; a 单位 column
    cells = ["表3 2022—2023年主要科技指标", "指标", "单位", "2022年", "2023年",
             "R&D经费", "亿元", "120.5", "135.2", "研发强度", "%", "2.41", "2.52"]  # fmt: skip
    text = "全市科技投入稳步增长。\n" + "\n".join(cells) + "\n以上数据为初步统计。\n"
    assert rows_of(facts(text)) == [
        ("rd_expenditure", 2022, "350000", "level", Decimal("12050000000")),
        ("rd_expenditure", 2023, "350000", "level", Decimal("13520000000")),
        ("rd_intensity", 2022, "350000", "level", Decimal("2.41")),
        ("rd_intensity", 2023, "350000", "level", Decimal("2.52")),
    ]


def test_a_few_short_lines_are_no_table():
    text = "首页\n机构概况\n2023\n12\n政务公开\n15\n联系我们\n"
    assert find_tables(text) == []


def test_a_self_check_table_with_category_columns_targets_and_outcomes():
    text = (
        "2023年部门整体支出绩效自评表\n"
        "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值\n"
        "产出指标 | 数量指标 | R&D经费 | ≥300亿元 | 312.5亿元\n"
        "效益指标 | 社会效益 | 研发强度 | ≥2.5% | 2.6%\n"
    )
    fs = facts(text)
    assert [(f.indicator_code, f.value_kind, f.comparator, f.value) for f in fs] == [
        ("rd_expenditure", "target", ">=", Decimal("30000000000")),
        ("rd_expenditure", "actual", "=", Decimal("31250000000")),
        ("rd_intensity", "target", ">=", Decimal("2.5")),
        ("rd_intensity", "actual", "=", Decimal("2.6")),
    ]
    assert fs[0].reported_text == "≥300亿元" == text[fs[0].char_start : fs[0].char_end]


def test_a_plan_table_column_of_a_year_ahead_is_a_target():
    text = "序号 | 指标 | 2022年 | 2025年 | 属性\n1 | 研发强度(%) | 2.1 | 2.8 | 预期性\n2 | R&D经费(亿元) | 80 | 150 | 预期性\n"
    ctx = DocumentContext(region_code="350000", covered_year=2022, published_year=2023)
    assert [(f.indicator_code, f.period_year, f.value_kind) for f in facts(text, ctx)] == [
        ("rd_intensity", 2022, "actual"),
        ("rd_intensity", 2025, "target"),
        ("rd_expenditure", 2022, "actual"),
        ("rd_expenditure", 2025, "target"),
    ]


def test_a_label_spread_out_to_the_column_width_is_one_cell():
    # a yearbook's alignment: 全  省 / 福　州　市 are one label each; the cells keep their offsets
    cells = ["地　　区", "R&D经费（亿元）", "研发强度（%）", "全  省", "900.5", "2.1",
             "福　州　市", "300.2", "2.3", "泉  州  市", "200.7", "1.9"]  # fmt: skip
    text = "\n".join(cells) + "\n"
    fs = facts(text)
    assert rows_of(fs) == [
        ("rd_expenditure", 2023, "350000", "level", Decimal("90050000000")),
        ("rd_intensity", 2023, "350000", "level", Decimal("2.1")),
        ("rd_expenditure", 2023, "350100", "level", Decimal("30020000000")),
        ("rd_intensity", 2023, "350100", "level", Decimal("2.3")),
        ("rd_expenditure", 2023, "350500", "level", Decimal("20070000000")),
        ("rd_intensity", 2023, "350500", "level", Decimal("1.9")),
    ]
    assert all(text[f.char_start : f.char_end] == f.reported_text for f in fs)
    # a pipe row's spread-out label too
    piped = "| 地区 | 研发强度(%) |\n|---|---|\n| 厦  门  市 | 3.2 |\n| 全  省 | 2.1 |\n"
    assert [f.region_code for f in facts(piped)] == ["350200", "350000"]
    # and in a row cut at runs of spaces, the leading single characters are one label
    spaced = "地  区    研发强度(%)\n全  省    2.1\n泉  州  市  1.9\n"
    (t,) = find_tables(spaced)
    assert t.columns == ["地  区", "研发强度(%)"]
    assert [(f.region_code, f.reported_text) for f in facts(spaced)] == [("350000", "2.1"), ("350500", "1.9")]
    assert all(spaced[c.start : c.end] == c.text for r in t.rows for c in r)


def test_a_title_line_above_the_header_fragments_is_the_caption():
    # the title is no column header: with it, the fragments outnumber the columns
    body = ["R&D经费(亿元)", "研发人员(万人)", "2021", "120.5", "3.2", "2022", "130.8", "3.5"]
    for head in (["全市科技发展主要数据", "年份"], ["近年全市科技发展主要数据", "说明见下", "年份"]):
        (t,) = find_tables("\n".join(head + body) + "\n")
        assert t.caption == " ".join(head[:-1])
        assert t.columns == ["年份", "R&D经费(亿元)", "研发人员(万人)"]
    # no label word: the surplus at the top is the title when every column has its unit
    (t,) = find_tables("\n".join(["近年全市科技发展主要数据", "年度数据", *body]) + "\n")
    assert (t.caption, t.columns) == (
        "近年全市科技发展主要数据",
        ["年度数据", "R&D经费(亿元)", "研发人员(万人)"],
    )
    assert [(f.indicator_code, f.period_year) for f in facts("\n".join(["全市科技发展主要数据", *body]))] == [
        ("rd_expenditure", 2021),
        ("rd_personnel", 2021),
        ("rd_expenditure", 2022),
        ("rd_personnel", 2022),
    ]


def test_a_title_above_year_columns_is_the_caption():
    # years are whole column headers too: the title does not take the first year's place
    cells = ["全市科技发展主要数据", "指标", "2022年", "2023年", "R&D经费(亿元)", "120.5", "130.8",
             "研发强度(%)", "2.4", "2.5"]  # fmt: skip
    (t,) = find_tables("\n".join(cells) + "\n")
    assert (t.caption, t.columns) == ("全市科技发展主要数据", ["指标", "2022年", "2023年"])
    assert [(f.indicator_code, f.period_year, f.reported_value) for f in facts("\n".join(cells))] == [
        ("rd_expenditure", 2022, "120.5"),
        ("rd_expenditure", 2023, "130.8"),
        ("rd_intensity", 2022, "2.4"),
        ("rd_intensity", 2023, "2.5"),
    ]


def test_a_serial_number_column_one_cell_per_line_is_dropped():
    cells = ["序号", "地区", "R&D经费(亿元)", "研发强度(%)", "1", "福州", "300.1", "2.3",
             "2", "厦门", "250.6", "3.1", "3", "泉州", "200.2", "1.9"]  # fmt: skip
    for text in ("\n".join(cells), "\n".join(f"{c} |" for c in cells)):
        (t,) = find_tables(text)
        assert t.columns == ["地区", "R&D经费(亿元)", "研发强度(%)"]
        assert [r[0].text for r in t.rows] == ["福州", "厦门", "泉州"]
        assert [(f.region_code, f.reported_value) for f in facts(text)] == [
            ("350100", "300.1"),
            ("350100", "2.3"),
            ("350200", "250.6"),
            ("350200", "3.1"),
            ("350500", "200.2"),
            ("350500", "1.9"),
        ]
    # a 1 that is a value (研发人员 1 万人) stays: serial numbers stand before labels
    text = "\n".join(["序号", "地区", "R&D人员(万人)", "1", "福州", "1", "2", "厦门", "2"])
    assert [(f.region_code, f.reported_value) for f in facts(text)] == [("350100", "1"), ("350200", "2")]


def test_a_row_or_column_of_the_whole_country_is_the_nation():
    text = "地区 | 研发强度(%)\n全国 | 2.6\n全  省 | 2.1\n合计 | 2.1\n福州 | 2.3\n"
    assert [f.region_code for f in facts(text)] == ["100000", "350000", "350000", "350100"]
    text = "指标 | 全国 | 全省 | 厦门\n研发强度(%) | 2.6 | 2.1 | 3.2\n"
    assert [f.region_code for f in facts(text)] == ["100000", "350000", "350200"]


def test_score_columns_of_a_self_check_are_skipped():
    text = (
        "三级指标 | 权重(%) | 年度指标值 | 实际完成值 | 自评得分\n"
        "研发强度 | 20 | ≥2.5% | 2.6% | 18.5\n"
        "技术合同 | 10 | 500项 | 520项 | 10\n"
    )
    assert [(f.indicator_code, f.reported_text, f.value_kind) for f in facts(text)] == [
        ("rd_intensity", "≥2.5%", "target"),
        ("rd_intensity", "2.6%", "actual"),
        ("tech_contracts", "500项", "target"),
        ("tech_contracts", "520项", "actual"),
    ]


def test_an_average_annual_growth_row_or_column_is_not_read():
    text = "指标 | 2020年 | 2025年\nR&D经费年均增长(%) | 9.5 | 10\n研发强度(%) | 2.1 | 2.5\n"
    ctx = DocumentContext(region_code="350000", covered_year=2020, published_year=2021)
    assert [(f.indicator_code, f.period_year, f.measure) for f in facts(text, ctx)] == [
        ("rd_intensity", 2020, "level"),
        ("rd_intensity", 2025, "level"),
    ]
    text = "地区 | R&D经费(亿元) | 比上年增长(%) | 年均增长(%)\n福州 | 300.1 | 8.2 | 9.9\n"
    assert [(f.reported_text, f.measure) for f in facts(text)] == [("300.1", "level"), ("8.2", "yoy_pct")]


def test_a_plan_tables_base_year_column_is_actual():
    # a 十五五 plan in a report covering 2025: 2025 is the base, 2030 the target
    ctx = DocumentContext(region_code="350000", covered_year=2025, published_year=2026)
    cells = ["“十五五”科技创新主要指标", "序号", "指标", "2025年", "2030年",
             "1", "研发强度(%)", "3.3", "3.6", "2", "R&D经费(亿元)", "1500", "2200"]  # fmt: skip
    assert [(f.indicator_code, f.period_year, f.value_kind) for f in facts("\n".join(cells), ctx)] == [
        ("rd_intensity", 2025, "actual"),
        ("rd_intensity", 2030, "target"),
        ("rd_expenditure", 2025, "actual"),
        ("rd_expenditure", 2030, "target"),
    ]
    # a column the header calls the base (基期, 现状值) is actual whatever its year
    text = "指标 | 2025年(基期) | 2030年\n研发强度(%) | 3.3 | 3.6\n"
    early = DocumentContext(region_code="350000", covered_year=2024, published_year=2025)
    assert [(f.period_year, f.value_kind) for f in facts(text, early)] == [(2025, "actual"), (2030, "target")]
    # so is the base year of a plan the caption names (十五五: 2026-2030, base 2025), even under 规划
    text = "“十五五”科技创新规划主要指标\n指标 | 2025年 | 2030年\n研发强度(%) | 3.3 | 3.6\n"
    assert [(f.period_year, f.value_kind) for f in facts(text, early)] == [(2025, "actual"), (2030, "target")]


def test_a_self_check_block_of_label_lines_is_a_table_of_one_row():
    text = (
        "（二）指标完成情况\n"
        "指标名称：研发强度\n"
        "目标值：≥2.5%\n"
        "完成值：2.6%\n"
        "完成率：104%\n"
        "指标名称：技术合同\n"
        "年度指标值：500项\n"
        "实际完成值：520项\n"
        "说明：各项指标均已完成。\n"
    )
    tables = find_tables(text)
    assert [(t.columns, [c.text for c in t.rows[0]]) for t in tables] == [
        (["指标名称", "目标值", "完成值", "完成率"], ["研发强度", "≥2.5%", "2.6%", "104%"]),
        (["指标名称", "年度指标值", "实际完成值"], ["技术合同", "500项", "520项"]),
    ]
    fs = facts(text)
    assert [(f.indicator_code, f.reported_text, f.value_kind, f.comparator) for f in fs] == [
        ("rd_intensity", "≥2.5%", "target", ">="),
        ("rd_intensity", "2.6%", "actual", "="),
        ("tech_contracts", "500项", "target", "="),
        ("tech_contracts", "520项", "actual", "="),
    ]
    assert all(text[f.char_start : f.char_end] == f.reported_text for f in fs)
    # label lines without a number, or prose after a colon, are no table
    assert find_tables("指标名称：研发强度\n完成情况：已完成\n") == []
    assert find_tables("指标：全市研发强度达到2.6%，比上年提高0.1个百分点。\n目标值：3%\n") == []
