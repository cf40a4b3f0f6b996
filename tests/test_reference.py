"""The fast path (the C trie, or its Python twin) against a deliberately naive reference.

The reference tries every surface form at every position with a regular expression: slow,
obvious, and independent of the trie, its walk and the rewrite code in C.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalize import Normalizer, parse_table
from normalize.engine.matcher import GAP_MAX
from normalize.engine.regions import MARKER, Regions, ScanState, find_regions, in_protected_token
from normalize.engine.resolve import is_word_char, recase, transfer_whitespace
from normalize.rules.expand import APOSTROPHES, expand
from normalize.rules.rule import is_recased

from .conftest import NEWS_TABLE
from .strategies import random_tables, random_text_for, texts


def reference_normalize(n: Normalizer, text: str, protected: list[tuple[int, int]] | None = None,
                        view: str | None = None) -> str:
    """``text`` normalized the slow way; a markup format's ``protected`` spans and ``view`` (what
    the matcher reads) come from the format."""
    surfaces = expand(e for t in n.tables for e in t.entities).surfaces
    gap = rf"\s{{1,{GAP_MAX}}}"
    apostrophe = "[" + re.escape(APOSTROPHES) + "]"

    def pattern(surface: str) -> str:
        return gap.join(re.escape(w).replace("'", apostrophe) for w in surface.split(" "))

    compiled = [(re.compile(pattern(s)), r) for s, r in surfaces.items()]
    regions, _ = find_regions(text, 0, len(text), ScanState(), n.markdown and protected is None)
    if protected is not None:
        regions = Regions(regions.spans() + protected)
    original, text = text, text if view is None else view

    def bounded(s: int, e: int) -> bool:
        left = s > 0 and is_word_char(text[s - 1]) and is_word_char(text[s])
        right = e < len(text) and is_word_char(text[e]) and is_word_char(text[e - 1])
        return not left and not right

    out, i, pos = [], 0, 0
    while i < len(text):
        best = None
        for regex, rule in compiled:
            m = regex.match(text, i)
            if m and bounded(i, m.end()) and (best is None or m.end() > best[0]):
                best = (m.end(), rule)
        if best is None:
            i += 1
            continue
        end, rule = best
        if rule.block:
            i = end
            continue
        if regions.overlaps(i, end) or in_protected_token(text, i, end):
            i += 1
            continue
        found = text[i:end]
        replacement = transfer_whitespace(found, rule.replacement) if " " in rule.variant else rule.replacement
        if is_recased(rule):  # a lower-case canonical found capitalised: capital only where a sentence starts
            replacement = recase(text, i, replacement)
        out += [original[pos:i], replacement]
        pos = i = end
    out.append(original[pos:])
    return "".join(out)


@pytest.fixture(scope="module")
def plain_news() -> Normalizer:
    """The news table without generated variants: the reference expands explicit ones only."""
    return Normalizer([parse_table(NEWS_TABLE, "news.toml")], builtin=False, generate=False, context=())


@given(texts)
def test_news_table_agrees_with_reference(plain_news, text):
    assert plain_news.normalize(text) == reference_normalize(plain_news, text)


@given(st.data())
def test_random_tables_agree_with_reference(data):
    n = data.draw(random_tables())
    text = data.draw(random_text_for(n))
    assert n.normalize(text) == reference_normalize(n, text)


@given(texts)
def test_markdown_mode_agrees_with_reference(plain_news, text):
    """Markdown is read per block by normalize.markup.markdown: the reference runs on each block
    with the format's protected spans and view (directives do not cross blocks in these texts)."""
    from normalize.markup import blocks
    from normalize.markup.markdown import MARKUP

    md = plain_news.with_options(markdown=True)
    if MARKER in text:
        return
    want = []
    for _, block, state in blocks(MARKUP, [text]):
        spans = MARKUP.protected(block, state)
        want.append(reference_normalize(md, block, spans, MARKUP.view(block, spans)))
    assert md.normalize(text) == "".join(want)
