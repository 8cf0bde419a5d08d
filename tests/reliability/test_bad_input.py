"""Bad input: mutated real reports never crash parse/extract, every fact keeps the contract,
and through `bureau load` everything unreadable is quarantined with a reason.
The long version is `scripts/soak.py fuzz` (10,000+ documents) and `scripts/soak.py e2e`."""

from __future__ import annotations

import random
import subprocess
import sys
import time

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orchestration.extract import DocumentContext, extract_facts
from orchestration.parse import UnreadableDocument, parse_document
from tests.reliability import harness as h

CORPUS = h.corpus_texts()


def _check(data: bytes, name: str) -> None:
    try:
        doc = parse_document(data, source_uri=f"fuzz/{name}")
    except UnreadableDocument as exc:
        assert str(exc).strip(), "an unreadable document needs a reason"
        return
    facts = extract_facts(
        doc.text, DocumentContext(region_code=doc.region_code, covered_year=doc.covered_year)
    )
    for f in facts:
        assert h.fact_violations(f, doc.text) == [], f


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(range(len(CORPUS))),
    st.sampled_from(h.MUTATORS),
    st.integers(min_value=0, max_value=2**32),
)
def test_mutated_reports_never_crash_and_keep_the_contract(doc: int, kind: str, seed: int):
    _, data, name = h.mutate(CORPUS[doc][1], random.Random(seed), kind)
    _check(data, name)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=4096), st.sampled_from(["x.txt", "x.html", "x.pdf", "x.docx"]))
def test_arbitrary_bytes(data: bytes, name: str):
    _check(data, name)


@pytest.mark.parametrize("kind", ["zip_bomb", "nested_html", "huge_line"])
def test_bombs_are_bounded(kind):
    _, data, name = h.mutate(CORPUS[0][1], random.Random(0), kind)
    _check(data, name)


@pytest.mark.parametrize("variant", h.PDF_BOMBS)
def test_pdf_bombs_are_bounded(variant):
    """Well-formed PDFs (valid xref) that inflate 1000:1, claim thousands of pages or loop."""
    _check(h._pdf_bomb(random.Random(0), variant), "x.pdf")


def test_deeply_nested_html_is_bounded():
    """100,000 nested <div>s (1.1 MB) must not take minutes (a denial of service for one page).

    Run in a subprocess: the time goes into C code that a signal-based timeout cannot interrupt."""
    code = (
        "from tests.reliability.harness import _nested_html\n"
        "from orchestration.parse import parse_document, UnreadableDocument\n"
        "try:\n    parse_document(_nested_html(100_000), source_uri='x.html')\n"
        "except UnreadableDocument:\n    pass\n"
    )
    t0 = time.monotonic()
    try:
        subprocess.run([sys.executable, "-c", code], cwd=h.PROJECT_ROOT, timeout=30, check=True)
    except subprocess.TimeoutExpired:
        pytest.fail(
            f"parse_document of 100,000 nested <div>s still running after {time.monotonic() - t0:.0f} s"
        )


@pytest.mark.soak
def test_fuzz_soak_10k():
    sys.path.insert(0, str(h.PROJECT_ROOT))
    from scripts.soak import main

    assert main(["fuzz", "--docs", "10000", "--out", "/tmp/bureau-fuzz-soak.json"]) == 0


@pytest.mark.slow
def test_mutated_reports_through_bureau_load_are_quarantined_with_reasons(tmp_path):
    rng = random.Random(99)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i in range(40):
        _, data = CORPUS[i % len(CORPUS)]
        kind, out, name = h.mutate(data, rng, h.MUTATORS[i % len(h.MUTATORS)])
        (inbox / f"{i:03d}_{kind}{name[1:]}").write_bytes(out)
    (inbox / "empty.txt").write_bytes(b"")
    wh = tmp_path / "w.duckdb"
    res = h.run_bureau("load", str(inbox), "--warehouse", str(wh), "-q")
    assert res.returncode in (0, 3), res.stderr[-2000:]
    con = duckdb.connect(str(wh), read_only=True)
    try:
        not_quarantined = con.execute(
            "select source_uri from marts.dim_documents d where not is_readable and not exists "
            "(select 1 from marts.quarantine q where q.document_id = d.document_id and trim(q.reason) != '')"
        ).fetchall()
        sources = con.execute("select count(distinct source_uri) from marts.dim_document_sources").fetchone()[
            0
        ]
        quarantined = con.execute("select count(*) from marts.quarantine").fetchone()[0]
        assert not_quarantined == []
        assert quarantined >= 1  # at least the empty file
        assert sources == 41  # every file is a source of some document: nothing disappears
        assert con.execute(h.MART_CONTRACT_SQL).fetchone()[0] == 0
        assert con.execute(h.OFFSETS_SQL).fetchone()[0] == 0
    finally:
        con.close()
