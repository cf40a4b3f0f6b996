"""Score a Normalizer on the markup evaluation set: whole files, each read in its format and as text.

    python benchmarks/markup_eval.py                     # built-in tables, default options
    python benchmarks/markup_eval.py --show-errors       # list the mistakes of the format run
    python benchmarks/markup_eval.py --show-errors both --json results.json

The data (benchmarks/data/markup/, described in the README there) are whole files: HTML pages,
XML feeds, Markdown documents, source code and configuration files, each ``NNN.<ext>`` beside
the output a careful English-desk editor wants from the built-in tables, ``NNN.expected.<ext>``.
Every file goes through the library twice in one run:

* **before**: as plain text, ``Normalizer(format="text")``, as if the formats did not exist;
* **after**: in the format its suffix chooses (``normalize.markup.format_for_path``).

Both outputs and the expected file are turned into rewrite spans of the input with
``context_eval.rewrite_spans`` (the same token diff, widened to whole words, that scores the
context set), and a span both sides share exactly is right (TP), one only the output has is wrong
(FP), one only the expected file has is missed (FN).  Rows are format families (``html``: HTML and
XML, ``markdown``, ``code``: every programming language, ``config``: YAML, TOML, JSON, INI, ...)
and then each format on its own.  As a cross-check, the output rebuilt from ``find()`` is compared
with ``normalize()`` in both runs; disagreements are counted (they would be a library bug).

The command reports; it asserts nothing about the figures and exits 0 whatever they are
(2 only for a bad argument or an unreadable data directory).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from context_eval import Span, Tally, _fmt, _show, apply_matches, rewrite_spans  # noqa: E402

DEFAULT_DATA = HERE / "data" / "markup"
FAMILIES = ("html", "markdown", "code", "config")
CONFIG_FORMATS = frozenset({"yaml", "toml", "ini", "json", "properties", "dotenv"})
MODES = ("text", "format")


def family(fmt: str) -> str:
    """The family a format is reported under."""
    if fmt in ("html", "xml"):
        return "html"
    if fmt == "markdown":
        return "markdown"
    if fmt in CONFIG_FORMATS:
        return "config"
    return "code"


def pairs(root: Path) -> list[tuple[Path, Path]]:
    """Every ``NNN.<ext>`` under ``root`` with its ``NNN.expected.<ext>``, sorted by path."""
    out = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.name.startswith(".") or path.suffix == ".md" and path.parent == root:
            continue
        stem, _, ext = path.name.partition(".")
        if ext.startswith("expected."):
            continue
        out.append((path, path.with_name(f"{stem}.expected.{ext}")))
    return out


@dataclass
class Run:
    output: str
    tp: list[Span] = field(default_factory=list)
    fp: list[Span] = field(default_factory=list)
    fn: list[Span] = field(default_factory=list)
    find_disagrees: bool = False


@dataclass
class FileResult:
    path: str
    format: str
    family: str
    input: str
    expected: str
    runs: dict[str, Run] = field(default_factory=dict)


def score_file(path: Path, expected_path: Path, fmt: str, normalizers: dict[str, Any], root: Path) -> FileResult:
    inp = path.read_text(encoding="utf-8")
    exp = expected_path.read_text(encoding="utf-8")
    res = FileResult(os.path.relpath(path, root), fmt, family(fmt), inp, exp)
    want = set(rewrite_spans(inp, exp))
    for mode, n in normalizers.items():
        out = n.normalize(inp)
        got = set(rewrite_spans(inp, out))
        res.runs[mode] = Run(out, sorted(want & got), sorted(got - want), sorted(want - got),
                             apply_matches(inp, n.find(inp)) != out)
    return res


def tally(results: list[FileResult], key: str) -> dict[str, dict[str, Tally]]:
    """``{row: {mode: Tally}}``, rows by ``key`` ("family" or "format"), then "overall"."""
    rows: dict[str, dict[str, Tally]] = {}
    for r in results:
        for mode, run in r.runs.items():
            t = rows.setdefault(getattr(r, key), {}).setdefault(mode, Tally())
            t.passages += 1
            t.exact += run.output == r.expected
            t.tp, t.fp, t.fn = t.tp + len(run.tp), t.fp + len(run.fp), t.fn + len(run.fn)
            t.expected_spans += len(run.tp) + len(run.fn)
            t.output_spans += len(run.tp) + len(run.fp)
    order = [f for f in FAMILIES if f in rows] + sorted(f for f in rows if f not in FAMILIES)
    out = {name: rows[name] for name in order}
    total = {mode: Tally() for mode in MODES}
    for by_mode in out.values():
        for mode, t in by_mode.items():
            total[mode].add(t)
    out["overall"] = total
    return out


def render(table: dict[str, dict[str, Tally]], label: str) -> str:
    head = (label, "files", "expected", "TP text", "FP text", "FN text", "P text", "R text",
            "exact text", "TP fmt", "FP fmt", "FN fmt", "P fmt", "R fmt", "exact fmt")
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for name, by_mode in table.items():
        b, a = by_mode["text"], by_mode["format"]
        cells: list[Any] = [f"**{name}**" if name == "overall" else name, a.passages, a.expected_spans]
        for t in (b, a):
            cells += [t.tp, t.fp, t.fn, _fmt(t.precision), _fmt(t.recall), t.exact]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return "\n".join(lines)


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def render_errors(results: list[FileResult], mode: str) -> str:
    out = []
    for r in results:
        run = r.runs[mode]
        if run.output == r.expected and not run.find_disagrees:
            continue
        out.append(f"== {r.path} ({r.format}, read as {r.format if mode == 'format' else 'text'})")
        for name, spans in (("FP", run.fp), ("FN", run.fn)):
            for sp in spans:
                out.append(f"   {name} line {_line_of(r.input, sp[0])}: {_show(r.input, sp)}")
        if run.find_disagrees:
            out.append("   find() rebuilt output differs from normalize()")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of file pairs; default: %(default)s")
    ap.add_argument("--kwargs", default="{}", help="Normalizer keyword arguments as a JSON object")
    ap.add_argument("--show-errors", nargs="?", const="format", choices=("format", "text", "both"),
                    help="list the mistakes of the format run (default), the text run, or both")
    ap.add_argument("--json", type=Path, help="write the tables and every file's spans here")
    args = ap.parse_args(argv)
    try:
        kwargs = json.loads(args.kwargs)
    except json.JSONDecodeError as e:
        ap.error(f"--kwargs: {e}")
    if not isinstance(kwargs, dict) or "format" in kwargs:
        ap.error("--kwargs must be a JSON object without 'format' (each file is read in its own and as text)")
    if not args.data.is_dir():
        print(f"markup_eval: {args.data}: not a folder", file=sys.stderr)
        return 2

    try:
        from normalize import Normalizer, __version__
        from normalize.markup import format_for_path
    except ImportError:  # a source checkout that is not installed
        sys.path.insert(0, str(HERE.parent))
        from normalize import Normalizer, __version__
        from normalize.markup import format_for_path
    t0 = time.perf_counter()
    try:
        base = Normalizer(**kwargs)
    except (TypeError, ValueError) as e:
        print(f"markup_eval: Normalizer(**{json.dumps(kwargs)}): {e}", file=sys.stderr)
        return 2
    as_text = base.with_options(format="text")
    by_format: dict[str, Any] = {}
    results = []
    try:
        for path, expected in pairs(args.data):
            fmt = format_for_path(str(path))
            if fmt not in by_format:
                by_format[fmt] = base.with_options(format=fmt)
            results.append(score_file(path, expected, fmt, {"text": as_text, "format": by_format[fmt]}, args.data))
    except OSError as e:
        print(f"markup_eval: {e}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - t0
    families, formats = tally(results, "family"), tally(results, "format")
    disagree = {m: sum(r.runs[m].find_disagrees for r in results) for m in MODES}

    command = " ".join(["python benchmarks/markup_eval.py", *(sys.argv[1:] if argv is None else argv)])
    print(f"markup evaluation, {datetime.date.today().isoformat()}, translit-normalize {__version__}, "
          f"Normalizer(**{json.dumps(kwargs)}); before: format=\"text\", after: the format of each file's suffix")
    print(f"data: {os.path.relpath(args.data)} ({len(results)} files); {elapsed:.2f} s with table load")
    print()
    print(render(families, "family"))
    print()
    print(render(formats, "format"))
    print()
    print(f"find() vs normalize() disagreements: text {disagree['text']}, format {disagree['format']}")
    if args.show_errors:
        for mode in (MODES if args.show_errors == "both" else (args.show_errors,)):
            print()
            print(f"## mistakes, read as {'text' if mode == 'text' else 'their format'}")
            print(render_errors(results, mode))
    if args.json:
        payload = {
            "date": datetime.date.today().isoformat(), "version": __version__, "kwargs": kwargs,
            "command": command, "data": str(args.data), "seconds": elapsed,
            "families": {k: {m: t.to_dict() for m, t in v.items()} for k, v in families.items()},
            "formats": {k: {m: t.to_dict() for m, t in v.items()} for k, v in formats.items()},
            "find_disagreements": disagree,
            "files": [{"path": r.path, "format": r.format, "family": r.family,
                       "runs": {m: {"tp": run.tp, "fp": run.fp, "fn": run.fn,
                                    "find_disagrees": run.find_disagrees} for m, run in r.runs.items()}}
                      for r in results],
        }
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
