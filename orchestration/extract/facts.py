"""The extraction result: one `Fact` per numeric indicator statement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, slots=True)
class DocumentContext:
    """What the extractor knows about a document besides its text."""

    region_code: str | None  # the report's own area (GB/T 2260), default for every fact
    covered_year: int | None  # the year the report covers: default period_year
    published_year: int | None = None
    document_id: str | None = None

    @classmethod
    def from_metadata(
        cls,
        *,
        inferred: Any,
        manifest: Mapping | Sequence[Mapping] | None = None,
        document_id: str | None = None,
    ) -> DocumentContext:
        """The document's area and years: the manifest (given by a person) wins over what the
        parser inferred from the text, field by field; among several manifests (one per
        source), the first seen that gives the field. The SQL twin is `int_documents`
        (tests/integration/test_document_context.py checks that they agree).

        `inferred` is a ParsedDocument or a mapping; `manifest` one mapping (a manifest.csv
        row) or several, first seen first. Each may give `region_code`, `covered_year` and
        `published_date` (a date, or text such as 2024-03-01); empty values give nothing.
        """
        manifests = (
            [] if manifest is None else [manifest] if isinstance(manifest, Mapping) else list(manifest)
        )
        sources = [*manifests, inferred]

        def first(name: str, convert):
            for source in sources:
                value = convert(_field(source, name))
                if value is not None:
                    return value
            return None

        return cls(
            region_code=first("region_code", lambda v: v if v is None else str(v)),
            covered_year=first("covered_year", _year),
            published_year=first("published_date", _year),
            document_id=document_id,
        )


def _field(source: Any, name: str) -> Any:
    value = source.get(name) if isinstance(source, Mapping) else getattr(source, name, None)
    if isinstance(value, str):
        value = value.strip() or None
    return value


def _year(value: Any) -> int | None:
    """2023, '2023', '2023-04-01' or date(2023, 4, 1) -> 2023; anything else -> None."""
    if value is None or isinstance(value, int | dt.date):
        return value.year if isinstance(value, dt.date) else value
    s = str(value).strip()
    return int(s[:4]) if len(s) >= 4 and s[:4].isdigit() else None


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
