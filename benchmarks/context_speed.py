"""Throughput with the context stage on and off, side by side in one run (issue 11, point 7).

    python benchmarks/context_speed.py [--repeat 5]

For the sparse and dense corpora (``benchmarks/_data``, the 1,000-variant synthetic table) and
for English news-like text (the en-news passages of ``benchmarks/data/context/passages.jsonl``
repeated to 1 MB, built-in tables): ``Normalizer.normalize`` with ``context=()`` and with the
default context rules, interleaved, best of ``--repeat``; MB/s, the on/off ratio, candidates
per KB and the cost of the context stage per candidate. It asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from normalize import Normalizer

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import corpus_path, table_path  # noqa: E402  (benchmarks/ is not a package)

PASSAGES = HERE / "data" / "context" / "passages.jsonl"


def _news() -> str:
    rows = [json.loads(line) for line in PASSAGES.read_text(encoding="utf-8").splitlines()]
    text = "\n\n".join(r["input"] for r in rows if r["group"] == "en-news")
    return (text + "\n\n") * (1_000_000 // (len(text) + 2) + 1)


def _measure(name: str, text: str, on: Normalizer, off: Normalizer, repeat: int) -> None:
    on.normalize(text)
    off.normalize(text)
    best = {"off": float("inf"), "on": float("inf")}
    for _ in range(repeat):
        for label, n in (("off", off), ("on", on)):
            t0 = time.perf_counter()
            n.normalize(text)
            best[label] = min(best[label], time.perf_counter() - t0)
    mb = len(text.encode("utf-8")) / 1e6
    hits = len(off.find(text))
    per_hit = (best["on"] - best["off"]) / hits * 1e6 if hits else 0.0
    print(f"{name:<10} {mb:6.2f} {hits / (mb * 1000):8.2f} {mb / best['off']:9.1f} {mb / best['on']:8.1f} "
          f"{best['off'] / best['on']:7.2f}x {per_hit:10.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    print(f"{'corpus':<10} {'MB':>6} {'cand/KB':>8} {'off MB/s':>9} {'on MB/s':>8} {'on/off':>8} {'us/cand':>10}")
    table = table_path(1000)  # generated (and cached under benchmarks/_data) on first use
    synthetic = (Normalizer([table], builtin=False), Normalizer([table], builtin=False, context=()))
    for name in ("sparse", "dense"):
        text = corpus_path(name, 200_000).read_text(encoding="utf-8")
        _measure(name, text, *synthetic, args.repeat)
    _measure("en-news", _news(), Normalizer(), Normalizer(context=()), args.repeat)


if __name__ == "__main__":
    main()
