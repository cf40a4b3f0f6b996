"""atheris harness: crafted compiled-table cache entries with valid checksums.

    python fuzz/fuzz_cache.py -max_total_time=600 -timeout=10 -max_len=16384 fuzz/corpus-cache

The input is the body of a cache entry of a small table (a mode byte, six section sizes, the
sections; ``cache_oracle.decode``), seeded with the real entry; the header and the CRC-32 are
recomputed around it, so every input gets past the checksum. It is loaded through
``cache.load`` and ``Matcher.from_parts`` with the C trie and with the Python twin: they must
all refuse it (a miss) or all accept it, and an accepted entry must behave as a matcher built
afresh from its own surfaces (the baseline's output when they are the baseline's). See
``cache_oracle.py``. Not part of the test suite (tests/test_fuzz_cache_entries.py is its
bounded hypothesis counterpart).
"""

from __future__ import annotations

import collections
import os
import sys
import tempfile
from pathlib import Path

import atheris

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
_WORK = Path(tempfile.mkdtemp(prefix="fuzz-cache-"))
os.environ["TRANSLIT_NORMALIZE_CACHE"] = str(_WORK / "cache")

with atheris.instrument_imports():
    import cache_oracle

    from normalize.engine import cache, matcher, trie  # noqa: F401 - instrumented for coverage

BASE = cache_oracle.Baseline.build(_WORK)
SEEN: collections.Counter[str] = collections.Counter()


def one_input(data: bytes) -> None:
    outcome = cache_oracle.check(BASE, data)
    SEEN[outcome] += 1
    total = sum(SEEN.values())
    if total & (total - 1) == 0 and total >= 1024:  # a line at every power of two
        print(f"#outcomes {total}: {dict(SEEN)}", file=sys.stderr, flush=True)


def write_seeds(folder: str) -> None:
    os.makedirs(folder, exist_ok=True)
    for i, seed in enumerate(BASE.seeds()):
        with open(os.path.join(folder, f"seed-mode{i}"), "wb") as f:
            f.write(seed)


def main() -> None:
    if sys.argv[1:2] == ["--write-seeds"]:
        write_seeds(sys.argv[2])
        return
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
