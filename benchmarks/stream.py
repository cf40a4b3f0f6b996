"""Peak memory and speed of the command-line filter on a big generated stream.

    python benchmarks/stream.py [--size 1G] --table T.toml

Runs ``python benchmarks/stream_source.py SIZE | python -m normalize --no-builtin --table T``
(output to /dev/null) and reports the filter's wall time, MB/s and peak RSS (``ru_maxrss`` of
the filter process from ``os.wait4``, like ``/usr/bin/time -v``).  The same pipe with 1 MiB
is the reference: a filter in constant memory has about the same peak RSS for both.

On Linux a child's ``ru_maxrss`` starts at its parent's peak RSS (vfork + exec keep it), so
``measure`` runs the pipes from a fresh, small ``stream.py`` process; its own peak
(``launcher_rss_kb``, about 15 MB) is the floor below which the number cannot go.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from buildprobe import peak_rss_kb
from procs import HERE, module_command, run_env, run_piped, table_args, timeout_for
from stream_source import parse_size

SMALL = 1 << 20


def pipe(n_bytes: int, table: Path) -> dict:
    source = [sys.executable, str(HERE / "stream_source.py"), str(n_bytes)]
    launcher = peak_rss_kb()
    r = run_piped(source, module_command(*table_args(table)), timeout=timeout_for(n_bytes))
    r.update(bytes=n_bytes, mb_s=n_bytes / 1e6 / r["seconds"], launcher_rss_kb=launcher)
    return r


def measure_here(n_bytes: int, table: Path) -> dict:
    """The big pipe and the 1 MiB reference pipe, started from this process."""
    return {"table": str(table), "small": pipe(SMALL, table), "big": pipe(n_bytes, table)}


def measure(n_bytes: int, table: Path) -> dict:
    """``measure_here`` in a fresh child process (see the module docstring)."""
    cmd = [sys.executable, str(HERE / "stream.py"), "--size", str(n_bytes), "--table",
           str(Path(table).resolve())]
    p = subprocess.run(cmd, capture_output=True, text=True, env=run_env(),
                       timeout=2 * timeout_for(n_bytes) + 60)
    if p.returncode != 0:
        raise RuntimeError(f"stream.py failed: {p.stderr.strip()[-500:]}")
    return json.loads(p.stdout)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="1G")
    ap.add_argument("--table", type=Path, required=True)
    args = ap.parse_args(argv)
    print(json.dumps(measure_here(parse_size(args.size), args.table), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
