"""The crawler's fetch log, written by `bureau crawl` and the publisher sensors."""

import dagster as dg

raw_fetches = dg.AssetSpec(
    "raw_fetches",
    description="Every HTTP request the crawler made (`raw.fetches`): url, time, status, ETag, bytes, "
    "sha256 and error. Written by `bureau crawl` and the publisher sensors as they fetch.",
    group_name="acquire",
    kinds={"duckdb"},
)
