#!/usr/bin/env python3
"""Export the IANA time-zone identifiers that protect text (``normalize/data/tz_zones.txt``).

``Europe/Kiev`` is a name a program reads: rewriting it to ``Europe/Kyiv`` breaks code that
runs on older tz data, and the tz database's own ``backward`` file would name zones that do not
exist. ``normalize.engine.regions`` protects every identifier in this list wherever it stands
(prose, code, quoted strings). The list is shipped, so no network and no ``tzdata`` package is
needed at run time.

Which identifiers: every zone and link that the ``tzdata`` package lists in its ``zones`` file
whose first part is one of the geographic areas of the tz database (:data:`AREAS`), so
``Europe/Kiev`` and ``Europe/Kyiv`` both, ``America/Argentina/Buenos_Aires``, ``Etc/GMT+5``; not
the legacy ``US/Eastern`` or ``W-SU`` names.

Usage::

    pip install tzdata
    python scripts/build_tz_zones.py            # rewrite normalize/data/tz_zones.txt
    python scripts/build_tz_zones.py --check    # exit 1 if the file is out of date

``tests/test_protected_tokens.py`` compares the file with the installed ``tzdata``; a newer
tzdata release that adds zones makes that test fail until this script is run again.
"""

from __future__ import annotations

import argparse
import sys
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "normalize" / "data" / "tz_zones.txt"
#: The tz database's areas (its "continents and oceans", and Etc).
AREAS = ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian",
         "Pacific", "Etc")


def zones() -> tuple[str, list[str]]:
    """The tz version and the identifiers of :data:`AREAS`, sorted, from the installed tzdata."""
    import tzdata  # type: ignore[import-not-found,unused-ignore]

    listed = resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8").split()
    keep = sorted({z for z in listed if z.split("/", 1)[0] in AREAS and "/" in z})
    return str(tzdata.IANA_VERSION), keep


def render() -> str:
    version, keep = zones()
    import tzdata  # type: ignore[import-not-found,unused-ignore]

    header = [
        f"# IANA time-zone identifiers of the areas {', '.join(AREAS)}:",
        "# every zone and link of the tz database in those areas, sorted, one per line.",
        "# Used by translit-normalize to leave time-zone identifiers (Europe/Kiev) as written.",
        "# Regenerate with: python scripts/build_tz_zones.py",
        "#",
        f"# Source: the tz database {version}, from the Python package tzdata {tzdata.__version__}.",
        "# The tz database is in the public domain.",
    ]
    return "\n".join(header + keep) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the shipped file differs")
    args = ap.parse_args(argv)
    text = render()
    if args.check:
        ok = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print("up to date" if ok else f"{OUT} is out of date: run python scripts/build_tz_zones.py")
        return 0 if ok else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({sum(1 for line in text.splitlines() if not line.startswith('#'))} identifiers)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
