"""Text -> numeric indicator facts. Pure functions: no Dagster, no DuckDB."""

from orchestration.extract.facts import DocumentContext, Fact

__all__ = ["DocumentContext", "Fact", "extract_facts"]


def extract_facts(text: str, context: DocumentContext) -> list[Fact]:  # pragma: no cover - replaced
    from orchestration.extract.engine import extract_facts as _impl

    return _impl(text, context)
