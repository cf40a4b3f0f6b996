"""The matcher's worst cases: time and trie work for 1, 2, 5 and 10 MB of each.

    python benchmarks/worst_case.py [--sizes 1,2,5,10]

The texts and the pathological table (3000 variants sharing prefixes, chains of variants
that are prefixes of each other, exceptions overlapping names) are the ones of
tests/test_fuzz.py::test_worst_cases_are_linear. Linear time shows as a flat "us/char" column;
"walked/char" counts the characters the C trie stepped through per character of text.
"""

from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
os.environ.setdefault("TRANSLIT_NORMALIZE_CACHE", "off")

from tests.test_fuzz import _work, shared_prefix_table, worst_cases


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,2,5,10", help="sizes in MB (10^6 characters)")
    args = ap.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    n = shared_prefix_table()
    print(f"{'case':<14}{'MB':>6}{'cpu s':>9}{'us/char':>9}{'walked/char':>14}")
    for case in worst_cases(10):
        for mb in sizes:
            text = worst_cases(int(mb * 1_000_000))[case]
            walked, cpu = _work(n, text)
            print(f"{case:<14}{mb:>6g}{cpu:>9.2f}{cpu / len(text) * 1e6:>9.3f}{walked / len(text):>14.2f}", flush=True)


if __name__ == "__main__":
    main()
