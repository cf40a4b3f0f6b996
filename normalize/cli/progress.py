"""A quiet progress line on standard error, for long runs over many files.

Drawn only when standard error is a terminal, only for runs with at least ``MIN_FILES``
files, and only once a run has lasted ``DELAY`` seconds, so short runs never flicker.
Report lines written to a terminal call :meth:`Progress.clear` first, so the two never mix.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["Progress", "MIN_FILES", "DELAY"]

MIN_FILES = 50
DELAY = 0.5
_EVERY = 0.1
_WIDTH = 30


class Progress:
    """``[#####.....]  512/10000 files`` on one rewritten line."""

    def __init__(self, total: int, stream: TextIO, enabled: bool,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.total = total
        self.stream = stream
        self.enabled = enabled and total >= MIN_FILES
        self.clock = clock
        self.start = clock()
        self.last = 0.0
        self.done = 0
        self.shown = False

    def advance(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        now = self.clock()
        if now - self.start < DELAY or now - self.last < _EVERY:
            return
        self.last = now
        filled = _WIDTH * self.done // max(self.total, 1)
        bar = "#" * filled + "." * (_WIDTH - filled)
        self.stream.write(f"\r[{bar}] {self.done}/{self.total} files")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        """Erase the progress line (before other output to the terminal, and at the end)."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False
