"""The compiled scanner: every surface form in one Aho-Corasick automaton (Rust).

The automaton runs leftmost-longest, non-overlapping, in compiled code: one pass over the
text, and Python looks only at what it reports. What a leftmost-longest scan hides is
worked out here, at compile time, per pattern: the shorter patterns that are its prefixes
(``Kiev`` inside ``Kiev Cafe``, needed when the longer one is not a whole word) and the
anchors that occur inside it.

A multi-word surface is found two ways: spelled with single spaces, directly; and through
its longest word (its *anchor*, rarer than a short first word such as ``al`` or ``the``),
whose payload lists the words before and after it, so that any whitespace run between the
words matches too (``Kim\\nJong Un``).
"""

from __future__ import annotations

import re
from typing import Iterable

import ahocorasick_rs
import regex

from .expand import Rule

__all__ = ["GAP_MAX", "Matcher"]

#: Longest whitespace run that may stand for one space of a multi-word name.
GAP_MAX = 32

_SURROGATE = re.compile("[\ud800-\udfff]")
_NON_WORD = regex.compile(r"\W")

#: (words before the anchor, nearest first; words after it; the rule)
Tail = tuple[tuple[str, ...], tuple[str, ...], Rule]
Payload = tuple[Rule | None, tuple[Tail, ...] | None]


