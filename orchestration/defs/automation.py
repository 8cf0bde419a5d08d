"""Declarative automation: the one condition by which every dbt node and the report refresh by
themselves, and `marts_automation`, the sensor that evaluates it.

Declarative automation evaluates each asset's condition on its own. With `eager` per model
the runs it launched were partial slices (a staging model fired as soon as `raw_documents`
had materialized, while the same ingest run was still parsing and extracting; models under
the side-table nodes, which are never materialized, waited on them forever, so
`dim_documents` went stale and the relationship test from the facts failed). Instead every
dbt node (seeds, models) and the report share one condition that reads the same few trigger
assets, so in a tick either all of them are requested - one run, what `build_marts` builds
plus the report, a consistent build - or none is:

* the trigger: the last asset of a document load (`indicator_facts`, materialized after
  `raw_documents` and `document_text` in the same run), a change of exclusions
  (`document_exclusions`) or of the fetch log (`raw_fetches`) since this asset was last
  requested or updated; or the asset is missing (a fresh instance builds everything once);
* wait while any trigger is still in progress (a load is running: build once, after it)
  and while the asset itself is.

The side-table nodes (`raw_document_sources`, `document_sentences`, `document_quarantine`)
are left out of the condition rather than materialized with their parent: materializing
them would add an event-log write per document per table (see defs/partitions.py),
and their writer's materialization already says their data changed.
"""

import dagster as dg

from orchestration.settings import sensor_interval_seconds

TRIGGERS = ("indicator_facts", "document_exclusions", "raw_fetches")


def _any_trigger(condition: dg.AutomationCondition) -> dg.AutomationCondition:
    result = None
    for key in TRIGGERS:
        part = dg.AutomationCondition.asset_matches(key, condition)
        result = part if result is None else result | part
    return result


WHOLE_SLICE = (
    (dg.AutomationCondition.newly_missing() | _any_trigger(dg.AutomationCondition.newly_updated()))
    .since_last_handled()
    .with_label("new documents, exclusions or fetches since last handled, or missing")
    & ~_any_trigger(dg.AutomationCondition.in_progress()).with_label("no load in progress")
    & ~dg.AutomationCondition.in_progress()
).with_label("whole slice after each load")


marts_automation = dg.AutomationConditionSensorDefinition(
    "marts_automation",
    target=dg.AssetSelection.all(),
    default_status=dg.DefaultSensorStatus.RUNNING,  # the event-driven path works as shipped
    minimum_interval_seconds=sensor_interval_seconds(),
    # plain runs: the marts are unpartitioned, one run rebuilds the whole slice
    emit_backfills=False,
    description="Declarative automation: when documents land (inbox, crawl, load) or exclusions change, "
    "rebuild every model downstream of them and the report in one run (on by default).",
)
