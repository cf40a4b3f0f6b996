"""Synthetic, name-like rule tables.

Each entity is an abstract "source" name (a sequence of Ukrainian-like phonemes) rendered with
several romanisation schemes: the press scheme gives the canonical spelling, the others give the
variants (German ``Selenskyj``, French ``Zelensky``, Polish ``Zełenśkyj``, Czech ``Zelenskyj``,
scholarly ``Zelensʹkyj`` ...).  That yields realistic variants: plain Latin letters, letters with
diacritics, apostrophes (soft sign), multi-word "First Last" names and hyphenated places.

Guarantees (checked by construction, see ``_Registry``):

* every canonical and every variant is unique, also after upper-casing, so the three case forms
  (as written, first letter capitalised, ALL CAPS) of all strings are pairwise distinct; hence no
  variant equals a canonical and no variant belongs to two entities;
* no string collides (in any case form) with a word of the prose vocabulary (``prose.py``);
* every string starts and ends with a letter, so ``\\b`` anchors are exact.

Tables are nested: the table of N variants is a prefix of the entity stream, so the table of
1,000 variants is contained in the tables of 10,000 and 100,000 variants.  Corpora draw their
mentions from the smallest table, so every mention is a rule of every table.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

# Phonemes of the abstract source names.  Upper-case letters are used as single-character codes
# for phonemes that have multi-letter spellings.
#   Z=zh  X=kh  C=ts  H=ch  S=sh  Q=shch  J=y-glide  Y=y (и)  I=yi (ї)  E=ye (є)  U=yu (ю)
#   A=ya (я)  G=h (г)  '=soft sign.  Final "YJ" (-ий) gets its own spelling.
CONSONANTS = list("bdfklmnprstvz") + list("ZXCHSQG")
VOWELS = list("aeiou") + list("YIEUA")

SCHEMES: dict[str, dict[str, str]] = {
    # The press scheme: canonical spellings (Zelenskyy, Kyiv, Kharkiv).
    "press": {"Z": "zh", "X": "kh", "C": "ts", "H": "ch", "S": "sh", "Q": "shch", "J": "y",
              "Y": "y", "I": "yi", "E": "ye", "U": "yu", "A": "ya", "G": "h", "'": "",
              "YJ$": "yy"},
    "russified": {"Z": "zh", "X": "kh", "C": "ts", "H": "ch", "S": "sh", "Q": "shch", "J": "y",
                  "Y": "i", "I": "i", "E": "e", "U": "yu", "A": "ya", "G": "g", "'": "",
                  "YJ$": "iy"},
    "english": {"Z": "zh", "X": "kh", "C": "ts", "H": "ch", "S": "sh", "Q": "shch", "J": "i",
                "Y": "y", "I": "i", "E": "ye", "U": "yu", "A": "ya", "G": "h", "'": "'",
                "YJ$": "y"},
    "german": {"Z": "sch", "X": "ch", "C": "z", "H": "tsch", "S": "sch", "Q": "schtsch",
               "J": "j", "Y": "y", "I": "ji", "E": "je", "U": "ju", "A": "ja", "G": "h",
               "'": "", "YJ$": "yj", "v": "w", "z": "s"},
    "french": {"Z": "j", "X": "kh", "C": "ts", "H": "tch", "S": "ch", "Q": "chtch", "J": "ï",
               "Y": "y", "I": "ï", "E": "ie", "U": "iou", "A": "ia", "G": "h", "'": "",
               "YJ$": "ï", "u": "ou"},
    "polish": {"Z": "ż", "X": "ch", "C": "c", "H": "cz", "S": "sz", "Q": "szcz", "J": "j",
               "Y": "y", "I": "ji", "E": "je", "U": "ju", "A": "ja", "G": "h", "'": "",
               "YJ$": "yj", "v": "w", "l": "ł"},
    "czech": {"Z": "ž", "X": "ch", "C": "c", "H": "č", "S": "š", "Q": "šč", "J": "j",
              "Y": "y", "I": "ji", "E": "je", "U": "ju", "A": "ja", "G": "h", "'": "'",
              "YJ$": "yj"},
    "scholarly": {"Z": "ž", "X": "x", "C": "c", "H": "č", "S": "š", "Q": "šč", "J": "j",
                  "Y": "y", "I": "ï", "E": "je", "U": "ju", "A": "ja", "G": "h", "'": "'",
                  "YJ$": "yj"},
    "spanish": {"Z": "zh", "X": "j", "C": "ts", "H": "ch", "S": "sh", "Q": "shch", "J": "i",
                "Y": "i", "I": "í", "E": "ie", "U": "iu", "A": "ia", "G": "j", "'": "",
                "YJ$": "i", "k": "c"},
}
VARIANT_SCHEMES = [s for s in SCHEMES if s != "press"]

SURNAME_SUFFIXES = [["e", "n", "k", "o"], ["H", "u", "k"], ["U", "k"], ["s", "k", "YJ"],
                    ["o", "v", "Y", "H"], ["k", "o"], ["i", "v"], ["e", "C"], ["n", "YJ"],
                    ["'", "k", "o"], ["'", "H", "u", "k"], ["Y", "n"]]
PLACE_SUFFIXES = [["i", "v"], ["i", "v", "k", "a"], ["G", "r", "a", "d"], ["p", "i", "l"],
                  ["o", "v", "o"], ["Y", "H", "i"], ["s", "'", "k"]]
GIVEN_SUFFIXES = [["o"], ["a"], ["Y", "r"], ["a", "n"], ["i", "J"], ["e", "n"], ["i", "m"]]


@dataclass
class Entity:
    """One rule: a canonical spelling and its variants (all literal text)."""

    canonical: str
    variants: list[str] = field(default_factory=list)


def _render(phonemes: list[str], scheme: str) -> str:
    """Spell a phoneme list with a romanisation scheme, first letter capitalised."""
    table = SCHEMES[scheme]
    parts = []
    for i, p in enumerate(phonemes):
        if p == "YJ" and i == len(phonemes) - 1:
            parts.append(table["YJ$"])
        elif p == "YJ":
            parts.append(table["Y"] + table["J"])
        else:
            parts.append(table.get(p, p))
    word = "".join(parts)
    return word[:1].upper() + word[1:]


def _stem(rng: random.Random, syllables: int) -> list[str]:
    """A random CV(C) stem, never starting with a soft sign."""
    out: list[str] = []
    for _ in range(syllables):
        out.append(rng.choice(CONSONANTS))
        out.append(rng.choice(VOWELS))
        if rng.random() < 0.25:
            out.append(rng.choice("lmnrs"))
    return out


class _Registry:
    """Keeps every string used so far (upper-cased) to guarantee uniqueness across case forms.

    It also keeps single-word names and the words of multi-word names apart, so that no word of
    a "Given Surname" is a single-word variant of another entity (such a table would rewrite
    part of a canonical: a naive matcher and this project legitimately disagree on it).
    """

    def __init__(self, reserved: set[str]):
        self._used = {w.upper() for w in reserved}
        self._single: set[str] = set()
        self._inner: set[str] = set()

    def take(self, s: str) -> bool:
        """Claim ``s``; False when it (or one of its case forms) is taken or malformed."""
        key = s.upper()
        if len(s) < 4 or key in self._used or not (s[0].isalpha() and s[-1].isalpha()):
            return False
        words = key.replace("-", " ").split(" ")
        if len(words) == 1:
            if key in self._inner:
                return False
            self._single.add(key)
        else:
            if any(w in self._single for w in words):
                return False
            self._inner.update(words)
        self._used.add(key)
        return True


def _name_shape(rng: random.Random) -> list[list[str]]:
    """Phoneme words of one entity: surname, "Given Surname", place or two-part place."""
    r = rng.random()
    surname = _stem(rng, rng.randint(1, 2)) + rng.choice(SURNAME_SUFFIXES)
    if r < 0.45:
        return [surname]
    if r < 0.70:
        given = _stem(rng, rng.randint(1, 2)) + rng.choice(GIVEN_SUFFIXES)
        return [given, surname]
    place = _stem(rng, rng.randint(1, 2)) + rng.choice(PLACE_SUFFIXES)
    if r < 0.90:
        return [place]
    adjective = _stem(rng, rng.randint(1, 2)) + ["YJ"]
    return [adjective, place]


def _spell(words: list[list[str]], scheme: str, joiner: str) -> str:
    return joiner.join(_render(w, scheme) for w in words)


def iter_entities(seed: int, reserved: set[str]) -> Iterator[Entity]:
    """Endless deterministic stream of entities with 3..7 (mean 5) variants each."""
    rng = random.Random(seed)
    registry = _Registry(reserved)
    while True:
        words = _name_shape(rng)
        # Two-part places are sometimes hyphenated (Ivano-Frankivsk style).
        joiner = "-" if len(words) == 2 and rng.random() < 0.3 and words[0][-1] != "YJ" else " "
        canonical = _spell(words, "press", joiner)
        if not registry.take(canonical):
            continue
        wanted = rng.choice([3, 4, 5, 5, 6, 7])
        candidates = [_spell(words, s, joiner) for s in rng.sample(VARIANT_SCHEMES,
                                                                   len(VARIANT_SCHEMES))]
        if len(words) == 2:  # the other joiner is a common variant too
            other = " " if joiner == "-" else "-"
            candidates.insert(rng.randrange(len(candidates)), _spell(words, "press", other))
        variants = []
        for c in candidates:
            if len(variants) == wanted:
                break
            if c not in variants and registry.take(c):
                variants.append(c)
        if variants:
            yield Entity(canonical, variants)


def make_table(n_variants: int, seed: int, reserved: set[str]) -> list[Entity]:
    """The first entities of the stream holding exactly ``n_variants`` variants."""
    out: list[Entity] = []
    total = 0
    for e in iter_entities(seed, reserved):
        take = min(len(e.variants), n_variants - total)
        out.append(Entity(e.canonical, e.variants[:take]))
        total += take
        if total >= n_variants:
            return out
    raise AssertionError("unreachable")


def to_toml(entities: list[Entity], name: str, description: str) -> str:
    """Serialise a table in the project's TOML format (JSON string escapes are valid TOML)."""
    q = lambda s: json.dumps(s, ensure_ascii=False)  # noqa: E731
    lines = ["[table]", f"name = {q(name)}", f"description = {q(description)}", ""]
    for e in entities:
        lines += ["[[entity]]", f"canonical = {q(e.canonical)}",
                  "variants = [" + ", ".join(q(v) for v in e.variants) + "]", ""]
    return "\n".join(lines)
