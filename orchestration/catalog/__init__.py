"""Code lists shared by Python and dbt: the indicator catalog and GB/T 2260 regions.

The CSV files live in `dbt_project/seeds/` so that dbt loads exactly what the extractor matched
against; `indicators.py` and `regions.py` are the Python side of the same files, and
`region_names.py` is the one matcher of region names in text (parser and extractor alike);
`seeds.py` reads a seed file as rows.
"""
