"""What one surface form means (:class:`Rule`), and the apostrophe look-alikes folded on both sides.

Kept apart from :mod:`normalize.expand` so that loading a compiled table needs neither the
expansion code nor what it imports.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["APOSTROPHES", "Rule"]

#: Characters that stand for the apostrophe (or the soft-sign prime) in transliterations.
APOSTROPHES = "'\u2019\u02bc\u02b9\u2032"


class Rule(NamedTuple):
    """What one surface form means.

    ``replacement`` is the canonical in the case form of the surface; ``block`` marks an
    exception phrase or a protected canonical, which consumes its span and rewrites nothing.
    """

    replacement: str
    canonical: str
    entity: str
    table: str
    variant: str
    form: str
    why: tuple[str, ...]
    block: bool = False
