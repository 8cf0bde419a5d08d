"""The static HTML indicator report (`bureau report`, Dagster asset `indicator_report`)."""

from orchestration.report.build import ReportSummary, build_report, region_page_name
from orchestration.report.data import ReportDataError

__all__ = ["ReportDataError", "ReportSummary", "build_report", "region_page_name"]
