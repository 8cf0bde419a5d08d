"""Drafts: what the sentence reader says of a number, before attribution and matching.

`Topic` is what a sentence has been about so far (the subject that clauses without one
continue: 研发投入120亿元，增长12% — the 12% is the 研发投入's growth).
"""

from __future__ import annotations

from dataclasses import dataclass

from orchestration.extract.quantities import Quantity

COMPARATOR = {
    "gt": ">",
    "ge": ">=",
    "approx": "~",
    "lt": "<",
}  # cue key -> Fact.comparator ("reach": decided by kind)


@dataclass(slots=True)
class Topic:
    """What the sentence has been about so far (for clauses without a subject)."""

    subject: str = ""
    alias: str | None = None
    code: str | None = None
    cands: tuple[str, ...] = ()
    modifier: str | None = None  # a flow word the subject was named with (新引进新型研发机构)


@dataclass(slots=True)
class Draft:
    """One number of a sentence: its subject, measure and comparator as the words say them."""

    q: Quantity
    subject: str
    alias: str | None
    cands: tuple[str, ...]
    inherited_code: str | None
    measure: str
    sign: int
    comparator: str
    share_whole: bool
    qualifier: str | None
    modifier: str | None
    rule: str
    clause_start: int  # view offset
    after_end: int  # view offset after trailing comparator
    # choose_code(cands, measure, unit class, modifier, share_whole), once chosen
    choice: tuple[str | None, str] | None = None
    area: str | None = None  # the area name of its list item (福州、厦门…分别为 / 苏州(961.4亿元))
    year: int | None = None  # the year of its list item (2023年、2024年…分别为)
