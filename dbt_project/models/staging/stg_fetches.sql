select
    fetch_id,
    url,
    final_url,
    fetched_at,
    status,
    etag,
    last_modified,
    bytes,
    sha256,
    outcome,
    error,
    attempts
from {{ source('raw', 'fetches') }}
