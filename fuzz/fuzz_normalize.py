"""atheris harness: the normalizer and the byte stream filter on arbitrary input.

    python fuzz/fuzz_normalize.py -max_total_time=300 -dict=fuzz/names.dict fuzz/corpus-normalize

The first bytes choose the read size and the rewrite block sizes (made tiny so that every
cut point is tried); the rest is the input. Checked: no exception but EncodingError (for
evident UTF-16/32), stream output == whole-text output, idempotence, bytes outside matches
kept. Not part of the test suite (tests/test_fuzz.py is its hypothesis counterpart).
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

N = Normalizer([parse_table(common.TABLE, "fuzz.toml")], builtin=False)
MD = N.with_options(markdown=True)


def one_input(data: bytes) -> None:
    if len(data) < 3:
        return
    chunk, block, long_line = data[0] % 64 + 1, data[1] % 128 + 1, data[2] % 512 + 64
    raw = data[3:]
    n = MD if chunk % 2 else N
    text = raw.decode("utf-8", "surrogateescape")
    whole = common.check_text(n, text)
    streamio.CHUNK, rewrite.BLOCK, rewrite.LONG_LINE = chunk, block, long_line
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
