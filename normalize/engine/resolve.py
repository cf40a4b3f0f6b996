"""Trie matches -> rewrites: the replacement text of each, whitespace kept, no-op rewrites left out.

The trie (:mod:`normalize.trie`) decides where names are: word boundaries, leftmost-longest,
blockers, protected tokens and regions. What is left here is per match: the rule, the
replacement with the found text's own whitespace in multi-word names, and dropping a match
that is already canonical.
"""

from __future__ import annotations

import re

from ..rules.rule import Rule
from .match import Match
from .matcher import Matcher
from .regions import Regions, in_protected_token
from .trie import is_word_char

__all__ = ["Rewrite", "is_word_char", "replace", "resolve", "to_match", "transfer_whitespace"]

_SEP = re.compile(r"( |-)")
_GAP = re.compile(r"(\s+|-)")

Rewrite = tuple[int, int, Rule, str]  # (start, end, rule, replacement)


def transfer_whitespace(found: str, replacement: str) -> str:
    """The replacement, keeping the found text's whitespace in each gap between words."""
    f_parts = _GAP.split(found)
    if len(f_parts) == 1:
        return replacement
    c_parts = _SEP.split(replacement)
    if len(c_parts) == len(f_parts):
        for i in range(1, len(c_parts), 2):
            if c_parts[i] == " " and f_parts[i] != "-":
                c_parts[i] = f_parts[i]
        return "".join(c_parts)
    gaps = [g for g in f_parts[1::2] if g != "-"]
    k = 0
    for i in range(1, len(c_parts), 2):
        if c_parts[i] == " " and k < len(gaps):
            c_parts[i] = gaps[k]
            k += 1
    return "".join(c_parts)


def to_match(text: str, s: int, e: int, rule: Rule, replacement: str) -> Match:
    """A resolved rewrite as a :class:`Match`."""
    return Match(s, e, text[s:e], replacement, rule.canonical, rule.entity, rule.table, rule.variant,
                 rule.form, rule.why)


def resolve(matcher: Matcher, text: str, lo: int = 0, hi: int | None = None,
            regions: Regions | None = None) -> list[Rewrite]:
    """Rewrites whose start lies in ``[lo, hi)``, as (start, end, rule, replacement).

    Text outside ``[lo, hi)`` is context: the character before ``lo`` decides whether a
    name can start there, and a name starting before ``hi`` may end after it.
    """
    n = len(text)
    if hi is None or hi > n:
        hi = n
    found = matcher.trie.find(text, lo, hi, in_protected_token, regions.overlaps if regions else None)
    out: list[Rewrite] = []
    built, rule_of = matcher._built, matcher.rule
    for s, e, pid, plain in found:
        rule = built.get(pid) or rule_of(pid)
        seen = text[s:e]
        rep = rule.replacement if plain else transfer_whitespace(seen, rule.replacement)
        if rep != seen:
            out.append((s, e, rule, rep))
    return out


def replace(matcher: Matcher, text: str, lo: int = 0, hi: int | None = None,
            regions: Regions | None = None) -> tuple[str, int]:
    """``text[lo:stop]`` with the rewrites of :func:`resolve` applied, in one call to the trie.

    ``stop`` is ``hi``, or the end of the last rewrite if that lies past it.
    """
    n = len(text)
    if hi is None or hi > n:
        hi = n
    return matcher.trie.replace(text, lo, hi, in_protected_token, regions.overlaps if regions else None,
                                matcher.replacements(), matcher.replacement, transfer_whitespace)
