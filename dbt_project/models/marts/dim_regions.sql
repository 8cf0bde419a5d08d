-- GB/T 2260 administrative divisions: provinces, prefecture-level cities and districts.
select
    region_code,
    name,
    short_name,
    level,
    parent_code,
    province_code
from {{ ref('regions') }}
