"""The engines under test, each built from a TOML table into a ``replace(text) -> str``.

* ``normalize``      this project: ``Normalizer(tables=[path], builtin=False).normalize``
* ``flashtext``      ``KeywordProcessor(case_sensitive=True).replace_keywords``
* ``pyahocorasick``  ``Automaton.iter_long`` + whole-word check + join
* ``ahocorasick-rs`` ``AhoCorasick(..., MatchKind.LeftmostLongest).find_matches_as_indexes``
                     + whole-word check + join (the bare loop a user would write)
* ``re-trie``        one regex shaped like a trie of the forms, ``\\b(?:...)\\b``, ``sub``
* ``re-alt``         a plain ``\\b(?:form1|form2|...)\\b`` alternation, longest first
                     (only for small tables: it collapses on big ones)

For fairness the competitors get the same variant -> canonical mapping with this project's
three case forms expanded (as written, first letter capitalised, ALL CAPS; see
``expanded_mapping``).  They do not get NFD forms, apostrophe look-alikes or whitespace runs.

A word character is a character for which ``str.isalnum()`` is true, or ``_``.
"""

from __future__ import annotations

import importlib
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator

Replace = Callable[[str], str]


# --------------------------------------------------------------------------- the shared mapping

def load_entities(table: str) -> list[tuple[str, list[str]]]:
    """(canonical, variants) pairs of a TOML rule table."""
    with open(table, "rb") as f:
        doc = tomllib.load(f)
    return [(e["canonical"], list(e.get("variants", []))) for e in doc.get("entity", [])]


def case_forms(s: str) -> tuple[str, str, str]:
    """As written, first letter capitalised, ALL CAPS (the project's three case forms)."""
    return s, s[:1].upper() + s[1:], s.upper()


def expanded_mapping(table: str) -> dict[str, str]:
    """Surface form -> replacement, with the three case forms of every variant.

    A form found as written maps to the canonical as written, a capitalised form to the
    capitalised canonical, an upper-cased form to the upper-cased canonical; where forms
    coincide the earlier (as written) wins.
    """
    mapping: dict[str, str] = {}
    for canonical, variants in load_entities(table):
        for v in variants:
            for form, repl in zip(case_forms(v), case_forms(canonical), strict=True):
                mapping.setdefault(form, repl)
    return mapping


# ------------------------------------------------------------------------- whole-word replace

def is_word_char(ch: str) -> bool:
    """The competitors' word-character test: alphanumeric or underscore."""
    return ch.isalnum() or ch == "_"


def whole_word_replace(text: str, matches: Iterable[tuple[int, int, str]]) -> str:
    """Apply ordered, non-overlapping (start, end, replacement) matches that are whole words."""
    pieces: list[str] = []
    pos = 0
    n = len(text)
    for start, end, repl in matches:
        if (start > 0 and is_word_char(text[start - 1])) or (end < n and is_word_char(text[end])):
            continue
        pieces.append(text[pos:start])
        pieces.append(repl)
        pos = end
    if not pieces:
        return text
    pieces.append(text[pos:])
    return "".join(pieces)


# --------------------------------------------------------------------------------- the engines

def _normalizer_class():
    """``normalize.Normalizer``: installed, or else from the source tree next to benchmarks/."""
    try:
        from normalize import Normalizer
    except ImportError:
        import sys
        from pathlib import Path
        repo = str(Path(__file__).resolve().parent.parent)
        if repo in sys.path:
            raise
        sys.path.append(repo)
        sys.modules.pop("normalize", None)
        from normalize import Normalizer
    return Normalizer


def build_normalize(table: str) -> Replace:
    return _normalizer_class()(tables=[table], builtin=False).normalize


