"""People's judgement about whole documents: exclude, include again, remove.

Exclusions are data: `exclusions.csv` beside the warehouse (a file a team can version,
edit and review), copied into `raw.exclusions` before every marts build, so an excluded
document's rows leave every mart on every rebuild while its raw rows and archived bytes
stay. Removing deletes a document from the raw tables (the marts follow on the next
build); its archived bytes stay unless purged.

All three are idempotent: excluding an excluded document, including one that is not
excluded or removing one that is gone changes nothing and says so.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import getpass
import io
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.acquire.archive import archive_relpath
from orchestration.acquire.intake import intake_path, read_intake

EXCLUSION_COLUMNS = ("document_id", "source_uri", "reason", "excluded_by", "excluded_at")
# Raw tables that hold rows of a document, children first.
DOCUMENT_TABLES = (
    "raw.indicator_facts",
    "raw.sentences",
    "raw.document_text",
    "raw.quarantine",
    "raw.document_sources",
    "raw.documents",
)


class UnknownDocument(LookupError):
    """No document in the warehouse (or the exclusions) matches what the user named."""


@dataclass
class Match:
    document_id: str
    source_uri: str


@dataclass
class Outcome:
    action: str
    documents: list[Match]
    changed: list[str]  # document ids that changed state
    message: str


def exclusions_path(root: Path) -> Path:
    return root / "exclusions.csv"


def read_exclusions(root: Path) -> list[dict[str, str]]:
    path = exclusions_path(root)
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            {c: (row.get(c) or "").strip() for c in EXCLUSION_COLUMNS}
            for row in csv.DictReader(fh)
            if (row.get("document_id") or "").strip()
        ]


def write_exclusions(root: Path, rows: list[dict[str, str]]) -> None:
    """Rewrite the file atomically (sorted by document id: stable diffs under version control)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=EXCLUSION_COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(sorted(rows, key=lambda r: r["document_id"]))
    path = exclusions_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(buf.getvalue(), encoding="utf-8")
    os.replace(tmp, path)


def sync_exclusions(con: duckdb.DuckDBPyConnection, root: Path) -> int:
    """Make `raw.exclusions` equal the CSV (hand edits included); returns the number of rows."""
    rows = read_exclusions(root)
    con.execute("delete from raw.exclusions")
    for r in rows:
        con.execute(
            "insert into raw.exclusions (document_id, source_uri, reason, excluded_by, excluded_at) "
            "values (?, ?, ?, ?, ?) on conflict do nothing",
            [
                r["document_id"],
                r["source_uri"] or None,
                r["reason"] or None,
                r["excluded_by"] or None,
                _timestamp(r["excluded_at"]),
            ],
        )
    return len(rows)


def _timestamp(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text).replace(tzinfo=None) if text else None
    except ValueError:
        return None


def resolve(con: duckdb.DuckDBPyConnection, root: Path, document: str) -> list[Match]:
    """The document versions `document` names: a document id, a source URL or path (as loaded,
    or relative to the current folder), or a file name (every version loaded from such a file)."""
    needle = document.strip()
    if not needle:
        raise UnknownDocument("name a document: its id (d + 16 hex digits), a source URL, path or file name")
    absolute = str(Path(needle).expanduser().resolve()) if "://" not in needle else needle
    tail = "/" + needle.lstrip("./")
    known = con.execute(
        """
        with candidates as (
            select document_id, first_source_uri as source_uri from raw.documents
            union all select document_id, source_uri from raw.document_sources
            union all select document_id, source_uri from raw.quarantine where document_id is not null
            union all select document_id, source_uri from raw.exclusions
        )
        select document_id, min(source_uri) from candidates
        where document_id = ? or source_uri = ? or source_uri = ? or ends_with(source_uri, ?)
        group by document_id order by document_id
        """,
        [needle, needle, absolute, tail],
    ).fetchall()
    known = [Match(d, u or "") for d, u in known]
    if not known:  # removed from the raw tables: still named in the exclusions or intake records
        named = [(r["document_id"], r["source_uri"]) for r in read_exclusions(root)]
        for path in sorted((root / "intake").glob("d*.json")):
            with contextlib.suppress(FileNotFoundError):
                rec = read_intake(root, path.stem)
                named += [(rec.document_id, s.source_uri) for s in rec.sources]
        for doc, uri in named:
            if (needle in (doc, uri, absolute) or uri.endswith(tail)) and doc not in {
                m.document_id for m in known
            }:
                known.append(Match(doc, uri))
    if not known:
        raise UnknownDocument(
            f"no document matches {document!r} (give its id, source URL, path or file name)"
        )
    return known


def exclude(root: Path, matches: list[Match], reason: str, by: str = "") -> Outcome:
    rows = read_exclusions(root)
    have = {r["document_id"] for r in rows}
    new = [m for m in matches if m.document_id not in have]
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    who = by or _user()
    rows += [
        {
            "document_id": m.document_id,
            "source_uri": m.source_uri,
            "reason": reason,
            "excluded_by": who,
            "excluded_at": now,
        }
        for m in new
    ]
    if new:
        write_exclusions(root, rows)
    msg = ", ".join(_label(m) for m in new) if new else "already excluded: " + ", ".join(map(_label, matches))
    return Outcome("exclude", matches, [m.document_id for m in new], ("excluded " + msg) if new else msg)


def include(root: Path, matches: list[Match]) -> Outcome:
    rows = read_exclusions(root)
    ids = {m.document_id for m in matches}
    kept = [r for r in rows if r["document_id"] not in ids]
    changed = sorted({r["document_id"] for r in rows} & ids)
    if changed:
        write_exclusions(root, kept)
    labels = ", ".join(_label(m) for m in matches)
    return Outcome(
        "include", matches, changed, f"included {labels}" if changed else f"not excluded: {labels}"
    )


def remove(con: duckdb.DuckDBPyConnection, root: Path, matches: list[Match], purge: bool) -> Outcome:
    """Delete the documents' rows from every raw table (call inside a transaction); with `purge`
    also their archived bytes and intake records."""
    ids = [m.document_id for m in matches]
    shas = dict(
        con.execute(
            "select document_id, sha256 from raw.documents where document_id in (select unnest(?))", [ids]
        ).fetchall()
    )
    for m in matches:  # removed earlier without purge: the intake record still knows the bytes
        if m.document_id not in shas:
            with contextlib.suppress(FileNotFoundError):
                shas[m.document_id] = read_intake(root, m.document_id).sha256
    changed = set()
    for table in DOCUMENT_TABLES:
        n = con.execute(f"delete from {table} where document_id in (select unnest(?))", [ids]).fetchone()[0]
        changed.update(ids if n else [])
    purged = []
    if purge:
        for m in matches:
            files = [root / archive_relpath(shas[m.document_id])] if m.document_id in shas else []
            with contextlib.suppress(ValueError):
                files.append(intake_path(root, m.document_id))
            for f in files:
                if f.exists():
                    f.unlink()
                    purged.append(m.document_id)
    labels = ", ".join(_label(m) for m in matches)
    changed.update(purged)
    if changed:
        what = "removed and purged" if purge else "removed (archived bytes kept; --purge deletes them)"
        msg = f"{what} {labels}"
    else:
        msg = f"nothing to remove: {labels} not in the warehouse"
    return Outcome("remove", matches, sorted(changed), msg)


def _label(m: Match) -> str:
    return f"{m.document_id} ({m.source_uri})" if m.source_uri else m.document_id


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers) and no USER variable
        return "unknown"
