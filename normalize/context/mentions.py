"""Mentions: spellings that the text is talking about, not using.

Two rules, both inside the candidate's sentence:

* **compared** - another spelling of the same entity (its canonical, or a different variant)
  in the same sentence: ``Kyiv (formerly Kiev)``, ``"Kharkov" or "Kharkiv"?``, a list of
  spellings. Two spellings of one name in one sentence mean the spellings are being compared.
* **cue** - the variant right after a word that introduces a spelling: ``formerly``,
  ``also spelled``, ``romanized as``, ``the spelling``... (quotes and a colon may sit between).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

__all__ = ["CUES", "cue_before", "word_at"]

#: Words that introduce a spelling (English, and the same in de, fr, pl, es, it, nl).
CUES = (
    "formerly", "previously", "also spelled", "also spelt", "also written", "spelled", "spelt", "written as",
    "romanized as", "romanised as", "transliterated as", "transliteration", "the spelling", "spelling",
    "spellings", "formerly known as", "once known as", "also known as", "known as", "the name", "instead of",
    "rather than", "not", "vs.", "vs", "versus",
    "früher", "ehemals", "auch", "geschrieben", "statt", "anstatt", "nicht",
    "anciennement", "autrefois", "dit", "écrit", "orthographe", "au lieu de", "plutôt que",
    "dawniej", "wcześniej", "pisane", "pisownia", "zamiast",
    "antes", "antiguamente", "escrito", "grafía", "en lugar de", "en vez de",
    "già", "ex", "scritto", "grafia", "invece di",
    "voorheen", "vroeger", "gespeld", "in plaats van",
)
_CUE_PATTERN = (r"(?:^|(?<=[^\w]))(?:" + "|".join(sorted((re.escape(c) for c in CUES), key=len, reverse=True))
                  + r")[\s:,]*[\"'\u201c\u201e\u2018\u201a\u00ab(\[]*\s*$", re.IGNORECASE)

# Cues strong enough without another spelling in the sentence.
_STRONG_PATTERN = (r"(?:formerly|previously|also (?:spelled|spelt|written)|spelled|spelt|written as|"
                     r"romani[sz]ed as|transliterated as|(?:once|formerly|\w+ly) known as|known (?:\w+ ){1,3}as|"
                     r"(?:was|were|is|be|been) (?:then |once |still )?called|renamed from|the spelling|"
                     r"(?:old|former|Soviet|Russian|Soviet-era|older|earlier) (?:forms?|names?|spellings?)"
                     r" ?[\u2014\u2013:-](?: ?[\w'\u2019-]+,)*|früher|ehemals|"
                     r"anciennement|autrefois|dawniej|antiguamente|voorheen)[\s:,]*[\"'\u201c\u201e\u2018\u201a"
                     r"\u00ab(\[]*\s*$", re.IGNORECASE)


_CUE_WORDS = frozenset(w for c in CUES for w in c.split()) - {"the", "as", "of", "not", "name", "than", "in", "de",
                                                               "au", "lieu", "en", "van", "di", "ex", "dit"}


@functools.lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The cue patterns, compiled on first need (not at start-up: most text has no cue word)."""
    return re.compile(*_STRONG_PATTERN), re.compile(*_CUE_PATTERN)


def cue_before(text: str, start: int, lo: int) -> tuple[str, bool] | None:
    """The cue that ends right before ``start`` (looking back no further than ``lo``), and
    whether it is strong; None if there is none."""
    head = text[max(lo, start - 60):start]
    words = head.lower().split()[-8:]
    if not words or not any(w.strip("\"'\u201c\u201e\u2018\u201a\u00ab([:,\u2014\u2013-") in _CUE_WORDS
                            or w.endswith("ly") or w in ("called", "forms", "names") for w in words):
        return None  # no cue word at all in the last words: the common case, decided cheaply
    strong_re, cue_re = _patterns()
    m = strong_re.search(head)
    strong = m is not None
    if m is None:
        m = cue_re.search(head)
        if m is None:
            return None
    cue = m.group().strip(" \t\n:,\"'\u201c\u201e\u2018\u201a\u00ab([").lower()
    return " ".join(cue.split()), strong


@functools.lru_cache(maxsize=4096)
def _word_pattern(spelling: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(spelling) + r"(?!\w)", re.IGNORECASE)


def word_at(text: str, spelling: str, lo: int, hi: int, skip: tuple[int, int],
            where: Callable[[int, int], bool] | None = None) -> bool:
    """Does ``spelling`` occur as a whole word in ``text[lo:hi]`` outside ``skip`` (and where
    ``where(start, end)`` allows)?"""
    for m in _word_pattern(spelling).finditer(text, lo, hi):
        if (m.end() <= skip[0] or m.start() >= skip[1]) and (where is None or where(m.start(), m.end())):
            return True
    return False
