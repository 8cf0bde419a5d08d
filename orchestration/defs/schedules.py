"""The schedule: a daily refresh of the marts, whatever the sensors did during the day."""

import dagster as dg

from orchestration.defs.jobs import build_marts_job

daily_marts_refresh = dg.ScheduleDefinition(
    name="daily_marts_refresh",
    job=build_marts_job,
    cron_schedule="0 6 * * *",
    execution_timezone="Asia/Shanghai",
    description="Rebuild every mart at 06:00 China time (dbt build with tests).",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
