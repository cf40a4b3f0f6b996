"""HTML and XML mode (normalize/markup/html.py): only text content is prose.

Examples of each protected and each normalized construct, malformed input, find() positions,
and properties over generated documents: protected bytes unchanged, stream == whole text for any
chunking, idempotence, find/normalize agree, cut() never looks past the point it returns.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import normalize.markup.html as html_mod
from normalize import Normalizer
from normalize.engine.regions import Regions
from normalize.markup import blocks, format_for_path, markup_for
from normalize.markup.html import MARKUP, XML, HtmlState

from .strategies import chunked


@pytest.fixture(scope="module")
def n() -> Normalizer:
    return Normalizer(format="html", context=())


@pytest.fixture(scope="module")
def x() -> Normalizer:
    return Normalizer(format="xml", context=())


N = Normalizer(format="html", context=())
NX = Normalizer(format="xml", context=())


def _spans(markup: object, text: str) -> list[tuple[int, int]]:
    """The protected spans of a whole document, block by block, in document offsets."""
    out: list[tuple[int, int]] = []
    for off, block, state in blocks(markup, [text]):  # type: ignore[arg-type]
        out += [(off + s, off + e) for s, e in markup.protected(block, state)]  # type: ignore[attr-defined]
    return Regions(out).spans()


# -- normalized -------------------------------------------------------------------------------

NORMALIZED = [
    ("<p>Kiev</p>", "<p>Kyiv</p>"),
    ("<tr><td>Kiev</td><td>12</td></tr>", "<tr><td>Kyiv</td><td>12</td></tr>"),
    ("<li>Kiev</li><li>Odessa</li>", "<li>Kyiv</li><li>Odesa</li>"),
    ('<a href="/news">Kiev</a>', '<a href="/news">Kyiv</a>'),
    ('<a href="https://x.org/Kiev">Kiev</a> Kiev', '<a href="https://x.org/Kiev">Kyiv</a> Kyiv'),
    ("<b>Kiev</b>-based", "<b>Kyiv</b>-based"),
    ("<p><i>Kharkov</i>, <em>Odessa</em>.</p>", "<p><i>Kharkiv</i>, <em>Odesa</em>.</p>"),
    ("<h1>Kiev</h1>\n<p>Kharkov</p>", "<h1>Kyiv</h1>\n<p>Kharkiv</p>"),
    ("<title>Kiev &amp; Kharkov</title>", "<title>Kyiv &amp; Kharkiv</title>"),
    ('<img alt="Kiev skyline" src="kiev.jpg">', '<img alt="Kyiv skyline" src="kiev.jpg">'),
    ('<abbr title="Kiev">K</abbr>', '<abbr title="Kyiv">K</abbr>'),
    ("<span aria-label='Kiev'>x</span>", "<span aria-label='Kyiv'>x</span>"),
    ("<input placeholder=Kiev>", "<input placeholder=Kyiv>"),
    ("Kiev&nbsp;Kharkov", "Kyiv&nbsp;Kharkiv"),
    ("Kiev&amp;Kharkov", "Kyiv&amp;Kharkiv"),
    ("a < b Kiev", "a < b Kyiv"),
    ("<p>Kiev<br>Kharkov<hr/>Odessa</p>", "<p>Kyiv<br>Kharkiv<hr/>Odesa</p>"),
    ("<svg><text>Kiev</text></svg>", "<svg><text>Kyiv</text></svg>"),
    ('<div translate="yes">Kiev</div>', '<div translate="yes">Kyiv</div>'),
    ("<p>SELENSKYJ in Kiev</p>", "<p>ZELENSKYY in Kyiv</p>"),
    ("<p>Vladimir\nZelenskiy</p>", "<p>Volodymyr\nZelenskyy</p>"),
]


@pytest.mark.parametrize(("text", "want"), NORMALIZED)
def test_text_content_is_normalized(n: Normalizer, text: str, want: str):
    assert n.normalize(text) == want
    assert n.apply(text, n.find(text)) == want


# -- protected --------------------------------------------------------------------------------

PROTECTED = [
    '<p id="Kiev">',
    "<a href=#Kiev>",
    "<div class='Kiev Odessa' data-city=Kiev>",
    "<Kiev>",
    "</Kiev>",
    "<!-- Kiev -->",
    "<!-- Kiev -- Kiev --!>",
    "<!DOCTYPE Kiev>",
    "<?Kiev Kharkov?>",
    "<![CDATA[ Kiev > Kharkov ]]>",
    "</ Kiev>",
    "<script>var a = 'Kiev';</script>",
    "<script>if (a<b) { x = '</p>Kiev' }</script>",
    "<script><!-- <script> Kiev </script> Kiev --></script>",
    "<SCRIPT type=module>Kiev</SCRIPT >",
    "<style>.Kiev::after { content: 'Kiev' }</style>",
    "<code>Kiev</code>",
    "<pre>Kiev\n<b>Kiev</b>\nKiev</pre>",
    "<kbd>Kiev</kbd>",
    "<samp>Kiev</samp>",
    "<textarea>Kiev</textarea>",
    "<textarea><b>Kiev</b></textarea>",
    "<xmp><b>Kiev</b></xmp>",
    "<noscript>Kiev</noscript>",
    '<span translate="no">Kiev <b>Kiev</b></span>',
    "<div translate=NO><div>Kiev</div>Kiev</div>",
    '<p class="x notranslate">Kiev</p>',
    "<pre><code>Kiev</code>Kiev</pre>",
    "<code>Kiev<br>Kiev</code>",
    "&Kiev;",
    "Ki&#101;v",
    "&#75;iev",
    '<img alt="&#75;iev">',
    '<p title="Kiev" translate="no">Kiev</p>',
    "<code title='Kiev'>Kiev</code>",
]


@pytest.mark.parametrize("piece", PROTECTED)
def test_protected_constructs_stay_byte_for_byte(n: Normalizer, piece: str):
    text = f"Kiev {piece} Kiev"
    out = n.normalize(text)
    assert out == f"Kyiv {piece} Kyiv"
    assert [m.found for m in n.find(text)] == ["Kiev", "Kiev"]


def test_an_unclosed_protected_element_protects_the_rest(n: Normalizer):
    assert n.normalize("Kiev <pre>Kiev</p> Kiev") == "Kyiv <pre>Kiev</p> Kiev"
    assert n.normalize("Kiev <code>Kiev</div></code> Kiev") == "Kyiv <code>Kiev</div></code> Kyiv"


def test_void_elements_inside_protected_ones(n: Normalizer):
    assert n.normalize("<pre>a<br><img src=x>Kiev</pre>Kiev") == "<pre>a<br><img src=x>Kiev</pre>Kyiv"


def test_a_name_written_with_a_reference_is_not_matched(n: Normalizer):
    assert n.find("Ki&#101;v K&#105;ev Ki&eacute;v") == []


def test_markup_in_a_name_is_kept():
    """A name split by inline markup is no match; one wrapped in it keeps the markup."""
    assert N.normalize("Ki<b>ev</b>") == "Ki<b>ev</b>"
    assert N.normalize("<b>Kiev</b>'s") == "<b>Kyiv</b>'s"


def test_multi_word_names_across_markup():
    """Words of a name in different elements are not joined (each word is judged alone)."""
    assert N.normalize("<b>Vladimir</b> Zelenskiy") == "<b>Vladimir</b> Zelenskyy"


# -- malformed --------------------------------------------------------------------------------

MALFORMED = [
    ("<p>Kiev", "<p>Kyiv"),
    ('<a href="Kiev>Kiev', '<a href="Kiev>Kiev'),  # a tag open to the end: all of it
    ("<a href='x'Kiev>Kiev", "<a href='x'Kiev>Kyiv"),
    ("<a b=c=d>Kiev", "<a b=c=d>Kyiv"),
    ('<a b"c>Kiev', '<a b"c>Kyiv'),  # a quote inside a name opens no value
    ("<!-- Kiev", "<!-- Kiev"),
    ("<!-->Kiev", "<!-->Kyiv"),
    ("<!--->Kiev", "<!--->Kyiv"),
    ("<!---->Kiev", "<!---->Kyiv"),
    ("<script>Kiev", "<script>Kiev"),
    ("<style>Kiev</styl>Kiev", "<style>Kiev</styl>Kiev"),
    ("</>Kiev", "</>Kyiv"),
    ("<>Kiev<", "<>Kyiv<"),
    ("Kiev</", "Kyiv</"),
    ("<3 Kiev", "<3 Kyiv"),
    ("<<p>>Kiev", "<<p>>Kyiv"),
    ("<p <b>Kiev", "<p <b>Kyiv"),
    ("</p foo='>'>Kiev", "</p foo='>'>Kyiv"),
    ("<p\nclass=x\n>Kiev", "<p\nclass=x\n>Kyiv"),
    ("<![CDATA[Kiev", "<![CDATA[Kiev"),
    ("<?php echo 'Kiev' ?>Kiev", "<?php echo 'Kiev' ?>Kyiv"),
    ("&", "&"),
    ("&#", "&#"),
    ("Kiev &", "Kyiv &"),
    ("</code>Kiev", "</code>Kyiv"),
    ("<script><!--Kiev</script>Kiev", "<script><!--Kiev</script>Kyiv"),
    ("<script><!--<script>Kiev</script>Kiev", "<script><!--<script>Kiev</script>Kiev"),
    ("<script><!-->Kiev</script>Kiev", "<script><!-->Kiev</script>Kyiv"),
    ("<plaintext><b>Kiev", "<plaintext><b>Kiev"),
]


@pytest.mark.parametrize(("text", "want"), MALFORMED)
def test_malformed_markup_is_read_leniently(n: Normalizer, text: str, want: str):
    assert n.normalize(text) == want


# -- XML --------------------------------------------------------------------------------------

XML_CASES = [
    ('<?xml version="1.0"?>\n<city name="Kiev">Kiev</city>', '<?xml version="1.0"?>\n<city name="Kiev">Kyiv</city>'),
    ('<!DOCTYPE x [<!ENTITY a "Kiev>">]><x>Kiev</x>', '<!DOCTYPE x [<!ENTITY a "Kiev>">]><x>Kyiv</x>'),
    ("<x><![CDATA[Kiev]]>Kiev</x>", "<x><![CDATA[Kiev]]>Kyiv</x>"),
    ("<x><code/>Kiev<code>Kiev</code></x>", "<x><code/>Kyiv<code>Kiev</code></x>"),
    ("<x><db:literal>Kiev</db:literal>Kiev</x>", "<x><db:literal>Kiev</db:literal>Kyiv</x>"),
    ('<p its:translate="no">Kiev</p>Kiev', '<p its:translate="no">Kiev</p>Kyiv'),
    ("<script>Kiev</script>Kiev", "<script>Kiev</script>Kyiv"),
    ('<script src="a.js"/>Kiev', '<script src="a.js"/>Kyiv'),  # XHTML: closed by '/>'
    ("<programlisting>Kiev</programlisting>Kiev", "<programlisting>Kiev</programlisting>Kyiv"),
    ('<svg><title>Kiev</title><text x="1">Kharkov</text></svg>',
     '<svg><title>Kyiv</title><text x="1">Kharkiv</text></svg>'),
    ("<?pi Kiev > Kiev?>Kiev", "<?pi Kiev > Kiev?>Kyiv"),
]


@pytest.mark.parametrize(("text", "want"), XML_CASES)
def test_xml_mode(x: Normalizer, text: str, want: str):
    assert x.normalize(text) == want


def test_formats_and_suffixes():
    assert markup_for("html") is MARKUP and markup_for("xml") is XML
    for path in ("a.html", "b.HTM"):
        assert format_for_path(path) == "html"
    for path in ("c.xml", "d.svg", "e.xhtml"):
        assert format_for_path(path) == "xml"
    assert Normalizer(format="html").format == "html"
    assert MARKUP.name == "html" and XML.name == "xml" and MARKUP.start() == HtmlState()


# -- positions --------------------------------------------------------------------------------

def test_find_positions_are_offsets_into_the_original(n: Normalizer):
    text = '<p title="x">Kiev</p>\n<td>&amp;Kharkov</td><!-- Kiev --><b>Odessa</b>'
    found = n.find(text)
    assert [(m.found, text[m.start:m.end]) for m in found] == [("Kiev", "Kiev"), ("Kharkov", "Kharkov"),
                                                              ("Odessa", "Odessa")]
    assert [m.start for m in found] == [13, text.index("Kharkov"), text.index("Odessa")] == [13, 31, 59]


def test_positions_in_a_large_document(n: Normalizer):
    page = "<div><p>Text about Kiev and <a href='/Kiev'>Kharkov</a>.</p><!-- Kiev --></div>\n"
    text = page * 3000  # ~240 KB: many blocks
    found = n.find(text)
    assert len(found) == 2 * 3000
    assert all(text[m.start:m.end] == m.found for m in found)
    assert n.normalize(text) == page.replace("about Kiev", "about Kyiv").replace(">Kharkov<", ">Kharkiv<") * 3000


# -- context on (default) -----------------------------------------------------------------------

def test_with_context():
    c = Normalizer(format="html")
    assert c.normalize("<p>The talks in Kiev went on.</p>") == "<p>The talks in Kyiv went on.</p>"
    text = "<p>Kyiv (formerly Kiev) is the capital.</p><p id='Kiev'>Kiev</p>"
    out = c.normalize(text)
    assert "formerly Kiev" in out and "id='Kiev'" in out
    assert [k.match.found for k in c.kept(text)][:1] == ["Kiev"]
    assert c.apply(text, c.find(text)) == out


# -- generated documents -------------------------------------------------------------------------

# (piece, protected?) -- each piece reads the same wherever it stands in a document of them
PROSE = ["Kiev", " ", "Kharkov-based ", "Odessa. ", "\n", "Vladimir Zelenskiy", "Kyiv (formerly Kiev)", "a < b ",
         "SELENSKYJ ", "Kiev's "]
OPEN_TAGS = ["<p>", "</p>", "<b>", "</b>", "<li>", "</li>", "<td>", "</td>", "<br>", "<div class=x>", "</div>"]
PROTECTED_PIECES = [
    '<a href="/Kiev">', "</a>", "<div id='Kiev' data-x=Kharkov>", "<!-- Kiev -->", "<!-->", "<!DOCTYPE html>",
    "<script>var Kiev = '</p>Kiev';</script>", "<style>.Kiev { }</style>", "<pre>Kiev\n<b>Odessa</b></pre>",
    "<code>Kiev</code>", "&amp;", "Ki&#101;v", "&nbsp;", '<span translate="no">Kiev <i>Kiev</i></span>',
    "<![CDATA[Kiev]]>", "<textarea>Kiev</textarea>", "<?x Kiev?>",
]


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    """A generated HTML document and the spans the generator knows to be protected."""
    pieces = draw(st.lists(st.one_of(st.sampled_from(PROSE).map(lambda p: (p, False)),
                                     st.sampled_from(OPEN_TAGS).map(lambda p: (p, True)),
                                     st.sampled_from(PROTECTED_PIECES).map(lambda p: (p, True)),
                                     st.just(('<img alt="Kiev" src="/Kiev.png">', None))), max_size=60))
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for p, prot in pieces:
        if prot is None:  # an open attribute: the value is prose, the rest not
            v = p.index("Kiev")
            spans += [(pos, pos + v), (pos + v + 4, pos + len(p))]
        elif prot:
            spans.append((pos, pos + len(p)))
        out.append(p)
        pos += len(p)
    return "".join(out), spans




def _overlaps(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    return any(a < e and s < b for a, b in spans)


@given(documents())
def test_generated_protected_bytes_unchanged(doc: tuple[str, list[tuple[int, int]]]):
    text, spans = doc
    found = N.find(text)
    assert not any(_overlaps(spans, m.start, m.end) for m in found)
    assert not any(_overlaps(_spans(MARKUP, text), m.start, m.end) for m in found)
    assert all(text[m.start:m.end] == m.found for m in found)
    out = N.normalize(text)
    assert N.apply(text, found) == out
    assert N.normalize(out) == out
    # every protected piece is in the output as written, in order
    pos = 0
    for s, e in sorted(spans):
        k = out.find(text[s:e], pos)
        assert k != -1
        pos = k + e - s


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cut points after 16 / 64 characters, so small documents have many blocks."""
    monkeypatch.setattr(html_mod, "GOOD_BLOCK", 16)
    monkeypatch.setattr(html_mod, "ANY_BLOCK", 64)


