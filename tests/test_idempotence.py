"""Rule 7: normalizing twice changes nothing more; canonical text is never reported."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .strategies import random_tables, random_text_for, texts


@given(texts)
def test_idempotent_on_news_text(news, text):
    once = news.normalize(text)
    assert news.normalize(once) == once


@given(st.data())
def test_idempotent_on_random_tables(data):
    n = data.draw(random_tables())
    text = data.draw(random_text_for(n))
    once = n.normalize(text)
    assert n.normalize(once) == once


@given(st.data())
def test_canonical_text_is_never_reported(data):
    n = data.draw(random_tables())
    for t in n.tables:
        for e in t.entities:
            for form in (e.canonical, e.canonical.upper(), e.canonical[:1].upper() + e.canonical[1:]):
                assert n.find(f"x {form} y") == []


@pytest.fixture(scope="module")
def builtin():
    from normalize import Normalizer

    return Normalizer()


@pytest.mark.parametrize("glue", ["/.", "/x.", "/a/", "\\."])
def test_protection_does_not_depend_on_a_neighbouring_names_length(builtin, glue):
    """Issue 14, finding 15: ``Kiev/.Vladimir Zelenskiy`` was protected as a path only while the
    name after the dot was at most 8 letters long; rewriting it to Volodymyr unprotected Kiev,
    and the second pass rewrote it."""
    text = f"Kiev{glue}Vladimir Zelenskiy and Kiev{glue}Kharkov"
    once = builtin.normalize(text)
    assert builtin.normalize(once) == once