def build_flashtext(table: str) -> Replace:
    from flashtext import KeywordProcessor
    kp = KeywordProcessor(case_sensitive=True)
    # flashtext's default word characters are ASCII only; add every non-ASCII alphanumeric of
    # the Latin, Greek, Cyrillic ... blocks so that "Kiev" does not match inside "Kievé".
    kp.non_word_boundaries |= _NON_ASCII_WORD_CHARS
    for form, repl in expanded_mapping(table).items():
        kp.add_keyword(form, repl)
    return kp.replace_keywords


def build_pyahocorasick(table: str) -> Replace:
    import ahocorasick
    automaton = ahocorasick.Automaton()
    for form, repl in expanded_mapping(table).items():
        automaton.add_word(form, (len(form), repl))
    automaton.make_automaton()

    def matches(text: str) -> Iterator[tuple[int, int, str]]:
        for end, (length, repl) in automaton.iter_long(text):
            yield end + 1 - length, end + 1, repl

    return lambda text: whole_word_replace(text, matches(text))


def build_ahocorasick_rs(table: str) -> Replace:
    from ahocorasick_rs import AhoCorasick, MatchKind
    mapping = expanded_mapping(table)
    patterns = list(mapping)
    replacements = [mapping[p] for p in patterns]
    ac = AhoCorasick(patterns, matchkind=MatchKind.LeftmostLongest)

    def replace(text: str) -> str:
        found = ac.find_matches_as_indexes(text)
        return whole_word_replace(text, ((s, e, replacements[i]) for i, s, e in found))

    return replace


def trie_pattern(forms: Iterable[str]) -> str:
    """A regex matching exactly ``forms``, shaped like their trie (greedy: longest first)."""
    trie: dict = {}
    for f in forms:
        node = trie
        for ch in f:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return (body if len(alts) > 1 else "(?:" + body + ")") + "?"
        return body

    return emit(trie)


def _regex_replacer(pattern: str, mapping: dict[str, str]) -> Replace:
    rx = re.compile(r"\b(?:" + pattern + r")\b")
    lookup = mapping.__getitem__
    return lambda text: rx.sub(lambda m: lookup(m.group()), text)


def build_re_trie(table: str) -> Replace:
    mapping = expanded_mapping(table)
    return _regex_replacer(trie_pattern(mapping), mapping)


def build_re_alt(table: str) -> Replace:
    mapping = expanded_mapping(table)
    forms = sorted(mapping, key=lambda f: (-len(f), f))
    return _regex_replacer("|".join(map(re.escape, forms)), mapping)


_NON_ASCII_WORD_CHARS = {chr(i) for i in range(0x80, 0x3000) if is_word_char(chr(i))}

# name -> (builder, largest table it is run on or None for all, module the builder imports)
ENGINES: dict[str, tuple[Callable[[str], Replace], int | None, str]] = {
    "normalize": (build_normalize, None, "normalize"),
    "flashtext": (build_flashtext, None, "flashtext"),
    "pyahocorasick": (build_pyahocorasick, None, "ahocorasick"),
    "ahocorasick-rs": (build_ahocorasick_rs, None, "ahocorasick_rs"),
    "re-trie": (build_re_trie, None, "re"),
    "re-alt": (build_re_alt, 1_000, "re"),
}


def engines_for(n_variants: int) -> list[str]:
    """Engine names that run on a table of ``n_variants`` variants."""
    return [name for name, (_, limit, _m) in ENGINES.items() if limit is None or n_variants <= limit]


def import_engine(name: str) -> None:
    """Import the module engine ``name`` uses (so a build can be timed without imports)."""
    if name == "normalize":
        _normalizer_class()
    else:
        importlib.import_module(ENGINES[name][2])


def build(name: str, table: str) -> Replace:
    """Build engine ``name`` from the TOML table at ``table``."""
    return ENGINES[name][0](str(table))


def normalize_available() -> str | None:
    """None when ``from normalize import Normalizer`` works, else the reason it does not."""
    try:
        _normalizer_class()
    except Exception as e:
        return f"{type(e).__name__}: {e}"
    return None
