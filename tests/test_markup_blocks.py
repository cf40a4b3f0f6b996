"""The block driver and the engine's block path, with a small format of the tests' own.

The format: a block ends after each line; a line between ``<<`` and ``>>`` lines is not prose,
and in prose a ``{...}`` span is not prose. The real formats (HTML, Markdown, code) are tested
in their own files; this checks the plumbing every one of them relies on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalize import Normalizer
from normalize.markup import FORMATS, MAX_BLOCK, blocks, format_for_path, markup_for

from .strategies import assert_stream_agrees, chunked


@dataclass(frozen=True)
class Lines:
    name: str = "lines"

    def start(self) -> Any:
        return False  # inside a << >> stretch

    def cut(self, text: str, start: int, end: int, state: Any, final: bool) -> tuple[int, Any] | None:
        nl = text.find("\n", start, end)
        if nl == -1:
            return (end, state) if final else None
        line = text[start:nl]
        return nl + 1, (True if line == "<<" else False if line == ">>" else state)

    def protected(self, block: str, state: Any) -> list[tuple[int, int]]:
        if state or block.rstrip("\n") in ("<<", ">>"):
            return [(0, len(block))]
        return [m.span() for m in re.finditer(r"\{[^}]*\}", block)]


LINES = Lines()


def test_blocks_cover_the_document_in_order():
    text = "a\n<<\nKiev\n>>\nb"
    got = list(blocks(LINES, [text]))
    assert [b for _, b, _ in got] == ["a\n", "<<\n", "Kiev\n", ">>\n", "b"]
    assert [o for o, _, _ in got] == [0, 2, 5, 10, 13]
    assert [s for _, _, s in got] == [False, False, True, True, False]


def test_a_block_without_an_end_is_cut_at_the_longest():
    text = "x" * 25 + "\nKiev"
    got = [b for _, b, _ in blocks(LINES, [text], max_block=10)]
    assert "".join(got) == text and max(map(len, got)) <= 10


@given(st.lists(st.sampled_from(["Kiev", " ", "\n", "<<\n", ">>\n", "{Kiev}", "Kharkov", "x" * 30]), max_size=40)
       .map("".join), st.lists(st.integers(min_value=1, max_value=50), min_size=1, max_size=5))
def test_blocks_do_not_depend_on_chunking(text: str, sizes: list[int]):
    chunks = chunked(text, sizes)
    assert list(blocks(LINES, chunks, max_block=64)) == list(blocks(LINES, [text], max_block=64))


def test_known_formats_and_suffixes():
    assert {"text", "markdown"} <= set(FORMATS)
    assert markup_for("text") is None
    assert format_for_path("docs/a.MD") == "markdown" and format_for_path("a.txt") == "text"
    assert format_for_path(None, "text") == "text"
    with pytest.raises(ValueError, match="unknown input format"):
        markup_for("rtf")
    with pytest.raises(ValueError, match="unknown format"):
        Normalizer(format="rtf")
    with pytest.raises(ValueError, match="contradict"):
        Normalizer(markdown=True, format="text")
    assert MAX_BLOCK >= 1 << 16


@pytest.fixture
def lines(monkeypatch: pytest.MonkeyPatch) -> Normalizer:
    import normalize.markup as markup

    monkeypatch.setitem(markup._MODULES, "lines", __name__)
    monkeypatch.setattr(markup, "FORMATS", (*markup.FORMATS, "lines"))
    monkeypatch.setattr("normalize.normalizer.FORMATS", markup.FORMATS)
    return Normalizer(format="lines", context=())


MARKUP = LINES  # what markup_for("lines") imports from this module


def test_only_prose_is_rewritten(lines: Normalizer):
    text = "Kiev {Kiev} Kiev\n<<\nKiev\n>>\nKharkov"
    assert lines.normalize(text) == "Kyiv {Kiev} Kyiv\n<<\nKiev\n>>\nKharkiv"
    found = lines.find(text)
    assert [(m.start, m.found) for m in found] == [(0, "Kiev"), (12, "Kiev"), (28, "Kharkov")]
    assert lines.apply(text, found) == lines.normalize(text)
    assert lines.format == "lines" and lines.with_options(format="text").format == "text"


def test_directives_carry_across_blocks(lines: Normalizer):
    text = "translit-normalize: off\nKiev\ntranslit-normalize: on\nKiev\n"
    assert lines.normalize(text) == "translit-normalize: off\nKiev\ntranslit-normalize: on\nKyiv\n"


@given(st.lists(st.sampled_from(["Kiev", " ", "\n", "<<\n", ">>\n", "{Kiev}", "Kharkov", ". ", "Kyiv (formerly Kiev)"]),
                max_size=40).map("".join),
       st.lists(st.integers(min_value=1, max_value=70), min_size=1, max_size=5))
def test_stream_equals_whole_text_with_context(text: str, sizes: list[int]):
    import normalize.markup as markup

    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(markup._MODULES, "lines", __name__)
        mp.setattr(markup, "FORMATS", (*markup.FORMATS, "lines"))
        mp.setattr("normalize.normalizer.FORMATS", markup.FORMATS)
        n = Normalizer(format="lines")
        chunks = chunked(text, sizes)
        assert_stream_agrees(n, text, chunks)
        out = n.normalize(text)
        assert n.normalize(out) == out
