"""One sense per discourse: once a document names a namesake, its variant stays as written.

A table's ``[[entity.namesakes]]`` phrases (``Odessa, Texas``, ``Timoshenko beam``) are blockers
in the engine: they are never rewritten. This stage finds them again, in a small trie of their
own, and remembers for the rest of the document which spelling of which entity now names
something else. The memory holds at most one entry per spelling in the tables, so a stream of
any length keeps constant memory. ``except`` phrases are read too, to report why their variant
was kept, but they establish nothing: they are fixed phrases about the entity itself
(``Battle of Kiev``), not other bearers of its name.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from ..engine.match import Match
from ..engine.matcher import Matcher
from ..engine.trie import FLAG_BLOCK
from ..rules.rule import Rule

__all__ = ["Phrase", "Senses", "senses_for"]

_WORD_EDGE = re.compile(r"\b")


@dataclass(frozen=True, slots=True)
class Phrase:
    """A namesake's or except phrase as the sense trie knows it."""

    entity: str
    kind: str  # "namesake" or "except-phrase"
    label: str  # the namesake's name, or the except phrase
    spellings: frozenset[str]  # the entity's spellings inside it, case-folded


class Senses:
    """The namesake and except phrases of a matcher's tables, compiled for finding them."""

    __slots__ = ("trie", "phrases", "_matcher")

    def __init__(self, matcher: Matcher) -> None:
        self._matcher = matcher
        surfaces: dict[str, Rule] = {}
        self.phrases: dict[int, Phrase] = {}
        found: list[tuple[str, Rule]] = []
        flags = matcher.flags
        for pid in range(len(flags)):
            if not flags[pid] & FLAG_BLOCK:
                continue
            rule = matcher.rule(pid)
            if rule.why[:1] in (("namesake",), ("except",)):
                found.append((matcher.pattern(pid), rule))
        for pattern, rule in found:
            surfaces[pattern] = Rule(rule.replacement, rule.canonical, rule.entity, rule.table, rule.variant,
                                     rule.form, rule.why, block=False)
        self.trie = Matcher(surfaces).trie if surfaces else None
        if self.trie is not None:
            for i, pattern in enumerate(sorted(surfaces)):  # Matcher numbers patterns in sorted order
                rule = surfaces[pattern]
                namesake = rule.why[0] == "namesake"
                self.phrases[i] = Phrase(rule.entity, "namesake" if namesake else "except-phrase",
                                         rule.why[1] if namesake and len(rule.why) > 1 else rule.variant,
                                         frozenset(self._spellings(pattern, rule.entity)))

    def _spellings(self, phrase: str, entity: str) -> set[str]:
        """The runs of whole words of ``phrase`` that the engine reads as a spelling of ``entity``."""
        edges = [m.start() for m in _WORD_EDGE.finditer(phrase)]
        out: set[str] = set()
        for i in edges:
            for j in edges:
                if j > i and (i, j) != (0, len(phrase)):
                    rule = self.variant(phrase[i:j])
                    if rule is not None and rule.entity == entity:
                        out.add(phrase[i:j].casefold())
        return out

    def variant(self, spelling: str) -> Rule | None:
        """The engine's rule for ``spelling`` as a whole, if it is a spelling the engine rewrites."""
        hits = self._matcher.trie.find(spelling, 0, 1, None, None)
        if hits and hits[0][1] == len(spelling):
            return self._matcher.rule(hits[0][2])
        return None

    def kept_inside(self, text: str, s: int, e: int, phrase: Phrase, offset: int) -> list[Match]:
        """The spellings of the phrase's entity inside its occurrence ``text[s:e]``, as the
        matches they would have been (for the report of what was kept)."""
        out: list[Match] = []
        for spelling in phrase.spellings:
            for m in re.finditer(rf"(?<!\w){re.escape(spelling)}(?!\w)", text[s:e], re.IGNORECASE):
                seen = m.group()
                rule = self.variant(seen)
                if rule is not None and rule.replacement != seen:
                    a = s + m.start()
                    out.append(Match(a, a + len(seen), seen, rule.replacement, rule.canonical, rule.entity,
                                     rule.table, rule.variant, rule.form, rule.why).shifted(offset))
        return sorted(out, key=lambda m: m.start)


_senses: dict[int, tuple[Matcher, Senses]] = {}
_lock = threading.Lock()


def senses_for(matcher: Matcher) -> Senses:
    """The :class:`Senses` of ``matcher``, built on first use and kept while it lives."""
    hit = _senses.get(id(matcher))
    if hit is not None and hit[0] is matcher:
        return hit[1]
    with _lock:
        if len(_senses) >= 32:
            _senses.clear()
        senses = Senses(matcher)
        _senses[id(matcher)] = (matcher, senses)
        return senses
