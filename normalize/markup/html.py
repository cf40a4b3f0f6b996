"""HTML (and XML): only text content is prose.

A small tokenizer of its own, following the HTML tokenization states where they decide what is
text: data, tag open, start and end tags with attributes (quoted and unquoted values, a quote
only opening a value right after ``=``), comments (``<!-->``, ``<!--->``, ``--!>``), bogus
comments (``<!...>``, ``<?...>``, ``</ ...>``), CDATA (to ``]]>``), the raw-text elements
(``script`` with its escaped states, ``style``, ``xmp``, ``iframe``, ``noembed``, ``noframes``,
``noscript``; ``plaintext`` to the end) and RCDATA (``title``, ``textarea``). It works on the
text itself, so every offset is exact, and it never raises: what it cannot read as markup is
text, as a browser reads it, and a construct left open at the end of the input (a tag, a
comment) runs to the end and is protected.

Protected, byte for byte: every tag (names, attributes, values), except the values of the
human-text attributes in :data:`OPEN_ATTRIBUTES` (their character references stay protected);
comments, doctype, processing instructions, CDATA; each character reference (``&amp;``,
``&#x41;``, ``&nbsp;``; also ``&`` and letters without ``;``), so a name written with one
(``Ki&#101;v``) is not matched; the content of the elements in :data:`PROTECTED_ELEMENTS` and of
any element with ``translate="no"`` (also ``its:translate="no"``) or the class ``notranslate``,
with all their descendants. Inside a protected element, start tags are counted on a stack (at
most :data:`MAX_DEPTH`) so an end tag closes the element it names; an end tag naming no element
opened inside is ignored, so a protected element left unclosed protects the rest of the document.

XML mode (format ``xml``): the same, with XML's differences: ``<?...?>``, a doctype with an
internal subset, ``/>`` closing an element, no raw-text or RCDATA elements (``script`` and
``style`` are protected as elements), names compared by their local part, and DocBook's code-like
elements protected too.

Blocks: a block ends right after a tag's ``>`` in data state, the first such point at least
:data:`GOOD_BLOCK` characters in that closes or opens a block-level element (``</p>``, ``<li>``,
``</td>``, ...) or a comment; after :data:`ANY_BLOCK` characters, any tag end or a line break in
data, raw text or a comment will do. The state at a cut (:class:`HtmlState`) is the context
(data, raw text with the script escape state, RCDATA, comment, ...) and the stack of the
protected element. A block with no such point within :data:`~normalize.markup.base.MAX_BLOCK`
is cut before the construct it ends in, or inside it (a 1 MiB tag), where the state carries what
it can (lossy: a tag so split is read from the cut as attributes).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any, NamedTuple

from .base import MAX_BLOCK

__all__ = ["ANY_BLOCK", "GOOD_BLOCK", "MARKUP", "MAX_DEPTH", "OPEN_ATTRIBUTES", "PROTECTED_ELEMENTS",
           "XML", "HtmlMarkup", "HtmlState"]

#: A block ends at the first block-level tag end this far in ...
GOOD_BLOCK = 1 << 12
#: ... or, this far in, at any tag end or line break.
ANY_BLOCK = 1 << 16
#: The most elements counted inside a protected element (deeper start tags are not counted).
MAX_DEPTH = 256

#: Elements whose content is not prose (HTML mode; raw-text ones included).
PROTECTED_ELEMENTS = frozenset({
    "code", "pre", "kbd", "samp", "textarea", "listing",
    "script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext",
})
#: XML mode adds DocBook's code-like elements.
XML_PROTECTED_ELEMENTS = PROTECTED_ELEMENTS | frozenset({
    "programlisting", "screen", "literallayout", "literal", "computeroutput", "userinput", "filename",
    "command", "option", "varname", "function", "classname", "systemitem", "uri", "email",
})
#: Attributes whose values are human text, normalized (outside protected elements).
OPEN_ATTRIBUTES = frozenset({"alt", "title", "aria-label", "aria-description", "placeholder"})

_RAWTEXT = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"})
_RCDATA = frozenset({"title", "textarea"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr", "keygen", "basefont", "bgsound", "frame"})
_BLOCK_LEVEL = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "colgroup", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "head", "header", "hgroup", "hr", "html", "li", "link", "main", "menu", "meta", "nav", "ol", "option", "p",
    "pre", "script", "section", "select", "style", "summary", "table", "tbody", "td", "template", "tfoot", "th",
    "thead", "title", "tr", "ul", "noscript", "iframe", "textarea",
})

# contexts
DATA, RAW, RCDATA, COMMENT, CDATA, PI, BOGUS, DOCTYPE, TAG = range(9)
# script substates (RAW, name "script")
_SCRIPT, _ESCAPED, _DOUBLE = range(3)

_WS = "\t\n\f\r "
_VALUE = r'''(?:"[^"]*"|'[^']*'|[^\t\n\f\r >"'][^\t\n\f\r >]*+|(?=>))'''
# the attribute part of a tag, from after its name to its '>' (possessive: no re-reading)
_ATTRS = (r'''(?:[\t\n\f\r /]++|[^\t\n\f\r />][^\t\n\f\r />=]*+(?:[\t\n\f\r ]*=[\t\n\f\r ]*''' + _VALUE
          + r'''|(?![\t\n\f\r ]*=)))*+''')
_TAG = re.compile(r"</?([A-Za-z][^\t\n\f\r />]*+)" + _ATTRS)
_XML_TAG = re.compile(r"</?([A-Za-z_:\u00c0-\U0010ffff][^\t\n\f\r />]*+)" + _ATTRS)
_ATTRS_ONLY = re.compile(_ATTRS)
_ATTR = re.compile(r'''[\t\n\f\r /]*([^\t\n\f\r />][^\t\n\f\r />=]*)(?:[\t\n\f\r ]*=[\t\n\f\r ]*'''
                   r'''(?:"([^"]*)"|'([^']*)'|([^\t\n\f\r >"'][^\t\n\f\r >]*)))?''')
_LOOK = re.compile(r"(?i)translate|alt|title|aria-|placeholder")
_ENTITY = re.compile(r"&(?:#[xX][0-9A-Fa-f]+;?|#[0-9]+;?|[A-Za-z][A-Za-z0-9]*;?)")
_DATA_STOP = re.compile(r"[<&]")
_XML_DATA_STOP = _DATA_STOP
_COMMENT_END = re.compile(r"--!?>")
_SCRIPT_TOKEN = re.compile(r"(?i)<!--|-->|<(/?)script(?=[\t\n\f\r />])")
_RAW_END: dict[str, re.Pattern[str]] = {n: re.compile(rf"(?i)</{n}(?=[\t\n\f\r />])") for n in _RAWTEXT | _RCDATA}
_DOCTYPE_XML = re.compile(r"(?i)<!DOCTYPE")
_SUBSET_END = re.compile(r"\][\t\n\r ]*>")


class HtmlState(NamedTuple):
    """Where a block begins: the context (data, raw text, a comment, ...), the raw-text or
    RCDATA element's name (or a split tag's), a sub-state (the script escape state; a split
    tag's open quote), and the names open inside a protected element (empty: prose)."""

    ctx: int = DATA
    name: str = ""
    sub: str = ""
    stack: tuple[str, ...] = ()


_START = HtmlState()
#: The block last cut in this thread and its spans (cut() reads them on the way; protected()
#: of that block, which comes next, takes them instead of reading the block again).
_last = threading.local()
_INF = 1 << 62


@dataclass(frozen=True)
class HtmlMarkup:
    """The HTML format (``xml=True``: the XML one)."""

    name: str = "html"
    xml: bool = False

    def start(self) -> Any:
        return _START

    def cut(self, text: str, start: int, end: int, state: Any, final: bool) -> tuple[int, Any] | None:
        spans: list[tuple[int, int]] = []
        scan = _Scan(self.xml, text, start, end, state, spans, start + GOOD_BLOCK, start + ANY_BLOCK, final)
        got = scan.run()
        if got is not None:  # keep the spans read on the way for protected() of this block
            if scan.state.stack and scan.prot_from >= 0:
                spans.append((scan.prot_from, got[0]))
            _last.value = (self.xml, state, text[start:got[0]], [(a - start, b - start) for a, b in spans])
        if got is not None or not final:
            return got
        if end - start < MAX_BLOCK:  # the input's end
            return end, scan.state
        return _Scan(self.xml, text, start, end, state, None, _INF, _INF, True).forced()

    def protected(self, block: str, state: Any) -> list[tuple[int, int]]:
        last = getattr(_last, "value", None)
        if last is not None and last[0] == self.xml and last[1] == state and last[2] == block:
            _last.value = None
            return list(last[3])
        spans: list[tuple[int, int]] = []
        _Scan(self.xml, block, 0, len(block), state, spans, _INF, _INF, True).run()
        return spans


class _Incomplete(Exception):
    """The window ends inside a construct (and more text may come)."""


class _Scan:
    """One pass of the tokenizer over ``text[pos:end]`` from ``state``: protected spans go to
    ``spans`` (if given); :meth:`run` stops at the first cut point (``good_from``/``any_from``)."""

    def __init__(self, xml: bool, text: str, pos: int, end: int, state: HtmlState,
                 spans: list[tuple[int, int]] | None, good_from: int, any_from: int, final: bool) -> None:
        self.xml = xml
        self.text = text
        self.pos = pos
        self.begin = pos
        self.end = end
        self.state = state
        self.spans = spans
        self.good_from = good_from
        self.any_from = any_from
        self.final = final
        self.protected_names = XML_PROTECTED_ELEMENTS if xml else PROTECTED_ELEMENTS
        self.prot_from = pos if state.stack else -1
        self.last_start = pos  # where the construct being read began (for a forced cut)
        self.last_state = state

    # -- output ----------------------------------------------------------------------------------

    def protect(self, s: int, e: int) -> None:
        if self.spans is not None and e > s and not self.state.stack:
            self.spans.append((s, e))

    def finish(self) -> None:
        """At the end of the window: the open protected element reaches to it."""
        if self.spans is not None and self.state.stack and self.prot_from >= 0:
            self.spans.append((self.prot_from, self.end))

    def set_stack(self, stack: tuple[str, ...], at: int, after: int) -> None:
        """A new stack, from the tag at ``at`` (ending at ``after``)."""
        old = self.state.stack
        if not old and stack:
            self.prot_from = at
        elif old and not stack:
            if self.spans is not None:
                self.spans.append((self.prot_from, after))
            self.prot_from = -1
        self.state = self.state._replace(stack=stack)

    # -- the driver ------------------------------------------------------------------------------

    def run(self) -> tuple[int, HtmlState] | None:
        """The first cut point and the state there; at the end of a final window, ``None`` (the
        spans, if collected, then cover the whole window)."""
        try:
            got = self._loop()
        except _Incomplete:
            return None
        if got is None:
            self.finish()
        return got

    def forced(self) -> tuple[int, HtmlState]:
        """A cut in a final window that has no cut point: before the construct it ends in, if
        that began after the block's start, else at its end."""
        try:
            self._loop()
        except _Incomplete:  # pragma: no cover - final windows do not raise
            pass
        if self.last_start > self.begin:
            return self.last_start, self.last_state
        st = self.state
        if st.ctx == DATA:  # a run of text: keep the last word whole if a blank is near
            blank = max(self.text.rfind(" ", self.end - 256, self.end), self.text.rfind("\n", self.end - 256, self.end))
            if blank > self.begin:
                return blank + 1, st
        return self.end, st

    def _loop(self) -> tuple[int, HtmlState] | None:
        end = self.end
        while self.pos < end:
            self.last_start, self.last_state = self.pos, self.state
            ctx = self.state.ctx
            if ctx == DATA:
                got = self._data()
            elif ctx == RAW or ctx == RCDATA:
                got = self._raw()
            elif ctx == TAG:
                got = self._tag_rest()
            else:
                got = self._until_close()
            if got is not None:
                return got
        return None

    def cut_here(self, p: int, good: bool) -> tuple[int, HtmlState] | None:
        if p >= self.any_from or (good and p >= self.good_from):
            return p, self.state
        return None

    def need(self) -> None:
        """More text is needed to read on (or, in a final window, the construct is cut off)."""
        if not self.final:
            raise _Incomplete

    # -- data --------------------------------------------------------------------------------

    def _data(self) -> tuple[int, HtmlState] | None:
        text, end, i = self.text, self.end, self.pos
        m = _DATA_STOP.search(text, i, end)
        j = m.start() if m else end
        if j > self.any_from:  # a line break in the text is a cut point this far in
            nl = text.find("\n", max(i, self.any_from - 1), j)
            if nl != -1:
                self.pos = nl + 1
                return self.cut_here(nl + 1, False)
        if m is None:
            self.pos = end
            return None
        if text[j] == "&":
            e = _ENTITY.match(text, j, end)
            if e is None:
                self.pos = j + 1
                return None
            if e.end() == end:
                self.need()
            self.protect(j, e.end())
            self.pos = e.end()
            return None
        return self._markup(j)

    def _markup(self, i: int) -> tuple[int, HtmlState] | None:
        """A '<' at ``i`` in data state."""
        text, end = self.text, self.end
        self.last_start, self.last_state = i, self.state
        if i + 10 > end:
            self.need()
        c = text[i + 1] if i + 1 < end else ""
        if c == "!":
            if text.startswith("<!--", i):
                return self._comment(i)
            if text.startswith("<![CDATA[", i):
                return self._open_close(i, i + 9, CDATA)
            if self.xml and _DOCTYPE_XML.match(text, i, end):
                return self._open_close(i, i + 9, DOCTYPE)
            return self._open_close(i, i + 2, BOGUS)
        if c == "?":
            return self._open_close(i, i + 2, PI if self.xml else BOGUS)
        if c == "/":
            d = text[i + 2] if i + 2 < end else ""
            if d == ">":
                self.protect(i, i + 3)
                self.pos = i + 3
                return self.cut_here(i + 3, False)
            if d.isascii() and d.isalpha() or (self.xml and d and (d in "_:" or d > "\u00bf")):
                return self._tag(i)
            if not d:  # '</' at the very end: text, kept
                self.protect(i, end)
                self.pos = end
                return None
            return self._open_close(i, i + 2, BOGUS)
        if c and (c.isascii() and c.isalpha() or (self.xml and (c in "_:" or c > "\u00bf"))):
            return self._tag(i)
        self.pos = i + 1  # a '<' that opens nothing is text
        return None

    # -- tags --------------------------------------------------------------------------------

    def _tag(self, i: int) -> tuple[int, HtmlState] | None:
        text, end = self.text, self.end
        m = (_XML_TAG if self.xml else _TAG).match(text, i, end)
        assert m is not None
        k = m.end()
        is_end = text[i + 1] == "/"
        raw_name = m.group(1)
        if k >= end or text[k] != ">":
            self.need()  # more text may close it; in a final window the tag runs to the end
            self.protect(i, end)
            self.state = self.state._replace(ctx=TAG, name=("/" if is_end else "") + raw_name,
                                             sub=_open_quote(text, m.end(1), end))
            self.pos = end
            return None
        return self._tag_done(i, k, raw_name, is_end, m.end(1))

    def _tag_rest(self) -> tuple[int, HtmlState] | None:
        """The rest of a tag split by a forced cut (its name and open quote in the state)."""
        text, end, i = self.text, self.end, self.pos
        st = self.state
        p = i
        if st.sub:
            q = text.find(st.sub, i, end)
            if q == -1:
                self.protect(i, end)
                self.pos = end
                return None
            p = q + 1
        m = _ATTRS_ONLY.match(text, p, end)
        assert m is not None
        k = m.end()
        if k >= end or text[k] != ">":
            self.protect(i, end)
            self.state = st._replace(sub=_open_quote(text, p, end) if p < end else "")
            self.pos = end
            return None
        self.state = st._replace(ctx=DATA, name="", sub="")
        is_end = st.name.startswith("/")
        return self._tag_done(i, k, st.name.lstrip("/"), is_end, p)

    def _tag_done(self, i: int, k: int, raw_name: str, is_end: bool, attrs_at: int) -> tuple[int, HtmlState] | None:
        """A whole tag ``text[i:k+1]``: protect it, then update the stack and the context."""
        text = self.text
        after = k + 1
        name = _local(raw_name) if self.xml else raw_name.lower()
        stack = self.state.stack
        self.pos = after
        if is_end:
            self.protect(i, after)
            if stack and name in stack:
                at = len(stack) - 1 - stack[::-1].index(name)
                self.set_stack(stack[:at], i, after)
            return self.cut_here(after, self.xml or name in _BLOCK_LEVEL)
        closed = self.xml and text[k - 1] == "/"
        trigger = False
        opened: list[tuple[int, int]] = []
        if not stack and _LOOK.search(text, attrs_at, k):
            trigger, opened = self._attributes(attrs_at, k)
        if stack or trigger or name in self.protected_names:
            self.protect(i, after)
            if not closed and (self.xml or name not in _VOID):
                if len(stack) < MAX_DEPTH:
                    self.set_stack(stack + (name,), i, after)
        else:
            p = i
            for s, e in opened:
                self.protect(p, s)
                for r in _ENTITY.finditer(text, s, e):
                    self.protect(*r.span())
                p = e
            self.protect(p, after)
        if not self.xml and not closed and (name in _RAWTEXT or name in _RCDATA):
            self.state = self.state._replace(ctx=RAW if name in _RAWTEXT else RCDATA, name=name,
                                             sub=str(_SCRIPT) if name == "script" else "")
            return None
        return self.cut_here(after, self.xml or name in _BLOCK_LEVEL)

    def _attributes(self, p: int, k: int) -> tuple[bool, list[tuple[int, int]]]:
        """(protect the element?, spans of open attribute values) of the attributes in text[p:k]."""
        trigger = False
        opened: list[tuple[int, int]] = []
        for a in _ATTR.finditer(self.text, p, k):
            name = a.group(1).lower()
            g = 2 if a.group(2) is not None else 3 if a.group(3) is not None else 4 if a.group(4) is not None else 0
            if not g:
                continue
            value = a.group(g)
            if (name == "translate" or name.endswith(":translate")) and value.strip().lower() == "no":
                trigger = True
            elif name == "class" and "notranslate" in value.split():
                trigger = True
            elif name in OPEN_ATTRIBUTES and value:
                opened.append(a.span(g))
        return trigger, opened

    # -- raw text, RCDATA ----------------------------------------------------------------------

    def _raw(self) -> tuple[int, HtmlState] | None:
        text, end, i = self.text, self.end, self.pos
        st = self.state
        name = st.name
        if name == "plaintext":
            pat = None
        elif name == "script":
            pat = _SCRIPT_TOKEN
        else:
            pat = _RAW_END[name]
        sub = int(st.sub) if st.sub else _SCRIPT
        p = i
        while True:
            m = pat.search(text, p, end) if pat is not None else None
            j = m.start() if m else end
            if j > self.any_from:
                nl = text.find("\n", max(p, self.any_from - 1), j)
                if nl != -1:
                    self._raw_content(i, nl + 1)
                    self.pos = nl + 1
                    self.state = st._replace(sub=str(sub) if name == "script" else "")
                    return self.cut_here(nl + 1, False)
            if m is None:
                if not self.final:
                    raise _Incomplete
                self._raw_content(i, end)
                self.pos = end
                self.state = st._replace(sub=str(sub) if name == "script" else "")
                lt = text.rfind("<", max(i, end - 10), end)
                if lt > i:  # a possible end tag cut off: a forced cut goes before it
                    self.last_start, self.last_state = lt, self.state
                return None
            tok = m.group(0)
            if pat is not _SCRIPT_TOKEN or m.group(1) == "/":
                if sub == _DOUBLE:
                    sub = _ESCAPED
                    p = m.end()
                    continue
                # the end tag
                self._raw_content(i, j)
                self.state = st._replace(ctx=DATA, name="", sub="")
                self.last_start, self.last_state = j, st._replace(sub=str(sub) if name == "script" else "")
                return self._tag(j)
            if tok == "<!--":
                if sub == _SCRIPT:
                    q = m.end()
                    while q < end and text[q] == "-":
                        q += 1
                    if q >= end and not self.final:
                        raise _Incomplete
                    if q < end and text[q] == ">":
                        p = q + 1
                        continue
                    sub = _ESCAPED
                    p = m.end()
                    continue
            elif tok == "-->":
                if sub != _SCRIPT:
                    sub = _SCRIPT
            else:  # <script
                if sub == _ESCAPED:
                    sub = _DOUBLE
            p = m.end()

    def _raw_content(self, s: int, e: int) -> None:
        """Raw text (protected) or RCDATA (prose but its references; textarea is protected by
        its element)."""
        if self.state.ctx == RAW:
            self.protect(s, e)
        elif self.spans is not None and not self.state.stack:
            for r in _ENTITY.finditer(self.text, s, e):
                self.protect(*r.span())

    # -- comments and other constructs read to a closing string --------------------------------

    def _comment(self, i: int) -> tuple[int, HtmlState] | None:
        text, end = self.text, self.end
        q = i + 4
        while q < end and q < i + 6 and text[q] == "-":
            q += 1
        if q < end and text[q] == ">" and q <= i + 5:  # <!--> and <!--->
            self.protect(i, q + 1)
            self.pos = q + 1
            return self.cut_here(q + 1, True)
        return self._open_close(i, i + 4, COMMENT)

    def _open_close(self, i: int, body: int, ctx: int) -> tuple[int, HtmlState] | None:
        self.state = self.state._replace(ctx=ctx)
        self.pos = body
        self.protect(i, body)
        return self._until_close()

    def _until_close(self) -> tuple[int, HtmlState] | None:
        text, end, i = self.text, self.end, self.pos
        st = self.state
        ctx = st.ctx
        if ctx == COMMENT:
            m = _COMMENT_END.search(text, i, end)
            close = m.end() if m else -1
        elif ctx == CDATA or ctx == PI:
            term = "]]>" if ctx == CDATA else "?>"
            q = text.find(term, i, end)
            close = q + len(term) if q != -1 else -1
        elif ctx == DOCTYPE:
            b = text.find("[", i, end)
            g = text.find(">", i, end)
            if b != -1 and (g == -1 or b < g):
                s = _SUBSET_END.search(text, b, end)
                close = s.end() if s else -1
            else:
                close = g + 1 if g != -1 else -1
        else:
            q = text.find(">", i, end)
            close = q + 1 if q != -1 else -1
        stop = end if close == -1 else close
        if stop > self.any_from and ctx != DOCTYPE:  # a long construct: a line break in it is a cut point
            nl = text.find("\n", max(i, self.any_from - 1), stop)
            if nl != -1:
                self.protect(i, nl + 1)
                self.pos = nl + 1
                return self.cut_here(nl + 1, False)
        if close == -1:
            if not self.final:
                raise _Incomplete
            self.protect(i, end)
            self.pos = end
            return None
        self.protect(i, close)
        self.pos = close
        self.state = st._replace(ctx=DATA)
        return self.cut_here(close, True)


def _open_quote(text: str, p: int, end: int) -> str:
    """The quote left open at ``end`` by attributes read from ``p`` ("" if none)."""
    m = _ATTRS_ONLY.match(text, p, end)
    k = m.end() if m else p
    if k >= end:
        return ""
    eq = re.compile(r"[^\t\n\f\r />=]*+[\t\n\f\r ]*=[\t\n\f\r ]*([\"'])").match(text, k, end)
    return eq.group(1) if eq else ""


def _local(name: str) -> str:
    """An XML name's local part (``db:code`` -> ``code``)."""
    return name.rpartition(":")[2]


#: The HTML format.
MARKUP = HtmlMarkup("html", False)
#: The XML format (``normalize.markup.xml``).
XML = HtmlMarkup("xml", True)
