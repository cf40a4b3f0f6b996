"""Parse and validate rule tables (TOML).

A table is data, never code: literal strings only, checked at load time. Every
error is a :class:`TableError` that names the file, the entity and the reason.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .rule import APOSTROPHES

if TYPE_CHECKING:
    import regex

__all__ = ["Entity", "Table", "TableError", "load_table", "parse_table", "validate"]

_TABLE_KEYS = {"name", "description"}
_ENTITY_KEYS = {"canonical", "variants", "except", "source", "lang"}
_SOURCE_KEY = re.compile(r"source_[a-z]{2,3}\Z")
_LANG = re.compile(r"[a-z]{2,3}\Z")
_SPACES = re.compile(r"\s+")
_RESERVED = re.compile(r"[/\\@#]|::|(?<=\w)\.(?=\w)")
#: Scripts whose letters pass for one another (Latin a, Cyrillic а, Greek α): one word with letters of
#: two of them holds a look-alike and can never match real text.
LOOKALIKE_SCRIPTS = ("Latin", "Cyrillic", "Greek")


class TableError(ValueError):
    """A rule table that cannot be used, with where and why."""

    def __init__(self, path: str, reason: str, entity: str | None = None) -> None:
        self.path = path
        self.entity = entity
        self.reason = reason
        where = f"{path}: entity {entity!r}" if entity is not None else path
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True, slots=True)
class Entity:
    """One name: its canonical spelling, the variants to rewrite, the phrases to leave."""

    canonical: str
    variants: tuple[str, ...] = ()
    excepts: tuple[str, ...] = ()
    source: str | None = None
    lang: str | None = None
    sources: tuple[tuple[str, str], ...] = ()  # extra (lang, source) pairs: source_ru = "..."
    table: str = ""


@dataclass(frozen=True, slots=True)
class Table:
    """A parsed table file: its name, description and entities, in file order."""

    name: str
    path: str
    entities: tuple[Entity, ...]
    description: str = ""


def load_table(path: str | Path) -> Table:
    """Read and check one table file."""
    p = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise TableError(p, f"cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TableError(p, f"not UTF-8 (byte {exc.start})") from None
    return parse_table(text, p, default_name=Path(path).stem)


def parse_table(text: str, path: str = "<table>", default_name: str | None = None) -> Table:
    """Parse table text; ``path`` is only used in messages."""
    import tomllib  # only when a table is parsed: start-ups served by the cache skip it

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TableError(path, f"invalid TOML: {exc}") from None
    unknown = set(data) - {"table", "entity"}
    if unknown:
        raise TableError(path, f"unknown top-level key {sorted(unknown)[0]!r} (expected [table] and [[entity]])")
    head = data.get("table", {})
    if not isinstance(head, dict):
        raise TableError(path, "[table] must be a table")
    bad = set(head) - _TABLE_KEYS
    if bad:
        raise TableError(path, f"unknown key {sorted(bad)[0]!r} in [table] (allowed: {', '.join(sorted(_TABLE_KEYS))})")
    name = head.get("name", default_name or Path(path).stem)
    description = head.get("description", "")
    if not isinstance(name, str) or not name.strip():
        raise TableError(path, "[table] name must be a non-empty string")
    if not isinstance(description, str):
        raise TableError(path, "[table] description must be a string")
    items = data.get("entity", [])
    if not isinstance(items, list):
        raise TableError(path, "'entity' must be an array of tables ([[entity]])")
    entities = tuple(_parse_entity(item, i, path, name) for i, item in enumerate(items))
    table = Table(name=name, path=path, entities=entities, description=description)
    validate([table])
    return table


def _parse_entity(item: Any, index: int, path: str, table: str) -> Entity:
    label = f"#{index + 1}"
    if not isinstance(item, dict):
        raise TableError(path, "must be a table", label)
    canonical = item.get("canonical")
    if isinstance(canonical, str) and canonical.strip():
        label = canonical
    for key in item:
        if key not in _ENTITY_KEYS and not _SOURCE_KEY.match(key):
            raise TableError(path, f"unknown key {key!r} (allowed: canonical, variants, except, source, lang, "
                             "source_<lang>)", label)
    if canonical is None:
        raise TableError(path, "missing 'canonical'", label)
    canonical = _edged(_phrase(canonical, "canonical", path, label), "canonical", path, label)
    variants = tuple(_edged(v, "variants", path, label)
                     for v in _phrases(item.get("variants", []), "variants", path, label))
    excepts = _phrases(item.get("except", []), "except", path, label)
    source = item.get("source")
    if source is not None:
        source = _phrase(source, "source", path, label)
    lang = item.get("lang")
    if lang is not None and (not isinstance(lang, str) or not _LANG.match(lang)):
        raise TableError(path, f"'lang' must be an ISO 639 code such as \"uk\", got {lang!r}", label)
    sources = tuple(
        sorted((k[len("source_"):], _phrase(v, k, path, label)) for k, v in item.items() if _SOURCE_KEY.match(k))
    )
    seen: set[str] = set()
    for v in variants:
        if v == canonical:
            raise TableError(path, f"variant {v!r} is the canonical itself", label)
        if v in seen:
            raise TableError(path, f"variant {v!r} listed twice", label)
        seen.add(v)
    return Entity(canonical, variants, excepts, source, lang, sources, table)


def _phrase(value: Any, key: str, path: str, label: str) -> str:
    if not isinstance(value, str):
        raise TableError(path, f"'{key}' must be a string, got {type(value).__name__}", label)
    if not value.strip():
        raise TableError(path, f"'{key}' is empty", label)
    if value != value.strip():
        raise TableError(path, f"'{key}' {value!r} has leading or trailing whitespace", label)
    for ch in value:
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cs", "Co", "Cn") or (cat == "Cf" and ch not in "\u200d\u200c"):
            raise TableError(path, f"'{key}' {value!r} contains control or invisible character U+{ord(ch):04X}", label)
    if not any(ch.isalnum() for ch in value):
        raise TableError(path, f"'{key}' {value!r} has no letter or digit", label)
    return unicodedata.normalize("NFC", _SPACES.sub(" ", value))


def _edged(value: str, key: str, path: str, label: str) -> str:
    """Names begin and end inside a word, so a rewrite never joins or splits words, and hold no
    character that marks protected text, so a rewrite never changes what is protected."""
    if not (_wordish(value[0]) and _wordish(value[-1])):
        raise TableError(path, f"'{key}' {value!r} must begin and end with a letter or digit", label)
    if value[0] in APOSTROPHES or value[-1] in APOSTROPHES:
        # The prime and the modifier apostrophe are letters to Unicode, but at a name's edge
        # they would take the apostrophe that closes a quotation or starts a possessive.
        raise TableError(path, f"'{key}' {value!r} must not begin or end with an apostrophe or prime "
                         "(it would take a closing quotation mark or a possessive's apostrophe)", label)
    bad = _RESERVED.search(value)
    if bad:
        raise TableError(path, f"'{key}' {value!r} contains {bad.group()!r}, which marks URLs, paths, e-mail "
                         "addresses and identifiers (protected text)", label)
    return value


def _wordish(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch)[0] == "M"


def _phrases(value: Any, key: str, path: str, label: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise TableError(path, f"'{key}' must be an array of strings, got {type(value).__name__}", label)
    return tuple(_phrase(v, key, path, label) for v in value)


@functools.lru_cache(maxsize=1)
def _script_patterns() -> tuple[regex.Pattern[str], dict[str, regex.Pattern[str]]]:
    """A word (a run of letters, marks, digits, connector punctuation, ZWJ/ZWNJ and apostrophes),
    and per look-alike script the pattern of one of its letters.

    The ``regex`` module, because the standard library has no Unicode script property
    (``\\p{Script=Latin}``); it is imported here, on the validation path only, so a start-up
    served by the compiled-table cache never loads it.
    """
    import regex

    word = regex.compile(r"[\p{L}\p{M}\p{N}\p{Pc}\u200c\u200d" + regex.escape(APOSTROPHES) + "]+")
    return word, {s: regex.compile(rf"\p{{Script={s}}}") for s in LOOKALIKE_SCRIPTS}


def mixed_script(phrase: str) -> str | None:
    """Why ``phrase`` can never match real text because one of its words mixes look-alike
    scripts (:data:`LOOKALIKE_SCRIPTS`), or ``None``. Words are separated by spaces, hyphens
    and other punctuation, so ``Kyiv Київ`` and ``IT-парк`` pass; ``Kiеv`` (Cyrillic е) does not.
    """
    if phrase.isascii():
        return None  # every ASCII letter is Latin
    word, letter = _script_patterns()
    if sum(1 for pat in letter.values() if pat.search(phrase)) < 2:
        return None  # the common case: a phrase in one script
    for w in word.findall(phrase):
        letters = [(s, ch) for ch in w for s, pat in letter.items() if pat.match(ch)]
        found = [s for s, _ in letters]
        if len(set(found)) > 1:
            main = max(dict.fromkeys(found), key=found.count)  # the most letters; on a tie, the first
            other, ch = next((s, c) for s, c in letters if s != main)
            return (f"mixes {main} and {other} letters in one word "
                    f"(U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')})")
    return None


def _check_scripts(t: Table, e: Entity) -> None:
    for what, phrases in (("canonical", (e.canonical,)), ("variant", e.variants), ("except phrase", e.excepts)):
        for phrase in phrases:
            why = mixed_script(phrase)
            if why is not None:
                raise TableError(t.path, f"{what} {phrase!r} {why}", e.canonical)


def validate(tables: Iterable[Table]) -> None:
    """Check a set of tables together: one owner per spelling, no cycles, no duplicates, and
    no word that mixes look-alike letters of two scripts."""
    canon: dict[str, tuple[str, Entity]] = {}
    owner: dict[str, tuple[str, Entity]] = {}
    tables = list(tables)
    for t in tables:
        for e in t.entities:
            _check_scripts(t, e)
            key = e.canonical
            if key in canon:
                where = canon[key][0]
                raise TableError(t.path, f"duplicate entity (also defined in {where})", e.canonical)
            canon[key] = (t.path, e)
    for t in tables:
        for e in t.entities:
            for v in e.variants:
                if v in owner and owner[v][1] is not e:
                    other = owner[v]
                    raise TableError(
                        t.path,
                        f"variant {v!r} is also a variant of {other[1].canonical!r} ({other[0]}): ambiguous",
                        e.canonical,
                    )
                owner[v] = (t.path, e)
                if v in canon and canon[v][1] is not e:
                    raise TableError(
                        t.path,
                        f"variant {v!r} is the canonical of entity {v!r} ({canon[v][0]}): "
                        "a rewrite cycle, output would not be stable",
                        e.canonical,
                    )
