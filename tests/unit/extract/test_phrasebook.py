"""Run the phrasebook (`tests/data/phrasebook/*.yaml`): every supported phrasing, as data.

Each entry is a passage written for the book, the report it stands in, and every fact the
extractor must return for it, in order. An entry with `gap:` documents a phrasing not read yet:
it is a strict expected failure, so it must be taken out of the gaps once it passes.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from orchestration.extract import DocumentContext, extract_facts

BOOK = Path(__file__).resolve().parents[2] / "data" / "phrasebook"

# the key in the book -> the Fact attribute it checks, and how to read the book's value
FIELDS = {
    "code": ("indicator_code", lambda v: v),
    "value": ("value", Decimal),
    "high": ("value_high", Decimal),
    "unit": ("unit", str),
    "year": ("period_year", int),
    "region": ("region_code", str),
    "kind": ("value_kind", str),
    "measure": ("measure", str),
    "comparator": ("comparator", str),
    "period": ("period_kind", str),
    "months": ("period_months", int),
}


def _contexts() -> dict[str, DocumentContext]:
    raw = yaml.safe_load((BOOK / "contexts.yaml").read_text(encoding="utf-8"))
    return {
        name: DocumentContext(
            region_code=c["region"], covered_year=c["covered"], published_year=c["published"]
        )
        for name, c in raw.items()
    }


def _entries():
    for path in sorted(BOOK.glob("*.yaml")):
        if path.name == "contexts.yaml":
            continue
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
            marks = [pytest.mark.xfail(reason=entry["gap"], strict=True)] if entry.get("gap") else []
            yield pytest.param(entry, id=f"{path.stem}: {entry['phrasing']}", marks=marks)


CONTEXTS = _contexts()
ENTRIES = list(_entries())


def test_every_entry_is_well_formed():
    assert len(ENTRIES) >= 50
    for p in ENTRIES:
        entry = p.values[0]
        assert {"phrasing", "report", "text", "facts"} <= set(entry), entry
        assert entry["report"] in CONTEXTS, entry["report"]
        for fact in entry["facts"]:
            assert "text" in fact and "code" in fact, fact
            assert set(fact) - {"text"} <= set(FIELDS), fact


@pytest.mark.parametrize("entry", ENTRIES)
def test_phrasing(entry):
    facts = extract_facts(entry["text"], CONTEXTS[entry["report"]])
    got = [f.reported_text for f in facts]
    want = [str(f["text"]) for f in entry["facts"]]
    assert got == want, f"numbers read: {got}, the book lists: {want}"
    for fact, expected in zip(facts, entry["facts"], strict=True):
        for key, (attr, cast) in FIELDS.items():
            if key in expected:
                want_value = None if expected[key] is None else cast(expected[key])
                assert getattr(fact, attr) == want_value, (
                    f"{expected['text']}: {attr} is {getattr(fact, attr)!r}, the book says {want_value!r}"
                )
