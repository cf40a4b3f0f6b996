"""Print how far tables/schemes/ agree with iuliia, translitua and cyrtranslit on the name lists
in tests/data/ (raw, and after folding each peer's documented quirks).

Usage: python scripts/oracle_agreement.py   (from the repository root; needs the test extras)
"""

from __future__ import annotations

import importlib
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from normalize.rules.schemes import transliterate
from tests.test_schemes_oracles import PAIRS, _names, compare


def main() -> None:
    warnings.simplefilter("ignore", DeprecationWarning)
    for pair in PAIRS:
        mod = importlib.import_module(pair.package)
        names = _names(pair.lang)
        raw = sum(transliterate(n, pair.lang, pair.system) == pair.call(mod, n) for n in names)
        agreeing, total, mismatches = compare(pair)
        print(f"{pair.id:70} raw {raw:4}/{total}  folded {agreeing:4}/{total}")
        for name, ours, theirs in mismatches:
            print(f"      {name}: ours {ours!r} theirs {theirs!r}")


if __name__ == "__main__":
    main()
