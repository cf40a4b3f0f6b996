"""The surface trie: compiled in C (``normalize._trie``) when built, else its pure-Python twin.

Every surface form goes into one character trie. The text is walked from each place where a
name may start (not between two word characters), left to right, and at each such start the
longest surface that ends at a word boundary is taken; the walk then goes on after it. A
space in a surface matches any whitespace run of 1 to ``GAP_MAX`` characters; apostrophe
look-alikes in the text read as ``'``. Blockers (exception phrases, protected canonicals)
consume their span and yield nothing; a match the caller's ``protect`` or ``regions`` test
rejects is dropped and the search goes on one character later.

Work is linear in the text: each start costs at most one walk as long as the longest surface.
The C trie is a flat blob of int arrays, cached as bytes and loaded without rebuilding.
"""

from __future__ import annotations

import struct
import sys
import unicodedata
from array import array
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeAlias

from ..rules.rule import APOSTROPHES

if TYPE_CHECKING:
    from ._trie import Trie

__all__ = ["BACKEND", "FLAG_BLOCK", "FLAG_MULTI", "GAP_MAX", "PyTrie", "build", "check_blob", "check_dropped",
           "check_entry", "describe", "in_range", "is_word_char", "load", "steps"]

#: Longest whitespace run that may stand for one space of a multi-word name.
GAP_MAX = 32
FLAG_BLOCK, FLAG_MULTI = 1, 2

_WORD_CATEGORIES = frozenset(("Mn", "Mc", "Me", "Pc"))
_word_cache: dict[str, bool] = {}


def is_word_char(ch: str) -> bool:
    """Word characters: letters and digits (``str.isalnum``), marks, connector punctuation, ZWJ/ZWNJ."""
    v = _word_cache.get(ch)
    if v is None:
        v = ch.isalnum() or unicodedata.category(ch) in _WORD_CATEGORIES or ch in "\u200c\u200d"
        if len(_word_cache) < 65536:
            _word_cache[ch] = v
    return v


# (start, end, pattern id, plain): plain when every gap of a multi-word match was one space
Found = tuple[int, int, int, bool]
Protect = Callable[[str, int, int], object] | None
Overlaps = Callable[[int, int], object] | None
_Node: TypeAlias = dict[Any, Any]  # char -> child node; None -> pattern id


def _check_patterns(patterns: Sequence[str], flags: bytes) -> None:
    """What the C build refuses, refused the same way (ValueError)."""
    if len(flags) != len(patterns):
        raise ValueError("one flag byte per pattern")
    if any(f > FLAG_BLOCK | FLAG_MULTI for f in flags):
        raise ValueError("a flag byte holds unknown bits")
    prev: str | None = None
    for p in patterns:
        if type(p) is not str or not p:
            raise ValueError("patterns must be non-empty strings")
        if p[0].isspace() or p[-1].isspace():
            raise ValueError("patterns must not begin or end with whitespace")
        if prev is not None and prev >= p:
            raise ValueError("patterns must be sorted and distinct")
        prev = p


def _check_range(lo: int, hi: int) -> None:
    if lo < 0 or hi < 0:
        raise ValueError("lo and hi must not be negative")


