"""The compiled scanner: every surface form in one Aho-Corasick automaton (Rust).

The automaton runs leftmost-longest, non-overlapping, in compiled code: one pass over the
text, and Python looks only at what it reports. What a leftmost-longest scan hides is
worked out here, at compile time, per pattern: the shorter patterns that are its prefixes
(``al`` inside ``al-Qaida``, needed when the longer one is not a whole word) and the
anchors that occur inside it.

A multi-word surface is found through its longest word (its *anchor*, rarer than a short
first word such as ``al`` or ``the``), whose payload lists the words before and after it,
so that any whitespace run between the words matches (``Kim\\nJong Un``), a single space
included: multi-word surfaces are not patterns of their own.
"""

from __future__ import annotations

import binascii
import bisect
import re
import sys
import threading
import unicodedata
from array import array
from typing import Iterable, Sequence

import ahocorasick_rs

from .expand import Rule

__all__ = ["GAP_MAX", "Matcher"]

#: Longest whitespace run that may stand for one space of a multi-word name.
GAP_MAX = 32

_SURROGATE = re.compile("[\ud800-\udfff]")

#: (words before the anchor, nearest first; words after it; the rule)
Tail = tuple[tuple[str, ...], tuple[str, ...], Rule]
Payload = tuple[Rule | None, tuple[Tail, ...] | None]


