-- Every path or URL a document version arrived from (a report found twice is one document, two sources),
-- with the URL it was published at (crawl, or the manifest's `source`) and its archived copy.
select
    sources.document_id,
    sources.source_uri,
    sources.source_kind,
    sources.original_url,
    documents.archive_path,
    sources.first_seen_at,
    sources.last_seen_at
from {{ ref('stg_document_sources') }} as sources
left join {{ ref('int_documents') }} as documents on sources.document_id = documents.document_id
