"""Rendering matches for people and machines: text, JSON Lines, GitHub annotations,
per-entity statistics and unified diffs. Nothing here decides what matches.

Besides findings, ``--check`` can show the candidates the context stage kept as written
(:class:`KeptFinding`, never a finding): with ``--show-kept`` in the text and GitHub reports,
always in JSON Lines (``"kind": "kept"``, beside ``"kind": "variant"``).

Positions: ``line`` and ``column`` are 1-based and count characters (code points), as
editors do; a UTF-8 byte order mark does not count. JSON output also carries ``start`` and
``end`` (code point offsets into the file, as in :class:`~normalize.match.Match`) and the
same span in UTF-8 bytes.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TextIO

import click

from ..engine.match import Match
from .streamio import one_line

if TYPE_CHECKING:
    from ..context import Kept

__all__ = ["FORMATS", "Finding", "KeptFinding", "Job", "Locator", "Outcome", "locate", "locate_kept",
           "make_reporter", "Reporter", "Statistics", "diff_matches", "unified_diff"]

FORMATS = ("text", "json", "github")
_BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class Finding:
    """A match with where it is in a file."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    byte_start: int
    byte_end: int
    match: Match

    def to_dict(self) -> dict:
        m = self.match
        return {
            "path": self.path, "line": self.line, "column": self.column,
            "end_line": self.end_line, "end_column": self.end_column,
            "start": m.start, "end": m.end, "byte_start": self.byte_start, "byte_end": self.byte_end,
            "found": m.found, "replacement": m.replacement, "canonical": m.canonical,
            "entity": m.entity, "table": m.table, "variant": m.variant, "form": m.form, "why": list(m.why),
        }


@dataclass(frozen=True, slots=True)
class KeptFinding:
    """A candidate the context stage left as written, with where it is in a file: shown for an
    editor's review, never a finding (it changes neither the exit code nor any count).
    ``reason`` is an open set of words (``other-language``, ``mention``, later more)."""

    at: Finding  # the place, and the match it would have been
    reason: str
    detail: str

    @property
    def start(self) -> int:
        return self.at.match.start

    def to_dict(self) -> dict:
        """The keys of a finding's object (``replacement``: what it would have been), with
        ``"kind": "kept"``, ``reason`` and ``detail``."""
        return {"kind": "kept", **self.at.to_dict(), "reason": self.reason, "detail": self.detail}


# Job and Outcome are the per-file work's input and result (normalize.runner); they live here,
# with the findings, because only --check, --diff and -i need them (runner re-exports them).
@dataclass(frozen=True, slots=True)
class Job:
    """What to do with each file: ``mode`` is check, diff or in-place."""

    mode: str
    byte_offsets: bool = False
    color: bool = False
    kept: bool = False  # check: also list the candidates the context stage kept (Outcome.kept)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one file, for the front end to render."""

    path: str
    checked: bool = False
    findings: tuple[Finding, ...] = ()
    diff: str = ""
    changed: bool = False
    warning: str | None = None  # skipped: not UTF-8, unreadable (binary files are skipped silently)
    error: str | None = None  # could not write
    kept: tuple[KeptFinding, ...] = ()  # with Job.kept: candidates left as written, in text order


def locate(path: str, text: str, matches: Sequence[Match], byte_offsets: bool = True) -> list[Finding]:
    """Line, column and (unless told not to: -1) byte offsets for matches in text order, in one pass."""
    where = Locator(path, byte_offsets)
    where.feed(text)
    return [where.find(m) for m in matches]


def locate_kept(path: str, text: str, kept: Sequence[Kept], byte_offsets: bool = True) -> list[KeptFinding]:
    """:func:`locate` for kept candidates (in text order)."""
    where = Locator(path, byte_offsets)
    where.feed(text)
    return [KeptFinding(where.find(k.match), k.reason, k.detail) for k in kept]


