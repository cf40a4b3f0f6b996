"""Shared by the atheris harnesses: a small table, and the invariants every run must keep."""

from __future__ import annotations

import io
import os

os.environ.setdefault("TRANSLIT_NORMALIZE_CACHE", "off")

TABLE = """
[[entity]]
canonical = "Zelenskyy"
variants = ["Selenskyj", "Zelenskiy", "Zelensky", "Zelens'kyj"]
except = ["Zelensky Street"]

[[entity]]
canonical = "Volodymyr Zelenskyy"
variants = ["Vladimir Zelenskiy", "Wolodymyr Selenskyj"]

[[entity]]
canonical = "Kyiv"
variants = ["Kiev", "Kiew", "Kijów"]
except = ["Chicken Kiev"]

[[entity]]
canonical = "Kryvyi Rih"
variants = ["Krivoy Rog", "Kryvyy Rih"]

[[entity]]
canonical = "Kim Jong Un"
variants = ["Kim Jong-un"]

[[entity]]
canonical = "al-Qaida"
variants = ["al-Qa'ida", "al-Qaeda"]

[[entity]]
canonical = "Kyïv Café"
variants = ["Kiev Cafe"]
"""

#: Pieces a mutator would take long to find on its own: names, separators, directives.
DICTIONARY = [
    "Kiev", "KIEV", "Kyiv", "Selenskyj", "Zelensky", "Vladimir Zelenskiy", "Krivoy Rog", "Krivoy\nRog",
    "Kim Jong-un", "al-Qaeda", "Al-Qa'ida", "Chicken Kiev", "Kiev Cafe", "Zelensky Street",
    "https://x.org/", "`", "```", "translit-normalize: off", "translit-normalize: on",
    "translit-normalize: ignore-line", "translit-normalize: ignore-next-line",
]


def check_text(n, text: str) -> str:
    """Whole text, idempotence, untouched bytes outside matches; returns the normalized text."""
    out = n.normalize(text)
    matches = n.find(text)
    assert n.apply(text, matches) == out, "find/apply disagree with normalize"
    pos = 0
    rebuilt = []
    for m in matches:
        assert m.start >= pos and text[m.start:m.end] == m.found
        rebuilt.append(text[pos:m.start])
        rebuilt.append(m.replacement)
        pos = m.end
    rebuilt.append(text[pos:])
    assert "".join(rebuilt) == out, "bytes outside matches changed"
    assert n.normalize(out) == out, f"not idempotent: {text!r} -> {out!r} -> {n.normalize(out)!r}"
    return out


def filter_bytes(n, raw: bytes, **kw) -> bytes:
    from normalize.cli.streamio import filter_stream

    sink = io.BytesIO()
    filter_stream(n, io.BytesIO(raw), sink, **kw)
    return sink.getvalue()
