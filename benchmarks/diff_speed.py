"""``--diff`` on a big file (issue 15, point 4): the diff built from the matches
(``report.diff_matches``, what ``--diff`` uses) beside difflib over the whole texts
(``report.unified_diff``, what it used before), in one run.

    python benchmarks/diff_speed.py [--lines 200000] [--changes 2000] [--no-difflib] [--blank-lines]

The file is news-like lines (each with its number, so lines are unique), ``--changes`` of them
naming Kiev, a tenth of those as "Vladimir\\nZelenskiy" across a line break; ``--blank-lines``
puts a blank line after every fifth line (difflib's popular-line heuristic then applies, and the
diff from the matches may pair lines differently: the script says whether the outputs are
identical). Times are one run each (difflib takes minutes); the matching itself (``find``) is
timed apart. It asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the checkout, not an installed copy
from normalize import Normalizer
from normalize.cli.report import diff_matches, unified_diff
from normalize.engine.rewrite import apply


def make(lines: int, changes: int, blank: bool, seed: int = 15) -> str:
    rng = random.Random(seed)
    changed = set(rng.sample(range(lines), changes))
    out = []
    for i in range(lines):
        if i in changed:
            out.append(f"{i}: officials in Kiev said the talks would go on" if i % 10 else
                       f"{i}: a statement by Vladimir")
            if not i % 10:
                out.append("Zelenskiy said the talks would go on")
        else:
            out.append(f"{i}: the wire report continues with more prose about the week")
        if blank and i % 5 == 4:
            out.append("")
    return "\n".join(out) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lines", type=int, default=200_000)
    ap.add_argument("--changes", type=int, default=2_000)
    ap.add_argument("--no-difflib", action="store_true", help="skip difflib (minutes on the default size)")
    ap.add_argument("--blank-lines", action="store_true")
    args = ap.parse_args()
    text = make(args.lines, args.changes, args.blank_lines)
    n = Normalizer(context=())
    t = time.perf_counter()
    matches = n.find(text)
    t_find = time.perf_counter() - t
    print(f"{text.count(chr(10)):,} lines, {len(text) / 1e6:.1f} MB, {len(matches):,} matches "
          f"(find: {t_find:.2f} s)")
    t = time.perf_counter()
    ours = diff_matches("report.txt", text, matches)
    t_ours = time.perf_counter() - t
    print(f"  diff from the matches: {t_ours:8.3f} s  ({ours.count(chr(10)):,} diff lines)")
    if not args.no_difflib:
        new = apply(text, matches)
        t = time.perf_counter()
        theirs = unified_diff("report.txt", text, new)
        t_theirs = time.perf_counter() - t
        print(f"  difflib, whole texts:  {t_theirs:8.3f} s  ({t_theirs / t_ours:,.0f}x); "
              f"identical output: {ours == theirs}")


if __name__ == "__main__":
    main()
