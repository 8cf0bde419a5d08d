-- Documents that could not be read, and why. Nothing unreadable disappears.
select
    document_id,
    source_uri,
    stage,
    reason,
    seen_at
from {{ ref('stg_quarantine') }}
