"""Markdown (CommonMark, with GFM tables and strikethrough), read by markdown-it-py.

Blocks end at a blank line outside a fenced code block, an HTML block of CommonMark types 1-5
(``<script>``/``<pre>``/``<style>``/``<textarea>``, comments, processing instructions,
declarations, CDATA: their end condition is carried) and front matter; each block is parsed on
its own. Prose is what this module can place exactly in the source: the text of paragraphs,
headings, table cells, list items and blockquotes, emphasis and link text, image alt text.
Every other character of a block (code, HTML, link destinations and titles, autolinks,
reference definitions, front matter, and the markup itself: ``#``, ``>``, list markers, pipes,
emphasis delimiters, brackets) is protected, so anything that cannot be placed stays as written.

markdown-it gives block tokens line maps but no character offsets for inline content: each
inline token's content is located line by line in the block's source, and its children are
walked in order from a moving cursor, each text child matched character by character (backslash
escapes and entity references included). A child that does not match ends the walk: the rest of
that inline stays as written.

See ``docs/formats-markdown.md`` for what is protected, what is normalized, and the limits.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkDestination, parseLinkTitle
from markdown_it.token import Token

from .base import MAX_BLOCK, blank, complement

__all__ = ["MARKUP", "Markdown", "State"]


@dataclass(frozen=True, slots=True)
class State:
    """Where a block begins: ``kind`` is ``"doc"`` (the document start: front matter may
    follow), ``"body"``, ``"fence"`` (``mark`` its character, ``size`` its length) or ``"html"``
    (``mark`` the end condition of an open HTML block)."""

    kind: str = "body"
    mark: str = ""
    size: int = 0


DOC = State("doc")
BODY = State("body")

# Container prefixes read generously (any mix of indentation, blockquote markers and list
# markers): a fence or HTML block opened inside a list item or a blockquote keeps its blank lines.
_PREFIX = re.compile(r"(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))*[ \t]*")
_FENCE = re.compile(r"(`{3,}|~{3,})(.*)")
_HTML_OPEN = re.compile(r"<(?:(script|pre|style|textarea)(?=[\s>]|$)|(!--)|(\?)|(!\[CDATA\[)|(![A-Za-z]))",
                        re.IGNORECASE)
_HTML_ENDS = {1: None, 2: "-->", 3: "?>", 4: "]]>", 5: ">"}
_FRONT = {"---": ("---", "..."), "+++": ("+++",)}
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")
_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_EMPHASIS = frozenset({"em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"})
# A bracketed run in prose that is no link here: a reference whose definition may be in another
# block. Its label (the second brackets, or the only ones) stays as written.
_REF_FULL = re.compile(r"\]\[([^\[\]\n]+)\]")
_REF_SHORT = re.compile(r"\[[^\[\]\n]*\](?:\[\])?(?![(\[:])")

_MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


class _Lost(Exception):
    """An inline child could not be placed in the source."""


def _line(text: str, p: int, end: int) -> tuple[str, int]:
    """The line at ``p`` (without its line end) and where the next one begins (``end`` if it
    has no line break before ``end``)."""
    nl = text.find("\n", p, end)
    if nl == -1:
        return text[p:end], end
    return text[p:nl], nl + 1


def _fence_open(line: str) -> tuple[str, int] | None:
    body = line[_PREFIX.match(line).end():]  # type: ignore[union-attr]
    m = _FENCE.match(body)
    if m is None or (m.group(1)[0] == "`" and "`" in m.group(2)):
        return None
    return m.group(1)[0], len(m.group(1))


def _fence_closes(line: str, state: State) -> bool:
    body = line[_PREFIX.match(line).end():].rstrip()  # type: ignore[union-attr]
    return len(body) >= state.size and body == state.mark * len(body)


def _html_open(line: str) -> str | None:
    """The end condition of the HTML block of type 1-5 this line opens and does not close."""
    body = line[_PREFIX.match(line).end():]  # type: ignore[union-attr]
    m = _HTML_OPEN.match(body)
    if m is None:
        return None
    if m.group(1):
        end = "</" + m.group(1).lower() + ">"
    else:
        end = next(v for k, v in _HTML_ENDS.items() if k > 1 and m.group(k)) or ">"
    return None if _html_closes(body[m.end():], end) else end


def _html_closes(line: str, end: str) -> bool:
    return end in line.lower() if end.startswith("</") else end in line


def _step(line: str, state: State) -> State:
    """The state after one line (that is not a blank line of the body)."""
    if state.kind == "fence":
        return BODY if _fence_closes(line, state) else state
    if state.kind == "html":
        return BODY if _html_closes(line, state.mark) else state
    fence = _fence_open(line)
    if fence is not None:
        return State("fence", fence[0], fence[1])
    end = _html_open(line)
    return State("html", end) if end is not None else BODY


def _front_closer(text: str, start: int, end: int) -> tuple[str, ...] | None:
    """The closing lines of the front matter that opens at ``text[start]`` (a document start)."""
    p = start + 1 if text.startswith("\ufeff", start) else start
    first, _ = _line(text, p, end)
    return _FRONT.get(first.rstrip())


@dataclass(frozen=True)
class Markdown:
    """The Markdown format (:class:`~normalize.markup.base.Markup`)."""

    name: str = "markdown"

    def start(self) -> Any:
        return DOC

    def cut(self, text: str, start: int, end: int, state: Any, final: bool) -> tuple[int, Any] | None:
        if state.kind == "doc":
            closers = _front_closer(text, start, end)
            if closers is not None:
                _, p = _line(text, start, end)
                while p < end:
                    line, q = _line(text, p, end)
                    if q == end and not final and not text.endswith("\n", p, q):
                        break  # an unfinished last line
                    if line.rstrip() in closers:
                        return q, BODY
                    p = q
                if not final:
                    return None
                # no closing line: not front matter
            state = BODY
        p = start
        last_line_end, state_there = -1, state
        while p < end:
            line, q = _line(text, p, end)
            if q == end and not text.endswith("\n", p, q):
                break  # an unfinished line: its end decides
            if state.kind == "body" and not line.strip():
                return q, BODY
            state = _step(line, state)
            last_line_end, state_there = q, state
            p = q
        if not final:
            return None
        if end - start >= MAX_BLOCK and last_line_end != -1:  # the longest block: cut at a line end
            return last_line_end, state_there
        if p < end:  # the input's last, unfinished line
            state = _step(text[p:end], state)
        return end, state

    def protected(self, block: str, state: Any) -> list[tuple[int, int]]:
        return complement(_prose(block, state), len(block))

    def view(self, block: str, protected: Sequence[tuple[int, int]]) -> str:
        """``block`` as the matcher reads it: protected text blanked (line breaks kept), so
        markup around a word neither joins it to a neighbouring word nor makes it look like
        part of a URL or path (``_Kharkov_``, ``[Kiev](https://x/Kiev)``)."""
        return blank(block, protected)




def _prose(block: str, state: State) -> list[tuple[int, int]]:
    """The spans of ``block`` that are prose."""
    if not block.strip():
        return []
    begin = 0
    if state.kind == "doc" and _closes_front(block):
        return []
    elif state.kind in ("fence", "html"):
        p = 0
        while p < len(block) and state.kind != "body":
            line, p = _line(block, p, len(block))
            state = _step(line, state)
        if state.kind != "body":
            return []
        begin = p
    src = block[begin:].replace("\r\n", " \n").replace("\r", "\n").replace("\0", "\ufffd")
    try:
        tokens = _MD.parse(src)
    except Exception:  # malformed input never raises: nothing is prose then
        return []
    starts = [0]
    for m in re.finditer("\n", src):
        starts.append(m.end())
    out: list[tuple[int, int]] = []
    row, row_cursor = -1, 0
    for i, tok in enumerate(tokens):
        if tok.type != "inline" or tok.map is None or not tok.children and not tok.content:
            continue
        cell = i > 0 and tokens[i - 1].type in ("th_open", "td_open")
        if cell:
            if tok.map[0] != row:
                row, row_cursor = tok.map[0], 0
            placed = _place_cell(src, starts, tok, row_cursor)
            if placed is None:
                continue
            row_cursor = placed[0][0] + len(tok.content) - starts[tok.map[0]]
        else:
            placed = _place_lines(src, starts, tok)
            if placed is None:
                continue
        out += [(begin + s, begin + e) for s, e in _inline_prose(tok, placed)]
    return out


def _closes_front(block: str) -> bool:
    closers = _front_closer(block, 0, len(block))
    if closers is None:
        return False
    lines = block.rstrip("\n").split("\n")
    return len(lines) >= 2 and lines[-1].rstrip() in closers


def _line_text(src: str, starts: list[int], k: int) -> str:
    if k >= len(starts):
        raise IndexError(k)
    e = starts[k + 1] - 1 if k + 1 < len(starts) else len(src)
    return src[starts[k]:e]


def _place_cell(src: str, starts: list[int], tok: Token, cursor: int) -> list[tuple[int, int]] | None:
    """Where a table cell's content begins in the source: [(source offset of content offset 0, length)]."""
    assert tok.map is not None
    try:
        line = _line_text(src, starts, tok.map[0])
    except IndexError:
        return None
    k = line.find(tok.content, cursor)
    if k == -1 or "\n" in tok.content:
        return None
    return [(starts[tok.map[0]] + k, len(tok.content))]


def _place_lines(src: str, starts: list[int], tok: Token) -> list[tuple[int, int]] | None:
    """Where each line of an inline token's content lies in the source, as (offset, length)."""
    assert tok.map is not None
    lines = tok.content.split("\n")
    if len(lines) > tok.map[1] - tok.map[0]:
        return None
    out = []
    for i, part in enumerate(lines):
        try:
            line = _line_text(src, starts, tok.map[0] + i)
        except IndexError:
            return None
        if i < len(lines) - 1:
            if not line.endswith(part):
                return None
            k = len(line) - len(part)
        else:
            k = line.rfind(part)
            if k == -1 or line[k + len(part):].strip(" \t#"):
                return None
        out.append((starts[tok.map[0] + i] + k, len(part)))
    return out


def _inline_prose(tok: Token, placed: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The prose spans of an inline token, in source offsets."""
    content = tok.content
    prose: list[tuple[int, int]] = []
    walker = _Walker(content, prose)
    try:
        walker.walk(tok.children or [])
    except _Lost:
        pass
    prose = walker.unreferenced()
    # content offset -> source offset, line by line
    bases, pos = [], 0
    for i, (off, length) in enumerate(placed):
        # a line but the last ends where its source line does: its line break maps too
        bases.append((pos, pos + length + (i < len(placed) - 1), off))
        pos += length + 1
    out = []
    for s, e in prose:
        for lo, hi, off in bases:
            a, b = max(s, lo), min(e, hi)
            if a < b:
                out.append((off + a - lo, off + b - lo))
    return out


class _Walker:
    """Walks an inline token's children over its content from a moving cursor."""

    def __init__(self, content: str, prose: list[tuple[int, int]]) -> None:
        self.c = content
        self.pos = 0
        self.prose = prose

    def expect(self, s: str) -> None:
        if not s or not self.c.startswith(s, self.pos):
            raise _Lost
        self.pos += len(s)

    def walk(self, children: list[Token]) -> None:
        i = 0
        while i < len(children):
            t = children[i]
            kind = t.type
            if kind == "text":
                self.text(t.content)
            elif kind in ("softbreak", "hardbreak"):
                self.newline()
            elif kind == "code_inline":
                self.code(t.markup)
            elif kind == "html_inline":
                self.expect(t.content)
            elif kind in _EMPHASIS:
                self.expect(t.markup)
            elif kind == "link_open":
                j = self.close_of(children, i)
                if t.markup == "autolink":
                    self.expect("<")
                    end = self.c.find(">", self.pos)
                    if end == -1:
                        raise _Lost
                    self.pos = end + 1
                else:
                    self.link("[", children[i + 1:j])
                i = j
            elif kind == "image":
                self.link("![", t.children or [])
            else:
                raise _Lost
            i += 1

    @staticmethod
    def close_of(children: list[Token], i: int) -> int:
        depth = 0
        for j in range(i, len(children)):
            if children[j].type == "link_open":
                depth += 1
            elif children[j].type == "link_close":
                depth -= 1
                if depth == 0:
                    return j
        raise _Lost

    def text(self, want: str) -> None:
        """Match a text child at the cursor; its characters are prose, escaping backslashes not."""
        c, i, j, n = self.c, 0, self.pos, len(self.c)
        if c.startswith(want, j):  # the common case: no escapes, no entity references
            if want:
                self.prose.append((j, j + len(want)))
            self.pos = j + len(want)
            return
        start = j
        while i < len(want):
            if j >= n:
                raise _Lost
            ch = c[j]
            if ch == "\\" and j + 1 < n and c[j + 1] in _PUNCT and want[i] == c[j + 1]:
                if j > start:
                    self.prose.append((start, j))
                start = j + 1
                i += 1
                j += 2
                continue
            if ch == "&":
                m = _ENTITY.match(c, j)
                if m is not None:
                    dec = html.unescape(m.group())
                    if dec != m.group() and want.startswith(dec, i):
                        i += len(dec)
                        j = m.end()
                        continue
            if ch != want[i]:
                raise _Lost
            i += 1
            j += 1
        if j > start:
            self.prose.append((start, j))
        self.pos = j

    def newline(self) -> None:
        c, j = self.c, self.pos
        start = j
        while j < len(c) and c[j] in " \t":
            j += 1
        if j < len(c) and c[j] == "\\":
            self.prose.append((start, j))
            j += 1
            start = j
        if j >= len(c) or c[j] != "\n":
            raise _Lost
        j += 1
        while j < len(c) and c[j] in " \t":
            j += 1
        self.prose.append((start, j))
        self.pos = j

    def code(self, marker: str) -> None:
        self.expect(marker)
        c, j = self.c, self.pos
        while True:
            k = c.find(marker, j)
            if k == -1:
                raise _Lost
            e = k
            while e < len(c) and c[e] == "`":
                e += 1
            if e - k == len(marker):
                self.pos = e
                return
            j = e

    def link(self, opener: str, inner: list[Token]) -> None:
        """A link or image: ``opener`` (``[`` or ``![``), its text (prose), then its tail."""
        start_prose = len(self.prose)
        self.expect(opener)
        self.walk(inner)
        self.expect("]")
        c, pos = self.c, self.pos
        end = _inline_tail(c, pos)
        if end is not None:
            self.pos = end
            return
        if c.startswith("[", pos):
            k = pos + 1
            while k < len(c) and c[k] != "]":
                if c[k] == "[":
                    break
                k += 2 if c[k] == "\\" else 1
            if k < len(c) and c[k] == "]":
                self.pos = k + 1
                if k > pos + 1:  # [text][label]: the text is prose
                    return
        del self.prose[start_prose:]  # [label], [label][]: the text is the label

    def unreferenced(self) -> list[tuple[int, int]]:
        """The prose without labels of references in plain text (``[a][Kiev]``, ``[Kiev]``)."""
        out: list[tuple[int, int]] = []
        for s, e in self.prose:
            cut: list[tuple[int, int]] = []
            for m in _REF_FULL.finditer(self.c, s, e):
                cut.append(m.span(1))
            for m in _REF_SHORT.finditer(self.c, s, e):
                if m.start() > s and self.c[m.start() - 1] == "]":
                    continue  # the label of a full reference
                cut.append(m.span())
            out += complement(cut, e, s) if cut else [(s, e)]
        return out


def _inline_tail(c: str, pos: int) -> int | None:
    """The end of ``(destination "title")`` at ``c[pos]``, as markdown-it reads it, else None."""
    if not c.startswith("(", pos):
        return None
    n = len(c)
    pos += 1
    while pos < n and c[pos] in " \t\n":
        pos += 1
    if pos >= n:
        return None
    res = parseLinkDestination(c, pos, n)
    if res.ok:
        pos = res.pos
        start = pos
        while pos < n and c[pos] in " \t\n":
            pos += 1
        title = parseLinkTitle(c, pos, n)
        if pos < n and start != pos and title.ok:
            pos = title.pos
            while pos < n and c[pos] in " \t\n":
                pos += 1
    if pos >= n or c[pos] != ")":
        return None
    return pos + 1


MARKUP = Markdown()
