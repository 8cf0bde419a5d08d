-- Analysts' corrections, as copied from corrections.csv into raw.corrections at the
-- start of every build (orchestration/corrections.py). A row that could not be read
-- keeps its `problem` and is reported, never applied.
select
    line,
    correction_id,
    sha256,
    char_start,
    char_end,
    reported_text,
    set_value,
    set_unit,
    set_indicator_code,
    set_region_code,
    set_period_year,
    set_value_kind,
    drop_row,
    reason,
    corrected_by,
    corrected_at,
    document_id as context_document_id,
    observation_id as context_observation_id,
    indicator_code as context_indicator_code,
    region_code as context_region_code,
    period_year as context_period_year,
    value as context_value,
    evidence as context_evidence,
    problem,
    source_file
from {{ source('raw', 'corrections') }}
