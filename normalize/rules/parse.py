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

__all__ = ["Entity", "Extension", "Namesake", "Table", "TableError", "load_table", "parse_table", "validate"]

_TABLE_KEYS = {"name", "description", "leave_out"}
_EXTEND_KEYS = {"entity", "variants", "except", "drop_variants", "canonical", "enabled", "namesakes"}
_ENTITY_KEYS = {"canonical", "variants", "except", "source", "lang", "namesakes"}
_NAMESAKE_KEYS = {"name", "phrases"}
_SOURCE_KEY = re.compile(r"source_[a-z]{2,3}\Z")
#: ``canonical_<lang>``: the canonical for text in another language, ``<lang>`` an ISO 639-1 code
#: (two lower-case letters). ``canonical`` itself is the English form, so ``canonical_en`` is refused.
_CANONICAL_KEY = re.compile(r"canonical_([a-z]{2})\Z")
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
class Namesake:
    """Another bearer of a variant: what it is (``name``), and the phrases that name it.

    A phrase is left as written, as an ``except`` phrase is; once one occurs in a document, the
    variant it holds is left as written in the rest of that document too (the ``namesake``
    context rule: one sense per discourse).
    """

    name: str
    phrases: tuple[str, ...]


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
    #: (variant, table name, table path) for each variant a later layer (``[[extend]]``) added or,
    #: after a canonical replacement, the old canonical: the table that spelling came from.
    origins: tuple[tuple[str, str, str], ...] = ()
    #: (lang, canonical) for each ``canonical_<lang>`` key, sorted by language: the spelling text in
    #: that language uses (``("de", "Selenskyj")``). ``canonical`` is the English one; see
    #: :func:`normalize.rules.languages.for_target`.
    canonicals: tuple[tuple[str, str], ...] = ()
    #: Other bearers of its variants (``[[entity.namesakes]]``), in file order.
    namesakes: tuple[Namesake, ...] = ()

    def canonical_for(self, lang: str) -> str | None:
        """The canonical for text in ``lang``: ``canonical`` for ``"en"``, else the
        ``canonical_<lang>`` spelling, or ``None`` when the entity has none for that language."""
        if lang == "en":
            return self.canonical
        for code, spelling in self.canonicals:
            if code == lang:
                return spelling
        return None

    def table_of(self, variant: str) -> str:
        """The name of the table ``variant`` came from: a layer's, or the entity's own."""
        for v, name, _ in self.origins:
            if v == variant:
                return name
        return self.table


@dataclass(frozen=True, slots=True)
class Extension:
    """One ``[[extend]]`` item: a change to an entity of a table loaded before this one.

    ``entity`` names it by its canonical at that point. ``variants`` and ``excepts`` are added,
    ``drop_variants`` removed, ``canonical`` (when set) replaces the (English) canonical (the old
    canonical becomes a variant), ``canonicals`` (``canonical_<lang>`` keys) set or replace the
    canonical of one other language each, ``enabled = false`` switches the entity off.
    """

    entity: str
    table: str
    path: str
    variants: tuple[str, ...] = ()
    excepts: tuple[str, ...] = ()
    drop_variants: tuple[str, ...] = ()
    canonical: str | None = None
    enabled: bool = True
    canonicals: tuple[tuple[str, str], ...] = ()  # (lang, canonical), sorted: canonical_<lang> keys
    namesakes: tuple[Namesake, ...] = ()  # added after the entity's own


@dataclass(frozen=True, slots=True)
class Table:
    """A parsed table file: its name, description and entities, in file order."""

    name: str
    path: str
    entities: tuple[Entity, ...]
    description: str = ""
    extends: tuple[Extension, ...] = ()  # [[extend]] items, applied in file order after `entities`
    leave_out: tuple[str, ...] = ()  # names of earlier tables (built-in ones) left out whole


