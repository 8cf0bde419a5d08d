select
    document_id,
    sentence_index,
    char_start,
    char_end,
    section,
    text as sentence
from {{ source('raw', 'sentences') }}
where {{ not_excluded('document_id') }}
