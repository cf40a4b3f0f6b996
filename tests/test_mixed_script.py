"""A word that mixes look-alike scripts can never match real text, so a table that holds one is refused.

``Kiеv`` with a Cyrillic ``е`` (U+0435) looks like ``Kiev`` but no real text spells it so: a
variant like that silently never matches, a canonical like that would be written into text.
Table validation finds such words with the ``regex`` module's ``\\p{Script=...}`` properties.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Sequence

import pytest
from click.testing import CliRunner

from normalize import Normalizer, Table, TableError, parse_table
from normalize.cli.command import main
from normalize.rules.datafiles import builtin_table_paths
from normalize.rules.parse import Entity, mixed_script, validate


def _table(canonical: str, variants: Sequence[str] = (), excepts: Sequence[str] = ()) -> str:
    def arr(xs: Sequence[str]) -> str:
        return "[" + ", ".join(f'"{x}"' for x in xs) + "]"

    return textwrap.dedent(f"""\
        [[entity]]
        canonical = "{canonical}"
        variants = {arr(variants)}
        except = {arr(excepts)}
        """)


def _error(text: str) -> TableError:
    with pytest.raises(TableError) as info:
        parse_table(text, "mixed.toml")
    return info.value


def test_a_variant_with_a_cyrillic_look_alike_is_refused():
    err = _error(_table("Kyiv", ["Kiеv"]))
    assert err.path == "mixed.toml"
    assert err.entity == "Kyiv"
    assert err.reason == ("variant 'Kiеv' mixes Latin and Cyrillic letters in one word "
                          "(U+0435 CYRILLIC SMALL LETTER IE)")
    assert str(err).startswith("mixed.toml: entity 'Kyiv': variant 'Kiеv'")


def test_a_canonical_with_a_latin_look_alike_is_refused():
    err = _error(_table("Київ", ["Kyiv"]).replace("Київ", "Кiїв"))  # Latin i in a Cyrillic word
    assert err.entity == "Кiїв"
    assert err.reason == ("canonical 'Кiїв' mixes Cyrillic and Latin letters in one word "
                          "(U+0069 LATIN SMALL LETTER I)")


def test_an_except_phrase_with_a_look_alike_is_refused():
    err = _error(_table("Kyiv", ["Kiev"], ["Chicken Kiеv"]))
    assert err.reason.startswith("except phrase 'Chicken Kiеv' mixes Latin and Cyrillic letters in one word")
    assert "U+0435" in err.reason


def test_greek_counts_too():
    err = _error(_table("Athina", ["Αθήνa"]))  # Latin a at the end of a Greek word
    assert "mixes Greek and Latin letters in one word (U+0061 LATIN SMALL LETTER A)" in err.reason


def test_the_offending_letter_is_the_one_in_the_minority_script():
    assert mixed_script("Кyiv") == ("mixes Latin and Cyrillic letters in one word "
                                   "(U+041A CYRILLIC CAPITAL LETTER KA)")


def test_a_look_alike_inside_a_hyphenated_name_is_found():
    assert mixed_script("Rostov-nа-Donu") is not None  # Cyrillic а in "na"


@pytest.mark.parametrize("phrase", [
    "Kyiv", "Kyïv", "Zürich", "Zu\u0308rich", "Київ", "Санкт-Петербург", "Αθήνα",
    "O'Brien", "Mar\u2019yana", "Il\u02bcin", "Ob\u02b9", "Мар'яна", "Dnipro's",
    "Rostov-na-Donu", "Kim Jong Un", "Formula-1", "Kyiv2", "F1",
    "東京", "Tōkyō",
])
def test_phrases_in_one_script_pass(phrase):
    assert mixed_script(phrase) is None


@pytest.mark.parametrize("phrase", ["Kyiv Київ", "Київ Kyiv", "IT-парк", "Athens Αθήνα"])
def test_words_in_different_scripts_pass(phrase):
    """Each word in one script: a bilingual name is not a look-alike."""
    assert mixed_script(phrase) is None


def test_a_table_with_words_in_two_scripts_loads():
    table = parse_table(_table("Kyiv", ["Kiev", "Kyiv Київ"], ["Київ Kiev"]), "ok.toml")
    assert table.entities[0].variants == ("Kiev", "Kyiv Київ")


def test_table_values_are_checked_too():
    """Tables built in code, not parsed, go through the same validation when compiled."""
    bad = Table(name="code", path="<code>", entities=(Entity("Kyiv", variants=("Kiеv",)),))
    with pytest.raises(TableError, match="mixes Latin and Cyrillic"):
        validate([bad])
    with pytest.raises(TableError, match="mixes Latin and Cyrillic"):
        Normalizer(tables=[bad], builtin=False)


def test_the_command_reports_it_on_one_line(tmp_path):
    path = tmp_path / "mixed.toml"
    path.write_text(_table("Kyiv", ["Kiеv"]), encoding="utf-8")
    r = CliRunner().invoke(main, ["--isolated", "--no-builtin", "--table", str(path)], input=b"Kiev")
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output
    assert "variant 'Kiеv' mixes Latin and Cyrillic letters in one word (U+0435 CYRILLIC SMALL LETTER IE)" \
        in r.stderr


def test_no_built_in_table_mixes_scripts_in_a_word():
    for path in builtin_table_paths():
        table = parse_table(path.read_text(encoding="utf-8"), str(path))
        for e in table.entities:
            for phrase in (e.canonical, *e.variants, *e.excepts):
                assert mixed_script(phrase) is None, (path.name, e.canonical, phrase)


def test_a_cached_start_up_does_not_import_regex(tmp_path):
    """The check runs when tables are compiled; a start-up served by the cache skips it."""
    code = ("import sys, normalize\n"
            "assert normalize.normalize('Kiev') == 'Kyiv'\n"
            "print('regex' in sys.modules)\n")
    env = {**os.environ, "TRANSLIT_NORMALIZE_CACHE": str(tmp_path / "cache")}
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert first.stdout.strip() == "True"  # compiling validates the tables
    again = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert again.stdout.strip() == "False"
