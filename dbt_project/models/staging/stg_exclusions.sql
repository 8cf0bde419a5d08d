-- Documents people excluded from the marts, with who, when and why (exclusions.csv).
select
    document_id,
    source_uri,
    reason,
    excluded_by,
    excluded_at
from {{ source('raw', 'exclusions') }}
