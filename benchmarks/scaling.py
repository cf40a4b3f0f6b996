"""normalize() on one corpus with the 1k and the 100k table, interleaved: how throughput scales.

    python benchmarks/scaling.py dense [--repeats 5]

Prints each timed call's MB/s and the median per table (the issue's "1k -> 100k within 30%"
on one corpus, quicker than the full run). The corpora and tables come from generate.py.
"""

from __future__ import annotations

import argparse
import sys
import time

from engines import build
from generate import FULL, corpus_path, table_path
from measure import median


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", help="sparse, dense, none, cyrillic, caps or longline")
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args(argv)
    text = corpus_path(args.corpus, FULL.corpus_size(args.corpus)).read_text(encoding="utf-8")
    mb = len(text.encode("utf-8")) / 1e6
    engines = {n: build("normalize", table_path(n)) for n in (1_000, 100_000)}
    runs: dict[int, list[float]] = {n: [] for n in engines}
    for _ in range(args.repeats):
        for n, normalize in engines.items():
            t0 = time.perf_counter()
            normalize(text)
            runs[n].append(mb / (time.perf_counter() - t0))
    for n, v in runs.items():
        print(f"{args.corpus} {n:>7,}: " + " ".join(f"{x:.1f}" for x in v) + f"  median {median(v):.1f} MB/s")
    lo, hi = median(runs[1_000]), median(runs[100_000])
    print(f"1k -> 100k: {100 * (hi / lo - 1):+.0f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
