"""warehouse/tables.py: the raw table specs are the raw schema, unchanged.

Existing warehouses keep their tables (`create table if not exists`), so the DDL built from
the specs must be the DDL of before the specs existed: the text, line for line (whitespace
aside), and what DuckDB makes of it (columns, types, defaults, constraints)."""

import duckdb

from orchestration.warehouse.connections import RAW_DDL
from orchestration.warehouse.tables import BY_NAME, RAW_TABLES

# The raw DDL as written by hand in warehouse/connections.py until the specs replaced it.
HAND_WRITTEN_DDL = """
create schema if not exists raw;

create table if not exists raw.documents (
    document_id   varchar primary key,   -- 'd' + first 16 hex of sha256: one row per byte-identical version
    sha256        varchar not null unique,
    byte_size     bigint not null,
    media_type    varchar,
    content       blob not null,
    archive_path  varchar not null,
    first_source_uri varchar not null,
    loaded_at     timestamp not null
);

create table if not exists raw.document_sources (
    document_id   varchar not null,
    source_uri    varchar not null,
    source_kind   varchar not null,     -- seed | file | url | inbox
    title         varchar,              -- manifest metadata, when the source came with a manifest
    publisher     varchar,
    region_code   varchar,
    covered_year  integer,
    published_date date,
    report_kind   varchar,
    first_seen_at timestamp not null,
    last_seen_at  timestamp not null,
    original_url  varchar,              -- where it was published: the crawled URL or the manifest's source URL
    primary key (document_id, source_uri)
);
alter table raw.document_sources add column if not exists original_url varchar;

create table if not exists raw.document_text (
    document_id   varchar primary key,
    text          varchar not null,
    title         varchar,
    publisher     varchar,
    region_code   varchar,
    covered_year  integer,
    published_date date,
    index_no      varchar,
    doc_no        varchar,
    encoding      varchar,
    script        varchar,
    n_chars       integer not null,
    n_sentences   integer not null,
    metadata_source varchar not null,   -- manifest | inferred | mixed
    warnings      varchar,              -- parser warnings, one per line
    parser_version varchar not null,
    parsed_at     timestamp not null
);

create table if not exists raw.sentences (
    document_id    varchar not null,
    sentence_index integer not null,
    char_start     integer not null,
    char_end       integer not null,
    section        varchar,
    text           varchar not null,
    primary key (document_id, sentence_index)
);

create table if not exists raw.indicator_facts (
    document_id    varchar not null,
    fact_index     integer not null,
    indicator_code varchar,
    subject        varchar,
    value          decimal(38, 10) not null,
    value_high     decimal(38, 10),
    unit           varchar not null,
    reported_value varchar not null,
    reported_unit  varchar,
    multiplier     decimal(38, 10) not null,
    comparator     varchar not null,
    value_kind     varchar not null,
    measure        varchar not null,
    period_year    integer,
    region_code    varchar,
    sentence_index integer not null,
    evidence       varchar not null,
    char_start     integer not null,
    char_end       integer not null,
    reported_text  varchar not null,
    rule           varchar not null,
    extractor_version varchar not null,
    extracted_at   timestamp not null,
    period_kind    varchar not null default 'year',  -- year | half | quarter | months
    period_months  integer not null default 12,
    primary key (document_id, fact_index)
);
-- warehouses made before the period columns existed (columns are appended, so the order holds)
alter table raw.indicator_facts add column if not exists period_kind varchar default 'year';
alter table raw.indicator_facts add column if not exists period_months integer default 12;

create table if not exists raw.quarantine (
    document_id   varchar,
    source_uri    varchar not null,
    stage         varchar not null,     -- acquire | parse | extract
    reason        varchar not null,
    seen_at       timestamp not null
);

create table if not exists raw.exclusions (  -- a copy of exclusions.csv beside the warehouse
    document_id   varchar primary key,
    source_uri    varchar,
    reason        varchar,
    excluded_by   varchar,
    excluded_at   timestamp
);

create table if not exists raw.fetches (
    fetch_id      varchar primary key,  -- stable hash of url, time, status, sha256, attempts
    url           varchar not null,
    final_url     varchar,
    fetched_at    timestamp not null,
    status        integer,
    etag          varchar,
    last_modified varchar,
    bytes         bigint,
    sha256        varchar,
    outcome       varchar,
    error         varchar,
    attempts      integer
);
"""


def _lines(ddl: str) -> list[str]:
    return [" ".join(line.split()) for line in ddl.splitlines() if line.strip()]


def _schema(ddl: str) -> tuple[list, list]:
    con = duckdb.connect()
    con.execute(ddl)
    columns = con.execute(
        "select table_name, ordinal_position, column_name, data_type, is_nullable, column_default "
        "from information_schema.columns where table_schema = 'raw' order by table_name, ordinal_position"
    ).fetchall()
    constraints = con.execute(
        "select table_name, constraint_type, constraint_column_names from duckdb_constraints() "
        "where schema_name = 'raw' order by all"
    ).fetchall()
    return columns, constraints


def test_ddl_from_the_specs_is_the_hand_written_ddl():
    assert _lines(RAW_DDL) == _lines(HAND_WRITTEN_DDL)


def test_fresh_warehouse_schema_is_unchanged():
    columns, constraints = _schema(RAW_DDL)
    assert (columns, constraints) == _schema(HAND_WRITTEN_DDL)
    assert len({c[0] for c in columns}) == len(RAW_TABLES) == 8
    assert ("indicator_facts", 25, "period_months", "INTEGER", "NO", "12") in columns


def test_ddl_is_idempotent_and_names_every_column_of_a_spec():
    con = duckdb.connect()
    con.execute(RAW_DDL)
    con.execute(RAW_DDL)  # every connection runs it
    for table in RAW_TABLES:
        schema, name = table.name.split(".")
        got = con.execute(
            "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
            "order by ordinal_position",
            [schema, name],
        ).fetchall()
        assert tuple(c for (c,) in got) == table.column_names == BY_NAME[table.name].column_names
