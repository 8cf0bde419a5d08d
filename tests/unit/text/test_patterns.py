"""The regex builders match what the plain alternation of their words matches."""

import re

from hypothesis import given
from hypothesis import strategies as st

from orchestration.text.patterns import by_first_char, first_chars, trie_regex

WORDS = ["厦门", "厦门市", "福州", "福建", "福建省", "技术合同", "技术", "合同成交额", "a.b"]


def _longest_alternation(words):
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def test_the_trie_takes_the_longest_word_at_a_position():
    rx = re.compile(trie_regex(WORDS))
    assert [m.group() for m in rx.finditer("福建省厦门市技术合同成交额")] == ["福建省", "厦门市", "技术合同"]
    assert rx.fullmatch("a.b") and not rx.fullmatch("axb")  # words are escaped


@given(st.text(alphabet="厦门市福州建省技术合同成交额a.b ", max_size=30))
def test_trie_regex_equals_the_longest_first_alternation(s):
    flat = _longest_alternation(WORDS)
    assert [m.span() for m in re.finditer(trie_regex(WORDS), s)] == [m.span() for m in flat.finditer(s)]


@given(st.text(alphabet="以上及左右下内之 ", max_size=20))
def test_by_first_char_equals_the_flat_alternation(s):
    words = ["以上", "及以上", "左右", "上下", "以下", "以内", "之内", "以"]
    flat = re.compile("|".join(map(re.escape, words)))
    grouped = re.compile(by_first_char(words))
    assert [m.span() for m in grouped.finditer(s)] == [m.span() for m in flat.finditer(s)]


def test_first_character_sets_are_derived_from_the_words():
    from orchestration.extract import cues

    assert first_chars(["以上", "左右", ""]) == frozenset("以左")
    # a trailing comparator can only start with a first character of its cue words
    for word in "|".join(cues._CMP_AFTER_CUES.values()).split("|"):
        assert word[0] in cues._CMP_AFTER_FIRST
        assert cues.comparator_after(word + "。", 0)[0] is not None
