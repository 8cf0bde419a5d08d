"""Staging: put a report's bytes in the archive and note where they came from.

Discovery (CLI, inbox sensor, crawler) stages documents here without touching
DuckDB, so it never competes for the single writer. The `raw_documents` asset
then reads the intake record of each partition and writes the raw tables.

A document is its bytes: the id is derived from the sha256, so the same report
arriving from two paths is one document with two sources, and changed bytes at
the same URL are a new document version.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import fcntl
import json
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from orchestration.acquire.archive import Archive, archive_relpath, atomic_write
from orchestration.acquire.fetch_log import stage_fetch_log

if TYPE_CHECKING:
    from orchestration.acquire.crawl_result import CrawlResult

_DOCUMENT_ID = re.compile(r"^d[0-9a-f]{16}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")

REPORT_SUFFIXES = {
    ".txt",
    ".html",
    ".htm",
    ".shtml",
    ".xhtml",
    ".pdf",
    ".doc",
    ".docx",
    ".wps",
    ".xls",
    ".xlsx",
    ".xlsm",
    ".et",
    ".csv",
}
MANIFEST_NAME = "manifest.csv"
# What a manifest row says about its report (the synthetic corpus writes these), then the
# optional provenance columns.
MANIFEST_METADATA_COLUMNS = (
    "file",
    "title",
    "publisher",
    "region_code",
    "covered_year",
    "published_date",
    "report_kind",
)
MANIFEST_COLUMNS = (*MANIFEST_METADATA_COLUMNS, "source", "notes")
FIRST_YEAR = 1949  # covered years before the People's Republic are a typo, not a report


def is_report_file(path: Path) -> bool:
    """A file a folder walk loads: a report suffix, and not a folder's manifest.csv."""
    return path.suffix.lower() in REPORT_SUFFIXES and path.name != MANIFEST_NAME


def document_id_for(sha256: str) -> str:
    """Stable partition key of a document version."""
    return "d" + sha256[:16]


@dataclass
class SourceRecord:
    source_uri: str
    source_kind: str  # seed | file | url | inbox
    seen_at: str
    title: str | None = None
    publisher: str | None = None
    region_code: str | None = None
    covered_year: int | None = None
    published_date: str | None = None
    report_kind: str | None = None
    media_type: str | None = None
    original_url: str | None = None  # where the document was published (manifest `source` URL or crawl)


@dataclass
class IntakeRecord:
    document_id: str
    sha256: str
    byte_size: int
    archive_path: str
    sources: list[SourceRecord] = field(default_factory=list)

    @property
    def media_type(self) -> str | None:
        return next((s.media_type for s in self.sources if s.media_type), None)


def archive_bytes(root: Path, data: bytes) -> tuple[str, Path]:
    """Store `data` content-addressed under `root/archive` (the crawler's archive); idempotent."""
    return Archive.under(root).store(data)


def intake_path(root: Path, document_id: str) -> Path:
    """`root/intake/<id>.json`. Ids are `d` + 16 hex digits: a partition key typed into the
    Dagster UI (or a tampered record) can never name a file outside the intake folder."""
    if not _DOCUMENT_ID.match(document_id or ""):
        raise ValueError(f"not a document id: {document_id!r}")
    return root / "intake" / f"{document_id}.json"


def read_intake(root: Path, document_id: str) -> IntakeRecord:
    """The intake record of `document_id`; FileNotFoundError when there is none (or it is not valid:
    a bad id, a record that does not belong to its id, a half-written or tampered file)."""
    try:
        path = intake_path(root, document_id)
    except ValueError as exc:
        raise FileNotFoundError(str(exc)) from None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        sources = [SourceRecord(**s) for s in raw.pop("sources")]
        record = IntakeRecord(**raw, sources=sources)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise FileNotFoundError(f"intake record {path.name} is not readable: {exc}") from None
    sha = str(record.sha256)
    if not _SHA256.match(sha) or document_id_for(sha) != document_id or record.document_id != document_id:
        raise FileNotFoundError(f"intake record {path.name} does not belong to document {document_id}")
    # The archive path is a function of the sha256: never follow a path written in the file.
    record.archive_path = archive_relpath(sha)
    return record


