"""D1: the extractor's `sentence_index` is the index of the `raw.sentences` row holding the number.

Over the seven bundled reports, parsed as the pipeline parses them and extracted with the
parser's own area and year: for every fact read from prose, the parser's sentence number
`sentence_index` contains the fact's characters and its evidence.
"""

from __future__ import annotations

import pytest

from orchestration.extract import DocumentContext, extract_facts
from orchestration.parse import parse_document
from tests.unit._parse_helpers import CORPUS


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_every_fact_points_at_the_raw_sentence_holding_its_number(path):
    doc = parse_document(path.read_bytes(), source_uri=str(path))
    facts = extract_facts(
        doc.text, DocumentContext(region_code=doc.region_code, covered_year=doc.covered_year)
    )
    assert facts, path.name
    for f in facts:
        s = doc.sentences[f.sentence_index]
        assert s.start <= f.char_start and f.char_end <= s.end, (path.name, f.reported_text, s.text)
        if f.rule != "table_cell":  # prose: the evidence is that sentence (a table cell's is its row)
            assert f.evidence in s.text or s.text in f.evidence, (path.name, f.evidence, s.text)
