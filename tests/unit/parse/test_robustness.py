"""parse_document never raises anything but UnreadableDocument, on any bytes; and it is fast."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orchestration.parse import parse_document
from orchestration.parse.model import ParsedDocument, UnreadableDocument
from tests.unit._parse_helpers import CORPUS, make_pdf

SEEDS = [p.read_bytes() for p in CORPUS]
HTML = (
    '<html><head><meta charset="gb2312"><title>厦门市科学技术局2023年工作总结</title></head><body>'
    "<div id='zoom'><p>全市R&amp;D经费投入强度预计3.3%。</p></div></body></html>"
).encode("gb18030")
PDF = make_pdf(["Technology contracts 8025 items, turnover 173.58 billion yuan.", "- 1 -"])
SAMPLES = [*SEEDS, HTML, PDF]
NAMES = ["a.txt", "a.html", "a.pdf", "http://x.gov.cn/t20240101_1.htm", "", "a.docx"]
MEDIA = [None, "text/html; charset=gb2312", "application/pdf", "text/plain", "text/html; charset=bogus-enc"]


def _parse_ok(data: bytes, uri: str = "x.txt", media: str | None = None) -> None:
    try:
        doc = parse_document(data, source_uri=uri, media_type=media)
    except UnreadableDocument as e:
        assert str(e)  # a reason, always
        return
    assert isinstance(doc, ParsedDocument)
    assert doc.text
    for s in doc.sentences:
        assert doc.text[s.start : s.end] == s.text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096), st.sampled_from(NAMES), st.sampled_from(MEDIA))
def test_random_bytes(data: bytes, uri: str, media: str | None) -> None:
    _parse_ok(data, uri, media)


@st.composite
def mutated(draw) -> bytes:  # noqa: ANN001
    base = bytearray(draw(st.sampled_from(SAMPLES)))
    for _ in range(draw(st.integers(1, 12))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "splice"]))
        if not base:
            break
        i = draw(st.integers(0, len(base) - 1))
        if op == "flip":
            base[i] = draw(st.integers(0, 255))
        elif op == "insert":
            base[i:i] = draw(st.binary(min_size=1, max_size=16))
        elif op == "delete":
            del base[i : i + draw(st.integers(1, 64))]
        elif op == "truncate":
            del base[i:]
        else:
            other = draw(st.sampled_from(SAMPLES))
            j = draw(st.integers(0, max(0, len(other) - 1)))
            base[i:i] = other[j : j + draw(st.integers(1, 256))]
    return bytes(base)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(), st.sampled_from(NAMES), st.sampled_from(MEDIA))
def test_mutated_corpus_bytes(data: bytes, uri: str, media: str | None) -> None:
    _parse_ok(data, uri, media)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_arbitrary_unicode_text(text: str) -> None:
    _parse_ok(text.encode("utf-8", "surrogatepass"), "a.txt")


@pytest.mark.parametrize(
    "data",
    [
        b"<" * 50000,
        b"<div>" * 20000,
        b"(" * 100000,
        "一、".encode() * 30000,
        b"%PDF-1.4\n" + b"1 0 obj << /Length 99999999 >> stream\n" + b"x" * 1000,
        b"%PDF-1.4\n" + b"[" * 20000,
        "\u2028\u3000\n".encode() * 10000,
        "厦门市".encode() * 20000,
    ],
    ids=["lt", "divs", "parens", "headings", "pdf-length", "pdf-nesting", "separators", "regions"],
)
def test_pathological_inputs(data: bytes) -> None:
    t0 = time.perf_counter()
    _parse_ok(data)
    assert time.perf_counter() - t0 < 5


def test_parse_time_grows_linearly_with_size() -> None:
    """Not a benchmark (that is tests/benchmarks/bench_parse.py): catches accidental quadratic
    behaviour by comparing CPU time at 4x and 16x the largest report - linear gives a ratio
    of ~4, quadratic ~16. A ratio, in CPU time, best of 3: immune to a busy machine."""
    base = max(SEEDS, key=len)
    parse_document(base, source_uri="warm.txt")

    def cpu_seconds(data: bytes) -> float:
        best = float("inf")
        for _ in range(3):
            t0 = time.process_time()
            parse_document(data, source_uri="big.txt")
            best = min(best, time.process_time() - t0)
        return best

    ratio = cpu_seconds(base * 16) / cpu_seconds(base * 4)
    assert ratio < 9, f"parsing 4x more text took {ratio:.1f}x the time"
