"""The compiled matcher: every surface form in one trie, each with the :class:`Rule` it stands for.

Multi-word surfaces are patterns like any other: the trie reads their spaces as whitespace
runs. For the compiled-table cache the matcher serializes to a few counts and binary
sections: one string table with its offsets, int32 rule arrays, the flags, the dropped list
(JSON, parsed only if asked for) and the C trie's blob, which loads with no rebuilding.
Rules are built from the arrays only when a pattern is first matched.
"""

from __future__ import annotations

import itertools
import sys
from array import array
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, cast

from ..rules.rule import Rule, is_recased
from . import trie as _trie
from .trie import FLAG_BLOCK, FLAG_MULTI, GAP_MAX, PyTrie

if TYPE_CHECKING:
    from ._trie import Trie

__all__ = ["GAP_MAX", "Matcher"]

_RULE_FIELDS = 8  # replacement, canonical, entity, table, variant, form, why, block

Dropped = tuple[tuple[str, str, str], ...]  # (entity, spelling, reason) of each variant left out


class Matcher:
    """Surfaces compiled for matching. Immutable once built."""

    __slots__ = ("flags", "trie", "reach", "size", "_count", "_strings", "_offsets", "_rules", "_rule_of",
                 "_dropped", "_patterns", "_built", "_reps")

    flags: bytes  # pattern -> FLAG_BLOCK | FLAG_MULTI
    trie: Trie | PyTrie
    reach: int  # longest stretch of text one match can span
    size: int
    _count: int
    _strings: str  # every string, each followed by NUL
    _offsets: array[int]  # where string i starts; one more entry at the end
    _rules: array[int]  # _RULE_FIELDS string ids per distinct rule
    _rule_of: array[int]  # pattern -> rule
    _dropped: Dropped | str  # a tuple, or the JSON text of one (parsed on first use)
    _patterns: tuple[str, ...] | None
    _built: dict[int, Rule]
    _reps: list[str | tuple[str] | None] | None

    def __init__(self, surfaces: dict[str, Rule], dropped: Iterable[tuple[str, str, str]] = (),
                 backend: str | None = None) -> None:
        patterns = sorted(surfaces)
        index: dict[Rule, int] = {}
        strings: dict[str, int] = {p: i for i, p in enumerate(patterns)}  # string i is pattern i
        sid = strings.setdefault
        flat: list[int] = []
        rule_of = array("i")
        for p in patterns:
            r = surfaces[p]
            k = index.get(r)
            if k is None:
                k = index[r] = len(index)
                flat += (sid(r.replacement, len(strings)), sid(r.canonical, len(strings)),
                         sid(r.entity, len(strings)), sid(r.table, len(strings)), sid(r.variant, len(strings)),
                         sid(r.form, len(strings)), sid("\x1f".join(r.why), len(strings)), int(r.block))
            rule_of.append(k)
        rules = array("i", flat)
        offsets = array("i", itertools.accumulate((len(x) + 1 for x in strings), initial=0))
        flags = bytes((FLAG_BLOCK if surfaces[p].block else 0) | (FLAG_MULTI if " " in p else 0) for p in patterns)
        reach = max((len(s) + s.count(" ") * (GAP_MAX - 1) for s in patterns), default=1)
        trie = _trie.build(patterns, flags, backend)
        self._set(len(patterns), "\0".join(strings) + "\0", offsets, rules, rule_of, flags, reach, len(surfaces),
                  tuple(dropped))
        self.trie = trie
        self._patterns = tuple(patterns)
        self._built.update({i: surfaces[p] for i, p in enumerate(patterns)})

    def _set(self, count: int, strings: str, offsets: array[int], rules: array[int], rule_of: array[int],
             flags: bytes, reach: int, size: int, dropped: Dropped | str) -> None:
        """Every field but :attr:`trie`, which the caller sets next."""
        self._count = count
        self._strings = strings
        self._offsets = offsets
        self._rules = rules
        self._rule_of = rule_of
        self.flags = flags
        self.reach = reach
        self.size = size
        self._dropped = dropped
        self._patterns = None
        self._built = {}
        self._reps = None

    def replacements(self) -> list[str | tuple[str] | None]:
        """Pattern id -> replacement, filled in by the trie on first use (``None`` until then);
        ``(replacement,)`` where it depends on where the match starts (:meth:`replacement`)."""
        reps = self._reps
        if reps is None:
            reps = self._reps = [None] * self._count
        return reps

    def replacement(self, pid: int) -> str | tuple[str]:
        """The replacement of pattern ``pid`` (what the trie fills ``replacements()`` with):
        ``(replacement,)`` for a lower-case canonical found capitalised
        (:func:`~normalize.rules.rule.is_recased`), which the trie hands to its ``recase``
        callback with the match's place (:func:`normalize.engine.resolve.recase`)."""
        r = self.rule(pid)
        return (r.replacement,) if is_recased(r) else r.replacement

    def _string(self, i: int) -> str:
        if not 0 <= i < len(self._offsets) - 1:
            raise ValueError("bad string index")
        return self._strings[self._offsets[i]:self._offsets[i + 1] - 1]

    def pattern(self, pid: int) -> str:
        """Pattern ``pid`` (a space stands for any whitespace run)."""
        if self._patterns is not None:
            return self._patterns[pid]
        if not 0 <= pid < self._count:
            raise ValueError("bad pattern id")
        return self._string(pid)

    @property
    def patterns(self) -> tuple[str, ...]:
        """Every surface form, sorted (a space stands for any whitespace run)."""
        if self._patterns is None:
            self._patterns = tuple(self._string(i) for i in range(self._count))
        return self._patterns

    @property
    def dropped(self) -> tuple[tuple[str, str, str], ...]:
        """(entity, spelling, reason) of every variant left out, for the table lint."""
        if isinstance(self._dropped, str):
            import json

            d = tuple(tuple(x) for x in json.loads(self._dropped))
            if not all(len(x) == 3 and all(type(y) is str for y in x) for x in d):
                raise ValueError("bad dropped list")
            self._dropped = cast(Dropped, d)  # JSON is untyped; checked just above
        return self._dropped

    def rule(self, pid: int) -> Rule:
        """The rule of pattern ``pid``."""
        r = self._built.get(pid)
        if r is None:
            k = self._rule_of[pid]
            if not 0 <= k < len(self._rules) // _RULE_FIELDS:
                raise ValueError("bad rule index")
            f = self._rules[_RULE_FIELDS * k:_RULE_FIELDS * (k + 1)]
            st = self._string
            r = self._built[pid] = Rule(st(f[0]), st(f[1]), st(f[2]), st(f[3]), st(f[4]), st(f[5]),
                                        tuple(st(f[6]).split("\x1f")), bool(f[7]))
        return r

    def surfaces(self) -> list[str]:
        """Every surface form (a space stands for any whitespace run)."""
        return list(self.patterns)

    def to_parts(self) -> tuple[dict[str, int], list[bytes]]:
        """(JSON-ready sizes, binary sections) from which :meth:`from_parts` rebuilds this matcher."""
        import json

        data = {"patterns": self._count, "reach": self.reach, "size": self.size}
        dropped = json.dumps([list(d) for d in self.dropped], separators=(",", ":"))
        return data, [self._strings.encode("utf-8"), _le(self._offsets), _le(self._rules), _le(self._rule_of),
                      self.flags, dropped.encode("utf-8"), self.trie.blob or b""]

    @classmethod
    def from_parts(cls, data: dict[str, Any], sections: Sequence[bytes | memoryview]) -> Matcher:
        """Rebuild from :meth:`to_parts` output; ValueError (or TypeError) if it is not well-formed.

        Sizes and index ranges are checked here (the trie checks its own arrays); strings and
        rules are built only when first used.
        """
        strings_b, offsets_b, rules_b, rule_of_b, flags, dropped, blob = sections
        count, reach, size = data["patterns"], data["reach"], data["size"]
        if any(type(x) is not int for x in (count, reach, size)) or count < 0 or reach < 1:
            raise ValueError("bad sizes")
        strings = str(strings_b, "utf-8")
        offsets, rules, rule_of = _from_le(offsets_b), _from_le(rules_b), _from_le(rule_of_b)
        if (len(rule_of) != count or len(flags) != count or len(rules) % _RULE_FIELDS or len(offsets) <= count
                or offsets[0] != 0 or offsets[-1] != len(strings)):
            raise ValueError("sections do not fit together")
        if not _trie.in_range(rule_of, 0, len(rules) // _RULE_FIELDS):
            raise ValueError("rule index out of range")
        if not _trie.in_range(rules, 0, len(offsets) - 1):
            raise ValueError("string index out of range")
        # every offset, string, rule, flag and the dropped list, structurally (trie.check_entry)
        if (not _trie.check_entry(strings, offsets, rules, rule_of, bytes(flags), _RULE_FIELDS)
                or not _trie.check_dropped(dropped)):
            raise ValueError("sections do not hold together")
        m = cls.__new__(cls)
        m._set(count, strings, offsets, rules, rule_of, bytes(flags), reach, size, str(dropped, "utf-8"))
        if blob and _trie.BACKEND == "c":
            m.trie = _trie.load(bytes(blob))
            if m.trie.patterns != count or not m.trie.has_patterns(strings, offsets):
                raise ValueError("trie and patterns differ")
        else:
            if blob:  # refused here as the C trie would refuse it
                _trie.check_blob(blob, strings, offsets, m.flags)
            m.trie = _trie.build(m.patterns, m.flags)
        if m.trie.reach != reach or m.trie.flags != m.flags:
            raise ValueError("reach or flags differ from the trie's")
        return m


def _le(a: array[int]) -> bytes:
    if sys.byteorder != "little":
        a = array("i", a)
        a.byteswap()
    return a.tobytes()


def _from_le(raw: bytes | memoryview) -> array[int]:
    a = array("i")
    a.frombytes(raw)  # ValueError unless a whole number of items
    if sys.byteorder != "little":
        a.byteswap()
    return a
