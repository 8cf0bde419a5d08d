"""The raw tables, once: name, columns (type, constraints, comment) and table constraints.

`connections.RAW_DDL` is built from these specs, and writers insert by the column names
they give (`connections.insert_rows`), so a row is a mapping and column order is the
table's business only. Pure data: imported by worker processes via `rows.py`.

Existing warehouses are kept with `create table if not exists`: never change a column
here; append one with `added=` (the `alter table ... add column if not exists` definition
that brings older warehouses up to date).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    definition: str  # DuckDB type and column constraints, as in `create table`
    comment: str = ""
    added: str | None = None  # definition for warehouses made before the column existed


@dataclass(frozen=True)
class Table:
    name: str  # schema-qualified, e.g. raw.documents
    columns: tuple[Column, ...]
    constraints: tuple[str, ...] = ()  # table constraints, e.g. a composite primary key
    comment: str = ""  # on the `create table` line
    added_comment: str = ""  # above the `alter table` lines

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def ddl(self) -> str:
        """`create table if not exists` plus one `alter table` per added column."""
        items = [(f"{c.name} {c.definition}", c.comment) for c in self.columns]
        items += [(constraint, "") for constraint in self.constraints]
        lines = []
        for i, (item, comment) in enumerate(items):
            comma = "," if i < len(items) - 1 else ""
            lines.append(f"    {item}{comma}" + (f"  -- {comment}" if comment else ""))
        head = f"create table if not exists {self.name} ({f'  -- {self.comment}' if self.comment else ''}"
        text = "\n".join([head, *lines, ");"])
        alters = [
            f"alter table {self.name} add column if not exists {c.name} {c.added};"
            for c in self.columns
            if c.added
        ]
        if alters:
            text += "\n" + (f"-- {self.added_comment}\n" if self.added_comment else "") + "\n".join(alters)
        return text


def _c(name: str, definition: str, comment: str = "", added: str | None = None) -> Column:
    return Column(name, definition, comment, added)


DOCUMENTS = Table(
    "raw.documents",
    (
        _c(
            "document_id",
            "varchar primary key",
            "'d' + first 16 hex of sha256: one row per byte-identical version",
        ),
        _c("sha256", "varchar not null unique"),
        _c("byte_size", "bigint not null"),
        _c("media_type", "varchar"),
        _c("content", "blob not null"),
        _c("archive_path", "varchar not null"),
        _c("first_source_uri", "varchar not null"),
        _c("loaded_at", "timestamp not null"),
    ),
)

DOCUMENT_SOURCES = Table(
    "raw.document_sources",
    (
        _c("document_id", "varchar not null"),
        _c("source_uri", "varchar not null"),
        _c("source_kind", "varchar not null", "seed | file | url | inbox"),
        _c("title", "varchar", "manifest metadata, when the source came with a manifest"),
        _c("publisher", "varchar"),
        _c("region_code", "varchar"),
        _c("covered_year", "integer"),
        _c("published_date", "date"),
        _c("report_kind", "varchar"),
        _c("first_seen_at", "timestamp not null"),
        _c("last_seen_at", "timestamp not null"),
        _c(
            "original_url",
            "varchar",
            "where it was published: the crawled URL or the manifest's source URL",
            added="varchar",
        ),
    ),
    constraints=("primary key (document_id, source_uri)",),
)

DOCUMENT_TEXT = Table(
    "raw.document_text",
    (
        _c("document_id", "varchar primary key"),
        _c("text", "varchar not null"),
        _c("title", "varchar"),
        _c("publisher", "varchar"),
        _c("region_code", "varchar"),
        _c("covered_year", "integer"),
        _c("published_date", "date"),
        _c("index_no", "varchar"),
        _c("doc_no", "varchar"),
        _c("encoding", "varchar"),
        _c("script", "varchar"),
        _c("n_chars", "integer not null"),
        _c("n_sentences", "integer not null"),
        _c("metadata_source", "varchar not null", "manifest | inferred | mixed"),
        _c("warnings", "varchar", "parser warnings, one per line"),
        _c("parser_version", "varchar not null"),
        _c("parsed_at", "timestamp not null"),
    ),
)

SENTENCES = Table(
    "raw.sentences",
    (
        _c("document_id", "varchar not null"),
        _c("sentence_index", "integer not null"),
        _c("char_start", "integer not null"),
        _c("char_end", "integer not null"),
        _c("section", "varchar"),
        _c("text", "varchar not null"),
    ),
    constraints=("primary key (document_id, sentence_index)",),
)

INDICATOR_FACTS = Table(
    "raw.indicator_facts",
    (
        _c("document_id", "varchar not null"),
        _c("fact_index", "integer not null"),
        _c("indicator_code", "varchar"),
        _c("subject", "varchar"),
        _c("value", "decimal(38, 10) not null"),
        _c("value_high", "decimal(38, 10)"),
        _c("unit", "varchar not null"),
        _c("reported_value", "varchar not null"),
        _c("reported_unit", "varchar"),
        _c("multiplier", "decimal(38, 10) not null"),
        _c("comparator", "varchar not null"),
        _c("value_kind", "varchar not null"),
        _c("measure", "varchar not null"),
        _c("period_year", "integer"),
        _c("region_code", "varchar"),
        _c("sentence_index", "integer not null"),
        _c("evidence", "varchar not null"),
        _c("char_start", "integer not null"),
        _c("char_end", "integer not null"),
        _c("reported_text", "varchar not null"),
        _c("rule", "varchar not null"),
        _c("extractor_version", "varchar not null"),
        _c("extracted_at", "timestamp not null"),
        _c(
            "period_kind",
            "varchar not null default 'year'",
            "year | half | quarter | months",
            added="varchar default 'year'",
        ),
        _c("period_months", "integer not null default 12", added="integer default 12"),
    ),
    constraints=("primary key (document_id, fact_index)",),
    added_comment="warehouses made before the period columns existed (columns are appended, so the order holds)",
)

QUARANTINE = Table(
    "raw.quarantine",
    (
        _c("document_id", "varchar"),
        _c("source_uri", "varchar not null"),
        _c("stage", "varchar not null", "acquire | parse | extract"),
        _c("reason", "varchar not null"),
        _c("seen_at", "timestamp not null"),
    ),
)

EXCLUSIONS = Table(
    "raw.exclusions",
    (
        _c("document_id", "varchar primary key"),
        _c("source_uri", "varchar"),
        _c("reason", "varchar"),
        _c("excluded_by", "varchar"),
        _c("excluded_at", "timestamp"),
    ),
    comment="a copy of exclusions.csv beside the warehouse",
)

FETCHES = Table(
    "raw.fetches",
    (
        _c("fetch_id", "varchar primary key", "stable hash of url, time, status, sha256, attempts"),
        _c("url", "varchar not null"),
        _c("final_url", "varchar"),
        _c("fetched_at", "timestamp not null"),
        _c("status", "integer"),
        _c("etag", "varchar"),
        _c("last_modified", "varchar"),
        _c("bytes", "bigint"),
        _c("sha256", "varchar"),
        _c("outcome", "varchar"),
        _c("error", "varchar"),
        _c("attempts", "integer"),
    ),
)

# In creation order (the DDL's order).
RAW_TABLES: tuple[Table, ...] = (
    DOCUMENTS,
    DOCUMENT_SOURCES,
    DOCUMENT_TEXT,
    SENTENCES,
    INDICATOR_FACTS,
    QUARANTINE,
    EXCLUSIONS,
    FETCHES,
)
BY_NAME: dict[str, Table] = {t.name: t for t in RAW_TABLES}


def raw_ddl() -> str:
    """The whole raw schema: idempotent, safe to run on every connection."""
    return "create schema if not exists raw;\n\n" + "\n\n".join(t.ddl() for t in RAW_TABLES) + "\n"
