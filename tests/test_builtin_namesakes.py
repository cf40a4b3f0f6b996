"""The built-in tables' namesakes (``[[entity.namesakes]]``, evidence in ``tables/NAMESAKES.md``).

Each phrase must name the other bearer and nothing the entity itself is called: it holds one of
the entity's variants (explicit or generated) as whole words, is no bare spelling of any entity,
and is left as written while the bare variant is still rewritten elsewhere in the same text. The
engine's semantics are tested with the context stage off (``context=()``); the discourse rule
that builds on the phrases has its own tests.
"""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from pathlib import Path

import pytest

from normalize import Normalizer
from normalize.rules.expand import case_forms

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def builtin() -> Normalizer:
    return Normalizer(context=())


@cache
def _normalizer() -> Normalizer:
    return Normalizer(context=())


def _entities(n: Normalizer):
    return [e for t in n.tables for e in t.entities]


def _with_namesakes(n: Normalizer):
    return [e for e in _entities(n) if e.namesakes]


def _own_spellings(n: Normalizer) -> dict[str, set[str]]:
    """Entity -> the spellings it rewrites (explicit and generated variants, every case form)."""
    m = n.matcher
    own: dict[str, set[str]] = {}
    for i, s in enumerate(m.patterns):
        r = m.rule(i)
        if not r.block and r.variant != r.canonical:
            own.setdefault(r.entity, set()).add(s)
    return own


def _variants_in(phrase: str, spellings: set[str]) -> list[str]:
    """The spellings that occur in ``phrase`` as whole words (a space stands for any whitespace)."""
    return [s for s in spellings if re.search(r"(?<!\w)" + re.escape(s) + r"(?!\w)", phrase)]


def _forms(phrase: str) -> list[str]:
    """As written, capitalised, ALL CAPS (``sumi-e`` names the painting as ``Sumi-e`` too)."""
    return list(dict.fromkeys([phrase, phrase[:1].upper() + phrase[1:], phrase.upper()]))


def _variant_in(phrase: str, spellings: set[str]) -> tuple[str, str] | None:
    """(form of the phrase, shortest spelling in it), for the first case form holding one."""
    for form in _forms(phrase):
        found = _variants_in(form, spellings)
        if found:
            return form, min(found, key=len)
    return None


def _phrases():
    return [(e.canonical, ns.name, p) for e in _with_namesakes(_normalizer()) for ns in e.namesakes
            for p in ns.phrases]


def test_there_are_namesakes(builtin):
    ents = _with_namesakes(builtin)
    assert len(ents) >= 20
    assert sum(len(e.namesakes) for e in ents) >= 60


def test_no_namesake_phrase_is_dropped(builtin):
    """The compiler drops a phrase that holds no spelling of its entity: none is."""
    assert [d for d in builtin.matcher.dropped if "namesake" in d[2]] == []


def test_every_phrase_holds_a_variant_of_its_entity(builtin):
    """A variant, not only the canonical: a phrase with the canonical alone protects nothing."""
    own = _own_spellings(builtin)
    missing = [(c, p) for c, _, p in _phrases() if _variant_in(p, own.get(c, set())) is None]
    assert missing == []


def test_no_phrase_is_a_bare_spelling(builtin):
    """Neither a variant nor a canonical of any entity (which would keep every mention of it)."""
    spellings = {s.casefold() for i, s in enumerate(builtin.matcher.patterns) if not builtin.matcher.rule(i).block}
    canonicals = {c.casefold() for e in _entities(builtin) for _, c in (("en", e.canonical), *e.canonicals)}
    bad = [(c, p) for c, _, p in _phrases() if p.casefold() in spellings or p.casefold() in canonicals]
    assert bad == []


def test_names_unique_per_entity_and_phrases_unique_overall(builtin):
    for e in _with_namesakes(builtin):
        names = [ns.name for ns in e.namesakes]
        assert len(names) == len(set(names)), e.canonical
        assert all(ns.phrases for ns in e.namesakes), e.canonical
    phrases = [p for _, _, p in _phrases()]
    assert len(phrases) == len(set(phrases))


