"""The extraction result: one `Fact` per numeric indicator statement."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class DocumentContext:
    """What the extractor knows about a document besides its text."""

    region_code: str | None  # the report's own area (GB/T 2260), default for every fact
    covered_year: int | None  # the year the report covers: default period_year
    published_year: int | None = None
    document_id: str | None = None


@dataclass(frozen=True, slots=True)
class Fact:
    """A number read from a sentence, with everything needed to trust it.

    `char_start`/`char_end` slice the canonical document text back to
    `reported_text` exactly (the number with its unit/multiplier as written).
    """

    indicator_code: str | None  # catalog code, None when unmapped
    subject: str  # the phrase the number is about, e.g. 技术合同成交额
    value: Decimal  # base units: CNY, count, percent as written, rank position
    unit: str  # CNY | count | percent | rank | per_10k_residents | percentage_points | <other>
    reported_value: str  # the digits/numerals as written, e.g. 173.58
    reported_unit: str  # the unit as written, e.g. 亿元
    multiplier: Decimal  # 亿 = 100000000, 万 = 10000, 1 otherwise
    comparator: str  # = > >= ~ <
    value_kind: str  # actual | estimate | target
    measure: str  # level | yoy_pct | pp_change | share_pct | rank_change
    period_year: int | None
    region_code: str | None
    sentence_index: int
    evidence: str  # the sentence
    char_start: int
    char_end: int
    reported_text: str
    rule: str  # name of the rule that fired
    value_high: Decimal | None = None  # upper end of a range (10-20万元), value is the lower end
    period_kind: str = "year"  # year | half | quarter | months (cumulative from January)
    period_months: int = 12  # 12 for a year, 6 for 上半年 / 1-6月, 3 for 一季度, 9 for 前三季度
