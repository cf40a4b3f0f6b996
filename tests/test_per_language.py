"""Per-language normalization: a passage in another language gets that language's canonicals."""

from __future__ import annotations

import pickle

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from normalize import Normalizer
from normalize.cli.command import main

from .strategies import assert_stream_agrees, chunked

GERMAN = "Präsident Wolodymyr Zelenskyy reist von Kyiv über Charkow nach Odessa, sagte die Regierung am Montag."
ENGLISH = "President Selenskyj arrived in Kiew on Monday, his office said."


@pytest.fixture(scope="module")
def en() -> Normalizer:
    return Normalizer(per_language=True)


@pytest.fixture(scope="module")
def de() -> Normalizer:
    return Normalizer(lang="de", per_language=True)


def test_the_tables_languages(en: Normalizer):
    assert {"en", "de", "fr", "pl", "es", "it"} <= set(en.languages)


def test_a_german_passage_gets_german_canonicals(en: Normalizer):
    out = en.normalize("Kiev is the capital. " + GERMAN)
    assert out == ("Kyiv is the capital. Präsident Wolodymyr Selenskyj reist von Kiew über Charkiw nach Odessa, "
                   "sagte die Regierung am Montag.")


def test_an_english_passage_gets_english_canonicals_for_a_german_target(de: Normalizer):
    out = de.normalize("Selenskyj reist nach Kiew, sagte die Regierung am Montag. " + ENGLISH)
    assert out == ("Selenskyj reist nach Kiew, sagte die Regierung am Montag. "
                   "President Zelenskyy arrived in Kyiv on Monday, his office said.")


def test_off_by_default_and_without_the_language_rule():
    text = "Kiev is the capital. " + GERMAN
    plain = Normalizer().normalize(text)
    assert plain == "Kyiv is the capital. " + GERMAN
    assert Normalizer(per_language=True, context=("mention",)).normalize(text) == Normalizer(
        context=("mention",)).normalize(text)


def test_a_language_without_canonicals_is_left_as_written(en: Normalizer):
    dutch = "President Zelensky reisde maandag naar Kiev, zei zijn kantoor tegen de pers."
    assert en.normalize(dutch) == dutch
    assert [k.reason for k in en.kept(dutch)] == ["other-language", "other-language"]


def test_what_is_already_that_languages_canonical_is_kept(en: Normalizer):
    text = "Präsident Selenskyj reist nach Kiew, sagte die Regierung am Montag."
    assert en.normalize(text) == text
    assert {k.match.found for k in en.kept(text)} == {"Selenskyj", "Kiew"}


def test_pickles_and_repr(en: Normalizer):
    again = pickle.loads(pickle.dumps(en))
    assert again.per_language and again.normalize(GERMAN) == en.normalize(GERMAN)
    assert "per_language=True" in repr(en)


def test_protected_text_stays(en: Normalizer):
    text = "Präsident Zelenskyy reist nach `Kyiv`, sagte die Regierung am Montag, https://kyiv.example/Kyiv."
    md = Normalizer(per_language=True, markdown=True)
    assert md.normalize(text) == text.replace("Zelenskyy", "Selenskyj")


_PIECES = [GERMAN, ENGLISH, "Kiev is the capital. ",
           "Le président Zelensky est arrivé à Kiev lundi, selon son bureau. ", "Kyiv", "Zelenskyy", " ", "\n", "\n\n",
           ". "]


@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join),
       st.lists(st.integers(min_value=1, max_value=400), min_size=1, max_size=6))
def test_stream_equals_whole_text(en: Normalizer, text: str, sizes: list[int]):
    chunks = chunked(text, sizes)
    assert_stream_agrees(en, text, chunks)


@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_idempotent_and_find_agrees(en: Normalizer, text: str):
    out = en.normalize(text)
    assert en.normalize(out) == out
    assert en.apply(text, en.find(text)) == out


_MIXED = "Kiev is the capital. Präsident Zelensky reist nach Kiev, sagte die Regierung am Montag.\n"
_LOCAL = "Kyiv is the capital. Präsident Selenskyj reist nach Kiew, sagte die Regierung am Montag.\n"


def test_cli_option_and_config_key(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["--isolated", "--per-language"], input=_MIXED).stdout == _LOCAL
    assert CliRunner().invoke(main, ["--isolated"], input=_MIXED).stdout == _MIXED.replace("Kiev is", "Kyiv is", 1)
    (tmp_path / ".translit-normalize.toml").write_text("per-language = true\n", encoding="utf-8")
    assert CliRunner().invoke(main, [], input=_MIXED).stdout == _LOCAL
    off = CliRunner().invoke(main, ["--no-per-language"], input=_MIXED).stdout
    assert off == _MIXED.replace("Kiev is", "Kyiv is", 1)
    (tmp_path / ".translit-normalize.toml").write_text('per-language = "yes"\n', encoding="utf-8")
    r = CliRunner().invoke(main, [], input="Kiev\n")
    assert r.exit_code == 2 and "per-language" in r.stderr and r.stdout == ""


def test_cli_parallel_files(tmp_path):
    for i in range(4):
        (tmp_path / f"a{i}.txt").write_text(_MIXED, encoding="utf-8")
    r = CliRunner().invoke(main, ["--isolated", "--per-language", "-i", "-j", "2", str(tmp_path)])
    assert r.exit_code == 1 and "Fixed 12 variants in 4 files" in r.output  # exit 1: something was fixed
    assert all((tmp_path / f"a{i}.txt").read_text(encoding="utf-8") == _LOCAL for i in range(4))
