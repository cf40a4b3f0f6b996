"""The Markdown format (normalize.markup.markdown): what is protected, what is normalized.

Engine-level tests run with ``context=()`` on a table of same-length rewrites (Kiev -> Kyiv,
Kharkov -> Kharkiv, Kim Jong-un -> Kim Jong Un), so an offset in the input is the same offset in
the output and a protected region can be compared byte for byte in place.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalize import Normalizer, parse_table
from normalize.markup import blocks, markup_for
from normalize.markup.markdown import BODY, DOC, MARKUP, State

TABLE = """
[table]
name = "md"

[[entity]]
canonical = "Kyiv"
variants = ["Kiev"]

[[entity]]
canonical = "Kharkiv"
variants = ["Kharkov"]

[[entity]]
canonical = "Kim Jong Un"
variants = ["Kim Jong-un"]
"""


@pytest.fixture(scope="module")
def md() -> Normalizer:
    return Normalizer([parse_table(TABLE, "md.toml")], builtin=False, generate=False, format="markdown",
                      context=())


def test_registered():
    assert markup_for("markdown") is MARKUP
    assert Normalizer(markdown=True, context=()).format == "markdown"


PROTECTED = [
    "`Kiev`",
    "``a `Kiev` b``",
    "x `Kiev\nKiev` y",  # a code span across a line break in a paragraph
    "```\nKiev\n```",
    "~~~~ python\nKiev\n\nKharkov\n~~~~",  # a blank line inside a fence
    "- item\n\n  ```\n  Kiev\n\n  Kiev\n  ```",  # a fence in a list item, with a blank line
    "    Kiev in an indented code block",
    "<div>\nKiev\n</div>",
    "<pre>\nKiev\n\nKiev\n</pre>",  # an HTML block of type 1: blank lines inside
    "<!--\nKiev\n\nKiev\n-->",
    "<script>\nvar city = 'Kiev';\n\nKiev\n</script>",
    "<?php\n\necho 'Kiev'; ?>",
    "<https://example.org/Kiev>",
    "<Kiev@example.org>",
    "[Kiev]: https://example.org/Kiev \"Kiev\"",
    "[x]: <https://example.org/Kiev>\n'Kiev'",  # a reference definition with its title on the next line
    "---\ntitle: Kiev\n\nslug: kiev-Kiev\ncity: Kiev\n---",
    "+++\ntitle = \"Kiev\"\n+++",
    "[Kiev]",  # a shortcut reference (its definition may be in another block)
    "[Kiev][]",
    "[Kiev]\n\n[Kiev]: https://x/",
    "[Kiev][]\n[kiev]: https://x/",
    "https://example.org/Kiev",
    "\\`Kiev.txt",
]


@pytest.mark.parametrize("text", PROTECTED)
def test_protected(md: Normalizer, text: str):
    assert md.normalize(text) == text
    assert md.find(text) == []


NORMALIZED = [
    ("Kiev", "Kyiv"),
    ("_Kharkov_", "_Kharkiv_"),
    ("*Kiev*, **Kiev**, ***Kiev***, __Kiev__, ~~Kiev~~", "*Kyiv*, **Kyiv**, ***Kyiv***, __Kyiv__, ~~Kyiv~~"),
    ("[Kiev](https://x/Kiev)", "[Kyiv](https://x/Kiev)"),
    ("[Kiev](https://x/Kiev \"Kiev\")", "[Kyiv](https://x/Kiev \"Kiev\")"),
    ("[Kiev](<a b/Kiev>)", "[Kyiv](<a b/Kiev>)"),
    ("[Kiev][Kiev]", "[Kyiv][Kiev]"),  # link text is prose, the label is not
    ("[Kiev][Kiev]\n\n[kiev]: https://x/Kiev", "[Kyiv][Kiev]\n\n[kiev]: https://x/Kiev"),
    ("[Kiev][x]\n[x]: https://x/Kiev", "[Kyiv][x]\n[x]: https://x/Kiev"),
    ("![Kiev at night](img/Kiev.png \"Kiev\")", "![Kyiv at night](img/Kiev.png \"Kiev\")"),  # alt is prose
    ("[**Kiev** `Kiev`](u)", "[**Kyiv** `Kiev`](u)"),
    ("# Kiev", "# Kyiv"),
    ("## Kiev ##", "## Kyiv ##"),
    ("Kiev\n====", "Kyiv\n===="),
    ("- Kiev\n- Kharkov\n  - Kiev", "- Kyiv\n- Kharkiv\n  - Kyiv"),
    ("1. Kiev\n2) Kiev", "1. Kyiv\n2) Kyiv"),
    ("> Kiev\n> > Kharkov", "> Kyiv\n> > Kharkiv"),
    ("| Kiev | `Kiev` |\n|---|---|\n| Kharkov | Kiev |", "| Kyiv | `Kiev` |\n|---|---|\n| Kharkiv | Kyiv |"),
    ("<b>Kiev</b>-based", "<b>Kyiv</b>-based"),  # inline HTML: the tag is protected, not the text
    ("<span title=\"Kiev\">Kiev</span>", "<span title=\"Kiev\">Kyiv</span>"),
    ("Kim\nJong-un", "Kim\nJong Un"),  # a name across a soft line break
    ("Kiev &amp; Kharkov", "Kyiv &amp; Kharkiv"),
    ("\\*Kiev\\*", "\\*Kyiv\\*"),
    ("Kiev  \nKiev\\\nKiev", "Kyiv  \nKyiv\\\nKyiv"),
    ("---\ntitle: Kiev\n---\nKiev", "---\ntitle: Kiev\n---\nKyiv"),
    ("---\nKiev\n", "---\nKyiv\n"),  # a thematic break, not front matter: never closed
    ("Kiev\r\n\r\n`Kiev` Kiev\r\n", "Kyiv\r\n\r\n`Kiev` Kyiv\r\n"),
    ("```\nKiev\n```\nKiev", "```\nKiev\n```\nKyiv"),
    ("```\nKiev\n", "```\nKiev\n"),  # an unclosed fence runs to the end
]


@pytest.mark.parametrize(("text", "want"), NORMALIZED)
def test_normalized(md: Normalizer, text: str, want: str):
    assert md.normalize(text) == want
    found = md.find(text)
    assert md.apply(text, found) == want
    for m in found:
        assert text[m.start:m.end] == m.found


def test_find_positions_in_the_original(md: Normalizer):
    text = "---\ntitle: Kiev\n---\n\n# Kiev\n\n```\nKiev\n```\n\n| a | Kharkov |\n|---|---|\n\n> [Kiev](u) `x` Kiev\n"
    found = md.find(text)
    assert [(m.found, text[:m.start].count("\n") + 1) for m in found] == [
        ("Kiev", 5), ("Kharkov", 11), ("Kiev", 14), ("Kiev", 14)]
    for m in found:
        assert text[m.start:m.end] == m.found


def test_directives_still_apply(md: Normalizer):
    text = "<!-- translit-normalize: off -->\nKiev\n\nKiev\n<!-- translit-normalize: on -->\n\nKiev\n"
    assert md.normalize(text) == text[:-len("Kiev\n")] + "Kyiv\n"


def test_with_context(md: Normalizer):
    n = Normalizer([parse_table(TABLE, "md.toml")], builtin=False, generate=False, format="markdown")
    text = "# Kyiv (formerly _Kiev_)\n\nThe city of _Kiev_ is the capital. `Kiev` stays.\n"
    assert n.normalize(text) == "# Kyiv (formerly _Kiev_)\n\nThe city of _Kyiv_ is the capital. `Kiev` stays.\n"
    kept = n.kept(text)
    assert [k.reason for k in kept] == ["mention"]
    assert "".join(n.normalize_stream([text[:7], text[7:30], text[30:]])) == n.normalize(text)


def test_cut_states():
    text = "```\na\n\nb\n```\n\nc\n"
    got = [(b, s) for _, b, s in blocks(MARKUP, [text])]
    assert got == [("```\na\n\nb\n```\n\n", DOC), ("c\n", BODY)]
    # the longest block inside a fence carries the fence
    got = [(b, s) for _, b, s in blocks(MARKUP, ["```\n" + "x\n" * 10 + "```\nKiev\n"], max_block=8)]
    assert got[1][1] == State("fence", "`", 3)


def test_a_long_block_cut_inside_a_fence_stays_inside(md: Normalizer):
    from normalize.markup import base

    text = "Kiev\n```\n" + "Kiev\n" * 50 + "```\nKiev\n"
    pieces = list(blocks(MARKUP, [text], max_block=32))
    assert "".join(b for _, b, _ in pieces) == text and max(len(b) for _, b, _ in pieces) <= 32
    out = "".join(_apply(md, b, s) for _, b, s in pieces)
    assert out == "Kyiv\n```\n" + "Kiev\n" * 50 + "```\nKyiv\n"
    assert base.MAX_BLOCK == 1 << 20


def _apply(n: Normalizer, block: str, state: State) -> str:
    from normalize.engine.regions import ScanState
    from normalize.engine.rewrite import rewrite_block

    spans = MARKUP.protected(block, state)
    return rewrite_block(n.matcher, block, spans, ScanState(), view=MARKUP.view(block, spans))[0]


MALFORMED = ["[", "](", "[Kiev](", "[Kiev](<", "`" * 7, "<", "<!--", "<div", "![", "| |\n|-", "\\", "&#;",
             "&#xFFFFFFFF; Kiev", "\0Kiev\0", "> " * 200 + "Kiev", "- " * 200 + "Kiev", "*" * 500 + "Kiev",
             "[" * 300 + "Kiev" + "]" * 300, "\tKiev\n>\t- \tKiev", "\ufeff---\nKiev\n---\nKiev", "\r", "\r\r\n"]


@pytest.mark.parametrize("text", MALFORMED)
def test_malformed_input_never_raises(md: Normalizer, text: str):
    out = md.normalize(text)
    assert len(out) == len(text)
    assert md.apply(text, md.find(text)) == out


@settings(max_examples=200)
@given(st.lists(st.sampled_from([*"`~*_[]()<>!#|-+=:\\&;\"' \t\n\r>.xK", "Kiev", "Kim Jong-un", "Kharkov", "---\n",
                                  "    ", "```", "<!--", "-->", "&amp;"]), max_size=40).map("".join))
def test_any_markdownish_text(md: Normalizer, text: str):
    out = md.normalize(text)
    assert len(out) == len(text)
    found = md.find(text)
    assert md.apply(text, found) == out
    assert md.normalize(out) == out
    for m in found:
        assert text[m.start:m.end] == m.found


# --- generated documents: (text, protected spans) -------------------------------------------------

def _piece(text: str, *protected: str) -> tuple[str, list[tuple[int, int]]]:
    spans = []
    pos = 0
    for p in protected:
        k = text.index(p, pos)
        spans.append((k, k + len(p)))
        pos = k + len(p)
    return text, spans


INLINE = st.sampled_from([
    _piece("Kiev"), _piece("Kharkov"), _piece("the"), _piece("city,"), _piece("_Kharkov_"), _piece("*Kiev*"),
    _piece("**Kim Jong-un**"), _piece("[Kiev](https://x.org/Kiev)", "(https://x.org/Kiev)"),
    _piece("[Kiev](/Kiev \"Kiev\")", "(/Kiev \"Kiev\")"), _piece("![Kiev](Kiev.png)", "(Kiev.png)"),
    _piece("`Kiev`", "`Kiev`"), _piece("``Kiev ` Kharkov``", "``Kiev ` Kharkov``"),
    _piece("<b>Kiev</b>", "<b>", "</b>"), _piece("<https://x.org/Kiev>", "<https://x.org/Kiev>"),
    ("[Kiev][Kiev]", [(6, 12)]), _piece("Kim Jong-un"), _piece("Kiev."), _piece("(Kiev)"),
])


@st.composite
def paragraphs(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    items = draw(st.lists(INLINE, min_size=1, max_size=8))
    seps = draw(st.lists(st.sampled_from([" ", " ", "\n"]), min_size=len(items), max_size=len(items)))
    text, spans = "", []
    for (t, ps), sep in zip(items, seps, strict=True):
        if text:
            text += sep
        spans += [(s + len(text), e + len(text)) for s, e in ps]
        text += t
    prefix = draw(st.sampled_from(["", "", "# ", "- ", "1. ", "> "]))
    if prefix and "\n" in text:
        text = text.replace("\n", " ")
    return prefix + text, [(s + len(prefix), e + len(prefix)) for s, e in spans]


def _whole(text: str) -> tuple[str, list[tuple[int, int]]]:
    return text, [(0, len(text))]


BLOCKS = st.one_of(
    paragraphs(), paragraphs(),
    st.sampled_from([
        _whole("```\nKiev\n\nKharkov\n```"), _whole("~~~ py\nKiev = 'Kiev'\n~~~"),
        _whole("    Kiev\n\n    Kharkov"), _whole("<div>\nKiev\n</div>"), _whole("<!--\nKiev\n\nKiev\n-->"),
        _whole("<pre>\nKiev\n\n</pre>"), _whole("[Kiev]: https://x.org/Kiev"),
        _piece("| Kiev | `Kiev` |\n|---|---|\n| Kharkov | [Kiev](Kiev) |", "`Kiev`", "(Kiev)"),
        _piece("- Kiev\n- `Kiev`\n- [Kiev](u/Kiev)", "`Kiev`", "(u/Kiev)"),
        _piece("> Kiev `Kiev`\n> Kharkov", "`Kiev`"),
    ]),
)
FRONT = st.sampled_from([None, _whole("---\ntitle: Kiev\n\nslug: kiev\n---"), _whole("+++\ncity = \"Kiev\"\n+++")])


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    parts = draw(st.lists(BLOCKS, max_size=8))
    front = draw(FRONT)
    if front is not None:
        parts.insert(0, front)
    sep = draw(st.sampled_from(["\n\n", "\n\n\n", "\r\n\r\n"]))
    text, spans = "", []
    for t, ps in parts:
        if text:
            text += sep
        if sep.startswith("\r"):
            t = t.replace("\n", "\r\n")
            ps = [(s + t[:s].count("\r"), e + t[:e].count("\r")) for s, e in ps]
        spans += [(s + len(text), e + len(text)) for s, e in ps]
        text += t
    return text, spans


def _chunks(text: str, cuts: list[int]) -> list[str]:
    points = sorted({c % (len(text) + 1) for c in cuts})
    out, prev = [], 0
    for p in [*points, len(text)]:
        out.append(text[prev:p])
        prev = p
    return out


@given(documents(), st.lists(st.integers(min_value=0, max_value=10_000), max_size=8))
def test_generated_documents(md: Normalizer, doc: tuple[str, list[tuple[int, int]]], cuts: list[int]):
    text, spans = doc
    out = md.normalize(text)
    assert len(out) == len(text)
    for s, e in spans:
        assert out[s:e] == text[s:e], (text[s:e], out[s:e])
    chunks = _chunks(text, cuts)
    assert "".join(md.normalize_stream(chunks)) == out
    found = md.find(text)
    assert list(md.find_stream(chunks)) == found
    assert md.apply(text, found) == out
    assert md.normalize(out) == out


@settings(max_examples=25)
@given(documents(), st.integers(min_value=1, max_value=5000))
def test_cuts_do_not_depend_on_how_much_text_is_in_view(doc: tuple[str, list[tuple[int, int]]], size: int):
    """cut() on a prefix of the text gives no answer or the answer it gives on the whole text."""
    text = doc[0] * 3
    for offset, block, state in blocks(MARKUP, [text]):
        whole = MARKUP.cut(text, offset, len(text), state, False)
        for end in range(offset + 1, min(len(text), offset + len(block) + 2)):
            got = MARKUP.cut(text, offset, end, state, False)
            assert got is None or got == whole
        assert whole is None or whole[0] == offset + len(block)


@settings(max_examples=8)
@given(documents(), st.lists(st.integers(min_value=1, max_value=300_000), min_size=1, max_size=6))
def test_long_documents_stream_as_whole(md: Normalizer, doc: tuple[str, list[tuple[int, int]]], cuts: list[int]):
    """Past the driver's 64 KiB gathering, so the stream really is cut by cut() while it arrives."""
    text, _ = doc
    if not text.strip():
        return
    text = (text + "\n\n") * (150_000 // (len(text) + 2) + 1)
    chunks = _chunks(text, cuts)
    assert "".join(md.normalize_stream(chunks)) == md.normalize(text)
    assert list(md.find_stream(chunks)) == md.find(text)


def test_a_line_longer_than_the_longest_block(md: Normalizer):
    from normalize.markup.base import MAX_BLOCK

    text = ("Kiev `Kiev` " * (MAX_BLOCK // 12 + 10)) + "\n\nKiev\n"
    out = md.normalize(text)
    assert out.endswith("\n\nKyiv\n") and len(out) == len(text)
    assert "".join(md.normalize_stream(text[i:i + 100_000] for i in range(0, len(text), 100_000))) == out
