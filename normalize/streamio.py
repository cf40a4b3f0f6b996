"""Byte streams in and out: UTF-8 with undecodable bytes carried through unchanged.

Bytes that are not valid UTF-8 decode to lone surrogates (``surrogateescape``), which are
never part of a word, and encode back to the very same bytes.
"""

from __future__ import annotations

import codecs
from typing import BinaryIO, Callable, Iterator

from .match import Match
from .normalizer import Normalizer

__all__ = ["CHUNK", "decode_chunks", "filter_stream"]

CHUNK = 1 << 16


def decode_chunks(raw: BinaryIO, line_buffered: bool = False) -> Iterator[str]:
    """Decode a binary stream incrementally; with ``line_buffered``, one line at a time."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
    if line_buffered:
        while True:
            line = raw.readline()
            if not line:
                break
            text = decoder.decode(line)
            if text:
                yield text
    else:
        read = getattr(raw, "read1", raw.read)
        while True:
            block = read(CHUNK)
            if not block:
                break
            text = decoder.decode(block)
            if text:
                yield text
    tail = decoder.decode(b"", final=True)
    if tail:
        yield tail


def filter_stream(normalizer: Normalizer, raw_in: BinaryIO, raw_out: BinaryIO, *,
                  line_buffered: bool = False, on_match: Callable[[Match], None] | None = None) -> None:
    """Normalize ``raw_in`` into ``raw_out`` in constant memory."""
    from .rewrite import stream

    chunks = decode_chunks(raw_in, line_buffered)
    for out in stream(normalizer.matcher, chunks, normalizer.markdown, line_buffered, on_match):
        raw_out.write(out.encode("utf-8", "surrogateescape"))
        if line_buffered:
            raw_out.flush()
    raw_out.flush()
