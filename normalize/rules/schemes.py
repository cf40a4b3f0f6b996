"""Transliteration scheme tables and the variant generator.

The letter tables live in ``tables/schemes/<lang>.toml`` (data, not code; the format is
documented in ``tables/schemes/README.md``).  This module loads and validates them and applies
them:

* :func:`languages` -- the languages that have a scheme file;
* :func:`systems` -- the system ids declared for a language, in file order;
* :func:`transliterate` -- one system applied to one text;
* :func:`generate` -- every distinct spelling produced by all systems of a language, with the
  ids of the systems that produce it (provenance).

Runtime dependencies: the standard library only (``tomllib``).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .datafiles import schemes_dir as _locate_schemes

__all__ = [
    "SchemeError",
    "Language",
    "System",
    "Rule",
    "languages",
    "systems",
    "system",
    "language",
    "transliterate",
    "generate",
    "schemes_dir",
]


class SchemeError(ValueError):
    """A scheme file is malformed: the message names the file, the system and the reason."""

    def __init__(self, file: str | Path, system: str | None, reason: str) -> None:
        self.file = str(file)
        self.system = system
        self.reason = reason
        where = f"{self.file}"
        if system:
            where += f", system {system!r}"
        super().__init__(f"{where}: {reason}")


# --------------------------------------------------------------------------------------------
# Locating the scheme files
# --------------------------------------------------------------------------------------------


def schemes_dir() -> Path:
    """The directory holding the scheme files (inside the installed package first)."""
    found = _locate_schemes()
    if found is None:
        raise FileNotFoundError("no tables/schemes directory in the package or beside the source tree")
    return found


# --------------------------------------------------------------------------------------------
# Data model
# --------------------------------------------------------------------------------------------

_SIMPLE_CONDITIONS = frozenset(
    {
        "initial",
        "final",
        "after_vowel",
        "after_consonant",
        "before_vowel",
        "before_consonant",
    }
)
_PARAM_CONDITIONS = frozenset({"after", "before"})


@dataclass(frozen=True)
class Condition:
    """One context test. ``kind`` is one of the names in README.md; ``letters`` is the
    parameter of ``after:``/``before:``; ``negate`` is set by the ``not_`` prefix."""

    kind: str
    letters: frozenset[str] = frozenset()
    negate: bool = False

    def text(self) -> str:
        base = f"{self.kind}:{''.join(sorted(self.letters))}" if self.kind in _PARAM_CONDITIONS else self.kind
        return ("not_" if self.negate else "") + base


@dataclass(frozen=True)
class Rule:
    """Write ``to`` for the source sequence ``match`` when every condition holds."""

    match: str
    to: str
    conditions: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class System:
    id: str
    lang: str
    name: str
    letters: Mapping[str, str]
    rules: tuple[Rule, ...]
    # rules grouped by the source sequence they match, longest sequences first
    by_match: Mapping[str, tuple[Rule, ...]]
    lengths: tuple[int, ...]


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    file: str
    alphabet: frozenset[str]
    vowels: frozenset[str]
    consonants: frozenset[str]
    apostrophes: frozenset[str]
    systems: Mapping[str, System]
    order: tuple[str, ...]


APOSTROPHE = "'"  # the key that stands for the source apostrophe in the tables

_LANGUAGE_KEYS = {"code", "name", "alphabet", "vowels", "consonants", "apostrophes"}
_SYSTEM_KEYS = {
    "name",
    "description",
    "sources",
    "inherit",
    "inherit_rules",
    "drop_rules",
    "letters",
    "rules",
}
_RULE_KEYS = {"match", "at", "to", "note"}


def _is_cyrillic(ch: str) -> bool:
    return "CYRILLIC" in unicodedata.name(ch, "")


def _parse_condition(raw: Any, file: Path, sid: str, alphabet: frozenset[str]) -> Condition:
    if not isinstance(raw, str) or not raw:
        raise SchemeError(file, sid, f"condition {raw!r} must be a non-empty string")
    text = raw
    negate = text.startswith("not_")
    if negate:
        text = text[4:]
    if text in _SIMPLE_CONDITIONS:
        return Condition(text, frozenset(), negate)
    kind, sep, letters = text.partition(":")
    if sep and kind in _PARAM_CONDITIONS:
        if not letters:
            raise SchemeError(file, sid, f"condition {raw!r} names no letters")
        stray = [c for c in letters if c not in alphabet]
        if stray:
            raise SchemeError(
                file, sid, f"condition {raw!r} uses letters outside the alphabet: {''.join(stray)!r}"
            )
        return Condition(kind, frozenset(letters), negate)
    raise SchemeError(
        file,
        sid,
        f"unknown condition {raw!r} (use initial, final, after_vowel, after_consonant, "
        "before_vowel, before_consonant, after:<letters>, before:<letters>, optionally "
        "prefixed by not_)",
    )


def _check_output(value: Any, file: Path, sid: str, what: str) -> str:
    if not isinstance(value, str):
        raise SchemeError(file, sid, f"{what}: output {value!r} must be a string")
    text = unicodedata.normalize("NFC", value)
    cyr = [c for c in text if _is_cyrillic(c)]
    if cyr:
        raise SchemeError(file, sid, f"{what}: output {text!r} contains Cyrillic {''.join(cyr)!r}")
    return text


def _load_language(file: Path) -> Language:
    import tomllib  # only when a scheme file is actually loaded (start-up time)

    try:
        with file.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise SchemeError(file, None, f"invalid TOML: {exc}") from None
    unknown = set(data) - {"language", "systems"}
    if unknown:
        raise SchemeError(file, None, f"unknown top-level keys {sorted(unknown)}")
    lang = data.get("language")
    if not isinstance(lang, dict):
        raise SchemeError(file, None, "missing [language] table")
    unknown = set(lang) - _LANGUAGE_KEYS
    if unknown:
        raise SchemeError(file, None, f"unknown [language] keys {sorted(unknown)}")
    for key in ("code", "alphabet", "vowels", "consonants"):
        if not isinstance(lang.get(key), str) or not lang[key]:
            raise SchemeError(file, None, f"[language] needs a non-empty string {key!r}")
    code = lang["code"]
    if file.stem != code:
        raise SchemeError(file, None, f"language code {code!r} does not match the file name")
    apostrophes = lang.get("apostrophes", [])
    if not isinstance(apostrophes, list) or not all(
        isinstance(a, str) and len(a) == 1 for a in apostrophes
    ):
        raise SchemeError(file, None, "[language] apostrophes must be a list of single characters")
    alphabet = set(lang["alphabet"])
    if apostrophes:
        alphabet.add(APOSTROPHE)
    alphabet_f = frozenset(alphabet)
    vowels = frozenset(lang["vowels"])
    consonants = frozenset(lang["consonants"])
    for label, group in (("vowels", vowels), ("consonants", consonants)):
        stray = group - alphabet_f
        if stray:
            raise SchemeError(file, None, f"{label} not in the alphabet: {''.join(sorted(stray))!r}")
    if vowels & consonants:
        raise SchemeError(file, None, f"letters both vowel and consonant: {''.join(sorted(vowels & consonants))!r}")
    for ch in alphabet_f:
        if ch != APOSTROPHE and (ch != ch.lower() or not _is_cyrillic(ch)):
            raise SchemeError(file, None, f"alphabet letter {ch!r} must be lower-case Cyrillic")

    raw_systems = data.get("systems")
    if not isinstance(raw_systems, dict) or not raw_systems:
        raise SchemeError(file, None, "no [systems.<id>] tables")

    resolved: dict[str, System] = {}

    def resolve(sid: str, chain: tuple[str, ...]) -> System:
        if sid in resolved:
            return resolved[sid]
        if sid in chain:
            raise SchemeError(file, sid, f"inheritance cycle {' -> '.join(chain + (sid,))}")
        raw = raw_systems[sid]
        if not isinstance(raw, dict):
            raise SchemeError(file, sid, "a system must be a table")
        unknown = set(raw) - _SYSTEM_KEYS
        if unknown:
            raise SchemeError(file, sid, f"unknown keys {sorted(unknown)}")
        letters: dict[str, str] = {}
        rules: list[Rule] = []
        parent_id = raw.get("inherit")
        if parent_id is not None:
            if parent_id not in raw_systems:
                raise SchemeError(file, sid, f"inherits from unknown system {parent_id!r}")
            parent = resolve(parent_id, chain + (sid,))
            letters.update(parent.letters)
            inherit_rules = raw.get("inherit_rules", True)
            if not isinstance(inherit_rules, bool):
                raise SchemeError(file, sid, "inherit_rules must be true or false")
            if inherit_rules:
                dropped = raw.get("drop_rules", [])
                if not isinstance(dropped, list) or not all(isinstance(d, str) for d in dropped):
                    raise SchemeError(file, sid, "drop_rules must be a list of match strings")
                parent_matches = {r.match for r in parent.rules}
                missing = [d for d in dropped if d not in parent_matches]
                if missing:
                    raise SchemeError(file, sid, f"drop_rules names rules the parent lacks: {missing}")
                rules.extend(r for r in parent.rules if r.match not in dropped)
        elif "inherit_rules" in raw or "drop_rules" in raw:
            raise SchemeError(file, sid, "inherit_rules/drop_rules need inherit")
        own_letters = raw.get("letters", {})
        if not isinstance(own_letters, dict):
            raise SchemeError(file, sid, "letters must be a table")
        for src, out in own_letters.items():
            if len(src) != 1 or src not in alphabet_f:
                raise SchemeError(
                    file, sid, f"letters key {src!r} is not one letter of the alphabet (use rules for sequences)"
                )
            letters[src] = _check_output(out, file, sid, f"letter {src!r}")
        missing = sorted(alphabet_f - set(letters))
        if missing:
            raise SchemeError(file, sid, f"letters missing for {''.join(missing)!r}")
        own_rules: list[Rule] = []
        raw_rules = raw.get("rules", [])
        if not isinstance(raw_rules, list):
            raise SchemeError(file, sid, "rules must be an array of tables ([[systems.<id>.rules]])")
        for i, rr in enumerate(raw_rules):
            if not isinstance(rr, dict):
                raise SchemeError(file, sid, f"rule {i + 1} must be a table")
            unknown = set(rr) - _RULE_KEYS
            if unknown:
                raise SchemeError(file, sid, f"rule {i + 1}: unknown keys {sorted(unknown)}")
            match = rr.get("match")
            if not isinstance(match, str) or not match:
                raise SchemeError(file, sid, f"rule {i + 1}: match must be a non-empty string")
            stray = [c for c in match if c not in alphabet_f]
            if stray:
                raise SchemeError(
                    file, sid, f"rule {i + 1} ({match!r}): letters outside the alphabet {''.join(stray)!r}"
                )
            if "to" not in rr:
                raise SchemeError(file, sid, f"rule {i + 1} ({match!r}): missing 'to'")
            to = _check_output(rr["to"], file, sid, f"rule {i + 1} ({match!r})")
            at = rr.get("at", [])
            if isinstance(at, str):
                at = [at]
            if not isinstance(at, list):
                raise SchemeError(file, sid, f"rule {i + 1} ({match!r}): at must be a string or a list")
            conds = tuple(_parse_condition(a, file, sid, alphabet_f) for a in at)
            if not conds and len(match) == 1:
                raise SchemeError(
                    file, sid, f"rule {i + 1} ({match!r}): an unconditional one-letter rule belongs in letters"
                )
            own_rules.append(Rule(match, to, conds))
        rules = own_rules + rules  # the system's own rules win over inherited ones
        by_match: dict[str, list[Rule]] = {}
        for r in rules:
            by_match.setdefault(r.match, []).append(r)
        lengths = tuple(sorted({len(m) for m in by_match} | {1}, reverse=True))
        name = raw.get("name", sid)
        if not isinstance(name, str):
            raise SchemeError(file, sid, "name must be a string")
        system = System(
            id=sid,
            lang=code,
            name=name,
            letters=MappingProxyType(dict(letters)),
            rules=tuple(rules),
            by_match=MappingProxyType({k: tuple(v) for k, v in by_match.items()}),
            lengths=lengths,
        )
        resolved[sid] = system
        return system

    for sid in raw_systems:
        if not isinstance(sid, str) or not sid or sid != sid.strip():
            raise SchemeError(file, str(sid), "bad system id")
        resolve(sid, ())
    return Language(
        code=code,
        name=str(lang.get("name", code)),
        file=str(file),
        alphabet=alphabet_f,
        vowels=vowels,
        consonants=consonants,
        apostrophes=frozenset(apostrophes),
        systems=MappingProxyType({sid: resolved[sid] for sid in raw_systems}),
        order=tuple(raw_systems),
    )


@functools.cache
def _language_files() -> Mapping[str, Path]:
    d = schemes_dir()
    return MappingProxyType({p.stem: p for p in sorted(d.glob("*.toml"))})


@functools.cache
def language(lang: str) -> Language:
    """The loaded and validated scheme file of ``lang`` (cached)."""
    files = _language_files()
    if lang not in files:
        raise KeyError(f"no transliteration schemes for language {lang!r} (have: {', '.join(files)})")
    return _load_language(files[lang])


def load_file(path: str | Path) -> Language:
    """Load and validate one scheme file (not cached; for tests and table authors)."""
    return _load_language(Path(path))


def languages() -> tuple[str, ...]:
    """Codes of the languages that have a scheme file."""
    return tuple(_language_files())


def systems(lang: str) -> tuple[str, ...]:
    """System ids declared for ``lang``, in file order."""
    return language(lang).order


def system(lang: str, system_id: str) -> System:
    """The loaded system ``system_id`` of ``lang``."""
    lg = language(lang)
    try:
        return lg.systems[system_id]
    except KeyError:
        raise KeyError(
            f"no system {system_id!r} for language {lang!r} (have: {', '.join(lg.order)})"
        ) from None


_system = system  # ``transliterate`` has a parameter called ``system``


# --------------------------------------------------------------------------------------------
# Applying a system
# --------------------------------------------------------------------------------------------


def _holds(cond: Condition, word: str, start: int, end: int, lg: Language) -> bool:
    kind = cond.kind
    prev = word[start - 1] if start > 0 else None
    nxt = word[end] if end < len(word) else None
    if kind == "initial":
        ok = prev is None
    elif kind == "final":
        ok = nxt is None
    elif kind == "after_vowel":
        ok = prev is not None and prev in lg.vowels
    elif kind == "after_consonant":
        ok = prev is not None and prev in lg.consonants
    elif kind == "before_vowel":
        ok = nxt is not None and nxt in lg.vowels
    elif kind == "before_consonant":
        ok = nxt is not None and nxt in lg.consonants
    elif kind == "after":
        ok = prev is not None and prev in cond.letters
    elif kind == "before":
        ok = nxt is not None and nxt in cond.letters
    else:  # pragma: no cover - rejected at load time
        raise AssertionError(kind)
    return ok != cond.negate


def _capitalise(s: str) -> str:
    for i, ch in enumerate(s):
        if ch.isalpha():
            return s[:i] + ch.upper() + s[i + 1 :]
    return s


def _word(word: str, sysm: System, lg: Language) -> str:
    low = word.lower()
    letters_in_word = [c for c in word if c.isalpha()]
    all_caps = len(letters_in_word) >= 2 and all(c.isupper() for c in letters_in_word)
    out: list[str] = []
    i, n = 0, len(low)
    while i < n:
        piece = None
        for length in sysm.lengths:
            if i + length > n:
                continue
            seg = low[i : i + length]
            for rule in sysm.by_match.get(seg, ()):
                if all(_holds(c, low, i, i + length, lg) for c in rule.conditions):
                    piece = rule.to
                    break
            if piece is not None:
                break
        else:
            length = 1
        if piece is None:
            length = 1
            piece = sysm.letters[low[i]]
        src_first = word[i]
        if src_first.isupper():
            piece = piece.upper() if all_caps else _capitalise(piece)
        out.append(piece)
        i += length
    return "".join(out)


def _split(text: str, lg: Language) -> list[tuple[bool, str]]:
    """Split ``text`` into (is_word, chunk) runs. A word is a maximal run of the language's
    letters; an apostrophe look-alike between two letters belongs to the word."""
    runs: list[tuple[bool, str]] = []
    n = len(text)
    i = 0

    def is_letter(ch: str) -> bool:
        return ch.lower() in lg.alphabet and ch != APOSTROPHE

    while i < n:
        if is_letter(text[i]):
            j = i
            buf: list[str] = []
            while j < n:
                ch = text[j]
                if is_letter(ch):
                    buf.append(ch)
                    j += 1
                elif (
                    ch in lg.apostrophes
                    and j + 1 < n
                    and is_letter(text[j + 1])
                ):
                    buf.append(APOSTROPHE)
                    j += 1
                else:
                    break
            runs.append((True, "".join(buf)))
            i = j
        else:
            j = i
            while j < n and not is_letter(text[j]):
                j += 1
            runs.append((False, text[i:j]))
            i = j
    return runs


_DECOMPOSED_CYRILLIC = re.compile("[\u0400-\u04ff][\u0300-\u036f]+")


def _compose_cyrillic(text: str) -> str:
    """Compose decomposed Cyrillic letters (и + U+0306 -> й, і + U+0308 -> ї, е + U+0308 -> ё)
    and leave every other character as it is."""
    return _DECOMPOSED_CYRILLIC.sub(lambda m: unicodedata.normalize("NFC", m[0]), text)


def transliterate(text: str, lang: str, system: str) -> str:
    """Apply one system of ``lang`` to ``text``.

    Characters outside the language's alphabet are kept as they are. An apostrophe look-alike
    between two letters is the language's apostrophe. A capitalised word gives a capitalised
    Latin word (Щ -> Shch), an all-caps word stays all caps (ЩУР -> SHCHUR).
    """
    lg = language(lang)
    sysm = _system(lang, system)
    text = _compose_cyrillic(text)
    return "".join(
        _word(chunk, sysm, lg) if is_word else chunk for is_word, chunk in _split(text, lg)
    )


def generate(source: str, lang: str) -> dict[str, tuple[str, ...]]:
    """Every distinct spelling that the systems of ``lang`` produce for ``source``, mapped to
    the sorted ids of the systems that produce it (provenance). Spellings are sorted."""
    return dict(_generate(_compose_cyrillic(source), lang))


@functools.lru_cache(maxsize=4096)
def _generate(source: str, lang: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    found: dict[str, set[str]] = {}
    for sid in systems(lang):
        found.setdefault(transliterate(source, lang, sid), set()).add(sid)
    return tuple((k, tuple(sorted(v))) for k, v in sorted(found.items()))
