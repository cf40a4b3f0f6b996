#!/usr/bin/env python3
"""Check (and optionally reformat) the built-in rule tables in ``tables/*.toml``.

Usage::

    python scripts/check_tables.py            # check every tables/*.toml, exit 1 on problems
    python scripts/check_tables.py --fix      # rewrite the files into canonical form, then check
    python scripts/check_tables.py FILE...    # check only the given files (cross-file rules
                                              # apply among them)
    python scripts/check_tables.py --apply < text   # naive whole-word rewrite with the tables,
                                                    # for eyeballing a sample before the engine
                                                    # exists (not the engine: no URL/code
                                                    # protection, no streaming)

Canonical form of a table file:

* an optional leading comment header (kept verbatim by ``--fix``), then a ``[table]`` section
  with ``name`` (the file stem) and ``description``;
* ``[[entity]]`` blocks sorted by ``canonical`` (Python ``sorted()``), separated by one blank
  line, keys in the order canonical, the per-language canonicals ``canonical_<lang>`` sorted by
  language (``canonical_de``, ``canonical_es``, ...), source, source_ru, source_uk, source_be, lang,
  variants, except; ``variants`` and ``except`` sorted and without duplicates; strings in double quotes;
  arrays on one line; then the entity's ``[[entity.namesakes]]`` tables (other bearers of its
  variants, see ``tables/NAMESAKES.md``), in file order, each preceded by a blank line, with
  ``name`` and then ``phrases`` (sorted, without duplicates).

Validation (within and across files): no empty strings; a variant belongs to one entity only;
a canonical is never a variant; no duplicate canonicals; a variant never equals its own
canonical; variants and canonicals begin and end with a letter or digit; no two entities
share a surface form (as written, first letter capitalised, ALL CAPS; apostrophe look-alikes
folded); each ``except`` phrase contains a variant of its entity; a namesake has a non-empty
``name`` (unique within its entity) and non-empty ``phrases``, none of them one of the entity's
variants or any entity's canonical, none listed twice in the entity (whether a phrase holds a
spelling of its entity, generated ones included, is checked by ``tests/test_builtin_namesakes.py``
with the compiler, which this script does not run);
and rewriting a canonical with all tables leaves it unchanged (idempotence). The cross-entity
rules are checked again for each target language that has ``canonical_<lang>`` keys, on the set
that language uses (see ``normalize/rules/languages.py``): entities with a canonical for it, that
canonical in place of ``canonical``, the English canonical among the variants.

Only the standard library is used. Comments inside the entity blocks are not preserved by
``--fix``; put explanations in the header comment.
"""

from __future__ import annotations

import re
import sys
import tomllib
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLES_DIR = ROOT / "tables"

KEY_ORDER = ("canonical", "source", "source_ru", "source_uk", "source_be", "lang", "variants", "except", "namesakes")
REQUIRED_KEYS = ("canonical", "source", "lang")  # and variants, unless schemes for lang generate them
STRING_KEYS = ("canonical", "source", "source_ru", "source_uk", "source_be", "lang")
LIST_KEYS = ("variants", "except")
#: The keys of one ``[[entity.namesakes]]`` table, in canonical order.
NAMESAKE_KEYS = ("name", "phrases")
APOSTROPHES = "'\u2019\u02bc\u02b9\u2032"
LANG_RE = re.compile(r"^[a-z]{2}$")
#: ``canonical_<lang>``: the canonical for text in another language (``canonical`` is English).
CANONICAL_KEY_RE = re.compile(r"^canonical_([a-z]{2})$")


def ordered_keys(ent: dict) -> list[str]:
    """An entity's keys in canonical order: canonical, canonical_<lang> by language, then KEY_ORDER."""
    per_lang = sorted(k for k in ent if CANONICAL_KEY_RE.match(k) and k != "canonical_en")
    head = [k for k in KEY_ORDER[:1] if k in ent] + per_lang
    rest = [k for k in KEY_ORDER[1:] if k in ent]
    return head + rest + sorted(k for k in ent if k not in head and k not in rest)


def retarget(ent: dict, lang: str) -> dict | None:
    """The entity as text in ``lang`` uses it (None when it has no canonical for ``lang``), as
    ``normalize.rules.languages.for_target`` builds it."""
    c = ent.get(f"canonical_{lang}")
    if not isinstance(c, str):
        return None
    out = {k: v for k, v in ent.items() if not CANONICAL_KEY_RE.match(k)}
    out["canonical"] = c
    out["variants"] = sorted({ent["canonical"], *ent.get("variants", [])} - {c})
    return out


