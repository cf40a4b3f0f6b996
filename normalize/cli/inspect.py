"""``--variants`` and ``--lint-tables``: a name's variant family and the table lint, as text or JSON."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from typing import TextIO

import click

from ..rules import generation
from ..rules.family import DROPPED, EXPLICIT, GENERATED, Family, FamilyError, lint_tables, variant_family
from ..rules.generation import Dropped
from ..rules.parse import Table

__all__ = ["render_family", "render_lint", "run_inspection"]


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
            layer = f"  [{s.table}]" if s.table and s.table != family.table else ""  # added by a layer
            out.write(f"  {s.spelling:<{width}}  {systems}{reason}{layer}\n")


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
    if fmt not in ("text", "json"):
        click.echo(f"translit-normalize: error: --format {fmt} does not apply to --variants or --lint-tables "
                   "(use text or json)", err=True)
        return 2
    if variants_of is not None and lint:
        click.echo("translit-normalize: error: --variants and --lint-tables exclude each other", err=True)
        return 2
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
