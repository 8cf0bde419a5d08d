"""Indicator catalog matching: aliases -> candidate codes, chosen by unit, measure and modifiers.

The catalog is `dbt_project/seeds/indicators.csv` (via `orchestration.catalog.indicators`);
an alias may belong to several codes (技术合同: a count of contracts and their
turnover), and the number's unit and the modifiers in its clause pick one.
The few rules that are more than aliases live here as data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from orchestration.extract import cues
from orchestration.text.patterns import by_first_char, first_chars, trie_regex

# code -> modifier family it requires ("net_new": 净增…, "new": 新增/新引进/新培育…)
REQUIRES_MODIFIER: dict[str, str] = {
    "hitech_enterprises_net_new": "net_new",
    "hitech_enterprises_new": "new",
    "new_rd_institutions": "new",
}
# level code -> code of its share ("X占Y的比重" is the level of that ratio indicator)
SHARE_CODE: dict[str, str] = {
    "rd_expenditure": "rd_intensity",
    "hitech_industry_va": "hitech_industry_va_share",
}
# codes that a modifier turns a stock into (stock code -> {family: flow code})
MODIFIED_CODE: dict[str, dict[str, str]] = {
    "hitech_enterprises": {"net_new": "hitech_enterprises_net_new", "new": "hitech_enterprises_new"},
    "new_type_rd_institutions": {"new": "new_rd_institutions", "net_new": "new_rd_institutions"},
}

_UNIT_OK = {
    "CNY": {"money"},
    "count": {"count"},
    "percent": {"percent"},
    "per_10k_residents": {"count", "none"},
    "rank": {"rank"},
    "years": {"physical"},
    "tonne": {"physical", "count"},
}

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


@dataclass(slots=True)
class Lexicon:
    entries: dict[str, CatalogEntry]
    alias_codes: dict[str, tuple[str, ...]]  # alias (stripped) -> candidate codes, catalog order
    alias_re: re.Pattern
    core: frozenset[str] = field(default_factory=frozenset)
    # choose_code is a pure function of its arguments and the catalog: memoised
    # (the key space is catalog-sized, not text-sized)
    choices: dict[tuple, tuple[str | None, str]] = field(default_factory=dict)
    # the last alias in a (quote-stripped) phrase, as (alias, end) or None: a
    # pure function of the phrase and the catalog, memoised like `choices`
    # (the phrases before numbers recur: 同比增长, 全市技术合同成交额)
    last_alias: dict[str, tuple[str, int] | None] = field(default_factory=dict)
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


def unit_compatible(entry: CatalogEntry, unit_class: str) -> bool:
    ok = _UNIT_OK.get(entry.unit)
    if ok is None:
        return unit_class in ("physical", "count")
    return unit_class in ok


def choose_code(
    lex: Lexicon,
    cands: tuple[str, ...],
    *,
    measure: str,
    unit_class: str,
    modifier: str | None,
    share_whole: bool,
) -> tuple[str | None, str]:
    """Pick a code for a number about `cands`; returns (code, measure) — the
    measure may become `level` when the number is the level of a ratio indicator."""
    if not cands:
        return None, measure
    key = (cands, measure, unit_class, modifier, share_whole)
    hit = lex.choices.get(key)
    if hit is None:
        hit = _choose_code(lex, cands, measure, unit_class, modifier, share_whole)
        if len(lex.choices) < 100_000:
            lex.choices[key] = hit
    return hit


def _choose_code(
    lex: Lexicon,
    cands: tuple[str, ...],
    measure: str,
    unit_class: str,
    modifier: str | None,
    share_whole: bool,
) -> tuple[str | None, str]:
    # apply modifiers: a stock concept with 净增/新增 becomes its flow code
    expanded: list[str] = []
    for c in cands:
        mod = MODIFIED_CODE.get(c, {}).get(modifier or "")
        if mod:
            expanded.append(mod)
        expanded.append(c)
    # codes needing a modifier are only valid with it
    pool = []
    for c in expanded:
        need = REQUIRES_MODIFIER.get(c)
        if need and need != modifier and not (need == "new" and modifier == "net_new"):
            continue
        if c not in pool:
            pool.append(c)
    # a stock (总数, 拥有量) is never its own additions: 新增1家全国重点实验室 counts new labs,
    # not labs; only a flow code (净增…, 新引进…) takes a modified number
    if modifier is not None:
        pool = [c for c in pool if (e := lex.entries.get(c)) is None or e.kind != "stock"]
    if not pool:
        return None, measure
    if measure == "level":
        if unit_class == "percent" and share_whole:
            # the ratio of the alias's own indicator only (规上工业企业研发投入占比 is not the
            # R&D intensity its shorter alias 研发投入 would give)
            sc = SHARE_CODE.get(pool[0])
            if sc:
                return sc, "level"
        for c in pool:
            e = lex.entries.get(c)
            if e and unit_compatible(e, unit_class):
                return c, "level"
        if unit_class == "percent" and share_whole:
            for c in pool:
                e = lex.entries.get(c)
                if e and e.unit != "percent":
                    return c, "share_pct"
        return None, measure
    if measure == "share_pct":
        for c in pool:
            e = lex.entries.get(c)
            if e and e.unit == "percent" and c in SHARE_CODE.values():
                return c, "level"
        for c in pool:
            e = lex.entries.get(c)
            if e and e.unit not in ("percent", "rank"):
                return c, "share_pct"
        return None, measure
    if measure == "rank_change":
        for c in pool:
            e = lex.entries.get(c)
            if e and e.unit == "rank":
                return c, measure
        return None, measure
    # yoy_pct / pp_change: the growth of the first candidate that is not a rank
    for c in pool:
        e = lex.entries.get(c)
        if e and e.unit != "rank":
            if measure == "yoy_pct" and e.unit == "percent" and e.kind == "ratio":
                continue  # ratios change in percentage points, not percent
            return c, measure
    return None, measure


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
