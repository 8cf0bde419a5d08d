"""Shared machinery of the reliability tests and `scripts/soak.py`.

Mart checksums (order-independent, volatile columns left out), per-document
consistency checks, a `bureau` subprocess runner that can be SIGKILLed at a
chosen moment, the fact contract, and the mutators of the bad-input fuzzer.
Nothing here imports Dagster: the soak process stays light and the killed
process is always a separate `bureau` process.
"""

from __future__ import annotations

import bz2
import contextlib
import gzip
import io
import math
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb

from orchestration.settings import BUNDLED_REPORTS_DIR, PROJECT_ROOT

REPORTS = BUNDLED_REPORTS_DIR / "reports"

# Columns whose value is the wall-clock time of a run: the only differences allowed
# between a recovered warehouse and an uninterrupted one.
VOLATILE_COLUMNS = frozenset(
    {"loaded_at", "seen_at", "first_seen_at", "last_seen_at", "extracted_at", "parsed_at", "fetched_at"}
)

COMPARATORS = frozenset({"=", ">", ">=", "~", "<", "<="})
VALUE_KINDS = frozenset({"actual", "estimate", "target"})
MEASURES = frozenset({"level", "yoy_pct", "pp_change", "share_pct", "rank_change"})
YEAR_RANGE = (1949, 2100)


# --------------------------------------------------------------------------- the CLI


def bureau_argv() -> list[str]:
    """The installed console script, as a user runs it (env BUREAU_CLI overrides, space-separated)."""
    if os.environ.get("BUREAU_CLI"):
        return os.environ["BUREAU_CLI"].split()
    exe = shutil.which("bureau", path=str(PROJECT_ROOT / ".venv" / "bin")) or shutil.which("bureau")
    return [exe or "bureau"]


def bureau_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DAGSTER_HOME",)}
    env.update(extra or {})
    return env


def run_bureau(
    *args: str, env: dict[str, str] | None = None, timeout: float = 900
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*bureau_argv(), *args],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env=bureau_env(env),
        timeout=timeout,
    )


def start_bureau(*args: str, env: dict[str, str] | None = None, log: Path | None = None) -> subprocess.Popen:
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 - closed by the caller's wait
    return subprocess.Popen(
        [*bureau_argv(), *args],
        stdout=out,
        stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
        cwd=PROJECT_ROOT,
        env=bureau_env(env),
        start_new_session=True,  # kill the whole group: dbt may run helpers
    )


def load_and_kill(files: list[Path], warehouse: Path, delay: float, log: Path | None = None) -> int | None:
    """Start `bureau load FILES --warehouse W`, SIGKILL its process group after `delay` s.

    Returns the exit code if the run ended on its own before the kill, else None.
    """
    proc = start_bureau("load", *map(str, files), "--warehouse", str(warehouse), "-q", log=log)
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return proc.returncode
        time.sleep(0.02)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    return None


# --------------------------------------------------------------------------- checksums


def mart_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        t
        for (t,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
        ).fetchall()
    ]


def stable_columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[str]:
    cols = con.execute(
        "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
        "order by ordinal_position",
        [schema, table],
    ).fetchall()
    return [c for (c,) in cols if c not in VOLATILE_COLUMNS]


def table_checksum(
    con: duckdb.DuckDBPyConnection, schema: str, table: str, where: str = ""
) -> tuple[int, str]:
    """(row count, order-independent md5 of every row's stable columns)."""
    cols = ", ".join(f'"{c}"' for c in stable_columns(con, schema, table))
    sql = (
        f"select count(*), coalesce(md5(string_agg(h, '' order by h)), '') from "
        f'(select md5(cast(row({cols}) as varchar)) as h from {schema}."{table}" {where})'
    )
    n, digest = con.execute(sql).fetchone()
    return int(n), digest


