"""Print the recall of normalize.rules.schemes.generate() on the reference's worked examples.

Usage: python scripts/scheme_recall.py   (from the repository root)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.test_schemes import recall_report


def main() -> None:
    for category, (found, total, misses) in recall_report().items():
        print(f"{category:12} {found}/{total} = {found / total:.3f}")
        for row, spelling in misses:
            print(f"    miss {row}: {spelling}")


if __name__ == "__main__":
    main()
