select
    document_id,
    source_uri,
    source_kind,
    original_url,
    title,
    publisher,
    region_code,
    covered_year,
    published_date,
    report_kind,
    first_seen_at,
    last_seen_at
from {{ source('raw', 'document_sources') }}
where {{ not_excluded('document_id') }}
