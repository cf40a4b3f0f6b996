"""Canonical forms per target language (issue 11, point 3): ``canonical_<lang>`` keys, their
validation, :func:`normalize.rules.languages.for_target` and the built-in data."""

from __future__ import annotations

import pytest

from normalize import Normalizer
from normalize.rules import layers
from normalize.rules.datafiles import builtin_table_paths
from normalize.rules.expand import case_forms
from normalize.rules.languages import for_target, languages_of
from normalize.rules.parse import Entity, Table, TableError, load_table, parse_table

TARGETS = ("de", "fr", "pl", "es", "it")

HEAD = '[table]\nname = "t"\n'


def table(body: str, path: str = "t.toml") -> Table:
    return parse_table(HEAD + body, path)


@pytest.fixture(scope="module")
def builtins() -> tuple[Table, ...]:
    return tuple(load_table(p) for p in builtin_table_paths())


# --------------------------------------------------------------------------- parsing


def test_canonical_keys_are_parsed_sorted_by_language():
    t = table('[[entity]]\ncanonical = "Zelenskyy"\ncanonical_pl = "Zełenski"\ncanonical_de = "Selenskyj"\n'
              'variants = ["Zelensky"]\n')
    (e,) = t.entities
    assert e.canonical == "Zelenskyy"
    assert e.canonicals == (("de", "Selenskyj"), ("pl", "Zełenski"))
    assert e.canonical_for("de") == "Selenskyj"
    assert e.canonical_for("en") == "Zelenskyy"
    assert e.canonical_for("fr") is None


def test_entities_without_language_canonicals_are_unchanged():
    (e,) = table('[[entity]]\ncanonical = "Kyiv"\nvariants = ["Kiev"]\n').entities
    assert e.canonicals == ()
    assert e == Entity("Kyiv", ("Kiev",), table="t")


def test_canonical_value_is_nfc_and_whitespace_folded():
    (e,) = table('[[entity]]\ncanonical = "Kim Jong Un"\ncanonical_pl = "Kim  Dzong Un"\n').entities
    assert dict(e.canonicals)["pl"] == "Kim Dzong Un"
    (e,) = table('[[entity]]\ncanonical = "Kyiv"\ncanonical_fr = "Kie\u0301v"\n').entities  # NFD é
    assert dict(e.canonicals)["fr"] == "Ki\u00e9v"


@pytest.mark.parametrize(("key", "why"), [
    ("canonical_DE", "two-letter lower-case"),
    ("canonical_deu", "two-letter lower-case"),
    ("canonical_d", "two-letter lower-case"),
    ("canonical_", "two-letter lower-case"),
    ("canonical_de_AT", "two-letter lower-case"),
    ("canonical_en", "English form"),
])
def test_bad_language_keys_are_refused(key, why):
    with pytest.raises(TableError) as err:
        table(f'[[entity]]\ncanonical = "Kyiv"\n{key} = "Kiew"\n', "news.toml")
    assert err.value.path == "news.toml"
    assert err.value.entity == "Kyiv"
    assert why in err.value.reason
    assert key in str(err.value)


@pytest.mark.parametrize(("value", "why"), [
    ('""', "empty"),
    ('"   "', "empty"),
    ('" Kiew"', "whitespace"),
    ('"-Kiew"', "begin and end"),
    ('"Kiew\'"', "begin and end"),
    ('"www.kiew.de"', "protected"),
    ('"Ki\u0435w"', "mixes Latin and Cyrillic"),  # Cyrillic е
    ('"Ki\\u0000ew"', "control"),
    ("42", "must be a string"),
    ('["Kiew"]', "must be a string"),
])
def test_bad_language_canonicals_are_refused_like_canonical(value, why):
    with pytest.raises(TableError) as err:
        table(f'[[entity]]\ncanonical = "Kyiv"\ncanonical_de = {value}\n', "news.toml")
    assert err.value.path == "news.toml"
    assert err.value.entity == "Kyiv"
    assert why in str(err.value)
    assert "canonical_de" in str(err.value)


