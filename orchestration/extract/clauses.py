"""Clauses of a sentence (sentences themselves come from `orchestration.text.sentences`).

A clause ends at a comma or colon.  Thousands separators (1,234) are not boundaries.
"""

from __future__ import annotations

import re

# a comma is a break unless it separates thousands (1,234): written so that
# every branch opens with a literal, which lets `re` skip ahead in C
CLAUSE_BREAK_RE = re.compile(r"，|：|:|,(?:(?!\d{3})|(?<!\d,))")


def clause_starts(sentence: str) -> list[int]:
    """Offsets (within the sentence) where clauses start; always begins with 0."""
    if "，" not in sentence and "," not in sentence and "：" not in sentence and ":" not in sentence:
        return [0]  # one clause: four C scans are cheaper than starting a regex scan
    starts = [0]
    starts += [m.end() for m in CLAUSE_BREAK_RE.finditer(sentence)]
    return starts
