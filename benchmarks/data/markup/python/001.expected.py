"""Load and clean the regional casualty feed for Kyiv and Kharkiv.

The feed spells some places the old way; :func:`canonical_city` maps them. Output is
written in Kyiv local time.
"""

from __future__ import annotations

import csv
from zoneinfo import ZoneInfo

# The feed still uses Europe/Kiev; zoneinfo on older hosts lacks Europe/Kyiv.
TZ = ZoneInfo("Europe/Kiev")

CITY_KEYS = {
    "kiev": "Kyiv",
    "kharkov": "Kharkiv",
    "odessa": "Odesa",
}


def canonical_city(raw: str) -> str:
    """Return the display name for a feed key (``"kiev"`` gives the Kyiv name)."""
    return CITY_KEYS.get(raw.strip().lower(), raw)


def load(path: str) -> list[dict[str, str]]:
    # Rows from Odesa come with a trailing space in the city column.
    with open(path, newline="", encoding="utf-8") as fh:
        return [dict(row, city=canonical_city(row["city"])) for row in csv.DictReader(fh)]


if __name__ == "__main__":
    rows = load("data/kiev_kharkov_2024.csv")
    print(f"{len(rows)} rows, first from {rows[0]['city']}")  # e.g. "Kyiv"
