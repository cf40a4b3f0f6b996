"""Throughput of the command-line filter over a file.

    python benchmarks/clibench.py --table T.toml --corpus FILE [--repeats 3]

Times ``python -m normalize --no-builtin --table T < FILE > /dev/null`` (after one warm-up run
that also fills the compiled-matcher cache): wall time including interpreter start-up and
table loading, median of the repeats.  ``run.py`` sets it against the library's
``Normalizer.normalize()`` on the same text.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from measure import median
from procs import module_command, run_timed, table_args, timeout_for


def measure(table: Path, corpus: Path, repeats: int = 3) -> dict:
    cmd = module_command(*table_args(table))
    n = corpus.stat().st_size
    times = []
    for i in range(repeats + 1):  # the first run is the warm-up
        seconds, rc, _, err = run_timed(cmd, corpus, timeout=timeout_for(n))
        if rc != 0:
            return {"bytes": n, "error": f"exit {rc}: {err.decode('utf-8', 'replace')[-500:]}"}
        if i:
            times.append(seconds)
    return {"bytes": n, "median_s": median(times), "mb_s": n / 1e6 / median(times),
            "runs": times}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--table", type=Path, required=True)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)
    print(json.dumps(measure(args.table, args.corpus, args.repeats), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
