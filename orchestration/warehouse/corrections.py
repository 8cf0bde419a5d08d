"""Corrections as data: a CSV a team keeps under version control, applied by dbt on every build.

A correction names what it corrects by content, not by a surrogate key: the document's
sha256, the character span of the number in the canonical text and the text found there
("9个"). Re-extracting a document (a new extractor, a changed catalog) gives new fact
indexes and observation ids but the same span and text, so the correction still applies;
when no fact has that span and text any more, `marts.corrections` reports it as orphaned,
and the row stays in the file.

The file is `corrections.csv` beside the warehouse, or env `BUREAU_CORRECTIONS`. This module
owns the file (its columns, reading, appending a row) and `build_correction`, the row
`bureau correct` writes for an observation; `warehouse/raw_corrections.py` copies the file
into `raw.corrections` before every dbt build.
"""

from __future__ import annotations

import csv
import datetime as dt
import fcntl
import getpass
import hashlib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import duckdb

from orchestration.settings import warehouse_dir

# The columns of corrections.csv, in file order. The key (sha256, char_start, char_end,
# reported_text) decides what a row applies to; set_* and drop say what changes; the
# context columns record what the row looked like when corrected, for the person
# reviewing the file (they are not used for matching).
KEY_COLUMNS = ("sha256", "char_start", "char_end", "reported_text")
CHANGE_COLUMNS = (
    "set_value",
    "set_unit",
    "set_indicator_code",
    "set_region_code",
    "set_period_year",
    "set_value_kind",
    "drop",
)
CONTEXT_COLUMNS = (
    "document_id",
    "observation_id",
    "indicator_code",
    "region_code",
    "period_year",
    "value_kind",
    "value",
    "unit",
    "evidence",
)
COLUMNS = (
    "correction_id",
    *KEY_COLUMNS,
    *CHANGE_COLUMNS,
    "reason",
    "corrected_by",
    "corrected_at",
    *CONTEXT_COLUMNS,
)

VALUE_KINDS = ("actual", "estimate", "target")

_MULTIPLIERS = {"": 1, "千": 1000, "万": 10_000, "亿": 100_000_000, "万亿": 1_000_000_000_000}
_VALUE_RE = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*(万亿|亿|万|千)?\s*(元|美元)?\s*$")


class CorrectionError(ValueError):
    """A correction that cannot be written: the message says what is wrong and what to do."""


def corrections_path(warehouse: Path) -> Path:
    """`BUREAU_CORRECTIONS`, else `corrections.csv` beside the warehouse file; always absolute."""
    explicit = os.environ.get("BUREAU_CORRECTIONS")
    if explicit:
        return Path(explicit).expanduser().resolve()
    return warehouse_dir(warehouse) / "corrections.csv"


def parse_value(text: str) -> Decimal:
    """A value in base units: '1418', '183.58亿' (= 18358000000), '3.4'. Raises CorrectionError."""
    m = _VALUE_RE.match(text or "")
    if not m:
        raise CorrectionError(
            f"--value {text!r} is not a number: give base units (1418, 0.034) or 亿/万 (183.58亿)"
        )
    try:
        value = Decimal(m.group(1)) * _MULTIPLIERS[m.group(2) or ""]
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        raise CorrectionError(f"--value {text!r} is not a number") from None
    return value.normalize() if value == value.to_integral() else value


def _decimal_text(d: Decimal) -> str:
    return format(d, "f")


@dataclass
class Correction:
    """One row of corrections.csv."""

    sha256: str
    char_start: int
    char_end: int
    reported_text: str
    reason: str
    corrected_by: str
    corrected_at: str
    set_value: str = ""
    set_unit: str = ""
    set_indicator_code: str = ""
    set_region_code: str = ""
    set_period_year: str = ""
    set_value_kind: str = ""
    drop: str = ""
    document_id: str = ""
    observation_id: str = ""
    indicator_code: str = ""
    region_code: str = ""
    period_year: str = ""
    value_kind: str = ""
    value: str = ""
    unit: str = ""
    evidence: str = ""
    correction_id: str = ""

    def __post_init__(self) -> None:
        if not self.correction_id:
            basis = (
                f"{self.sha256}:{self.char_start}:{self.char_end}:{self.reported_text}:{self.corrected_at}"
            )
            self.correction_id = "c" + hashlib.sha256(basis.encode()).hexdigest()[:11]

    def as_row(self) -> dict[str, str]:
        return {c: str(getattr(self, "drop" if c == "drop" else c)) for c in COLUMNS}

    @property
    def changes(self) -> str:
        """What the row changes, e.g. 'value=1418 unit=count' or 'drop'."""
        return describe_changes(self.as_row())


def describe_changes(row: Mapping[str, str]) -> str:
    """What a row of corrections.csv changes, e.g. 'value=1418 unit=count' or 'drop'."""
    if row.get("drop") == "true":
        return "drop"
    return " ".join(f"{c[4:]}={row[c]}" for c in CHANGE_COLUMNS[:-1] if row.get(c))