@contextlib.contextmanager
def _staging_lock(root: Path) -> Iterator[None]:
    """Serialise read-modify-write of intake records across processes (two loads at once)."""
    folder = root / "intake"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a+") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def stage_bytes(root: Path, data: bytes, source: SourceRecord) -> IntakeRecord:
    """Archive `data` and merge `source` into the document's intake record."""
    sha, path = archive_bytes(root, data)
    doc_id = document_id_for(sha)
    ipath = intake_path(root, doc_id)
    with _staging_lock(root):
        return _merge_source(root, ipath, doc_id, sha, data, path, source)


def _merge_source(
    root: Path, ipath: Path, doc_id: str, sha: str, data: bytes, path: Path, source: SourceRecord
) -> IntakeRecord:
    record = None
    if ipath.exists():
        with contextlib.suppress(FileNotFoundError):  # unreadable record: rebuilt from this sighting
            record = read_intake(root, doc_id)
    if record is None:
        record = IntakeRecord(doc_id, sha, len(data), str(path.relative_to(root)))
    existing = next((s for s in record.sources if s.source_uri == source.source_uri), None)
    if existing is None:
        record.sources.append(source)
    else:
        # Same source seen again: refresh manifest fields, keep first sighting time.
        merged = asdict(source) | {"seen_at": existing.seen_at}
        record.sources[record.sources.index(existing)] = SourceRecord(**merged)
    payload = asdict(record)
    atomic_write(ipath, json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8"))
    return record


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds")


class ManifestRowError(ValueError):
    """One row of a manifest is wrong; the message names the manifest, the row and the column."""


def _is_url(value: str) -> bool:
    from urllib.parse import urlsplit

    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def check_manifest_row(row: dict[str, str], folder: Path) -> list[tuple[str, str]]:
    """(column, problem) for each wrong value of one manifest row; empty when the row is good.

    file present; region_code a known GB/T 2260 code; covered_year an integer from 1949 to
    next year; published_date an ISO date (YYYY-MM-DD) not in the future; an http(s) `source`
    a well-formed URL (other `source` text is a free-form note)."""
    from orchestration.catalog.regions import region_by_code

    out: list[tuple[str, str]] = []
    name = (row.get("file") or "").strip()
    if not name:
        out.append(("file", "is empty"))
    elif not (folder / name).is_file():
        out.append(("file", f"no such file {name!r} beside the manifest"))
    region = (row.get("region_code") or "").strip()
    if region and region not in region_by_code():
        out.append(("region_code", f"{region!r} is not a known 6-digit GB/T 2260 region code"))
    year = (row.get("covered_year") or "").strip()
    this_year = dt.date.today().year
    if year:
        if not re.fullmatch(r"\d{4}", year):
            out.append(("covered_year", f"{year!r} is not a year (four digits)"))
        elif not FIRST_YEAR <= int(year) <= this_year + 1:
            out.append(("covered_year", f"{year} is outside {FIRST_YEAR}..{this_year + 1}"))
    date = (row.get("published_date") or "").strip()
    if date:
        try:
            day = dt.date.fromisoformat(date)
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
                raise ValueError
        except ValueError:
            out.append(("published_date", f"{date!r} is not a date (YYYY-MM-DD)"))
        else:
            if day > dt.date.today() + dt.timedelta(days=1):
                out.append(("published_date", f"{date} is in the future"))
    source = (row.get("source") or "").strip()
    if source.lower().startswith(("http://", "https://")) and not _is_url(source):
        out.append(("source", f"{source!r} is not a well-formed URL"))
    return out


def load_manifest(folder: Path) -> tuple[dict[str, dict[str, str]], list[tuple[str | None, str]]]:
    """Good rows of `folder/manifest.csv` keyed by resolved file path, and problems as
    (resolved file path or None, message naming manifest, row and column).

    Rows are numbered as a spreadsheet shows them (the header is row 1). A bad row stops
    only its own document; a manifest that cannot be read at all is one problem."""
    path = folder / MANIFEST_NAME
    if not path.is_file():
        return {}, []
    good: dict[str, dict[str, str]] = {}
    problems: list[tuple[str | None, str]] = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in ("file",) if c not in (reader.fieldnames or [])]
            if missing:
                return {}, [
                    (
                        None,
                        f"{path}: no {missing[0]!r} column in the header (columns: {', '.join(MANIFEST_COLUMNS)})",
                    )
                ]
            for row in reader:
                n = reader.line_num
                if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
                    continue
                name = (row.get("file") or "").strip()
                target = str((folder / name).resolve()) if name else None
                errors = check_manifest_row(row, folder)
                if errors:
                    problems.extend((target, f"{path} row {n}, column {col}: {msg}") for col, msg in errors)
                elif target is not None:
                    good[target] = row
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        return {}, [(None, f"{path}: cannot be read ({exc})")]
    return good, problems