class PyTrie:
    """The pure-Python twin of the C trie: same walk, same results, no compiled blob."""

    __slots__ = ("_root", "_flags", "nodes", "patterns", "blob", "reach")

    def __init__(self, patterns: Sequence[str], flags: bytes) -> None:
        flags = bytes(flags)
        _check_patterns(patterns, flags)
        root: _Node = {}
        nodes = 1
        for k, p in enumerate(patterns):
            node = root
            for ch in p:
                nxt = node.get(ch)
                if nxt is None:
                    nxt = node[ch] = {}
                    nodes += 1
                node = nxt
            node[None] = k
        self._root, self._flags = root, flags
        self.nodes, self.patterns, self.blob = nodes, len(patterns), None
        self.reach: int = max((len(p) + p.count(" ") * (GAP_MAX - 1) for p in patterns), default=1)

    @property
    def flags(self) -> bytes:
        """The flag byte of each pattern."""
        return self._flags

    def _walk(self, text: str, p: int) -> tuple[int, int, bool] | None:
        n, node = len(text), self._root
        best: tuple[int, int, bool] | None = None
        plain, k = True, p
        while k < n:
            c = text[k]
            if c.isspace():
                nxt = node.get(" ")
                if nxt is None:
                    break
                node = nxt
                j = k
                while j < n and j - k < GAP_MAX and text[j].isspace():
                    j += 1
                if j < n and text[j].isspace():
                    break  # a run longer than GAP_MAX
                plain = plain and text[k:j] == " "
                k = j
                continue
            nxt = node.get("'" if c in APOSTROPHES else c)
            if nxt is None:
                break
            node = nxt
            k += 1
            pid = node.get(None)
            if pid is not None and (k == n or not (is_word_char(text[k]) and is_word_char(text[k - 1]))):
                best = (k, pid, plain)
        return best

    def find(self, text: str, lo: int, hi: int, protect: Protect = None, regions: Overlaps = None) -> list[Found]:
        """Matches starting in ``[lo, hi)``, as (start, end, pattern id, plain)."""
        _check_range(lo, hi)
        hi = min(hi, len(text))
        out: list[Found] = []
        p = max(lo, 0)
        while p < hi:
            if p > 0 and is_word_char(text[p - 1]) and is_word_char(text[p]):
                p += 1
                continue
            hit = self._walk(text, p)
            if hit is None:
                p += 1
                continue
            end, pid, plain = hit
            flags = self._flags[pid]
            if not flags & FLAG_BLOCK:
                if (regions is not None and regions(p, end)) or (protect is not None and protect(text, p, end)):
                    p += 1
                    continue
                out.append((p, end, pid, plain or not flags & FLAG_MULTI))
            p = end
        return out

    def replace(self, text: str, lo: int, hi: int, protect: Protect, regions: Overlaps,
                reps: list[str | tuple[str] | None], fill: Callable[[int], str | tuple[str]],
                transfer: Callable[[str, str], str],
                recase: Callable[[str, int, str], str] | None = None) -> tuple[str, int]:
        """``text[lo:stop]`` with the matches of :meth:`find` rewritten; ``stop`` is ``hi`` or
        the end of the last rewrite past it. ``reps[pid]`` caches ``fill(pid)``. A slot holding
        ``(str,)`` is a replacement that depends on where the match starts: ``recase(text,
        start, replacement)`` (after ``transfer``) gives it; without ``recase`` the str is used.

        As in C: ``reps`` must keep one slot per pattern (ValueError if a callback changes its
        size), each a str, ``(str,)`` or None (TypeError), and ``fill`` must return str or
        ``(str,)``, ``transfer`` and ``recase`` str."""
        if not isinstance(reps, list):
            raise TypeError("reps must be a list")
        if len(reps) != self.patterns:
            raise ValueError("one replacement slot per pattern")
        _check_range(lo, hi)
        hi = min(hi, len(text))
        lo = min(lo, hi)
        pieces: list[str] = []
        pos, stop = lo, hi
        for s, e, pid, plain in self.find(text, lo, hi, protect, regions):
            if pid >= len(reps):
                raise ValueError("the replacement list changed size")
            slot = reps[pid]
            if slot is None:
                slot = fill(pid)
                if not _is_replacement(slot):
                    raise TypeError("fill() must return str or (str,)")
                if pid >= len(reps):
                    raise ValueError("the replacement list changed size")
                reps[pid] = slot
            elif not _is_replacement(slot):
                raise TypeError(f"replacement {pid} must be str, (str,) or None, not {type(slot).__name__}")
            rep = slot if isinstance(slot, str) else slot[0]
            if not plain:
                rep = transfer(text[s:e], rep)
                if not isinstance(rep, str):
                    raise TypeError("transfer() must return str")
            if not isinstance(slot, str) and recase is not None:
                rep = recase(text, s, rep)
                if not isinstance(rep, str):
                    raise TypeError("recase() must return str")
            if rep != text[s:e]:
                pieces += [text[pos:s], rep]
                pos = e
                stop = max(stop, e)
        pieces.append(text[pos:stop])
        return "".join(pieces), stop


