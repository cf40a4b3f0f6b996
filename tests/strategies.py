"""Hypothesis strategies and helpers shared by the property tests."""

from __future__ import annotations

from typing import Literal

from hypothesis import strategies as st

from normalize import Normalizer, TableError, parse_table

#: Text that mixes the test table's names (all their forms) with arbitrary Unicode.
NAME_PIECES = [
    "Kiev", "KIEV", "Kyiv", "Selenskyj", "SELENSKYJ", "Zelenskyy", "Zelens’kyj", "Vladimir", "Vladimir Zelenskiy",
    "Krivoy Rog", "Krivoy\nRog", "Kim Jong-un", "al-Qaeda", "Al-Qa'ida", "Tass", "TASS", "Odessa, Texas",
    "Chicken Kiev", "Kiev Cafe", "Kyïv Café", "Donbass", "Cherson", "https://x.org/Kiev", "Kiev.txt", "`Kiev`",
    "translit-normalize: off", "translit-normalize: on", "translit-normalize: ignore-line",
    "translit-normalize: ignore-next-line", "```", "\n", "\r\n", " ", "\u00a0", "'", "-", "_", "\ufeff",
    "\udcff", "\u0301", "e\u0301", "Kijo\u0301w",
]

texts = st.lists(
    st.one_of(st.sampled_from(NAME_PIECES), st.text(max_size=6)),
    max_size=30,
).map("".join)

#: Lone surrogates: not text that can be written out as UTF-8.
_SURROGATES: tuple[Literal["Cs"], ...] = ("Cs",)

#: Text without any letter of the test table's names: nothing may change.
plain_texts = st.text(
    alphabet=st.characters(exclude_characters="KkZzSsCcVvTtOoDdAaWwRrIiEeQqJj", exclude_categories=_SURROGATES),
    max_size=200,
)

_word = st.text(alphabet="abcdefgh", min_size=1, max_size=4)
_phrase = st.lists(_word, min_size=1, max_size=3).map(" ".join)


@st.composite
def random_tables(draw):
    """A valid random table over a small alphabet, so names collide and overlap often."""
    n = draw(st.integers(min_value=1, max_value=6))
    entities = []
    for _ in range(n):
        canonical = draw(_phrase).upper()[:1] + draw(_phrase)
        variants = draw(st.lists(_phrase, max_size=3, unique=True))
        excepts = draw(st.lists(_phrase, max_size=1))
        entities.append((canonical, variants, excepts))
    lines = []
    for canonical, variants, excepts in entities:
        lines.append("[[entity]]")
        lines.append(f'canonical = "{canonical}"')
        lines.append("variants = [" + ", ".join(f'"{v}"' for v in variants) + "]")
        lines.append("except = [" + ", ".join(f'"{v}"' for v in excepts) + "]")
    try:
        table = parse_table("\n".join(lines), "random.toml")
        return Normalizer([table], builtin=False, context=())
    except TableError:
        from hypothesis import assume

        assume(False)


def random_text_for(normalizer: Normalizer):
    """Text built from a table's own names, their case forms, and separators."""
    pieces = [" ", "  ", "\n", "-", ".", "x", "'", "é"]
    for t in normalizer.tables:
        for e in t.entities:
            for s in (e.canonical, *e.variants, *e.excepts):
                pieces += [s, s.upper(), s[:1].upper() + s[1:]]
    return st.lists(st.sampled_from(pieces), max_size=25).map("".join)


def chunked(text: str, sizes: list[int]) -> list[str]:
    """``text`` cut into pieces of the given sizes, cycling through them."""
    out, pos, i = [], 0, 0
    while pos < len(text):
        out.append(text[pos:pos + sizes[i % len(sizes)]])
        pos += sizes[i % len(sizes)]
        i += 1
    return out


def assert_stream_agrees(n: Normalizer, text: str, chunks: list[str]) -> None:
    """The stream of ``chunks`` gives what the whole ``text`` gives: output, matches and kept candidates."""
    kept: list = []
    assert "".join(n.normalize_stream(chunks, on_kept=kept.append)) == n.normalize(text)
    assert list(n.find_stream(chunks)) == n.find(text)
    assert kept == n.kept(text)
