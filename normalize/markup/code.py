"""Source code and configuration files: only comments and docstrings are prose.

A small tokenizer of its own per language family (Pygments measured 0.7 MB/s on Python and
1.0 MB/s on JavaScript here, against the engine's 100+ MB/s; see docs/formats-code.md) finds
comments, string literals and the few constructs that could be mistaken for them (character
literals, regular-expression literals, heredocs, YAML block scalars). Everything that is not a
comment, a docstring or (with the ``+strings`` formats) a prose string literal is protected:
identifiers, keywords, numbers, keys, values and other string literals stay byte for byte.

One format per family, each a value (:class:`Code`): ``python``, ``c``, ``java``, ``csharp``,
``javascript``, ``go``, ``rust``, ``swift``, ``php``, ``shell``, ``ruby``, ``perl``, ``r``,
``sql``, ``lua``, ``code`` (a generic C-like and ``#`` reader) and each of them with
``+strings``; configuration files ``yaml``, ``toml``, ``ini``, ``properties``, ``json`` and
``dotenv``, whose values are data whatever the option (they have no ``+strings`` form).

A file is one block up to :data:`~normalize.markup.base.MAX_BLOCK`; a longer one is cut at the
last line end before it, carrying the construct open there (a multi-line string or comment, a
YAML block scalar); what else a lexer would know (brackets, the previous token) starts afresh.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from .base import MAX_BLOCK, blank, complement

__all__ = ["Code", "Dialect", "MARKUP", "is_prose_string"]

Span = tuple[int, int]

# -- closers: where a construct that began at ``pos`` ends --------------------------------------------------------

#: The outcome of a closer: the construct's end, the end of its body, and whether it is closed
#: (``"closed"``), ended unterminated at a line end (``"eol"``: malformed, never prose) or runs on
#: past the block (``"open"``: carried to the next block).
Closed = tuple[int, int, str]


@dataclass(frozen=True)
class Find:
    """A literal closing delimiter; with ``eol``, a line end first ends it unterminated."""

    close: str
    eol: bool = False

    def end(self, text: str, pos: int, limit: int) -> Closed:
        i = text.find(self.close, pos, limit)
        if self.eol:
            j = text.find("\n", pos, i if i != -1 else limit)
            if j != -1:
                return j, j, "eol"
        if i == -1:
            return limit, limit, "open"
        return i + len(self.close), i, "closed"


@cache
def _quoted_body(quote: str, escape: bool, multiline: bool, doubled: bool) -> re.Pattern[str]:
    q = re.escape(quote)
    nl = "" if multiline else r"\n"
    bs = "\\\\" if escape else ""
    if len(quote) == 1:
        plain = f"[^{q}{nl}{bs}]"
        parts = [plain + "*"]
        alts = []
        if escape:
            alts.append(r"\\.")
        if doubled:
            alts.append(q + q)
        if alts:
            parts.append(f"(?:(?:{'|'.join(alts)}){plain}*)*")
        return re.compile("".join(parts), re.S)
    first = re.escape(quote[0])
    plain = f"[^{first}{bs}]"
    alts = [f"{first}(?!{re.escape(quote[1:])})"] + ([r"\\."] if escape else [])
    return re.compile(f"{plain}*(?:(?:{'|'.join(alts)}){plain}*)*", re.S)


@dataclass(frozen=True)
class Quoted:
    """A quoted body: ``quote`` closes it, a backslash escapes (``escape``), ``quote`` twice
    stands for itself (``doubled``); without ``multiline`` a line end ends it unterminated."""

    quote: str
    escape: bool = True
    multiline: bool = False
    doubled: bool = False

    def end(self, text: str, pos: int, limit: int) -> Closed:
        e = _quoted_body(self.quote, self.escape, self.multiline, self.doubled).match(text, pos, limit)
        i = e.end() if e is not None else pos
        if text.startswith(self.quote, i) and i + len(self.quote) <= limit:
            return i + len(self.quote), i, "closed"
        if i < limit and text[i] == "\n":
            return i, i, "eol"
        return limit, limit, "open"


@dataclass(frozen=True)
class Until:
    """Up to a line that matches ``line`` (a heredoc's end, ``=end``, ``=cut``), that line included."""

    line: str

    def end(self, text: str, pos: int, limit: int) -> Closed:
        m = re.compile(self.line, re.M).search(text, pos, limit)
        if m is None:
            return limit, limit, "open"
        return m.end(), m.start(), "closed"


@dataclass(frozen=True)
class Indented:
    """A YAML block scalar: the lines after it that are blank or indented deeper than ``indent``."""

    indent: int

    def end(self, text: str, pos: int, limit: int) -> Closed:
        m = re.compile(rf"(?:[ \t]*(?:\r?\n|\Z)| {{{self.indent + 1},}}[^\n]*(?:\n|\Z))*").match(text, pos, limit)
        e = m.end() if m is not None else pos
        if e >= limit:
            return limit, limit, "open"
        return e, e, "closed"


Closer = Find | Quoted | Until | Indented

# -- rules: what the tokenizer looks for --------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One kind of token. ``kind``: ``line`` (a comment to the line end), ``block`` (a comment
    up to its closer), ``string`` (a literal up to its closer; ``data`` ones, like SQL's quoted
    identifiers, are never prose), ``code`` (consumed and protected: character literals, escapes),
    ``regex`` (a JavaScript ``/``: a regular-expression literal where an operand may start),
    ``heredoc`` (a string from the next line to the line its closer finds), ``yaml-block``."""

    kind: str
    opener: str
    closer: Callable[[str], Closer] | None = None
    data: bool = False
    first: str = ""  # the characters a match can begin with, where _first_chars cannot tell
    prefix: str = ""  # letters that may stand before the opener as part of it (Python's r, b, f ...)


def _const(closer: Closer) -> Callable[[str], Closer]:
    return lambda _opener: closer


def _line(opener: str) -> Rule:
    return Rule("line", opener)


def _block(opener: str, close: str) -> Rule:
    return Rule("block", opener, _const(Find(close)))


def _string(opener: str, closer: Closer, data: bool = False) -> Rule:
    return Rule("string", opener, _const(closer), data)


def _heredoc(opener: str, word: str, end_line: str) -> Rule:
    """A heredoc opened by ``opener``; ``word`` finds its delimiter in the opener's text and
    ``end_line`` (with ``{}`` for the delimiter) the line that closes it."""
    def closer(text: str) -> Closer:
        m = re.search(word, text)
        return Until(end_line.format(re.escape(m.group(1) if m else "EOF")))
    return Rule("heredoc", opener, closer)


C_COMMENTS = (_line("//"), _block(r"/\*", "*/"))
DQ = _string('"', Quoted('"'))
DQ_ML = _string('"', Quoted('"', multiline=True))
SQ = _string("'", Quoted("'"))
SQ_ML = _string("'", Quoted("'", multiline=True))
CHAR = Rule("code", r"'(?:\\.[^'\n]{0,10}|[^\\'\n])'")  # a character literal; otherwise ' is code


@dataclass(frozen=True)
class Dialect:
    """A language family's tokens, in the order they are tried at one place."""

    name: str
    rules: tuple[Rule, ...]
    docstrings: bool = False  # Python: a string literal that is a statement of its own is prose
    regex_literals: bool = False  # JavaScript: a / where an operand may start opens a regex literal
    config: bool = False  # values are data: no +strings form

    def pattern(self) -> re.Pattern[str]:
        return _master(self.rules)


