"""Sentences and clauses, as offsets into the view text.

A sentence ends at 。！？!?；; or a line break; a clause ends at a comma or
colon as well.  Decimal points and thousands separators are not boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_ENDS = "。！？!?；;"
SENTENCE_RE = re.compile(rf"[^{_ENDS}\n]+[{_ENDS}]*")
# The same sentences with their blanks trimmed, matched directly (what
# `sentences` returns, without a Python step per sentence): a sentence opens
# with a non-blank and runs to its terminators, or, without terminators, to its
# last non-blank; terminators after nothing but blanks are a sentence of their
# own.  (`\s` is exactly `str.isspace`; tests compare with SENTENCE_RE + strip.)
_TRIMMED_SENTENCE_RE = re.compile(
    rf"[^\s{_ENDS}](?:[^{_ENDS}\n]*+[{_ENDS}]+|(?:[^{_ENDS}\n]*[^\s{_ENDS}])?)|(?<=[^\S\n])[{_ENDS}]+"
)
# a comma is a break unless it separates thousands (1,234): written so that
# every branch opens with a literal, which lets `re` skip ahead in C
CLAUSE_BREAK_RE = re.compile(r"，|：|:|,(?:(?!\d{3})|(?<!\d,))")


_SPAN = re.Match.span


def sentences(view: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank sentence, whitespace trimmed."""
    return list(map(_SPAN, _TRIMMED_SENTENCE_RE.finditer(view)))


def iter_sentences(view: str) -> Iterator[tuple[int, int]]:
    """The spans of `sentences(view)`, found as they are consumed."""
    return map(_SPAN, _TRIMMED_SENTENCE_RE.finditer(view))


def clause_starts(sentence: str) -> list[int]:
    """Offsets (within the sentence) where clauses start; always begins with 0."""
    if "，" not in sentence and "," not in sentence and "：" not in sentence and ":" not in sentence:
        return [0]  # one clause: four C scans are cheaper than starting a regex scan
    starts = [0]
    starts += [m.end() for m in CLAUSE_BREAK_RE.finditer(sentence)]
    return starts
