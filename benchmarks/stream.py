"""Peak memory and speed of the command-line filter on a big generated stream.

    python benchmarks/stream.py [--size 1G] --table T.toml

Runs ``python benchmarks/stream_source.py SIZE | python -m normalize --no-builtin --table T``
(output to /dev/null) and reports the filter's wall time, MB/s and peak RSS (``ru_maxrss`` of
the filter process from ``os.wait4``, like ``/usr/bin/time -v``).  The same pipe with 1 MiB
is the reference: a filter in constant memory has about the same peak RSS for both.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from procs import HERE, module_command, run_piped, table_args, timeout_for
from stream_source import parse_size

SMALL = 1 << 20


def pipe(n_bytes: int, table: Path) -> dict:
    source = [sys.executable, str(HERE / "stream_source.py"), str(n_bytes)]
    r = run_piped(source, module_command(*table_args(table)), timeout=timeout_for(n_bytes))
    r.update(bytes=n_bytes, mb_s=n_bytes / 1e6 / r["seconds"])
    return r


def measure(n_bytes: int, table: Path) -> dict:
    """The big pipe and the 1 MiB reference pipe."""
    return {"table": str(table), "small": pipe(SMALL, table), "big": pipe(n_bytes, table)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="1G")
    ap.add_argument("--table", type=Path, required=True)
    args = ap.parse_args(argv)
    print(json.dumps(measure(parse_size(args.size), args.table), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