# --------------------------------------------------------------------------- helpers


def fold_apostrophes(text: str) -> str:
    """Map every apostrophe look-alike to ASCII ``'``."""
    return text.translate({ord(c): "'" for c in APOSTROPHES})


def wordish(ch: str) -> bool:
    """A letter, digit or combining mark: what a name may begin and end with."""
    return ch.isalnum() or unicodedata.category(ch)[0] == "M"


def case_forms(text: str) -> set[str]:
    """The surface forms the engine derives from one literal: as written, capitalised, ALL CAPS."""
    text = fold_apostrophes(text)
    return {text, text[:1].upper() + text[1:], text.upper()}


def toml_string(text: str) -> str:
    """A TOML basic string."""
    out = ['"']
    for ch in text:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def toml_value(value: object) -> str:
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"unsupported value {value!r}")


def header_of(text: str) -> str:
    """The leading comment/blank lines before the first non-comment line."""
    lines = []
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            lines.append(line.rstrip())
        else:
            break
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def render(header: str, data: dict) -> str:
    """Render parsed table data in canonical form."""
    table = data.get("table", {})
    parts = []
    if header:
        parts.append(header + "\n")
    parts.append("[table]\n")
    for key in ("name", "description"):
        if key in table:
            parts.append(f"{key} = {toml_value(table[key])}\n")
    for key in sorted(k for k in table if k not in ("name", "description")):
        parts.append(f"{key} = {toml_value(table[key])}\n")
    entities = [dict(e) for e in data.get("entity", []) if isinstance(e, dict)]
    for ent in entities:
        for key in LIST_KEYS:
            if key in ent and isinstance(ent[key], list):
                ent[key] = sorted(set(ent[key]))
    entities.sort(key=lambda e: str(e.get("canonical", "")))
    for ent in entities:
        parts.append("\n[[entity]]\n")
        keys = ordered_keys(ent)
        for key in keys:
            if key == "namesakes":
                continue
            if key in LIST_KEYS and ent[key] == [] and key == "except":
                continue
            parts.append(f"{key} = {toml_value(ent[key])}\n")
        for ns in ent.get("namesakes", []):
            if not isinstance(ns, dict):
                raise TypeError(f"namesake {ns!r} is not a table")
            parts.append("\n[[entity.namesakes]]\n")
            for key in [k for k in NAMESAKE_KEYS if k in ns] + sorted(k for k in ns if k not in NAMESAKE_KEYS):
                value = ns[key]
                if key == "phrases" and isinstance(value, list):
                    value = sorted(set(value))
                parts.append(f"{key} = {toml_value(value)}\n")
    return "".join(parts)


# --------------------------------------------------------------------------- naive matcher


class NaiveMatcher:
    """Whole-word, leftmost-longest literal matching with case forms and except phrases.

    An approximation of the engine's contract (DESIGN.md section 3), good enough to check
    idempotence of canonicals and to eyeball a sample text.
    """

    def __init__(self, entities: list[dict]) -> None:
        self.forms: dict[str, tuple[dict, str]] = {}
        self.excepts: list[tuple[re.Pattern, dict]] = []
        for ent in entities:
            canonical = ent["canonical"]
            for variant in ent.get("variants", []):
                written = fold_apostrophes(variant)
                cap = written[:1].upper() + written[1:]
                self.forms.setdefault(written, (ent, canonical))
                self.forms.setdefault(cap, (ent, canonical[:1].upper() + canonical[1:]))
                self.forms.setdefault(written.upper(), (ent, canonical.upper()))
            phrases = [f for p in ent.get("except", []) for f in case_forms(p)]
            if phrases:
                self.excepts.append((self._compile(phrases), ent))
        self.pattern = self._compile(list(self.forms))

    @staticmethod
    def _literal(text: str) -> str:
        out = []
        for ch in text:
            if ch == "'":
                out.append("[" + re.escape(APOSTROPHES) + "]")
            elif ch == " ":
                out.append(r"\s+")
            else:
                out.append(re.escape(ch))
        return "".join(out)

    def _compile(self, literals: list[str]) -> re.Pattern:
        if not literals:
            return re.compile(r"(?!x)x")
        alts = sorted(set(literals), key=lambda s: (-len(s), s))
        body = "|".join(self._literal(a) for a in alts)
        return re.compile(r"(?<![\w])(?:" + body + r")(?![\w])")

    def normalize(self, text: str) -> str:
        protected: list[tuple[int, int, int]] = []
        for regex, ent in self.excepts:
            for m in regex.finditer(text):
                protected.append((m.start(), m.end(), id(ent)))
        out = []
        pos = 0
        for m in self.pattern.finditer(text):
            key = re.sub(r"\s+", " ", fold_apostrophes(m.group(0)))
            ent, replacement = self.forms[key]
            if any(s <= m.start() and m.end() <= e and i == id(ent) for s, e, i in protected):
                continue
            out.append(text[pos : m.start()])
            out.append(replacement)
            pos = m.end()
        out.append(text[pos:])
        return "".join(out)


