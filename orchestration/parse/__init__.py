"""Bytes -> canonical text, metadata and sentences. Pure functions: no Dagster, no DuckDB."""

from orchestration.parse.model import ParsedDocument, Sentence, UnreadableDocument

__all__ = ["ParsedDocument", "Sentence", "UnreadableDocument", "parse_document"]


def parse_document(data: bytes, *, source_uri: str, media_type: str | None = None) -> ParsedDocument:
    """Decode, clean and segment one report; raise `UnreadableDocument` with a reason if impossible."""
    from orchestration.parse.document import parse_document as _impl

    return _impl(data, source_uri=source_uri, media_type=media_type)
