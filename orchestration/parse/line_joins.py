"""Rejoining lines that a page, not the author, broke: PDF lines cut at the page width, pages
glued as numbered lines, a number broken at its decimal point, a clause broken before its
number. Pure functions over the cleaned lines (one paragraph per line is the goal)."""

from __future__ import annotations

import re

from orchestration.parse.model import TABLE_SEP

_PAGE_COUNTER = re.compile(r"^(\d{1,3})、\s*")

_TERMINAL = "。！？；!?;…：:”」』）)】〕>"
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）]|第[一二三四五六七八九十百]{1,4}[章节部分篇条]|"
    r"\d{1,2}[.．、]\s*\S|[（(]\d{1,2}[)）]|附件|附表|[表图]\s*\d{1,2}(?!\d))"
)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _width(line: str) -> float:
    """The printed width of a line: a Chinese character is one em, a digit or Latin letter about
    half of one (a page wraps 380.5亿元 later than the same count of Chinese characters)."""
    return len(line) - 0.5 * sum(1 for c in line if c.isascii())


def _cells(line: str) -> bool:
    """A row of table cells (a converted table's separator, or tabs as a spreadsheet pastes
    them): never part of a paragraph, so never joined."""
    return TABLE_SEP in line or "\t" in line


def _join(left: str, right: str) -> str:
    if not left:
        return right
    a, b = left[-1], right[:1]
    if a.isascii() and a.isalpha() and b.isascii() and b.isalpha():
        if a == "-" and len(left) > 1:
            return left[:-1] + right
        return left + " " + right
    if a == "-" and b.isascii() and b.isalpha():
        return left[:-1] + right
    return left + right


