"""Protected text: where no rewrite may happen.

Two kinds. *Tokens* are checked per candidate: a URL, an e-mail address, a file path or a
``::`` identifier around the candidate protects it (looked up at most ``TOKEN_REACH``
characters either side, so the answer never depends on text further away). *Regions* come
from inline directives (``translit-normalize: off`` ... ``on``, ``ignore-line``,
``ignore-next-line``) and, for Markdown, code spans and fenced blocks; they are computed
line by line with a small :class:`ScanState` carried across stream chunks.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

__all__ = ["LINE_REACH", "TOKEN_REACH", "MARKER", "DIRECTIVE", "DIRECTIVE_MAX", "ScanState", "Regions",
           "in_protected_token", "find_regions"]

TOKEN_REACH = 256
MARKER = "translit-normalize:"
DIRECTIVE_MAX = 64  # longest directive, marker and blanks included
DIRECTIVE = re.compile(r"translit-normalize:[ \t]{0,8}(off|on|ignore-next-line|ignore-line)(?![\w-])")
_FENCE_LINE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})([^\n]*)", re.MULTILINE)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)([^\n]+?)(?<!`)\1(?!`)")
_OPEN = "([{<\"'\u201c\u2018\u00ab\u201e*_"
_CLOSE = ")]}>\"'\u201d\u2019\u00bb.,;:!?*_"
_EMAIL = re.compile(r"\w@\w")
_DOTTED = re.compile(r"\w[.]\w")
# A file extension is any run of word characters after the last dot: bounding its length (it
# was 1-8) made protection depend on how long a neighbouring name is, so rewriting that name
# changed the verdict and a second pass rewrote what the first left (``Kiev/.Vladimir``).
_PATHLIKE = re.compile(r"(?:^|[\s(])(?:/|\./|\.\./|~/|[A-Za-z]:\\)|\\|/.*/|/.*\.\w+$")


def in_protected_token(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` part of a URL, e-mail address, path, domain or ``::`` identifier?

    The C trie calls this only where its pre-check (``maybe_protected`` in ``_trie.c``) sees one
    of ``/ \\ @ # :`` or a dot that is not closing punctuation in the run around the name: a new
    rule here that needs another character must be added there too (the C and Python tries are
    compared on such text by ``tests/test_trie_backends.py``).
    """
    lo = max(0, start - TOKEN_REACH)
    i = start
    while i > lo and not text[i - 1].isspace():
        i -= 1
    hi = min(len(text), end + TOKEN_REACH)
    j = end
    while j < hi and not text[j].isspace():
        j += 1
    if i == start and j == end:
        return False
    if start > 0 and text[start - 1] in "@#":
        return True
    # A run longer than the reach is judged by the part within reach. (Protecting every long
    # run would not be stable: rewriting other names in the run shortens it, and a second
    # pass would then rewrite what the first left alone.)
    token = text[i:j].lstrip(_OPEN).rstrip(_CLOSE)
    if not token or token == text[start:end]:
        return False
    if "://" in token or token.lower().startswith("www.") or "::" in token:
        return True
    if _EMAIL.search(token) or (start > 0 and text[start - 1] in "@#"):
        return True  # e-mail address, @handle, #hashtag
    if _DOTTED.search(token):
        return True
    if ("/" in token or "\\" in token) and _PATHLIKE.search(token):
        return True
    return False


@dataclass(frozen=True, slots=True)
class ScanState:
    """What is switched off where a chunk of text begins."""

    off: bool = False  # inside translit-normalize: off ... on
    skip_line: bool = False  # the rest of the current line is ignored
    skip_next: bool = False  # the line after the current one is ignored
    fence: str | None = None  # open Markdown fence (its marker)