@cache
def _master(rules: tuple[Rule, ...]) -> re.Pattern[str]:
    # A lookahead of the openers' first characters lets the regex engine skip to candidates.
    first = "".join(sorted({c for r in rules for c in r.first or _first_chars(r.opener)}))
    alternatives = "|".join(f"(?P<r{i}>{r.opener})" for i, r in enumerate(rules))
    return re.compile(f"(?=[{re.escape(first)}])(?:{alternatives})", re.M)


_ASSERTION = re.compile(r"\^|\(\?<?[=!](?:[^()\\]|\\.|\([^()]*\))*\)")


def _first_chars(opener: str) -> str:
    """The characters a match of ``opener`` can begin with: its first literal character, escaped
    character or ``[...]`` class after any leading assertions (the openers here are written so)."""
    i = 0
    while (m := _ASSERTION.match(opener, i)) is not None:
        i = m.end()
    if opener[i] == "[":
        j = opener.index("]", i + 2)
        if opener[j + 1:j + 2] in ("*", "?", "{"):
            raise ValueError(f"opener {opener!r}: give its first characters")
        chars = re.sub(r"\\(.)", r"\1", opener[i + 1:j])
        if chars.startswith("^") or "-" in chars.strip("-"):
            raise ValueError(f"opener {opener!r}: write its first characters out")
        return chars
    j = i + 2 if opener[i] == "\\" else i + 1
    if opener[j:j + 1] in ("*", "?", "{"):
        raise ValueError(f"opener {opener!r}: give its first characters")
    return opener[j - 1]


