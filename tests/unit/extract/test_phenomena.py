"""One test per phenomenon of the genre, with sentences written for the test (never copied
from the corpus): what a number is, whose it is, which year, which kind, which indicator."""

from decimal import Decimal

import pytest

from orchestration.extract import DocumentContext, extract_facts
from orchestration.extract.attribution import scope_of

# a city report covering 2024, published 2025 (a work summary or government work report)
CITY = DocumentContext(region_code="350200", covered_year=2024, published_year=2025)
PROVINCE = DocumentContext(region_code="350000", covered_year=2024, published_year=2025)


def mapped(text, ctx=CITY):
    return [f for f in extract_facts(text, ctx) if f.indicator_code]


def one(text, reported, ctx=CITY):
    fs = [f for f in extract_facts(text, ctx) if f.reported_text == reported]
    assert len(fs) == 1, fs
    return fs[0]


# ---- quantities ---------------------------------------------------------------------------


def test_stated_currency_is_kept_never_relabelled_by_the_catalog():
    f = one("全市实际使用外资12.3亿美元，增长5%。", "12.3亿美元")
    assert (f.unit, f.value) == ("USD", Decimal("1230000000"))


def test_growth_in_times_is_percent():
    f = one("全市研发投入增长1.2倍。", "1.2倍")
    assert (f.indicator_code, f.measure, f.value) == ("rd_expenditure", "yoy_pct", Decimal("120"))


def test_a_bound_naming_a_group_is_not_a_statement():
    f = one("研发投入超过百亿元的企业有3家。", "百亿元")
    assert f.indicator_code is None and "threshold" in f.rule


# ---- structure: lists, 分别, tables -------------------------------------------------------------


def test_respectively_over_areas_gives_each_area_its_number():
    fs = mapped("福州、厦门、泉州三市研发投入分别为165.3亿元、153.2亿元和87.7亿元。", PROVINCE)
    assert [(f.region_code, f.value) for f in fs] == [
        ("350100", Decimal("16530000000.0")),
        ("350200", Decimal("15320000000.0")),
        ("350500", Decimal("8770000000.0")),
    ]
    assert {f.indicator_code for f in fs} == {"rd_expenditure"}


def test_respectively_over_groups_of_one_indicator_are_parts_not_the_indicator():
    fs = extract_facts("营收十亿、亿元以上高新技术企业数量分别增长13%和8%。", CITY)
    assert [f.indicator_code for f in fs] == [None, None]


def test_inline_list_of_areas_in_brackets():
    text = "研发投入超过百亿元的设区市有4个,依次为南京(645.3亿元)、无锡(487.5亿元)。"
    fs = mapped(text, DocumentContext(region_code="320000", covered_year=2022))
    assert [(f.indicator_code, f.region_code, f.value) for f in fs] == [
        ("rd_expenditure", "320100", Decimal("64530000000.0")),
        ("rd_expenditure", "320200", Decimal("48750000000.0")),
    ]


def test_table_cells_are_read_by_column_and_row_not_as_prose():
    text = "表1 研发投入情况\n年份 | 研发投入(亿元) | 研发强度(%)\n2022 | 120.5 | 2.1\n2023 | 130.0 | 2.3\n"
    fs = mapped(text)
    got = {(f.indicator_code, f.period_year, f.value) for f in fs}
    assert got == {
        ("rd_expenditure", 2022, Decimal("12050000000.0")),
        ("rd_expenditure", 2023, Decimal("13000000000.0")),
        ("rd_intensity", 2022, Decimal("2.1")),
        ("rd_intensity", 2023, Decimal("2.3")),
    }
    assert all(f.rule == "table_cell" for f in fs)


def test_sentence_index_points_into_the_parsers_sentences():
    from orchestration.text.sentences import split_sentences

    text = "一、总体情况\n全年技术合同成交额80亿元。研发投入增长10%。\n高新技术企业总数达到500家。"
    sents = split_sentences(text)
    for f in extract_facts(text, CITY):
        s = sents[f.sentence_index]
        assert s.start <= f.char_start < s.end


# ---- attribution: area and scope ---------------------------------------------------------------


