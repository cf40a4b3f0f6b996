"""Many short strings (issue 15, point 2): a loop of ``normalize``, ``normalize_many`` and one
joined call, side by side in one run, with ``context=()`` and with the default context rules.

    python benchmarks/batch.py [--count 100000] [--repeat 5] [--seed 15]

The texts are generated headlines (5-12 words of news prose, a capital first; a third of them
name an entity of the built-in tables, in a variant or the canonical). "joined" is one
``normalize`` of the texts joined by ``"\\n\\n\\x00\\n\\n"`` and split again: the floor a batch
call can reach (with the context rules on it judges the whole batch as one document, which is
not what a batch means, so it is a reference only). Best of ``--repeat``, interleaved; us per
text and the ratio to the joined call. ``find_many`` and a loop of ``find`` are shown too. It
checks that the batch calls equal the loops and asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the checkout, not an installed copy
from normalize import Normalizer

WORDS = ("officials said talks with over new plan for city port strike grain deal after week the a of in to "
         "and minister visit army shelling power plant aid train border sanctions vote court ruling").split()
NAMES = ("Kiev", "Kyiv", "Zelenskiy", "Zelenskyy", "Odessa", "Kharkov", "Kharkiv", "Gaddafi", "Al Qaeda",
         "Vladimir Putin", "Kim Jong-un", "Zaporozhye", "Dnipropetrovsk", "Lavrov")
SEP = "\n\n\x00\n\n"


def headlines(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        words = [rng.choice(WORDS) for _ in range(rng.randint(5, 12))]
        if rng.random() < 1 / 3:
            words.insert(rng.randrange(len(words) + 1), rng.choice(NAMES))
        s = " ".join(words)
        out.append(s[:1].upper() + s[1:])
    return out


def best(fn: Callable[[], object], repeat: int) -> float:
    t = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        t = min(t, time.perf_counter() - start)
    return t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--seed", type=int, default=15)
    args = ap.parse_args()
    texts = headlines(args.count, args.seed)
    print(f"{len(texts):,} headlines, {sum(map(len, texts)) / len(texts):.0f} characters each on average; "
          f"best of {args.repeat}")
    for label, n in (("context=()", Normalizer(context=())), ("default context", Normalizer())):
        assert n.normalize_many(texts) == [n.normalize(t) for t in texts]
        assert n.find_many(texts) == [n.find(t) for t in texts]
        cells = {
            "loop of normalize": lambda n=n: [n.normalize(t) for t in texts],
            "normalize_many": lambda n=n: n.normalize_many(texts),
            "one joined call": lambda n=n: n.normalize(SEP.join(texts)).split(SEP),
            "loop of find": lambda n=n: [n.find(t) for t in texts],
            "find_many": lambda n=n: n.find_many(texts),
            "one joined find": lambda n=n: n.find(SEP.join(texts)),
        }
        times = {k: float("inf") for k in cells}
        for _ in range(args.repeat):  # interleaved, so a busy moment hits every cell alike
            for k, fn in cells.items():
                times[k] = min(times[k], best(fn, 1))
        print(f"\n{label}:")
        for k, t in times.items():
            ref = times["one joined find" if "find" in k else "one joined call"]
            print(f"  {k:<18} {t * 1e6 / len(texts):7.2f} us/text  {t / ref:5.2f}x joined")


if __name__ == "__main__":
    main()