def strip_page_counters(lines: list[str]) -> list[str]:
    """Pages glued as lines '1、…', '2、…' (document-sharing sites): drop the counters, join the pages."""
    hits = [i for i, ln in enumerate(lines) if _PAGE_COUNTER.match(ln)]
    if len(hits) < 2:
        return lines
    expected, seq = 1, []
    for i in hits:
        m = _PAGE_COUNTER.match(lines[i])
        assert m is not None
        if int(m.group(1)) == expected:
            seq.append(i)
            expected += 1
    if len(seq) < 2:
        return lines
    # Page breaks fall mid-sentence; numbered list items end with punctuation.
    breaks = [i for i in seq[1:] if i > 0 and lines[i - 1] and lines[i - 1][-1] not in _TERMINAL]
    if len(breaks) < max(1, (len(seq) - 1) // 2):
        return lines
    out = list(lines)
    for k, i in enumerate(seq, start=1):
        if i not in breaks and i != seq[0]:
            continue
        body = _PAGE_COUNTER.sub("", out[i], count=1)
        dup = re.match(r"\s*" + str(k) + r"(?=[\u4e00-\u9fff])", body)
        if dup:
            body = body[dup.end() :]
        out[i] = body
    merged: list[str] = []
    for i, ln in enumerate(out):
        if i in breaks and merged:
            merged[-1] = _join(merged[-1], ln)
        else:
            merged.append(ln)
    return merged


def looks_hard_wrapped(lines: list[str]) -> bool:
    """True for text whose lines were broken at a fixed width (PDF extraction)."""
    body = [ln for ln in lines if len(ln) >= 8 and not _cells(ln)]
    if len(body) < 6:
        return False
    open_ends = sum(1 for ln in body if ln[-1] not in _TERMINAL)
    if open_ends < 0.5 * len(body):
        return False
    lengths = sorted(_width(ln) for ln in body)
    width = lengths[int(len(lengths) * 0.75)]
    near = sum(1 for n in lengths if n >= 0.85 * width)
    return width <= 120 and near >= 0.4 * len(body)


def join_wrapped(lines: list[str]) -> list[str]:
    """Join lines broken at the page width; keep headings and paragraph ends."""
    body = sorted(_width(ln) for ln in lines if len(ln) >= 8)
    if not body:
        return lines
    width = body[int(len(body) * 0.75)]
    out: list[str] = []
    prev_full = False
    for ln in lines:
        if not ln:
            out.append(ln)
            prev_full = False
            continue
        # (a short line that ends no sentence is a line of its own: the publisher under a title)
        ends_short = _width(ln) < 0.5 * width and ln[-1] not in _TERMINAL
        if out and prev_full and out[-1] and not _HEADING.match(ln) and not _cells(ln) and not ends_short:
            out[-1] = _join(out[-1], ln)
        else:
            out.append(ln)
        prev_full = _width(ln) >= 0.8 * width and ln[-1] not in _TERMINAL and not _cells(ln)
    return out


_DIGITS = "0123456789０１２３４５６７８９"
_POINTS = ".．"


# …高新技术企业超过7万 / 家。: a number whose unit went to the next line, alone with its punctuation
_NUMBER_END = re.compile(r"[0-9０-９][万亿千百]?$")
_UNIT_ALONE = re.compile(r"^(?:家|个|项|件|人|元|万元|亿元|户|所|台|座|次|场|亩|吨|%|％)[，,。；;、]")


def _broken_number(left: str, right: str) -> bool:
    """12 / .5 or 12. / 5: one number broken at its decimal point across two lines; 7万 / 家。:
    a number broken from its unit."""
    if not left or not right:
        return False
    if _UNIT_ALONE.match(right) and _NUMBER_END.search(left) and not _cells(left):
        return True
    if left[-1] in _DIGITS:
        return right[0] in _POINTS and len(right) > 1 and right[1] in _DIGITS
    return left[-1] in _POINTS and len(left) > 1 and left[-2] in _DIGITS and right[0] in _DIGITS


# a line that carries on the clause above it with its number: 3200家。 / 1.2万家，增长15% (not a
# year, 2024年，…, which opens a sentence of its own, nor a bare table cell: the clause goes on to
# a punctuation mark within a few characters)
_NUMBER_GOES_ON = re.compile(
    r"^[0-9０-９][0-9０-９.．]*(?:万|亿|千|百)?(?!年)[^\d\s，,。；;、|]{1,4}[，,。；;、]"
)
# …全年技术合同成交 / 额83.6亿元，: the last character or two of a word, then its number
_WORD_THEN_NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,2}(?=[0-9０-９])")
_MIN_ABOVE = 12  # a line this long at least (no heading) before a word is finished below it


def _clause_goes_on(above: str, line: str) -> bool:
    """`line` carries on the clause `above` left open: 科技型中小企业评价入库 / 3200家。"""
    if not above or above[-1] in _TERMINAL or not _CJK.match(above[-1]) or _cells(above) or _cells(line):
        return False
    # (a numbered item that already holds a sentence, （五）…融合。…为企业放款, is no heading)
    if _HEADING.match(above) and "。" not in above:
        return False
    if _NUMBER_GOES_ON.match(line) is not None:
        return True
    word = _WORD_THEN_NUMBER.match(line)
    return (
        word is not None
        and len(above) >= _MIN_ABOVE
        and _NUMBER_GOES_ON.match(line[word.end() :]) is not None
    )


def _join_where(lines: list[str], goes_on) -> list[str]:
    """Each line appended to the one above it where `goes_on(above, line)` says it continues it."""
    out: list[str] = []
    for ln in lines:
        if out and goes_on(out[-1], ln):
            out[-1] += ln
        else:
            out.append(ln)
    return out


def join_clause_breaks(lines: list[str]) -> list[str]:
    """A line ending mid-clause joined with the next when that line goes on with the clause's
    number (in any text: short lines of a PDF's text layer, a page break, a hand-made .txt)."""
    return _join_where(lines, _clause_goes_on)


def join_number_breaks(lines: list[str]) -> list[str]:
    """Lines broken inside a number at its decimal point or before its unit, joined (in any
    text, PDF or not)."""
    return _join_where(lines, _broken_number)
