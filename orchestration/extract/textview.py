"""The extractor's view of canonical text: the same characters at the same offsets, folded.

The grammar runs on the view, and every offset it reports indexes the text it was given,
so `text[fact.char_start:fact.char_end]` is always what the report says.  The view:

* folds full-width digits, Latin letters and ASCII-like punctuation to half-width
  (character by character: this is not NFKC);
* converts Traditional to Simplified Chinese when the text looks Traditional
  (character by character).

Both keep every offset, so the view needs no map back.  Clutter that would split words or
numbers (pinyin annotations, BBCode tags, zero-width characters, line breaks inside numbers
and wrapped PDF lines) is the parser's to remove (`orchestration.parse.clean`): the
extractor trusts the canonical text it is given.
"""

from __future__ import annotations

import re

from orchestration.text.script import is_traditional, to_simplified

_FOLD = {0xFF10 + i: 0x30 + i for i in range(10)}
_FOLD.update({0xFF21 + i: 0x41 + i for i in range(26)})
_FOLD.update({0xFF41 + i: 0x61 + i for i in range(26)})
_FOLD.update(
    {
        ord("％"): "%",
        ord("．"): ".",
        ord("（"): "(",
        ord("）"): ")",
        ord("＆"): "&",
        ord("＋"): "+",
        ord("－"): "-",
        ord("／"): "/",
        ord("～"): "~",
        ord("\xa0"): " ",
    }
)
FOLD_TABLE = str.maketrans(_FOLD)
_FOLD_CHARS = {chr(k): (v if isinstance(v, str) else chr(v)) for k, v in _FOLD.items()}
# exactly the characters FOLD_TABLE changes: Chinese text is full of full-width
# punctuation (，：；) that folds to nothing, and `str.translate` pays a dict
# lookup per character of the whole text; a substitution pays per folded character
_NEEDS_FOLD = re.compile("[" + "".join(sorted(_FOLD_CHARS)) + "]")


def _fold_char(m: re.Match) -> str:
    return _FOLD_CHARS[m.group()]


def fold(text: str) -> str:
    """Full-width digits, letters and number punctuation -> half-width (same length)."""
    return _NEEDS_FOLD.sub(_fold_char, text)


# a year written in Chinese digits: 二〇二六年 (one digit per character, so the same length)
_CN_YEAR = re.compile(r"(?:一九|二[〇零○])[〇零○一二三四五六七八九]{2}(?=年)")
_CN_DIGIT = str.maketrans("〇零○一二三四五六七八九", "00012345678" + "9")


def _year_digits(m: re.Match) -> str:
    return m.group().translate(_CN_DIGIT)


def build_view(text: str) -> str:
    """`text` folded, its Chinese-digit years (二〇二六年) in Arabic digits, and in Simplified
    Chinese when it looks Traditional: same length, so a view offset is an offset of `text`."""
    folded = fold(text)
    if "〇" in folded or "零" in folded or "○" in folded:
        folded = _CN_YEAR.sub(_year_digits, folded)
    return to_simplified(folded) if is_traditional(folded) else folded
