"""Sentences: offsets slice back exactly; terminators, closing quotes, line breaks; section headings."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orchestration.parse import parse_document
from orchestration.text.sentences import heading_level, split_sentences
from tests.unit._parse_helpers import CORPUS


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name[:3])
def test_offsets_slice_back_on_corpus(path) -> None:  # noqa: ANN001
    doc = parse_document(path.read_bytes(), source_uri=str(path))
    assert doc.sentences
    prev_end = 0
    for i, s in enumerate(doc.sentences):
        assert s.index == i
        assert doc.text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert s.start >= prev_end
        prev_end = s.end


def test_split_rules() -> None:
    text = "一、总体进展\n全市R&D经费投入强度预计3.3%。净增企业超过600家！是否达标？“苏颂工程”成效显著。”下一句;再一句\n（一）加快建设科学城。建设提速。\n1. 强化项目；完成\n二、工作重点\n力争2024年达3.4%"
    sents = split_sentences(text)
    got = [(s.text, s.section) for s in sents]
    assert got == [
        ("一、总体进展", "一、总体进展"),
        ("全市R&D经费投入强度预计3.3%。", "一、总体进展"),
        ("净增企业超过600家！", "一、总体进展"),
        ("是否达标？", "一、总体进展"),
        ("“苏颂工程”成效显著。”", "一、总体进展"),
        ("下一句;", "一、总体进展"),
        ("再一句", "一、总体进展"),
        ("（一）加快建设科学城。", "（一）加快建设科学城"),
        ("建设提速。", "（一）加快建设科学城"),
        ("1. 强化项目；", "1. 强化项目"),
        ("完成", "1. 强化项目"),
        ("二、工作重点", "二、工作重点"),
        ("力争2024年达3.4%", "二、工作重点"),
    ]
    assert all(text[s.start : s.end] == s.text for s in sents)


def test_decimal_points_and_ratios_do_not_split() -> None:
    sents = split_sentences("三次产业结构为0.4∶41.0∶58.6。增长3.3%.")
    assert [s.text for s in sents] == ["三次产业结构为0.4∶41.0∶58.6。", "增长3.3%."]


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("一、总体进展", 1),
        ("十二、其他", 1),
        ("（二）加快建设", 2),
        ("(三)深化改革", 2),
        ("第二章 总则", 1),
        ("3. 项目", 3),
        ("（4）项目", 3),
        ("3.3%的增长", None),
        ("三次产业", None),
        ("2023年", None),
    ],
)
def test_heading_levels(line: str, level: int | None) -> None:
    assert heading_level(line) == level


@given(
    st.text(alphabet=st.sampled_from(list("。！？；!?;\n 　”)a中3.、（一）二")), max_size=80)
    | st.text(max_size=80)
)
def test_offsets_always_slice_back(text: str) -> None:
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
        assert s.text and s.text == s.text.strip()


def test_sentence_starts_are_the_starts_of_split_sentences():
    from orchestration.text.sentences import sentence_starts, split_sentences

    for text in ["一、总体\n  全年增长5%。 其中，A；B！\n\n  \n末尾", "", "   ", "。。\n；x"]:
        assert sentence_starts(text) == [s.start for s in split_sentences(text)]


@given(st.text(alphabet="厦门 \u3000\t\n。；;!？”）」增长5%", max_size=60))
@settings(max_examples=300, deadline=None)
def test_sentence_spans_are_the_spans_of_split_sentences(text):
    """The extractor's sentences (`sentence_spans`) are the parser's (`split_sentences`)."""
    from orchestration.text.sentences import sentence_spans

    assert list(sentence_spans(text)) == [(s.start, s.end) for s in split_sentences(text)]
