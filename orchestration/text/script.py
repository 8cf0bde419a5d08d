"""Traditional -> Simplified Chinese, character by character, length-preserving: THE table
loader and THE detector, for the parser (canonical text) and the extractor alike.

OpenCC's phrase conversion can change the length of a span; character offsets in
the warehouse must stay stable, so we use only its one-character table
(TSCharacters, from opencc-python-reimplemented) and map each code point to
exactly one code point. The result always has the same length as the input.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path


@cache
def _tables() -> tuple[dict[int, int], frozenset[str]]:
    """(code point -> code point, Traditional-only characters) from OpenCC's TSCharacters.txt:
    each Traditional character maps to its first one-character Simplified form."""
    import opencc

    path = Path(opencc.__file__).resolve().parent / "dictionary" / "TSCharacters.txt"
    mapping: dict[int, int] = {}
    trad_only: set[str] = set()
    with path.open(encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 2 or len(parts[0]) != 1:
                continue
            src = parts[0]
            targets = [t for t in parts[1].split(" ") if len(t) == 1]
            if not targets or targets[0] == src:
                continue
            mapping[ord(src)] = ord(targets[0])
            if src not in targets:
                trad_only.add(src)
    return mapping, frozenset(trad_only)


_CJK_RE = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


def char_class(chars) -> str:
    """A regex character class of `chars`, as ranges of consecutive code points."""
    points = sorted({ord(c) for c in chars})
    parts: list[str] = []
    i = 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        a, b = chr(points[i]), chr(points[j])
        parts.append(re.escape(a) if i == j else f"{re.escape(a)}-{re.escape(b)}")
        i = j + 1
    return "[" + "".join(parts) + "]"


@cache
def _trad_re() -> re.Pattern:
    """Traditional-only characters that are CJK ideographs (the only ones `_counts` counts)."""
    _, trad_only = _tables()
    cjk = [c for c in trad_only if "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff"]
    return re.compile(char_class(cjk) if cjk else r"(?!x)x")


@cache
def _any_trad_re() -> re.Pattern:
    """Traditional-only characters of the Basic Multilingual Plane.  (re checks
    characters beyond it one range at a time, so those are looked up apart.)"""
    _, trad_only = _tables()
    bmp = [c for c in trad_only if ord(c) <= 0xFFFF]
    return re.compile(char_class(bmp) if bmp else r"(?!x)x")


_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")


def _has_trad(text: str) -> bool:
    if _any_trad_re().search(text) is not None:
        return True
    if _ASTRAL_RE.search(text) is None:
        return False
    _, trad_only = _tables()
    return not trad_only.isdisjoint(_ASTRAL_RE.findall(text))


def _count(rx: re.Pattern, text: str) -> int:
    return rx.subn("", text)[1]


def _counts(text: str, sample: int) -> tuple[int, int]:
    """(CJK characters, Traditional-only characters) in the first `sample` characters.

    Counted by precompiled character classes (C speed) rather than a Counter
    of the sample's characters."""
    if len(text) > sample:
        half = sample // 2
        mid = len(text) // 2
        text = text[:half] + text[mid : mid + half]
    if not _has_trad(text):
        return 1, 0  # no Traditional-only character at all: no need to count
    text = text[:sample]
    return _count(_CJK_RE, text), _count(_trad_re(), text)


def traditional_share(text: str, sample: int = 6000) -> float:
    """Share of CJK characters (in a sample) that exist only in Traditional Chinese."""
    cjk, trad = _counts(text, sample)
    return trad / cjk if cjk else 0.0


def t2s_table() -> dict[int, int]:
    """Traditional -> Simplified, one code point for one (a `str.translate` table)."""
    return _tables()[0]


def is_traditional(text: str, sample: int = 6000) -> bool:
    """True when a text (sampled) is written in Traditional characters: at least 3 Traditional-only
    characters that make at least 4 % of its CJK characters."""
    cjk, trad = _counts(text, sample)
    return cjk >= 10 and trad >= 3 and trad / cjk >= 0.04


def to_simplified(text: str) -> str:
    """Convert Traditional characters to Simplified one for one; len(result) == len(text)."""
    mapping, _ = _tables()
    out = text.translate(mapping)
    if len(out) != len(text):  # cannot happen with one-to-one code points; guard anyway
        raise AssertionError("Traditional->Simplified conversion changed the text length")
    return out
