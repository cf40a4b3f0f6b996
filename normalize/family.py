"""A name's variant family and the table lint: what generation makes of the tables, explained.

* :func:`variant_family` -- every spelling of a name: the explicit variants, the spellings the
  transliteration schemes generate (with the systems that produce them) and, for those the
  guards drop, the reason;
* :func:`lint_tables` -- every generated spelling that the guards dropped, in a table set;
* :func:`render_family` and :func:`render_lint` -- text and JSON for the CLI
  (``translit-normalize --variants SOURCE --lang uk``, ``--lint-tables``).
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Iterable, Sequence, TextIO

from . import generation
from .generation import Dropped
from .tables import Entity, Table

__all__ = ["Spelling", "Family", "FamilyError", "find_entity", "variant_family", "lint_tables",
           "render_family", "render_lint", "run_inspection"]

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


@dataclass(slots=True)
class Family:
    """A name's spellings; ``entity``/``table`` name the entity the source belongs to, if any."""

    source: str
    lang: str
    entity: str | None
    table: str | None
    spellings: list[Spelling] = field(default_factory=list)

    def to_dict(self) -> dict:
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
    out = Family(source=_nfc(source), lang=lang or entity.lang or "", entity=found and found.canonical,
                 table=found and found.table)
    cands = generation.candidates(entity)
    for v in entity.variants:
        out.spellings.append(Spelling(v, _systems_for(v, cands), EXPLICIT))
    explicit = {generation.spelling_key(v) for v in entity.variants}
    kept = gen.variants.get(entity.canonical, {})
    dropped = {d.spelling: d for d in gen.dropped if d.entity == entity.canonical}
    for spelling, systems in cands.items():
        if spelling in kept:
            out.spellings.append(Spelling(spelling, systems, GENERATED))
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


# --------------------------------------------------------------------------------------------
# Rendering (the CLI only prints these)
# --------------------------------------------------------------------------------------------


def render_family(family: Family, fmt: str, out: TextIO) -> None:
    """Text: one line per spelling, status and systems; JSON: one object."""
    if fmt == "json":
        out.write(json.dumps(family.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    target = f"{family.entity} [{family.table}]" if family.entity else "(no entity in the tables)"
    out.write(f"{family.source} ({family.lang}) -> {target}\n")
    width = max((len(s.spelling) for s in family.spellings), default=0)
    for status in (EXPLICIT, GENERATED, DROPPED):
        rows = [s for s in family.spellings if s.status == status]
        if not rows:
            continue
        out.write(f"{status} ({len(rows)}):\n")
        for s in rows:
            systems = ", ".join(s.systems) if s.systems else "-"
            reason = f"  -- {s.reason}" if s.reason else ""
            out.write(f"  {s.spelling:<{width}}  {systems}{reason}\n")


def render_lint(dropped: Sequence[Dropped], tables: Sequence[Table], fmt: str, out: TextIO) -> None:
    """Text: ``table/entity: spelling -- reason (systems)`` per line, then counts per reason;
    JSON: a list of objects."""
    table_of = {e.canonical: t.name for t in tables for e in t.entities}
    if fmt == "json":
        rows = [{"table": table_of.get(d.entity, ""), "entity": d.entity, "spelling": d.spelling,
                 "systems": list(d.systems), "reason": d.reason} for d in dropped]
        out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    counts: dict[str, int] = {}
    for d in dropped:
        out.write(f"{table_of.get(d.entity, '')}/{d.entity}: {d.spelling} -- {d.reason} "
                  f"({', '.join(d.systems)})\n")
        kind = d.reason if d.reason in generation.REASONS else d.reason.split(" of ")[0].split(" for ")[0]
        counts[kind] = counts.get(kind, 0) + 1
    out.write(f"{len(dropped)} generated spelling{'' if len(dropped) == 1 else 's'} dropped"
              + (": " + "; ".join(f"{n} {k}" for k, n in sorted(counts.items(), key=lambda kv: -kv[1]))
                 if counts else "") + "\n")


def run_inspection(tables: Sequence[Table], variants_of: str | None, lang: str | None, lint: bool,
                   fmt: str) -> int:
    """What the CLI's ``--variants``/``--lint-tables`` do; returns the exit code: 0, or 2 for a
    usage error (unknown language, no language for an unknown name, --format github)."""
    import click

    if fmt not in ("text", "json"):
        click.echo(f"translit-normalize: error: --format {fmt} does not apply to --variants or --lint-tables "
                   "(use text or json)", err=True)
        return 2
    if variants_of is not None and lint:
        click.echo("translit-normalize: error: --variants and --lint-tables exclude each other", err=True)
        return 2
    import io

    out = io.StringIO()
    if variants_of is not None:
        try:
            family = variant_family(variants_of, lang, tables)
        except FamilyError as exc:
            click.echo(f"translit-normalize: error: {exc}", err=True)
            return 2
        render_family(family, fmt, out)
    else:
        render_lint(lint_tables(tables), tables, fmt, out)
    click.echo(out.getvalue(), nl=False)
    return 0
