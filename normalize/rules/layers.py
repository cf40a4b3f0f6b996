"""Layering: tables applied in order over the built-in ones, merged into one table set.

Precedence is the load order: the built-in tables, then the configured tables in the order the
configuration lists them, then the ``--table`` options (or ``Normalizer(tables=[...])`` in
order). Each table, in that order:

1. leaves out the earlier tables named in its ``[table] leave_out`` (and, before the first
   table, the names in ``leave_out`` given to :func:`merge`);
2. adds its ``[[entity]]`` items: a canonical that an earlier table defines is an error that
   points to ``[[extend]]`` (two tables that define one name are a conflict, not an override);
3. applies its ``[[extend]]`` items in file order to entities defined so far: ``variants`` and
   ``except`` add, ``drop_variants`` removes, ``canonical`` replaces (the old canonical becomes
   a variant, so text in the old style is rewritten to the new), ``canonical_<lang>`` sets or
   replaces the canonical of that one language (the English ``canonical`` and the other languages'
   stay), ``enabled = false`` switches the entity off. A later layer's change wins over an earlier
   one's. Per-language canonicals are checked per language when a target language is chosen
   (:func:`normalize.rules.languages.for_target`).

The result is validated once, as one table set, by :func:`~normalize.rules.parse.validate`:
a spelling that a layer adds and another table claims is reported with both files named. Each
spelling a layer adds carries that layer's table (``Entity.origins``), so matches and
``--variants`` name the layer it came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from .parse import Entity, Extension, Table, TableError

__all__ = ["merge", "is_layered"]


def is_layered(tables: Sequence[Table], leave_out: Iterable[str] = ()) -> bool:
    """Whether :func:`merge` has anything to do (else the tables are used as they are)."""
    return bool(tuple(leave_out)) or any(t.extends or t.leave_out for t in tables)


def merge(tables: Sequence[Table], leave_out: Iterable[str] = ()) -> list[Table]:
    """``tables`` layered in order (see the module docstring); every table keeps its place,
    with the entities it still defines, changed as later layers say."""
    out: list[Table] = []
    # canonical -> (index into out, index into that table's entity list)
    where: dict[str, tuple[int, int]] = {}
    entities: list[list[Entity | None]] = []
    off: dict[str, str] = {}  # canonical switched off -> the file that did it

    def drop_tables(names: Iterable[str], by: str) -> None:
        for name in names:
            hits = [i for i, t in enumerate(out) if t.name == name]
            if not hits:
                known = ", ".join(dict.fromkeys(t.name for t in out)) or "none"
                raise TableError(by, f"leave_out names table {name!r}, which no earlier table is "
                                 f"(tables loaded before it: {known})")
            for i in hits:
                for j, e in enumerate(entities[i]):
                    if e is not None:
                        del where[e.canonical]
                        entities[i][j] = None

    names = tuple(leave_out)
    unknown = [n for n in names if n not in {t.name for t in tables}]
    if unknown:
        raise TableError("leave_out", f"no table named {unknown[0]!r} "
                         f"(tables: {', '.join(dict.fromkeys(t.name for t in tables)) or 'none'})")
    for t in tables:
        if t.name in names:
            continue  # left out whole (a user layer that extends one of its entities is an error)
        out.append(t)
        entities.append([])
        idx = len(out) - 1
        if t.leave_out:
            drop_tables(t.leave_out, t.path)
        for e in t.entities:
            if e.canonical in where:
                i, _ = where[e.canonical]
                raise TableError(t.path, f"duplicate entity (also defined in {out[i].path}); to change it, "
                                 f"write [[extend]] with entity = {e.canonical!r}", e.canonical)
            where[e.canonical] = (idx, len(entities[idx]))
            entities[idx].append(e)
        for x in t.extends:
            _apply(x, out, entities, where, off)
    return [replace(t, entities=tuple(e for e in es if e is not None)) for t, es in zip(out, entities, strict=True)]


def _apply(x: Extension, out: list[Table], entities: list[list[Entity | None]],
           where: dict[str, tuple[int, int]], off: dict[str, str]) -> None:
    if x.entity not in where:
        if x.entity in off:
            raise TableError(x.path, f"[[extend]]: entity {x.entity!r} was switched off by {off[x.entity]}",
                             x.entity)
        raise TableError(x.path, "[[extend]]: no earlier table defines this entity (name it by its canonical "
                         "as the tables in use spell it)", x.entity)
    i, j = where[x.entity]
    e = entities[i][j]
    assert e is not None
    home = out[i].path
    if not x.enabled:
        entities[i][j] = None
        del where[x.entity]
        off[x.entity] = x.path
        return
    variants = list(e.variants)
    origins = list(e.origins)
    for v in x.drop_variants:
        if v not in variants:
            raise TableError(x.path, f"[[extend]]: drop_variants names {v!r}, which is not a variant of this "
                             f"entity ({home})", x.entity)
        variants.remove(v)
        origins = [o for o in origins if o[0] != v]
    for v in x.variants:
        if v in variants:
            src = next((o[2] for o in origins if o[0] == v), home)
            raise TableError(x.path, f"[[extend]]: variant {v!r} is already a variant of this entity ({src})",
                             x.entity)
        if v == e.canonical and x.canonical is None:
            raise TableError(x.path, f"[[extend]]: variant {v!r} is the canonical itself ({home})", x.entity)
        variants.append(v)
        origins.append((v, x.table, x.path))
    excepts = e.excepts + tuple(p for p in x.excepts if p not in e.excepts)
    canonical = e.canonical
    if x.canonical is not None and x.canonical != e.canonical:
        new = x.canonical
        if new in where:
            k, _ = where[new]
            raise TableError(x.path, f"[[extend]]: canonical {new!r} is the canonical of another entity "
                             f"({out[k].path})", x.entity)
        if new in variants:  # the new canonical was a spelling of this entity: no longer rewritten
            variants.remove(new)
            origins = [o for o in origins if o[0] != new]
        if e.canonical not in x.drop_variants and e.canonical not in variants:
            variants.append(e.canonical)  # text in the old style is rewritten to the new
            origins.append((e.canonical, x.table, x.path))
        canonical = new
        del where[e.canonical]
        where[new] = (i, j)
    canonicals = e.canonicals
    if x.canonicals:
        canonicals = tuple(sorted({**dict(e.canonicals), **dict(x.canonicals)}.items()))
    phrases = {p for ns in e.namesakes for p in ns.phrases}
    for ns in x.namesakes:
        for p in ns.phrases:
            if p in phrases:
                raise TableError(x.path, f"[[extend]]: namesake phrase {p!r} is already a namesake phrase of this "
                                 f"entity ({home})", x.entity)
    entities[i][j] = replace(e, canonical=canonical, variants=tuple(variants), excepts=excepts,
                             origins=tuple(origins), canonicals=canonicals, namesakes=e.namesakes + x.namesakes)