def load_table(path: str | Path) -> Table:
    """Read and check one table file."""
    p = str(path)
    raw = read_table_bytes(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TableError(p, f"not UTF-8 (byte {exc.start})") from None
    return parse_table(text, p, default_name=Path(path).stem)


#: The largest table file read: 64 MiB. The million-variant benchmark table is 15 MiB of TOML and
#: takes 1.5 GiB to compile, so 4x that is still a table that can be compiled, and a read bounded
#: there keeps ``/dev/zero`` or a runaway file from eating memory before the parser even starts.
MAX_TABLE_BYTES = 64 << 20


def read_table_bytes(path: str | Path) -> bytes:
    """A table file's bytes: a regular file of at most :data:`MAX_TABLE_BYTES`, else :class:`TableError`."""
    try:
        return read_regular_file(path, MAX_TABLE_BYTES)
    except OSError as exc:
        raise TableError(str(path), f"cannot read: {exc.strerror or exc}") from None


def read_regular_file(path: str | Path, limit: int) -> bytes:
    """Read ``path`` whole if it is a regular file of at most ``limit`` bytes (or ``os.devnull``).

    A FIFO, a socket or a device would block or never end (``/dev/zero``), so anything but a
    regular file is refused before a byte is read: the file is opened with ``O_NONBLOCK`` (an
    open of a FIFO without a writer does not wait), ``fstat``-ed, and read only if ``S_ISREG``.
    ``os.devnull`` reads as an empty file, as ``--config /dev/null`` is meant. At most ``limit``
    + 1 bytes are read, so a file that grows while it is read is refused too. Failures are
    :class:`OSError` with a ``strerror`` fit for a one-line message.
    """
    import errno
    import os
    import stat

    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            if stat.S_ISDIR(st.st_mode):
                raise OSError(errno.EISDIR, "is a folder, not a file")
            if _is_devnull(st):
                return b""
            kind = ("a FIFO" if stat.S_ISFIFO(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode)
                    else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else "special")
            raise OSError(errno.EINVAL, f"not a regular file ({kind})")
        too_big = OSError(errno.EFBIG, f"too large (more than {limit:,} bytes)")
        if st.st_size > limit:
            raise too_big
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            block = os.read(fd, min(left, 1 << 20))
            if not block:
                break
            chunks.append(block)
            left -= len(block)
        if left <= 0:
            raise too_big
        return b"".join(chunks)
    finally:
        os.close(fd)


def _is_devnull(st: Any) -> bool:
    import os

    try:
        null = os.stat(os.devnull)
    except OSError:
        return False
    return bool(st.st_rdev == null.st_rdev and st.st_mode == null.st_mode and st.st_rdev)


def short_repr(value: Any) -> str:
    """``repr(value)`` bounded in depth and length, for error messages: a value nested hundreds
    deep or a megabyte long would otherwise make a "one-line" error of any size (and ``repr`` of
    deep nesting recurses)."""
    import reprlib

    short = reprlib.Repr()
    short.maxlevel, short.maxstring, short.maxother, short.maxlist, short.maxdict = 3, 80, 80, 8, 8
    try:
        return short.repr(value)
    except RecursionError:  # reprlib limits the depth, but be sure
        return f"<{type(value).__name__}>"


def toml_loads(text: str) -> dict[str, Any]:
    """``tomllib.loads``, with every failure of the parser as ``ValueError("invalid TOML: ...")``.

    Deep nesting (``[[[[...`` or ``{a={a=...`` some 500 levels, in 1 KB) makes ``tomllib``
    recurse past Python's limit: a ``RecursionError``, reported here as a nesting error.
    """
    import tomllib  # only when a table is parsed: start-ups served by the cache skip it

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"invalid TOML: {exc}") from None
    except RecursionError:
        raise ValueError("invalid TOML: nested too deeply (arrays or inline tables hundreds of levels deep)") from None
    except MemoryError:
        raise ValueError("invalid TOML: out of memory while parsing") from None
    except Exception as exc:  # anything else the parser may raise is still bad TOML, not a crash
        raise ValueError(f"invalid TOML: {type(exc).__name__}: {exc}") from None


