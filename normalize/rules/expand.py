"""Entities -> surface forms: every literal string the scanner looks for, and what it means.

Case forms and NFC/NFD spellings are expanded here, at compile time, so the scan over the
text needs no case or Unicode folding. Apostrophe look-alikes are folded to ``'`` on both
sides instead (in the patterns here, in the text by the trie as it reads each character),
which keeps the trie small: a name with two apostrophes would otherwise need 25 spellings.
Each surface carries a :class:`Rule` that says what to write instead (or, for a blocker, that
nothing may be rewritten there).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .parse import Entity
from .rule import APOSTROPHES, Rule, capitalize, is_recased

__all__ = ["APOSTROPHES", "Rule", "Expansion", "expand", "capitalize", "case_forms", "fold_apostrophes"]

AS_WRITTEN, CAPITALIZED, UPPER = "as-written", "capitalized", "upper"
_FORM_RANK = {AS_WRITTEN: 0, CAPITALIZED: 1, UPPER: 2}


@dataclass(slots=True)
class Expansion:
    """All surfaces of a table set, plus what was dropped and why (for the table lint)."""

    surfaces: dict[str, Rule] = field(default_factory=dict)
    dropped: list[tuple[str, str, str]] = field(default_factory=list)  # (entity, surface, reason)


def case_forms(s: str) -> dict[str, str]:
    """The three forms a name is matched in. Never a derived lower-case form."""
    return {AS_WRITTEN: s, CAPITALIZED: capitalize(s), UPPER: s.upper()}


def _replacement_forms(canonical: str) -> dict[str, str]:
    """What each case form of a variant is rewritten to: the canonical in that form, except that
    a canonical starting in lower case (``al-Qaida``) stays lower case for a capitalised form
    (:func:`~normalize.rules.rule.is_recased`: capitalised at apply time where a sentence starts)."""
    forms = case_forms(canonical)
    if forms[CAPITALIZED] != canonical:
        forms[CAPITALIZED] = canonical
    return forms


def fold_apostrophes(text: str) -> str:
    """Every apostrophe look-alike as ``'``: same length, so offsets carry over unchanged."""
    for ch in APOSTROPHES[1:]:
        if ch in text:
            text = text.replace(ch, "'")
    return text


def spellings(s: str) -> set[str]:
    """NFC and NFD, with apostrophe look-alikes folded to ``'`` (the scan folds the text alike)."""
    s = fold_apostrophes(s)
    return {unicodedata.normalize("NFC", s), unicodedata.normalize("NFD", s)}


def _except_forms(s: str) -> set[str]:
    """Exception phrases protect, so every plausible capitalisation of them is safe."""
    lower_first = s[:1].lower() + s[1:]
    return {s, lower_first, capitalize(s), s.upper(), s.lower(), " ".join(capitalize(w) for w in s.split(" "))}


def _compound_variants(entities: list[Entity], generated: dict[str, dict[str, tuple[str, ...]]] | None = None,
                       limit: int = 256) -> Iterator[tuple[Entity, str, str, bool]]:
    """Multi-word variants with another entity's canonical inside, spelled with its variants.

    ``Vladimir Zelenskyy`` (a variant of ``Volodymyr Zelenskyy``) contains the canonical
    ``Zelenskyy``; without ``Vladimir Zelensky`` as a variant too, one pass would give
    ``Vladimir Zelenskyy`` and a second pass ``Volodymyr Zelenskyy``: not idempotent.
    Generated variants count on both sides; the last item says whether the multi-word variant
    is an explicit one.
    """
    gen = generated or {}

    def variants_of(e: Entity) -> list[str]:
        extra = [v for v in gen.get(e.canonical, ()) if v not in e.variants]
        return list(e.variants) + extra

    by_canonical = {e.canonical: e for e in entities if e.variants or gen.get(e.canonical)}
    if not by_canonical:
        return
    for e in entities:
        explicit = set(e.variants)
        for v in variants_of(e):
            parts = _SEPARATORS.split(v)  # words at even indexes, " " or "-" between
            if len(parts) < 3:
                continue
            made = 0
            for i in range(0, len(parts), 2):
                other = by_canonical.get(parts[i])
                if other is None or other is e:
                    continue
                for ov in variants_of(other):
                    if made >= limit:
                        break
                    yield e, "".join(parts[:i] + [ov] + parts[i + 1:]), other.canonical, v in explicit
                    made += 1


_SEPARATORS = re.compile(r"( |-)")


