"""Peak memory: a single-line stream of 1 GB through the filter, and a table of a million variants.

    python benchmarks/memory.py [--stream-mb 1024] [--variants 1000000]

Each measurement runs in a fresh child process and reads its peak RSS from
``getrusage(RUSAGE_CHILDREN)``, so nothing else is counted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, ROOT)

from tests.test_hostile_tables import write_variant_table  # noqa: E402

TABLE = ('[[entity]]\ncanonical = "Kyiv"\nvariants = ["Kiev"]\n'
         '[[entity]]\ncanonical = "Kryvyi Rih"\nvariants = ["Krivoy Rog"]\n')

_CHILD = textwrap.dedent("""
    import resource, subprocess, sys, threading, time
    mb = int(sys.argv[1])
    unit = b"Kiev and Krivoy  Rog, http://x.org/Kiev; " * 25  # ~1 KiB, no line break
    p = subprocess.Popen(sys.argv[2:], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    out = [0, 0]
    def drain():
        while block := p.stdout.read(1 << 20):
            out[0] += len(block)
            out[1] += block.count(b"Kyiv")
    t = threading.Thread(target=drain)
    t.start()
    t0 = time.monotonic()
    block = unit * 1024
    for _ in range(mb * 1024 * 1024 // len(block)):
        p.stdin.write(block)
    p.stdin.close()
    rc = p.wait()
    t.join()
    print(rc, out[0], out[1], time.monotonic() - t0, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
""")

_COMPILE = textwrap.dedent("""
    import json, os, resource, sys, time
    from normalize import Normalizer
    t0 = time.monotonic()
    n = Normalizer([sys.argv[1]], builtin=False, generate=False)
    wall = time.monotonic() - t0
    print(json.dumps({"surfaces": n.matcher.size, "patterns": len(n.matcher.patterns), "wall_s": round(wall, 2),
                      "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                      "sample": n.normalize("Wxaa0 and Wxzz1 stay? Wxab0")}))
""")


def stream(mb: int) -> None:
    with tempfile.TemporaryDirectory() as d:
        table = os.path.join(d, "t.toml")
        with open(table, "w") as f:
            f.write(TABLE)
        cmd = [sys.executable, "-m", "normalize", "--isolated", "--no-builtin", "--table", table]
        r = subprocess.run([sys.executable, "-c", _CHILD, str(mb), *cmd], capture_output=True, text=True, check=True,
                           env=dict(os.environ, TRANSLIT_NORMALIZE_CACHE="off"))
        rc, size, kyiv, secs, rss = r.stdout.split()
        print(f"stream: {mb} MiB on one line -> {int(size) / 2**20:.0f} MiB out, exit {rc}, {float(secs):.1f} s "
              f"({mb / float(secs):.0f} MiB/s), peak RSS {int(rss) / 1024:.0f} MiB", flush=True)


def million(variants: int) -> None:
    with tempfile.TemporaryDirectory() as d:
        table = os.path.join(d, "big.toml")
        write_variant_table(table, variants)
        size = os.path.getsize(table)
        cache = os.path.join(d, "cache")
        env = dict(os.environ, TRANSLIT_NORMALIZE_CACHE=cache)
        for label in ("cold (compile)", "warm (cache)"):
            r = subprocess.run([sys.executable, "-c", _COMPILE, table], capture_output=True, text=True, env=env)
            if r.returncode != 0:
                print(f"table: {label}: failed: {r.stderr.strip().splitlines()[-1:]}")
                return
            info = json.loads(r.stdout)
            print(f"table: {variants} variants ({size / 2**20:.0f} MiB of TOML), {label}: {info['wall_s']} s, "
                  f"peak RSS {info['maxrss_mib']} MiB, {info['surfaces']} surfaces, {info['patterns']} patterns",
                  flush=True)
        entries = [os.path.getsize(os.path.join(cache, f)) for f in os.listdir(cache)] if os.path.isdir(cache) else []
        print(f"table: cache entry {sum(entries) / 2**20:.0f} MiB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stream-mb", type=int, default=1024)
    ap.add_argument("--variants", type=int, default=1_000_000)
    args = ap.parse_args()
    if args.stream_mb:
        stream(args.stream_mb)
    if args.variants:
        million(args.variants)


if __name__ == "__main__":
    main()