def parse_table(text: str, path: str = "<table>", default_name: str | None = None) -> Table:
    """Parse table text; ``path`` is only used in messages."""
    try:
        data = toml_loads(text)
    except ValueError as exc:
        raise TableError(path, str(exc)) from None
    unknown = set(data) - {"table", "entity", "extend"}
    if unknown:
        raise TableError(path, f"unknown top-level key {sorted(unknown)[0]!r} "
                         "(expected [table], [[entity]] and [[extend]])")
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
    leave_out = head.get("leave_out", [])
    if not isinstance(leave_out, list) or not all(isinstance(x, str) and x.strip() for x in leave_out):
        raise TableError(path, "[table] leave_out must be an array of table names (non-empty strings)")
    entities = tuple(_parse_entity(item, i, path, name) for i, item in enumerate(items))
    ext_items = data.get("extend", [])
    if not isinstance(ext_items, list):
        raise TableError(path, "'extend' must be an array of tables ([[extend]])")
    extends = tuple(_parse_extension(item, i, path, name) for i, item in enumerate(ext_items))
    table = Table(name=name, path=path, entities=entities, description=description, extends=extends,
                  leave_out=tuple(leave_out))
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
        if key.startswith("canonical_"):
            _check_canonical_key(key, path, label)
        elif key not in _ENTITY_KEYS and not _SOURCE_KEY.match(key):
            raise TableError(path, f"unknown key {key!r} (allowed: canonical, canonical_<lang>, variants, except, "
                             "namesakes, source, lang, source_<lang>)", label)
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
        raise TableError(path, f"'lang' must be an ISO 639 code such as \"uk\", got {short_repr(lang)}", label)
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
    return Entity(canonical, variants, excepts, source, lang, sources, table,
                  canonicals=_language_canonicals(item, path, label),
                  namesakes=_namesakes(item.get("namesakes", []), path, label))


def _namesakes(value: Any, path: str, label: str) -> tuple[Namesake, ...]:
    """``[[entity.namesakes]]`` items: each a ``name`` and non-empty ``phrases``, no phrase twice."""
    if not isinstance(value, list):
        raise TableError(path, "'namesakes' must be an array of tables ([[entity.namesakes]] with name and "
                         "phrases)", label)
    out: list[Namesake] = []
    seen: set[str] = set()
    for i, item in enumerate(value):
        where = f"namesake #{i + 1}"
        if not isinstance(item, dict):
            raise TableError(path, f"{where} must be a table with 'name' and 'phrases'", label)
        for key in item:
            if key not in _NAMESAKE_KEYS:
                raise TableError(path, f"{where}: unknown key {key!r} (allowed: name, phrases)", label)
        if "name" not in item or "phrases" not in item:
            raise TableError(path, f"{where} needs 'name' (what it is) and 'phrases' (the phrases that name it)",
                             label)
        name = _phrase(item["name"], "name", path, label)
        phrases = _phrases(item["phrases"], "phrases", path, label)
        if not phrases:
            raise TableError(path, f"namesake {name!r}: 'phrases' is empty", label)
        for phrase in phrases:
            _edged(phrase, "phrases", path, label)
            why = mixed_script(phrase)
            if why is not None:
                raise TableError(path, f"namesake phrase {phrase!r} {why}", label)
            if phrase in seen:
                raise TableError(path, f"namesake phrase {phrase!r} listed twice", label)
            seen.add(phrase)
        out.append(Namesake(name, phrases))
    return tuple(out)


def _check_canonical_key(key: str, path: str, label: str) -> None:
    """A ``canonical_<lang>`` key: two lower-case letters, and not ``en`` (``canonical`` is English)."""
    m = _CANONICAL_KEY.match(key)
    if m is None:
        raise TableError(path, f"unknown key {key!r}: a per-language canonical is canonical_<lang> with <lang> "
                         "a two-letter lower-case ISO 639-1 code, such as canonical_de", label)
    if m.group(1) == "en":
        raise TableError(path, "'canonical_en' is not allowed: 'canonical' is the English form "
                         "(write the English spelling there)", label)


