"""Timing helpers: one timed call, prefix calibration for slow engines, medians."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable

CALIBRATION_CHARS = 256 * 1024


def timed_call(fn: Callable[[str], str], text: str) -> float:
    """Seconds for one ``fn(text)`` with the garbage collector collected and paused."""
    gc.collect()
    gc.disable()
    try:
        t0 = time.perf_counter()
        fn(text)
        return time.perf_counter() - t0
    finally:
        gc.enable()


def cut_at_space(text: str, n: int) -> str:
    """The first ``n`` characters of ``text``, extended to the next whitespace (whole words)."""
    if n >= len(text):
        return text
    m = len(text)
    for i in range(n, min(m, n + 10_000)):
        if text[i].isspace():
            return text[:i]
    return text[:n]


def calibrated_text(fn: Callable[[str], str], text: str, budget: float) -> str:
    """The text to time ``fn`` on: all of ``text`` unless one call would exceed ``budget`` s.

    Runs ``fn`` on doubling prefixes from 256 K characters.  When a linear extrapolation says
    the whole text fits in a quarter of the budget it returns the whole text; otherwise it
    keeps doubling while a call stays under a quarter of the budget, and returns the longest
    prefix reached.  Super-linear engines (flashtext on one very long line) are caught too,
    because the decision uses measured times, not only extrapolation.
    """
    size = CALIBRATION_CHARS
    while True:
        prefix = cut_at_space(text, size)
        if len(prefix) == len(text):
            return text
        t = timed_call(fn, prefix)
        if t * len(text) / len(prefix) <= budget / 4:
            return text
        if t * 4 > budget:
            return prefix
        size *= 2


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def utf8_len(text: str) -> int:
    """Length of ``text`` in bytes of UTF-8."""
    return len(text.encode("utf-8"))


def mb_per_s(n_bytes: int, seconds: float) -> float:
    """Throughput in MB (10^6 bytes) per second."""
    return n_bytes / 1e6 / seconds if seconds > 0 else float("inf")
