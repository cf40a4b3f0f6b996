"""Build one engine in a fresh process; print its build time and peak RSS as JSON.

    python benchmarks/buildprobe.py ENGINE TABLE.toml

Memory is the process's peak resident set size: ``VmHWM`` from ``/proc/self/status`` (KiB),
read once after the imports (``rss_base_kb``) and once after the build (``rss_peak_kb``); the
build's own cost is the difference.  Not ``ru_maxrss``: on Linux a child started from a big
process (``subprocess`` uses vfork) inherits that process's peak in ``ru_maxrss`` across
exec; it is only the fallback where ``/proc`` is missing.  Build time runs from the table's
path to a ready ``replace`` function (TOML parsing and case-form expansion included), after
the engine's module was imported.  normalize's on-disk matcher cache is whatever
``TRANSLIT_NORMALIZE_CACHE`` says (``probe_engine`` sets it).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from engines import build, import_engine
from procs import run_env

HERE = Path(__file__).resolve().parent


def peak_rss_kb() -> int:
    """This process's peak RSS in KiB (VmHWM, else ru_maxrss)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def probe(name: str, table: str) -> dict:
    import_engine(name)
    base = peak_rss_kb()
    t0 = time.perf_counter()
    replace = build(name, table)
    seconds = time.perf_counter() - t0
    replace("warm-up Kiev text")
    peak = peak_rss_kb()
    return {"engine": name, "build_s": seconds, "rss_base_kb": base, "rss_peak_kb": peak}


def run_probe(name: str, table: Path | str, env: dict | None = None,
              timeout: float = 1800) -> dict:
    """Run the probe for one engine in a child process; the parsed result or an error."""
    cmd = [sys.executable, str(HERE / "buildprobe.py"), name, str(table)]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"engine": name, "error": f"timeout after {timeout:.0f}s"}
    if p.returncode != 0:
        return {"engine": name, "error": (p.stderr.strip().splitlines() or ["?"])[-1][-500:]}
    return json.loads(p.stdout.strip().splitlines()[-1])


def probe_engine(name: str, table: Path | str) -> dict:
    """Build cost of one engine.  normalize keeps compiled matchers in an on-disk cache
    (``TRANSLIT_NORMALIZE_CACHE``): it is probed twice with a fresh, private cache folder,
    cold (``build_s``) and then cached (``cached_build_s``, ``cached_rss_peak_kb``)."""
    if name != "normalize":
        return run_probe(name, table, run_env())
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as cache:
        env = {**run_env(), "TRANSLIT_NORMALIZE_CACHE": cache}
        cold = run_probe(name, table, env)
        warm = run_probe(name, table, env)
    if "error" not in cold and "error" not in warm:
        cold.update(cached_build_s=warm["build_s"], cached_rss_peak_kb=warm["rss_peak_kb"])
    return cold


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps(probe(argv[0], argv[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
