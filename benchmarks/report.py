"""Render the results of ``run.py`` as plain-text tables (the JSON holds the raw numbers)."""

from __future__ import annotations

from collections.abc import Iterable

NA = "n/a"


def grid(headers: list[str], rows: Iterable[list[str]]) -> str:
    """Fixed-width table: first column left-aligned, the others right-aligned."""
    rows = [list(map(str, r)) for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(headers)]

    def line(cells):
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True)))

    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])


def _num(x: float | None, fmt: str = ".1f") -> str:
    return NA if x is None else format(x, fmt)


def _load(load) -> str:
    return "/".join(f"{x:.1f}" for x in load) if load else NA


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}x" if a and b else NA


def throughput_section(results: dict) -> str:
    out = []
    engines = results["meta"]["engines"]
    by_table: dict[int, dict] = {}
    for r in results["throughput"]:
        by_table.setdefault(r["table"], {}).setdefault(r["corpus"], {})[r["engine"]] = r
    for table, corpora in by_table.items():
        cols = [e for e in engines if any(e in c for c in corpora.values())]
        headers = ["corpus", "MB"] + cols + ["norm/flashtext", "norm/aho-rs"]
        rows = []
        for corpus, cells in corpora.items():
            size = next((c.get("corpus_bytes") for c in cells.values() if c.get("corpus_bytes")),
                        None)
            row = [corpus, _num(size / 1e6 if size else None)]
            for e in cols:
                c = cells.get(e)
                if c is None:
                    row.append("-")
                elif "error" in c:
                    row.append("error")
                else:
                    row.append(("~" if c["prefix"] else "") + _num(c["mb_s"]))
            speed = {e: c.get("mb_s") for e, c in cells.items()}
            row += [_ratio(speed.get("normalize"), speed.get("flashtext")),
                    _ratio(speed.get("normalize"), speed.get("ahocorasick-rs"))]
            rows.append(row)
        out.append(f"Throughput, MB/s (median of {results['meta']['repeats']}), "
                   f"table of {table:,} variants   (~ = timed on a prefix, see README)")
        out.append(grid(headers, rows))
        out.append("")
    return "\n".join(out)


def build_section(results: dict) -> str:
    tables = sorted({r["table"] for r in results["build"]})
    engines = [e for e in results["meta"]["engines"]
               if any(r["engine"] == e for r in results["build"])]
    headers = ["engine"]
    for t in tables:
        headers += [f"{t:,}: build s", "cached s", "peak RSS MB", "+build MB"]
    rows = []
    for e in engines:
        row = [e]
        for t in tables:
            r = next((r for r in results["build"] if r["engine"] == e and r["table"] == t), None)
            if r is None:
                row += ["-", "-", "-", "-"]
            elif "error" in r:
                row += ["error", "", "", ""]
            else:
                cached = r.get("cached_build_s")
                row += [f"{r['build_s']:.3f}", "" if cached is None else f"{cached:.3f}",
                        f"{r['rss_peak_kb'] / 1024:.0f}",
                        f"{(r['rss_peak_kb'] - r['rss_base_kb']) / 1024:.0f}"]
        rows.append(row)
    return ("Table build (table path -> ready engine), fresh process per engine, cold; "
            "'cached': normalize\nagain with its matcher cache filled; memory is peak RSS (VmHWM) "
            "after the build\n" + grid(headers, rows) + "\n")


def check_section(results: dict) -> str:
    lines = ["Output check: normalize vs ahocorasick-rs on the sparse corpus"]
    for table, c in results["check"].items():
        if c is None:
            lines.append(f"  table {table}: not run (an engine is missing)")
        elif "error" in c:
            lines.append(f"  table {table}: error: {c['error']}")
        elif c["differing_lines"] < 0:
            lines.append(f"  table {table}: {c.get('note')}")
        else:
            lines.append(f"  table {table}: {c['differing_lines']} differing lines "
                         f"of {c['lines']:,}")
            for ex in c["examples"]:
                lines.append(f"    line {ex['line']}: input {ex['input']!r}")
                lines.append(f"      normalize      {ex['left']!r}")
                lines.append(f"      ahocorasick-rs {ex['right']!r}")
    return "\n".join(lines) + "\n"


def cli_section(results: dict) -> str:
    rows = []
    for table, c in results["cli"].items():
        if "error" in c:
            rows.append([f"{int(table):,}", "error", "", "", c["error"][:60]])
            continue
        rows.append([f"{int(table):,}", _num(c["bytes"] / 1e6), _num(c["mb_s"]),
                     _num(c.get("library_mb_s")), _ratio(c["mb_s"], c.get("library_mb_s"))])
    return ("CLI filter: python -m normalize --no-builtin --table T < sparse > /dev/null "
            "(start-up and table load included; full mode: the sparse corpus 10 times over),\n"
            "against Normalizer.normalize() on the same text, timed in the same section\n"
            + grid(["table", "MB", "CLI MB/s", "library MB/s", "CLI/library"], rows) + "\n")


def startup_section(results: dict) -> str:
    s = results["startup"]
    rows = [[name, f"{c['median_s'] * 1000:.0f}", f"{c['ratio_to_import_click']:.2f}x",
             c["stdout"].strip()[:20] if c["returncode"] == 0 else f"exit {c['returncode']}"]
            for name, c in s["commands"].items()]
    return (f"Start-up, median of {s['runs']} runs (echo Kiev | ...)\n"
            + grid(["command", "ms", "vs import click", "output"], rows) + "\n")


def stream_section(results: dict) -> str:
    s = results["stream"]
    rows = []
    for label in ("small", "big"):
        r = s[label]
        status = "ok" if r["returncode"] == 0 else f"exit {r['returncode']}"
        floor = r.get("launcher_rss_kb")
        rows.append([label, _num(r["bytes"] / 1e6), f"{r['seconds']:.2f}", _num(r["mb_s"]),
                     _num(r["peak_rss_kb"] / 1024), _num(floor / 1024 if floor else None),
                     status])
    return (f"Stream: stream_source.py SIZE | python -m normalize --table {s['table_variants']:,}"
            "-variant table > /dev/null\n"
            + grid(["input", "MB", "s", "MB/s", "peak RSS MB", "floor MB", "status"], rows) + "\n")


def render(results: dict) -> str:
    """The whole report."""
    meta = results["meta"]
    parts = [f"translit-normalize benchmarks ({meta['mode']} mode, {meta['date']}, "
             f"{meta['cpus']} CPUs, Python {meta['python']}, normalize {meta['normalize']})",
             f"commit {meta.get('commit') or '?'}; load average at start "
             f"{_load(meta.get('loadavg_start'))}, at end {_load(meta.get('loadavg_end'))}", ""]
    if meta.get("normalize_error"):
        parts.append(f"normalize not measured: {meta['normalize_error']}\n")
    parts.append(throughput_section(results))
    if results.get("build"):
        parts.append(build_section(results))
    if results.get("check"):
        parts.append(check_section(results))
    if results.get("cli"):
        parts.append(cli_section(results))
    if results.get("startup"):
        parts.append(startup_section(results))
    if results.get("stream"):
        parts.append(stream_section(results))
    return "\n".join(parts)
