"""Gitignore-style globs matched in linear time.

pathspec turns each glob into a Python regular expression, and Python's ``re`` backtracks: a
glob with several stars (``*a*a*a*a*a*a*a*a*b``) becomes ``[^/]*a[^/]*a...b``, which takes
time exponential in the number of stars on a name that almost matches (over a minute for a
64-character name). :func:`gitignore_spec` builds the same ``pathspec.GitIgnoreSpec`` and then
swaps the regular expression of every pattern that has more than two unbounded repeats for a
:class:`LinearRegex`: the same expression, run by a backtracking matcher that remembers every
(instruction, position) pair it has tried and never tries one again (as RE2's "bit state"
engine does). It explores in the same order as ``re``, so it finds the same match with the
same groups (pathspec's ``ps_d`` group tells a folder match from a file match), and its work is
bounded by instructions x characters. Patterns with at most two repeats keep ``re``: their
worst case is quadratic in one path's length, and ``re`` is much faster in the common case.

Only the syntax pathspec writes is understood (literals, escapes, ``.``, classes, groups,
alternation, ``* + ?``, ``^ $``); anything else keeps ``re`` (it never occurs with pathspec's
translation, and the tests compare the two matchers on generated globs and names).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

__all__ = ["LinearRegex", "gitignore_spec", "MAX_BACKTRACKING_REPEATS"]

#: Patterns with more unbounded repeats than this get the linear matcher.
MAX_BACKTRACKING_REPEATS = 2

_CHAR, _NOT, _SET, _ANY, _SPLIT, _JMP, _SAVE, _BOL, _EOL, _MATCH = range(10)
_RESTORE = -1


class _Unsupported(ValueError):
    pass


def gitignore_spec(lines: Iterable[str]) -> Any:
    """``pathspec.GitIgnoreSpec.from_lines(lines)``, with risky patterns matched linearly."""
    import pathspec

    spec = pathspec.GitIgnoreSpec.from_lines(list(lines))
    for pattern in spec.patterns:
        rx = getattr(pattern, "regex", None)
        if not (isinstance(rx, re.Pattern) and isinstance(rx.pattern, str)):
            continue
        if _repeats(rx.pattern) > MAX_BACKTRACKING_REPEATS:
            try:
                # pathspec calls .search/.match on it and reads the match's groups: duck-typed
                setattr(pattern, "regex", LinearRegex(rx.pattern, rx.flags))  # noqa: B010
            except _Unsupported:
                pass
    return spec


def _repeats(pattern: str) -> int:
    """Unbounded repeats (``*``, ``+``, ``{n,}``) outside classes and escapes."""
    n, i, in_class = 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern.startswith("^]", i + 1):
                i += 2
            elif pattern.startswith("]", i + 1):
                i += 1
        elif c in "*+{":
            n += 1
        i += 1
    return n


class _Match:
    """What ``re.Match`` offers that pathspec uses: groups by number or name, spans."""

    def __init__(self, string: str, slots: list[int | None], names: dict[str, int]) -> None:
        self.string = string
        self._slots = slots
        self._names = names

    def span(self, group: int | str = 0) -> tuple[int, int]:
        g = self._names[group] if isinstance(group, str) else group
        a, b = self._slots[2 * g], self._slots[2 * g + 1]
        return (-1, -1) if a is None or b is None else (a, b)

    def start(self, group: int | str = 0) -> int:
        return self.span(group)[0]

    def end(self, group: int | str = 0) -> int:
        return self.span(group)[1]

    def group(self, *groups: int | str) -> Any:
        def one(g: int | str) -> str | None:
            a, b = self.span(g)
            return None if a < 0 else self.string[a:b]
        if not groups:
            return one(0)
        return one(groups[0]) if len(groups) == 1 else tuple(one(g) for g in groups)

    __getitem__ = group

    def groups(self, default: Any = None) -> tuple[Any, ...]:
        out = []
        for g in range(1, len(self._slots) // 2):
            v = self.group(g)
            out.append(default if v is None else v)
        return tuple(out)

    def groupdict(self, default: Any = None) -> dict[str, Any]:
        out = {}
        for name in self._names:
            v = self.group(name)
            out[name] = default if v is None else v
        return out


class LinearRegex:
    """A regular expression (pathspec's subset of ``re`` syntax) matched in linear time."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        if flags & ~re.UNICODE:
            raise _Unsupported(f"flags {flags}")
        self.pattern = pattern
        self.flags = flags
        self.groupindex: dict[str, int] = {}
        self.groups = 0
        self._i = 0
        tree = self._alt()
        if self._i != len(pattern):
            raise _Unsupported(f"unbalanced at {self._i}")
        prog: list[tuple[Any, ...]] = [(_SAVE, 0)]
        self._emit(tree, prog)
        prog += [(_SAVE, 1), (_MATCH,)]
        self._prog = prog
        self._nslots = 2 * (self.groups + 1)
        self._anchored = tree[0] == "seq" and bool(tree[1]) and tree[1][0] == ("bol",)

    def __reduce__(self) -> tuple[Any, ...]:
        return (LinearRegex, (self.pattern, self.flags))

    def __repr__(self) -> str:
        return f"LinearRegex({self.pattern!r})"

    # --- parsing -------------------------------------------------------------------------

    def _peek(self) -> str:
        return self.pattern[self._i] if self._i < len(self.pattern) else ""

    def _alt(self) -> tuple[Any, ...]:
        branches = [self._seq()]
        while self._peek() == "|":
            self._i += 1
            branches.append(self._seq())
        return branches[0] if len(branches) == 1 else ("alt", branches)

    def _seq(self) -> tuple[Any, ...]:
        items: list[tuple[Any, ...]] = []
        while self._peek() not in ("", "|", ")"):
            atom = self._atom()
            q = self._peek()
            if q in ("*", "+", "?"):
                self._i += 1
                if self._peek() in ("?", "+"):
                    raise _Unsupported("lazy or possessive repeat")
                atom = ("rep", q, atom)
            elif q == "{":
                raise _Unsupported("counted repeat")
            items.append(atom)
        return ("seq", items)

    def _atom(self) -> tuple[Any, ...]:
        p, i = self.pattern, self._i
        c = p[i]
        if c == "(":
            name = None
            if p.startswith("(?:", i):
                self._i = i + 3
                group = None
            elif p.startswith("(?P<", i):
                end = p.find(">", i)
                if end < 0:
                    raise _Unsupported("group name")
                name = p[i + 4:end]
                self._i = end + 1
                self.groups += 1
                group = self.groups
                self.groupindex[name] = group
            elif p.startswith("(?", i):
                raise _Unsupported("group extension")
            else:
                self._i = i + 1
                self.groups += 1
                group = self.groups
            inner = self._alt()
            if self._peek() != ")":
                raise _Unsupported("unclosed group")
            self._i += 1
            return ("group", group, inner)
        if c == "[":
            j = i + 1
            if p.startswith("^", j):
                j += 1
            if p.startswith("]", j):
                j += 1
            while j < len(p) and p[j] != "]":
                j += 2 if p[j] == "\\" else 1
            if j >= len(p):
                raise _Unsupported("unclosed class")
            text = p[i:j + 1]
            self._i = j + 1
            if text == "[^/]":
                return ("not", "/")
            try:
                return ("set", re.compile(text, self.flags))
            except re.error as exc:
                raise _Unsupported(str(exc)) from None
        self._i = i + 1
        if c == ".":
            return ("any",)
        if c == "^":
            return ("bol",)
        if c == "$":
            return ("eol",)
        if c == "\\":
            if i + 1 >= len(p) or p[i + 1].isalnum():
                raise _Unsupported("escape class")
            self._i = i + 2
            return ("char", p[i + 1])
        if c in "*+?{)":
            raise _Unsupported(f"{c!r} without an operand")
        return ("char", c)

    # --- compiling --------------------------------------------------------------------------

    def _emit(self, node: tuple[Any, ...], prog: list[tuple[Any, ...]]) -> None:
        kind = node[0]
        if kind == "seq":
            for item in node[1]:
                self._emit(item, prog)
        elif kind == "alt":
            jumps = []
            branches = node[1]
            for k, branch in enumerate(branches):
                if k < len(branches) - 1:
                    split = len(prog)
                    prog.append((_SPLIT, split + 1, None))
                    self._emit(branch, prog)
                    jumps.append(len(prog))
                    prog.append((_JMP, None))
                    prog[split] = (_SPLIT, split + 1, len(prog))
                else:
                    self._emit(branch, prog)
            for j in jumps:
                prog[j] = (_JMP, len(prog))
        elif kind == "group":
            if node[1] is None:
                self._emit(node[2], prog)
            else:
                prog.append((_SAVE, 2 * node[1]))
                self._emit(node[2], prog)
                prog.append((_SAVE, 2 * node[1] + 1))
        elif kind == "rep":
            q, body = node[1], node[2]
            if q == "?":
                split = len(prog)
                prog.append((_SPLIT, split + 1, None))
                self._emit(body, prog)
                prog[split] = (_SPLIT, split + 1, len(prog))
            elif q == "*":
                split = len(prog)
                prog.append((_SPLIT, split + 1, None))
                self._emit(body, prog)
                prog.append((_JMP, split))
                prog[split] = (_SPLIT, split + 1, len(prog))
            else:  # +
                top = len(prog)
                self._emit(body, prog)
                prog.append((_SPLIT, top, len(prog) + 1))
        elif kind == "char":
            prog.append((_CHAR, node[1]))
        elif kind == "not":
            prog.append((_NOT, node[1]))
        elif kind == "set":
            prog.append((_SET, node[1]))
        elif kind == "any":
            prog.append((_ANY,))
        elif kind == "bol":
            prog.append((_BOL,))
        elif kind == "eol":
            prog.append((_EOL,))
        else:  # pragma: no cover - the parser makes no other node
            raise _Unsupported(kind)

    # --- matching ---------------------------------------------------------------------------

    def match(self, string: str) -> _Match | None:
        return self._search(string, only_at_start=True)

    def search(self, string: str) -> _Match | None:
        return self._search(string, only_at_start=self._anchored)

    def _search(self, s: str, only_at_start: bool) -> _Match | None:
        prog, n = self._prog, len(s)
        width = n + 1
        visited: set[int] = set()  # shared by all starts: a pair that failed once always fails
        for start in range(n + 1 if not only_at_start else 1):
            slots: list[int | None] = [None] * self._nslots
            stack: list[tuple[int, int, int | None]] = [(0, start, None)]
            while stack:
                pc, pos, old = stack.pop()
                if pc == _RESTORE:
                    slots[pos] = old
                    continue
                while True:
                    key = pc * width + pos
                    if key in visited:
                        break
                    visited.add(key)
                    op = prog[pc]
                    kind = op[0]
                    if kind == _CHAR:
                        if pos < n and s[pos] == op[1]:
                            pc += 1
                            pos += 1
                            continue
                        break
                    if kind == _NOT:
                        if pos < n and s[pos] != op[1]:
                            pc += 1
                            pos += 1
                            continue
                        break
                    if kind == _SPLIT:
                        stack.append((op[2], pos, None))
                        pc = op[1]
                        continue
                    if kind == _JMP:
                        pc = op[1]
                        continue
                    if kind == _SAVE:
                        stack.append((_RESTORE, op[1], slots[op[1]]))
                        slots[op[1]] = pos
                        pc += 1
                        continue
                    if kind == _ANY:
                        if pos < n and s[pos] != "\n":
                            pc += 1
                            pos += 1
                            continue
                        break
                    if kind == _SET:
                        if pos < n and op[1].match(s[pos]):
                            pc += 1
                            pos += 1
                            continue
                        break
                    if kind == _BOL:
                        if pos == 0:
                            pc += 1
                            continue
                        break
                    if kind == _EOL:
                        if pos == n or (pos == n - 1 and s[pos] == "\n"):
                            pc += 1
                            continue
                        break
                    # _MATCH
                    return _Match(s, slots, self.groupindex)
        return None
