select
    document_id,
    source_uri,
    stage,
    reason,
    seen_at
from {{ source('raw', 'quarantine') }}
