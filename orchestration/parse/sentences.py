"""Canonical text -> sentences with offsets and the current section heading.

Sentences end at 。！？；!?; and at line breaks; closing quotes and brackets that
follow the terminator stay with the sentence. Offsets index the canonical text,
so `text[s.start:s.end] == s.text` always holds. A section heading is a line that
starts like "一、总体进展", "（二）……", "(三)……", "第二章" or "1. ……"; every
sentence carries the innermost heading in force (up to its first terminator).
"""

from __future__ import annotations

import re

from orchestration.documents import Sentence

_SENT = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』）)】〕\"']*|\n|$)")
_SPACE = " \t\u3000\xa0\r"
_CN_NUM = "一二三四五六七八九十"
_HEADINGS = (
    (1, re.compile(r"^(?:第[一二三四五六七八九十百]{1,4}[章部分篇]|[一二三四五六七八九十]{1,3}[、.．])")),
    (2, re.compile(r"^(?:[（(][一二三四五六七八九十]{1,3}[)）]|第[一二三四五六七八九十百]{1,4}节)")),
    (3, re.compile(r"^(?:\d{1,2}[、.．](?!\d)|[（(]\d{1,2}[)）])")),
)
_HEAD_END = re.compile(r"[。！？；!?;：:]")
MAX_HEADING = 60


def heading_level(line: str) -> int | None:
    for level, rx in _HEADINGS:
        if rx.match(line):
            return level
    return None


def _heading_text(line: str) -> str:
    m = _HEAD_END.search(line)
    h = line[: m.start()] if m else line
    h = h.strip(_SPACE)
    return h[:MAX_HEADING]


def split_sentences(text: str) -> list[Sentence]:
    """Split canonical text into sentences; see the module docstring."""
    out: list[Sentence] = []
    stack: dict[int, str] = {}
    line_start = 0
    n = len(text)
    pos = 0
    while pos < n:
        m = _SENT.match(text, pos)
        end = m.end() if m else n
        if end == pos:  # cannot happen (the pattern consumes a terminator or a newline); guard anyway
            end = pos + 1
        if pos == line_start:
            line_end = text.find("\n", pos)
            line = text[pos : line_end if line_end >= 0 else n].strip(_SPACE)
            level = heading_level(line) if line else None
            if level is not None:
                for deeper in [k for k in stack if k >= level]:
                    del stack[deeper]
                stack[level] = _heading_text(line)
        s, e = pos, end
        while s < e and text[s] in _SPACE + "\n":
            s += 1
        while e > s and text[e - 1] in _SPACE + "\n":
            e -= 1
        if e > s:
            section = stack[max(stack)] if stack else None
            out.append(Sentence(index=len(out), start=s, end=e, text=text[s:e], section=section))
        if end > 0 and text[end - 1] == "\n":
            line_start = end
        pos = end
    return out
