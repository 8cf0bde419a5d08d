-- What the parser read from each readable document: text statistics and the metadata it
-- inferred from the text (the text itself stays in raw).
select
    document_id,
    title,
    publisher,
    region_code,
    covered_year,
    published_date,
    index_no,
    doc_no,
    encoding,
    script,
    n_chars,
    n_sentences,
    metadata_source,
    parser_version
from {{ source('raw', 'document_text') }}
where {{ not_excluded('document_id') }}