def _is_replacement(slot: object) -> bool:
    """A str, or a 1-tuple holding one (exactly a tuple, as the C trie checks)."""
    return isinstance(slot, str) or (type(slot) is tuple and len(slot) == 1 and isinstance(slot[0], str))


_trie: ModuleType | None
try:
    from . import _trie
except ImportError:  # no compiler where it was installed: the twin does the same, slower
    _trie = None
BACKEND = "python" if _trie is None else "c"
if _trie is not None:
    _trie.set_word_function(is_word_char)


def describe() -> str:
    """Which matching core runs, for ``--version``."""
    if BACKEND == "c":
        return "matching core: C"
    return "matching core: pure Python (the C extension normalize._trie is not built here: 20-30x slower)"


def build(patterns: Sequence[str], flags: bytes, backend: str | None = None) -> Trie | PyTrie:
    """A trie of ``patterns`` (sorted, distinct, non-empty, no whitespace at either end) with
    one flag byte each (ValueError otherwise, from either backend)."""
    if (backend or BACKEND) == "c":
        if _trie is None:
            raise RuntimeError("the C trie is not built")
        t: Trie = _trie.Trie.build(list(patterns), bytes(flags), APOSTROPHES, GAP_MAX)
        return t
    return PyTrie(patterns, flags)


def load(blob: bytes) -> Trie:
    """The C trie from its blob (ValueError if it is not one, or there is no C trie).

    The blob must be the trie of some patterns, built with ``GAP_MAX`` (see ``shape`` in
    ``_trie.c``; :func:`check_blob` is the same check in Python)."""
    if _trie is None:
        raise ValueError("the C trie is not built")
    t: Trie = _trie.Trie.load(blob, APOSTROPHES, GAP_MAX)
    return t


def in_range(a: array[int], lo: int, hi: int) -> bool:
    """Every value of the int array ``a`` in ``[lo, hi)`` (in C when built: loading checks big arrays)."""
    if _trie is not None and a.itemsize == 4:
        return bool(_trie.in_range(a, lo, hi))
    return not a or lo <= min(a) <= max(a) < hi


def steps() -> int:
    """Characters walked by the C trie so far in this process (for the linear-time tests)."""
    return int(_trie.steps()) if _trie is not None else 0


# ------------------------------------------------------------------ checks of cache entries


