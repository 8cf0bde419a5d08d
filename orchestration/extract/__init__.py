"""Text -> numeric indicator facts. Pure functions: no Dagster, no DuckDB."""

from orchestration.extract.engine import extract_facts
from orchestration.extract.facts import DocumentContext, Fact

__all__ = ["DocumentContext", "Fact", "extract_facts"]
