-- One row per document version, with where it came from and what it is.
select
    document_id,
    source_uri,
    original_url,
    archive_path,
    title,
    publisher,
    region_code,
    cast(covered_year as integer) as covered_year,
    cast(published_date as date) as published_date,
    sha256,
    loaded_at,
    byte_size,
    media_type,
    report_kind,
    index_no,
    doc_no,
    n_sources,
    n_chars,
    n_sentences,
    script,
    is_readable
from {{ ref('int_documents') }}