def check_entry(strings: str, offsets: array[int], rules: array[int], rule_of: array[int], flags: bytes,
                fields: int, backend: str | None = None) -> bool:
    """Do a matcher's sections hold together? (``check_entry`` in ``_trie.c``, which says what
    is checked, runs when built; this is the same check in Python.)"""
    if (backend or BACKEND) == "c" and _trie is not None:
        return bool(_trie.check_entry(strings, offsets, rules, rule_of, flags, fields))
    count, n_str, n_rules = len(rule_of), len(offsets) - 1, len(rules)
    if not (fields >= 1 and n_str >= 0 and offsets[0] == 0 and offsets[-1] == len(strings)
            and len(flags) == count and n_rules % fields == 0 and n_str >= count):
        return False
    if strings.count("\0") != n_str:
        return False
    if any(not offsets[i] < offsets[i + 1] <= len(strings) or strings[offsets[i + 1] - 1] != "\0"
           for i in range(n_str)):
        return False
    for r in range(0, n_rules, fields):
        if not all(0 <= rules[r + f] < n_str for f in range(fields - 1)):
            return False
        block = rules[r + fields - 1]
        if block not in (0, 1) or (not block and offsets[rules[r] + 1] - offsets[rules[r]] <= 1):
            return False
    for k in range(count):
        r, fl = rule_of[k], flags[k]
        if not (0 <= r < n_rules // fields and fl <= FLAG_BLOCK | FLAG_MULTI):
            return False
        if bool(fl & FLAG_BLOCK) != bool(rules[r * fields + fields - 1]):
            return False
        p = strings[offsets[k]:offsets[k + 1] - 1]
        if not p or p[0].isspace() or p[-1].isspace() or bool(fl & FLAG_MULTI) != (" " in p):
            return False
    return True


_JSON_STR = r'"(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"'


def check_dropped(raw: bytes | bytearray | memoryview, backend: str | None = None) -> bool:
    """Is ``raw`` exactly a compact JSON list of [str, str, str] lists, as ``Matcher.to_parts``
    writes the dropped list? (``check_dropped`` in ``_trie.c`` when built.)"""
    if (backend or BACKEND) == "c" and _trie is not None:
        return bool(_trie.check_dropped(raw))
    import re

    item = rf"\[{_JSON_STR},{_JSON_STR},{_JSON_STR}\]"
    try:
        text = bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return re.fullmatch(rf"\[(?:{item}(?:,{item})*)?\]", text) is not None


_MAGIC, _HEADER_WORDS, _GAP_LIMIT = 0x33544E54, 6, 1024


def check_blob(blob: bytes | bytearray | memoryview, strings: str, offsets: array[int], flags: bytes,
               gap_max: int = GAP_MAX) -> int:
    """The reach of the C trie ``blob`` if ``Trie.load`` accepts it and it is the trie of the
    patterns of this string table (``has_patterns``), else ValueError: the C loader's checks
    (``attach``, ``shape``) in Python, for machines without the C trie, so that both backends
    refuse the same cache entries."""
    raw = memoryview(blob).cast("B")
    bad = ValueError("not a compiled trie")
    if len(raw) < _HEADER_WORDS * 4:
        raise bad
    magic, nodes, edges, patterns, gap = struct.unpack_from("<5I", raw)
    need = (_HEADER_WORDS + (nodes + 1) * 2 + edges * 2) * 4 + ((patterns + 3) & ~3)
    if magic != _MAGIC or nodes == 0 or len(raw) != need or edges != nodes - 1 or gap != gap_max:
        raise bad
    words = array("I")
    words.frombytes(raw[:need - ((patterns + 3) & ~3)])
    if sys.byteorder != "little":
        words.byteswap()
    at = _HEADER_WORDS
    first = words[at:at + 2 * (nodes + 1):2]
    term = [t - (1 << 32) if t >= 1 << 31 else t for t in words[at + 1:at + 2 * (nodes + 1):2]]
    at += 2 * (nodes + 1)
    label, target = words[at:at + 2 * edges:2], words[at + 1:at + 2 * edges:2]
    pflags = bytes(raw[len(words) * 4:len(words) * 4 + patterns])
    if pflags != flags:
        raise bad
    if first[0] != 0 or first[nodes] != edges or not 1 <= gap <= _GAP_LIMIT or term[0] != -1:
        raise bad
    depth, state, seen, terms, reach = [0] * nodes, bytearray(nodes), bytearray(patterns), 0, 1
    for i in range(nodes):
        a, b, tm = first[i], first[i + 1], term[i]
        if a > b or b > edges or not -1 <= tm < patterns or (i and a == b and tm < 0):
            raise bad
        if tm >= 0:
            fl = pflags[tm]
            if seen[tm] or fl > FLAG_BLOCK | FLAG_MULTI or bool(fl & FLAG_MULTI) != bool(state[i] & 2):
                raise bad
            seen[tm] = 1
            terms += 1
        for e in range(a, b):
            to, c = target[e], label[e]
            if to <= i or to >= nodes or c > 0x10FFFF or (e > a and c <= label[e - 1]) or state[to] & 1:
                raise bad
            space = chr(c).isspace()
            if space and (i == 0 or term[to] >= 0):
                raise bad
            state[to] = 1 | (state[i] & 2) | (2 if c == 32 else 0)
            depth[to] = depth[i] + (gap if c == 32 else 1)
            reach = max(reach, depth[to])
    if terms != patterns or len(offsets) <= patterns:
        raise bad
    children: list[dict[int, int]] = [{} for _ in range(nodes)]
    for i in range(nodes):
        for e in range(first[i], first[i + 1]):
            children[i][label[e]] = target[e]
    for k in range(patterns):
        node = 0
        for ch in strings[offsets[k]:offsets[k + 1] - 1]:
            node = children[node].get(ord(ch), -1)
            if node < 0:
                raise bad
        if node == 0 or term[node] != k:
            raise bad
    return reach
