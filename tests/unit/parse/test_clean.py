"""Clutter removal on the real corpus files and on small realistic snippets."""

from __future__ import annotations

import pytest

from orchestration.parse import parse_document
from orchestration.parse.clean import clean_text, remove_pinyin
from tests.unit._parse_helpers import corpus


def _doc(prefix: str):
    path = corpus(prefix)
    return parse_document(path.read_bytes(), source_uri=str(path))


def test_government_site_clutter_removed_000() -> None:
    doc = _doc("000")
    text = doc.text
    for junk in (
        "网站标识码",
        "ICP备",
        "邮编",
        "扫一扫",
        "附件下载",
        "相关解读",
        "网站地图",
        "索 引 号",
        "公文生成日期",
        "时间:2024-02-18",
    ):
        assert junk not in text, junk
    assert text.startswith("厦门市科学技术局2023年工作总结和2024年工作重点\n2023年,在市委")
    assert "全市R&D经费投入强度预计3.3%。" in text
    assert text.rstrip().endswith("建设新型研发机构或技术转移机构。")


def test_nav_clutter_removed_024() -> None:
    text = _doc("024").text
    first = text.splitlines()[:3]
    assert first == [
        "2026年福建省政府工作报告",
        "——2026年1月27日在福建省第十四届人民代表大会第四次会议上",
        "福建省人民政府省长 赵龙",
    ]
    lines = set(text.splitlines())
    for junk in (
        "下载",
        "打印",
        "全屏",
        "收藏",
        "【字号：",
        "加大",
        "还原",
        "减小",
        "】",
        "来源：福建日报",
        "相关报道：",
    ):
        assert junk not in lines, junk
    assert "国家高新技术企业超1.5万家" in text


def test_forum_clutter_removed_010() -> None:
    text = _doc("010").text
    for junk in (
        "设为首页",
        "收藏本站",
        "查看:",
        "复制链接",
        "签到天数",
        "积分",
        "Rank:",
        "发表于",
        "以坛为家",
        "TA的每日心情",
        "145312",
        "版主",
        "[福建]",
    ):
        assert junk not in text, junk
    assert text.startswith("2024年厦门市政府工作报告\n")
    assert "地区生产总值增长3.1%" in text
    assert "厦门市人民政府市长 黄文辉" in text


def test_pdf_page_counters_removed_and_words_rejoined_005() -> None:
    text = _doc("005").text
    assert "1、" not in text[:5] and not text.startswith("1")
    assert text.startswith("厦门市科学技术局 2016 年科技创新工作总结")
    # page breaks fell inside 科技|研发 and 管理体|制机制
    assert "基于“ 发展基础、科技研发、产业化”" in text
    assert "创新科技管理体制机制" in text
    assert "\n2、" not in text and "\n3、" not in text


def test_pinyin_removed_and_converted_006() -> None:
    doc = _doc("006")
    assert "(tǒng)" not in doc.text and "ǎ" not in doc.text
    assert "(GDP)" in doc.text  # ordinary bracketed Latin text is kept
    assert doc.text.startswith("厦门市统计局 国家统计局厦门调查队\n(2022年3月22日)\n2021年,全市始终以习近平")
    assert "地区生产总值(GDP)7033.89亿元" in doc.text


def test_remove_pinyin_rules() -> None:
    assert remove_pinyin("統(tǒng)計(jì)局") == "統計局"
    assert (
        remove_pinyin("綜合（zōng hé）") == "綜合（zōng hé）"
    )  # two syllables with a space: not our pattern
    assert remove_pinyin("生產總值(GDP)和(ONCE)") == "生產總值(GDP)和(ONCE)"
    assert remove_pinyin("abc(lǐ)") == "abc(lǐ)"  # only after a Chinese character
    assert remove_pinyin("增长(km)") == "增长(km)"  # no tone mark: not pinyin


@pytest.mark.parametrize(
    "line",
    [
        "下载",
        "打印",
        "收藏",
        "【字号：",
        "网站地图|联系我们",
        "上一篇：关于公布名单的通知",
        "- 3 -",
        "第 2 页 共 10 页",
        "分享到：",
        "Rank: 7Rank: 7",
    ],
)
def test_single_clutter_lines(line: str) -> None:
    assert clean_text(f"厦门市科技局工作总结\n{line}\n全市R&D经费投入强度预计3.3%。") == (
        "厦门市科技局工作总结\n全市R&D经费投入强度预计3.3%。"
    )


def test_bbcode_tags_removed() -> None:
    raw = "[size=4][b]2024年厦门市政府工作报告[/b][/size]\n[color=#333]地区生产总值增长3.1%。[/color][img]http://x/y.png[/img]"
    assert clean_text(raw) == "2024年厦门市政府工作报告\n地区生产总值增长3.1%。"


def test_full_width_digits_are_kept() -> None:
    raw = "全市技术合同成交额１７３.５８亿元。"
    assert clean_text(raw) == raw  # no NFKC: the extractor folds digits itself


def test_zero_width_characters_and_soft_hyphens_go_everywhere():
    raw = "全年技术合同成交额1\u200b73.58亿\u00ad元，同比\ufeff增长\u2060\u200c\u200d29.34%。"
    assert clean_text(raw) == "全年技术合同成交额173.58亿元，同比增长29.34%。"
