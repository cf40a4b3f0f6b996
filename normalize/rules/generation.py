"""Variants generated from the original-script name, and the guards that keep them safe.

An entity with ``source`` and ``lang`` (and any ``source_<lang>``) gets every spelling that a
transliteration system of that language produces (:func:`normalize.schemes.generate`), with the
systems that produce it as provenance (``("uk/kmu2010", "uk/icao", ...)``). Before a generated
spelling becomes a variant it must pass the guards, in this order; the first one that fails
drops it, with the reason (see :data:`REASONS`):

* it is the entity's own canonical (case and apostrophe look-alikes aside);
* it is one of the entity's explicit variants: not a drop, the explicit variant wins;
* it still contains letters of the source script, or does not begin and end with a letter
  or digit (a name that is not fully covered by the scheme);
* it has fewer than :data:`MIN_LETTERS` letters: three-letter Latin strings are acronyms and
  short words in some language (Don, Bar, Mir, Lev, Ros, Oka) and match in ALL CAPS too (MIR,
  BAR), where no word list helps; no built-in name needs a generated form that short;
* it equals another entity's canonical or explicit variant, in any case form (that entity owns
  the spelling), or another entity generates it too (ambiguous: nobody gets it);
* it is a common word (:func:`common_words`: Zipf frequency >= 4.0 in English, German, French,
  Spanish, Italian, Polish, Czech, Portuguese or Dutch, from wordfreq, exported into
  ``normalize/data/common_words.txt`` by ``scripts/build_common_words.py``).

All of this runs at compile time only; the result is cached with the compiled tables.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .datafiles import COMMON_WORDS as _DATA
from .parse import Entity
from .rule import APOSTROPHES

if TYPE_CHECKING:
    import regex

__all__ = ["MIN_LETTERS", "Dropped", "Generation", "candidates", "common_words", "data_parts", "generate",
           "is_common_word", "spelling_key"]

#: Generated spellings with fewer letters are dropped (see the module docstring).
MIN_LETTERS = 4

_APOSTROPHES = {ord(c): "'" for c in "'\u2019\u02bc\u02b9\u2032`"}

OWN_CANONICAL = "equals its own canonical"
NOT_TRANSLITERATED = "not fully transliterated"
BAD_EDGE = "does not begin and end with a letter or digit"
TOO_SHORT = f"too short (fewer than {MIN_LETTERS} letters)"
COMMON_WORD = "common word (Zipf >= 4.0 in en, de, fr, es, it, pl, cs, pt or nl)"
#: The fixed reasons; the others name the entity: "equals the canonical of X",
#: "equals a variant of X", "also generated for X".
REASONS = (OWN_CANONICAL, NOT_TRANSLITERATED, BAD_EDGE, TOO_SHORT, COMMON_WORD)


@dataclass(frozen=True, slots=True)
class Dropped:
    """A generated spelling that is not used, and why."""

    entity: str
    spelling: str
    systems: tuple[str, ...]
    reason: str


@dataclass(slots=True)
class Generation:
    """Per entity canonical, the generated variants kept ({spelling: systems}); what was dropped."""

    variants: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    dropped: list[Dropped] = field(default_factory=list)


def spelling_key(s: str) -> str:
    """What two spellings share when they match the same text in some case form: NFC,
    apostrophe look-alikes folded, case-folded."""
    return unicodedata.normalize("NFC", s).translate(_APOSTROPHES).casefold()


@functools.lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The exported common-word list (read on first use, at compile time only)."""
    words = set()
    with open(_DATA, encoding="utf-8") as f:
        for line in f:
            if line and not line.startswith("#"):
                words.add(line.rstrip("\n"))
    words.discard("")
    return frozenset(words)


def is_common_word(spelling: str) -> bool:
    """True when ``spelling`` (one word) is in the common-word list, whatever its case."""
    return unicodedata.normalize("NFC", spelling).casefold() in common_words()


def data_parts() -> list[tuple[str, bytes]]:
    """Name and bytes of every file generation depends on (scheme tables, the word list's
    header), for the compiled-table cache key: editing one invalidates compiled entries."""
    from .datafiles import parts

    return parts()


def _known_languages() -> frozenset[str]:
    from . import schemes

    return frozenset(schemes.languages())


def candidates(entity: Entity) -> dict[str, tuple[str, ...]]:
    """Every spelling the schemes produce for ``entity`` (its ``source`` in ``lang`` and each
    ``source_<lang>``), unguarded, with provenance ``lang/system``; spellings that differ only in
    apostrophe look-alikes are merged (the first, in system order, stands for them)."""
    from . import schemes

    known = _known_languages()
    pairs: list[tuple[str, str]] = []
    if entity.source and entity.lang:
        pairs.append((entity.lang, entity.source))
    pairs.extend(entity.sources)
    found: dict[str, tuple[str, list[str]]] = {}  # apostrophe-folded -> (spelling, systems)
    for lang, source in pairs:
        if lang not in known:
            continue
        order = {sid: i for i, sid in enumerate(schemes.systems(lang))}
        by_system: list[tuple[int, str, str]] = []
        for spelling, systems in schemes.generate(source, lang).items():
            for sid in systems:
                by_system.append((order[sid], sid, spelling))
        for _, sid, spelling in sorted(by_system):
            spelling = _trim(unicodedata.normalize("NFC", spelling))
            if not spelling:
                continue
            key = spelling.translate(_APOSTROPHES)
            have = found.setdefault(key, (spelling, []))
            pid = f"{lang}/{sid}"
            if pid not in have[1]:
                have[1].append(pid)
    return {spelling: tuple(systems) for spelling, systems in found.values()}


