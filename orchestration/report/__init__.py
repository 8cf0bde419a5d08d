"""The static HTML indicator report (`bureau report`, Dagster asset `indicator_report`)."""

from orchestration.report.build import ReportSummary, build_report
from orchestration.report.data import ReportDataError
from orchestration.report.pages import region_page_name

__all__ = ["ReportDataError", "ReportSummary", "build_report", "region_page_name"]
