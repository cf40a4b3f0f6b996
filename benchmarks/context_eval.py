"""Score a Normalizer on the context evaluation set: precision and recall of rewrites per group.

    python benchmarks/context_eval.py                          # built-in tables, default options
    python benchmarks/context_eval.py --kwargs '{"lang": "en"}'  # Normalizer(**kwargs)
    python benchmarks/context_eval.py --show-errors --json results.json

The data (benchmarks/data/context/passages.jsonl, described in the README beside it) holds
passages with the output a careful English-desk editor wants from the built-in tables.  Each
passage goes through ``Normalizer(**kwargs).normalize``; the output and the expected text are
both turned into *rewrite spans* of the input, the same way (see :func:`rewrite_spans`):

* the input and the other text are cut into tokens (runs of letters, marks and digits; every
  other character is a token of its own) and aligned with difflib's SequenceMatcher;
* each changed region is widened to whole words (letters, marks, digits on either side that
  both texts share), so ``Mariupol'`` -> ``Mariupol`` is one span and not a lone apostrophe;
* changed regions separated only by whitespace are merged, so ``Vladimir Zelensky`` ->
  ``Volodymyr Zelenskyy`` is one span (as it is one match of the engine).

A span is ``(start, end, replacement)`` in input offsets.  A span that the output and the
expected text share exactly is a true positive; a span of the output that the expected text
lacks (or that replaces the same words differently) is a false positive; a span of the expected
text that the output lacks is a false negative.  Because both sides are derived by one method,
an engine that matches a whole ``Kim Jong-un`` while the diff sees only ``Jong-un`` changing is
still scored right.  As a cross-check, the output rebuilt from ``Normalizer.find()`` is compared
with ``normalize()``; disagreements are counted and printed (they would be an engine bug).

The command reports; it asserts nothing about the figures and exits 0 whatever they are
(2 only for a bad argument or an unreadable data file).
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import json
import os
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE / "data" / "context" / "passages.jsonl"
GROUPS = ("en-news", "other-language", "quotation", "mention", "namesake", "markup", "code", "short")

_TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+|.", regex.DOTALL)
_WORD_CHAR = regex.compile(r"[\p{L}\p{M}\p{N}]")

Span = tuple[int, int, str]


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _offsets(tokens: list[str]) -> list[int]:
    out, pos = [0], 0
    for tok in tokens:
        pos += len(tok)
        out.append(pos)
    return out


def rewrite_spans(source: str, target: str) -> list[Span]:
    """The rewrites that turn ``source`` into ``target``, as ``(start, end, replacement)``.

    Offsets are into ``source``; ``source[:start] + replacement + ...`` rebuilds ``target``
    when the spans are applied from right to left.  See the module docstring for the method.
    """
    if source == target:
        return []
    a, b = _tokens(source), _tokens(target)
    ao, bo = _offsets(a), _offsets(b)
    regions: list[list[int]] = []  # [s0, s1, t0, t1]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        s0, s1, t0, t1 = ao[i1], ao[i2], bo[j1], bo[j2]
        # Widen to whole words: the characters outside a changed region are the same in both.
        while s0 > 0 and t0 > 0 and _WORD_CHAR.match(source[s0 - 1]) and source[s0 - 1] == target[t0 - 1]:
            s0, t0 = s0 - 1, t0 - 1
        while (s1 < len(source) and t1 < len(target) and _WORD_CHAR.match(source[s1])
               and source[s1] == target[t1]):
            s1, t1 = s1 + 1, t1 + 1
        if regions:
            prev = regions[-1]
            gap = source[prev[1]:s0]
            if s0 <= prev[1] or (gap.strip() == "" and gap == target[prev[3]:t0]):
                prev[1], prev[3] = max(prev[1], s1), max(prev[3], t1)
                continue
        regions.append([s0, s1, t0, t1])
    return [(s0, s1, target[t0:t1]) for s0, s1, t0, t1 in regions]


def apply_matches(text: str, matches: Iterable[Any]) -> str:
    """``text`` with each match's ``replacement`` put at its ``start:end``."""
    pieces, pos = [], 0
    for m in sorted(matches, key=lambda m: m.start):
        pieces.append(text[pos:m.start])
        pieces.append(m.replacement)
        pos = m.end
    pieces.append(text[pos:])
    return "".join(pieces)


@dataclass
class Tally:
    passages: int = 0
    exact: int = 0
    expected_spans: int = 0
    output_spans: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Tally) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = dict(vars(self))
        d["precision"], d["recall"] = self.precision, self.recall
        return d


@dataclass
class Result:
    id: str
    group: str
    lang: str
    input: str
    expected: str
    output: str
    note: str
    tp: list[Span] = field(default_factory=list)
    fp: list[Span] = field(default_factory=list)
    fn: list[Span] = field(default_factory=list)
    find_disagrees: bool = False