# --------------------------------------------------------------------------- checks


def load(paths: list[Path]) -> tuple[dict[Path, tuple[str, dict]], list[str]]:
    loaded = {}
    problems = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
            data = tomllib.loads(text)
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            problems.append(f"{path.name}: cannot parse: {exc}")
            continue
        loaded[path] = (text, data)
    return loaded, problems


def check(loaded: dict[Path, tuple[str, dict]]) -> list[str]:
    problems: list[str] = []
    all_entities: list[tuple[str, dict]] = []

    for path, (text, data) in loaded.items():
        name = path.name
        if not header_of(text):
            problems.append(f"{name}: missing the leading comment header")
        extra = set(data) - {"table", "entity"}
        if extra:
            problems.append(f"{name}: unknown top-level keys {sorted(extra)}")
        table = data.get("table")
        if not isinstance(table, dict):
            problems.append(f"{name}: missing [table] section")
        else:
            if table.get("name") != path.stem:
                problems.append(f"{name}: [table] name must be {path.stem!r}, not {table.get('name')!r}")
            if not isinstance(table.get("description"), str) or not table["description"].strip():
                problems.append(f"{name}: [table] needs a non-empty description")
            extra = set(table) - {"name", "description"}
            if extra:
                problems.append(f"{name}: unknown [table] keys {sorted(extra)}")
        entities = data.get("entity", [])
        if not isinstance(entities, list) or not entities:
            problems.append(f"{name}: no [[entity]] blocks")
            entities = []
        for index, ent in enumerate(entities):
            if not isinstance(ent, dict):
                problems.append(f"{name}: entity #{index + 1} is not a table")
                continue
            label = f"{name}: entity #{index + 1} ({ent.get('canonical', '?')!r})"
            bad = False
            unknown = {k for k in ent if k not in KEY_ORDER and not CANONICAL_KEY_RE.match(k)}
            if "canonical_en" in ent:
                problems.append(f"{label}: 'canonical_en' is not allowed ('canonical' is the English form)")
            if unknown:
                problems.append(f"{label}: unknown keys {sorted(unknown)}")
            for key in REQUIRED_KEYS:
                if key not in ent:
                    problems.append(f"{label}: missing {key!r}")
                    bad = True
            langs = [ent.get("lang")] + [k[len("source_"):] for k in ent if k.startswith("source_")]
            if "variants" not in ent and not any((TABLES_DIR / "schemes" / f"{lg}.toml").is_file() for lg in langs):
                problems.append(f"{label}: missing 'variants' (no scheme table generates them from its sources)")
                bad = True
            for key in (*STRING_KEYS, *(k for k in ent if CANONICAL_KEY_RE.match(k))):
                if key in ent:
                    value = ent[key]
                    if not isinstance(value, str) or not value.strip():
                        problems.append(f"{label}: {key!r} must be a non-empty string")
                        bad = True
            for key in LIST_KEYS:
                if key in ent:
                    value = ent[key]
                    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                        problems.append(f"{label}: {key!r} must be a list of strings")
                        bad = True
                    elif key == "variants" and not value:
                        problems.append(f"{label}: 'variants' is empty")
                    elif value != sorted(set(value)):
                        problems.append(f"{label}: {key!r} not sorted or has duplicates")
            if bad:
                continue
            if not LANG_RE.match(ent["lang"]):
                problems.append(f"{label}: lang {ent['lang']!r} is not an ISO 639-1 code")
            per_lang = [ent[k] for k in ent if CANONICAL_KEY_RE.match(k)]
            strings = [ent[k] for k in STRING_KEYS if k in ent] + per_lang
            strings += [*ent.get("variants", []), *ent.get("except", [])]
            for s in strings:
                if not s or s != s.strip() or "  " in s or any(c in s for c in "\t\n\r"):
                    problems.append(f"{label}: bad whitespace or empty string in {s!r}")
                if unicodedata.normalize("NFC", s) != s:
                    problems.append(f"{label}: {s!r} is not NFC")
            for s in list(ent.get("variants", [])) + [ent["canonical"]] + per_lang:
                if any(c in s for c in APOSTROPHES[1:]):
                    problems.append(f"{label}: write apostrophes in {s!r} as ASCII '")
                if s and not (wordish(s[0]) and wordish(s[-1])):
                    problems.append(f"{label}: {s!r} must begin and end with a letter or digit")
            if ent["canonical"] in ent.get("variants", []):
                problems.append(f"{label}: a variant equals its own canonical")
            folded = {fold_apostrophes(v): v for v in ent.get("variants", [])}
            for v in ent.get("variants", []):
                for form in case_forms(v) - {fold_apostrophes(v)}:
                    if form in folded:
                        problems.append(
                            f"{label}: variant {folded[form]!r} is a case form of {v!r} (redundant)")
            problems += check_namesakes(label, ent)
            all_entities.append((name, ent))

    problems += cross_check(all_entities)
    problems += namesake_cross_check(all_entities)
    langs = sorted({m.group(1) for _, ent in all_entities for k in ent if (m := CANONICAL_KEY_RE.match(k))})
    for lang in langs:
        targeted = [(name, r) for name, ent in all_entities if (r := retarget(ent, lang)) is not None]
        problems += [f"[target language {lang}] {p}" for p in cross_check(targeted, per_language=True)]
    return problems