def test_the_whole_country_is_100000():
    f = one("全国R&D经费投入36000亿元，全省占全国的5%。", "36000亿元", PROVINCE)
    assert f.region_code == "100000"
    assert one("全国R&D经费投入36000亿元，全省占全国的5%。", "5%", PROVINCE).region_code == "350000"


def test_a_part_of_the_economy_is_not_the_areas_indicator():
    for text, reported in [
        ("省属企业研发投入33.5亿元，增长10.3%。", "33.5亿元"),
        ("厦门大学研发投入10亿元。", "10亿元"),
        ("东部地区研发投入为548.4亿元,占全省研发投入的66.4%。", "548.4亿元"),
    ]:
        f = one(text, reported, PROVINCE)
        assert f.indicator_code is None and f.rule.endswith("+scope"), (text, f)


def test_scope_words_are_read_at_the_clause_head_only():
    assert scope_of("省属企业完成研发投入") == "省属企业"
    assert scope_of("全市研发投入") is None
    assert scope_of("新引进天津大学某研究院等", "新型研发机构") is None  # a name, not the owner


# ---- attribution: period -------------------------------------------------------------------------


def test_an_explicit_year_after_the_subject_dates_it_and_a_future_year_is_a_target():
    f = one("技术合同成交额2030年达到600亿元。", "600亿元")
    assert (f.period_year, f.value_kind, f.comparator) == (2030, "target", ">=")


def test_to_a_year_opens_a_goal():
    f = one("力争到2030年，全社会研发经费投入强度达到3.5%。", "3.5%")
    assert (f.indicator_code, f.period_year, f.value_kind) == ("rd_intensity", 2030, "target")


def test_from_to_span_dates_each_end():
    text = "高新技术企业从2019年的1919家增长到2024年的5000家。"
    a, b = one(text, "1919家"), one(text, "5000家")
    assert (a.period_year, b.period_year) == (2019, 2024)
    assert a.value_kind == b.value_kind == "actual"  # 到2024年 in a report on 2024 is no goal
    c = one("研发投入由2015年的73.7亿元提高到120.9亿元。", "120.9亿元")
    assert (c.indicator_code, c.period_year) == ("rd_expenditure", 2024)  # the to-value: the covered year


def test_plan_span_paragraph_gives_its_end_year_and_multi_year_growth_is_not_yoy():
    text = "“十三五”期间，全市研发投入达到120亿元；技术合同成交额增长3倍。"
    level = one(
        text, "120亿元", DocumentContext(region_code="350200", covered_year=None, published_year=2022)
    )
    assert level.period_year == 2020
    growth = one(text, "3倍", DocumentContext(region_code="350200", covered_year=None, published_year=2022))
    assert growth.indicator_code is None


def test_five_years_summary_growth_is_not_yoy():
    f = one("五年来，我们坚持创新驱动，技术合同成交额增长6.4倍。", "6.4倍")
    assert f.indicator_code is None


def test_growth_against_an_older_base_year_is_not_yoy():
    text = "技术合同成交额较2020年增长50%，比2023年增长10%。"
    assert one(text, "50%").indicator_code is None
    f = one(text, "10%")
    assert (f.indicator_code, f.measure, f.period_year) == ("tech_contract_value", "yoy_pct", 2024)


def test_sub_annual_figures_are_not_the_years_value():
    f = one("上半年，技术合同成交额80亿元，增长10%。", "80亿元")
    assert (f.period_kind, f.period_months, f.period_year) == ("half", 6, 2024)


# ---- attribution: kind ------------------------------------------------------------------------


def test_estimate_cue_governs_its_sentence():
    f = one("全市R&D经费投入强度预计3.3%。", "3.3%")
    assert (f.value_kind, f.indicator_code) == ("estimate", "rd_intensity")


# ---- indicator matching ---------------------------------------------------------------------------


def test_stock_vs_flow():
    text = "新增科技型中小企业300家，入库科技型中小企业达到2000家；净增高新技术企业500家，总数超过5000家。"
    got = {f.reported_text: f.indicator_code for f in extract_facts(text, CITY)}
    assert got["300家"] is None  # gross additions to a stock: no core code
    assert got["2000家"] == "tech_smes"
    assert got["500家"] == "hitech_enterprises_net_new"
    assert got["5000家"] == "hitech_enterprises"