class Regions:
    """A sorted set of disjoint protected intervals with a fast overlap test."""

    __slots__ = ("_starts", "_ends")

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for s, e in sorted(spans):
            if e <= s:
                continue
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self._starts = [s for s, _ in merged]
        self._ends = [e for _, e in merged]

    def __bool__(self) -> bool:
        return bool(self._starts)

    def spans(self) -> list[tuple[int, int]]:
        """The intervals, in order."""
        return list(zip(self._starts, self._ends, strict=True))

    def overlaps(self, start: int, end: int) -> bool:
        """Does ``[start, end)`` touch any protected interval?"""
        k = bisect.bisect_left(self._starts, end)
        return k > 0 and self._ends[k - 1] > start


EMPTY = Regions([])


#: How far back from its directive ``ignore-line`` reaches in a line longer than this: the
#: stream holds no more than this much of a line back, so the whole-text result is bounded alike.
LINE_REACH = 1 << 20


def find_regions(text: str, start: int, end: int, state: ScanState, markdown: bool,
                 line_reach: int = LINE_REACH) -> tuple[Regions, ScanState]:
    """Protected intervals of ``text[start:end]`` and the state at ``end``.

    ``ignore-line`` protects its line from the line start, or from ``line_reach`` characters
    before the directive if the line began further back, to the line end.

    ``start`` need not be a line start: the state says what was already switched off there.
    Text before ``start`` is only looked at to find where the current line began. Work is
    proportional to the directives and fences found (each searched for in C), not to lines.
    """
    if not markdown and state == ScanState() and text.find(MARKER, start, end) == -1:
        return EMPTY, state

    def eol(p: int) -> int:
        q = text.find("\n", p, end)
        return end if q == -1 else q

    spans: list[tuple[int, int]] = []
    off_from = start if state.off else None
    fence = (state.fence, start) if state.fence is not None else None  # open fence: (marker, where it opened)
    first_eol = eol(start)
    if state.skip_line:
        spans.append((start, first_eol))
    if state.skip_next and first_eol < end:
        spans.append((first_eol + 1, eol(first_eol + 1)))
    events: list[tuple[int, int, re.Match[str]]] = [(d.start(), 1, d) for d in DIRECTIVE.finditer(text, start, end)]
    if markdown:
        events += [(f.start(), 0, f) for f in _FENCE_LINE.finditer(text, start, end)]
        events.sort(key=lambda ev: (ev[0], ev[1]))
        line_start = text.rfind("\n", max(0, start - TOKEN_REACH), start) + 1 if start and text[start - 1] != "\n" \
            else start
        spans += [(m.start(), m.end()) for m in _CODE_SPAN.finditer(text, line_start, end) if m.end() > start]
    last_line = text.rfind("\n", start, end) + 1 or start  # where the unfinished last line begins
    prev_line = (text.rfind("\n", start, last_line - 1) + 1 or start) if last_line > start else None
    skip_line = state.skip_line and last_line == start
    if state.skip_next and prev_line == start:
        skip_line = True
    skip_next = state.skip_next and last_line == start
    for pos, kind, m in events:
        if kind == 0:  # a fence line
            marker = m.group(1)
            if fence is None:
                fence = (marker, pos)
            elif marker[0] == fence[0][0] and len(marker) >= len(fence[0]) and not m.group(2).strip():
                spans.append((fence[1], eol(pos)))
                fence = None
            continue
        what = m.group(1)
        if what == "off":
            if off_from is None:
                off_from = m.end()
        elif what == "on":
            if off_from is not None:
                spans.append((off_from, pos))
                off_from = None
        elif what == "ignore-line":
            lo = max(0, pos - line_reach)
            spans.append((text.rfind("\n", lo, pos) + 1 or lo, eol(pos)))
            if pos >= last_line:
                skip_line = True
        else:  # ignore-next-line
            line_end = eol(pos)
            if line_end < end:
                spans.append((line_end + 1, eol(line_end + 1)))
            if pos >= last_line:
                skip_next = True
            elif prev_line is not None and pos >= prev_line:
                skip_line = True
    if off_from is not None:
        spans.append((off_from, end))
    if fence is not None:
        spans.append((fence[1], end))
    open_marker = fence[0] if fence is not None else None
    return Regions(spans), ScanState(off_from is not None, skip_line, skip_next, open_marker)
