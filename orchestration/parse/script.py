"""Traditional -> Simplified Chinese, character by character, length-preserving.

OpenCC's phrase conversion can change the length of a span; character offsets in
the warehouse must stay stable, so we use only its one-character table
(TSCharacters, from opencc-python-reimplemented) and map each code point to
exactly one code point. The result always has the same length as the input.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path


@cache
def _tables() -> tuple[dict[int, int], frozenset[str]]:
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


def _counts(text: str, sample: int) -> tuple[int, int]:
    """(CJK characters, Traditional-only characters) in the first `sample` characters."""
    _, trad_only = _tables()
    cjk = trad = 0
    if len(text) > sample:
        half = sample // 2
        mid = len(text) // 2
        text = text[:half] + text[mid : mid + half]
    if trad_only.isdisjoint(text):
        return 1, 0  # no Traditional-only character at all: no need to count
    for ch, n in Counter(text[:sample]).items():
        if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff":
            cjk += n
            if ch in trad_only:
                trad += n
    return cjk, trad


def traditional_share(text: str, sample: int = 6000) -> float:
    """Share of CJK characters (in a sample) that exist only in Traditional Chinese."""
    cjk, trad = _counts(text, sample)
    return trad / cjk if cjk else 0.0


def is_traditional(text: str, sample: int = 6000) -> bool:
    cjk, trad = _counts(text, sample)
    return cjk >= 10 and trad >= 3 and trad / cjk >= 0.04


def to_simplified(text: str) -> str:
    """Convert Traditional characters to Simplified one for one; len(result) == len(text)."""
    mapping, _ = _tables()
    out = text.translate(mapping)
    if len(out) != len(text):  # cannot happen with one-to-one code points; guard anyway
        raise AssertionError("Traditional->Simplified conversion changed the text length")
    return out