def test_a_noun_after_the_alias_is_what_is_counted():
    text = "建设9个科技特派员工作站等载体，科技特派员人数达到1418人。"
    assert one(text, "9个").indicator_code is None
    assert one(text, "1418人").indicator_code == "sti_commissioners"


def test_ratio_to_gdp_wordings_are_the_intensity():
    for text in [
        "全社会研发经费支出相当于全市生产总值的比例达到4.5%左右。",
        "R&D经费投入强度(与全省地区生产总值之比)为3.12%。",
        "R&D占GDP比重为2.87%。",
    ]:
        fs = mapped(text)
        assert [f.indicator_code for f in fs] == ["rd_intensity"], text


def test_a_share_of_the_larger_total_is_share_pct():
    f = one("全市研发投入100亿元，占全省研发投入的30%。", "30%")
    assert (f.indicator_code, f.measure) == ("rd_expenditure", "share_pct")


def test_the_ratio_of_a_narrower_subject_is_not_the_intensity():
    f = one("其中规上工业企业研发投入占比60%左右。", "60%")
    assert f.indicator_code != "rd_intensity"


def test_catalog_excludes_balances_and_one_direction_of_trade():
    text = "科技型企业贷款余额100亿元，新增发放科技信用贷款20亿元；吸纳技术合同成交额50亿元。"
    got = {f.reported_text: f.indicator_code for f in extract_facts(text, CITY)}
    assert got == {"100亿元": None, "20亿元": "tech_loans", "50亿元": None}


def test_a_from_value_without_a_year_is_the_year_before_or_before_the_span():
    text = "研发投入强度由2.1%提高到2.6%。"
    assert (one(text, "2.1%").period_year, one(text, "2.6%").period_year) == (2023, 2024)
    text = "五年来，研发投入强度由1.8%提高到2.6%。"
    assert (one(text, "1.8%").period_year, one(text, "2.6%").period_year) == (2019, 2024)


def test_area_words_do_not_make_a_longer_alias():
    f = one("全省高新技术企业突破1.5万家。", "1.5万家", PROVINCE)
    assert f.indicator_code == "hitech_enterprises"  # not 省高新技术企业 (provincial ones)


def test_chinese_numerals_and_rank_positions():
    assert one("技术合同成交额三百二十亿元。", "三百二十亿元").value == Decimal("32000000000")
    f = one("在全球百强科技集群排名中上升3位至第25位。", "第25位")
    assert (f.indicator_code, f.measure, f.value) == ("wipo_cluster_rank", "level", Decimal("25"))


def test_respectively_over_areas_named_in_an_earlier_clause():
    text = "研发投入强度超过全省平均水平的有绵阳、成都2个市，分别为6.6%和2.5%。"
    fs = mapped(text, DocumentContext(region_code="510000", covered_year=2016))
    assert [(f.indicator_code, f.region_code, f.value) for f in fs] == [
        ("rd_intensity", "510700", Decimal("6.6")),
        ("rd_intensity", "510100", Decimal("2.5")),
    ]


def test_stock_words_between_subject_and_number():
    f = one("全市科技型中小企业评价入库1.5万家，有效期内高新技术企业达到3000家。", "1.5万家")
    assert f.indicator_code == "tech_smes"


def test_from_to_counts_in_a_plan_span():
    text = "“十四五”时期，高新技术企业数量从1.2万家增加到2.5万家。"
    ctx = DocumentContext(region_code="350000", covered_year=2025, published_year=2026)
    a, b = one(text, "1.2万家", ctx), one(text, "2.5万家", ctx)
    assert (a.indicator_code, a.period_year) == ("hitech_enterprises", 2020)
    assert (b.indicator_code, b.period_year) == ("hitech_enterprises", 2025)


def test_cumulative_totals_of_a_flow_are_not_the_years_flow():
    f = one("十四五以来，累计培育高新技术企业3000家，累计引进新型研发机构40家。", "40家")
    assert f.indicator_code is None and f.rule.endswith("+multi_year")