@settings(max_examples=150)
@given(documents(), st.lists(st.integers(min_value=1, max_value=90), min_size=1, max_size=6))
def test_generated_stream_equals_whole(doc: tuple[str, list[tuple[int, int]]], sizes: list[int]):
    text, spans = doc
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(html_mod, "GOOD_BLOCK", 16)
        mp.setattr(html_mod, "ANY_BLOCK", 64)
        found = N.find(text)
        assert "".join(N.normalize_stream(chunked(text, sizes))) == N.normalize(text)
        assert list(N.find_stream(chunked(text, sizes))) == found
        assert not any(_overlaps(spans, m.start, m.end) for m in found)


ALPHABET = st.sampled_from(list("<>/!-\"'=&;#? \nab") + ["Kiev", "script", "pre", "<!--", "-->", "</", "&amp;",
                                                       "translate=no", "CDATA[", "]]>", "<script>", "</script>"])


@settings(max_examples=300)
@given(st.lists(ALPHABET, max_size=80).map("".join), st.sampled_from([MARKUP, XML]))
def test_any_input_is_read_without_error(text: str, markup: html_mod.HtmlMarkup):
    n = N if markup is MARKUP else NX
    out = n.normalize(text)
    found = n.find(text)
    assert n.apply(text, found) == out
    spans = _spans(markup, text)
    assert not any(_overlaps(spans, m.start, m.end) for m in found)
    assert n.normalize(out) == out