class Locator:
    """:func:`locate` for a text that arrives in pieces: :meth:`feed` each piece as it is read,
    :meth:`find` each match in text order (its text must have been fed), and :meth:`release`
    text no later match can start in. It keeps a running count of lines and the offset of the
    last line start, and holds only the pieces not yet passed."""

    def __init__(self, path: str, byte_offsets: bool = True) -> None:
        self.path = path
        self.byte_offsets = byte_offsets
        self._pieces: deque[str] = deque()
        self._off = 0  # where in _pieces[0] the position `pos` is
        self.pos = 0  # stream offset reached
        self.line, self.line_start = 1, 0  # line number at `pos`, offset where that line starts
        self.byte = 0 if byte_offsets else -1
        self._bom: int | None = None  # 1 if the text starts with a byte order mark (not a column)

    def feed(self, piece: str) -> None:
        if piece:
            if self._bom is None:
                self._bom = 1 if piece.startswith(_BOM) else 0
            self._pieces.append(piece)

    def _advance(self, to: int) -> None:
        while self.pos < to:
            piece = self._pieces[0]
            lo = self._off
            hi = min(len(piece), lo + to - self.pos)
            n = piece.count("\n", lo, hi)
            if n:
                self.line += n
                self.line_start = self.pos + piece.rfind("\n", lo, hi) - lo + 1
            if self.byte_offsets:
                self.byte += len(piece[lo:hi].encode("utf-8", "surrogateescape"))
            self.pos += hi - lo
            if hi == len(piece):
                self._pieces.popleft()
                self._off = 0
            else:
                self._off = hi

    def release(self, to: int) -> None:
        """No match will start before ``to``: forget the text up to there."""
        if to > self.pos:
            self._advance(to)

    def find(self, m: Match) -> Finding:
        bom = self._bom or 0
        self._advance(m.start)
        sl, sc, sb = self.line, m.start - self.line_start + 1 - (bom if self.line == 1 else 0), self.byte
        self._advance(m.end)
        ec = m.end - self.line_start + 1 - (bom if self.line == 1 else 0)
        return Finding(self.path, sl, sc, self.line, ec, sb, self.byte, m)


def _visible(s: str) -> str:
    """Line breaks and tabs inside a multi-word name, shown as escapes to keep one line per finding
    (also the rarer breaks a whitespace run can hold: vertical tab, form feed, U+001C-U+001F,
    NEL, U+2028, U+2029)."""
    out = s.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    if not out.isprintable() and any(ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 or ord(ch) in (0x2028, 0x2029)
                                     for ch in out):
        out = "".join(f"\\x{ord(ch):02x}" if ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0
                      else f"\\u{ord(ch):04x}" if ord(ch) in (0x2028, 0x2029) else ch for ch in out)
    return out


class Reporter:
    """Writes findings as they come; ``close`` writes what only the end knows."""

    def __init__(self, out: TextIO, color: bool = False) -> None:
        self.out = out
        self.color = color

    def report(self, findings: Iterable[Finding], kept: Iterable[KeptFinding] = ()) -> None:
        """One file's findings and kept candidates, merged in text order."""
        pending = sorted(kept, key=lambda k: k.start)
        i = 0
        for f in findings:
            while i < len(pending) and pending[i].start < f.match.start:
                self.kept(pending[i])
                i += 1
            self.finding(f)
        for k in pending[i:]:
            self.kept(k)

    def finding(self, f: Finding) -> None:
        raise NotImplementedError

    def kept(self, k: KeptFinding) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.out.flush()

    def _write(self, line: str) -> None:
        self.out.write(line + "\n")


