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

import unicodedata
from collections.abc import Callable, Sequence

from ..rules.rule import APOSTROPHES

__all__ = ["BACKEND", "FLAG_BLOCK", "FLAG_MULTI", "GAP_MAX", "PyTrie", "build", "describe", "in_range", "is_word_char", "load", "steps"]

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
Protect = Callable[[str, int, int], bool] | None
Overlaps = Callable[[int, int], bool] | None


class PyTrie:
    """The pure-Python twin of the C trie: same walk, same results, no compiled blob."""

    __slots__ = ("_root", "_flags", "nodes", "patterns", "blob")

    def __init__(self, patterns: Sequence[str], flags: bytes) -> None:
        root: dict = {}
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
        self._root, self._flags = root, bytes(flags)
        self.nodes, self.patterns, self.blob = nodes, len(patterns), None

    def _walk(self, text: str, p: int) -> tuple[int, int, bool] | None:
        n, node = len(text), self._root
        best, plain, k = None, True, p
        while k < n:
            c = text[k]
            if c.isspace():
                node = node.get(" ")
                if node is None:
                    break
                j = k
                while j < n and j - k < GAP_MAX and text[j].isspace():
                    j += 1
                if j < n and text[j].isspace():
                    break  # a run longer than GAP_MAX
                plain = plain and text[k:j] == " "
                k = j
                continue
            node = node.get("'" if c in APOSTROPHES else c)
            if node is None:
                break
            k += 1
            pid = node.get(None)
            if pid is not None and (k == n or not (is_word_char(text[k]) and is_word_char(text[k - 1]))):
                best = (k, pid, plain)
        return best

    def find(self, text: str, lo: int, hi: int, protect: Protect = None, regions: Overlaps = None) -> list[Found]:
        """Matches starting in ``[lo, hi)``, as (start, end, pattern id, plain)."""
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


    def replace(self, text: str, lo: int, hi: int, protect: Protect, regions: Overlaps, reps: list,
                fill: Callable[[int], str], transfer: Callable[[str, str], str]) -> tuple[str, int]:
        """``text[lo:stop]`` with the matches of :meth:`find` rewritten; ``stop`` is ``hi`` or
        the end of the last rewrite past it. ``reps[pid]`` caches ``fill(pid)``."""
        hi = min(hi, len(text))
        lo = max(0, min(lo, hi))
        pieces, pos, stop = [], lo, hi
        for s, e, pid, plain in self.find(text, lo, hi, protect, regions):
            rep = reps[pid]
            if rep is None:
                rep = reps[pid] = fill(pid)
            if not plain:
                rep = transfer(text[s:e], rep)
            if rep != text[s:e]:
                pieces += [text[pos:s], rep]
                pos = e
                stop = max(stop, e)
        pieces.append(text[pos:stop])
        return "".join(pieces), stop


try:
    from . import _trie
except ImportError:  # no compiler where it was installed: the twin does the same, slower
    _trie = None
    BACKEND = "python"
else:
    _trie.set_word_function(is_word_char)
    BACKEND = "c"


def describe() -> str:
    """Which matching core runs, for ``--version``."""
    if BACKEND == "c":
        return "matching core: C"
    return "matching core: pure Python (the C extension normalize._trie is not built here: 20-30x slower)"


def build(patterns: Sequence[str], flags: bytes, backend: str | None = None):
    """A trie of ``patterns`` (sorted, distinct) with one flag byte each."""
    if (backend or BACKEND) == "c":
        if _trie is None:
            raise RuntimeError("the C trie is not built")
        return _trie.Trie.build(list(patterns), bytes(flags), APOSTROPHES, GAP_MAX)
    return PyTrie(patterns, flags)


def load(blob: bytes):
    """The C trie from its blob (ValueError if it is not one, or there is no C trie)."""
    if _trie is None:
        raise ValueError("the C trie is not built")
    return _trie.Trie.load(blob, APOSTROPHES)


def in_range(a, lo: int, hi: int) -> bool:
    """Every value of the int array ``a`` in ``[lo, hi)`` (in C when built: loading checks big arrays)."""
    if _trie is not None and a.itemsize == 4:
        return _trie.in_range(a, lo, hi)
    return not a or lo <= min(a) <= max(a) < hi


def steps() -> int:
    """Characters walked by the C trie so far in this process (for the linear-time tests)."""
    return _trie.steps() if _trie is not None else 0