@settings(max_examples=300)
@given(st.one_of(documents().map(lambda d: d[0]), st.lists(ALPHABET, max_size=120).map("".join)),
       st.sampled_from([MARKUP, XML]), st.data())
def test_cut_does_not_look_past_its_point(text: str, markup: html_mod.HtmlMarkup, data: st.DataObject):
    """cut() on a shorter window returns the same cut or None; cuts at safe points carry the
    whole state: the blocks' spans are those of one pass over the whole text."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(html_mod, "GOOD_BLOCK", 8)
        mp.setattr(html_mod, "ANY_BLOCK", 32)
        state = markup.start()
        start = 0
        spans: list[tuple[int, int]] = []
        while start < len(text):
            full = markup.cut(text, start, len(text), state, True)
            assert full is not None and start < full[0] <= len(text)
            short_end = data.draw(st.integers(min_value=start, max_value=len(text)))
            short = markup.cut(text, start, short_end, state, False)
            if short is not None:
                assert short == markup.cut(text, start, len(text), state, False) == full
            block = text[start:full[0]]
            spans += [(start + s, start + e) for s, e in markup.protected(block, state)]
            start, state = full
        whole = markup.protected(text, markup.start())
        assert Regions(spans).spans() == Regions(whole).spans()


@settings(max_examples=100)
@given(st.lists(ALPHABET, max_size=100).map("".join), st.integers(min_value=8, max_value=40),
       st.lists(st.integers(min_value=1, max_value=30), min_size=1, max_size=4), st.sampled_from([MARKUP, XML]))
def test_forced_cuts_do_not_depend_on_chunking(text: str, max_block: int, sizes: list[int],
                                               markup: html_mod.HtmlMarkup):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(html_mod, "MAX_BLOCK", max_block)
        got = list(blocks(markup, chunked(text, sizes), max_block=max_block))
        assert got == list(blocks(markup, [text], max_block=max_block))
        assert "".join(b for _, b, _ in got) == text
        for _, block, state in got:
            markup.protected(block, state)


def test_large_stream_equals_whole():
    rng = random.Random(12)
    parts = []
    for _ in range(4000):
        parts.append(rng.choice(PROSE))
        parts.append(rng.choice(OPEN_TAGS + PROTECTED_PIECES))
    parts.insert(2000, "<script>\n" + "var Kiev = 1;\n" * 8000 + "</script>")  # raw text longer than a block
    parts.insert(1000, "<!--\n" + "Kiev\n" * 20000 + "-->")
    text = "".join(parts)
    whole = N.normalize(text)
    for sizes in ([1 << 16], [7, 4093, 65537], [100_000]):
        assert "".join(N.normalize_stream(chunked(text, sizes))) == whole
    assert N.apply(text, N.find(text)) == whole
    assert "var Kiev = 1;\n" * 8000 in whole and "Kiev\n" * 20000 in whole


def test_blocks_are_cut_at_block_level_tags():
    text = ("<p>" + "Kiev and <b>Kharkov</b>. " * 30 + "</p>\n") * 40
    got = [b for _, b, _ in blocks(MARKUP, [text])]
    assert "".join(got) == text and len(got) > 1
    assert all(b.endswith("</p>") or b.endswith("<p>") for b in got[:-1])
