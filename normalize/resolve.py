"""Scanner output -> matches: word boundaries, leftmost-longest, exceptions, protection, case.

This is the only place that decides whether something the scanner found is a rewrite.

The automaton reports leftmost-longest, non-overlapping occurrences. Most are whole-word
names and are taken as they are. When one is not (``Kiev`` in ``Kievan``, ``Kiev Cafe`` in
``Kiev Cafes``), its shorter prefixes are tried, then scanning resumes at the next position
where a word can start, so the result is exactly "at each start, from the left, the longest
valid candidate" while the scan stays linear: inside a word no candidate is ever tried.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import re
from typing import Iterator

import unicodedata

from .expand import Rule, fold_apostrophes
from .match import Match
from .matcher import GAP_MAX, Matcher
from .regions import Regions, in_protected_token

__all__ = ["is_word_char", "resolve", "to_match", "transfer_whitespace"]

#: Positions where a name may start: not between two word characters.
#: Candidates for non-word characters; marks and connector punctuation among them are checked.
NOT_ALNUM = re.compile(r"\W")
_WORD_CATEGORIES = frozenset(("Mn", "Mc", "Me", "Pc"))
_word_cache: dict[str, bool] = {}
_SEP = re.compile(r"( |-)")
_GAP = re.compile(r"(\s+|-)")
#: Characters scanned again after a resume point before falling back on the first scan.
_WINDOW = 1024


def is_word_char(ch: str) -> bool:
    """Word characters: letters and digits (``str.isalnum``), marks, connector punctuation, ZWJ/ZWNJ."""
    v = _word_cache.get(ch)
    if v is None:
        v = ch.isalnum() or unicodedata.category(ch) in _WORD_CATEGORIES or ch in "\u200c\u200d"
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


def _spread(text: str, s: int, e: int, index, forward_only: bool = False) -> Iterator[tuple[int, int, Rule]]:
    """Multi-word candidates around an anchor at ``[s, e)``, whatever whitespace separates the words.

    ``forward_only``: only names that start with the anchor.
    """
    n = len(text)
    space_before = not forward_only and s > 0 and text[s - 1].isspace()
    space_after = e < n and text[e].isspace()
    if not (space_before or space_after):
        return
    by_after, by_before = index
    tails: list = []
    if space_after and by_after:
        j = e
        limit = min(n, e + GAP_MAX)
        while j < limit and text[j].isspace():
            j += 1
        tails += by_after.get(text[j:j + 2], ())
        tails += by_after.get(text[j:j + 1], ())
    if space_before and by_before:
        j = s
        limit = max(0, s - GAP_MAX)
        while j > limit and text[j - 1].isspace():
            j -= 1
        tails += by_before.get(text[max(0, j - 2):j], ())
        tails += by_before.get(text[max(0, j - 1):j], ())
    for before, after, rule in tails:
        if before and not space_before:
            continue
        start = _words_before(text, s, before) if before else s
        if start < 0:
            continue
        end = _words_after(text, e, after) if after else e
        if end >= 0:
            yield (start, end, rule)


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


class _Scan:
    """Leftmost-longest hits from any resume point, reusing the first full scan where it agrees."""

    def __init__(self, matcher: Matcher, text: str, lo: int, end: int) -> None:
        self.matcher = matcher
        self.text = text  # apostrophes already folded
        self.end = end
        self.off = lo
        self.hits = matcher.scan(text if (lo == 0 and end == len(text)) else text[lo:end])
        self._starts: list[int] | None = None

    def from_index(self, k: int) -> Iterator[tuple[int, int, int, bool]]:
        """Hits of the first scan from its ``k``-th on; the flag says they come from the first scan."""
        off, hits = self.off, self.hits
        for j in range(k, len(hits)):  # no slice: a resume must not copy the rest of the hits
            i, s, e = hits[j]
            yield i, s + off, e + off, True

    def complex_starts(self, complex_ids: frozenset[int]) -> list[int]:
        """Where the first scan found hits that may spread back over earlier text."""
        off = self.off
        return [s + off for i, s, _ in self.hits if i in complex_ids]

    def resume(self, p: int) -> Iterator[tuple[int, int, int, bool]]:
        """Hits of a leftmost-longest scan that starts at ``p``."""
        hits, off = self.hits, self.off
        if self._starts is None:
            self._starts = [h[1] + off for h in hits]
        reach = self.matcher.reach
        while p < self.end:
            k = bisect.bisect_left(self._starts, p)
            if k == 0 or hits[k - 1][2] + off <= p:
                # The first scan restarted at or before p and found nothing before hits[k]: same scan.
                yield from self.from_index(k)
                return
            stop = min(self.end, p + _WINDOW + reach)
            settled = stop if stop == self.end else stop - reach
            for i, s, e in self.matcher.scan(self.text[p:stop]):
                s += p
                if s >= settled:
                    break
                yield i, s, e + p, False
                settled = max(settled, e + p)
            p = settled


def to_match(text: str, s: int, e: int, rule: Rule, replacement: str) -> Match:
    """A resolved rewrite as a :class:`Match`."""
    return Match(s, e, text[s:e], replacement, rule.canonical, rule.entity, rule.table, rule.variant,
                 rule.form, rule.why)


Rewrite = tuple[int, int, Rule, str]  # (start, end, rule, replacement)


def resolve(matcher: Matcher, text: str, lo: int = 0, hi: int | None = None,
            regions: Regions | None = None) -> list[Rewrite]:
    """Rewrites whose start lies in ``[lo, hi)``, as (start, end, rule, replacement).

    Hits come from the leftmost-longest scan in order of their start. A hit that is a plain
    name, with no shorter prefix, no anchor inside and no anchor read ahead that could
    spread back over it, is decided at once. Otherwise its candidates (itself, its shorter
    prefixes, the multi-word names spread around the anchors it contains, which may start
    up to ``matcher.spread_back`` characters earlier) go to a heap, and a start position is
    decided only once every hit that could still add a candidate there has been read.
    Where a decision leaves text under a hit undecided (the hit was no whole word, or a
    shorter candidate won), scanning resumes at the next possible start.
    """
    n = len(text)
    if hi is None or hi > n:
        hi = n
    folded = fold_apostrophes(text)  # what the automaton and the multi-word tails look at
    scan = _Scan(matcher, folded, lo, min(n, hi + matcher.reach))
    if not scan.hits:
        return []
    payload, prefixes, inner, patterns = matcher.payload, matcher.prefixes, matcher.inner_anchors, matcher.patterns
    back = matcher.spread_back
    spread_index = matcher.spread_index
    complex_ids = matcher.complex_ids
    back_ids = matcher.back_ids
    hidden_ids = matcher.hidden_ids
    out: list[Rewrite] = []
    last = lo
    restarted_at = lo - 1
    covered = lo  # end of the furthest hit read: text before it was seen only through hits
    hits = scan.from_index(0)
    nxt = next(hits, None)
    cx = scan.complex_starts(back_ids) if back else []
    pending: list = []  # heap of (start, -end, seq, hit end, rule); rule None marks a hit
    seq = itertools.count()

    while pending or nxt is not None:
        if not pending:
            # Fast path: decide this hit on its own unless something can start before it or
            # hides under it. Only anchors with words before them spread back (a single-word
            # pattern holds no whitespace, so anchors inside or at the start of a hit can
            # only matter when the hit itself is no whole word).
            i, s, e, _ = nxt
            if s >= hi:
                break
            if i not in back_ids or s == 0 or not text[s - 1].isspace():
                following = next(hits, None)
                if following is None or following[1] > s + back or (following[3] and _none_between(cx, s, s + back)):
                    nxt = following
                    if s < last:
                        if e > last:
                            # It overlapped a decided name: look again from the next possible start.
                            p = _next_start(text, last, e)  # (a start at or past e is not used)
                            if p > restarted_at and p < e:
                                restarted_at = p
                                hits = scan.resume(p)
                                nxt = next(hits, None)
                        continue
                    covered = max(covered, e)
                    rule, tails = payload[i]
                    best_end, best_rule = -1, None
                    if rule is not None and _bounded(text, s, e):
                        best_end, best_rule = e, rule
                    if tails and e < n and text[e].isspace():
                        for _, ce, cr in _spread(folded, s, e, spread_index[i], forward_only=True):
                            if ce > best_end and _bounded(text, s, ce):
                                best_end, best_rule = ce, cr
                    if best_rule is not None:
                        if best_rule.block:
                            last = best_end
                            continue
                        if not ((regions and regions.overlaps(s, best_end)) or _protected(text, s, best_end)):
                            found = text[s:best_end]
                            rep = transfer_whitespace(found, best_rule.replacement) if best_end != e \
                                else best_rule.replacement
                            if rep != found:
                                out.append((s, best_end, best_rule, rep))
                            last = best_end
                            continue
                    elif i in hidden_ids:
                        # No whole word here: its shorter prefixes and inner anchors decide, on the heap.
                        if following is not None:
                            hits = itertools.chain((following,), hits)
                        covered = max(covered, e)
                        _push_hit(pending, seq, text, folded, i, s, e, matcher)
                        nxt = next(hits, None)
                        continue
                    # Look again from the next possible start under the hit.
                    p = _next_start(text, s + 1, e)  # (bounded: a glued word must not cost O(n))
                    if p > restarted_at and p < e:
                        restarted_at = p
                        hits = scan.resume(p)
                        nxt = next(hits, None)
                    continue
                if following is not None:
                    hits = itertools.chain((following,), hits)
            # Otherwise the heap decides, reading ahead as far as a spread may reach back.
        # Read hits until none could add a candidate at the earliest pending start.
        while nxt is not None and (not pending or nxt[1] <= pending[0][0] + back):
            i, s, e, _ = nxt
            nxt = next(hits, None)
            if s >= hi + back or s >= scan.end:
                nxt = None
                break
            covered = max(covered, e)
            if i not in complex_ids:
                heapq.heappush(pending, (s, -e, next(seq), e, payload[i][0]))
            else:
                _push_hit(pending, seq, text, folded, i, s, e, matcher)
        if not pending:
            continue
        # Decide the earliest start: its longest whole-word candidate.
        x = pending[0][0]
        best_end, best_rule, hit_end = -1, None, -1
        while pending and pending[0][0] == x:
            _, neg_end, _, h_end, rule = heapq.heappop(pending)
            hit_end = max(hit_end, h_end)
            if rule is not None and x >= last and -neg_end > best_end and _bounded(text, x, -neg_end):
                best_end, best_rule = -neg_end, rule
        if x >= hi:
            break
        if best_rule is not None:
            if best_rule.block:
                last = best_end
            elif not ((regions and regions.overlaps(x, best_end)) or _protected(text, x, best_end)):
                found = text[x:best_end]
                rep = transfer_whitespace(found, best_rule.replacement) if " " in best_rule.variant \
                    else best_rule.replacement
                if rep != found:
                    out.append((x, best_end, best_rule, rep))
                last = best_end
        resume = max(last, x + 1)
        if resume < covered and hit_end > resume:
            # Text under a hit is still undecided: scan it again from the next possible start.
            p = _next_start(text, resume, scan.end)
            if p > restarted_at:  # a scan already resumed here has nothing new to say
                restarted_at = p
                pending = [c for c in pending if c[3] <= p or c[0] < p]
                heapq.heapify(pending)
                hits = scan.resume(p)
                nxt = next(hits, None)
                covered = p
    return out


def _push_hit(pending: list, seq, text: str, folded: str, i: int, s: int, e: int, matcher: Matcher) -> None:
    """Every candidate a hit stands for: itself, its prefixes, spreads around the anchors in it."""
    payload, patterns, spread_index = matcher.payload, matcher.patterns, matcher.spread_index
    heapq.heappush(pending, (s, -e, next(seq), e, None))
    for j in (i, *matcher.prefixes.get(i, ())):
        rj, tj = payload[j]
        ej = s + len(patterns[j])
        if rj is not None:
            heapq.heappush(pending, (s, -ej, next(seq), e, rj))
        if tj:
            for cs, ce, cr in _spread(folded, s, ej, spread_index[j]):
                heapq.heappush(pending, (cs, -ce, next(seq), e, cr))
    for offset, j in matcher.inner_anchors.get(i, ()):
        a = s + offset
        for cs, ce, cr in _spread(folded, a, a + len(patterns[j]), spread_index[j]):
            heapq.heappush(pending, (cs, -ce, next(seq), e, cr))


def _none_between(starts: list[int], lo: int, hi: int) -> bool:
    """No start in ``(lo, hi]``."""
    k = bisect.bisect_right(starts, lo)
    return k == len(starts) or starts[k] > hi


def _next_start(text: str, p: int, end: int) -> int:
    """The first position from ``p`` that is not between two word characters (``end`` if none)."""
    if p >= end or p == 0:
        return min(p, end)
    q = p - 1
    while True:
        m = NOT_ALNUM.search(text, q, end)
        if m is None:
            return end
        c = m.start()
        if not is_word_char(text[c]):  # a real non-word character (not a mark or a connector)
            return max(p, c)
        q = c + 1


def _protected(text: str, s: int, e: int) -> bool:
    """Protected-token check with a fast path for a name between spaces."""
    if (s == 0 or text[s - 1].isspace()) and (e == len(text) or text[e].isspace()):
        return False
    return in_protected_token(text, s, e)
