"""Trie matches -> rewrites: the replacement text of each, whitespace kept, no-op rewrites left out.

The trie (:mod:`normalize.trie`) decides where names are: word boundaries, leftmost-longest,
blockers, protected tokens and regions. What is left here is per match: the rule, the
replacement with the found text's own whitespace in multi-word names, and dropping a match
that is already canonical.
"""

from __future__ import annotations

import re

from ..rules.rule import Rule, capitalize, is_recased
from .match import Match
from .matcher import Matcher
from .regions import Regions, in_protected_token
from .trie import is_word_char

__all__ = ["SENTENCE_REACH", "Rewrite", "is_word_char", "recase", "replace", "resolve", "starts_sentence", "to_match",
           "transfer_whitespace"]

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


#: How far :func:`starts_sentence` looks back over spaces, quotes and markers (streams keep more
#: than this before the text they rewrite, so a stream decides as the whole text does).
SENTENCE_REACH = 64
_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
_SPACES = frozenset(" \t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000")
#: Opening quotes and brackets, emphasis marks: looked past (a double quote opens a quotation,
#: which starts a sentence).
_OPENERS = frozenset("'\u2018\u201a([{\u00a1\u00bf*_")
_QUOTES = frozenset("\"\u201c\u201e\u00ab\u2039\u300c")
#: What ends a sentence, closing quotes and brackets after it looked past.
_ENDS = frozenset(".!?\u2026\u203c\u2047\u2048\u2049\u3002")
_CLOSERS = frozenset("'\"\u2019\u201d\u00bb\u203a)]}*_")
#: Heading and list markers: a sentence starts after them at the start of a line; ``|`` starts a
#: table cell.
_MARKERS = frozenset("#>-+*\u2022\u2013\u2014=")


def starts_sentence(text: str, pos: int) -> bool:
    """Does a sentence (or a line, a heading, a list item, a table cell, a quotation) start at
    ``pos``? The character before it, past spaces and opening quotes, brackets and emphasis marks:
    none (the start of the text), a line break, a double quote, ``|``, a sentence end (``. ! ?
    ...``, also before closing quotes and brackets), or heading or list markers (``#``, ``-``,
    ``>`` ...) with only markers and spaces before them on the line. It looks back at most
    :data:`SENTENCE_REACH` characters, and says yes when that is not enough: a capital stays."""
    lo = max(0, pos - SENTENCE_REACH)
    i = pos
    while i > lo and (text[i - 1] in _SPACES or text[i - 1] in _OPENERS):
        i -= 1
    if i <= lo:
        return True
    c = text[i - 1]
    if c in _LINE_BREAKS or c in _QUOTES or c == "|":
        return True
    j = i
    while j > lo and text[j - 1] in _CLOSERS:
        j -= 1
    if j > lo and text[j - 1] in _ENDS:
        return True
    if c in _MARKERS:
        while i > lo and (text[i - 1] in _MARKERS or text[i - 1] in _SPACES):
            i -= 1
        return i <= lo or text[i - 1] in _LINE_BREAKS
    return False


def recase(text: str, start: int, replacement: str) -> str:
    """A lower-case canonical (``al-Qaida``) found capitalised at ``start``: capitalised where a
    sentence starts there, else as it is (:func:`~normalize.rules.rule.is_recased`)."""
    return capitalize(replacement) if starts_sentence(text, start) else replacement


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
        if is_recased(rule):
            rep = recase(text, s, rep)
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
                                matcher.replacements(), matcher.replacement, transfer_whitespace, recase)
