"""Dry run of a catalog change: what a new alias would capture in a corpus.

    bureau catalog check 研发强度 --code rd_intensity ../shared/corpus

The documents are extracted twice, with the catalog as it is and with the alias added to
`code`; every fact whose indicator changes is listed with its sentence, so a person sees
both the phrases the alias gains and the ones it would steal from another code (增值税
would take 土地增值税 unless that has an alias of its own) before editing
`dbt_project/seeds/indicators.csv`.  Pure: texts in, differences out.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from orchestration.catalog.indicators import Indicator, indicators
from orchestration.extract.engine import extract_facts
from orchestration.extract.facts import DocumentContext
from orchestration.extract.indicators import build_lexicon


@dataclass(frozen=True, slots=True)
class Change:
    document: str
    reported_text: str
    before: str | None  # indicator code with today's catalog
    after: str | None  # with the alias added
    evidence: str


def with_alias(rows: tuple[Indicator, ...], code: str, alias: str) -> tuple[Indicator, ...]:
    """The catalog rows with `alias` added to `code` (ValueError for an unknown code)."""
    if not any(r.indicator_code == code for r in rows):
        raise ValueError(f"unknown indicator code {code!r} (see dbt_project/seeds/indicators.csv)")
    return tuple(
        dataclasses.replace(r, aliases=(*r.aliases, alias)) if r.indicator_code == code else r for r in rows
    )


def alias_changes(alias: str, code: str, documents: list[tuple[str, str, DocumentContext]]) -> list[Change]:
    """Facts whose indicator differs once `alias` belongs to `code`, over (name, text, context)."""
    rows = indicators()
    before_lex = build_lexicon(rows)
    after_lex = build_lexicon(with_alias(rows, code, alias))
    out: list[Change] = []
    for name, text, ctx in documents:
        before = {(f.char_start, f.measure): f for f in extract_facts(text, ctx, lexicon=before_lex)}
        for f in extract_facts(text, ctx, lexicon=after_lex):
            old = before.get((f.char_start, f.measure))
            old_code = old.indicator_code if old else None
            if old_code != f.indicator_code:
                out.append(Change(name, f.reported_text, old_code, f.indicator_code, f.evidence))
    return out