def _wordish(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch)[0] == "M"


#: Marks a system writes at a word's edge for a soft or hard sign: every apostrophe look-alike
#: (the prime ʹ and the modifier apostrophe ʼ are letters to Unicode, category Lm), the grave
#: accent, the double prime and a straight double quote.
_EDGE_MARKS = frozenset(APOSTROPHES + "`\u02ba\"")


def _trim(s: str) -> str:
    """Without the marks a system writes at a word's edge for a final soft sign or hard sign
    (Kazan’, Kerchʹ, Cheboksary`): a variant must begin and end inside a word, so that it never
    takes the apostrophe that closes a quotation or starts a possessive (``‘from Kerch’, she``,
    ``Kerch’s port``), and text that has the mark keeps it (``Kazan’`` -> ``Kazan’``)."""
    i, j = 0, len(s)
    while i < j and s[i] in _EDGE_MARKS:
        i += 1
    while j > i and s[j - 1] in _EDGE_MARKS:
        j -= 1
    return s[i:j].strip()


def _edged(s: str) -> bool:
    return bool(s) and _wordish(s[0]) and _wordish(s[-1]) and s[0] not in _EDGE_MARKS and s[-1] not in _EDGE_MARKS


@functools.lru_cache(maxsize=1)
def _non_latin_letter() -> regex.Pattern[str]:
    # A letter that is neither Latin nor a modifier letter (the prime ʹ, the apostrophe ʼ):
    # the regex module's set difference over Unicode script properties, which ``re`` lacks.
    import regex

    return regex.compile(r"(?V1)[\p{L}--\p{Lm}--\p{Script=Latin}]")


def _latin(s: str) -> bool:
    """No letter of another script left (modifier letters such as the prime ʹ are fine)."""
    return _non_latin_letter().search(s) is None


def _single_word(s: str) -> bool:
    return not any(ch.isspace() or ch in "-\u2010\u2011" for ch in s)


def generate(entities: Iterable[Entity]) -> Generation:
    """Generated variants of every entity, guarded (see the module docstring)."""
    entities = list(entities)
    result = Generation()
    owners: dict[str, tuple[str, str]] = {}  # key -> (entity canonical, "canonical" | "variant")
    for e in entities:
        owners.setdefault(spelling_key(e.canonical), (e.canonical, "canonical"))
    for e in entities:
        for v in e.variants:
            owners.setdefault(spelling_key(v), (e.canonical, "variant"))

    raw: dict[str, dict[str, tuple[str, ...]]] = {}
    generators: dict[str, set[str]] = {}  # key -> entities that generate it
    cands: dict[str, tuple[str, ...]] | None
    for e in entities:
        cands = candidates(e)
        if not cands:
            continue
        raw[e.canonical] = cands
        for spelling in cands:
            generators.setdefault(spelling_key(spelling), set()).add(e.canonical)

    common = None
    for e in entities:
        cands = raw.get(e.canonical)
        if not cands:
            continue
        own = spelling_key(e.canonical)
        explicit = {unicodedata.normalize("NFC", v).translate(_APOSTROPHES) for v in e.variants}
        kept: dict[str, tuple[str, ...]] = {}
        for spelling, systems in cands.items():
            key = spelling_key(spelling)
            reason = None
            if key == own:
                reason = OWN_CANONICAL
            elif spelling.translate(_APOSTROPHES) in explicit:
                continue  # explicit wins
            elif not _latin(spelling):
                reason = NOT_TRANSLITERATED
            elif not _edged(spelling):
                reason = BAD_EDGE
            elif sum(ch.isalpha() for ch in spelling) < MIN_LETTERS:
                reason = TOO_SHORT
            elif key in owners and owners[key][0] != e.canonical:
                other, kind = owners[key]
                reason = f"equals the {kind} of {other}" if kind == "canonical" else f"equals a variant of {other}"
            elif len(generators.get(key, ())) > 1:
                others = sorted(generators[key] - {e.canonical})
                reason = "also generated for " + ", ".join(others)
            elif _single_word(spelling):
                if common is None:
                    common = common_words()
                if unicodedata.normalize("NFC", spelling).casefold() in common:
                    reason = COMMON_WORD
            if reason is None:
                kept[spelling] = systems
            else:
                result.dropped.append(Dropped(e.canonical, spelling, systems, reason))
        if kept:
            result.variants[e.canonical] = kept
    return result
