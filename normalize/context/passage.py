"""The passage around a candidate: the smallest stretch of text that carries a language.

A passage is a sentence, a heading, a list item, a table cell, or a quotation of two words or
more inside a sentence. It is found within :data:`REACH` characters on either side of the
candidate and nothing further, so a stream that holds that much text around a candidate sees
the same passage as the whole text does.
"""

from __future__ import annotations

import re

__all__ = ["MARGIN", "REACH", "Breaks", "passage", "quotations", "sentence"]

#: How far a passage may reach on either side of a candidate.
REACH = 400

# Where a passage ends: a sentence's final stop (with closing quotes or brackets) before space;
# a blank line; a line break before a list item, heading, quote or table row; a table-cell bar
# or tab; a block-level HTML tag.
_ABBREVIATIONS = ("vs", "Mr", "Mrs", "Ms", "Dr", "St", "Gen", "Lt", "Col", "Sgt", "Gov", "Sen", "Rep", "Prof",
                  "No", "Nr", "Jr", "Sr", "Inc", "Co", "Corp", "Ltd", "approx", "etc", "e.g", "i.e", "U.S", "U.N",
                  "U.K", "z.B", "bzw", "ca", "ul", "św", "gen", "prof", "dr", "mgr", "pl", "al")
_NOT_AFTER = frozenset(_ABBREVIATIONS)
_BREAK = re.compile(
    r"[.!?\u2026]+[\"'\u201d\u2019\u00bb)\]]*(?=\s)"
    r"|\n[ \t]*\n"
    r"|\n(?=[ \t]*(?:[-*+#>|]|\d{1,3}[.)][ \t]))"
    r"|[|\t]"
    r"|(?i:</?(?:p|li|ul|ol|td|th|tr|h[1-6]|div|br|blockquote|title|caption|dd|dt|section|article)\b[^>]*>)")
_STOPS = ".!?\u2026"
_WORD_BEFORE = re.compile(r"(?<![\w.])[\w.]{1,8}$")


def _ends(text: str, m: re.Match[str], group: int = 0) -> bool:
    """Is break ``m`` (its ``group``) an end? A stop after an abbreviation (``Mr.``, ``vs.``,
    ``U.S.``) or an initial (``J. K.``) is not."""
    if text[m.start(group)] not in _STOPS:
        return True
    i = m.start(group)
    while i > 0 and text[i - 1] in _STOPS:  # the whole run, wherever the scan began
        i -= 1
    w = _WORD_BEFORE.search(text, max(0, i - 8), i)
    if w is None:
        return True
    word = w.group()
    return word not in _NOT_AFTER and not (len(word) == 1 and word.isupper())


# A quotation: the pairs news text uses, content on one line.
_QUOTE = re.compile(r"\"([^\"\n]{1,300})\"|\u201c([^\u201d\n]{1,300})\u201d"
                    r"|\u201e([^\u201c\u201d\n]{1,300})[\u201c\u201d]|\u00ab\s?([^\u00bb\n]{1,300}?)\s?\u00bb"
                    r"|\u201a([^\u2018\u2019\n]{1,300})[\u2018\u2019]")
_WORDS = re.compile(r"[^\W\d_]+")


#: Breaks are looked for this far beyond REACH, so that an end just past REACH still counts as
#: the stop it is (its whole run of stops is read).
MARGIN = 64

# The last break before a point: greedy ``.*`` makes the regex engine try the break from the
# far end backwards, so the search costs the distance to the break, not the window.
_LAST_BREAK = re.compile(r"(?s:.*)(" + _BREAK.pattern + ")")


class Breaks:
    """Sentence bounds for the candidates of one text, looked for outwards from each candidate:
    back to the nearest end, forward to the next. Candidates in text order that share a
    sentence share one search. What :meth:`sentence` answers depends only on the text within
    ``REACH + MARGIN`` of the candidate."""

    __slots__ = ("_text", "_last")

    def __init__(self, text: str, spans: list[tuple[int, int]] | None = None) -> None:
        self._text = text
        self._last: tuple[int, int, int] | None = None  # (a, b, end of b's break) of the last answer

    def _before(self, start: int) -> int | None:
        """The end of the nearest sentence end at or before ``start``, within REACH + MARGIN."""
        text = self._text
        lo, hi = max(0, start - REACH - MARGIN), start
        while hi > lo:
            m = _LAST_BREAK.match(text, lo, hi)
            if m is None:
                return None
            if _ends(text, m, 1):
                return m.end(1)
            hi = m.start(1)
        return None

    def _after(self, end: int) -> tuple[int, int] | None:
        """(where the sentence stops, the end of its break) of the first end after ``end``."""
        text = self._text
        for m in _BREAK.finditer(text, end, min(len(text), end + REACH + MARGIN)):
            if _ends(text, m):
                return (m.start() if m.group()[:1] in "\n|\t<" else m.end()), m.end()
        return None

    def sentence(self, start: int, end: int) -> tuple[int, int] | None:
        """The bounds of the sentence (or heading, list item, cell) holding ``text[start:end]``;
        None when no end of one lies within REACH on either side (a long stretch without a stop,
        a dump of names: not a passage, and the context rules have nothing to go on)."""
        last = self._last
        if last is not None and last[0] <= start and end <= last[1]:
            a, b, _ = last  # no end between: the same sentence
        else:
            found = self._before(start)
            if found is not None:
                a = found
            elif start <= REACH:
                a = 0
            else:
                return None
            after = self._after(end)
            n = len(self._text)
            if after is not None and after[1] <= end + REACH:
                b = after[0]
            elif n <= end + REACH and after is None:
                b = n
            else:
                return None
            self._last = (a, b, 0)
        if a <= start - REACH and not (a == 0 and start <= REACH):
            return None
        return a, b


def sentence(text: str, start: int, end: int) -> tuple[int, int] | None:
    """:meth:`Breaks.sentence` for one candidate."""
    return Breaks(text, [(start, end)]).sentence(start, end)


def quotations(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """The quotations of two words or more in ``text[a:b]`` (their content's bounds)."""
    out = []
    for q in _QUOTE.finditer(text, a, b):
        g = q.lastindex or 0
        qs, qe = q.start(g), q.end(g)
        if len(_WORDS.findall(text, qs, qe)) >= 2:
            out.append((qs, qe))
    return out


def passage(text: str, start: int, end: int, bounds: tuple[int, int]) -> tuple[int, int, bool]:
    """The passage that decides the language of ``text[start:end]`` in its sentence ``bounds``,
    and whether it is a quotation: the quotation of two words or more around it, if any, else
    the sentence."""
    a, b = bounds
    for qs, qe in quotations(text, a, b):
        if qs <= start and end <= qe:
            return qs, qe, True
    return a, b, False
