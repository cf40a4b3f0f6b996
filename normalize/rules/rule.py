"""What one surface form means (:class:`Rule`), and the apostrophe look-alikes folded on both sides.

Kept apart from :mod:`normalize.expand` so that loading a compiled table needs neither the
expansion code nor what it imports.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["APOSTROPHES", "Rule", "capitalize", "is_recased"]

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


def capitalize(s: str) -> str:
    """First letter in title case, the rest untouched (``al-Qa'ida`` -> ``Al-Qa'ida``)."""
    for i, ch in enumerate(s):
        if ch.isalpha():
            return s[:i] + ch.title() + s[i + 1:]
    return s


def _first_letter(s: str) -> str:
    return next((ch for ch in s if ch.isalpha()), "")


def is_recased(rule: Rule) -> bool:
    """Whether the replacement depends on where the match starts: a canonical that starts in lower
    case (``al-Qaida``, ``bin Laden``) found in a capitalised form (``Al Qaeda``, ``Al-Qaida``).
    The rule's replacement is then the lower-case canonical, capitalised only where a sentence,
    a line or a heading starts (:func:`normalize.engine.resolve.starts_sentence`)."""
    if rule.block or rule.form == "upper":
        return False
    if not _first_letter(rule.replacement).islower():
        return False
    return rule.form == "capitalized" or _first_letter(rule.variant).isupper()
