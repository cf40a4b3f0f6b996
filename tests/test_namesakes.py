"""Namesakes: the table format, the phrases left as written, and one sense per discourse."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from normalize import Kept, Normalizer
from normalize.cli.command import main
from normalize.context import Judging
from normalize.rules.parse import Namesake, TableError, parse_table

from .strategies import assert_stream_agrees, chunked

TABLE = """
[table]
name = "t"

[[entity]]
canonical = "Lviv"
variants = ["Lvov", "Lemberg"]
except = ["Lvov Street"]

[[entity.namesakes]]
name = "Georgy Lvov, head of the Provisional Government (1917)"
phrases = ["Georgy Lvov", "Prince Lvov"]

[[entity]]
canonical = "Odesa"
variants = ["Odessa"]

[[entity.namesakes]]
name = "Odessa, Texas"
phrases = ["Odessa, Texas", "Odessa, TX"]
"""


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    p = tmp_path_factory.mktemp("ns") / "t.toml"
    p.write_text(TABLE, encoding="utf-8")
    return p


@pytest.fixture(scope="module")
def n(table: Path) -> Normalizer:
    return Normalizer([table], builtin=False)


def _parse(body: str) -> None:
    parse_table("[table]\nname = \"x\"\n" + textwrap.dedent(body), "x.toml")


def test_the_format_parses(table: Path):
    t = parse_table(table.read_text(encoding="utf-8"), str(table))
    assert t.entities[0].namesakes == (Namesake("Georgy Lvov, head of the Provisional Government (1917)",
                                                ("Georgy Lvov", "Prince Lvov")),)


@pytest.mark.parametrize(("body", "message"), [
    ('[[entity]]\ncanonical = "Lviv"\nvariants = ["Lvov"]\nnamesakes = "x"\n', "must be an array of tables"),
    ('[[entity]]\ncanonical = "Lviv"\nvariants = ["Lvov"]\n[[entity.namesakes]]\nname = "G"\n', "needs 'name'"),
    ('[[entity]]\ncanonical = "Lviv"\nvariants = ["Lvov"]\n[[entity.namesakes]]\nname = "G"\nphrases = []\n',
     "'phrases' is empty"),
    ('[[entity]]\ncanonical = "Lviv"\nvariants = ["Lvov"]\n[[entity.namesakes]]\nname = "G"\nphrases = ["G Lvov"]\n'
     'who = 1\n', "unknown key 'who'"),
    ('[[entity]]\ncanonical = "Lviv"\nvariants = ["Lvov"]\n[[entity.namesakes]]\nname = "G"\n'
     'phrases = ["G Lvov", "G Lvov"]\n', "listed twice"),
    ('[[entity]]\ncanonical = "Lviv"\nvariants = ["Lvov"]\n[[entity.namesakes]]\nname = "G"\nphrases = ["Lvov:"]\n',
     "must begin and end with a letter or digit"),
    ('[[entity]]\ncanonical = "Lviv"\nvariants = ["Lvov"]\n[[entity.namesakes]]\nname = ""\nphrases = ["G Lvov"]\n',
     "'name' is empty"),
])
def test_bad_namesakes_are_errors(body: str, message: str):
    with pytest.raises(TableError, match=message):
        _parse(body)


def test_a_phrase_without_a_spelling_of_its_entity_is_listed_as_dropped(tmp_path: Path):
    p = tmp_path / "t.toml"
    p.write_text(TABLE + '\n[[entity.namesakes]]\nname = "nothing"\nphrases = ["Foo Bar"]\n', encoding="utf-8")
    dropped = Normalizer([p], builtin=False).matcher.dropped
    assert ("Odesa", "Foo Bar", "namesake phrase (nothing) holds no spelling of the entity") in dropped


def test_extend_adds_namesakes_and_refuses_a_repeat(tmp_path: Path, table: Path):
    layer = tmp_path / "layer.toml"
    layer.write_text('[table]\nname = "layer"\n[[extend]]\nentity = "Odesa"\n[[extend.namesakes]]\n'
                     'name = "Odessa, Delaware"\nphrases = ["Odessa, Delaware"]\n', encoding="utf-8")
    n = Normalizer([table, layer], builtin=False)
    assert n.normalize("Odessa, Delaware. Odessa is small.") == "Odessa, Delaware. Odessa is small."
    layer.write_text('[table]\nname = "layer"\n[[extend]]\nentity = "Odesa"\n[[extend.namesakes]]\n'
                     'name = "again"\nphrases = ["Odessa, TX"]\n', encoding="utf-8")
    with pytest.raises(TableError, match="already a namesake phrase"):
        Normalizer([table, layer], builtin=False).normalize("x")


def test_a_namesake_phrase_is_left_as_written_even_with_context_off(table: Path):
    bare = Normalizer([table], builtin=False, context=())
    assert bare.normalize("Prince Lvov met Georgy Lvov in Lvov.") == "Prince Lvov met Georgy Lvov in Lviv."


def test_after_a_namesake_the_document_keeps_the_variant(n: Normalizer):
    text = "Odessa is a port. Odessa, Texas, is an oil town. Odessa's stadium is full. Lvov is a city."
    assert n.normalize(text) == ("Odesa is a port. Odessa, Texas, is an oil town. Odessa's stadium is full. "
                                 "Lviv is a city.")


def test_the_namesake_is_per_spelling_and_per_entity(n: Normalizer):
    text = "Prince Lvov resigned. Lvov left for Paris. Lemberg stayed Austrian. Odessa is a port."
    assert n.normalize(text) == "Prince Lvov resigned. Lvov left for Paris. Lviv stayed Austrian. Odesa is a port."


def test_each_document_starts_afresh(n: Normalizer):
    assert n.normalize("Odessa, TX. Odessa.") == "Odessa, TX. Odessa."
    assert n.normalize("Odessa.") == "Odesa."


def test_an_except_phrase_protects_itself_only(n: Normalizer):
    text = "They met on Lvov Street. Lvov is a city."
    assert n.normalize(text) == "They met on Lvov Street. Lviv is a city."
    kept = n.kept(text)
    assert [(k.reason, k.detail, k.match.found) for k in kept] == [("except-phrase", "Lvov Street", "Lvov")]


def test_kept_reasons(n: Normalizer):
    text = "Georgy Lvov resigned. Lvov emigrated."
    kept = n.kept(text)
    assert [(k.reason, k.match.start, k.match.replacement) for k in kept] == [("namesake", 7, "Lviv"),
                                                                             ("namesake", 22, "Lviv")]
    assert kept[1].detail == "Georgy Lvov, head of the Provisional Government (1917) (named earlier)"
    assert Kept(**{**kept[0].to_dict(), "match": kept[0].match}) == kept[0]


def test_the_rule_has_an_off_switch(table: Path):
    n = Normalizer([table], builtin=False, context=("language", "mention"))
    assert n.normalize("Odessa, TX. Odessa is in Ukraine.") == "Odessa, TX. Odesa is in Ukraine."
    assert [k.reason for k in n.kept("Odessa, TX. Odessa is in Ukraine.")] == ["namesake"]  # the phrase itself


def test_cli_switch_and_default(table: Path):
    text = "Odessa, TX. Odessa is in Ukraine.\n"
    base = ["--isolated", "--no-builtin", "--table", str(table)]
    on = CliRunner().invoke(main, base, input=text)
    off = CliRunner().invoke(main, [*base, "--context", "language,mention"], input=text)
    assert on.exit_code == 0 and on.output == text
    assert off.exit_code == 0 and off.output == "Odessa, TX. Odesa is in Ukraine.\n"


def test_the_memory_is_bounded_by_the_tables(n: Normalizer):
    judging = n._judging()
    assert isinstance(judging, Judging)
    text = "Odessa, TX. Prince Lvov. Georgy Lvov. Odessa, Texas. " * 200
    for i in range(50):  # fifty stretches of one long document
        judging(text, [], 0, len(text), i * len(text))
    assert len(judging._named) == 2  # one entry per spelling named, however long the document


_PIECES = ["Odessa", "Odessa, Texas", "Odessa, TX", "Lvov", "Prince Lvov", "Georgy Lvov", "Lemberg", "Lvov Street",
           " ", ". ", ", ", "\n", "x" * 50, "Kyiv (formerly Kiev). "]


@given(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join),
       st.lists(st.integers(min_value=1, max_value=300), min_size=1, max_size=8))
def test_stream_equals_whole_text(n: Normalizer, text: str, sizes: list[int]):
    chunks = chunked(text, sizes)
    assert_stream_agrees(n, text, chunks)


@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_idempotent_and_find_agrees(n: Normalizer, text: str):
    out = n.normalize(text)
    assert n.normalize(out) == out
    assert n.apply(text, n.find(text)) == out
