-- Documents people excluded from every mart (`bureau exclude`), who did it, when and why.
-- Their raw rows and archived bytes stay; `bureau include` brings them back.
select
    excluded.document_id,
    excluded.source_uri,
    excluded.reason,
    excluded.excluded_by,
    excluded.excluded_at,
    documents.document_id is not null as is_in_raw
from {{ ref('stg_exclusions') }} as excluded
left join {{ source('raw', 'documents') }} as documents
    on excluded.document_id = documents.document_id