def mart_checksums(warehouse: Path) -> dict[str, tuple[int, str]]:
    """Checksum of every table in schema `marts` (read-only connection)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {t: table_checksum(con, "marts", t) for t in mart_tables(con)}
    finally:
        con.close()


def diff_checksums(got: dict, want: dict) -> list[str]:
    out = []
    for t in sorted(set(got) | set(want)):
        if got.get(t) != want.get(t):
            out.append(f"marts.{t}: got {got.get(t)} want {want.get(t)}")
    return out


def per_document_state(warehouse: Path) -> dict[str, str]:
    """document_id -> digest of what the marts show of it (observations read from it, quarantine)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return _per_document_state(con)
    finally:
        con.close()


def _per_document_state(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    if "dim_documents" not in mart_tables(con):
        return {}
    fct_cols = ", ".join(f'"{c}"' for c in stable_columns(con, "marts", "fct_indicator_observations"))
    um_cols = ", ".join(f'"{c}"' for c in stable_columns(con, "marts", "unmapped_facts"))
    q_cols = ", ".join(f'"{c}"' for c in stable_columns(con, "marts", "quarantine"))
    rows = con.execute(
        f"""
        with o as (select document_id, md5(cast(row({fct_cols}) as varchar)) h
                   from marts.fct_indicator_observations where not is_derived),
             u as (select document_id, md5(cast(row({um_cols}) as varchar)) h from marts.unmapped_facts),
             q as (select document_id, md5(cast(row({q_cols}) as varchar)) h from marts.quarantine),
             allh as (select document_id, 'o' || h h from o union all select document_id, 'u' || h from u
                      union all select document_id, 'q' || h from q)
        select d.document_id, d.is_readable,
               coalesce(md5(string_agg(allh.h, '' order by allh.h)), '')
        from marts.dim_documents d left join allh using (document_id)
        group by d.document_id, d.is_readable
        """
    ).fetchall()
    return {doc: f"{readable}:{digest}" for doc, readable, digest in rows}


def half_loaded_documents(warehouse: Path, reference: dict[str, str]) -> list[str]:
    """Documents visible in marts.dim_documents whose observations/quarantine differ from a full load.

    `reference` is `per_document_state` of an uninterrupted run over the same files.
    A document absent from dim_documents is fine (not loaded yet); a visible one must be whole.
    """
    if not warehouse.exists():
        return []
    try:
        state = per_document_state(warehouse)
    except duckdb.Error as exc:  # a file that cannot even be opened is a finding, not a pass
        return [f"cannot open {warehouse.name}: {exc}"]
    return [
        f"{doc}: {got} != {reference.get(doc)}"
        for doc, got in state.items()
        if doc in reference and got != reference[doc]
    ] + [f"{doc}: not in reference" for doc in state if doc not in reference]


def raw_duplicates(warehouse: Path) -> list[str]:
    """Primary-key style duplicates in the raw tables (should be impossible)."""
    checks = {
        "documents": "select document_id from raw.documents group by 1 having count(*) > 1",
        "document_sources": "select document_id || source_uri from raw.document_sources group by 1 having count(*) > 1",
        "indicator_facts": "select document_id || fact_index from raw.indicator_facts group by 1 having count(*) > 1",
        "quarantine": "select document_id || stage from raw.quarantine group by 1 having count(*) > 1",
        "sentences": "select document_id || sentence_index from raw.sentences group by 1 having count(*) > 1",
    }
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return [
            f"raw.{t}: {len(r)} duplicated keys"
            for t, sql in checks.items()
            if (r := con.execute(sql).fetchall())
        ]
    finally:
        con.close()


# --------------------------------------------------------------------------- the fact contract


def fact_violations(fact, text: str) -> list[str]:
    """Ways `fact` breaks the extraction contract against the canonical `text`."""
    bad = []
    for name in ("value", "multiplier"):
        v = getattr(fact, name)
        if not isinstance(v, Decimal) or not v.is_finite():
            bad.append(f"{name} {v!r} not a finite Decimal")
    if fact.value_high is not None and (
        not isinstance(fact.value_high, Decimal) or not fact.value_high.is_finite()
    ):
        bad.append(f"value_high {fact.value_high!r} not finite")
    if fact.comparator not in COMPARATORS:
        bad.append(f"comparator {fact.comparator!r}")
    if fact.value_kind not in VALUE_KINDS:
        bad.append(f"value_kind {fact.value_kind!r}")
    if fact.measure not in MEASURES:
        bad.append(f"measure {fact.measure!r}")
    if fact.period_year is not None and not (YEAR_RANGE[0] <= fact.period_year <= YEAR_RANGE[1]):
        bad.append(f"period_year {fact.period_year}")
    if not (0 <= fact.char_start < fact.char_end <= len(text)):
        bad.append(f"offsets {fact.char_start}..{fact.char_end} outside text of {len(text)}")
    elif text[fact.char_start : fact.char_end] != fact.reported_text:
        bad.append(f"offsets slice {text[fact.char_start : fact.char_end]!r} != {fact.reported_text!r}")
    if not fact.unit or not fact.rule:
        bad.append("empty unit or rule")
    return bad


MART_CONTRACT_SQL = f"""
select count(*) from marts.fct_indicator_observations
where value is null or isnan(value) or isinf(value)
   or comparator not in ({", ".join(repr(c) for c in sorted(COMPARATORS))})
   or value_kind not in ({", ".join(repr(c) for c in sorted(VALUE_KINDS))})
   or measure not in ({", ".join(repr(c) for c in sorted(MEASURES))})
   or (period_year is not null and period_year not between {YEAR_RANGE[0]} and {YEAR_RANGE[1]})
   or document_id is null or evidence is null or rule is null
   or (not is_derived and (char_start is null or char_end is null or char_start >= char_end))
"""

OFFSETS_SQL = """
select count(*) from raw.indicator_facts f join raw.document_text t using (document_id)
where substring(t.text, f.char_start + 1, f.char_end - f.char_start) != f.reported_text
"""


# --------------------------------------------------------------------------- bad input


def corpus_texts() -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in sorted(REPORTS.glob("*.txt"))]