def test_a_goals_section_of_a_coming_plan_gives_its_end_year():
    text = (
        "一、2025年工作回顾\n全年技术合同成交额500亿元。\n"
        "二、“十五五”时期主要目标\n全社会研发经费投入强度达到3%。\n"
        "三、2026年工作安排\n技术合同成交额增长10%。"
    )
    ctx = DocumentContext(region_code="350000", covered_year=2025, published_year=2026)
    got = [(f.indicator_code, f.period_year, f.value_kind) for f in mapped(text, ctx)]
    assert got == [
        ("tech_contract_value", 2025, "actual"),
        ("rd_intensity", 2030, "target"),
        ("tech_contract_value", 2026, "target"),
    ]


def test_a_number_naming_a_target_is_the_target():
    f = one("圆满完成年初确定的技术合同成交额增长10%的目标任务。", "10%")
    assert (f.indicator_code, f.value_kind, f.period_year) == ("tech_contract_value", "target", 2024)


def test_an_alias_in_the_denominator_is_not_the_subject():
    f = one("这9个行业的经费占全部规模以上工业企业研发经费的比重为74.9%。", "74.9%")
    assert f.indicator_code is None


def test_the_sentence_topic_is_inherited_by_list_items_of_areas_only():
    text = "科技特派员制度等改革影响力持续扩大，综合改革试点形成80项成果，6组10家国企实现重组。"
    assert not mapped(text)


# ---- written for this round's probes: verbs after 分别, parts, reach of a dated number ---------


def test_respectively_before_the_verb_and_the_indicator():
    fs = mapped("莆田、三明、南平分别净增高新技术企业120家、85家和64家。", PROVINCE)
    assert [(f.region_code, f.indicator_code, f.value) for f in fs] == [
        ("350300", "hitech_enterprises_net_new", Decimal("120")),
        ("350400", "hitech_enterprises_net_new", Decimal("85")),
        ("350700", "hitech_enterprises_net_new", Decimal("64")),
    ]


def test_a_part_after_qizhong_is_not_the_indicator_again():
    fs = mapped("全年技术合同成交额96.4亿元，增长12%，其中技术开发合同成交额40.2亿元。")
    assert [(f.indicator_code, f.measure, f.value) for f in fs] == [
        ("tech_contract_value", "level", Decimal("9640000000.0")),
        ("tech_contract_value", "yoy_pct", Decimal("12")),
    ]


def test_an_exclusion_word_in_the_next_clause_does_not_exclude():
    f = one("全年发放科技信用贷款31.5亿元，贷款余额87亿元。", "31.5亿元")
    assert (f.indicator_code, f.value) == ("tech_loans", Decimal("3150000000.0"))
    assert one("全年发放科技信用贷款31.5亿元，贷款余额87亿元。", "87亿元").indicator_code is None


def test_a_change_verb_after_a_count_is_not_its_noun():
    fs = mapped("全市高新技术企业由1100家增至1850家。")
    assert [(f.indicator_code, f.period_year, f.value) for f in fs] == [
        ("hitech_enterprises", 2023, Decimal("1100")),
        ("hitech_enterprises", 2024, Decimal("1850")),
    ]


def test_a_year_inside_a_clause_dates_its_number_only():
    # in a five-year summary: 到2024年的 dates the 410亿元; the next clause's change is over the span
    fs = mapped("五年来，全市研发投入从2019年的230亿元增加到2024年的410亿元，研发投入强度提高0.5个百分点。")
    assert [(f.indicator_code, f.measure, f.period_year) for f in fs] == [
        ("rd_expenditure", "level", 2019),
        ("rd_expenditure", "level", 2024),
    ]


def test_an_industry_is_a_part_of_the_economy():
    fs = extract_facts("分产业部门看，装备制造业R&D经费86.2亿元。", PROVINCE)
    assert [f.indicator_code for f in fs] == [None]


def test_the_last_list_item_after_he_is_an_item_too():
    fs = mapped(
        "R&D经费超过百亿元的有3个市，分别为福州市(165.3亿元)、厦门市(153.2亿元)和泉州市(107.7亿元)。",
        PROVINCE,
    )
    assert [f.region_code for f in fs] == ["350100", "350200", "350500"]