def check_namesakes(label: str, ent: dict) -> list[str]:
    """The ``[[entity.namesakes]]`` of one entity: well-formed, names unique, phrases sorted and
    unique within the entity, and no phrase one of the entity's own variants (a bare variant as a
    phrase would keep every mention of it)."""
    problems: list[str] = []
    value = ent.get("namesakes", [])
    if not isinstance(value, list) or not all(isinstance(ns, dict) for ns in value):
        return [f"{label}: 'namesakes' must be an array of tables ([[entity.namesakes]])"]
    names: set[str] = set()
    phrases: set[str] = set()
    variants = {fold_apostrophes(v) for v in ent.get("variants", [])}
    for i, ns in enumerate(value):
        where = f"{label}: namesake #{i + 1}"
        unknown = set(ns) - set(NAMESAKE_KEYS)
        if unknown:
            problems.append(f"{where}: unknown keys {sorted(unknown)}")
        name, items = ns.get("name"), ns.get("phrases")
        if not isinstance(name, str) or not name.strip():
            problems.append(f"{where}: needs a non-empty string 'name'")
            continue
        where = f"{label}: namesake {name!r}"
        if name in names:
            problems.append(f"{where}: name listed twice")
        names.add(name)
        if not isinstance(items, list) or not items or not all(isinstance(p, str) for p in items):
            problems.append(f"{where}: 'phrases' must be a non-empty list of strings")
            continue
        if items != sorted(set(items)):
            problems.append(f"{where}: 'phrases' not sorted or has duplicates")
        for s in [name, *items]:
            if not s or s != s.strip() or "  " in s or any(c in s for c in "\t\n\r"):
                problems.append(f"{where}: bad whitespace or empty string in {s!r}")
            if unicodedata.normalize("NFC", s) != s:
                problems.append(f"{where}: {s!r} is not NFC")
        for p in items:
            if p and not (wordish(p[0]) and wordish(p[-1])):
                problems.append(f"{where}: phrase {p!r} must begin and end with a letter or digit")
            if fold_apostrophes(p) in variants or p == ent["canonical"]:
                problems.append(f"{where}: phrase {p!r} is a bare spelling of the entity, not a namesake")
            if p in phrases:
                problems.append(f"{where}: phrase {p!r} is another namesake's phrase too")
            phrases.add(p)
    return problems


def namesake_cross_check(all_entities: list[tuple[str, dict]]) -> list[str]:
    """No namesake phrase is any entity's canonical (that entity's own name would be kept)."""
    canonicals = {ent["canonical"] for _, ent in all_entities}
    return [f"{name}: namesake phrase {p!r} of {ent['canonical']!r} is the canonical of an entity"
            for name, ent in all_entities for ns in ent.get("namesakes", []) if isinstance(ns, dict)
            for p in ns.get("phrases", []) if p in canonicals]


