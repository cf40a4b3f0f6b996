"""In-process throughput of the engines on the corpora of one table, interleaved.

For one table: every engine is built once; then for each corpus every engine's input is
fixed (the whole corpus, or a prefix for an engine too slow for the time budget, see
``measure.calibrated_text``) and the repeats run round-robin across engines, the starting
engine rotating from one repeat to the next, so that a slow phase of the machine hits every
engine alike.  The result per cell is the median of the repeats.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from pathlib import Path

from compare import compare_outputs
from engines import build
from measure import calibrated_text, mb_per_s, median, timed_call, utf8_len

Log = Callable[[str], None]

CHECK_CORPUS = "sparse"
CHECK_PAIR = ("normalize", "ahocorasick-rs")


def _error(e: BaseException) -> str:
    return "".join(traceback.format_exception_only(type(e), e)).strip()[-500:]


def build_engines(names: list[str], table: Path, log: Log) -> tuple[dict, dict]:
    """({name: replace}, {name: error}) for the engines that could or could not be built."""
    built, errors = {}, {}
    for name in names:
        try:
            built[name] = build(name, str(table))
        except Exception as e:
            errors[name] = _error(e)
            log(f"  {name}: build failed: {errors[name]}")
    return built, errors


def measure_corpus(engines: dict, text: str, repeats: int, budget: float, log: Log) -> dict:
    """{engine: row} for one corpus text (row: mb_s, median_s, runs, measured bytes ...)."""
    total_bytes = utf8_len(text)
    inputs, rows = {}, {}
    for name, fn in engines.items():
        try:
            inputs[name] = calibrated_text(fn, text, budget)
        except Exception as e:
            rows[name] = {"error": _error(e)}
            log(f"    {name}: failed: {rows[name]['error']}")
    names = list(inputs)
    runs: dict[str, list[float]] = {n: [] for n in names}
    for r in range(repeats if names else 0):
        k = r % len(names)  # rotate the starting engine
        for name in names[k:] + names[:k]:
            runs[name].append(timed_call(engines[name], inputs[name]))
    for name in names:
        n_bytes = total_bytes if inputs[name] is text else utf8_len(inputs[name])
        seconds = median(runs[name])
        rows[name] = {"mb_s": mb_per_s(n_bytes, seconds), "median_s": seconds,
                      "runs": runs[name], "measured_bytes": n_bytes,
                      "prefix": inputs[name] is not text}
    return rows


def check_outputs(engines: dict, text: str) -> dict | None:
    """Compare normalize with the bare ahocorasick-rs loop on ``text`` (None if either is
    missing)."""
    left, right = CHECK_PAIR
    if left not in engines or right not in engines:
        return None
    try:
        a, b = engines[left](text), engines[right](text)
    except Exception as e:
        return {"error": _error(e)}
    return compare_outputs(text, a, b)


def measure_table(table: Path, n_variants: int, corpora: dict[str, Path], names: list[str],
                  repeats: int, budget: float, log: Log) -> dict:
    """Throughput rows for every corpus of one table, plus the output check."""
    log(f"table {n_variants}: building {', '.join(names)}")
    engines, errors = build_engines(names, table, log)
    rows, check = [], None
    for kind, path in corpora.items():
        text = path.read_text(encoding="utf-8")
        log(f"  corpus {kind} ({utf8_len(text) / 1e6:.1f} MB)")
        for engine, row in measure_corpus(engines, text, repeats, budget, log).items():
            rows.append({"table": n_variants, "corpus": kind, "engine": engine, **row})
        for engine, err in errors.items():
            rows.append({"table": n_variants, "corpus": kind, "engine": engine, "error": err})
        if kind == CHECK_CORPUS:
            check = check_outputs(engines, text)
        del text
    return {"rows": rows, "check": check}