def expand(entities: Iterable[Entity], generated: dict[str, dict[str, tuple[str, ...]]] | None = None) -> Expansion:
    """Expand entities into surface forms with conflicts resolved.

    Priority on a clash: explicit variants over compound ones over scheme-generated ones
    (over compounds of generated ones), then as written over capitalised over upper-cased. A
    surface equal to any canonical's surface is never a variant (canonical text is never
    reported). Two different entities claiming one surface at equal priority make it
    ambiguous: it is dropped.
    ``generated`` maps an entity's canonical to {variant: systems} from the scheme tables.
    """
    entities = list(entities)
    result = Expansion()
    canonical_surfaces: set[str] = set()
    for e in entities:
        for form in case_forms(e.canonical).values():
            canonical_surfaces |= spellings(form)

    # surface -> (priority, entity canonical, rule); ties between entities recorded in `clash`.
    best: dict[str, tuple[tuple[int, int], Rule]] = {}
    clash: set[str] = set()

    def offer(e: Entity, variant: str, why: tuple[str, ...], source_rank: int) -> None:
        canon_forms = _replacement_forms(e.canonical)
        for form, surface in case_forms(variant).items():
            if form != AS_WRITTEN and surface == variant:
                continue
            rule = Rule(canon_forms[form], e.canonical, e.canonical, e.table_of(variant), variant, form, why)
            prio = (source_rank, _FORM_RANK[form])
            for s in spellings(surface):
                if s in canonical_surfaces:
                    if form == AS_WRITTEN and source_rank == 0 and s == surface:
                        continue  # validated already: only a case/spelling twin of a canonical
                    result.dropped.append((e.canonical, s, "equals a canonical spelling"))
                    continue
                have = best.get(s)
                if have is None or prio < have[0]:
                    best[s] = (prio, rule)
                    clash.discard(s)
                elif prio == have[0] and have[1].entity != e.canonical:
                    clash.add(s)

    for e in entities:
        for v in e.variants:
            offer(e, v, ("explicit",), 0)
    for e, v, via, explicit in _compound_variants(entities, generated):
        offer(e, v, ("compound", via), 1 if explicit else 3)
    if generated:
        for e in entities:
            for v, systems in generated.get(e.canonical, {}).items():
                if v in e.variants or v == e.canonical:
                    continue
                offer(e, v, tuple(systems), 2)

    for s in sorted(clash):
        rule = best.pop(s)[1]
        result.dropped.append((rule.entity, s, "claimed by two entities"))
    result.surfaces = {s: r for s, (_, r) in best.items()}

    # A lower-case canonical found capitalised mid-sentence (``said Al-Qaida``) is rewritten to its
    # lower case: the capitalised canonical is a surface, recased where a sentence starts (there
    # it is left as it is).
    for e in entities:
        up = capitalize(e.canonical)
        rule = Rule(e.canonical, e.canonical, e.canonical, e.table, e.canonical, CAPITALIZED, ("lower-case canonical",))
        if up != e.canonical and up != e.canonical.upper() and is_recased(rule):
            for s in spellings(up):
                if s not in result.surfaces:
                    result.surfaces[s] = rule

    # Blockers: exception phrases, namesakes' phrases, and canonicals that contain a variant of
    # something else. A namesake phrase holding none of its entity's spellings names nothing.
    own: dict[str, set[str]] = {}
    for s, r in result.surfaces.items():
        own.setdefault(r.entity, set()).add(s.casefold())
    for e in entities:
        named: list[tuple[str, tuple[str, ...]]] = [(p, ("except",)) for p in e.excepts]
        for ns in e.namesakes:
            for phrase in ns.phrases:
                if _holds_spelling(phrase, own.get(e.canonical, set()) | {e.canonical.casefold()}):
                    named.append((phrase, ("namesake", ns.name)))
                else:
                    result.dropped.append((e.canonical, phrase, f"namesake phrase ({ns.name}) holds no spelling "
                                           "of the entity"))
        for phrase, why in named:
            rule = Rule("", e.canonical, e.canonical, e.table, phrase, AS_WRITTEN, why, block=True)
            for form in _except_forms(phrase):
                for s in spellings(form):
                    result.surfaces[s] = rule
    if result.surfaces:
        for e in entities:
            rule = Rule("", e.canonical, e.canonical, e.table, e.canonical, AS_WRITTEN, ("canonical",), block=True)
            for form in case_forms(e.canonical).values():
                if _has_inner_variant(form, result.surfaces):
                    for s in spellings(form):
                        result.surfaces.setdefault(s, rule)
    return result


_WORD_EDGE = re.compile(r"\b")


def _holds_spelling(phrase: str, spellings_cf: set[str]) -> bool:
    """True when a run of whole words of ``phrase`` is one of ``spellings_cf`` (case-folded)."""
    edges = [m.start() for m in _WORD_EDGE.finditer(phrase)]
    return any(fold_apostrophes(phrase[i:j]).casefold() in spellings_cf for i in edges for j in edges if j > i)


def _has_inner_variant(form: str, surfaces: dict[str, Rule]) -> bool:
    """True when a variant surface occurs inside ``form`` as a run of whole words."""
    if form.isalnum():
        return False
    edges = [m.start() for m in _WORD_EDGE.finditer(form)]
    n = len(form)
    for i in edges:
        for j in edges:
            if j <= i or (i, j) == (0, n):
                continue
            r = surfaces.get(form[i:j])
            if r is not None and not r.block:
                return True
    return False