class TextReporter(Reporter):
    """``path:line:col: found -> replacement [table/entity]``, coloured on a terminal; a kept
    candidate is ``path:line:col: kept found (reason: detail) [table/entity]`` (no arrow)."""

    def _where(self, f: Finding) -> str:
        where = f"{one_line(f.path)}:{f.line}:{f.column}:"  # a line break in a name forges no line
        return click.style(where, bold=True) if self.color else where

    def finding(self, f: Finding) -> None:
        m = f.match
        found, repl, tag = _visible(m.found), _visible(m.replacement), f"[{m.table}/{m.entity}]"
        if self.color:
            found = click.style(found, fg="red")
            repl = click.style(repl, fg="green")
            tag = click.style(tag, dim=True)
        self._write(f"{self._where(f)} {found} -> {repl} {tag}")

    def kept(self, k: KeptFinding) -> None:
        m = k.at.match
        word, found, tag = "kept", _visible(m.found), f"[{m.table}/{m.entity}]"
        why = f"({_visible(k.reason)}: {_visible(k.detail)})" if k.detail else f"({_visible(k.reason)})"
        if self.color:
            word = click.style(word, fg="cyan")
            why, tag = click.style(why, dim=True), click.style(tag, dim=True)
        self._write(f"{self._where(k.at)} {word} {found} {why} {tag}")


class JsonReporter(Reporter):
    """JSON Lines: one object per finding (``"kind": "variant"``) and per kept candidate
    (``"kind": "kept"``)."""

    def finding(self, f: Finding) -> None:
        import json

        self._write(json.dumps({"kind": "variant", **f.to_dict()}, ensure_ascii=False))

    def kept(self, k: KeptFinding) -> None:
        import json

        self._write(json.dumps(k.to_dict(), ensure_ascii=False))


def _gh_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(s: str) -> str:
    return _gh_data(s).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Reporter):
    """GitHub Actions workflow commands: one ``::warning`` annotation per finding, one
    ``::notice`` per kept candidate."""

    @staticmethod
    def _props(f: Finding) -> str:
        return (f"file={_gh_prop(f.path)},line={f.line},col={f.column},"
                f"endLine={f.end_line},endColumn={f.end_column},title=translit-normalize")

    def finding(self, f: Finding) -> None:
        m = f.match
        msg = f"{m.found} -> {m.replacement} [{m.table}/{m.entity}]"
        self._write(f"::warning {self._props(f)}::{_gh_data(msg)}")

    def kept(self, k: KeptFinding) -> None:
        m = k.at.match
        why = f"{k.reason}: {k.detail}" if k.detail else k.reason
        msg = f"kept {m.found} as written ({why}) [{m.table}/{m.entity}]"
        self._write(f"::notice {self._props(k.at)}::{_gh_data(msg)}")


def make_reporter(fmt: str, out: TextIO, color: bool = False) -> Reporter:
    """The renderer for ``--format``."""
    cls = {"text": TextReporter, "json": JsonReporter, "github": GithubReporter}[fmt]
    return cls(out, color)


class Statistics:
    """Counts per entity, and which spellings were found for it."""

    def __init__(self) -> None:
        self.counts: Counter[tuple[str, str]] = Counter()
        self.spellings: dict[tuple[str, str], Counter[str]] = {}
        self.files: set[str] = set()

    def add(self, findings: Iterable[Finding]) -> None:
        for f in findings:
            key = (f.match.table, f.match.entity)
            self.counts[key] += 1
            self.spellings.setdefault(key, Counter())[f.match.found] += 1
            self.files.add(f.path)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def rows(self) -> list[tuple[int, str, str, list[tuple[str, int]]]]:
        """``(count, table, entity, [(spelling, count), ...])``, most frequent first."""
        ordered = sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return [(n, t, e, self.spellings[(t, e)].most_common()) for (t, e), n in ordered]

    def render(self, out: TextIO, fmt: str = "text") -> None:
        rows = self.rows()
        if fmt == "json":
            import json

            for n, t, e, sp in rows:
                out.write(json.dumps({"table": t, "entity": e, "count": n, "found": dict(sp)},
                                     ensure_ascii=False) + "\n")
            return
        width = max((len(str(n)) for n, *_ in rows), default=1)
        for n, t, e, sp in rows:
            found = ", ".join(f"{_visible(s)} ({k})" for s, k in sp)
            out.write(f"{n:>{width}}  {t}/{e}  {found}\n")