def load(path: Path) -> list[dict[str, str]]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for no, line in enumerate(fh, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise SystemExit(f"{path}:{no}: {e}") from None
    return rows


def score(rows: list[dict[str, str]], normalize: Callable[[str], str],
          find: Callable[[str], Iterable[Any]] | None = None,
          by_format: Callable[[str], Any] | None = None) -> list[Result]:
    """Each passage through ``normalize`` (and ``find``), or, for a passage with a ``format``
    and ``by_format`` given, through the Normalizer ``by_format(format)`` returns."""
    results = []
    for row in rows:
        inp, exp = row["input"], row["expected"]
        fmt = row.get("format")
        if by_format is not None and fmt is not None:
            n = by_format(fmt)
            normalize_row, find_row = n.normalize, n.find
        else:
            normalize_row, find_row = normalize, find
        out = normalize_row(inp)
        want, got = set(rewrite_spans(inp, exp)), set(rewrite_spans(inp, out))
        r = Result(row["id"], row["group"], row["lang"], inp, exp, out, row.get("note", ""),
                   sorted(want & got), sorted(got - want), sorted(want - got))
        if find_row is not None:
            r.find_disagrees = apply_matches(inp, find_row(inp)) != out
        results.append(r)
    return results


def tally(results: list[Result]) -> dict[str, Tally]:
    groups: dict[str, Tally] = {}
    for r in results:
        t = groups.setdefault(r.group, Tally())
        t.passages += 1
        t.exact += r.output == r.expected
        t.tp, t.fp, t.fn = t.tp + len(r.tp), t.fp + len(r.fp), t.fn + len(r.fn)
        t.expected_spans += len(r.tp) + len(r.fn)
        t.output_spans += len(r.tp) + len(r.fp)
    order = [g for g in GROUPS if g in groups] + sorted(g for g in groups if g not in GROUPS)
    out = {g: groups[g] for g in order}
    total = Tally()
    for t in out.values():
        total.add(t)
    out["overall"] = total
    return out


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f}"


def render(table: dict[str, Tally]) -> str:
    head = ("group", "passages", "exact", "exp. spans", "out. spans", "TP", "FP", "FN", "precision", "recall")
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for name, t in table.items():
        label = f"**{name}**" if name == "overall" else name
        cells = (label, t.passages, t.exact, t.expected_spans, t.output_spans, t.tp, t.fp, t.fn,
                 _fmt(t.precision), _fmt(t.recall))
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return "\n".join(lines)


def _show(text: str, span: Span, context: int = 30) -> str:
    s, e, rep = span
    lo, hi = max(0, s - context), min(len(text), e + context)
    return f"…{text[lo:s]}[{text[s:e]} -> {rep}]{text[e:hi]}…".replace("\n", "⏎")


def render_errors(results: list[Result]) -> str:
    out = []
    for r in results:
        if r.output == r.expected and not r.find_disagrees:
            continue
        out.append(f"== {r.id} ({r.lang}) {r.note}")
        for name, spans in (("FP", r.fp), ("FN", r.fn)):
            for sp in spans:
                out.append(f"   {name} {_show(r.input, sp)}")
        if r.find_disagrees:
            out.append("   find() rebuilt output differs from normalize()")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="passages (JSON lines); default: %(default)s")
    ap.add_argument("--kwargs", default="{}", help="Normalizer keyword arguments as a JSON object")
    ap.add_argument("--as-text", action="store_true",
                    help="read every passage as plain text (default: a passage's format, as its file's suffix "
                         "would choose it)")
    ap.add_argument("--groups", default="", help="comma-separated groups to score (default: all)")
    ap.add_argument("--json", type=Path, help="write the table and every passage's spans here")
    ap.add_argument("--show-errors", action="store_true", help="list passages whose output is not the expected one")
    args = ap.parse_args(argv)
    try:
        kwargs = json.loads(args.kwargs)
    except json.JSONDecodeError as e:
        ap.error(f"--kwargs: {e}")
    if not isinstance(kwargs, dict):
        ap.error("--kwargs must be a JSON object")
    try:
        rows = load(args.data)
    except OSError as e:
        print(f"context_eval: {e}", file=sys.stderr)
        return 2
    if args.groups:
        wanted = {g.strip() for g in args.groups.split(",") if g.strip()}
        rows = [r for r in rows if r["group"] in wanted]

    try:
        from normalize import Normalizer, __version__
    except ImportError:  # a source checkout that is not installed
        sys.path.insert(0, str(HERE.parent))
        from normalize import Normalizer, __version__
    t0 = time.perf_counter()
    try:
        normalizer = Normalizer(**kwargs)
    except (TypeError, ValueError) as e:  # an option this version does not have, or a bad value
        print(f"context_eval: Normalizer(**{json.dumps(kwargs)}): {e}", file=sys.stderr)
        return 2
    formats: dict[str, Any] = {}

    def by_format(fmt: str) -> Any:  # each passage read as the file it comes from would be
        if fmt not in formats:
            formats[fmt] = normalizer.with_options(format=fmt)
        return formats[fmt]

    results = score(rows, normalizer.normalize, normalizer.find, None if args.as_text else by_format)
    elapsed = time.perf_counter() - t0
    table = tally(results)
    disagree = sum(r.find_disagrees for r in results)

    command = " ".join(["python benchmarks/context_eval.py", *(sys.argv[1:] if argv is None else argv)])
    print(f"context evaluation, {datetime.date.today().isoformat()}, translit-normalize {__version__}, "
          f"Normalizer(**{json.dumps(kwargs)})" + (", every passage as text" if args.as_text else
                                                    ", markup and code passages in their format"))
    print(f"data: {os.path.relpath(args.data)} ({len(rows)} passages); {elapsed:.2f} s with table load")
    print()
    print(render(table))
    print()
    print(f"find() vs normalize() disagreements: {disagree}")
    if args.show_errors:
        print()
        print(render_errors(results))
    if args.json:
        payload = {
            "date": datetime.date.today().isoformat(), "version": __version__, "kwargs": kwargs,
            "command": command, "data": str(args.data), "seconds": elapsed,
            "table": {k: v.to_dict() for k, v in table.items()}, "find_disagreements": disagree,
            "passages": [vars(r) for r in results],
        }
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
