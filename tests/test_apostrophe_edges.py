"""An apostrophe at a name's edge belongs to the text, not to the name (issue 14, finding 1).

Scheme tables write a final soft sign as a prime or apostrophe (Kerchʹ, Kazan’). Apostrophe
look-alikes fold when matching, so a surface ending in one took the mark that closes a
quotation or starts a possessive, and deleted it. No surface may begin or end with one.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalize import Normalizer, TableError, parse_table
from normalize.rules.rule import APOSTROPHES

EDGE = frozenset(APOSTROPHES + "`\u02ba\"")


@pytest.fixture(scope="module")
def builtin() -> Normalizer:
    return Normalizer()


@pytest.fixture(scope="module")
def names(builtin: Normalizer) -> list[str]:
    """Every surface of the built-in tables that rewrites (exception phrases left out)."""
    m = builtin.matcher
    return sorted({p for i, p in enumerate(m.patterns) if not m.rule(i).block})


def test_no_builtin_surface_begins_or_ends_with_an_apostrophe(names: list[str]) -> None:
    assert len(names) > 10_000
    bad = [s for s in names if s[0] in EDGE or s[-1] in EDGE]
    assert not bad, bad[:20]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\u2018We sailed from Kerch\u2019, she said.", "\u2018We sailed from Kerch\u2019, she said."),
        ("Kerch\u2019s port", "Kerch\u2019s port"),
        ("'Kerc\u030c'", "'Kerch'"),
        ("the port of Kerč\u2019s harbour", "the port of Kerch\u2019s harbour"),
        ("KAZAN'\u0301", "KAZAN'\u0301"),
        ("\u201cKazan\u2019\u201d", "\u201cKazan\u2019\u201d"),
    ],
)
def test_closing_marks_and_possessives_survive(builtin: Normalizer, text: str, expected: str) -> None:
    out = builtin.normalize(text)
    assert out == expected
    assert builtin.normalize(out) == out


@given(data=st.data())
def test_quoted_names_keep_their_quotes(builtin: Normalizer, names: list[str], data: st.DataObject) -> None:
    """Any name, between any apostrophe look-alikes or quotes: every mark outside the name is
    kept, and a second pass changes nothing."""
    name = data.draw(st.sampled_from(names))
    left = data.draw(st.sampled_from(["", "'", "\u2018", "\u2019", "\u02bc", "\"", "\u201c", "("]))
    right = data.draw(st.sampled_from(["'", "\u2019", "\u02bc", "\u02b9", "\u2032", "'s", "\u2019s", "\u201d"]))
    text = f"{left}{name}{right}, she said."
    out = builtin.normalize(text)
    assert out.startswith(left)
    for m in builtin.find(text):
        assert m.found[-1] not in EDGE and m.found[0] not in EDGE
    assert out.endswith(f"{right}, she said.") or right[0].isalpha() or right[0] in "\u02bc\u02b9"
    assert builtin.normalize(out) == out


@pytest.mark.parametrize(
    ("variant", "reason"),
    [
        ("Kerch\u02b9", "must not begin or end with an apostrophe"),  # the prime is a letter (Lm)
        ("\u02bcKerch", "must not begin or end with an apostrophe"),  # so is the modifier apostrophe
        ("Kerch'", "must begin and end with a letter or digit"),
        ("Kazan\u2019", "must begin and end with a letter or digit"),
    ],
)
def test_a_table_variant_cannot_end_in_an_apostrophe(variant: str, reason: str) -> None:
    table = f'[table]\nname = "t"\n[[entity]]\ncanonical = "Kerch"\nvariants = ["{variant}"]\n'
    with pytest.raises(TableError, match=reason):
        parse_table(table, "t.toml")


def test_inner_apostrophes_are_still_fine() -> None:
    table = ('[table]\nname = "t"\n[[entity]]\ncanonical = "Zelenskyy"\n'
             'variants = ["Zelens\u2019kyj", "Zelens\u02b9kyj"]\n')
    n = Normalizer(tables=[parse_table(table, "t.toml")], builtin=False)
    assert n.normalize("Zelens'kyj and Zelens\u02b9kyj") == "Zelenskyy and Zelenskyy"
