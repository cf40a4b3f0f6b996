"""Candidates -> matches: word boundaries, leftmost-longest, exceptions, protection, case.

This is the only place that decides whether a candidate from the scanner is a rewrite.
"""

from __future__ import annotations

import re
import unicodedata

from .match import Match
from .expand import Rule
from .matcher import GAP_MAX, Matcher, _order
from .regions import Regions, in_protected_token

__all__ = ["is_word_char", "find_matches"]

_word_cache: dict[str, bool] = {}
_SEP = re.compile(r"( |-)")
_GAP = re.compile(r"(\s+|-)")


def is_word_char(ch: str) -> bool:
    """Letters, marks, digits and connector punctuation (``_``) make up words."""
    v = _word_cache.get(ch)
    if v is None:
        v = ch.isalnum() or unicodedata.category(ch) in ("Mn", "Mc", "Me", "Pc", "Nd", "Nl", "No", "Lm", "Lo")
        if len(_word_cache) < 65536:
            _word_cache[ch] = v
    return v


def _bounded(text: str, start: int, end: int) -> bool:
    if start > 0 and is_word_char(text[start - 1]) and is_word_char(text[start]):
        return False
    if end < len(text) and is_word_char(text[end]) and is_word_char(text[end - 1]):
        return False
    return True


def _words_after(text: str, pos: int, words: tuple[str, ...]) -> int:
    """End of ``words`` after ``pos``, each preceded by a whitespace run; -1 if they are not there."""
    n = len(text)
    for w in words:
        j = pos
        limit = min(n, pos + GAP_MAX)
        while j < limit and text[j].isspace():
            j += 1
        if j == pos or not text.startswith(w, j):
            return -1
        pos = j + len(w)
    return pos


def _words_before(text: str, pos: int, words: tuple[str, ...]) -> int:
    """Start of ``words`` (nearest first) before ``pos``, each followed by whitespace; -1 if not there."""
    for w in words:
        j = pos
        limit = max(0, pos - GAP_MAX)
        while j > limit and text[j - 1].isspace():
            j -= 1
        if j == pos or j < len(w) or not text.startswith(w, j - len(w)):
            return -1
        pos = j - len(w)
    return pos


def _spread(text: str, raw: list, payload, off: int) -> list[tuple[int, int, Rule]]:
    """Multi-word candidates around anchor hits, whatever whitespace separates the words."""
    n = len(text)
    out = []
    for pid, s, e in raw:
        tails = payload[pid][1]
        if tails is None:
            continue
        s += off
        e += off
        space_before = s > 0 and text[s - 1].isspace()
        space_after = e < n and text[e].isspace()
        if not (space_before or space_after):
            continue
        for before, after, rule in tails:
            if (before and not space_before) or (after and not space_after):
                continue
            start = _words_before(text, s, before) if before else s
            if start < 0:
                continue
            end = _words_after(text, e, after) if after else e
            if end >= 0:
                out.append((start, end, rule))
    return out


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


def find_matches(matcher: Matcher, text: str, lo: int = 0, hi: int | None = None,
                 regions: Regions | None = None) -> list[Match]:
    """Rewrites whose start lies in ``[lo, hi)``; text outside is context only."""
    n = len(text)
    if hi is None or hi > n:
        hi = n
    if lo == 0 and hi == n:
        off, raw = 0, matcher.candidates(text)
    else:
        off, raw = lo, matcher.candidates(text[lo:min(n, hi + matcher.reach)])
    if not raw:
        return []
    payload = matcher.payload
    spread = _spread(text, raw, payload, off) if matcher.has_anchors else ()
    if spread:
        # Anchored candidates join the list as (-1 - index, start - off, end - off).
        raw = raw + [(-1 - i, st - off, en - off) for i, (st, en, _) in enumerate(spread)]
        raw.sort(key=_order)
    out: list[Match] = []
    last = lo
    k, count = 0, len(raw)
    while k < count:
        s = raw[k][1] + off
        if s < last:
            k += 1
            continue
        if s >= hi:
            break
        best_end, best_rule = -1, None
        while k < count and raw[k][1] + off == s:
            pid, _, e = raw[k]
            e += off
            k += 1
            rule = payload[pid][0] if pid >= 0 else spread[-1 - pid][2]
            if rule is not None and e > best_end and _bounded(text, s, e):
                best_end, best_rule = e, rule
        if best_rule is None:
            continue
        if best_rule.block:
            last = best_end
            continue
        if regions and regions.overlaps(s, best_end):
            continue
        if in_protected_token(text, s, best_end):
            continue
        found = text[s:best_end]
        replacement = best_rule.replacement
        if " " in best_rule.variant:
            replacement = transfer_whitespace(found, replacement)
        last = best_end
        if replacement == found:
            continue
        out.append(Match(s, best_end, found, replacement, best_rule.canonical, best_rule.entity,
                         best_rule.table, best_rule.variant, best_rule.form, best_rule.why))
    return out
