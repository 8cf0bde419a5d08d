"""Traditional -> Simplified: detection and a length-preserving, character-by-character conversion."""

from __future__ import annotations

from orchestration.parse import parse_document
from orchestration.parse.clean import remove_pinyin
from orchestration.text.script import is_traditional, to_simplified, traditional_share
from tests.unit._parse_helpers import CORPUS, corpus


def test_mirror_006_is_traditional_and_conversion_preserves_length() -> None:
    raw = corpus("006").read_text(encoding="utf-8")
    assert is_traditional(raw)
    converted = to_simplified(raw)
    assert len(converted) == len(raw)
    # every position maps to itself or to its simplified form: offsets stay stable
    for a, b in zip(raw, converted, strict=True):
        assert a == b or to_simplified(a) == b
    assert "厦门市统(tǒng)计(jì)局" in converted
    assert "地区(qū)生产(chǎn)总值(GDP)7033.89亿元" in converted


def test_pinyin_removal_then_conversion_matches_conversion_then_removal() -> None:
    raw = corpus("006").read_text(encoding="utf-8")
    assert to_simplified(remove_pinyin(raw)) == remove_pinyin(to_simplified(raw))


def test_simplified_corpus_is_not_traditional() -> None:
    for path in CORPUS:
        if path.name.startswith("006"):
            continue
        assert not is_traditional(path.read_text(encoding="utf-8")), path.name
        assert traditional_share(path.read_text(encoding="utf-8")) < 0.01


def test_parse_006_reports_script_and_simplified_text() -> None:
    doc = parse_document(corpus("006").read_bytes(), source_uri="006.txt")
    assert doc.script == "traditional"
    assert "國" not in doc.text and "經濟" not in doc.text
    assert "初步核算,全年地区生产总值(GDP)7033.89亿元,按可比价格计算,比上年增长8.1%。" in doc.text


def test_characters_with_several_simplified_forms_and_astral_chars() -> None:
    text = "乾隆後來於臺灣發現頭髮𠮷"
    out = to_simplified(text)
    assert len(out) == len(text)
    assert out.startswith("干隆后来于台湾发现头发")
    assert out.endswith("𠮷")