_PY_PREFIX = "rRuUbBfFtT"
_PYTHON = Dialect("python", (
    _line("#"),
    Rule("string", '"""', _const(Quoted('"""', multiline=True)), prefix=_PY_PREFIX),
    Rule("string", "'''", _const(Quoted("'''", multiline=True)), prefix=_PY_PREFIX),
    Rule("string", '"', _const(Quoted('"')), prefix=_PY_PREFIX),
    Rule("string", "'", _const(Quoted("'")), prefix=_PY_PREFIX),
), docstrings=True)

_C = Dialect("c", (
    *C_COMMENTS,
    Rule("string", r'R(?<![\w]R)"[^()\\\s"]{0,16}\(', lambda o: Find(")" + o[o.index('"') + 1:-1] + '"')),
    DQ, CHAR,
))
_JAVA = Dialect("java", (*C_COMMENTS, _string('"""', Quoted('"""', multiline=True)), DQ, CHAR))
_CSHARP = Dialect("csharp", (
    *C_COMMENTS,
    _string('"""', Find('"""')),
    Rule("string", r'\$?@\$?"', _const(Quoted('"', escape=False, multiline=True, doubled=True)), first="$@"),
    DQ, CHAR,
))
_JAVASCRIPT = Dialect("javascript", (
    *C_COMMENTS, DQ, SQ, _string("`", Quoted("`", multiline=True)), Rule("regex", "/"),
), regex_literals=True)
_GO = Dialect("go", (*C_COMMENTS, DQ, _string("`", Find("`")), CHAR))
_RUST = Dialect("rust", (
    *C_COMMENTS,
    Rule("string", r'r(?<![^\W_bc]r)(?<![\w][bc]r)#*"', lambda o: Find('"' + "#" * o.count("#"))),
    _string('"', Quoted('"', multiline=True)),
    Rule("code", r"'(?:\\.[^'\n]{0,10}|[^\\'\n])'"),  # a char; otherwise ' is a lifetime
))
_SWIFT = Dialect("swift", (
    *C_COMMENTS,
    Rule("string", r'#*"""', lambda o: Find('"""' + "#" * o.count("#")), first='#"'),
    Rule("string", r'#+"', lambda o: Find('"' + "#" * o.count("#"), eol=True)),
    DQ,
))
_PHP = Dialect("php", (
    *C_COMMENTS, _line(r"#(?!\[)"),
    _heredoc(r"<<<[ \t]*(?:'[A-Za-z_]\w*'|\"[A-Za-z_]\w*\"|[A-Za-z_]\w*)[^\n]*\n?", r"([A-Za-z_]\w*)",
             r"^[ \t]*{}\b"),
    DQ_ML, SQ_ML, _string("`", Quoted("`", multiline=True)),
))
_SHELL = Dialect("shell", (
    _line(r"(?<![^\s;|&()])#"),
    Rule("code", r"\\[\s\S]"),
    _heredoc(r"<<-?[ \t]*(?:'[A-Za-z_]\w*'|\"[A-Za-z_]\w*\"|[A-Za-z_]\w*)[^\n]*\n?",
             r"<<-?[ \t]*['\"]?([A-Za-z_]\w*)", r"^\t*{}[ \t]*$"),
    _string(r"\$'", Quoted("'", multiline=True)),
    _string("'", Find("'")), DQ_ML,
))
_RUBY = Dialect("ruby", (
    Rule("block", r"^=begin\b", _const(Until(r"^=end\b.*$"))),
    _line(r"(?<![$?])#"), DQ_ML, SQ_ML, _string("`", Quoted("`", multiline=True)),
))
_PERL = Dialect("perl", (
    Rule("block", r"^=[a-zA-Z]\w*", _const(Until(r"^=cut\b.*$"))),  # POD: documentation
    _line(r"(?<![$\\])#"), DQ_ML, SQ_ML,
))
_R = Dialect("r", (_line("#"), DQ_ML, SQ_ML, _string("`", Quoted("`"), data=True)))
_SQL = Dialect("sql", (
    _line("--"), _block(r"/\*", "*/"),
    _string("'", Quoted("'", multiline=True, doubled=True)),
    _string('"', Quoted('"', escape=False, doubled=True), data=True),  # quoted identifiers
    _string("`", Quoted("`", escape=False, doubled=True), data=True),
))
_LUA = Dialect("lua", (
    Rule("block", r"--\[=*\[", lambda o: Find("]" + "=" * o.count("=") + "]")),
    _line("--"),
    Rule("string", r"\[=*\[", lambda o: Find("]" + "=" * o.count("=") + "]")),
    DQ, SQ,
))
#: Any other language: // and /* */ comments, # comments (not #include, #!, #[), one-line strings.
_GENERIC = Dialect("code", (*C_COMMENTS, _line(r"(?<![^\s;])#(?![!\w\[{(])"), DQ, SQ))

