"""Traditional -> Simplified Chinese, character by character, length-preserving.

OpenCC's phrase conversion can change the length of a span; character offsets in
the warehouse must stay stable, so we use only its one-character table
(TSCharacters, from opencc-python-reimplemented) and map each code point to
exactly one code point. The result always has the same length as the input.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


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


@cache
def _trad_regex() -> re.Pattern[str]:
    _, trad_only = _tables()
    chars = "".join(sorted(trad_only))
    return re.compile("[" + re.escape(chars) + "]")


def traditional_share(text: str, sample: int = 20000) -> float:
    """Share of CJK characters (in a sample) that exist only in Traditional Chinese."""
    s = text[:sample]
    cjk = len(_CJK.findall(s))
    if cjk == 0:
        return 0.0
    return len(_trad_regex().findall(s)) / cjk


def is_traditional(text: str) -> bool:
    s = text[:20000]
    cjk = len(_CJK.findall(s))
    if cjk < 10:
        return False
    trad = len(_trad_regex().findall(s))
    return trad >= 3 and trad / cjk >= 0.04


def to_simplified(text: str) -> str:
    """Convert Traditional characters to Simplified one for one; len(result) == len(text)."""
    mapping, _ = _tables()
    out = text.translate(mapping)
    if len(out) != len(text):  # cannot happen with one-to-one code points; guard anyway
        raise AssertionError("Traditional->Simplified conversion changed the text length")
    return out
