"""atheris harness: the normalizer and the byte stream filter on arbitrary input.

    python fuzz/fuzz_normalize.py -max_total_time=300 -dict=fuzz/names.dict fuzz/corpus-normalize

The first bytes choose the read size and the rewrite block sizes (made tiny so that every
cut point is tried); the rest is the input. Checked: no exception but EncodingError (for
evident UTF-16/32), stream output == whole-text output, idempotence, bytes outside matches
kept.

The quoted pass (issue 14, finding 1): the same text with the bytes 0x01-0x08, 0x0e, 0x0f and
0x10 read as quotes, apostrophe look-alikes and possessives (``QUOTES``: ‘ ’ ' ʼ ʹ ′ " “ ” ’s 's),
through the fuzz table and the built-in tables (names such as Kerch, Kazan: their
generated spellings once ended in a soft-sign mark): whole-text invariants, and no match
begins or ends with a quote or apostrophe (it would take the mark closing a quotation).
names.dict has the names, the marks, quoted names and the one-byte stand-ins.
Not part of the test suite (tests/test_fuzz.py is its hypothesis counterpart).
"""

from __future__ import annotations

import os
import sys

import atheris

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

with atheris.instrument_imports():
    import common

    from normalize import Normalizer, parse_table
    from normalize.cli import streamio
    from normalize.cli.streamio import EncodingError, sniff_wide_encoding
    from normalize.engine import rewrite
    from normalize.rules.rule import APOSTROPHES

N = Normalizer([parse_table(common.TABLE, "fuzz.toml")], builtin=False)
MD = N.with_options(markdown=True)
BUILTIN = Normalizer()
QUOTES = {0x01: "\u2018", 0x02: "\u2019", 0x03: "'", 0x04: "\u02bc", 0x05: "\u02b9", 0x06: "\u2032",
          0x07: '"', 0x08: "\u201c", 0x0E: "\u201d", 0x0F: "\u2019s", 0x10: "'s"}
EDGE = frozenset(APOSTROPHES + "`\u02ba\"\u2018\u201c\u201d")


def check_quoted(text: str) -> None:
    quoted = text.translate(QUOTES)
    for n in (N, BUILTIN):
        common.check_text(n, quoted)
        for m in n.find(quoted):
            assert m.found[0] not in EDGE and m.found[-1] not in EDGE, f"a match takes a mark: {m.found!r}"


def one_input(data: bytes) -> None:
    if len(data) < 3:
        return
    chunk, block, long_line = data[0] % 64 + 1, data[1] % 128 + 1, data[2] % 512 + 64
    raw = data[3:]
    n = MD if chunk % 2 else N
    text = raw.decode("utf-8", "surrogateescape")
    # before the whole text: since the ignore-line fix (issue 14, finding 14) a directive reaches
    # back LONG_LINE characters in the whole text too (fuzz/crashes/harness-stale-long-line-1)
    streamio.CHUNK, rewrite.BLOCK, rewrite.LONG_LINE = chunk, block, long_line
    whole = common.check_text(n, text)
    check_quoted(text)
    try:
        out = common.filter_bytes(n, raw)
    except EncodingError:
        assert sniff_wide_encoding(raw[:chunk]), "EncodingError on input that is not evidently wide"
        return
    if n.markdown and "`" in text and max(map(len, text.split("\n"))) > long_line:
        # Documented limit: in a line longer than LONG_LINE the stream cuts mid-line, and a code
        # span whose backticks pair up across the cut may pair differently (README, "Markdown").
        return  # fuzz/crashes/markdown-code-span-long-line-1
    assert out == whole.encode("utf-8", "surrogateescape"), "stream differs from whole text"


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