def unified_diff(path: str, old: str, new: str, color: bool = False) -> str:
    """A unified diff (``a/path`` -> ``b/path``), marking a last line without a line break, by
    :mod:`difflib` over the whole texts (quadratic in the worst case: :func:`diff_matches` is
    what ``--diff`` uses)."""
    import difflib

    return _render(difflib.unified_diff(_lines(old), _lines(new), _diff_name("a/", path), _diff_name("b/", path)),
                   color)


#: Above this many lines times changed blocks, a diff that difflib would align differently (see
#: :func:`diff_matches`) is still built from the matches: difflib's cost grows with that product.
DIFFLIB_MAX = 2_000_000


def diff_matches(path: str, old: str, matches: Sequence[Match], color: bool = False) -> str:
    """:func:`unified_diff` of ``old`` and ``old`` with ``matches`` applied (non-overlapping, in
    text order), built from the matches in time linear in the text: the lines they touch are
    the changes (a name whose whitespace holds a line break may join or split lines), changed
    lines with no unchanged line between them are one change, and hunks have 3 lines of
    context, merged as difflib merges them.

    That is difflib's own output whenever no changed line (old or new) equals another line of
    the texts and, in texts of 200 lines or more, no line is frequent enough for difflib's
    popular-line heuristic (``autojunk``): then difflib can only pair the unchanged lines with
    themselves. Otherwise difflib may align such a line elsewhere (or fold an unchanged line
    into a change); then, up to :data:`DIFFLIB_MAX` lines times changes, difflib makes the
    diff, and beyond it this one does (a correct diff that may pair lines differently)."""
    lines = _lines(old)
    blocks = _changed_blocks(old, matches)
    if not blocks:
        return ""
    if not _only_self_pairs(lines, blocks) and len(lines) * len(blocks) <= DIFFLIB_MAX:
        from ..engine.rewrite import apply

        return unified_diff(path, old, apply(old, matches), color)
    return _render(_unified_from_blocks(lines, blocks, _diff_name("a/", path), _diff_name("b/", path)), color)


def _changed_blocks(old: str, matches: Sequence[Match]) -> list[tuple[int, int, list[str]]]:
    """``(a0, a1, new)``: old lines ``[a0, a1)`` become the lines ``new``, for each run of lines
    the matches touch (lines touched by one match, or next to each other, are one run)."""
    blocks: list[tuple[int, int, list[str]]] = []
    n = len(old)
    line, pos = 0, 0  # pos is a line start, line its index
    i, count = 0, len(matches)
    while i < count:
        start = old.rfind("\n", pos, matches[i].start) + 1 or pos  # the first line touched
        line += old.count("\n", pos, start)
        pieces: list[str] = []
        at = end = start
        while i < count:
            m = matches[i]
            if end > start and m.start >= end and m.start >= (old.find("\n", end) + 1 or n):
                break  # an unchanged line between: the next run
            pieces += (old[at:m.start], m.replacement)
            at = m.end
            end = old.find("\n", m.end) + 1 or n  # past the last line touched
            i += 1
        pieces.append(old[at:end])
        a1 = line + old.count("\n", start, end) + (1 if end == n and not old.endswith("\n") else 0)
        blocks.append((line, a1, _lines("".join(pieces))))
        line, pos = a1, end
    return blocks


def _only_self_pairs(lines: list[str], blocks: list[tuple[int, int, list[str]]]) -> bool:
    """Can difflib pair the unchanged lines only with themselves? No changed line, old or new,
    equals a line of the other text, and (200 lines or more) no line is popular for difflib."""
    counts = Counter(lines)
    for a0, a1, _ in blocks:
        for x in lines[a0:a1]:
            counts[x] -= 1
    for a0, a1, new in blocks:
        for x in lines[a0:a1]:
            if counts[x] > 0:  # an old changed line that is also an unchanged line
                return False
        for x in new:
            if x in counts:  # a new line that is (or was) an old line
                return False
    size = len(lines) + sum(len(new) - (a1 - a0) for a0, a1, new in blocks)
    if size >= 200:  # difflib's autojunk: a line more than 1 % of the new text's lines is popular
        for _, _, new in blocks:
            counts.update(new)
        if max(counts.values()) > size // 100 + 1:
            return False
    return True