@pytest.mark.parametrize(("canonical", "name", "phrase"), _phrases(), ids=lambda x: x if len(x) < 40 else x[:40])
def test_phrase_is_left_as_written_and_the_bare_variant_still_rewritten(builtin, canonical, name, phrase):
    for form in _forms(phrase):
        assert builtin.normalize(f"( {form} )") == f"( {form} )", (name, form)
    found = _variant_in(phrase, _own_spellings(builtin)[canonical])
    assert found is not None
    form, variant = found
    rule = builtin.matcher.rule(builtin.matcher.patterns.index(variant))
    text = f"{form}; then {variant} again."
    assert builtin.normalize(text) == f"{form}; then {rule.replacement} again.", name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Odessa, Texas", "Odessa, Texas"),
        ("Odessa, TX and Odessa", "Odessa, TX and Odesa"),
        ("Odessa alone", "Odesa alone"),
        ("The Odessa File", "The Odessa File"),
        ("the Odessa Steps", "the Odessa Steps"),  # an except phrase: a fixed name in Odesa itself
        ("Timoshenko beam theory", "Timoshenko beam theory"),
        ("Stephen Timoshenko and Yulia Timoshenko", "Stephen Timoshenko and Yulia Tymoshenko"),
        ("Marshal Timoshenko; Timoshenko said", "Marshal Timoshenko; Tymoshenko said"),
        ("Prince Lvov's government left Lvov", "Prince Lvov's government left Lviv"),
        ("the Lwów–Warsaw school", "the Lwów–Warsaw school"),
        ("Andriyan Nikolayev flew from Nikolayev", "Andriyan Nikolayev flew from Mykolaiv"),
        ("the aircraft carrier Kiev, a Kiev-class ship", "the aircraft carrier Kiev, a Kiev-class ship"),
        ("a Kiev-88 bought in Kiev", "a Kiev-88 bought in Kyiv"),
        ("Shakhtyor Soligorsk v Shakhtyor Donetsk", "Shakhtyor Soligorsk v Shakhtar Donetsk"),
        ("Dnepr Mogilev", "Dnepr Mogilev"),
        ("the Dnepr rocket", "the Dnepr rocket"),
        ("Bohdan Khmelnytsky", "Bohdan Khmelnytsky"),
        ("the Khmelnytsky uprising", "the Khmelnytsky uprising"),
        ("Mińsk Mazowiecki", "Mińsk Mazowiecki"),
        ("VTB chief Andrei Kostin", "VTB chief Andrei Kostin"),
        ("Rajiv Gandhi", "Rajiv Gandhi"),
        ("Orel Hershiser", "Orel Hershiser"),
        ("Andrew Fastow", "Andrew Fastow"),
        ("Slavyansk-na-Kubani, not Slavyansk", "Slavyansk-na-Kubani, not Sloviansk"),
        ("ODESSA network", "ODESSA network"),
        ("the Odessa network", "the Odesa network"),  # only the all-caps SS network is the namesake
    ],
)
def test_examples(builtin, text, expected):
    assert builtin.normalize(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Russian drones hit Odessa, Ukraine's main port.",
        "Odessa Oblast and the Odessa port",
        "Kiev Oblast",
        "the Kiev government",
        "Kharkov region",
        "Lvov railway station",
        "Nikolayev shipyard",
        "Prime Minister Timoshenko",
        "Yulia Timoshenko",
        "Dnepr city council",
        "Shakhtyor Donetsk",
        "Minsk and Mińsk",
    ],
)
def test_news_about_the_entity_itself_is_still_rewritten(builtin, text):
    """No phrase blocks what news text writes about the Ukrainian or Russian place or person."""
    assert builtin.normalize(text) != text


def _check_tables():
    spec = importlib.util.spec_from_file_location("check_tables", ROOT / "scripts" / "check_tables.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_table_checker_knows_namesakes():
    ct = _check_tables()
    ent = {"canonical": "Odesa", "variants": ["Odessa"],
           "namesakes": [{"name": "Odessa, Texas", "phrases": ["Odessa, TX", "Odessa, Texas"]}]}
    assert ct.check_namesakes("x", ent) == []
    assert ct.check_namesakes("x", {**ent, "namesakes": [{"name": "a", "phrases": ["Odessa"]}]})
    assert ct.check_namesakes("x", {**ent, "namesakes": [{"name": "a", "phrases": ["b", "a"]}]})
    assert ct.check_namesakes("x", {**ent, "namesakes": [{"name": "a", "phrases": ["a"]},
                                                         {"name": "a", "phrases": ["b"]}]})
    assert ct.check_namesakes("x", {**ent, "namesakes": [{"name": "a", "phrases": []}]})
    assert ct.check_namesakes("x", {**ent, "namesakes": [{"name": "a", "phrases": ["x"], "why": "y"}]})
    rendered = ct.render("# h", {"table": {"name": "t", "description": "d"}, "entity": [ent]})
    assert rendered.endswith('variants = ["Odessa"]\n\n[[entity.namesakes]]\nname = "Odessa, Texas"\n'
                             'phrases = ["Odessa, TX", "Odessa, Texas"]\n')


def test_case_forms_of_a_phrase_are_blocked_too(builtin):
    for form in case_forms("Odessa, Texas").values():
        assert builtin.find(f"in {form} today") == []


def test_namesakes_md_documents_every_namesake(builtin):
    """``tables/NAMESAKES.md`` gives each namesake (by its name, with its phrases) and the counts."""
    doc = (ROOT / "tables" / "NAMESAKES.md").read_text(encoding="utf-8")
    for e in _with_namesakes(builtin):
        for ns in e.namesakes:
            line = next((x for x in doc.splitlines() if x.startswith(f"* **{ns.name}**: ")), None)
            assert line is not None, ns.name
            for p in ns.phrases:
                assert f"`{p}`" in line, (ns.name, p)
    ents = _with_namesakes(builtin)
    counts = (len(ents), sum(len(e.namesakes) for e in ents), sum(len(ns.phrases) for e in ents for ns in e.namesakes))
    assert "| {} | {} | {} |".format(*counts) in doc