def _nested_html(depth: int) -> bytes:
    return b"<div>" * depth + "技术合同成交额173.58亿元".encode() + b"</div>" * depth


def _pdf_file(objects: list[bytes]) -> bytes:
    """A well-formed PDF (objects 1..n, object 1 the catalog) with a correct xref table,
    so readers take the normal path instead of giving up early on a damaged file."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes) -> bytes:
    import zlib

    packed = zlib.compress(data, 9)
    return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"


PDF_BOMBS = ("inflate", "pages", "loop")


def _pdf_bomb(rng: random.Random, variant: str | None = None) -> bytes:
    """Well-formed PDFs built to exhaust a reader: a text stream that inflates ~1000:1
    (hundreds of MB of text operators), thousands of pages sharing one stream, or a
    page tree that contains itself."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    variant = variant or rng.choice(PDF_BOMBS)
    if variant == "inflate":
        ops = b"BT /F1 9 Tf 72 720 Td (2023 R&D 3.3% 173.58) Tj ET\n" * (3_000_000 + rng.randrange(1000))
        page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        page += b" /Resources << /Font << /F1 5 0 R >> >> >>"
        return _pdf_file(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                page,
                _stream(ops),
                font,
            ]
        )
    if variant == "pages":
        n = 3000 + rng.randrange(2000)
        kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(n))
        page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R"
        page += b" /Resources << /Font << /F1 4 0 R >> >> >>"
        return _pdf_file(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n,
                _stream(b"BT /F1 9 Tf 72 720 Td (R&D 3.3%) Tj ET\n" * 5),
                font,
            ]
            + [page] * n
        )
    page = b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>"
    return _pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
            page,
            _stream(b"0 0 Td " * 2_000_000),
        ]
    )


def _zip_bomb(rng: random.Random) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<w:t>" + b"\x00" * (5_000_000 + rng.randrange(1000)) + b"</w:t>")
        z.writestr("[Content_Types].xml", b"<Types/>")
    return buf.getvalue()


