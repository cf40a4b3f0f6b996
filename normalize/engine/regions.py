"""Protected text: where no rewrite may happen.

Two kinds. *Tokens* are checked per candidate: a URL, an e-mail address, an @handle, a
#hashtag, a ``::`` or dotted name, a file path or an IANA time-zone identifier that the
candidate is part of protects it; each protects its own characters, found by its own rule (looked
up at most ``TOKEN_REACH`` characters either side, so the answer never depends on text further
away). *Regions* come
from inline directives (``translit-normalize: off`` ... ``on``, ``ignore-line``,
``ignore-next-line``) and, for Markdown, code spans and fenced blocks; they are computed
line by line with a small :class:`ScanState` carried across stream chunks.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

__all__ = ["ABBREVIATIONS", "LINE_REACH", "TOKEN_REACH", "TZ_AREAS", "MARKER", "DIRECTIVE", "DIRECTIVE_MAX",
           "ScanState", "Regions", "in_protected_token", "token_overlaps", "tz_zones", "find_regions"]

TOKEN_REACH = 256
MARKER = "translit-normalize:"
DIRECTIVE_MAX = 64  # longest directive, marker and blanks included
DIRECTIVE = re.compile(r"translit-normalize:[ \t]{0,8}(off|on|ignore-next-line|ignore-line)(?![\w-])")
_FENCE_LINE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})([^\n]*)", re.MULTILINE)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)([^\n]+?)(?<!`)\1(?!`)")

# --------------------------------------------------------------------------- protected tokens
#
# Each construct is found by its own pattern in the run of non-space characters around a
# candidate, and protects its own characters only: the candidate is protected when it overlaps
# one. The patterns take word characters as the trie does (letters, digits, marks, connector
# punctuation, ZWJ/ZWNJ), so a name in NFD is one word here too. Every construct holds one of
# ``/ \ @ # :`` or a dot followed by a letter or digit, which is what the C pre-check looks for.

_WC = r"\w\p{L}\p{N}\p{M}\p{Pc}\u200c\u200d"  # word characters, for use inside a class
_W = f"[{_WC}]"
_NOT_W = f"(?<![{_WC}])"
# Characters that end a URL's path: whitespace, angle brackets, quotes, backticks.
_URL_TAIL = r"[^\s<>\"'`\u201c\u201d\u2018\u2019\u00ab\u00bb]*"
_URL_SOURCE = (
    # scheme://authority, then a path, query or fragment only if one of / ? # starts it (RFC 3986),
    # so ``https://x.org)Kiev`` ends at the host
    rf"(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*+://(?:\[[0-9A-Fa-f:.]+\]|[{_WC}.@:%~+!$&=-])*+(?:[/?#]{_URL_TAIL})?"
    # www. and a domain (the GitHub Markdown extended autolink)
    rf"|(?<![{_WC}.@/-])(?i:www)\d{{0,3}}\.[{_WC}-]++(?:\.[{_WC}-]++)*+(?::\d+)?(?:[/?#]{_URL_TAIL})?"
    # an e-mail address: local part @ domain
    rf"|(?<![{_WC}.+%-])[{_WC}.+%-]++(?<={_W})@(?={_W})[{_WC}-]++(?:\.[{_WC}-]++)*+"
    # an @handle (user@instance included above) and a #hashtag or #fragment
    rf"|(?<!{_W})@{_W}++(?:[.-]{_W}++)*+|#{_W}++(?:[.-]{_W}++)*+"
    # a :: name (Odessa::Client, ::Kiev, Kiev::)
    rf"|(?<!{_W}){_W}*+(?:::{_W}++)++|(?<!{_W}){_W}++::"
)
# (Every repetition is possessive and every construct begins where the characters it takes
# begin, so finding them all in a run is linear in its length.)
# A dotted name (module.attr, Kiev.txt, Kiev.example, Kiev-based.com): word runs joined by dots.
# Looked for after the dots of abbreviations are blanked: ``e.g.Kiev`` and ``U.S.-Kiev`` are
# prose. A segment after a dot does not begin with ``_`` (``Kiev._`` is a name and punctuation).
_DOTTED_SOURCE = rf"(?<!{_W}){_W}++(?:-{_W}++)*+(?:\.(?!_){_W}++(?:-{_W}++)*+)++"
#: Abbreviations whose dot is a full stop, never a dotted name's: initialisms of two letters or
#: more (e.g., i.e., U.S., a.k.a.) and these words.
ABBREVIATIONS = ("cf", "viz", "vs", "etc", "approx", "incl", "Mr", "Mrs", "Ms", "Dr", "St", "Gen", "Prof", "Sen",
                 "Gov", "Pres", "Lt", "Col", "Capt", "Sgt", "Jr", "Sr")
_ABBREV_SOURCE = rf"(?<![{_WC}.])(?:(?:\p{{L}}\.){{2,}}|(?:{'|'.join(ABBREVIATIONS)})\.)"
# A run of path characters (judged by :func:`_is_path` if it holds a / or \\).
_PATH_SOURCE = rf"(?<![{_WC}.~$%+/\\-])[{_WC}.~$%+/\\-]++"
#: The tz database's areas: ``Area/Location`` is a time-zone identifier if the shipped list has it.
TZ_AREAS = ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian",
            "Pacific", "Etc")
_TZ_SOURCE = rf"(?<![{_WC}/.-])(?i:{'|'.join(TZ_AREAS)})/[{_WC}+-]++(?:/[{_WC}+-]++)?(?![{_WC}/+-])"


class _Patterns:
    """The token patterns, compiled on first need (the ``regex`` module knows \\p{M}; most texts
    never reach the full check, so a start-up does not pay for it)."""

    def __init__(self) -> None:
        import regex

        from ..rules.datafiles import TZ_ZONES

        self.url = regex.compile(_URL_SOURCE)
        self.dotted = regex.compile(_DOTTED_SOURCE)
        self.abbrev = regex.compile(_ABBREV_SOURCE)
        self.path = regex.compile(_PATH_SOURCE)
        self.tz = regex.compile(_TZ_SOURCE)
        self.segment_ext = regex.compile(rf"{_W}\.{_W}")
        with open(TZ_ZONES, encoding="utf-8") as f:
            self.zones = frozenset(line.strip().lower() for line in f if line.strip() and not line.startswith("#"))


_compiled: list[_Patterns] = []


def _patterns() -> _Patterns:
    if not _compiled:
        _compiled.append(_Patterns())
    return _compiled[0]


def tz_zones() -> frozenset[str]:
    """The shipped IANA time-zone identifiers, lower-cased."""
    return _patterns().zones


def in_protected_token(text: str, start: int, end: int) -> bool:
    """Does ``text[start:end]`` overlap a URL, e-mail address, @handle, #hashtag, ``::`` name,
    dotted name, file path or IANA time-zone identifier?

    Each is found by its own rule in the run of non-space characters around the name (at most
    ``TOKEN_REACH`` characters either side, so the answer never depends on text further away)
    and protects its own characters, never a neighbouring word: ``(see https://x.org)Kiev``,
    ``U.S.-Kiev`` and ``Kiev/Kharkov/Odessa`` are prose.

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
    # A run longer than the reach is judged by the part within reach. (Protecting every long
    # run would not be stable: rewriting other names in the run shortens it, and a second
    # pass would then rewrite what the first left alone.)
    return token_overlaps(text[i:j], start - i, end - i)


def token_overlaps(run: str, a: int, b: int) -> bool:
    """Does ``run[a:b]`` overlap a protected construct of ``run`` (a text without whitespace
    around the span)?"""
    p = _patterns()
    if ("://" in run or "@" in run or "#" in run or "::" in run or "ww." in run.lower()) \
            and any(m.start() < b and m.end() > a for m in p.url.finditer(run)):
        return True
    if "/" in run or "\\" in run:
        for m in p.tz.finditer(run):
            if m.start() < b and m.end() > a and m.group().lower() in p.zones:
                return True
    if "." not in run and "/" not in run and "\\" not in run:
        return False
    # the dots of abbreviations blanked (same length, so offsets hold)
    prose = p.abbrev.sub(lambda m: m.group().replace(".", " "), run) if "." in run else run
    if "." in run and any(m.start() < b and m.end() > a for m in p.dotted.finditer(prose)):
        return True
    if "/" in run or "\\" in run:
        for m in p.path.finditer(run):
            if m.start() < b and m.end() > a and ("/" in m.group() or "\\" in m.group()) \
                    and _is_path(run, prose, m.start(), m.end(), p):
                return True
    return False


def _is_path(run: str, prose: str, s: int, e: int, p: _Patterns) -> bool:
    """Is ``run[s:e]``, path characters with a / or \\ in them, a file path rather than a list
    of names (``Kiev/Kharkov/Odessa``)? A path has a root (``/x``, ``./x``, ``../x``, ``~/x``,
    ``C:\\x``), a backslash, a trailing slash, a ``.`` or ``..`` segment, a segment with an
    extension (``Kiev/report.txt``), or a segment of two or more characters that begins with a
    lower-case letter or a dot (``docs/Kiev``, ``Kiev/.git``: names are capitalised)."""
    while e > s and run[e - 1] == ".":  # a full stop after the path
        e -= 1
    text = run[s:e]
    if "\\" in text or text.startswith(("/", "./", "../", "~")) or text.endswith("/"):
        return True
    if s >= 2 and run[s - 1] == ":" and run[s - 2].isascii() and run[s - 2].isalpha() \
            and (s == 2 or not run[s - 3].isalnum()):
        return True  # C:/x (C:\x has its backslash)
    at = s
    for seg in text.split("/"):
        if seg in (".", "..") or (len(seg) > 1 and (seg[0].islower() or seg[0] == ".")) \
                or p.segment_ext.search(prose, at, at + len(seg)):
            return True
        at += len(seg) + 1
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
