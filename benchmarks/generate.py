"""Generate (and cache) the benchmark rule tables and corpora.

    python benchmarks/generate.py            # full set: tables 1k/10k/100k, ~20 MB corpora
    python benchmarks/generate.py --quick    # table 1k, ~200 KB corpora

Everything is deterministic for a given ``--seed`` and cached under ``benchmarks/_data/``
with the parameters (and ``GEN_VERSION``) in the file name, so a second run is free.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from names import make_table, to_toml
from prose import CORPUS_KINDS, RESERVED_WORDS, corpus_chunks, mention_picker

GEN_VERSION = 2
DEFAULT_SEED = 20261126
DATA_DIR = Path(__file__).resolve().parent / "_data"
MENTION_TABLE = 1_000  # corpora mention entities of the smallest table (contained in all)


@dataclass(frozen=True)
class Mode:
    """Sizes of one benchmark mode."""

    name: str
    tables: tuple[int, ...]
    corpus_bytes: int
    longline_bytes: int
    stream_bytes: int
    cli_repeat: int  # the CLI filter runs over the sparse corpus this many times over


    def corpus_size(self, kind: str) -> int:
        return self.longline_bytes if kind == "longline" else self.corpus_bytes


FULL = Mode("full", (1_000, 10_000, 100_000), 20_000_000, 100_000_000, 1 << 30, 10)
QUICK = Mode("quick", (1_000,), 200_000, 1_000_000, 20_000_000, 1)


def _atomic_write(path: Path, chunks) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        for c in chunks:
            f.write(c)
    os.replace(tmp, path)


def table_entities(n_variants: int, seed: int = DEFAULT_SEED):
    """The generated entities of the table with ``n_variants`` variants (not cached)."""
    return make_table(n_variants, seed, RESERVED_WORDS)


def table_path(n_variants: int, seed: int = DEFAULT_SEED) -> Path:
    """Path of the TOML table with ``n_variants`` variants, generated on first use."""
    path = DATA_DIR / f"table-{n_variants}-s{seed}-v{GEN_VERSION}.toml"
    if not path.exists():
        entities = table_entities(n_variants, seed)
        text = to_toml(entities, f"bench{n_variants}",
                       f"generated: {n_variants} variants, seed {seed}")
        _atomic_write(path, [text])
    return path


def corpus_text_chunks(kind: str, seed: int = DEFAULT_SEED):
    """Endless chunks of a corpus kind (mentions from the smallest table)."""
    entities = [(e.canonical, e.variants) for e in table_entities(MENTION_TABLE, seed)]
    return corpus_chunks(kind, seed + CORPUS_KINDS.index(kind), mention_picker(entities))


def _take_bytes(chunks, n_bytes: int):
    """Chunks until at least ``n_bytes`` of UTF-8 were produced (chunks are never cut)."""
    total = 0
    for c in chunks:
        yield c
        total += len(c.encode("utf-8"))
        if total >= n_bytes:
            return


def corpus_path(kind: str, n_bytes: int, seed: int = DEFAULT_SEED) -> Path:
    """Path of a corpus of about ``n_bytes`` bytes of UTF-8, generated on first use."""
    path = DATA_DIR / f"corpus-{kind}-{n_bytes}-s{seed}-v{GEN_VERSION}.txt"
    if not path.exists():
        _atomic_write(path, _take_bytes(corpus_text_chunks(kind, seed), n_bytes))
    return path


def repeated_path(path: Path, times: int) -> Path:
    """``path``'s text ``times`` over in one file (the 200 MB CLI input), made on first use."""
    if times == 1:
        return path
    out = path.with_name(f"{path.stem}-x{times}{path.suffix}")
    if not out.exists():
        text = path.read_text(encoding="utf-8")
        _atomic_write(out, [text] * times)
    return out


def generate_all(mode: Mode, seed: int = DEFAULT_SEED, verbose: bool = True) -> None:
    """Make sure every table and corpus of ``mode`` exists."""
    def log(msg):
        if verbose:
            print(msg, file=sys.stderr, flush=True)

    for n in mode.tables:
        t0 = time.perf_counter()
        p = table_path(n, seed)
        log(f"table {n:>7} variants: {p.name} ({time.perf_counter() - t0:.1f}s)")
    for kind in CORPUS_KINDS:
        t0 = time.perf_counter()
        p = corpus_path(kind, mode.corpus_size(kind), seed)
        log(f"corpus {kind:<9}: {p.name} {p.stat().st_size / 1e6:.1f} MB "
            f"({time.perf_counter() - t0:.1f}s)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small data set (CI)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args(argv)
    generate_all(QUICK if args.quick else FULL, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
