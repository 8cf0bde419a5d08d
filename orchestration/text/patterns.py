"""Regex builders over word lists, and the first-character sets derived from them.

Word lists (region names, indicator aliases, cue words, units) become regexes here, in one
place, so that the sets of characters a pattern can start with are always computed from the
same words, never written by hand beside them (a hand-kept set silently ignores a new word).

* `trie_regex(words)`: an alternation structured as a trie; at each position it matches the
  longest word (the order of `words` does not matter).
* `by_first_char(words)`: the plain alternation `w1|w2|…` regrouped by first character, order
  kept within each group; it matches exactly what the flat alternation matches, but `re` gets a
  set of first characters to skip ahead with.
* `first_chars(words)`: the characters the words start with.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def trie_regex(words: Iterable[str]) -> str:
    """A regex matching any of `words`, the longest one at each position (a trie)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch != ""]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return build(trie)


def by_first_char(words: Iterable[str]) -> str:
    """`w1|w2|…` regrouped by first character: `c(?:x|y|)|d(?:…)`, the same matches.

    Only words sharing a first character can match at one place, and among those the order is
    the one given, so the flat alternation and this one agree on every input."""
    groups: dict[str, list[str]] = {}
    for w in words:
        groups.setdefault(w[0], []).append(re.escape(w[1:]))
    return "|".join(re.escape(c) + "(?:" + "|".join(rest) + ")" for c, rest in groups.items())


def first_chars(words: Iterable[str]) -> frozenset[str]:
    """The set of first characters of `words` (empty words are ignored)."""
    return frozenset(w[0] for w in words if w)