def test_language_canonical_may_equal_the_english_one_or_a_variant():
    (e,) = table('[[entity]]\ncanonical = "Kharkiv"\ncanonical_fr = "Kharkiv"\ncanonical_de = "Charkiw"\n'
                 'variants = ["Charkiw", "Kharkov"]\n').entities
    assert e.canonicals == (("de", "Charkiw"), ("fr", "Kharkiv"))


def test_extend_sets_or_replaces_one_language():
    base = table('[[entity]]\ncanonical = "Kyiv"\ncanonical_de = "Kiew"\ncanonical_fr = "Kiev"\n'
                 'variants = ["Kiev"]\n', "base.toml")
    layer = parse_table('[table]\nname = "desk"\n[[extend]]\nentity = "Kyiv"\ncanonical_de = "Kyjiw"\n'
                        'canonical_pl = "Kijów"\n', "desk.toml")
    assert layer.extends[0].canonicals == (("de", "Kyjiw"), ("pl", "Kijów"))
    (merged_base, _) = layers.merge([base, layer])
    (e,) = merged_base.entities
    assert e.canonical == "Kyiv"
    assert e.canonicals == (("de", "Kyjiw"), ("fr", "Kiev"), ("pl", "Kijów"))
    assert languages_of([base, layer]) == ("de", "en", "fr", "pl")


def test_extend_language_keys_are_validated_and_enabled_false_takes_none():
    with pytest.raises(TableError, match="two-letter lower-case"):
        parse_table('[[extend]]\nentity = "Kyiv"\ncanonical_DE = "Kiew"\n', "desk.toml")
    with pytest.raises(TableError, match="begin and end"):
        parse_table('[[extend]]\nentity = "Kyiv"\ncanonical_de = "Kiew-"\n', "desk.toml")
    with pytest.raises(TableError, match="switches the entity off"):
        parse_table('[[extend]]\nentity = "Kyiv"\nenabled = false\ncanonical_de = "Kiew"\n', "desk.toml")


def test_extend_english_canonical_keeps_the_language_canonicals():
    base = table('[[entity]]\ncanonical = "Kiev"\ncanonical_de = "Kiew"\n', "base.toml")
    layer = parse_table('[[extend]]\nentity = "Kiev"\ncanonical = "Kyiv"\n', "desk.toml")
    (e,) = layers.merge([base, layer])[0].entities
    assert (e.canonical, e.variants, e.canonicals) == ("Kyiv", ("Kiev",), (("de", "Kiew"),))


# --------------------------------------------------------------------------- for_target

SMALL = '''
[[entity]]
canonical = "Zelenskyy"
canonical_de = "Selenskyj"
canonical_fr = "Zelensky"
variants = ["Selenskyj", "Zelensky", "Zelenskiy"]
except = ["Zelensky Street"]

[[entity]]
canonical = "Kyiv"
canonical_de = "Kiew"
variants = ["Kiev", "Kiew"]

[[entity]]
canonical = "Bakhmut"
variants = ["Artemovsk"]
'''


def test_english_is_the_identity():
    tables = (table(SMALL),)
    out = for_target(tables, "en")
    assert out is tables
    assert [id(t) for t in for_target(list(tables), "en")] == [id(t) for t in tables]


def test_language_canonical_swaps_in_and_english_becomes_a_variant():
    (t,) = for_target([table(SMALL)], "de")
    by = {e.canonical: e for e in t.entities}
    assert set(by) == {"Selenskyj", "Kiew"}  # Bakhmut has no German canonical: left out
    z = by["Selenskyj"]
    assert z.variants == ("Zelenskyy", "Zelensky", "Zelenskiy")
    assert z.excepts == ("Zelensky Street",)
    assert by["Kiew"].variants == ("Kyiv", "Kiev")
    assert t.name == "t" and t.path == "t.toml"


def test_a_language_with_few_canonicals_keeps_only_those():
    (t,) = for_target([table(SMALL)], "fr")
    (e,) = t.entities
    assert e.canonical == "Zelensky"
    assert e.variants == ("Zelenskyy", "Selenskyj", "Zelenskiy")
    (t,) = for_target([table(SMALL)], "pl")
    assert t.entities == ()


def test_languages_of():
    assert languages_of([table(SMALL)]) == ("de", "en", "fr")
    assert languages_of([table('[[entity]]\ncanonical = "Kyiv"\n')]) == ("en",)


