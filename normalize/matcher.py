"""The compiled matcher: every surface form in one trie, each with the :class:`Rule` it stands for.

Multi-word surfaces are patterns like any other: the trie reads their spaces as whitespace
runs. The matcher serializes to three parts for the compiled-table cache: a small JSON
document, one string table, and the C trie's blob, which loads with no rebuilding. Rules are
built from the cached arrays only when a pattern is first matched.
"""

from __future__ import annotations

import binascii
import sys
from array import array
from typing import Iterable

from . import trie as _trie
from .expand import Rule
from .trie import FLAG_BLOCK, FLAG_MULTI, GAP_MAX

__all__ = ["GAP_MAX", "Matcher"]

_RULE_FIELDS = 8  # replacement, canonical, entity, table, variant, form, why, block


class Matcher:
    """Surfaces compiled for matching. Immutable once built."""

    __slots__ = ("patterns", "flags", "trie", "reach", "size", "dropped", "_strings", "_rules", "_rule_of",
                 "_built")

    def __init__(self, surfaces: dict[str, Rule], dropped: Iterable[tuple[str, str, str]] = (),
                 backend: str | None = None) -> None:
        patterns = sorted(surfaces)
        index: dict[Rule, int] = {}
        strings: dict[str, int] = {p: i for i, p in enumerate(patterns)}  # string i is pattern i

        def sid(x: str) -> int:
            return strings.setdefault(x, len(strings))

        rules = array("i")
        rule_of = array("i")
        for p in patterns:
            r = surfaces[p]
            k = index.get(r)
            if k is None:
                k = index[r] = len(index)
                rules.extend([sid(r.replacement), sid(r.canonical), sid(r.entity), sid(r.table), sid(r.variant),
                              sid(r.form), sid("\x1f".join(r.why)), int(r.block)])
            rule_of.append(k)
        flags = bytes((FLAG_BLOCK if surfaces[p].block else 0) | (FLAG_MULTI if " " in p else 0) for p in patterns)
        reach = max((len(s) + s.count(" ") * (GAP_MAX - 1) for s in patterns), default=1)
        self._set(tuple(patterns), list(strings), rules.tolist(), rule_of.tolist(), flags, reach, len(surfaces),
                  tuple(dropped), _trie.build(patterns, flags, backend))
        self._built.update({i: surfaces[p] for i, p in enumerate(patterns)})

    def _set(self, patterns, strings, rules, rule_of, flags, reach, size, dropped, trie) -> None:
        self.patterns: tuple[str, ...] = patterns
        self.flags: bytes = flags
        self.trie = trie
        self.reach: int = reach  # longest stretch of text one match can span
        self.size: int = size
        self.dropped: tuple[tuple[str, str, str], ...] = dropped
        self._strings = strings
        self._rules = rules  # flat, _RULE_FIELDS string ids per distinct rule
        self._rule_of = rule_of
        self._built: dict[int, Rule] = {}

    def rule(self, pid: int) -> Rule:
        """The rule of pattern ``pid``."""
        r = self._built.get(pid)
        if r is None:
            k = _index(self._rule_of[pid], len(self._rules) // _RULE_FIELDS)
            f, st = self._rules[_RULE_FIELDS * k:_RULE_FIELDS * (k + 1)], self._strings
            r = self._built[pid] = Rule(st[f[0]], st[f[1]], st[f[2]], st[f[3]], st[f[4]], st[f[5]],
                                        tuple(st[f[6]].split("\x1f")), bool(f[7]))
        return r

    def surfaces(self) -> list[str]:
        """Every surface form (a space stands for any whitespace run)."""
        return list(self.patterns)

    def to_parts(self) -> tuple[dict, str, bytes]:
        """(JSON-ready data, string table, trie blob or b"") from which :meth:`from_parts` rebuilds this."""
        data = {
            "patterns": len(self.patterns),
            "rules": _b64(array("i", self._rules)),
            "rule_of": _b64(array("i", self._rule_of)),
            "flags": binascii.b2a_base64(self.flags, newline=False).decode("ascii"),
            "reach": self.reach,
            "size": self.size,
            "dropped": [list(d) for d in self.dropped],
        }
        return data, "\0".join(self._strings), self.trie.blob or b""

    @classmethod
    def from_parts(cls, data: dict, strings: str, blob: bytes) -> "Matcher":
        """Rebuild from :meth:`to_parts` output; ValueError (or TypeError) if it is not well-formed."""
        table = strings.split("\0")
        count = data["patterns"]
        if type(count) is not int or not 0 <= count <= len(table) or not all(table[:count]):
            raise ValueError("bad patterns")
        patterns = tuple(table[:count])
        rules = _unb64(data["rules"], 0, len(table))
        if len(rules) % _RULE_FIELDS:
            raise ValueError("bad rules")
        rule_of = _unb64(data["rule_of"], 0, len(rules) // _RULE_FIELDS)
        flags = binascii.a2b_base64(data["flags"], strict_mode=True)
        if len(rule_of) != count or len(flags) != count:
            raise ValueError("patterns and rules differ")
        reach, size = data["reach"], data["size"]
        if type(reach) is not int or type(size) is not int or reach < 1:
            raise ValueError("bad sizes")
        dropped = tuple(tuple(d) for d in data["dropped"])
        if not all(len(d) == 3 and all(type(x) is str for x in d) for d in dropped):
            raise ValueError("bad dropped list")
        if blob and _trie.BACKEND == "c":
            trie = _trie.load(blob)
            if trie.patterns != count:
                raise ValueError("trie and patterns differ")
        else:
            trie = _trie.build(patterns, flags)
        m = cls.__new__(cls)
        m._set(patterns, table, rules, rule_of, flags, reach, size, dropped, trie)
        return m


def _b64(a: array) -> str:
    if sys.byteorder != "little":
        a = array("i", a)
        a.byteswap()
    return binascii.b2a_base64(a.tobytes(), newline=False).decode("ascii")


def _unb64(text: object, low: int, high: int) -> list[int]:
    """An int32 array from base64, every value in ``[low, high)``."""
    if type(text) is not str:
        raise ValueError("bad array")
    a = array("i")
    a.frombytes(binascii.a2b_base64(text, strict_mode=True))
    if sys.byteorder != "little":
        a.byteswap()
    values = a.tolist()
    if values and (min(values) < low or max(values) >= high):
        raise ValueError("index out of range")
    return values


def _index(i: int, count: int) -> int:
    if not 0 <= i < count:
        raise ValueError("bad rule index")
    return i