_TOML = Dialect("toml", (
    _line("#"),
    _string('"""', Quoted('"""', multiline=True)),
    _string("'''", Find("'''")),
    DQ, _string("'", Find("'", eol=True)),
), config=True)
_JSON = Dialect("json", (*C_COMMENTS, DQ, SQ), config=True)  # JSONC and JSON5 comments too
_INI = Dialect("ini", (_line(r"(?<![^\s])[;#]"), DQ), config=True)
_DOTENV = Dialect("dotenv", (
    _line(r"(?<![^\s])#"), _string("'", Find("'")), DQ_ML,
), config=True)
_PROPERTIES = Dialect("properties", (
    Rule("line", r"^[ \t]*[#!]", first=" \t#!"),
    Rule("code", r"\\\r?\n[^\n\\]*"),  # a continuation line of a value (a # there is no comment)
), config=True)
_YAML = Dialect("yaml", (
    _line(r"(?<![^\s])#"),
    Rule("yaml-block", r"(?<=[\s:-])[|>][-+0-9]*(?=[ \t]*(?:#[^\n]*)?$)"),
    _string(r"(?<![^\s\[{,])\"", Quoted('"', multiline=True)),
    _string(r"(?<![^\s\[{,])'", Quoted("'", escape=False, multiline=True, doubled=True)),
), config=True)

# -- which string literals are prose ---------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]{2,}")
_CODE_LIKE = re.compile(
    r"\s*(?:SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|WITH|FROM|WHERE|JOIN)\b|\s*[<{\[]|\s*\$ |.*\s--?[a-z]",
    re.I | re.S)


def is_prose_string(body: str) -> bool:
    """Whether a string literal's body reads as prose: at least two words of two letters or more
    with whitespace between, and nothing that marks it as code (an SQL statement, markup or JSON
    at its start, a command line with options). A key, path, identifier or zone name has no
    whitespace, so it is never prose."""
    if not any(c.isspace() for c in body.strip()):
        return False
    words = 0
    for _ in _WORD.finditer(body):
        words += 1
        if words >= 2:
            return _CODE_LIKE.match(body) is None
    return False


#: Inside prose: code spans of documentation comments (`x`, ``x``) and {@link X} tags.
_IN_COMMENT = re.compile(r"``[^`\n]+``|`[^`\n]+`|\{@[^}\n]*\}")
#: Inside a prose string: escapes, interpolations and placeholders ({0}, ${x}, $x, #{x}, \(x), %(x)s).
_IN_STRING = re.compile(r"\\.|\$\{[^}\n]*\}|\$\([^)\n]*\)|\$\w+|#\{[^}\n]*\}|\{[^{}\n]*\}|%\([^)\n]*\)\w|%\w",
                        re.S)
_STATEMENT_END = re.compile(r"[ \t]*(?:#|;|\r?\n|\Z)")
_REGEX_AFTER = frozenset("(,=:[!&|?{};+-*%<>~^")
_REGEX_KEYWORD = re.compile(r"(?:^|[^\w$])(?:return|typeof|case|do|else|in|of|new|delete|void|throw|yield|await)$")
_JS_REGEX = re.compile(r"/(?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n\[])+/[A-Za-z]*")


def _carve(spans: list[Span], text: str, start: int, end: int, inner: re.Pattern[str]) -> None:
    """Add ``text[start:end]`` to ``spans`` as prose, without what ``inner`` finds in it."""
    pos = start
    for m in inner.finditer(text, start, end):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if end > pos:
        spans.append((pos, end))


