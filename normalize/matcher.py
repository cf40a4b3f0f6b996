"""The compiled scanner: every surface form in one Aho-Corasick automaton (Rust).

The automaton reports all occurrences, overlapping, in compiled code; Python only looks at
candidates. A multi-word surface is found two ways: spelled with single spaces, directly;
and through its first word (its *head*), whose payload lists the remaining words, so that
any whitespace run between the words matches too (``Kim\\nJong Un``).
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

Tail = tuple[tuple[str, ...], Rule]


class Matcher:
    """Surfaces compiled for scanning. Immutable once built."""

    __slots__ = ("automaton", "patterns", "payload", "reach", "size", "dropped")

    def __init__(self, surfaces: dict[str, Rule], dropped: Iterable[tuple[str, str, str]] = ()) -> None:
        heads: dict[str, list[tuple[int, tuple[str, ...], Rule]]] = {}
        reach = 1
        for s, rule in surfaces.items():
            words = s.split(" ")
            reach = max(reach, len(s) + (len(words) - 1) * (GAP_MAX - 1))
            if len(words) > 1:
                heads.setdefault(words[0], []).append((len(s), tuple(words[1:]), rule))
        patterns = sorted(surfaces.keys() | heads.keys())
        self.payload: tuple[tuple[Rule | None, tuple[Tail, ...] | None], ...] = tuple(
            (
                surfaces.get(p),
                tuple((w, r) for _, w, r in sorted(heads[p], key=lambda t: -t[0])) if p in heads else None,
            )
            for p in patterns
        )
        self.patterns = tuple(patterns)
        self.automaton = ahocorasick_rs.AhoCorasick(patterns) if patterns else None
        self.reach = reach
        self.size = len(surfaces)
        self.dropped = tuple(dropped)

    def payload_surfaces(self) -> list[str]:
        """Every literal string the automaton looks for (surfaces and heads)."""
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
