"""Byte streams in and out: UTF-8 with undecodable bytes carried through unchanged.

Bytes that are not valid UTF-8 decode to lone surrogates (``surrogateescape``), which are
never part of a word, and encode back to the very same bytes. Input that is evidently
UTF-16 or UTF-32 (a byte order mark, or NUL bytes in every other position) is refused with
:class:`EncodingError` unless its encoding is named, since rewriting it byte-wise as UTF-8
would find nothing and say nothing.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator
from typing import BinaryIO

from ..engine.match import Match
from ..engine.rewrite import stream
from ..normalizer import Normalizer

__all__ = ["CHUNK", "EncodingError", "sniff_wide_encoding", "decode_chunks", "filter_stream"]

CHUNK = 1 << 16

_BOMS = [
    (codecs.BOM_UTF32_LE, "UTF-32 (little-endian byte order mark)"),
    (codecs.BOM_UTF32_BE, "UTF-32 (big-endian byte order mark)"),
    (codecs.BOM_UTF16_LE, "UTF-16 (little-endian byte order mark)"),
    (codecs.BOM_UTF16_BE, "UTF-16 (big-endian byte order mark)"),
]


class EncodingError(ValueError):
    """The input is not in the encoding the stream is read with."""


def sniff_wide_encoding(head: bytes) -> str | None:
    """Name the wide encoding ``head`` evidently uses (UTF-16/32), or None for UTF-8 and the like."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    sample = head[:4096]
    if len(sample) >= 16:
        quarter = len(sample) // 4
        zeros = [sample[k::4][:quarter].count(0) / quarter for k in range(4)]
        if zeros[0] < 0.1 and min(zeros[1:]) > 0.6 or zeros[3] < 0.1 and min(zeros[:3]) > 0.6:
            return "UTF-32 (NUL bytes in three of every four positions, no byte order mark)"
        even = sample[0::2].count(0) / (len(sample) // 2)
        odd = sample[1::2].count(0) / (len(sample) // 2)
        if (odd > 0.6 and even < 0.1) or (even > 0.6 and odd < 0.1):
            return "UTF-16 (NUL bytes in every other position, no byte order mark)"
    return None


def _blocks(raw: BinaryIO, line_buffered: bool) -> Iterator[bytes]:
    if line_buffered:
        while True:
            line = raw.readline(CHUNK)  # a long line in pieces: the stream cuts it (bounded memory)
            if not line:
                return
            yield line
    read = getattr(raw, "read1", raw.read)
    while True:
        block = read(CHUNK)
        if not block:
            return
        yield block


def decode_chunks(raw: BinaryIO, line_buffered: bool = False, encoding: str | None = None) -> Iterator[str]:
    """Decode a binary stream incrementally; with ``line_buffered``, one line at a time.

    Without ``encoding``, UTF-8 (undecodable bytes kept as surrogates), and wide encodings
    are refused with :class:`EncodingError` before anything is decoded.
    """
    decoder = codecs.getincrementaldecoder(encoding or "utf-8")(errors="surrogateescape")
    first = True
    for block in _blocks(raw, line_buffered):
        if first and encoding is None:
            first = False
            wide = sniff_wide_encoding(block)
            if wide:
                raise EncodingError(f"input looks like {wide}; convert it to UTF-8 or pass --encoding")
        text = decoder.decode(block)
        if text:
            yield text
    tail = decoder.decode(b"", final=True)
    if tail:
        yield tail


def filter_stream(normalizer: Normalizer, raw_in: BinaryIO, raw_out: BinaryIO, *,
                  line_buffered: bool = False, on_match: Callable[[Match], None] | None = None,
                  encoding: str | None = None, keep: Callable[[Match], bool] | None = None) -> None:
    """Normalize ``raw_in`` into ``raw_out`` in constant memory, in the same encoding
    (``keep``: which matches to rewrite, as for a ``per-file`` entity list)."""
    encoder = codecs.getincrementalencoder(encoding or "utf-8")(errors="surrogateescape")
    chunks = decode_chunks(raw_in, line_buffered, encoding)
    wrote = False
    for out in stream(normalizer.matcher, chunks, normalizer.markdown, line_buffered, on_match, keep):
        raw_out.write(encoder.encode(out))
        wrote = True
        if line_buffered:
            raw_out.flush()
    if wrote:  # (an encoder with a byte order mark would write one for empty input)
        raw_out.write(encoder.encode("", final=True))
    raw_out.flush()