def test_a_modifier_leads_its_list_unless_an_item_says_it_is_a_stock():
    fs = extract_facts("全年新增省级重点实验室12个、高新技术企业310家。", CITY)
    # 310 new ones: the gross additions, never the stock
    assert [f.indicator_code for f in fs] == [None, "hitech_enterprises_new"]
    fs = mapped("高新技术企业净增310家、总数达2650家。")
    assert [(f.indicator_code, f.value) for f in fs] == [
        ("hitech_enterprises_net_new", Decimal("310")),
        ("hitech_enterprises", Decimal("2650")),
    ]


def test_a_named_science_and_technology_cluster_rank():
    f = one("福州—莆田科技集群位居全球第87位。", "第87位", PROVINCE)
    assert (f.indicator_code, f.value) == ("wipo_cluster_rank", Decimal("87"))


def test_a_sentence_opening_with_qizhong_breaks_down_the_one_before():
    fs = mapped("全省R&D经费投入1320亿元。其中，福州412.6亿元、厦门366.1亿元。", PROVINCE)
    assert [(f.region_code, f.indicator_code, f.value) for f in fs] == [
        ("350000", "rd_expenditure", Decimal("132000000000")),
        ("350100", "rd_expenditure", Decimal("41260000000.0")),
        ("350200", "rd_expenditure", Decimal("36610000000.0")),
    ]


def test_a_clause_naming_no_area_is_about_the_area_before_it():
    fs = mapped("福州市研发经费投入412.6亿元，投入强度2.9%。", PROVINCE)
    assert [(f.region_code, f.indicator_code) for f in fs] == [
        ("350100", "rd_expenditure"),
        ("350100", "rd_intensity"),
    ]


def test_respectively_over_two_indicators_joined_by_he():
    fs = mapped("研发经费投入和技术合同成交额分别达到212亿元、96亿元。")
    assert [(f.indicator_code, f.value) for f in fs] == [
        ("rd_expenditure", Decimal("21200000000")),
        ("tech_contract_value", Decimal("9600000000")),
    ]


def test_zhanbi_is_a_share_word_not_a_comparison_base():
    fs = mapped("每万人口发明专利拥有量、高新技术产业增加值占比分别提高到21.4件、38.5%。")
    assert [(f.indicator_code, f.value) for f in fs] == [
        ("invention_patents_per_10k", Decimal("21.4")),
        ("hitech_industry_va_share", Decimal("38.5")),
    ]


def test_shou_po_is_more_than():
    f = one("全市技术合同成交额首破百亿元。", "百亿元")
    assert (f.indicator_code, f.comparator) == ("tech_contract_value", ">")


def test_raise_to_in_a_target_is_at_least():
    text = "2025年工作重点\n研发投入强度提升至3.3%，高新技术企业增至3000家。\n"
    assert [(f.indicator_code, f.value_kind, f.comparator) for f in mapped(text)] == [
        ("rd_intensity", "target", ">="),
        ("hitech_enterprises", "target", ">="),
    ]
    f = one("全市研发投入强度提高到3.1%。", "3.1%")  # an actual statement: the value reached
    assert (f.value_kind, f.comparator) == ("actual", "=")


def test_a_group_of_enterprises_owning_the_subject_is_a_part():
    assert mapped("科技型中小企业技术合同成交额31亿元。") == []
    # (企业研发投入 is an indicator of its own, never the area's R&D)
    assert [f.indicator_code for f in mapped("全市企业研发投入增长16%。")] == ["enterprise_rd_expenditure"]
    # a list of groups counted, each its own indicator
    fs = mapped("高新技术企业和科技型中小企业分别达到1350家和2890家。")
    assert [f.indicator_code for f in fs] == ["hitech_enterprises", "tech_smes"]


def test_a_ratio_to_gdp_written_yu_zhi_bi_is_the_intensity():
    f = one("全市R&D经费支出与地区生产总值之比为3.05%。", "3.05%")
    assert (f.indicator_code, f.measure, f.value) == ("rd_intensity", "level", Decimal("3.05"))


def test_a_share_after_a_ratio_is_a_share_of_the_whole_it_names():
    fs = mapped("全市R&D经费投入120亿元，研发投入强度2.5%，占全省R&D经费的15.2%。")
    assert [(f.indicator_code, f.measure) for f in fs] == [
        ("rd_expenditure", "level"),
        ("rd_intensity", "level"),
        ("rd_expenditure", "share_pct"),
    ]


