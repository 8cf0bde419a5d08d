-- One row per document version with the best metadata we have. Precedence: a manifest
-- that came with a source (given by a person) wins over what the parser inferred from
-- the text; among several manifests, the first seen.
with documents as (
    select * from {{ ref('stg_documents') }}
),

first_manifest as (
    select
        document_id,
        arg_min(title, first_seen_at) filter (where title is not null) as title,
        arg_min(publisher, first_seen_at) filter (where publisher is not null) as publisher,
        arg_min(region_code, first_seen_at) filter (where region_code is not null) as region_code,
        arg_min(covered_year, first_seen_at) filter (where covered_year is not null) as covered_year,
        arg_min(published_date, first_seen_at) filter (where published_date is not null) as published_date,
        arg_min(report_kind, first_seen_at) filter (where report_kind is not null) as report_kind,
        arg_min(original_url, first_seen_at) filter (where original_url is not null) as original_url,
        count(*) as n_sources
    from {{ ref('stg_document_sources') }}
    group by document_id
),

texts as (
    select * from {{ ref('stg_document_text') }}
)

select
    documents.document_id,
    documents.sha256,
    documents.byte_size,
    documents.media_type,
    documents.source_uri,
    documents.archive_path,
    first_manifest.original_url,
    documents.loaded_at,
    first_manifest.n_sources,
    first_manifest.report_kind,
    texts.index_no,
    texts.doc_no,
    texts.n_chars,
    texts.n_sentences,
    texts.script,
    texts.encoding,
    texts.parser_version,
    coalesce(first_manifest.title, texts.title) as title,
    coalesce(first_manifest.publisher, texts.publisher) as publisher,
    coalesce(first_manifest.region_code, texts.region_code) as region_code,
    coalesce(first_manifest.covered_year, texts.covered_year) as covered_year,
    coalesce(first_manifest.published_date, texts.published_date) as published_date,
    texts.document_id is not null as is_readable
from documents
left join first_manifest on documents.document_id = first_manifest.document_id
left join texts on documents.document_id = texts.document_id
