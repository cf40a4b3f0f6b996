"""Matching of Libyan names in wire copy."""

import re

#: Spellings seen on the wires for the late leader; the regex is data and stays.
GADDAFI_RE = re.compile(r"\b(?:Gaddafi|Qaddafi|Kadhafi|Gadhafi)\b")


def mentions_leader(text: str) -> bool:
    """True if ``text`` names Moammar Gaddafi in any common spelling.

    Stories about Khalifa Haftar often mention Gaddafi too; they are
    counted once.
    """
    return bool(GADDAFI_RE.search(text))


def _demo():
    # Prints True: wire copy from 2011 about Qaddafi in Sirte.
    print(mentions_leader("Qaddafi was seen in Sirte."))