def test_the_next_year_opening_that_names_the_coming_plan_is_the_next_year():
    text = (
        "二、“十五五”时期主要目标\n到2030年，研发投入强度达到3.5%。\n"
        "三、2025年主要工作\n2025年是“十五五”规划谋篇之年。技术合同成交额突破300亿元。\n"
    )
    assert [(f.indicator_code, f.period_year, f.value_kind) for f in mapped(text)] == [
        ("rd_intensity", 2030, "target"),
        ("tech_contract_value", 2025, "target"),
    ]


def test_statistical_terms_for_rd_and_contract_turnover():
    assert [f.indicator_code for f in mapped("全市R&D经费内部支出186.2亿元。")] == ["rd_expenditure"]
    assert [f.indicator_code for f in mapped("全年技术交易成交额41.8亿元。")] == ["tech_contract_value"]


def test_the_production_and_construction_corps_is_not_the_provinces_indicator():
    ctx = DocumentContext(region_code="650000", covered_year=2025, published_year=2026)
    assert mapped("兵团研发经费投入增长12%。", ctx) == []


def test_relative_years_opening_a_clause():
    # CITY: a report covering 2024, published 2025
    assert one("上年全市研发投入强度为2.9%。", "2.9%").period_year == 2023
    assert one("去年，全市技术合同成交额达到180亿元。", "180亿元").period_year == 2024
    assert one("全市技术合同成交额比上年增长12%。", "12%").period_year == 2024  # a comparison


def test_a_region_across_areas_is_not_the_reports_area():
    for text in (
        "粤港澳大湾区研发投入强度达到3.5%。",
        "长三角地区技术合同成交额增长20%。",
        "成渝地区双城经济圈研发投入增长15%。",
    ):
        assert mapped(text, PROVINCE) == [], text


def test_the_first_list_item_after_its_topic_and_a_superlative_carry_their_areas():
    fs = mapped("研发投入强度排名前三的区分别为思明区(4.1%)、湖里区(3.9%)和集美区(3.2%)。")
    assert [f.region_code for f in fs] == ["350203", "350206", "350211"]
    assert one("研发投入强度最高的是湖里区，达到4.5%。", "4.5%").region_code == "350206"


def test_a_bound_that_members_pass_is_no_statement():
    f = one("全市6个区中，有4个研发投入强度超过3%。", "3%")
    assert f.indicator_code is None and "threshold" in f.rule


def test_a_percent_of_an_average_elsewhere_is_no_level():
    f = one("全市单位地区生产总值能耗约为全省平均水平的82%。", "82%")
    assert f.indicator_code is None and "relative" in f.rule


@pytest.mark.parametrize("heading", ["三、做好2025年政府工作", "二、2025年工作任务", "关于2025年工作"])
def test_a_heading_naming_the_coming_years_work_opens_its_plan(heading):
    f = one(f"{heading}\n全市研发投入强度达到3.2%。\n", "3.2%")
    assert (f.period_year, f.value_kind, f.comparator) == (2025, "target", ">=")


def test_a_flow_stated_bare_over_a_span_is_its_total():
    text = "五年来，全市登记技术合同2.1万项，技术合同成交额累计超过500亿元。五年来，技术合同成交额达到126亿元。\n"
    fs = mapped(text)
    # 2.1万项 over five years is no year's count; 达到 a level is the span's last year's
    assert [(f.indicator_code, f.period_year, f.value) for f in fs] == [
        ("tech_contract_value", 2024, Decimal("12600000000")),
    ]


def test_growth_after_a_from_year_is_since_that_year():
    fs = mapped("全市技术合同成交额由2019年的32亿元增加到2024年的98亿元，增长2倍。")
    assert [(f.period_year, f.measure) for f in fs] == [(2019, "level"), (2024, "level")]


def test_a_plan_period_compared_with_is_no_span():
    f = one("国家高新技术企业数量较“十三五”末翻一番，达到1.2万家。", "1.2万家")
    assert (f.indicator_code, f.period_year) == ("hitech_enterprises", 2024)
