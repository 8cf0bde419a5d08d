"""The shapes that flow between stages: a parsed document and its sentences.

Kept free of Dagster and DuckDB so that `parse/` and `extract/` stay pure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from orchestration.text.sentences import Sentence  # the one definition of a sentence

# A table row in canonical text: one line, its cells joined by this (HTML <tr>, Word and Excel
# rows alike); such a line is never joined with its neighbours.
TABLE_SEP = " | "


class UnreadableDocument(Exception):
    """Raised by the parser when a document cannot be turned into text.

    The message is shown to people (quarantine table, CLI, Dagster UI), so it
    says what is wrong in plain words, e.g. "binary file (PNG image), not a report".
    """


@dataclass(slots=True)
class ParsedDocument:
    """A report as text plus the metadata we could find in it (or were told by a manifest).

    `text` is the canonical text: decoded, clutter removed, Simplified Chinese.
    Every character offset anywhere in the warehouse points into this string.
    """

    text: str
    title: str | None = None
    publisher: str | None = None
    region_code: str | None = None
    covered_year: int | None = None
    published_date: dt.date | None = None
    index_no: str | None = None  # 索引号
    doc_no: str | None = None  # 文号
    encoding: str | None = None
    media_type: str | None = None
    script: str = "simplified"  # or "traditional" when converted
    sentences: list[Sentence] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
