"""Checking a whole tree: ``translit-normalize --check`` against ``codespell``, same tree, same run.

    python benchmarks/tree.py            # 10,000 files, about 100 MB
    python benchmarks/tree.py --quick    # 300 files, about 3 MB
    python benchmarks/tree.py --runs 5 --files 2000 --size-mb 20

The tree is prose (``prose.py``) whose name mentions come from the built-in tables, 70 % of
them a variant, spread over 100 folders of ``.txt`` and ``.md`` files of 2-18 KB. It is
deterministic for a seed and cached under ``benchmarks/_data/`` (keyed by the sizes, the seed
and a hash of the built-in tables). Each tool runs ``--runs`` times, interleaved, with its
report sent to a file; the median wall time is reported, with the ratio. translit-normalize
runs twice: as it comes (``-j 0``: worker processes, half the CPUs) and with ``-j 1`` (one
process, like codespell). Needs ``pip install codespell``.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))

from prose import ENGLISH, ProseGenerator, mention_picker  # noqa: E402

TREE_VERSION = 1
DATA = HERE / "_data"
FOLDERS = 100


def builtin_mentions() -> list[tuple[str, tuple[str, ...]]]:
    from normalize.rules.datafiles import builtin_table_paths
    from normalize.rules.parse import load_table

    out = []
    for p in builtin_table_paths():
        for e in load_table(p).entities:
            out.append((e.canonical, e.variants))
    return out


def make_tree(files: int, size: int, seed: int) -> Path:
    """The cached tree for these parameters (generated on first use)."""
    mentions = builtin_mentions()
    if not mentions:
        sys.exit("tree.py: no built-in tables found")
    digest = hashlib.sha256(repr(mentions).encode()).hexdigest()[:10]
    root = DATA / f"tree-{files}-{size}-s{seed}-t{digest}-v{TREE_VERSION}"
    done = root / ".complete"
    if done.exists():
        return root
    for stale in DATA.glob(f"tree-{files}-{size}-s{seed}-t*-v{TREE_VERSION}"):
        shutil.rmtree(stale)  # the same tree for older built-in tables, or half written
    t0 = time.perf_counter()
    import random

    rng = random.Random(seed)
    gen = ProseGenerator(seed, [(ENGLISH, 1.0)], mention_picker(mentions), 150).paragraphs()
    mean = size / files
    written = 0
    for i in range(files):
        folder = root / f"section-{i % FOLDERS:03}"
        folder.mkdir(parents=True, exist_ok=True)
        target = int(rng.uniform(0.2, 1.8) * mean)
        parts, n = [], 0
        while n < target:
            p = next(gen)
            parts.append(p)
            n += len(p.encode())
        data = "".join(parts).encode()
        ext = ".md" if i % 3 == 0 else ".txt"
        (folder / f"article-{i:05}{ext}").write_bytes(data)
        written += len(data)
    done.write_text(f"{files} files, {written} bytes\n")
    print(f"generated {root.name}: {files} files, {written / 1e6:.1f} MB in {time.perf_counter() - t0:.1f} s",
          file=sys.stderr)
    return root


def tool(name: str, module: str) -> list[str]:
    exe = Path(sys.executable).parent / name
    if exe.exists():
        return [str(exe)]
    found = shutil.which(name)
    return [found] if found else [sys.executable, "-m", module]


def timed(cmd: list[str], cwd: Path, out: Path) -> tuple[float, int]:
    with open(out, "wb") as f:
        t0 = time.perf_counter()
        p = subprocess.run(cmd, cwd=cwd, stdout=f, stderr=subprocess.DEVNULL)
        return time.perf_counter() - t0, p.returncode


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="300 files, about 3 MB")
    ap.add_argument("--files", type=int, default=None)
    ap.add_argument("--size-mb", type=float, default=None)
    ap.add_argument("--runs", type=int, default=3, help="timed runs per tool (median)")
    ap.add_argument("--seed", type=int, default=20261126)
    args = ap.parse_args()
    files = args.files or (300 if args.quick else 10_000)
    size = int((args.size_mb or (3 if args.quick else 100)) * 1_000_000)

    root = make_tree(files, size, args.seed)
    nbytes = sum(f.stat().st_size for f in root.rglob("*") if f.is_file() and f.name != ".complete")
    tn = [*tool("translit-normalize", "normalize"), "--isolated", "--check", "--quiet", "."]
    cs = [*tool("codespell", "codespell_lib"), "."]
    if not shutil.which(cs[0]) and not Path(cs[0]).exists():
        sys.exit("tree.py: codespell is not installed (pip install codespell)")
    outs = {"translit-normalize": DATA / "tree-report-tn.txt", "translit-normalize -j1": DATA / "tree-report-tn1.txt",
            "codespell": DATA / "tree-report-cs.txt"}
    cmds = {"translit-normalize": tn, "translit-normalize -j1": [*tn[:-1], "-j", "1", "."], "codespell": cs}
    times: dict[str, list[float]] = {k: [] for k in cmds}
    codes: dict[str, int] = {}
    for name, cmd in cmds.items():  # warm-up: page cache, matcher cache, .pyc files
        timed(cmd, root, outs[name])
    for _ in range(args.runs):
        for name, cmd in cmds.items():
            t, codes[name] = timed(cmd, root, outs[name])
            times[name].append(t)
    found = {k: sum(1 for _ in open(v, encoding="utf-8", errors="replace")) for k, v in outs.items()}
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"tree: {files} files, {nbytes / 1e6:.1f} MB ({root.relative_to(HERE.parent)})")
    print(f"runs: {args.runs} each, interleaved, after one warm-up; median wall time")
    for name in cmds:
        print(f"  {name:<24} {med[name]:7.2f} s  {nbytes / 1e6 / med[name]:7.1f} MB/s  "
              f"{found[name]:>7} lines reported  exit {codes[name]}  "
              f"(runs: {', '.join(f'{t:.2f}' for t in times[name])})")
    for name in ("translit-normalize", "translit-normalize -j1"):
        ratio = med["codespell"] / med[name]
        print(f"  codespell / {name} = {ratio:.2f}x ({'faster' if ratio >= 1 else 'slower'}: {name})")
    print("  commands: " + " ; ".join(" ".join(Path(c[0]).name if i == 0 else x for i, x in enumerate(c))
                                      for c in cmds.values()))


if __name__ == "__main__":
    main()
