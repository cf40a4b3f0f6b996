"""Run every benchmark in one go and print the tables.

    python benchmarks/run.py                  # full: tables 1k/10k/100k, 20 MB corpora, 1 GB stream
    python benchmarks/run.py --quick          # CI: table 1k, 200 KB corpora, 20 MB stream
    python benchmarks/run.py --json out.json  # also write the raw numbers

Sections: throughput of every engine on every corpus x table (interleaved repeats, medians),
table build time and peak RSS per engine (fresh process each), an output check of normalize
against the bare ahocorasick-rs loop, the CLI filter against the library, start-up, and peak
RSS of the CLI on a big stream.  Nothing here asserts anything about speed: a failing engine
is reported and the run goes on; the exit status is 0 unless the benchmark itself breaks.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import clibench
import startup
import stream
from buildprobe import probe_engine
from engines import ENGINES, engines_for, normalize_available
from generate import DEFAULT_SEED, FULL, QUICK, corpus_path, generate_all, repeated_path, table_path
from prose import CORPUS_KINDS
from report import render
from throughput import measure_table

SECTIONS = ["throughput", "build", "cli", "startup", "stream"]


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def _meta(mode, args, normalize_error: str | None) -> dict:
    try:
        from importlib.metadata import version
        norm_version = version("translit-normalize")
    except Exception:
        norm_version = "not installed"
    try:
        git = ["git", "-C", str(Path(__file__).resolve().parent.parent)]
        commit = subprocess.run(git + ["rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True).stdout.strip()
        if subprocess.run(git + ["status", "--porcelain", "--", "normalize"],
                          capture_output=True, text=True).stdout.strip():
            commit += " + uncommitted changes in normalize/"
    except OSError:
        commit = ""
    try:
        load = os.getloadavg()
    except OSError:
        load = None
    return {"mode": mode.name, "repeats": args.repeats, "budget_s": args.budget,
            "seed": args.seed, "date": dt.datetime.now(dt.UTC).strftime(
                "%Y-%m-%d %H:%M UTC"),
            "python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "loadavg_start": load, "commit": commit,
            "normalize": norm_version, "normalize_error": normalize_error,
            "engines": [e for e in ENGINES if e != "normalize" or not normalize_error]}


class Recorder:
    """The results so far; written to the JSON file after every step, so that an
    interrupted run keeps what it measured."""

    def __init__(self, results: dict, path: Path | None):
        self.results, self.path = results, path

    def save(self) -> None:
        if self.path:
            self.path.write_text(json.dumps(self.results, indent=1, ensure_ascii=False) + "\n",
                                 encoding="utf-8")

    def section(self, key: str, fn) -> None:
        """``results[key] = fn()``; an exception is recorded, not raised."""
        try:
            self.results[key] = fn()
        except Exception as e:
            log(f"{key} failed: {type(e).__name__}: {e}")
            self.results.setdefault("errors", {})[key] = f"{type(e).__name__}: {e}"
        self.save()


def run(args) -> dict:
    mode = QUICK if args.quick else FULL
    sections = args.sections
    generate_all(mode, args.seed)
    normalize_error = normalize_available()
    if normalize_error:
        log(f"normalize is not importable, measuring the other engines only: {normalize_error}")
    rec = Recorder({"meta": _meta(mode, args, normalize_error), "throughput": [], "build": [],
                    "check": {}}, args.json)
    results = rec.results
    engine_names = results["meta"]["engines"]
    corpora = {k: corpus_path(k, mode.corpus_size(k), args.seed) for k in CORPUS_KINDS}
    corpus_bytes = {k: p.stat().st_size for k, p in corpora.items()}

    for n in mode.tables:
        table = table_path(n, args.seed)
        names = [e for e in engines_for(n) if e in engine_names]
        if "build" in sections:
            for name in names:
                log(f"table {n}: build probe {name}")
                results["build"].append({"table": n, **probe_engine(name, table)})
            rec.save()
        if "throughput" in sections:
            t = measure_table(table, n, corpora, names, args.repeats, args.budget, log)
            for row in t["rows"]:
                row["corpus_bytes"] = corpus_bytes[row["corpus"]]
            results["throughput"] += t["rows"]
            results["check"][str(n)] = t["check"]
            rec.save()

    if not normalize_error:
        if "cli" in sections:
            rec.section("cli", lambda: cli_results(mode, args, corpora["sparse"], results))
        if "startup" in sections:
            log("start-up")
            rec.section("startup", lambda: startup.measure(
                args.startup_runs, table_path(mode.tables[-1], args.seed)))
        if "stream" in sections:
            n = mode.tables[-1]
            log(f"stream of {mode.stream_bytes / 1e6:.0f} MB, table {n}")
            rec.section("stream", lambda: {
                **stream.measure(mode.stream_bytes, table_path(n, args.seed)),
                "table_variants": n})
    try:
        results["meta"]["loadavg_end"] = os.getloadavg()
    except OSError:
        pass
    rec.save()
    return results


def cli_results(mode, args, sparse: Path, results: dict) -> dict:
    """CLI filter against the library on the same text (the sparse corpus repeated to 200 MB
    in full mode), per table, measured back to back in this section."""
    from engines import build
    from measure import median, timed_call

    corpus = repeated_path(sparse, mode.cli_repeat)
    out = {}
    for n in mode.tables:
        log(f"CLI filter, table {n}, {corpus.stat().st_size / 1e6:.0f} MB")
        table = table_path(n, args.seed)
        text = corpus.read_text(encoding="utf-8")
        normalize = build("normalize", table)
        normalize(text[:10_000])
        lib_s = median([timed_call(normalize, text) for _ in range(args.repeats)])
        del text, normalize
        c = clibench.measure(table, corpus, args.repeats)
        out[str(n)] = {**c, "library_mb_s": corpus.stat().st_size / 1e6 / lib_s}
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small data, for CI (well under 2 min)")
    ap.add_argument("--repeats", type=int, default=3, help="timed repeats per cell (median)")
    ap.add_argument("--budget", type=float, default=None,
                    help="seconds one timed call may take before an engine is timed on a "
                         "prefix (default 8, quick 2)")
    ap.add_argument("--startup-runs", type=int, default=10)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--sections", default=",".join(SECTIONS),
                    help=f"comma-separated subset of {','.join(SECTIONS)}")
    ap.add_argument("--json", type=Path, help="write all numbers to this JSON file")
    ap.add_argument("--render", type=Path, metavar="JSON",
                    help="only print the tables of an earlier run's JSON file")
    args = ap.parse_args(argv)
    if args.render:
        print(render(json.loads(args.render.read_text(encoding="utf-8"))))
        return 0
    args.sections = [s for s in args.sections.split(",") if s]
    if unknown := set(args.sections) - set(SECTIONS):
        ap.error(f"unknown sections: {', '.join(sorted(unknown))}")
    if args.budget is None:
        args.budget = 2.0 if args.quick else 8.0
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as cache:
        # A private, initially empty matcher cache for normalize (library and CLI).
        os.environ.setdefault("TRANSLIT_NORMALIZE_CACHE", cache)
        results = run(args)
    print(render(results))
    if args.json:
        log(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
