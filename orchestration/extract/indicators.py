"""Indicator catalog matching: aliases -> candidate codes, chosen by unit, measure and modifiers.

The catalog is `dbt_project/seeds/indicators.csv` (via `orchestration.catalog.indicators`);
an alias may belong to several codes (技术合同: a count of contracts and their
turnover), and the number's unit and the modifiers in its clause pick one.
How a code is chosen among the candidates is `matching.choose_code`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from orchestration.extract import cues
from orchestration.text.patterns import by_first_char, first_chars, trie_regex

QUOTES_AND_BLANKS = "“”\"'‘’「」『』 \u3000\t\r\n"  # what strip_quotes removes
STRIP_TABLE = str.maketrans({c: None for c in QUOTES_AND_BLANKS})
# [C][C]* rather than [C]+: a pattern opening with a class lets `re` skip ahead in C
_STRIP_RE = re.compile("[“”\"'‘’「」『』 \u3000\t\r\n][“”\"'‘’「」『』 \u3000\t\r\n]*")


def strip_quotes(s: str) -> str:
    """`s` without quotes and blanks (a regex is faster than translate on short strings)."""
    return _STRIP_RE.sub("", s)


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    code: str
    unit: str
    kind: str
    is_core: bool
    excludes: tuple[str, ...] = ()


@dataclass(slots=True, eq=False)  # (compared and hashed by identity: lru_cache keys on it)
class Lexicon:
    entries: dict[str, CatalogEntry]
    alias_codes: dict[str, tuple[str, ...]]  # alias (stripped) -> candidate codes, catalog order
    alias_re: re.Pattern
    core: frozenset[str] = field(default_factory=frozenset)
    # the first characters of the aliases (None: unknown), where alias_re can match
    alias_firsts: frozenset[str] | None = None

    def candidates(self, alias: str) -> tuple[str, ...]:
        return self.alias_codes.get(alias, ())


def build_lexicon(rows) -> Lexicon:
    """`rows`: objects with indicator_code, unit, kind, aliases, is_core, name_zh (catalog.Indicator)."""
    entries: dict[str, CatalogEntry] = {}
    alias_codes: dict[str, list[str]] = {}
    for r in rows:
        entries[r.indicator_code] = CatalogEntry(
            r.indicator_code, r.unit, r.kind, bool(r.is_core), tuple(getattr(r, "excludes", ()))
        )
        names = [r.name_zh, *r.aliases]
        for a in names:
            a = a.translate(STRIP_TABLE)
            if len(a) < 2:
                continue
            lst = alias_codes.setdefault(a, [])
            if r.indicator_code not in lst:
                lst.append(r.indicator_code)
    # an alias also stands for the codes of the shorter aliases it contains
    # (登记技术合同 ⊃ 技术合同: the contracts' turnover when the unit is money)
    words = sorted(alias_codes, key=len, reverse=True)
    extended: dict[str, list[str]] = {}
    for a in words:
        lst = list(alias_codes[a])
        for b in words:
            if len(b) < len(a) and b in a:
                for c in alias_codes[b]:
                    if c not in lst:
                        lst.append(c)
        extended[a] = lst
    alias_codes = extended
    pattern = trie_regex(words) if words else r"(?!x)x"
    return Lexicon(
        entries=entries,
        alias_codes={k: tuple(v) for k, v in alias_codes.items()},
        alias_re=re.compile(pattern),
        core=frozenset(c for c, e in entries.items() if e.is_core),
        alias_firsts=first_chars(words),
    )


@cache
def default_lexicon() -> Lexicon:
    from orchestration.catalog.indicators import indicators

    return build_lexicon(indicators())


# both modifier families in one scan: the leftmost modifier word, a 净增 word
# where both start at one place (as NET_NEW_RE is searched first).  Plain
# words (no look-arounds, no groups), so that `re` skips ahead in C.
_NET_NEW_WORDS = cues.NET_NEW_RE.pattern.split("|")
_MODIFIER_RE = re.compile(by_first_char([*_NET_NEW_WORDS, *cues.NEW_RE.pattern.split("|")]))
_NET_NEW_SET = frozenset(_NET_NEW_WORDS)


def modifier_in(s: str) -> str | None:
    """The modifier family in `s`: net_new (净增…) before new (新增/引进…), else None."""
    m = _MODIFIER_RE.search(s)
    if m is None:
        return None
    # a match that is a 净增 word is one (净增 words come first at any place);
    # otherwise a 净增 word can only start after the leftmost modifier
    if m.group() in _NET_NEW_SET or cues.NET_NEW_RE.search(s, m.start() + 1):
        return "net_new"
    return "new"
