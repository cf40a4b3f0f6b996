#!/usr/bin/env python3
"""Remove explicit variants that the transliteration schemes already generate for their entity.

Usage::

    python scripts/lean_tables.py            # rewrite tables/*.toml (then run check_tables.py)
    python scripts/lean_tables.py --dry-run  # only list what would go

An explicit variant goes when, with it removed, the generation pipeline (scheme tables plus the
guards of ``normalize.rules.generation``) gives the same spelling to the same entity, and the engine
still rewrites it, in every case form, to the canonical. It stays when no scheme produces it,
when a guard would drop the generated spelling (a common word such as Kiev, a short one, one
another entity claims), when an ``except`` phrase of the entity contains it (the exception
needs its variant), or when the engine check fails for any other reason. Files are written in
the canonical layout of ``scripts/check_tables.py``; an entity left without explicit variants
loses its ``variants`` key.
"""

from __future__ import annotations

import argparse
import os
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
os.environ["TRANSLIT_NORMALIZE_CACHE"] = "off"

from check_tables import header_of, render  # noqa: E402

from normalize import Normalizer, parse_table  # noqa: E402
from normalize.rules import generation  # noqa: E402
from normalize.rules.expand import case_forms  # noqa: E402
from normalize.rules.parse import Entity, Table  # noqa: E402

TABLES = ROOT / "tables"
_FOLD = {ord(c): "'" for c in "'\u2019\u02bc\u02b9\u2032"}


def _fold(s: str) -> str:
    return s.translate(_FOLD)


def _without(tables: list[Table], removed: dict[str, set[str]]) -> list[Table]:
    out = []
    for t in tables:
        ents = tuple(
            Entity(e.canonical, tuple(v for v in e.variants if v not in removed.get(e.canonical, ())), e.excepts,
                   e.source, e.lang, e.sources, e.table)
            for e in t.entities
        )
        out.append(Table(t.name, t.path, ents, t.description))
    return out


def plan(tables: list[Table]) -> dict[str, set[str]]:
    """Per entity canonical, the explicit variants that generation makes redundant."""
    entities = [e for t in tables for e in t.entities]
    removable: dict[str, set[str]] = {}
    for e in entities:
        made = {_fold(s) for s in generation.candidates(e)}
        cands = {v for v in e.variants if _fold(v) in made and not any(v in p for p in e.excepts)}
        if cands:
            removable[e.canonical] = cands
    for _ in range(5):
        leaned = _without(tables, removable)
        gen = generation.generate([e for t in leaned for e in t.entities])
        kept = {c: {_fold(s) for s in v} for c, v in gen.variants.items()}
        removable = {c: {v for v in vs if _fold(v) in kept.get(c, set())} for c, vs in removable.items()}
        removable = {c: vs for c, vs in removable.items() if vs}
        n = Normalizer(_without(tables, removable), builtin=False)
        failed: dict[str, set[str]] = {}
        for c, vs in removable.items():
            canon = case_forms(c)
            for v in vs:
                for form, surface in case_forms(v).items():
                    if n.normalize(f"( {surface} )") != f"( {canon[form]} )":
                        failed.setdefault(c, set()).add(v)
        if not failed:
            return removable
        for c, vs in failed.items():
            removable[c] -= vs
    raise SystemExit("lean_tables: no stable plan after 5 rounds")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    paths = sorted(TABLES.glob("*.toml"))
    tables = [parse_table(p.read_text(encoding="utf-8"), str(p), default_name=p.stem) for p in paths]
    removable = plan(tables)
    total = sum(len(v) for v in removable.values())
    before = sum(len(e.variants) for t in tables for e in t.entities)
    for p in paths:
        text = p.read_text(encoding="utf-8")
        data = tomllib.loads(text)
        changed = 0
        for ent in data.get("entity", []):
            drop = removable.get(ent["canonical"], set())
            if not drop:
                continue
            if args.dry_run:
                print(f"{p.name}: {ent['canonical']}: {', '.join(sorted(drop))}")
            ent["variants"] = [v for v in ent.get("variants", []) if v not in drop]
            changed += 1
            if not ent["variants"]:
                del ent["variants"]
        if changed and not args.dry_run:
            p.write_text(render(header_of(text), data), encoding="utf-8")
    print(f"{total} of {before} explicit variants are generated for their entity"
          + (" (dry run)" if args.dry_run else ": removed"), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
