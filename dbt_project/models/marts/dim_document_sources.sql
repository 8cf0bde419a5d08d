-- Every path or URL a document version arrived from (a report found twice is one document, two sources).
select
    document_id,
    source_uri,
    source_kind,
    first_seen_at,
    last_seen_at
from {{ ref('stg_document_sources') }}
