"""Matches -> text, for a whole string or a stream of chunks.

The stream keeps a bounded window: it rewrites up to a cut point only once the text after
the cut is long enough to settle every match that starts before it (the matcher's reach
plus the protected-token reach), so memory stays constant and any chunking gives the same
output as the whole text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from ..rules.rule import Rule
from .match import Match
from .matcher import Matcher
from .regions import DIRECTIVE, DIRECTIVE_MAX, LINE_REACH, MARKER, TOKEN_REACH, Regions, ScanState, find_regions
from .resolve import Rewrite, replace, resolve, to_match

__all__ = ["Judge", "apply", "rewrite_block", "scan_text", "normalize_text", "stream"]

#: A later stage's say over the rewrites of one text (or stream buffer): ``(text, rewrites, lo,
#: hi, base, regions)`` -> the rewrites to apply, where the rewrites are those starting in
#: ``[lo, hi)``, ``base`` is the stream offset of ``text[0]`` and ``regions`` the protected
#: text. A rewrite the judge adds must start in ``[lo, hi)``, end by the last given rewrite's
#: end (or ``hi``) and hold no line break. Calls come in text order, each ``[lo, hi)`` after the
#: last, so a judge may remember what it read. It may look at most ``reach`` characters around
#: each rewrite (:func:`stream` keeps that much), so streams and whole texts agree.
Judge = Callable[[str, list[Rewrite], int, int, int, Regions | None], list[Rewrite]]

#: Process the buffer once this much unsettled text has gathered.
BLOCK = 1 << 16
#: Cut in the middle of a line only when a line grows beyond twice this, and then keep the last
#: LONG_LINE characters back: an ``ignore-line`` directive reaches that far back (whole text too).
LONG_LINE = LINE_REACH


def _clear_of_directive(buf: str, pos: int, cut: int) -> int:
    """Move a mid-line cut off any directive it would split (both halves must see it whole)."""
    lo = max(pos, cut - DIRECTIVE_MAX)
    m = buf.rfind(MARKER, lo, cut + len(MARKER) - 1)
    while m >= cut:
        m = buf.rfind(MARKER, lo, m + len(MARKER) - 1)
    if m == -1:
        return cut
    d = DIRECTIVE.match(buf, m)
    end = (d.end() if d else m + len(MARKER)) + 1
    if cut > end:
        return cut
    return m if m > pos else end


def apply(text: str, matches: Sequence[Match], lo: int = 0, hi: int | None = None) -> str:
    """``text[lo:hi]`` with every match (all inside that range) rewritten."""
    return _apply(text, [(m.start, m.end, None, m.replacement) for m in matches], lo, hi)


def _apply(text: str, rewrites: Sequence[tuple[int, int, Rule | None, str]], lo: int = 0,
           hi: int | None = None) -> str:
    """``text[lo:hi]`` with each (start, end, rule, replacement) applied; the rule is not needed here."""
    if hi is None:
        hi = len(text)
    if not rewrites:
        return text[lo:hi]
    pieces: list[str] = []
    pos = lo
    for s, e, _, rep in rewrites:
        pieces.append(text[pos:s])
        pieces.append(rep)
        pos = e
    pieces.append(text[pos:hi])
    return "".join(pieces)


def scan_text(matcher: Matcher, text: str, markdown: bool = False, judge: Judge | None = None) -> list[Match]:
    """Every match in a whole text (that ``judge``, if given, lets through)."""
    regions, _ = find_regions(text, 0, len(text), ScanState(), markdown, LONG_LINE)
    rewrites = resolve(matcher, text, 0, len(text), regions)
    if judge is not None:
        rewrites = judge(text, rewrites, 0, len(text), 0, regions)
    return [to_match(text, *r) for r in rewrites]


def normalize_text(matcher: Matcher, text: str, markdown: bool = False, judge: Judge | None = None) -> str:
    """A whole text normalized (no :class:`Match` values are built)."""
    regions, _ = find_regions(text, 0, len(text), ScanState(), markdown, LONG_LINE)
    if judge is None:
        return replace(matcher, text, 0, len(text), regions)[0]
    return _apply(text, judge(text, resolve(matcher, text, 0, len(text), regions), 0, len(text), 0, regions))


def _chosen(text: str, rewrites: list[Rewrite], base: int, on_match: Callable[[Match], object] | None,
            keep: Callable[[Match], bool] | None) -> list[Rewrite]:
    """The rewrites ``keep`` lets through (all without it), each passed to ``on_match`` as a
    :class:`Match` shifted by ``base``."""
    chosen = []
    for r in rewrites:
        m = to_match(text, *r).shifted(base)
        if keep is None or keep(m):
            chosen.append(r)
            if on_match is not None:
                on_match(m)
    return chosen


def rewrite_block(matcher: Matcher, text: str, protected: Sequence[tuple[int, int]], state: ScanState,
                  judge: Judge | None = None, base: int = 0, on_match: Callable[[Match], object] | None = None,
                  keep: Callable[[Match], bool] | None = None, view: str | None = None) -> tuple[str, ScanState]:
    """One block of a marked-up document, rewritten as a whole text with ``protected`` spans
    (from its markup) and the directives of ``state`` on top; the directives' state after it.
    Matches go to ``on_match`` with offsets shifted by ``base`` (the block's place in the document).
    ``view`` (as long as ``text``, equal to it outside ``protected``) is what the matcher and the
    judge read instead of ``text``: a format blanks its markup there, so markup next to a name
    does not hide its word boundary or make it look like part of a URL. Directives are found in
    ``text``; rewrites apply to ``text``."""
    regions, after = find_regions(text, 0, len(text), state, False, LONG_LINE)
    if protected:
        regions = Regions(regions.spans() + list(protected))
    seen = text if view is None else view
    if len(seen) != len(text):
        raise ValueError("rewrite_block: the view must be as long as the text")
    rewrites = resolve(matcher, seen, 0, len(seen), regions)
    if judge is not None:
        rewrites = judge(seen, rewrites, 0, len(seen), base, regions)
    if on_match is not None or keep is not None:
        rewrites = _chosen(seen, rewrites, base, on_match, keep)
    return _apply(text, rewrites), after


def stream(matcher: Matcher, chunks: Iterable[str], markdown: bool = False,
           line_buffered: bool = False, on_match: Callable[[Match], object] | None = None,
           keep: Callable[[Match], bool] | None = None, judge: Judge | None = None,
           judge_reach: int = 0) -> Iterator[str]:
    """Normalize a stream of text chunks; yields rewritten text as soon as it is settled.

    With ``line_buffered``, every complete line is written at once (a name broken across
    a line break is then not joined; a line longer than twice ``LONG_LINE`` is cut as
    without it, so memory stays bounded). ``keep`` says which matches are rewritten (the
    others stay as written, as ``apply`` with a filtered list of ``find`` leaves them);
    ``on_match`` receives each kept :class:`Match` with offsets into the whole stream. ``judge``
    has its say first, seeing ``judge_reach`` characters on either side of each rewrite.
    """
    settle = matcher.reach + 2 * TOKEN_REACH + len(MARKER) + 16 + judge_reach
    behind = max(TOKEN_REACH, judge_reach + 16)
    long_line = LONG_LINE
    buf = ""
    base = 0  # stream offset of buf[0]
    pos = 0  # first byte of buf not yet written
    anchor = 0  # where `state` applies (<= pos)
    state = ScanState()

    def run(cut: int, final: bool) -> str:
        nonlocal pos, anchor, state
        end = len(buf)
        regions, _ = find_regions(buf, anchor, end, state, markdown, long_line)
        if on_match is None and keep is None and judge is None:
            out, stop = replace(matcher, buf, pos, cut, regions)
        else:
            rewrites = resolve(matcher, buf, pos, cut, regions)
            stop = max(cut, rewrites[-1][1]) if rewrites else cut
            if judge is not None:
                rewrites = judge(buf, rewrites, pos, cut, base, regions)
            out = _apply(buf, _chosen(buf, rewrites, base, on_match, keep), pos, stop)
        if not final:
            _, state = find_regions(buf, anchor, cut, state, markdown, long_line)
            anchor = cut
        pos = stop
        return out

    parts: list[str] = []
    pending = 0
    for chunk in chunks:
        if not chunk:
            continue
        parts.append(chunk)
        pending += len(chunk)
        if pending < BLOCK and not (line_buffered and "\n" in chunk):
            continue
        buf += "".join(parts)
        parts.clear()
        pending = 0
        while True:
            limit = len(buf) if line_buffered else len(buf) - settle
            if limit - pos <= (0 if line_buffered else BLOCK):
                break
            nl = buf.rfind("\n", pos, limit)
            if nl != -1:
                cut = nl + 1
            else:  # inside a line (line-buffered too): only with what settles the cut after it
                limit = len(buf) - settle
                if limit - pos < 2 * long_line:
                    break
                # a directive further on reaches back at most long_line: keep that much
                cut = _clear_of_directive(buf, pos, limit - long_line)
            out = run(cut, final=False)
            if out:
                yield out
            done = max(0, min(anchor, pos) - behind - 1)
            if done > BLOCK:
                buf = buf[done:]
                base += done
                pos -= done
                anchor -= done
            if line_buffered:
                break
    buf += "".join(parts)
    out = run(len(buf), final=True)
    if out:
        yield out
