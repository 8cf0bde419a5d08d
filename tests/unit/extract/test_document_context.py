"""DocumentContext.from_metadata: the manifest over the parser, field by field."""

import datetime as dt

from orchestration.extract import DocumentContext

PARSED = {"region_code": "350200", "covered_year": 2023, "published_date": dt.date(2024, 2, 18)}


def test_inferred_alone():
    ctx = DocumentContext.from_metadata(inferred=PARSED, document_id="d1")
    assert ctx == DocumentContext("350200", 2023, 2024, "d1")


def test_manifest_row_wins_field_by_field_and_blank_cells_give_nothing():
    row = {"region_code": "350000", "covered_year": " ", "published_date": "2025-01-05"}
    assert DocumentContext.from_metadata(inferred=PARSED, manifest=row) == DocumentContext(
        "350000", 2023, 2025
    )


def test_first_manifest_that_gives_a_field():
    manifests = [
        {"region_code": "350000", "covered_year": None},
        {"region_code": "110000", "covered_year": 2020},
    ]
    ctx = DocumentContext.from_metadata(inferred=PARSED, manifest=manifests)
    assert (ctx.region_code, ctx.covered_year, ctx.published_year) == ("350000", 2020, 2024)


def test_parsed_document_attributes_and_nothing_known():
    class Parsed:  # a ParsedDocument gives the same fields as attributes
        region_code, covered_year, published_date = None, None, None

    assert DocumentContext.from_metadata(
        inferred=Parsed(), manifest={"covered_year": "2019"}
    ) == DocumentContext(None, 2019, None)
    assert DocumentContext.from_metadata(inferred={}) == DocumentContext(None, None, None)
