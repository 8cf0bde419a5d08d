-- One row per document version (byte-identical content): identity and archive location.
-- The bytes themselves stay in raw; metadata comes together in int_documents.
select
    document_id,
    sha256,
    byte_size,
    media_type,
    first_source_uri as source_uri,
    archive_path,
    loaded_at
from {{ source('raw', 'documents') }}
where {{ not_excluded('document_id') }}
