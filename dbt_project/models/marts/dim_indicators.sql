-- The indicator catalog: every code the extractor knows, with names, unit and aliases.
select
    indicator_code,
    name_zh,
    name_en,
    unit,
    kind,
    description,
    aliases,
    is_core,
    growth_basis,
    better
from {{ ref('indicators') }}
