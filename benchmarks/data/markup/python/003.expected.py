#!/usr/bin/env python3
"""Scrape the weekly air-raid alert counts and plot them.

Usage: alerts.py [--city kiev|kharkov|odessa] [--since 2024-01-01]

Alerts in Kyiv and Kharkiv are counted per district; Odesa only
reports the oblast total.
"""
import argparse
import datetime as dt

import matplotlib.pyplot as plt
import requests

API = "https://alerts.example.org/api/v2/{city}/weekly"
DEFAULT_CITY = "kiev"


def fetch(city: str, since: dt.date) -> list[tuple[str, int]]:
    # The API paginates; Kharkiv has more than one page per year.
    out = []
    url = API.format(city=city)
    while url:
        page = requests.get(url, params={"since": since.isoformat()}, timeout=30).json()
        out += [(w["week"], w["count"]) for w in page["weeks"]]
        url = page.get("next")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--city", default=DEFAULT_CITY, choices=["kiev", "kharkov", "odessa"])
    ap.add_argument("--since", type=dt.date.fromisoformat, default=dt.date(2024, 1, 1))
    args = ap.parse_args()
    weeks = fetch(args.city, args.since)
    plt.bar([w for w, _ in weeks], [c for _, c in weeks])
    plt.title(f"Air-raid alerts per week: {args.city.title()}")  # title says "Kiev" for now
    plt.savefig(f"alerts_{args.city}.png")


if __name__ == "__main__":
    main()
