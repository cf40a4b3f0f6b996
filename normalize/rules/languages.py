"""Canonical forms per target language: the table set that text in one language is normalized with.

An ``[[entity]]`` (or an ``[[extend]]`` item) may give ``canonical_<lang>`` keys beside
``canonical``, ``<lang>`` a two-letter ISO 639-1 code: ``canonical_de = "Selenskyj"``,
``canonical_pl = "Zełenski"``. ``canonical`` is the English form (so ``canonical_en`` is refused
by the parser). :func:`for_target` turns the tables into the set for one language:

* ``"en"``: the tables as they are;
* another language: each entity with a canonical for that language gets it as its canonical,
  and its English canonical and its variants become that spelling's variants (a variant equal to
  the new canonical is no longer one). An entity without a canonical for that language is left
  out: it is not rewritten in that language's text at all, since an English form does not belong
  in German text. ``canonical_<lang>`` equal to ``canonical`` keeps the entity, spelled alike.

The result is checked with :func:`~normalize.rules.parse.validate`, so one canonical per entity,
no rewrite cycles and no variant claimed by two entities hold per language; a failure is a
:class:`~normalize.rules.parse.TableError` that names the language.

Pure: no I/O, the tables are not changed (frozen dataclasses, new ones are built).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from .parse import Entity, Table, TableError, validate

__all__ = ["for_target", "languages_of", "ENGLISH"]

#: The language of ``canonical``.
ENGLISH = "en"
_LANG = re.compile(r"[a-z]{2}\Z")


def for_target(tables: Sequence[Table], lang: str) -> tuple[Table, ...]:
    """The tables for text in ``lang`` (an ISO 639-1 code); see the module docstring.

    ``"en"`` gives the tables unchanged (the same objects). For another language, tables with
    ``[[extend]]`` items or ``leave_out`` are layered first (:func:`~normalize.rules.layers.merge`,
    so extensions that name entities by their English canonical apply), and the result holds no
    layers. Every table keeps its place, name and path, with the entities it keeps.
    """
    if not isinstance(lang, str) or not _LANG.match(lang):
        raise ValueError(f"target language must be a two-letter lower-case ISO 639-1 code such as 'de', "
                         f"got {lang!r}")
    if lang == ENGLISH:
        return tuple(tables)
    from . import layers

    merged: Sequence[Table] = layers.merge(tables) if layers.is_layered(tables) else tables
    out = tuple(
        replace(t, entities=tuple(r for r in (_retarget(e, lang) for e in t.entities) if r is not None),
                extends=(), leave_out=())
        for t in merged
    )
    try:
        validate(out)
    except TableError as exc:
        raise TableError(exc.path, f"with the canonicals for target language {lang!r}: {exc.reason}",
                         exc.entity) from None
    return out


def _retarget(e: Entity, lang: str) -> Entity | None:
    spelling = e.canonical_for(lang)
    if spelling is None:
        return None
    if spelling == e.canonical:
        return e
    variants = tuple(v for v in (e.canonical, *e.variants) if v != spelling)
    origins = tuple(o for o in e.origins if o[0] != spelling)
    return replace(e, canonical=spelling, variants=variants, origins=origins)


def languages_of(tables: Sequence[Table]) -> tuple[str, ...]:
    """The target languages the tables have canonicals for, ``"en"`` always among them, sorted.
    ``canonical_<lang>`` keys of ``[[extend]]`` items count too."""
    found = {ENGLISH}
    for t in tables:
        for e in t.entities:
            found.update(code for code, _ in e.canonicals)
        for x in t.extends:
            found.update(code for code, _ in x.canonicals)
    return tuple(sorted(found))