def read_manifest(folder: Path) -> dict[str, dict[str, str]]:
    """The good rows of `manifest.csv` in a folder, keyed by resolved file path. Missing manifest: empty."""
    return load_manifest(folder)[0]


def discover_files(paths: list[Path]) -> tuple[list[tuple[Path, dict[str, str] | None]], list[str]]:
    """Report files under `paths` with their manifest rows, plus problems (missing paths).

    Folders are walked recursively; files with other suffixes inside folders are
    skipped (a folder may hold notes), but a file named explicitly is always taken.
    """
    found: list[tuple[Path, dict[str, str] | None]] = []
    problems: list[str] = []
    manifests: dict[Path, dict[str, dict[str, str]]] = {}
    bad: dict[str, list[str]] = {}  # resolved file -> manifest problems of its row
    folders = [p.expanduser().resolve() for p in paths if p.is_dir()]

    def manifest_row(file: Path) -> dict[str, str] | None:
        folder = file.parent
        for candidate in (folder, *folder.parents):
            if candidate not in manifests:
                rows, issues = load_manifest(candidate)
                manifests[candidate] = rows
                walked = any(candidate.is_relative_to(d) for d in folders)
                for target, message in issues:
                    if target is None or not Path(target).is_file():
                        # nothing to load for it: said once, when the manifest's folder is loaded
                        # (not when a few of its files are named: the other rows are not asked for)
                        if walked:
                            problems.append(message)
                    else:
                        bad.setdefault(target, []).append(message)
            row = manifests[candidate].get(str(file))
            if row:
                return row
        return None

    seen: set[Path] = set()
    for p in paths:
        p = p.expanduser().resolve()
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and is_report_file(f))
        elif p.is_file():
            files = [p]
        else:
            problems.append(f"{p}: no such file or folder")
            continue
        for f in files:
            if f not in seen:
                seen.add(f)
                row = manifest_row(f)
                if str(f) in bad:  # a bad manifest row stops its document, not the load
                    problems.extend(f"{m}; {f.name} not loaded" for m in bad.pop(str(f)))
                    continue
                found.append((f, row))
    return found, problems


def source_from_manifest(uri: str, kind: str, row: dict[str, str] | None) -> SourceRecord:
    row = row or {}

    def opt(key: str) -> str | None:
        v = (row.get(key) or "").strip()
        return v or None

    year = opt("covered_year")
    source = opt("source")
    return SourceRecord(
        source_uri=uri,
        source_kind=kind,
        seen_at=now_iso(),
        title=opt("title"),
        publisher=opt("publisher"),
        region_code=opt("region_code"),
        covered_year=int(year) if year and year.isdigit() else None,
        published_date=opt("published_date"),
        report_kind=opt("report_kind"),
        original_url=source if source and _is_url(source) else None,
    )


def stage_files(root: Path, files: list[tuple[Path, dict[str, str] | None]], kind: str) -> list[IntakeRecord]:
    """Stage each discovered file; the source URI is the file's absolute path."""
    out = []
    for path, row in files:
        data = path.read_bytes()
        out.append(stage_bytes(root, data, source_from_manifest(str(path), kind, row)))
    return out


def stage_crawl(root: Path, result: CrawlResult) -> list[IntakeRecord]:
    """Archive the bytes of new/changed documents and their fetch log; nothing touches DuckDB."""
    records = []
    for doc in result.fetched:
        source = SourceRecord(
            source_uri=doc.url,
            source_kind="url",
            seen_at=now_iso(),
            media_type=doc.media_type,
            original_url=doc.url,
        )
        records.append(stage_bytes(root, doc.content, source))
    stage_fetch_log(root, result.fetch_log)
    return records