def cross_check(all_entities: list[tuple[str, dict]], per_language: bool = False) -> list[str]:
    """The rules between entities: owners of canonicals, variants and case forms; except phrases;
    idempotence of the canonicals. ``per_language``: the set of one target language, where an
    except phrase may hold the canonical instead of a variant (``Odessa, Texas`` of the entity whose
    German canonical is ``Odessa``: the phrase protects nothing there, and harms nothing)."""
    problems: list[str] = []
    canonical_owner: dict[str, str] = {}
    for name, ent in all_entities:
        c = ent["canonical"]
        if c in canonical_owner:
            problems.append(f"{name}: duplicate canonical {c!r} (also in {canonical_owner[c]})")
        canonical_owner.setdefault(c, name)
    variant_owner: dict[str, tuple[str, str]] = {}
    for name, ent in all_entities:
        for v in ent.get("variants", []):
            if v in canonical_owner:
                problems.append(
                    f"{name}: variant {v!r} of {ent['canonical']!r} is a canonical (in {canonical_owner[v]})")
            if v in variant_owner and variant_owner[v][1] != ent["canonical"]:
                other = variant_owner[v]
                problems.append(
                    f"{name}: variant {v!r} of {ent['canonical']!r} is also a variant of {other[1]!r} ({other[0]})")
            variant_owner.setdefault(v, (name, ent["canonical"]))
    form_owner: dict[str, tuple[str, str]] = {}
    for name, ent in all_entities:
        for s in [ent["canonical"], *ent.get("variants", [])]:
            for form in case_forms(s):
                owner = form_owner.get(form)
                if owner and owner[0] != ent["canonical"]:
                    problems.append(
                        f"{name}: {s!r} ({ent['canonical']!r}) collides in case form {form!r}"
                        f" with {owner[1]!r} ({owner[0]!r})"
                    )
                form_owner.setdefault(form, (ent["canonical"], s))

    entities = [ent for _, ent in all_entities]
    matcher = NaiveMatcher(entities)
    for name, ent in all_entities:
        single = NaiveMatcher([ent])
        for phrase in ent.get("except", []):
            own = NaiveMatcher([{"canonical": "", "variants": [ent["canonical"]]}]) if per_language else None
            if own is not None and own.pattern.search(phrase):
                continue
            if single.pattern.search(phrase) is None:
                problems.append(
                    f"{name}: except phrase {phrase!r} of {ent['canonical']!r} contains none of its variants")
        c = ent["canonical"]
        for form in case_forms(c):
            out = matcher.normalize(form)
            if out != form:
                problems.append(f"{name}: canonical {form!r} is rewritten to {out!r} (not idempotent)")
    return problems


def fix(loaded: dict[Path, tuple[str, dict]]) -> None:
    for path, (text, data) in loaded.items():
        try:
            new = render(header_of(text), data)
        except TypeError as exc:
            print(f"{path.name}: not rewritten: {exc}")
            continue
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"rewrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    flags = {a for a in argv if a.startswith("--")}
    unknown = flags - {"--fix", "--apply", "--count"}
    if unknown:
        print(f"unknown option(s): {sorted(unknown)}", file=sys.stderr)
        return 2
    paths = [Path(a) for a in args] if args else sorted(TABLES_DIR.glob("*.toml"))
    if not paths:
        print("no tables found", file=sys.stderr)
        return 1
    loaded, problems = load(paths)
    if "--apply" in flags:
        entities = [e for _, d in loaded.values() for e in d.get("entity", [])]
        sys.stdout.write(NaiveMatcher(entities).normalize(sys.stdin.read()))
        return 0
    if "--fix" in flags and not problems:
        fix(loaded)
        loaded, problems = load(paths)
    if "--count" in flags:
        for path, (_, data) in loaded.items():
            print(f"{len(data.get('entity', [])):5d}  {path.name}")
        print(f"{sum(len(d.get('entity', [])) for _, d in loaded.values()):5d}  total")
    problems += check(loaded)
    for path, (text, data) in loaded.items():
        try:
            canonical_text = render(header_of(text), data)
        except TypeError as exc:
            problems.append(f"{path.name}: cannot be put in canonical form: {exc}")
            continue
        if canonical_text != text:
            problems.append(f"{path.name}: not in canonical form (run scripts/check_tables.py --fix)")
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
