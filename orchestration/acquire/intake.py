"""Staging: put a report's bytes in the archive and note where they came from.

Discovery (CLI, inbox sensor, crawler) stages documents here without touching
DuckDB, so it never competes for the single writer. The `raw_documents` asset
then reads the intake record of each partition and writes the raw tables.

A document is its bytes: the id is derived from the sha256, so the same report
arriving from two paths is one document with two sources, and changed bytes at
the same URL are a new document version.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPORT_SUFFIXES = {".txt", ".html", ".htm", ".shtml", ".xhtml", ".pdf", ".doc", ".docx"}
MANIFEST_NAME = "manifest.csv"


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


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def archive_bytes(root: Path, data: bytes) -> tuple[str, Path]:
    """Store `data` content-addressed under `root/archive`; idempotent."""
    sha = hashlib.sha256(data).hexdigest()
    path = root / "archive" / sha[:2] / sha
    if not path.exists():
        _atomic_write(path, data)
    return sha, path


def intake_path(root: Path, document_id: str) -> Path:
    return root / "intake" / f"{document_id}.json"


def read_intake(root: Path, document_id: str) -> IntakeRecord:
    raw = json.loads(intake_path(root, document_id).read_text(encoding="utf-8"))
    sources = [SourceRecord(**s) for s in raw.pop("sources")]
    return IntakeRecord(**raw, sources=sources)


def stage_bytes(root: Path, data: bytes, source: SourceRecord) -> IntakeRecord:
    """Archive `data` and merge `source` into the document's intake record."""
    sha, path = archive_bytes(root, data)
    doc_id = document_id_for(sha)
    ipath = intake_path(root, doc_id)
    if ipath.exists():
        record = read_intake(root, doc_id)
    else:
        record = IntakeRecord(doc_id, sha, len(data), str(path.relative_to(root)))
    existing = next((s for s in record.sources if s.source_uri == source.source_uri), None)
    if existing is None:
        record.sources.append(source)
    else:
        # Same source seen again: refresh manifest fields, keep first sighting time.
        merged = asdict(source) | {"seen_at": existing.seen_at}
        record.sources[record.sources.index(existing)] = SourceRecord(**merged)
    payload = asdict(record)
    _atomic_write(ipath, json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8"))
    return record


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds")


def read_manifest(folder: Path) -> dict[str, dict[str, str]]:
    """`manifest.csv` of a folder, keyed by resolved file path. Missing manifest: empty."""
    path = folder / MANIFEST_NAME
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {str((folder / row["file"]).resolve()): row for row in csv.DictReader(fh) if row.get("file")}


def discover_files(paths: list[Path]) -> tuple[list[tuple[Path, dict[str, str] | None]], list[str]]:
    """Report files under `paths` with their manifest rows, plus problems (missing paths).

    Folders are walked recursively; files with other suffixes inside folders are
    skipped (a folder may hold notes), but a file named explicitly is always taken.
    """
    found: list[tuple[Path, dict[str, str] | None]] = []
    problems: list[str] = []
    manifests: dict[Path, dict[str, dict[str, str]]] = {}

    def manifest_row(file: Path) -> dict[str, str] | None:
        folder = file.parent
        for candidate in (folder, *folder.parents):
            if candidate not in manifests:
                manifests[candidate] = read_manifest(candidate)
            row = manifests[candidate].get(str(file))
            if row:
                return row
        return None

    seen: set[Path] = set()
    for p in paths:
        p = p.expanduser().resolve()
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in REPORT_SUFFIXES)
        elif p.is_file():
            files = [p]
        else:
            problems.append(f"{p}: no such file or folder")
            continue
        for f in files:
            if f not in seen:
                seen.add(f)
                found.append((f, manifest_row(f)))
    return found, problems


def source_from_manifest(uri: str, kind: str, row: dict[str, str] | None) -> SourceRecord:
    row = row or {}

    def opt(key: str) -> str | None:
        v = (row.get(key) or "").strip()
        return v or None

    year = opt("covered_year")
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
    )


def stage_files(root: Path, files: list[tuple[Path, dict[str, str] | None]], kind: str) -> list[IntakeRecord]:
    """Stage each discovered file; the source URI is the file's absolute path."""
    out = []
    for path, row in files:
        data = path.read_bytes()
        out.append(stage_bytes(root, data, source_from_manifest(str(path), kind, row)))
    return out
