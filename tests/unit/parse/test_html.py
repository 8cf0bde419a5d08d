"""HTML articles: main text among site clutter, metadata block kept."""

from __future__ import annotations

import datetime as dt

from orchestration.parse import parse_document
from orchestration.parse.html import extract_html

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>厦门市科学技术局2023年工作总结和2024年工作重点_计划总结_厦门市科学技术局</title>
<meta name="ArticleTitle" content="厦门市科学技术局2023年工作总结和2024年工作重点">
<meta name="PubDate" content="2024-02-18 17:04">
<style>.x{color:red}</style><script>var a = "预计3.3%";</script>
</head><body>
<div class="header"><a href="/">首页</a> <a href="/xxgk">政府信息公开</a> <a href="/kjxw">科技新闻</a></div>
<nav><ul><li><a href="/1">机构概况</a></li><li><a href="/2">政策法规</a></li><li><a href="/3">通知公告 2024年第12期</a></li></ul></nav>
<table class="xxgk-meta">
<tr><td>索 引 号:</td><td>09-09-2024-001</td><td>发布机构:</td><td>厦门市科学技术局</td></tr>
<tr><td>文号:</td><td>厦科〔2024〕9号</td><td>发布时间:</td><td>2024-02-18</td></tr>
</table>
<div class="main">
 <h1>厦门市科学技术局2023年工作总结和2024年工作重点</h1>
 <div class="tools">下载 | 打印 | 收藏 【字号：大 中 小】</div>
 <div id="zoom" class="TRS_Editor">
  <p>2023年，在市委、市政府的正确领导下，市科技局深入实施科技创新引领工程。</p>
  <p>一、总体进展</p>
  <p>全市R&amp;D经费投入强度预计3.3%。净增国家级高新技术企业超过600家。</p>
  <table><tr><td>指标</td><td>2023年</td></tr><tr><td>技术合同成交额（亿元）</td><td>173.58</td></tr></table>
 </div>
</div>
<div class="related"><h3>相关链接</h3><ul>
 <li><a href="/a">厦门市科技局2022年工作总结和2023年工作重点（2023-02-01）</a></li>
 <li><a href="/b">关于公布2023年度厦门市科技小巨人企业名单的通知</a></li></ul></div>
<footer>网站标识码:3502000032 闽ICP备20014390号-1 地址:厦门市虎园路2号 邮编:361003 电话:0592-1234567</footer>
</body></html>
"""


def test_main_text_and_no_clutter() -> None:
    doc = parse_document(PAGE.encode("utf-8"), source_uri="http://sti.xm.gov.cn/a/t20240218_1.htm")
    assert doc.media_type == "text/html"
    assert "全市R&D经费投入强度预计3.3%。" in doc.text
    assert "技术合同成交额（亿元） | 173.58" in doc.text  # a table row: one line, cells joined by " | "
    for junk in (
        "机构概况",
        "ICP",
        "邮编",
        "相关链接",
        "小巨人企业名单",
        "var a",
        "color:red",
        "打印",
        "字号",
    ):
        assert junk not in doc.text, junk
    assert doc.text.splitlines()[0] == "厦门市科学技术局2023年工作总结和2024年工作重点"


def test_metadata_block() -> None:
    doc = parse_document(PAGE.encode("utf-8"), source_uri="http://sti.xm.gov.cn/a/t20240218_1.htm")
    assert doc.title == "厦门市科学技术局2023年工作总结和2024年工作重点"
    assert doc.publisher == "厦门市科学技术局"
    assert doc.index_no == "09-09-2024-001"
    assert doc.doc_no == "厦科〔2024〕9号"
    assert doc.published_date == dt.date(2024, 2, 18)
    assert doc.region_code == "350200"
    assert doc.covered_year == 2023
    assert [s.section for s in doc.sentences if "600家" in s.text] == ["一、总体进展"]


def test_title_from_title_tag_and_density_without_known_container() -> None:
    html = """<html><head><title>2024年厦门市政府工作报告 - 厦门市人民政府</title></head><body>
    <div class="nav"><a href="/">首页</a><a href="/x">政务公开</a><a href="/y">走进厦门</a><a href="/z">互动交流</a></div>
    <div class="box"><div class="c1">
      <p>各位代表：现在，我代表市人民政府，向大会报告政府工作，请予审议。</p>
      <p>2023年，地区生产总值增长3.1%，固定资产投资增长0.5%，社会消费品零售总额增长2.9%。</p>
    </div></div>
    <div class="links"><a href="/1">2023年厦门市政府工作报告</a><a href="/2">2022年厦门市政府工作报告</a></div>
    </body></html>"""
    art = extract_html(html)
    assert art.title == "2024年厦门市政府工作报告"
    assert "地区生产总值增长3.1%" in art.text
    assert "2022年厦门市政府工作报告" not in art.text
    doc = parse_document(html.encode(), source_uri="report.html")
    assert doc.covered_year == 2023 and doc.region_code == "350200"


def test_html_detected_without_extension_or_media_type() -> None:
    html = "<html><body><div><p>厦门市统计局发布：全年地区生产总值7033.89亿元，比上年增长8.1%。</p></div></body></html>"
    doc = parse_document(html.encode(), source_uri="blob")
    assert doc.media_type == "text/html"
    assert doc.text == "厦门市统计局发布：全年地区生产总值7033.89亿元，比上年增长8.1%。"


def test_traditional_html_page() -> None:
    html = "<html><body><div id='zoom'><p>廈門市統計局：全年地區生產總值7033.89億元，比上年增長8.1%。</p></div></body></html>"
    doc = parse_document(html.encode("big5hkscs"), source_uri="a.htm", media_type="text/html; charset=big5")
    assert doc.script == "traditional"
    assert "地区生产总值7033.89亿元" in doc.text


def test_pathological_nesting_is_flattened_quickly():
    import time

    from orchestration.parse.html import MAX_NESTING, extract_html, nesting_depth

    deep = (
        "<html><body>"
        + "<div>" * 100_000
        + "全市R&D经费投入强度预计3.3%。"
        + "</div>" * 100_000
        + "</body></html>"
    )
    assert nesting_depth(deep) > MAX_NESTING
    t0 = time.monotonic()
    art = extract_html(deep)
    assert time.monotonic() - t0 < 10
    assert "3.3%" in art.text


def test_ordinary_pages_keep_their_structure():
    from orchestration.parse.html import flatten_deep_nesting

    page = "<html><body><div id='content'><p>第一段。</p><div><p>第二段。</p></div></div></body></html>"
    assert flatten_deep_nesting(page) == page
