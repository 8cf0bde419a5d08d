"""THE sentence and heading splitter: canonical text -> sentences with offsets and headings.

One definition of a sentence for the whole project: the parser stores `split_sentences(text)`
as `raw.sentences`, and the extractor reads the same sentences (`sentence_spans`), so a
fact's `sentence_index` is the index of the `raw.sentences` row that holds its number.

Sentences end at 。！？；!?; and at line breaks; closing quotes and brackets that
follow the terminator stay with the sentence. Offsets index the canonical text,
so `text[s.start:s.end] == s.text` always holds. A section heading is a line that
starts like "一、总体进展", "（二）……", "(三)……", "第二章" or "1. ……"; every
sentence carries the innermost heading in force (up to its first terminator).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of the canonical document text; offsets index `ParsedDocument.text`."""

    index: int
    start: int
    end: int
    text: str
    section: str | None = None


# Sentence is a frozen dataclass whose __init__ sets every field through
# object.__setattr__; building it through its slot descriptors gives the same
# object at a fraction of the cost (tests compare with `Sentence(...)`).
_SENT_FIELDS = ("index", "start", "end", "text", "section")
assert tuple(f.name for f in dataclasses.fields(Sentence)) == _SENT_FIELDS, "Sentence fields changed"
_SENT_SETTERS = tuple(getattr(Sentence, name).__set__ for name in _SENT_FIELDS)
_new = object.__new__


def _sentence(index: int, start: int, end: int, text: str, section: str | None) -> Sentence:
    """Sentence(index, start, end, text, section), built through its slots."""
    obj = _new(Sentence)
    si, ss, se, st, sc = _SENT_SETTERS
    si(obj, index)
    ss(obj, start)
    se(obj, end)
    st(obj, text)
    sc(obj, section)
    return obj


_TERM = "。！？；!?;"
_CLOSE = "”’」』）)】〕\"'"
# never matches the empty string (the old `X*+(?:T+C*)?` did, once per line break,
# and every empty match cost a Python iteration); non-empty matches are the same
_SENT = re.compile(rf"[^{_TERM}\n]++(?:[{_TERM}]+[{_CLOSE}]*)?|[{_TERM}]+[{_CLOSE}]*")
_CN = "一二三四五六七八九十"
_HEADINGS = (
    (1, re.compile(rf"^(?:第[{_CN}百]{{1,4}}[章部分篇]|[{_CN}]{{1,3}}[、.．])")),
    (2, re.compile(rf"^(?:[（(][{_CN}]{{1,3}}[)）]|第[{_CN}百]{{1,4}}节)")),
    (3, re.compile(r"^(?:\d{1,2}[、.．](?!\d)|[（(]\d{1,2}[)）])")),
)
# matched against "\n" + text: the literal newline lets re jump from line to
# line instead of trying a MULTILINE `^` at every character
_HEAD_LINE = re.compile(
    rf"\n[ \t\u3000\xa0]*(?:第[{_CN}百]{{1,4}}[章部分篇节]|[{_CN}]{{1,3}}[、.．]|[（(][{_CN}]{{1,3}}[)）]|"
    r"\d{1,2}[、.．](?!\d)|[（(]\d{1,2}[)）])",
)
_HEAD_END = re.compile(r"[。！？；!?;：:]")
MAX_HEADING = 60


def heading_level(line: str) -> int | None:
    """1 for 一、 / 第一章, 2 for （一） / 第一节, 3 for 1. / （1）; None for other lines."""
    line = line.lstrip(" \t\u3000\xa0")
    for level, rx in _HEADINGS:
        if rx.match(line):
            return level
    return None


def _heading_text(line: str) -> str:
    m = _HEAD_END.search(line)
    h = line[: m.start()] if m else line
    return h.strip()[:MAX_HEADING]


def _headings(text: str) -> list[tuple[int, int, str]]:
    """(line start, level, heading text) of every heading line, in order."""
    out = []
    for m in _HEAD_LINE.finditer("\n" + text):
        start = m.start()  # of the newline in "\n" + text = of the line in text
        end = text.find("\n", start)
        line = text[start : end if end >= 0 else len(text)]
        level = heading_level(line)
        if level is not None:
            out.append((start, level, _heading_text(line)))
    return out


def sentence_starts(text: str) -> list[int]:
    """The start offsets of `split_sentences(text)`, without building the sentences (the
    extractor needs only these to give each fact the index of its `raw.sentences` row)."""
    out = []
    for m in _SENT.finditer(text):
        chunk = m.group()
        if chunk[0].isspace() or chunk[-1].isspace():
            stripped = chunk.lstrip()
            if not stripped.strip():
                continue
            out.append(m.start() + len(chunk) - len(stripped))
        else:
            out.append(m.start())
    return out


# The same sentences with their blanks trimmed, matched directly (no Python step per
# sentence, for the extractor, which walks every sentence up to its last number): a sentence
# opens with a non-blank and runs to its terminators and closing quotes, or, without
# terminators, to its last non-blank before the line break; terminators after nothing but
# blanks are a sentence of their own.  (`\s` is exactly `str.isspace`; a test compares the
# spans with `split_sentences`.)
_TRIMMED = re.compile(
    rf"[^\s{_TERM}](?:[^{_TERM}\n]*+[{_TERM}]+[{_CLOSE}]*|(?:[^{_TERM}\n]*[^\s{_TERM}])?)|[{_TERM}]+[{_CLOSE}]*"
)
_SPAN = re.Match.span


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of `split_sentences(text)`, found as they are consumed
    (the extractor stops after its last candidate number)."""
    return map(_SPAN, _TRIMMED.finditer(text))


def split_sentences(text: str) -> list[Sentence]:
    """Split canonical text into sentences; see the module docstring."""
    out: list[Sentence] = []
    heads = _headings(text)
    heads.append((len(text) + 1, 0, ""))  # sentinel
    next_head = heads[0][0]
    hi = 0
    stack: dict[int, str] = {}
    section: str | None = None
    append = out.append
    n = 0
    new = _new
    set_index, set_start, set_end, set_text, set_section = _SENT_SETTERS  # _sentence, inlined
    for m in _SENT.finditer(text):
        s = m.start()
        if s >= next_head:
            while heads[hi][0] <= s:
                _, level, h = heads[hi]
                for deeper in [k for k in stack if k >= level]:
                    del stack[deeper]
                stack[level] = h
                hi += 1
            next_head = heads[hi][0]
            section = stack[max(stack)]
        chunk = m.group()
        if chunk[0].isspace() or chunk[-1].isspace():
            stripped = chunk.strip()
            if not stripped:
                continue
            s += len(chunk) - len(chunk.lstrip())
            chunk = stripped
        obj = new(Sentence)
        set_index(obj, n)
        set_start(obj, s)
        set_end(obj, s + len(chunk))
        set_text(obj, chunk)
        set_section(obj, section)
        append(obj)
        n += 1
    return out