def _language_canonicals(item: dict[str, Any], path: str, label: str) -> tuple[tuple[str, str], ...]:
    """The ``canonical_<lang>`` values of an ``[[entity]]`` or ``[[extend]]`` item, checked like
    ``canonical`` (a phrase that begins and ends inside a word, one script per word), sorted."""
    out: list[tuple[str, str]] = []
    for key, value in item.items():
        m = _CANONICAL_KEY.match(key)
        if m is None:
            continue
        spelling = _edged(_phrase(value, key, path, label), key, path, label)
        why = mixed_script(spelling)
        if why is not None:
            raise TableError(path, f"{key} {spelling!r} {why}", label)
        out.append((m.group(1), spelling))
    return tuple(sorted(out))


def _parse_extension(item: Any, index: int, path: str, table: str) -> Extension:
    label = f"[[extend]] #{index + 1}"
    if not isinstance(item, dict):
        raise TableError(path, "must be a table", label)
    target = item.get("entity")
    if isinstance(target, str) and target.strip():
        label = target
    for key in item:
        if key.startswith("canonical_"):
            _check_canonical_key(key, path, label)
        elif key not in _EXTEND_KEYS:
            raise TableError(path, f"unknown key {key!r} in [[extend]] (allowed: "
                             f"{', '.join(sorted(_EXTEND_KEYS | {'canonical_<lang>'}))})",
                             label)
    if target is None:
        raise TableError(path, "[[extend]] needs 'entity' (the canonical of the entity to change)", label)
    target = _phrase(target, "entity", path, label)
    variants = tuple(_edged(v, "variants", path, label)
                     for v in _phrases(item.get("variants", []), "variants", path, label))
    excepts = _phrases(item.get("except", []), "except", path, label)
    drops = _phrases(item.get("drop_variants", []), "drop_variants", path, label)
    canonical = item.get("canonical")
    if canonical is not None:
        canonical = _edged(_phrase(canonical, "canonical", path, label), "canonical", path, label)
    canonicals = _language_canonicals(item, path, label)
    enabled = item.get("enabled", True)
    if not isinstance(enabled, bool):
        raise TableError(path, f"'enabled' must be true or false, got {short_repr(enabled)}", label)
    if not enabled and (variants or excepts or drops or canonical is not None or canonicals):
        raise TableError(path, "'enabled = false' switches the entity off: it takes no other change", label)
    for v in variants:
        if variants.count(v) > 1:
            raise TableError(path, f"variant {v!r} listed twice", label)
    for phrase in (*variants, *excepts, *((canonical,) if canonical else ())):
        why = mixed_script(phrase)
        if why is not None:
            raise TableError(path, f"{phrase!r} {why}", label)
    namesakes = _namesakes(item.get("namesakes", []), path, label)
    if not enabled and namesakes:
        raise TableError(path, "'enabled = false' switches the entity off: it takes no other change", label)
    return Extension(target, table, path, variants, excepts, drops, canonical, enabled, canonicals, namesakes)


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
    for what, phrases in (("canonical", (e.canonical, *(c for _, c in e.canonicals))), ("variant", e.variants),
                          ("except phrase", e.excepts)):
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
                raise TableError(t.path, f"duplicate entity (also defined in {where}); to change it, write "
                                 f"[[extend]] with entity = {e.canonical!r}", e.canonical)
            canon[key] = (t.path, e)
    for t in tables:
        for e in t.entities:
            for v in e.variants:
                vpath = _origin_path(t, e, v)
                if v in owner and owner[v][1] is not e:
                    other = owner[v]
                    raise TableError(
                        vpath,
                        f"variant {v!r} is also a variant of {other[1].canonical!r} ({other[0]}): ambiguous",
                        e.canonical,
                    )
                owner[v] = (vpath, e)
                if v in canon and canon[v][1] is not e:
                    raise TableError(
                        vpath,
                        f"variant {v!r} is the canonical of entity {v!r} ({canon[v][0]}): "
                        "a rewrite cycle, output would not be stable",
                        e.canonical,
                    )


def _origin_path(t: Table, e: Entity, variant: str) -> str:
    """The file ``variant`` of ``e`` came from: the layer that added it, or ``e``'s own table."""
    for v, _, path in e.origins:
        if v == variant:
            return path
    return t.path
