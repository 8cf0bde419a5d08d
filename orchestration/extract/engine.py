"""Text -> facts: the stages of extraction, in order.

    extract_facts(text, DocumentContext(region_code="350200", covered_year=2023)) -> list[Fact]

1. tables (`tables/`): table rows and one-cell-per-line tables are read by column and row;
   their cells are kept out of the prose reading below;
2. quantities (`quantities.py`, `reader.candidate_quantities`): one scan of the whole text
   for candidate numbers with units;
3. sentences (`clauses.py`), and for each the reader (`reader.py`, `lists.py`, `subjects.py`,
   `measures.py`): one draft per number — subject, measure, comparator, qualifier, rule;
4. attribution (`attribution.py`, `periods.py`, `areas.py`): year, kind, period, area, scope;
5. matching (`matching.py`): the catalog code (or why none), unit and value;
6. one `Fact` per draft, each (code, area, year, period, kind, measure, comparator, value)
   once per document.

Pure: no I/O besides the catalog and region seeds, loaded once.  Every fact's
`sentence_index` is the index of its sentence in the parser's split (`raw.sentences`).
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import Any

from orchestration.extract.areas import AreaMatcher, default_matcher
from orchestration.extract.attribution import DocumentTime, SentenceFrame, attribute
from orchestration.extract.facts import DocumentContext, Fact
from orchestration.extract.indicators import Lexicon, default_lexicon
from orchestration.extract.matching import code_of, unit_of, value_of
from orchestration.extract.periods import paragraph_year
from orchestration.extract.reader import (
    candidate_quantities,
    label_topic,
    opens_with_part,
    read_sentence,
    topic_of,
)
from orchestration.extract.rules import PART, rule_of
from orchestration.extract.tables import find_tables, table_facts
from orchestration.extract.textview import build_view
from orchestration.text.sentences import sentence_spans


def extract_facts(
    text: str,
    context: DocumentContext,
    *,
    lexicon: Lexicon | None = None,
    areas: AreaMatcher | None = None,
) -> list[Fact]:
    """Every numeric statement of `text`, mapped to the catalog where possible."""
    if not text:
        return []
    lex = lexicon or default_lexicon()
    am = areas if areas is not None else default_matcher()
    # (folding keeps every offset: a view offset is an offset of `text`)
    view = build_view(text)
    # the parser's sentences (the rows of raw.sentences), split once: folding changes no
    # terminator, closing quote or blank, so the view's sentences are the text's
    spans = list(sentence_spans(view))
    sentence_starts = [s for s, _ in spans]
    # tables first: their cells are read by column and row, not as prose
    tables = find_tables(text)
    # a fact stated again (a second table, or prose after a table) is kept once, where first stated
    seen: set[tuple] = set()
    facts = [
        f
        for f in _with_sentence_index(
            sentence_starts, table_facts(text, context, lexicon=lex, areas=am, tables=tables)
        )
        if f.indicator_code is None or _first_statement(seen, _key_of(f))
    ]
    table_spans = [(t.start, t.end) for t in tables]
    matches = candidate_quantities(view)
    if table_spans:
        matches = [m for m in matches if not _inside(table_spans, m.start())]
    if not matches:
        return facts
    time = DocumentTime.of(view, context.covered_year, context.published_year)
    topic = None  # the subject of the last sentence read, and where it ended
    topic_end = 0
    # the year and period word (前三季度) a ；-joined run of sentences opened with, and where it ends
    para_year, para_period, para_end = None, None, 0
    line_year = None  # the year the current paragraph (line) opens with
    prev_joined = False  # the sentence before ended with ；
    for ss, se, sentence_matches in _sentences_with(spans, matches):
        sent = view[ss:se]
        # a sentence opening with 其中 breaks down the one before it (…R&D经费投入2100亿元。其中，
        # 苏州961.4亿元、南京645.3亿元): it starts from that sentence's subject
        carry = topic if opens_with_part(sent) and "\n" not in view[topic_end:ss] else None
        if carry is None:
            # 1.技术合同成交额。年度目标为150亿元，实际完成186.4亿元: the label sentence before
            k = bisect_right(sentence_starts, ss) - 1
            if k > 0 and "\n" not in view[spans[k - 1][1] : ss]:
                carry = label_topic(lex, view[spans[k - 1][0] : spans[k - 1][1]])
        # …的有武汉(4.20%)；襄阳、宜昌分别为1.96%、1.93%: a sentence joined by ； to the one before
        joined_to = topic if prev_joined and topic and not view[topic_end:ss].strip(" \u3000") else None
        drafts, clause_starts = read_sentence(
            view, ss, se, lex, am, sentence_matches, carry, joined_to.alias if joined_to else None
        )
        topic, topic_end = topic_of(drafts), se
        joined = prev_joined = sent.rstrip().endswith(("；", ";"))
        if not drafts:
            para_year = para_period = None
            continue
        frame = SentenceFrame.of(time, sent, ss, clause_starts, context.region_code)
        # 2024年，全市R&D经费投入520.4亿元；国家高新技术企业总数达到6580家: the year a sentence
        # opens with dates the sentences it joins with ；, and the year a paragraph opens with
        # (回顾2023年，…。…) its later sentences; a period word (前三季度，…) only over ；
        adjacent = not view[para_end:ss].strip(" \u3000")
        if "\n" in view[para_end:ss] or para_end == 0:  # the first sentence read of a paragraph
            line_year = paragraph_year(view, view.rfind("\n", 0, ss) + 1)
        year = para_year if adjacent and para_year is not None else line_year
        if year is not None and (not frame.markers or frame.markers[0][0] > 0):
            frame.markers.insert(0, (0, year))
        if para_period is not None and adjacent and (not frame.period_words or frame.period_words[0][0] > 0):
            frame.period_words.insert(0, (0, para_period))  # 前三季度，…；科技信贷新增发放…
        para_year = _opening_year(frame.markers) if joined else None
        para_period = _opening_year(frame.period_words) if joined else None
        para_end = se
        evidence = text[ss:se].strip()
        for d in drafts:
            a = attribute(time, frame, d, view, am)
            code, measure, qualifier = code_of(lex, d, a, sent)
            if code is not None and frame.restates(code, a, measure):
                code, qualifier = None, PART
            value, high = value_of(d.q, d.sign)
            if code is not None and not _first_statement(
                seen, (code, a.region, a.year, a.period_months, a.kind, measure, a.comparator, value)
            ):
                continue  # stated before in the document
            start, end = d.q.start, d.q.end
            facts.append(
                Fact(
                    indicator_code=code,
                    subject=d.subject or (d.alias or ""),
                    value=value,
                    unit=unit_of(lex, d.q, measure, code),
                    reported_value=d.q.reported_value,
                    reported_unit=d.q.mult_text + d.q.unit_text,
                    multiplier=d.q.multiplier,
                    comparator=a.comparator,
                    value_kind=a.kind,
                    measure=measure,
                    period_year=a.year,
                    region_code=a.region,
                    sentence_index=max(bisect_right(sentence_starts, start) - 1, 0),
                    evidence=evidence,
                    char_start=start,
                    char_end=end,
                    reported_text=text[start:end],
                    rule=rule_of(d.rule, qualifier, a.scope is not None),
                    value_high=high,
                    period_kind=a.period_kind,
                    period_months=a.period_months,
                )
            )
    return facts


def _opening_year(markers: list[tuple[int, Any]]) -> Any:
    """The year (or period word) a sentence opens with (2024年，… / 回顾2024年，… / 前三季度，…),
    else None."""
    return markers[0][1] if markers and markers[0][0] <= 4 else None


def _key_of(f: Fact) -> tuple:
    """What makes two statements the same fact (the number as stored, for the same series)."""
    return (
        f.indicator_code,
        f.region_code,
        f.period_year,
        f.period_months,
        f.value_kind,
        f.measure,
        f.comparator,
        f.value,
    )


def _first_statement(seen: set[tuple], key: tuple) -> bool:
    """True the first time `key` is seen (and remember it)."""
    if key in seen:
        return False
    seen.add(key)
    return True


def _sentences_with(
    spans: list[tuple[int, int]], matches: list[re.Match]
) -> Iterator[tuple[int, int, list[re.Match]]]:
    """(start, end, its candidate matches) of every sentence (`spans`) holding a candidate."""
    j, n = 0, len(matches)
    for ss, se in spans:
        if j >= n:
            return  # no candidate left in the rest of the text
        while j < n and matches[j].start() < ss:
            j += 1  # (defensive: nothing matches between sentences)
        k = j
        while k < n and matches[k].start() < se:
            k += 1
        if k > j:
            yield ss, se, matches[j:k]
            j = k


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(a <= pos < b for a, b in spans)


def _with_sentence_index(starts: list[int], facts: list[Fact]) -> list[Fact]:
    """`facts` with `sentence_index` pointing into the parser's sentences (`starts`, the rows
    of `raw.sentences`): the sentence holding each fact's first character."""
    out = []
    for f in facts:
        k = max(bisect_right(starts, f.char_start) - 1, 0)
        out.append(f if f.sentence_index == k else dataclasses.replace(f, sentence_index=k))
    return out