MUTATORS = (
    "truncate",
    "random_bytes",
    "flip_bytes",
    "wrong_encoding",
    "huge_line",
    "control_chars",
    "nested_html",
    "pdf_bomb",
    "zip_bomb",
    "gzip_wrapped",
    "splice",
    "bom_mix",
    "nul_flood",
    "html_wrap",
    "numbers_storm",
)


def mutate(data: bytes, rng: random.Random, kind: str | None = None) -> tuple[str, bytes, str]:
    """(mutator name, mutated bytes, a suggested file name) from a real report's bytes."""
    kind = kind or rng.choice(MUTATORS)
    text = data.decode("utf-8", "replace")
    name = "x.txt"
    if kind == "truncate":
        out = data[: rng.randrange(0, len(data) + 1)]
    elif kind == "random_bytes":
        out = rng.randbytes(rng.randrange(0, 4096))
    elif kind == "flip_bytes":
        b = bytearray(data)
        for _ in range(rng.randrange(1, 64)):
            if b:
                b[rng.randrange(len(b))] = rng.randrange(256)
        out = bytes(b)
    elif kind == "wrong_encoding":
        enc = rng.choice(
            ["gb18030", "big5", "utf-16", "utf-16-be", "shift_jis", "latin-1", "cp1252", "utf-32"]
        )
        out = (
            text.encode(enc, "replace")
            if enc not in ("latin-1", "cp1252")
            else data.decode("latin-1").encode(enc, "replace")
        )
    elif kind == "huge_line":
        out = (text.replace("\n", "") * rng.randrange(20, 120)).encode()[:2_000_000]
    elif kind == "control_chars":
        chars = list(text)
        for _ in range(rng.randrange(1, 400)):
            chars.insert(
                rng.randrange(len(chars) + 1),
                chr(rng.choice([*range(0, 32), 0x7F, 0x85, 0x2028, 0x2029, 0x200B, 0xFEFF, 0x202E])),
            )
        out = "".join(chars).encode("utf-8", "surrogatepass")
    elif kind == "nested_html":
        out = _nested_html(rng.choice([100, 1000, 3000]))  # deeper: test_deeply_nested_html_is_bounded
        name = "x.html"
    elif kind == "pdf_bomb":
        out = _pdf_bomb(rng)
        name = "x.pdf"
    elif kind == "zip_bomb":
        out = _zip_bomb(rng)
        name = rng.choice(["x.docx", "x.txt", "x.pdf"])
    elif kind == "gzip_wrapped":
        out = rng.choice([gzip.compress, bz2.compress])(data)
    elif kind == "splice":
        cut = rng.randrange(len(data) + 1)
        out = data[:cut] + rng.randbytes(rng.randrange(1, 256)) + data[cut:]
    elif kind == "bom_mix":
        out = rng.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"]) + data
    elif kind == "nul_flood":
        out = data.replace(b"\n", b"\x00" * rng.randrange(1, 50))
    elif kind == "html_wrap":
        out = (
            f"<html><head><meta charset='{rng.choice(['gb2312', 'utf-8', 'big5', 'bogus'])}'><script>"
            + "x" * 1000
            + "</script></head><body><table><tr><td>"
            + text
            + "</td></tr></table>"
        ).encode()
        name = "x.html"
    else:  # numbers_storm
        out = (
            "技术合同成交额"
            + "".join(rng.choice("0123456789.,%亿万元约超过增长第位") for _ in range(rng.randrange(10, 5000)))
        ).encode()
    return kind, out, name


@dataclass
class FuzzOutcome:
    ok: int = 0
    unreadable: int = 0
    crashes: int = 0
    facts: int = 0
    violations: int = 0


def is_finite_number(x) -> bool:
    try:
        return math.isfinite(float(x))
    except (TypeError, ValueError, OverflowError):
        return False


def python_exe() -> str:
    return sys.executable