def _before(text: str, s: int, comments: list[Span]) -> str:
    """The last significant character before ``text[s]``: whitespace and the ``comments`` (in
    order) skipped; "" at the block's start."""
    j = s
    while True:
        k = j
        while k > 0 and text[k - 1] in " \t\r\n\f":
            k -= 1
        i = bisect_right(comments, (k, k)) - 1 if comments else -1
        if i >= 0 and comments[i][0] < k <= comments[i][1]:
            j = comments[i][0]
            continue
        if k == 0:
            return ""
        c = text[k - 1]
        if c.isalnum() or c in "_$":
            return "return" if _REGEX_KEYWORD.search(text, max(0, k - 8), k) else "a"
        return c


def scan(dialect: Dialect, text: str, state: Any, strings: bool) -> tuple[list[Span], Any]:
    """The prose spans of ``text`` (a block that begins in ``state``), and the state at its end:
    ``None``, or (rule kind, closer, prose) of a construct still open."""
    prose: list[Span] = []
    n = len(text)
    pos = 0
    closer: Closer
    if state is not None:
        kind, open_closer, is_prose = state
        end, body_end, how = open_closer.end(text, 0, n)
        if is_prose and body_end > 0:
            _carve(prose, text, 0, body_end, _IN_COMMENT if kind == "block" else _IN_STRING)
        if how == "open":
            return prose, state
        pos = end
    pattern = dialect.pattern()
    rules = dialect.rules
    comments: list[Span] = []  # (marker start, end) of each comment, for _before
    depth = 0  # Python: brackets open in the code before pos (a docstring is at depth 0)
    while pos < n:
        m = pattern.search(text, pos)
        if m is None:
            break
        s = m.start()
        if dialect.docstrings:
            gap = text[pos:s]
            depth = max(0, depth + gap.count("(") + gap.count("[") + gap.count("{")
                        - gap.count(")") - gap.count("]") - gap.count("}"))
        rule = rules[int(m.lastgroup[1:])]  # type: ignore[index]
        kind = rule.kind
        if kind == "line":
            e = text.find("\n", m.end())
            e = n if e == -1 else e
            _carve(prose, text, m.end(), e, _IN_COMMENT)
            comments.append((s, e))
            pos = e
            continue
        if kind == "code":
            pos = max(m.end(), s + 1)
            continue
        if kind == "regex":
            last = _before(text, s, comments)
            r = _JS_REGEX.match(text, s) if last == "" or last in _REGEX_AFTER or last == "return" else None
            pos = r.end() if r is not None else m.end()
            continue
        if kind == "yaml-block":
            line_start = text.rfind("\n", 0, s) + 1
            indent = len(text[line_start:s]) - len(text[line_start:s].lstrip(" "))
            e = text.find("\n", m.end())
            if e == -1:
                break
            c = text.find("#", m.end(), e)
            if c != -1:
                _carve(prose, text, c + 1, e, _IN_COMMENT)
            closer = Indented(indent)
            end, _, how = closer.end(text, e + 1, n)
            if how == "open":
                return prose, ("yaml-block", closer, False)
            pos = end
            continue
        assert rule.closer is not None
        closer = rule.closer(m.group())
        body = m.end()
        if kind == "heredoc":
            nl = text.find("\n", s, body) if text[body - 1:body] != "\n" else body - 1
            body = nl + 1 if nl != -1 else body
        end, body_end, how = closer.end(text, body, n)
        if kind == "block":
            _carve(prose, text, body, body_end, _IN_COMMENT)
            comments.append((s, end))
            if how == "open":
                return prose, ("block", closer, True)
            pos = end
            continue
        # a string literal (or a heredoc)
        prefix = ""
        if rule.prefix:
            while s > 0 and len(prefix) < 2 and text[s - 1] in rule.prefix:
                s -= 1
                prefix = text[s] + prefix
            if s > 0 and (text[s - 1].isalnum() or text[s - 1] == "_"):
                s, prefix = m.start(), ""  # the letters end a name: no prefix
            prefix = prefix.lower()
        is_prose = False
        if how != "eol" and not rule.data and "b" not in prefix:
            if (dialect.docstrings and depth == 0 and "f" not in prefix and "t" not in prefix
                    and not text[text.rfind("\n", 0, s) + 1:s].strip()
                    and _STATEMENT_END.match(text, end) is not None
                    and _before(text, s, comments) != "\\"):
                is_prose = True  # a docstring: a string literal that is a statement of its own
            elif strings and not dialect.config:
                is_prose = is_prose_string(text[body:body_end]) and not _is_key(text, s, end, comments)
        if is_prose:
            _carve(prose, text, body, body_end, _IN_STRING)
        if how == "open":
            return prose, ("string", closer, is_prose)
        pos = max(end, m.start() + 1)
    return prose, None


