-- Documents that could not be read, and why. Nothing unreadable disappears, except what
-- people excluded (`bureau exclude`): an excluded document leaves this mart as every other.
select
    document_id,
    source_uri,
    stage,
    reason,
    seen_at
from {{ ref('stg_quarantine') }}
where {{ not_excluded('document_id') }}
