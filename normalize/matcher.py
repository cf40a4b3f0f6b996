"""The compiled scanner: every surface form in one Aho-Corasick automaton (Rust).

The automaton reports all occurrences, overlapping, in compiled code; Python only looks at
candidates. A multi-word surface is found two ways: spelled with single spaces, directly;
and through its longest word (its *anchor*, rarer than a short first word such as ``al``
or ``the``), whose payload lists the words before and after it, so that any whitespace run
between the words matches too (``Kim\\nJong Un``).
"""

from __future__ import annotations

import functools
import re
from typing import Iterable

import ahocorasick_rs

from .expand import Rule

__all__ = ["GAP_MAX", "Matcher"]

#: Longest whitespace run that may stand for one space of a multi-word name.
GAP_MAX = 32

_SURROGATE = re.compile("[\ud800-\udfff]")

#: (words before the anchor, nearest first; words after it; the rule)
Tail = tuple[tuple[str, ...], tuple[str, ...], Rule]


class Matcher:
    """Surfaces compiled for scanning. Immutable once built."""

    __slots__ = ("automaton", "patterns", "payload", "reach", "size", "dropped", "has_anchors")

    def __init__(self, surfaces: dict[str, Rule], dropped: Iterable[tuple[str, str, str]] = ()) -> None:
        anchors: dict[str, list[Tail]] = {}
        reach = 1
        for s, rule in surfaces.items():
            words = s.split(" ")
            reach = max(reach, len(s) + (len(words) - 1) * (GAP_MAX - 1))
            if len(words) > 1:
                a = max(range(len(words)), key=lambda i: len(words[i]))
                anchors.setdefault(words[a], []).append((tuple(reversed(words[:a])), tuple(words[a + 1:]), rule))
        patterns = sorted(surfaces.keys() | anchors.keys())
        payload = tuple((surfaces.get(p), tuple(anchors[p]) if p in anchors else None) for p in patterns)
        self._set(tuple(patterns), payload, reach, len(surfaces), tuple(dropped))

    def _set(self, patterns, payload, reach, size, dropped) -> None:
        self.patterns: tuple[str, ...] = patterns
        self.payload: tuple[tuple[Rule | None, tuple[Tail, ...] | None], ...] = payload
        self.has_anchors = any(tails for _, tails in payload)
        self.automaton = ahocorasick_rs.AhoCorasick(list(patterns)) if patterns else None
        self.reach = reach
        self.size = size
        self.dropped = dropped

    def to_data(self) -> dict:
        """Plain data (JSON-ready) from which :meth:`from_data` rebuilds this matcher."""
        index: dict[Rule, int] = {}
        for rule, tails in self.payload:
            if rule is not None:
                index.setdefault(rule, len(index))
            for _, _, r in tails or ():
                index.setdefault(r, len(index))
        return {
            "rules": [[r.replacement, r.canonical, r.entity, r.table, r.variant, r.form, list(r.why), r.block]
                      for r in index],
            "patterns": list(self.patterns),
            "payload": [[-1 if rule is None else index[rule],
                         [[list(b), list(a), index[r]] for b, a, r in tails or ()]] for rule, tails in self.payload],
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
        payload = []
        for i, tails in raw:
            if type(i) is not int or not isinstance(tails, list):
                raise ValueError("bad payload")
            rule = None if i == -1 else rules[i]
            payload.append((rule, tuple((_words(b), _words(a), rules[j]) for b, a, j in tails) if tails else None))
        reach, size = data["reach"], data["size"]
        if type(reach) is not int or type(size) is not int or reach < 1:
            raise ValueError("bad sizes")
        dropped = tuple(tuple(d) for d in data["dropped"])
        if not all(len(d) == 3 and all(type(x) is str for x in d) for d in dropped):
            raise ValueError("bad dropped list")
        m = cls.__new__(cls)
        m._set(tuple(patterns), tuple(payload), reach, size, dropped)
        return m

    def payload_surfaces(self) -> list[str]:
        """Every literal string the automaton looks for (surfaces and anchors)."""
        return list(self.patterns)

    def candidates(self, text: str) -> list[tuple[int, int, int]]:
        """All occurrences of any surface, as (pattern, start, end), sorted leftmost-longest first."""
        if self.automaton is None:
            return []
        try:
            found = self.automaton.find_matches_as_indexes(text, overlapping=True)
        except UnicodeEncodeError:  # lone surrogates (undecodable bytes): same length, never a word
            found = self.automaton.find_matches_as_indexes(_SURROGATE.sub("\ufffd", text), overlapping=True)
        if len(found) > 1:
            found.sort(key=_order)
        return found


def _order(t: tuple[int, int, int]) -> tuple[int, int]:
    return (t[1], -t[2])


def _rule(r: object) -> Rule:
    if type(r) is not list or len(r) != 8:
        raise ValueError("bad rule")
    r[6] = tuple(r[6])
    return Rule._make(r)


def _words(w: object) -> tuple[str, ...]:
    if not isinstance(w, list) or not all(type(x) is str and x for x in w):
        raise ValueError("bad tail")
    return tuple(w)
