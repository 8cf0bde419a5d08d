"""Sentences and clauses, as offsets into the view text.

A sentence ends at 。！？!?；; or a line break; a clause ends at a comma or
colon as well.  Decimal points and thousands separators are not boundaries.
"""

from __future__ import annotations

import re

SENTENCE_RE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]*")
CLAUSE_BREAK_RE = re.compile(r"[，：:]|,(?!\d{3})|(?<!\d),")


def sentences(view: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank sentence, whitespace trimmed."""
    out = []
    append = out.append
    for m in SENTENCE_RE.finditer(view):
        seg = m.group()
        s = m.start()
        if not (seg[0].isspace() or seg[-1].isspace()):
            append((s, s + len(seg)))  # the common case: nothing to trim
            continue
        ls = len(seg) - len(seg.lstrip())
        rs = len(seg.rstrip())
        if rs <= ls:
            continue
        append((s + ls, s + rs))
    return out


def clause_starts(sentence: str) -> list[int]:
    """Offsets (within the sentence) where clauses start; always begins with 0."""
    starts = [0]
    for m in CLAUSE_BREAK_RE.finditer(sentence):
        starts.append(m.end())
    return starts