def test_target_language_code_is_checked():
    with pytest.raises(ValueError, match="ISO 639-1"):
        for_target([table(SMALL)], "DE")
    with pytest.raises(ValueError, match="ISO 639-1"):
        for_target([table(SMALL)], "deu")


def test_normalizer_over_target_tables_rewrites_to_the_language_canonical():
    n = Normalizer(tables=for_target([table(SMALL)], "de"), builtin=False)
    assert n.normalize("( Zelenskyy )") == "( Selenskyj )"
    assert n.normalize("( ZELENSKY )") == "( SELENSKYJ )"
    assert n.normalize("( Kyiv )") == "( Kiew )"
    assert n.normalize("( Selenskyj )") == "( Selenskyj )"
    assert n.normalize("( Artemovsk )") == "( Artemovsk )"  # no German canonical: not rewritten
    assert n.normalize("( Zelensky Street )") == "( Zelensky Street )"


def test_layered_tables_are_merged_first():
    base = table(SMALL, "base.toml")
    layer = parse_table('[table]\nname = "desk"\n[[extend]]\nentity = "Bakhmut"\ncanonical_de = "Bachmut"\n'
                        '[[extend]]\nentity = "Kyiv"\ncanonical_de = "Kyjiw"\n', "desk.toml")
    out = for_target([base, layer], "de")
    assert all(not t.extends and not t.leave_out for t in out)
    names = {e.canonical: e for t in out for e in t.entities}
    assert set(names) == {"Selenskyj", "Kyjiw", "Bachmut"}
    assert names["Kyjiw"].variants == ("Kyiv", "Kiev", "Kiew")
    assert names["Bachmut"].variants == ("Bakhmut", "Artemovsk")


# --------------------------------------------------------------------------- per-language conflicts


def test_language_canonical_that_is_another_entitys_variant_is_a_cycle_in_that_language():
    t = table('[[entity]]\ncanonical = "Dnipro"\ncanonical_pl = "Dniepr"\n\n'
              '[[entity]]\ncanonical = "Dnieper"\ncanonical_pl = "Dniepr Rzeka"\nvariants = ["Dniepr"]\n',
              "rivers.toml")
    assert for_target([t], "de") == (replace_entities(t, ()),)
    with pytest.raises(TableError) as err:
        for_target([t], "pl")
    assert "'pl'" in err.value.reason and "cycle" in err.value.reason
    assert err.value.path == "rivers.toml"


def test_two_entities_with_one_language_canonical_are_duplicates_in_that_language():
    t = table('[[entity]]\ncanonical = "Kharkiv"\ncanonical_es = "Járkov"\n\n'
              '[[entity]]\ncanonical = "Kharkov Oblast"\ncanonical_es = "Járkov"\n', "x.toml")
    assert len(for_target([t], "de")[0].entities) == 0
    with pytest.raises(TableError, match=r"target language 'es'.*duplicate entity"):
        for_target([t], "es")


def test_variant_conflicts_are_checked_per_language_only():
    # The English variant "Kiev" of Kyiv becomes, in French, a variant of two entities.
    t = table('[[entity]]\ncanonical = "Kyiv"\ncanonical_fr = "Kyïv"\nvariants = ["Kiev"]\n\n'
              '[[entity]]\ncanonical = "Kyiv Oblast"\ncanonical_fr = "Kiev"\n', "x.toml")
    for_target([t], "de")
    with pytest.raises(TableError, match=r"target language 'fr'.*cycle"):
        for_target([t], "fr")


def test_a_conflict_with_a_left_out_entity_does_not_count():
    # In German, "Dnepr" is the canonical of the city; the river has it as a variant but no
    # German canonical, so the river is left out of German text and there is no cycle.
    t = table('[[entity]]\ncanonical = "Dnipro"\ncanonical_de = "Dnepr"\n\n'
              '[[entity]]\ncanonical = "Dnieper"\nvariants = ["Dnepr"]\n', "x.toml")
    (out,) = for_target([t], "de")
    assert [(e.canonical, e.variants) for e in out.entities] == [("Dnepr", ("Dnipro",))]
    t2 = table('[[entity]]\ncanonical = "Dnipro"\ncanonical_de = "Dnepr"\n\n'
               '[[entity]]\ncanonical = "Dnieper"\ncanonical_de = "Dnjepr"\nvariants = ["Dnepr"]\n', "x.toml")
    with pytest.raises(TableError, match=r"target language 'de'.*'Dnepr'"):
        for_target([t2], "de")