def read_file(path: Path) -> list[dict[str, str]]:
    """The rows of a corrections file as written (no file: no rows). Extra columns are ignored."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [dict(r) for r in csv.DictReader(fh)]


def append(path: Path, correction: Correction) -> None:
    """Append one row (header first on a new file), under an exclusive lock on the file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+", encoding="utf-8", newline="") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        fh.seek(0, os.SEEK_END)
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        if fh.tell() == 0:
            w.writeheader()
        w.writerow(correction.as_row())


# ---------------------------------------------------------------- making one from an observation

LOOKUP_SQL = """
select o.observation_id, o.document_id, o.fact_index, o.is_derived, o.char_start, o.char_end,
       o.indicator_code, o.region_code, o.period_year, o.value_kind, o.value, o.unit, o.evidence,
       d.sha256, f.reported_text
from marts.fct_indicator_observations o
join raw.documents d using (document_id)
join raw.indicator_facts f on f.document_id = o.document_id and f.fact_index = o.fact_index
where o.observation_id = ?
"""


def _value_text(v) -> str:
    if v is None:
        return ""
    d = Decimal(str(v))
    return _decimal_text(d.normalize() if d == d.to_integral() else d)


def build_correction(
    con: duckdb.DuckDBPyConnection,
    observation_id: str,
    *,
    reason: str,
    by: str | None = None,
    value: str | None = None,
    unit: str | None = None,
    indicator: str | None = None,
    region: str | None = None,
    year: int | None = None,
    kind: str | None = None,
    drop: bool = False,
    previous: list[dict[str, str]] = (),
    now: dt.datetime | None = None,
) -> Correction:
    """The correction row for `observation_id` in the warehouse behind `con`; CorrectionError if invalid.

    An earlier correction of the same number is carried forward (a later `--unit` keeps an
    earlier `--value`), so the latest row for a key is always complete and dbt applies it alone.
    """
    if not (reason or "").strip():
        raise CorrectionError("--reason is required: say why the number is wrong (it is kept with the row)")
    changes = [value, unit, indicator, region, year, kind]
    if drop and any(c is not None for c in changes):
        raise CorrectionError("--drop removes the row: give it alone, without --value/--unit/--indicator/...")
    if not drop and all(c is None for c in changes):
        raise CorrectionError(
            "nothing to correct: give --value, --unit, --indicator, --region, --year, --kind or --drop"
        )
    row = con.execute(LOOKUP_SQL, [observation_id]).fetchone()
    if row is None:
        raise CorrectionError(
            f"no observation {observation_id!r} in the warehouse: copy an id from `bureau review` or "
            '`bureau query "select observation_id, ... from marts.fct_indicator_observations"`'
        )
    (obs_id, doc_id, fact_index, is_derived, start, end, code, region_code, period_year, value_kind,
     old_value, old_unit, evidence, sha256, reported_text) = row  # fmt: skip
    if is_derived:
        source_id = con.execute(
            "select observation_id from marts.fct_indicator_observations "
            "where document_id = ? and fact_index = ? and not is_derived limit 1",
            [doc_id, fact_index],
        ).fetchone()
        hint = f" {source_id[0]}" if source_id else ""
        raise CorrectionError(
            f"observation {observation_id} is derived (computed from another number): correct the "
            f"number it was computed from{hint} instead; the derived value follows"
        )
    if (
        indicator is not None
        and not con.execute(
            "select 1 from marts.dim_indicators where indicator_code = ?", [indicator]
        ).fetchone()
    ):
        raise CorrectionError(f"--indicator {indicator!r} is not in the catalog: see marts.dim_indicators")
    if (
        region is not None
        and not con.execute("select 1 from marts.dim_regions where region_code = ?", [region]).fetchone()
    ):
        raise CorrectionError(f"--region {region!r} is not a GB/T 2260 code in marts.dim_regions")
    if kind is not None and kind not in VALUE_KINDS:
        raise CorrectionError(f"--kind {kind!r}: give one of {', '.join(VALUE_KINDS)}")
    if year is not None and not 1949 <= year <= 2100:
        raise CorrectionError(f"--year {year}: give a four-digit year between 1949 and 2100")
    fields = {
        "set_value": _decimal_text(parse_value(value)) if value is not None else None,
        "set_unit": unit,
        "set_indicator_code": indicator,
        "set_region_code": region,
        "set_period_year": str(year) if year is not None else None,
        "set_value_kind": kind,
    }
    key = (sha256, str(start), str(end), reported_text)
    earlier = [r for r in previous if tuple(r.get(c, "") for c in KEY_COLUMNS) == key]
    carried = earlier[-1] if earlier and not drop else {}
    if carried.get("drop") == "true":
        carried = {}  # correcting a dropped row brings it back with the new values only
    merged = {c: (fields[c] if fields[c] is not None else carried.get(c, "")) for c in fields}
    stamp = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0, tzinfo=None).isoformat(sep=" ")
    return Correction(
        sha256=sha256,
        char_start=start,
        char_end=end,
        reported_text=reported_text,
        reason=reason.strip(),
        corrected_by=by or os.environ.get("BUREAU_USER") or getpass.getuser(),
        corrected_at=stamp,
        drop="true" if drop else "",
        document_id=doc_id,
        observation_id=obs_id,
        indicator_code=code,
        region_code=region_code,
        period_year=str(period_year),
        value_kind=value_kind,
        value=_value_text(old_value),
        unit=old_unit or "",
        evidence=evidence or "",
        **merged,
    )
