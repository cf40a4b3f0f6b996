"""Rule 6: every character outside the replaced spans is kept exactly."""

from hypothesis import given
from hypothesis import strategies as st

from normalize import Normalizer

from .strategies import plain_texts, random_tables, random_text_for, texts


@given(plain_texts)
def test_text_without_variants_is_unchanged(news, text):
    assert news.normalize(text) == text
    assert news.find(text) == []


@given(st.text(max_size=300))
def test_arbitrary_unicode_without_names_is_unchanged(news, text):
    if not news.find(text):
        assert news.normalize(text) == text


@given(st.sampled_from(["\ufeff", "\r\n", "\udcfe\udcff", " e\u0301 ", "  \t", "\u2028"]), plain_texts)
def test_bom_crlf_nfd_surrogates_survive(news, special, text):
    s = special + text + special + " Kiev " + special
    assert news.normalize(s) == special + text + special + " Kyiv " + special


@given(texts)
def test_only_match_spans_change(news, text):
    """Rebuild the output from the matches: outside them, the input is copied verbatim."""
    matches = news.find(text)
    out = news.normalize(text)
    pos, rebuilt = 0, []
    for m in matches:
        assert text[m.start:m.end] == m.found
        assert m.found != m.replacement
        rebuilt += [text[pos:m.start], m.replacement]
        pos = m.end
    rebuilt.append(text[pos:])
    assert out == "".join(rebuilt)


@given(st.data())
def test_find_agrees_with_normalize_on_random_tables(data):
    n: Normalizer = data.draw(random_tables())
    text = data.draw(random_text_for(n))
    assert n.apply(text, n.find(text)) == n.normalize(text)