class Matcher:
    """Surfaces compiled for scanning. Immutable once built."""

    __slots__ = ("automaton", "patterns", "payload", "prefixes", "inner_anchors", "reach", "size", "dropped",
                 "spread_back", "spread_index", "complex_ids", "hidden_ids", "back_ids", "plain_count",
                 "marks", "_full")

    def __init__(self, surfaces: dict[str, Rule], dropped: Iterable[tuple[str, str, str]] = ()) -> None:
        anchors: dict[str, list[Tail]] = {}
        reach = 1
        for s, rule in surfaces.items():
            words = s.split(" ")
            reach = max(reach, len(s) + (len(words) - 1) * (GAP_MAX - 1))
            if len(words) > 1:
                a = max(range(len(words)), key=lambda i: len(words[i]))
                anchors.setdefault(words[a], []).append((tuple(reversed(words[:a])), tuple(words[a + 1:]), rule))
        # Multi-word surfaces are found through their anchors alone (any whitespace, a single
        # space included): half the patterns of the built-in tables, so half the build time.
        # Patterns with combining marks (NFD spellings) go last: text without any such mark
        # is scanned by an automaton of the others alone, smaller and faster to build.
        patterns = tuple(sorted({s for s in surfaces if " " not in s} | anchors.keys(),
                                key=lambda p: (_has_mark(p), p)))
        payload = tuple((surfaces.get(p), tuple(anchors[p]) if p in anchors else None) for p in patterns)
        prefixes, inner = _hidden(patterns, payload)
        self._set(patterns, payload, prefixes, inner, reach, len(surfaces), tuple(dropped))

    def _set(self, patterns, payload, prefixes, inner, reach, size, dropped, anchors=None, spread_back=None,
             back_ids=None, marks=None) -> None:
        self.patterns: tuple[str, ...] = patterns
        self.payload: Sequence[Payload] = payload
        self.prefixes: dict[int, tuple[int, ...]] = prefixes  # pattern -> its proper prefixes, longest first
        self.inner_anchors: dict[int, tuple[tuple[int, int], ...]] = inner  # pattern -> (offset, anchor)
        self.plain_count = bisect.bisect_left(patterns, True, key=_has_mark)
        if marks is None:
            marks = "".join(sorted({c for p in patterns[self.plain_count:] for c in p if _is_mark(c)}))
        self.marks: str = marks  # the combining marks the NFD patterns contain
        self._full = None
        self.automaton = _automaton(patterns[:self.plain_count])
        self.reach = reach
        self.size = size
        self.dropped = dropped
        if anchors is None:
            anchors = frozenset(i for i, (_, tails) in enumerate(payload) if tails)
        self.spread_index = _TailIndex(payload)  # anchor -> its tails keyed by neighbouring letters, on first use
        # Hits that need more than a look at themselves: anchors, and patterns hiding prefixes or anchors.
        self.complex_ids = frozenset(anchors) | frozenset(prefixes.keys()) | frozenset(inner.keys())
        # Hits hiding shorter candidates (prefixes, anchors inside), which matter when they are no word.
        self.hidden_ids = frozenset(prefixes.keys()) | frozenset(inner.keys())
        # Hits whose multi-word names may start before them: anchors with words before them,
        # and patterns that begin with such an anchor.
        if back_ids is None:
            back_anchors = frozenset(i for i in anchors if any(b for b, _, _ in payload[i][1]))
            back_ids = back_anchors | frozenset(k for k, v in prefixes.items() if any(j in back_anchors for j in v))
        self.back_ids = frozenset(back_ids)
        # How far before an anchor a multi-word name can start (its words and gaps before it).
        if spread_back is None:
            spread_back = max((sum(len(w) + GAP_MAX for w in before)
                               for _, tails in payload for before, _, _ in tails or ()), default=0)
        self.spread_back = spread_back

    def payload_surfaces(self) -> list[str]:
        """Every surface form: the patterns, and the multi-word names spelled around their anchors."""
        out = list(self.patterns)
        for i, (_, tails) in enumerate(self.payload):
            for before, after, _ in tails or ():
                out.append(" ".join([*reversed(before), self.patterns[i], *after]))
        return out

    def scan(self, text: str) -> list[tuple[int, int, int]]:
        """Leftmost-longest, non-overlapping occurrences as (pattern, start, end)."""
        ac = self.automaton
        if self.marks is not None and not text.isascii() and any(c in text for c in self.marks):
            ac = self._full
            if ac is None:  # built on first need: most text has no combining marks at all
                with _build_lock:
                    if self._full is None:
                        self._full = _automaton(self.patterns)
                ac = self._full
        if ac is None:
            return []
        try:
            return ac.find_matches_as_indexes(text)
        except UnicodeEncodeError:  # lone surrogates (undecodable bytes): same length, never a word
            return ac.find_matches_as_indexes(_SURROGATE.sub("\ufffd", text))

    def to_data(self) -> dict:
        """Plain data (JSON-ready) from which :meth:`from_data` rebuilds this matcher.

        Strings go into one NUL-joined string and the large integer tables into base64'd
        int32 arrays, so that loading is a few C-level calls rather than a walk over
        hundreds of thousands of JSON values.
        """
        strings: dict[str, int] = {}

        def sid(x: str) -> int:
            return strings.setdefault(x, len(strings))

        for p in self.patterns:  # patterns first: string i is pattern i
            sid(p)
        index: dict[Rule, int] = {}
        for rule, tails in self.payload:
            if rule is not None:
                index.setdefault(rule, len(index))
            for _, _, r in tails or ():
                index.setdefault(r, len(index))
        rules = array("i")
        for r in index:
            rules.extend([sid(r.replacement), sid(r.canonical), sid(r.entity), sid(r.table), sid(r.variant),
                          sid(r.form), sid("\x1f".join(r.why)), int(r.block)])
        rule_of = array("i", (-1 if rule is None else index[rule] for rule, _ in self.payload))
        tails = _Packed()
        for k, (_, t) in enumerate(self.payload):
            if t:
                flat = [len(t)]
                for b, a, r in t:
                    flat += [len(b), *map(sid, b), len(a), *map(sid, a), index[r]]
                tails.add(k, flat)
        prefixes = _Packed()
        for k, v in self.prefixes.items():
            prefixes.add(k, list(v))
        inner = _Packed()
        for k, v in self.inner_anchors.items():
            inner.add(k, [x for pair in v for x in pair])
        return {
            "strings": "\0".join(strings),
            "patterns": len(self.patterns),
            "rules": _b64(rules),
            "rule_of": _b64(rule_of),
            "tails": tails.data(),
            "prefixes": prefixes.data(),
            "inner": inner.data(),
            "reach": self.reach,
            "spread_back": self.spread_back,
            "back_ids": _b64(array("i", sorted(self.back_ids))),
            "marks": self.marks,
            "size": self.size,
            "dropped": [list(d) for d in self.dropped],
        }

    @classmethod
    def from_data(cls, data: dict) -> "Matcher":
        """Rebuild from :meth:`to_data` output; ValueError (or TypeError) if it is not well-formed."""
        strings = data["strings"].split("\0")
        count = data["patterns"]
        if type(count) is not int or not 0 <= count <= len(strings) or not all(strings[:count]):
            raise ValueError("bad patterns")
        patterns = tuple(strings[:count])
        flat = _unb64(data["rules"], 0, len(strings))
        if len(flat) % 8:
            raise ValueError("bad rules")
        rules = flat
        rule_of = _unb64(data["rule_of"], -1, len(rules) // 8)
        if len(rule_of) != count:
            raise ValueError("patterns and payload differ")
        tails_of = _Unpacked(data["tails"], count, 1 << 31)
        payload = _LazyPayload(strings, rules, rule_of, tails_of)
        prefixes = _Unpacked(data["prefixes"], count, count, pairs=False)
        inner = _Unpacked(data["inner"], count, 1 << 31, pairs=True)
        reach, size, back = data["reach"], data["size"], data["spread_back"]
        if type(reach) is not int or type(size) is not int or type(back) is not int or reach < 1 or back < 0:
            raise ValueError("bad sizes")
        dropped = tuple(tuple(d) for d in data["dropped"])
        if not all(len(d) == 3 and all(type(x) is str for x in d) for d in dropped):
            raise ValueError("bad dropped list")
        m = cls.__new__(cls)
        back_ids = _unb64(data["back_ids"], 0, count)
        marks = data["marks"]
        if type(marks) is not str:
            raise ValueError("bad marks")
        m._set(patterns, payload, prefixes, inner, reach, size, dropped, tails_of.keys(), back, back_ids, marks)
        return m


class _LazyPayload:
    """Per-pattern (rule, tails), built from the cached arrays when a pattern is first hit.

    A cached matcher is loaded at every start-up; most of its tens of thousands of entries
    are never hit in one run, so they are not built until they are. Malformed entries
    raise ValueError on first use, like the eager check would at load.
    """

    __slots__ = ("_strings", "_rules", "_rule_of", "_tails", "_built")

    def __init__(self, strings: list[str], rules: list[int], rule_of: list[int], tails: "_Unpacked") -> None:
        self._strings = strings
        self._rules = rules  # flat, 8 ints per rule
        self._rule_of = rule_of
        self._tails = tails
        self._built: dict[int, Payload] = {}

    def __len__(self) -> int:
        return len(self._rule_of)

    def __iter__(self):
        return (self[k] for k in range(len(self)))

    def __getitem__(self, k: int) -> Payload:
        v = self._built.get(k)
        if v is None:
            r = self._rule_of[k]
            rule = None if r == -1 else self._rule(r)
            raw = self._tails.get(k)
            tails = self._parse_tails(raw) if raw else None
            v = self._built[k] = (rule, tails)
        return v

    def _parse_tails(self, flat: list[int]) -> tuple[Tail, ...]:
        out, i = [], 1
        nrules = len(self._rules) // 8
        for _ in range(flat[0]):
            nb = flat[i]
            b = self._words(flat[i + 1:i + 1 + nb])
            i += 1 + nb
            na = flat[i]
            a = self._words(flat[i + 1:i + 1 + na])
            i += 1 + na
            out.append((b, a, self._rule(_index(flat[i], nrules))))
            i += 1
        return tuple(out)

    def _rule(self, r: int) -> Rule:
        f, st = self._rules[8 * r:8 * r + 8], self._strings
        return Rule(st[f[0]], st[f[1]], st[f[2]], st[f[3]], st[f[4]], st[f[5]], tuple(st[f[6]].split("\x1f")),
                    bool(f[7]))

    def _words(self, ids: list) -> tuple[str, ...]:
        return tuple(self._strings[_index(w, len(self._strings))] for w in ids)


class _Packed:
    """Lists of ints per pattern, packed as three int32 arrays: keys, start offsets, values."""

    def __init__(self) -> None:
        self.keys, self.starts, self.values = array("i"), array("i"), array("i")

    def add(self, key: int, values: list[int]) -> None:
        self.keys.append(key)
        self.starts.append(len(self.values))
        self.values.extend(values)

    def data(self) -> list[str]:
        return [_b64(self.keys), _b64(self.starts), _b64(self.values)]


class _Unpacked:
    """Read side of :class:`_Packed`: ``get(pattern)`` gives its list, decoded on demand.

    ``pairs`` gives (offset, pattern) pairs and plain ``False`` a tuple of pattern ids (both
    checked against ``count``); ``None`` leaves the raw ints to the caller.
    """

    def __init__(self, raw: object, count: int, high: int, pairs: bool | None = None) -> None:
        if not isinstance(raw, list) or len(raw) != 3:
            raise ValueError("bad packed table")
        keys = _unb64(raw[0], 0, count)
        self._values = _unb64(raw[2], -(1 << 31), 1 << 31)
        starts = _unb64(raw[1], 0, len(self._values) + 1)
        if len(starts) != len(keys):
            raise ValueError("bad packed table")
        if pairs is not None and self._values and (min(self._values) < 0 or max(self._values) >= max(high, count)):
            raise ValueError("index out of range")
        self._where = dict(zip(keys, zip(starts, starts[1:] + [len(self._values)])))
        self._count = count
        self._pairs = pairs
        self._cache: dict[int, object] = {}

    def keys(self) -> frozenset[int]:
        return frozenset(self._where)

    def __contains__(self, k: int) -> bool:
        return k in self._where

    def get(self, k: int, default=None):
        v = self._cache.get(k)
        if v is not None:
            return v
        span = self._where.get(k)
        if span is None:
            return default
        values = self._values[span[0]:span[1]]
        if self._pairs is True:
            v = tuple((values[i], _index(values[i + 1], self._count)) for i in range(0, len(values) - 1, 2))
        elif self._pairs is False:
            v = tuple(_index(j, self._count) for j in values)
        else:
            v = values
        self._cache[k] = v
        return v

    def items(self):
        return ((k, self.get(k)) for k in self._where)


class _TailIndex(dict):
    """Anchor pattern -> its tails indexed by neighbouring letters, built on first use."""

    def __init__(self, payload: Sequence[Payload]) -> None:
        super().__init__()
        self._payload = payload

    def __missing__(self, k: int):
        v = self[k] = _index_tails(self._payload[k][1] or ())
        return v


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


_build_lock = threading.Lock()


def _is_mark(c: str) -> bool:
    return unicodedata.combining(c) > 0 or "\u1100" <= c <= "\u11ff"  # marks, conjoining jamo


def _has_mark(p: str) -> bool:
    return not p.isascii() and any(_is_mark(c) for c in p)


def _automaton(patterns: Sequence[str]):
    if not patterns:
        return None
    return ahocorasick_rs.AhoCorasick(list(patterns), matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)


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
    from .resolve import NOT_ALNUM, is_word_char

    for m in NOT_ALNUM.finditer(joined):
        q = m.start()
        if joined[q] == "\0" or is_word_char(joined[q]):
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
