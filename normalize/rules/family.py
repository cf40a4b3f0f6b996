"""A name's variant family and the table lint: what generation makes of the tables, explained.

* :func:`variant_family` -- every spelling of a name: the explicit variants, the spellings the
  transliteration schemes generate (with the systems that produce them) and, for those the
  guards drop, the reason;
* :func:`lint_tables` -- every generated spelling that the guards dropped, in a table set.

``normalize.cli.inspect`` renders both for ``--variants`` and ``--lint-tables``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from . import generation
from .generation import Dropped
from .parse import Entity, Table

__all__ = ["Spelling", "Family", "FamilyError", "find_entity", "variant_family", "lint_tables",
           "EXPLICIT", "GENERATED", "DROPPED"]

EXPLICIT, GENERATED, DROPPED = "explicit", "generated", "dropped"


class FamilyError(ValueError):
    """A name the schemes cannot handle (unknown language, no language given)."""


@dataclass(frozen=True, slots=True)
class Spelling:
    """One member of a family. ``status`` is explicit, generated or dropped (then ``reason``)."""

    spelling: str
    systems: tuple[str, ...]
    status: str
    reason: str = ""
    table: str = ""  # the table the spelling came from: a layer's ([[extend]]) or the entity's own


@dataclass(slots=True)
class Family:
    """A name's spellings; ``entity``/``table`` name the entity the source belongs to, if any."""

    source: str
    lang: str
    entity: str | None
    table: str | None
    spellings: list[Spelling] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for s in d["spellings"]:
            s["systems"] = list(s["systems"])
        return d


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def _entities(tables: Iterable[Table]) -> list[Entity]:
    return [e for t in tables for e in t.entities]


def find_entity(tables: Iterable[Table], source: str, lang: str | None = None) -> Entity | None:
    """The entity whose ``source`` (or ``source_<lang>``) is ``source``, or whose canonical it is."""
    source = _nfc(source)
    entities = _entities(tables)
    for e in entities:
        pairs = ([(e.lang, e.source)] if e.source else []) + list(e.sources)
        if any(_nfc(s) == source and (lang is None or lg == lang) for lg, s in pairs):
            return e
    for e in entities:
        if e.canonical == source:
            return e
    return None


def variant_family(source: str, lang: str | None, tables: Sequence[Table]) -> Family:
    """The family of ``source`` in ``lang`` against ``tables``.

    When ``source`` is the source of an entity (or its canonical), the family is that entity's:
    its explicit variants and what its ``source`` and every ``source_<lang>`` generate, guarded
    exactly as the compiler does. Otherwise it is what ``source`` alone would generate as a new
    entity of these tables."""
    from . import schemes

    entity = find_entity(tables, source, lang)
    if entity is None:
        if lang is None:
            raise FamilyError(f"no entity has the source {source!r}: give its language with --lang")
        if lang not in schemes.languages():
            raise FamilyError(f"no transliteration schemes for language {lang!r} "
                              f"(have: {', '.join(schemes.languages())})")
        entity = Entity(canonical=_nfc(source), source=_nfc(source), lang=lang, table="")
        entities = _entities(tables) + [entity]
        found = None
    else:
        entities = _entities(tables)
        found = entity
    gen = generation.generate(entities)
    out = Family(source=_nfc(source), lang=lang or entity.lang or "",
                 entity=found.canonical if found is not None else None,
                 table=found.table if found is not None else None)
    cands = generation.candidates(entity)
    for v in entity.variants:
        out.spellings.append(Spelling(v, _systems_for(v, cands), EXPLICIT, table=entity.table_of(v)))
    explicit = {generation.spelling_key(v) for v in entity.variants}
    kept = gen.variants.get(entity.canonical, {})
    dropped = {d.spelling: d for d in gen.dropped if d.entity == entity.canonical}
    for spelling, systems in cands.items():
        if spelling in kept:
            out.spellings.append(Spelling(spelling, systems, GENERATED, table=entity.table))
        elif spelling in dropped:
            out.spellings.append(Spelling(spelling, systems, DROPPED, dropped[spelling].reason))
        elif generation.spelling_key(spelling) not in explicit:  # pragma: no cover - defensive
            out.spellings.append(Spelling(spelling, systems, DROPPED, "not used"))
    if found is None:  # a new name: its own "canonical" is only the source; nothing is dropped for that
        out.spellings = [s for s in out.spellings if s.reason != generation.OWN_CANONICAL]
    return out


def _systems_for(variant: str, cands: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    if variant in cands:
        return cands[variant]
    key = generation.spelling_key(variant)
    return next((systems for spelling, systems in cands.items() if generation.spelling_key(spelling) == key), ())


def lint_tables(tables: Sequence[Table]) -> list[Dropped]:
    """Every generated spelling the guards drop in this table set (table order, then entity)."""
    return generation.generate(_entities(tables)).dropped