class Matcher:
    """Surfaces compiled for scanning. Immutable once built."""

    __slots__ = ("automaton", "patterns", "payload", "prefixes", "inner_anchors", "reach", "size", "dropped",
                 "has_anchors", "spread_back", "spread_index", "complex_ids")

    def __init__(self, surfaces: dict[str, Rule], dropped: Iterable[tuple[str, str, str]] = ()) -> None:
        anchors: dict[str, list[Tail]] = {}
        reach = 1
        for s, rule in surfaces.items():
            words = s.split(" ")
            reach = max(reach, len(s) + (len(words) - 1) * (GAP_MAX - 1))
            if len(words) > 1:
                a = max(range(len(words)), key=lambda i: len(words[i]))
                anchors.setdefault(words[a], []).append((tuple(reversed(words[:a])), tuple(words[a + 1:]), rule))
        patterns = tuple(sorted(surfaces.keys() | anchors.keys()))
        payload = tuple((surfaces.get(p), tuple(anchors[p]) if p in anchors else None) for p in patterns)
        prefixes, inner = _hidden(patterns, payload)
        self._set(patterns, payload, prefixes, inner, reach, len(surfaces), tuple(dropped))

    def _set(self, patterns, payload, prefixes, inner, reach, size, dropped) -> None:
        self.patterns: tuple[str, ...] = patterns
        self.payload: tuple[Payload, ...] = payload
        self.prefixes: dict[int, tuple[int, ...]] = prefixes  # pattern -> its proper prefixes, longest first
        self.inner_anchors: dict[int, tuple[tuple[int, int], ...]] = inner  # pattern -> (offset, anchor)
        self.automaton = (ahocorasick_rs.AhoCorasick(list(patterns), matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
                          if patterns else None)
        self.reach = reach
        self.size = size
        self.dropped = dropped
        self.has_anchors = any(tails for _, tails in payload)
        self.spread_index = {i: _index_tails(tails) for i, (_, tails) in enumerate(payload) if tails}
        # Hits that need more than a look at themselves: anchors, and patterns hiding prefixes or anchors.
        self.complex_ids = frozenset(self.spread_index) | frozenset(prefixes) | frozenset(inner)
        # How far before an anchor a multi-word name can start (its words and gaps before it).
        self.spread_back = max((sum(len(w) + GAP_MAX for w in before) for _, tails in payload for before, _, _ in tails or ()),
                               default=0)

    def payload_surfaces(self) -> list[str]:
        """Every literal string the automaton looks for (surfaces and anchors)."""
        return list(self.patterns)

    def scan(self, text: str) -> list[tuple[int, int, int]]:
        """Leftmost-longest, non-overlapping occurrences as (pattern, start, end)."""
        if self.automaton is None:
            return []
        try:
            return self.automaton.find_matches_as_indexes(text)
        except UnicodeEncodeError:  # lone surrogates (undecodable bytes): same length, never a word
            return self.automaton.find_matches_as_indexes(_SURROGATE.sub("\ufffd", text))

    def to_data(self) -> dict:
        """Plain data (JSON-ready) from which :meth:`from_data` rebuilds this matcher."""
        index: dict[Rule, int] = {}
        for rule, tails in self.payload:
            if rule is not None:
                index.setdefault(rule, len(index))
            for _, _, r in tails or ():
                index.setdefault(r, len(index))
        return {
            "rules": [list(r[:6]) + [list(r.why), r.block] for r in index],
            "patterns": list(self.patterns),
            "payload": [[-1 if rule is None else index[rule],
                         [[list(b), list(a), index[r]] for b, a, r in tails or ()]] for rule, tails in self.payload],
            "prefixes": [[k, list(v)] for k, v in self.prefixes.items()],
            "inner": [[k, [list(x) for x in v]] for k, v in self.inner_anchors.items()],
            "reach": self.reach,
            "size": self.size,
            "dropped": [list(d) for d in self.dropped],
        }

    @classmethod
    def from_data(cls, data: dict) -> "Matcher":
        """Rebuild from :meth:`to_data` output; ValueError (or TypeError) if it is not well-formed."""
        rules = [_rule(r) for r in data["rules"]]
        patterns = data["patterns"]
        raw = data["payload"]
        if not isinstance(patterns, list) or not isinstance(raw, list) or len(patterns) != len(raw):
            raise ValueError("patterns and payload differ")
        if not all(type(p) is str and p for p in patterns):
            raise ValueError("bad pattern")
        count = len(patterns)
        payload = []
        for i, tails in raw:
            if type(i) is not int or not isinstance(tails, list):
                raise ValueError("bad payload")
            rule = None if i == -1 else rules[i]
            payload.append((rule, tuple((_words(b), _words(a), rules[j]) for b, a, j in tails) if tails else None))
        prefixes = {_index(k, count): tuple(_index(j, count) for j in v) for k, v in data["prefixes"]}
        inner = {_index(k, count): tuple((int(o), _index(j, count)) for o, j in v) for k, v in data["inner"]}
        reach, size = data["reach"], data["size"]
        if type(reach) is not int or type(size) is not int or reach < 1:
            raise ValueError("bad sizes")
        dropped = tuple(tuple(d) for d in data["dropped"])
        if not all(len(d) == 3 and all(type(x) is str for x in d) for d in dropped):
            raise ValueError("bad dropped list")
        m = cls.__new__(cls)
        m._set(tuple(patterns), tuple(payload), prefixes, inner, reach, size, dropped)
        return m


def _hidden(patterns: tuple[str, ...], payload: tuple[Payload, ...]):
    """For each pattern: the patterns that are its proper prefixes, and the anchors inside it.

    A shorter prefix can only be a whole word where the longer pattern has a non-word
    character at the cut, so only those cut points are looked up (an anchor followed by
    more words is followed by a space, so the same holds for anchors). Both lookups run over
    all patterns joined by NUL, which no pattern contains (tables reject control characters).
    """
    import bisect

    if len(patterns) < 2:
        return {}, {}
    joined = "\0".join(patterns)
    starts, pos = [], 0
    for p in patterns:
        starts.append(pos)
        pos += len(p) + 1
    index = {p: i for i, p in enumerate(patterns)}
    found: dict[int, set[int]] = {}
    for m in _NON_WORD.finditer(joined):
        q = m.start()
        if joined[q] == "\0":
            continue
        k = bisect.bisect_right(starts, q) - 1
        p = patterns[k]
        o = q - starts[k]
        for cut in (o, o + 1):
            if 0 < cut < len(p):
                j = index.get(p[:cut])
                if j is not None:
                    found.setdefault(k, set()).add(j)
    prefixes = {k: tuple(sorted(v, key=lambda j: -len(patterns[j]))) for k, v in found.items()}
    anchor_ids = [i for i, (_, tails) in enumerate(payload) if tails]
    inner: dict[int, list[tuple[int, int]]] = {}
    if anchor_ids:
        ac = ahocorasick_rs.AhoCorasick([patterns[i] for i in anchor_ids])
        for a, s, _ in ac.find_matches_as_indexes(joined, overlapping=True):
            k = bisect.bisect_right(starts, s) - 1
            j = anchor_ids[a]
            if k != j and s > starts[k]:
                inner.setdefault(k, []).append((s - starts[k], j))
    return prefixes, {k: tuple(v) for k, v in inner.items()}


def _index_tails(tails: tuple[Tail, ...]) -> tuple[dict[str, list[Tail]], dict[str, list[Tail]]]:
    """Tails keyed by the first two characters of the word after the anchor (or, without one,
    the last two of the word before it), so a hit tries only the tails that can fit."""
    after: dict[str, list[Tail]] = {}
    before: dict[str, list[Tail]] = {}
    for t in tails:
        b, a, _ = t
        if a:
            after.setdefault(a[0][:2], []).append(t)
        else:
            before.setdefault(b[0][-2:], []).append(t)
    return after, before


def _index(i: object, count: int) -> int:
    if type(i) is not int or not 0 <= i < count:
        raise ValueError("bad pattern index")
    return i


def _rule(r: object) -> Rule:
    if type(r) is not list or len(r) != 8:
        raise ValueError("bad rule")
    r[6] = tuple(r[6])
    return Rule._make(r)


def _words(w: object) -> tuple[str, ...]:
    if not isinstance(w, list) or not all(type(x) is str and x for x in w):
        raise ValueError("bad tail")
    return tuple(w)
