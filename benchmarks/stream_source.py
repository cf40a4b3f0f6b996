"""Write SIZE bytes of generated prose (sparse name mentions) to standard output.

    python benchmarks/stream_source.py 1G | translit-normalize --no-builtin --table T

SIZE is a byte count with an optional K, M or G suffix (powers of 1024).  The text is the
``sparse`` corpus kind: a pool of up to 8 MiB of distinct paragraphs is generated (seeded) and
written round and round, whole paragraphs only, until at least SIZE bytes were written, so the
source itself runs at memory speed and never holds more than the pool.
"""

from __future__ import annotations

import argparse
import sys

from generate import DEFAULT_SEED, corpus_text_chunks

POOL_BYTES = 8 << 20
UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def parse_size(s: str) -> int:
    """``"1G"`` -> 1073741824."""
    s = s.strip().upper().removesuffix("B")
    unit = s[-1] if s and s[-1] in UNITS else ""
    return int(float(s[: len(s) - len(unit)]) * UNITS[unit])


def paragraph_pool(n_bytes: int, seed: int) -> list[bytes]:
    pool, total = [], 0
    for chunk in corpus_text_chunks("sparse", seed):
        b = chunk.encode("utf-8")
        pool.append(b)
        total += len(b)
        if total >= n_bytes:
            return pool
    raise AssertionError("unreachable")


def write_stream(out, n_bytes: int, seed: int = DEFAULT_SEED) -> int:
    """Write at least ``n_bytes`` bytes of prose to the binary stream ``out``; return count."""
    pool = paragraph_pool(min(n_bytes, POOL_BYTES), seed)
    batch = b"".join(pool)
    written = 0
    while written + len(batch) <= n_bytes:
        out.write(batch)
        written += len(batch)
    for p in pool:
        if written >= n_bytes:
            break
        out.write(p)
        written += len(p)
    out.flush()
    return written


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("size", help="bytes, e.g. 20M or 1G")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args(argv)
    try:
        write_stream(sys.stdout.buffer, parse_size(args.size), args.seed)
    except BrokenPipeError:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