def replace_entities(t: Table, entities: tuple[Entity, ...]) -> Table:
    from dataclasses import replace

    return replace(t, entities=entities)


# --------------------------------------------------------------------------- the built-in tables


def test_builtin_languages(builtins):
    assert set(TARGETS) <= set(languages_of(builtins))


@pytest.mark.parametrize("lang", TARGETS)
def test_builtins_validate_per_language_with_150_entities(builtins, lang):
    out = for_target(builtins, lang)
    entities = [e for t in out for e in t.entities]
    assert len(entities) >= 150, f"{lang}: {len(entities)} entities"
    assert len({e.canonical for e in entities}) == len(entities)


@pytest.mark.parametrize("lang", TARGETS)
def test_builtin_canonicals_are_stable_per_language(builtins, lang):
    """Every language canonical, in every case form, is left as it is by the tables of that
    language (schemes included): the language's output is idempotent on its own canonicals."""
    n = Normalizer(tables=for_target(builtins, lang), builtin=False)
    changed = []
    for t in n.tables:
        for e in t.entities:
            for form in case_forms(e.canonical).values():
                text = f"( {form} )"
                if n.normalize(text) != text:
                    changed.append((form, n.normalize(text)))
    assert changed == []


SPOT = [
    ("de", "Zelenskyy", "Selenskyj"), ("de", "Volodymyr Zelenskyy", "Wolodymyr Selenskyj"),
    ("de", "Kyiv", "Kiew"), ("de", "Kharkiv", "Charkiw"), ("de", "Odesa", "Odessa"),
    ("de", "Zaporizhzhia", "Saporischschja"), ("de", "Dnipro", "Dnipro"), ("de", "Gadhafi", "Gaddafi"),
    ("de", "Kim Jong Un", "Kim Jong Un"),
    ("pl", "Zelenskyy", "Zełenski"), ("pl", "Kyiv", "Kijów"), ("pl", "Kharkiv", "Charków"),
    ("pl", "Odesa", "Odessa"), ("pl", "Gadhafi", "Kadafi"),
    ("fr", "Zelenskyy", "Zelensky"), ("fr", "Kyiv", "Kiev"), ("fr", "Kharkiv", "Kharkiv"),
    ("fr", "Odesa", "Odessa"), ("fr", "Gadhafi", "Kadhafi"),
    ("es", "Zelenskyy", "Zelenski"), ("es", "Kyiv", "Kiev"), ("es", "Kharkiv", "Járkov"),
    ("es", "Odesa", "Odesa"), ("es", "Gadhafi", "Gadafi"),
    ("it", "Zelenskyy", "Zelensky"), ("it", "Kyiv", "Kiev"), ("it", "Kharkiv", "Kharkiv"),
    ("it", "Odesa", "Odessa"), ("it", "Gadhafi", "Gheddafi"),
]


@pytest.mark.parametrize(("lang", "english", "expected"), SPOT)
def test_builtin_spot_checks(builtins, lang, english, expected):
    by = {e.canonical: e for t in builtins for e in t.entities}
    assert by[english].canonical_for(lang) == expected


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("de", "( Zelenskyy )", "( Selenskyj )"),
    ("de", "( Kiev )", "( Kiew )"),
    ("pl", "( Zelensky )", "( Zełenski )"),
    ("pl", "( KYIV )", "( KIJÓW )"),
    ("fr", "( Qaddafi )", "( Kadhafi )"),
    ("es", "( Gaddafi )", "( Gadafi )"),
    ("it", "( Kadhafi )", "( Gheddafi )"),
])
def test_builtin_normalization_per_language(builtins, lang, text, expected):
    n = Normalizer(tables=for_target(builtins, lang), builtin=False)
    assert n.normalize(text) == expected


def test_english_builtins_are_untouched_by_the_language_keys(builtins):
    n = Normalizer()
    assert n.normalize("( Selenskyj )") == "( Zelenskyy )"
    assert n.normalize("( Kiew )") == "( Kyiv )"
