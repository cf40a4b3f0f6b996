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

__all__ = ["TOKEN_REACH", "MARKER", "DIRECTIVE", "DIRECTIVE_MAX", "ScanState", "Regions", "in_protected_token", "find_regions"]

TOKEN_REACH = 256
MARKER = "translit-normalize:"
DIRECTIVE_MAX = 64  # longest directive, marker and blanks included
DIRECTIVE = re.compile(r"translit-normalize:[ \t]{0,8}(off|on|ignore-next-line|ignore-line)(?![\w-])")
_FENCE = re.compile(r"[ ]{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_OPEN = "([{<\"'\u201c\u2018\u00ab\u201e*_"
_CLOSE = ")]}>\"'\u201d\u2019\u00bb.,;:!?*_"
_EMAIL = re.compile(r"\w@\w")
_DOTTED = re.compile(r"\w[.]\w")
_PATHLIKE = re.compile(r"(?:^|[\s(])(?:/|\./|\.\./|~/|[A-Za-z]:\\)|\\|/.*/|/.*\.\w{1,8}$")


def in_protected_token(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` part of a URL, e-mail address, path, domain or ``::`` identifier?"""
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
    if (i == lo and lo > 0) or (j == hi and hi < len(text)):
        return True  # an unbroken run this long is not prose
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

    def overlaps(self, start: int, end: int) -> bool:
        """Does ``[start, end)`` touch any protected interval?"""
        k = bisect.bisect_left(self._starts, end)
        return k > 0 and self._ends[k - 1] > start


EMPTY = Regions([])


def find_regions(text: str, start: int, end: int, state: ScanState, markdown: bool) -> tuple[Regions, ScanState]:
    """Protected intervals of ``text[start:end]`` and the state at ``end``.

    ``start`` need not be a line start: the state says what was already switched off there.
    Text before ``start`` is only looked at to find where the current line began.
    """
    if not markdown and state == ScanState() and text.find(MARKER, start, end) == -1:
        return EMPTY, state
    spans: list[tuple[int, int]] = []
    off_from = start if state.off else None
    skip_line, skip_next, fence = state.skip_line, state.skip_next, state.fence
    pos = start
    while True:
        nl = text.find("\n", pos, end)
        line_end = end if nl == -1 else nl
        line_start = pos
        at_line_start = pos == 0 or text[pos - 1] == "\n"
        if skip_line:
            spans.append((pos, line_end))
        if markdown:
            fence_match = _FENCE.match(text, pos, line_end) if at_line_start else None
            if fence is not None:
                spans.append((pos, line_end))
                if fence_match and fence_match.group(1)[0] == fence[0] and len(fence_match.group(1)) >= len(fence) \
                        and not text[fence_match.end():line_end].strip():
                    fence = None
            elif fence_match:
                fence = fence_match.group(1)
                spans.append((pos, line_end))
            else:
                line_start = text.rfind("\n", max(0, pos - TOKEN_REACH), pos) + 1 if not at_line_start else pos
                for m in _CODE_SPAN.finditer(text, line_start, line_end):
                    if m.end() > pos:
                        spans.append((m.start(), m.end()))
        for d in DIRECTIVE.finditer(text, pos, line_end):
            what = d.group(1)
            if what == "off":
                if off_from is None:
                    off_from = d.end()
            elif what == "on":
                if off_from is not None:
                    spans.append((off_from, d.start()))
                    off_from = None
            elif what == "ignore-line":
                line_begin = text.rfind("\n", 0, d.start()) + 1
                spans.append((line_begin, line_end))
                skip_line = True
            else:
                skip_next = True
        if nl == -1:
            break
        skip_line, skip_next = skip_next, False
        pos = nl + 1
    if off_from is not None:
        spans.append((off_from, end))
    return Regions(spans), ScanState(off_from is not None, skip_line, skip_next, fence)
