"""The parser's fast paths give exactly what the slow, obvious code gives."""

import re
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from orchestration.parse import clean
from orchestration.parse.document import _NOT_ALNUM, _gb2312_chars, _rare_re
from orchestration.parse.model import Sentence
from orchestration.text import script
from orchestration.text.sentences import _CN, _HEAD_LINE, _SENT, _sentence, split_sentences

TEXTISH = st.text(
    alphabet=st.sampled_from(
        list("厦門國會統計學这个的。！？；;!? \t\n\u3000\r（）()一二十1.、第章节”’_a#") + ["𠀀", "\x85"]
    ),
    max_size=80,
)


def test_sentence_through_slots_equals_constructor():
    a = _sentence(3, 10, 14, "增长5%", "一、总体")
    b = Sentence(3, 10, 14, "增长5%", "一、总体")
    assert a == b and hash(a) == hash(b)


_OLD_SENT = re.compile(r"[^。！？；!?;\n]*+(?:[。！？；!?;]+[”’」』）)】〕\"']*)?")
_OLD_HEAD = re.compile(
    rf"^[ \t\u3000\xa0]*(?:第[{_CN}百]{{1,4}}[章部分篇节]|[{_CN}]{{1,3}}[、.．]|[（(][{_CN}]{{1,3}}[)）]|"
    r"\d{1,2}[、.．](?!\d)|[（(]\d{1,2}[)）])",
    re.M,
)


@given(TEXTISH)
@settings(max_examples=300, deadline=None)
def test_sentence_and_heading_scans_equal_the_old_patterns(text):
    old = [m.span() for m in _OLD_SENT.finditer(text) if m.start() != m.end()]
    new = [m.span() for m in _SENT.finditer(text)]
    assert new == old
    assert [m.start() for m in _HEAD_LINE.finditer("\n" + text)] == [
        m.start() for m in _OLD_HEAD.finditer(text)
    ]
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text


@given(TEXTISH)
@settings(max_examples=300, deadline=None)
def test_readability_counts_equal_per_character_counts(text):
    assert len("".join(text.split())) == len(text) - sum(map(str.isspace, text))
    assert len(text) - _NOT_ALNUM.subn("", text)[1] == sum(map(str.isalnum, text))
    gb = _gb2312_chars()
    rare = {c for c in set(text).difference(gb) if "\u4e00" <= c <= "\u9fff"}
    assert _rare_re().subn("", text)[1] == sum(text.count(c) for c in rare)


def _old_counts(text: str, sample: int = 6000) -> tuple[int, int]:
    _, trad_only = script._tables()
    cjk = trad = 0
    if len(text) > sample:
        half = sample // 2
        mid = len(text) // 2
        text = text[:half] + text[mid : mid + half]
    if trad_only.isdisjoint(text):
        return 1, 0
    for ch, n in Counter(text[:sample]).items():
        if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff":
            cjk += n
            if ch in trad_only:
                trad += n
    return cjk, trad


@given(TEXTISH)
@settings(max_examples=300, deadline=None)
def test_script_counts_equal_the_counter(text):
    assert script._counts(text, 6000) == _old_counts(text)


@given(TEXTISH)
@settings(max_examples=200, deadline=None)
def test_split_lines_and_nav_lines(text):
    old = [ln.strip(clean._STRIP) for ln in clean._NEWLINES.sub("\n", text).split("\n")]
    assert clean.split_lines(text) == old
    for ln in old:
        tokens = [t for t in clean._NAV_SPLIT.split(ln) if t]
        expect = len(ln) <= 60 and bool(tokens) and all(t in clean.NAV_TOKENS for t in tokens)
        assert clean._is_nav_line(ln) == expect


def test_nav_line_examples():
    tokens = sorted(clean.NAV_TOKENS)[:3]
    assert clean._is_nav_line(" | ".join(tokens))
    assert not clean._is_nav_line(" | ".join([*tokens, "全市技术合同成交额"]))