_KEY_AFTER = re.compile(r"[ \t]*(?::|\]|=>)")


def _is_key(text: str, start: int, end: int, comments: list[Span]) -> bool:
    """A string literal used as a key: followed by ``:`` or ``=>``, or a subscript ``["..."]``."""
    m = _KEY_AFTER.match(text, end)
    if m is None:
        return False
    return not m.group().endswith("]") or _before(text, start, comments) == "["




@dataclass(frozen=True)
class Code:
    """A source-code or configuration format: ``dialect`` says how its tokens look, ``strings``
    whether prose string literals are prose too (the ``+strings`` formats)."""

    name: str
    dialect: Dialect
    strings: bool = False

    def start(self) -> Any:
        return None

    def cut(self, text: str, start: int, end: int, state: Any, final: bool) -> tuple[int, Any] | None:
        if not final:
            return None  # the whole file is one block, up to the longest
        if end - start < MAX_BLOCK:
            return end, None  # the input's end
        nl = text.rfind("\n", start, end)
        cut = nl + 1 if nl != -1 else end
        _, after = scan(self.dialect, text[start:cut], state, self.strings)
        return cut, after

    def protected(self, block: str, state: Any) -> list[tuple[int, int]]:
        prose, _ = scan(self.dialect, block, state, self.strings)
        return complement(prose, len(block))

    def view(self, block: str, protected: Sequence[tuple[int, int]]) -> str:
        """The block with its code blanked: a comment's passage is the comment, so the context
        rules never read code or data beside it (``display = Kharkiv`` is no other spelling)."""
        return blank(block, protected)


def _pair(dialect: Dialect) -> tuple[Code, Code]:
    return Code(dialect.name, dialect), Code(dialect.name + "+strings", dialect, strings=True)


CODE, CODE_STRINGS = _pair(_GENERIC)
PYTHON, PYTHON_STRINGS = _pair(_PYTHON)
C, C_STRINGS = _pair(_C)
JAVA, JAVA_STRINGS = _pair(_JAVA)
CSHARP, CSHARP_STRINGS = _pair(_CSHARP)
JAVASCRIPT, JAVASCRIPT_STRINGS = _pair(_JAVASCRIPT)
GO, GO_STRINGS = _pair(_GO)
RUST, RUST_STRINGS = _pair(_RUST)
SWIFT, SWIFT_STRINGS = _pair(_SWIFT)
PHP, PHP_STRINGS = _pair(_PHP)
SHELL, SHELL_STRINGS = _pair(_SHELL)
RUBY, RUBY_STRINGS = _pair(_RUBY)
PERL, PERL_STRINGS = _pair(_PERL)
R, R_STRINGS = _pair(_R)
SQL, SQL_STRINGS = _pair(_SQL)
LUA, LUA_STRINGS = _pair(_LUA)
YAML = Code("yaml", _YAML)
TOML = Code("toml", _TOML)
INI = Code("ini", _INI)
PROPERTIES = Code("properties", _PROPERTIES)
JSON = Code("json", _JSON)
DOTENV = Code("dotenv", _DOTENV)

#: Every format of this module by name (``markup_for`` finds each as ``normalize.markup.code:NAME``).
BY_NAME: dict[str, Code] = {c.name: c for c in (
    CODE, CODE_STRINGS, PYTHON, PYTHON_STRINGS, C, C_STRINGS, JAVA, JAVA_STRINGS,
    CSHARP, CSHARP_STRINGS, JAVASCRIPT, JAVASCRIPT_STRINGS, GO, GO_STRINGS, RUST, RUST_STRINGS,
    SWIFT, SWIFT_STRINGS, PHP, PHP_STRINGS, SHELL, SHELL_STRINGS, RUBY, RUBY_STRINGS,
    PERL, PERL_STRINGS, R, R_STRINGS, SQL, SQL_STRINGS, LUA, LUA_STRINGS,
    YAML, TOML, INI, PROPERTIES, JSON, DOTENV)}

MARKUP = CODE