def _unified_from_blocks(lines: list[str], blocks: list[tuple[int, int, list[str]]], a: str,
                         b: str) -> Iterator[str]:
    """difflib.unified_diff's lines (3 lines of context) for the changes ``blocks`` of ``lines``."""
    import difflib

    codes: list[tuple[Literal["replace", "delete", "insert", "equal"], int, int, int, int]] = []
    a_at = b_at = 0
    for a0, a1, new in blocks:
        b0 = b_at + a0 - a_at
        if a0 > a_at:
            codes.append(("equal", a_at, a0, b_at, b0))
        codes.append(("replace" if new else "delete", a0, a1, b0, b0 + len(new)))
        a_at, b_at = a1, b0 + len(new)
    if a_at < len(lines):
        codes.append(("equal", a_at, len(lines), b_at, b_at + len(lines) - a_at))
    news = {a0: new for a0, _, new in blocks}
    class Given(difflib.SequenceMatcher[str]):
        """difflib's grouping of hunks (get_grouped_opcodes) over the opcodes given."""

        def get_opcodes(self) -> list[tuple[Literal["replace", "delete", "insert", "equal"], int, int, int, int]]:
            return codes

    started = False
    for group in Given(None, [], []).get_grouped_opcodes(3):
        if not started:
            started = True
            yield f"--- {a}\n"
            yield f"+++ {b}\n"
        first, last = group[0], group[-1]
        yield f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n"
        for tag, i1, i2, _, _ in group:
            if tag == "equal":
                for line in lines[i1:i2]:
                    yield " " + line
                continue
            for line in lines[i1:i2]:
                yield "-" + line
            for line in news[i1]:
                yield "+" + line


def _range(start: int, stop: int) -> str:
    """A hunk's line range as difflib writes it (``3``, ``3,4``, ``2,0``)."""
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start if not length else start + 1},{length}"


def _render(diff: Iterable[str], color: bool) -> str:
    """Diff lines as the command writes them: a last line without a line break marked, colour."""
    out = []
    for line in diff:
        body, end = (line[:-1], "\n") if line.endswith("\n") else (line, "\n\\ No newline at end of file\n")
        if color:
            style = ({"bold": True} if line.startswith(("+++", "---")) else {"fg": "green"} if line[:1] == "+"
                     else {"fg": "red"} if line[:1] == "-" else {"fg": "cyan"} if line[:2] == "@@" else None)
            if style:
                body = click.style(body, **style)
        out.append(body + end)
    return "".join(out)


def _diff_name(prefix: str, path: str) -> str:
    """``prefix + path`` for a diff header; quoted with C escapes, as git writes it (and GNU patch
    reads it), when the name holds a control character, a quote or a backslash, so that a line
    break in a file name cannot forge diff lines."""
    name = prefix + path
    if not any(ord(ch) < 0x20 or ord(ch) == 0x7F or ch in '"\\' or ord(ch) in (0x2028, 0x2029) for ch in name):
        return name
    escapes = {"\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v", "\f": "\\f", "\r": "\\r",
               '"': '\\"', "\\": "\\\\"}
    out = []
    for ch in name:
        if ch in escapes:
            out.append(escapes[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F or ord(ch) in (0x2028, 0x2029):
            out.append("".join(f"\\{b:03o}" for b in ch.encode("utf-8")))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _lines(text: str) -> list[str]:
    """Lines split at \\n only (``str.splitlines`` also splits at form feeds and U+2028)."""
    parts = text.split("\n")
    out = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out
