"""A normalised view of a document's text with a map back to the original offsets.

The grammar runs on the view; every offset it reports is mapped back to the
text it was given, so `text[fact.char_start:fact.char_end]` is always what the
report says.  The view:

* folds full-width digits, Latin letters and ASCII-like punctuation to
  half-width (same length, so no map needed: this is not NFKC);
* converts Traditional to Simplified Chinese when the text looks Traditional
  (character by character, so lengths are kept);
* drops clutter that would split words or numbers: pinyin annotations of
  mirror sites (統(tǒng)計(jì)), BBCode tags, zero-width characters, line breaks
  (and their indentation) inside numbers and inside running prose of PDFs.

Dropping characters is the only operation that changes lengths; it is
recorded as a list of kept segments so that mapping is a bisect, not a
per-character table.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

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


_DROP = re.compile(
    r"""
    (?=[(\[\u200b\u200c\u200d\u2060\ufeff\u00ad \t\r\n])   # fast scan
    (?:
    (?<=[\u4e00-\u9fff])\((?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹ]{1,7})\)   # pinyin after a hanzi
  | \[/?(?:b|i|u|s|color|size|font|url|img|quote|code|align|backcolor|p|table|tr|td|hr|attach|indent|list|\*)(?:=[^\]\n]{0,80})?\]
  | [\u200b\u200c\u200d\u2060\ufeff\u00ad]
  | (?<=[0-9])[ \t]*\r?\n[ \t\u3000]*(?=\.[0-9])                      # break before a decimal point
  | (?<=[0-9]\.)[ \t]*\r?\n[ \t\u3000]*(?=[0-9])                      # break after a decimal point
    )
    """,
    re.VERBOSE,
)

# A line of running prose broken by a PDF: the break is dropped when the line
# before is long and does not end a sentence.
_PDF_BREAK = re.compile(
    r"(?=[ \t\r\n])(?<=[^\n。！？!?；;：:\s])[ \t]*\r?\n[ \t\u3000]*(?=[\u4e00-\u9fff0-9“(])"
)
_MIN_PROSE_LINE = 28

# The same drops, found faster: patterns that open with a literal or a character
# class let `re` skip ahead in C, and line breaks (a few hundred per report) are
# examined from `str.find` in Python instead of a lookahead tried at every
# character.  `_drops_reference` is the specification (tests compare the two).
_PINYIN_DROP = re.compile(r"\((?<=[\u4e00-\u9fff]\()(?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹ]{1,7})\)")
_BBCODE_DROP = re.compile(
    r"\[/?(?:b|i|u|s|color|size|font|url|img|quote|code|align|backcolor|p|table|tr|td|hr|attach|indent|list|\*)"
    r"(?:=[^\]\n]{0,80})?\]"
)
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SENTENCE_END = frozenset("。！？!?；;：:")
_KEEP_BREAK_AFTER = _SENTENCE_END | {"\n"}


def _drops(folded: str) -> list[tuple[int, int]]:
    drops: list[tuple[int, int]] = []
    if "(" in folded:
        drops += [m.span() for m in _PINYIN_DROP.finditer(folded)]
    if "[" in folded:
        drops += [m.span() for m in _BBCODE_DROP.finditer(folded)]
    drops += [m.span() for m in _ZERO_WIDTH.finditer(folded)]
    n = len(folded)
    find = folded.find
    pos = find("\n")
    while pos >= 0:
        if pos and folded[pos - 1] in _KEEP_BREAK_AFTER:
            # the common line end (。 or a blank line): the character before the
            # break is itself, and it is neither a digit, nor "." (a decimal
            # break), nor the end of running prose -- the break is kept
            pos = find("\n", pos + 1)
            continue
        # the break: [ \t]* \r? \n [ \t\u3000]*  ->  folded[a:e]
        a = pos - 1 if pos > 0 and folded[pos - 1] == "\r" else pos
        while a > 0 and folded[a - 1] in " \t":
            a -= 1
        e = pos + 1
        while e < n and folded[e] in " \t\u3000":
            e += 1
        if a > 0 and e < n:
            c = folded[a - 1]
            nxt = folded[e]
            # a number broken at its decimal point: 12\n.5 / 12.\n5
            if ("0" <= c <= "9" and nxt == "." and "0" <= folded[e + 1 : e + 2] <= "9") or (
                c == "." and a >= 2 and "0" <= folded[a - 2] <= "9" and "0" <= nxt <= "9"
            ):
                drops.append((a, e))
            # running prose broken by a PDF after a long line
            if (
                not c.isspace()
                and c not in _SENTENCE_END
                and ("\u4e00" <= nxt <= "\u9fff" or nxt in "0123456789“(")
                and a - (folded.rfind("\n", 0, a) + 1) >= _MIN_PROSE_LINE
            ):
                drops.append((a, e))
        pos = find("\n", pos + 1)
    return drops


def _drops_reference(folded: str) -> list[tuple[int, int]]:
    drops = [(m.start(), m.end()) for m in _DROP.finditer(folded)]
    for m in _PDF_BREAK.finditer(folded):
        line_start = folded.rfind("\n", 0, m.start()) + 1
        if m.start() - line_start >= _MIN_PROSE_LINE:
            drops.append((m.start(), m.end()))
    return drops


@dataclass(slots=True)
class TextView:
    text: str  # the normalised text the grammar reads
    _starts: list[int]  # view offsets where kept segments start
    _orig: list[int]  # original offsets of those starts
    original_length: int

    def orig(self, i: int) -> int:
        """Original offset of view offset `i` (a character start)."""
        if not self._starts:
            return i
        k = bisect_right(self._starts, i) - 1
        if k < 0:
            return i
        return self._orig[k] + (i - self._starts[k])

    def orig_end(self, j: int) -> int:
        """Original offset just after view character `j - 1` (an end offset)."""
        if j <= 0:
            return 0
        return self.orig(j - 1) + 1


def build_view(text: str) -> TextView:
    folded = fold(text)
    if is_traditional(folded):
        folded = to_simplified(folded)
    drops = _drops(folded)
    if not drops:
        return TextView(folded, [], [], len(text))
    drops.sort()
    parts: list[str] = []
    starts: list[int] = []
    origs: list[int] = []
    pos = 0
    vlen = 0
    for a, b in drops:
        if a < pos:
            a = pos
        if b <= a:
            continue
        if a > pos:
            starts.append(vlen)
            origs.append(pos)
            parts.append(folded[pos:a])
            vlen += a - pos
        pos = b
    if pos < len(folded):
        starts.append(vlen)
        origs.append(pos)
        parts.append(folded[pos:])
    return TextView("".join(parts), starts, origs, len(text))
