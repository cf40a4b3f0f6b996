"""Byte streams in and out: UTF-8 with undecodable bytes carried through unchanged.

Bytes that are not valid UTF-8 decode to lone surrogates (``surrogateescape``), which are
never part of a word, and encode back to the very same bytes. Input that is evidently
UTF-16 or UTF-32 (a byte order mark, or NUL bytes in every other position) is refused with
:class:`EncodingError` unless its encoding is named, since rewriting it byte-wise as UTF-8
would find nothing and say nothing.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Callable, Iterator
from typing import BinaryIO

from ..engine.match import Match
from ..normalizer import Normalizer

__all__ = ["CHUNK", "EncodingError", "OutputError", "FullWriter", "one_line", "text_encoding", "sniff_wide_encoding",
           "decode_chunks", "filter_stream"]

CHUNK = 1 << 16

_BOMS = [
    (codecs.BOM_UTF32_LE, "UTF-32 (little-endian byte order mark)"),
    (codecs.BOM_UTF32_BE, "UTF-32 (big-endian byte order mark)"),
    (codecs.BOM_UTF16_LE, "UTF-16 (little-endian byte order mark)"),
    (codecs.BOM_UTF16_BE, "UTF-16 (big-endian byte order mark)"),
]


class EncodingError(ValueError):
    """The input is not in the encoding the stream is read with."""


class OutputError(Exception):
    """Standard output could not be written (a full disk, ``/dev/full``, an I/O error).

    Kept apart from :class:`OSError` so that a failure to write the output is never reported
    as a failure to read the input. A broken pipe is not one: :class:`BrokenPipeError` passes
    through unchanged (the reader went away, which is not an error).
    """

    def __init__(self, exc: OSError) -> None:
        super().__init__(exc.strerror or str(exc))
        self.exc = exc


class FullWriter(io.RawIOBase):
    """A binary stream (standard output) written in full, or :class:`OutputError`.

    CPython's buffered writer can return a short count, not an error, when a large write
    into a pipe is cut because the reader left (``--diff | head -c 100`` lost the rest and
    exited 1), and ``TextIOWrapper`` ignores the count: here a short write is continued, so
    the next write raises :class:`BrokenPipeError` as it should.
    """

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self._raw = raw

    def writable(self) -> bool:
        return True

    def write(self, b: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(b).cast("B")
        done = 0
        while done < len(view):
            try:
                n = self._raw.write(view[done:])
            except BrokenPipeError:
                raise
            except OSError as exc:
                raise OutputError(exc) from None
            if not n:  # a blocking stream that took nothing: do not spin
                raise OutputError(OSError(0, "standard output accepts no more data"))
            done += n
        return done

    def flush(self) -> None:
        try:
            self._raw.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(exc) from None
        except ValueError:  # closed
            pass

    def close(self) -> None:  # the wrapped stream is not ours to close
        self.flush()
        super().close()


def one_line(s: str) -> str:
    """``s`` with every control character (and U+2028/U+2029) escaped, so that a file name
    with a line break cannot forge a line of a report or an error; unchanged when it has none
    (backslashes are then doubled, so ``\\n`` in the result is always an escape)."""
    if s.isprintable() or not any(_needs_escape(ch) for ch in s):
        return s
    out = []
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif _needs_escape(ch):
            out.append(_ESCAPES.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"))
        else:
            out.append(ch)
    return "".join(out)


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _needs_escape(ch: str) -> bool:
    o = ord(ch)
    return o < 0x20 or 0x7F <= o < 0xA0 or o in (0x2028, 0x2029)


def text_encoding(name: str) -> str:
    """The canonical name of a text encoding, or :class:`LookupError` with the reason.

    ``codecs.lookup`` also knows bytes-to-bytes and str-to-str codecs (``base64``, ``rot13``,
    ``zlib``), which cannot decode a byte stream to text: they are refused here, not halfway
    through the input.
    """
    info = codecs.lookup(name)  # LookupError: unknown
    if not getattr(info, "_is_text_encoding", True) or info.incrementaldecoder is None \
            or info.incrementalencoder is None:
        raise LookupError(f"{name!r} is not a text encoding (it does not turn bytes into text)")
    return info.name


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
    for out in normalizer.normalize_stream(chunks, line_buffered=line_buffered, on_match=on_match, keep=keep):
        raw_out.write(encoder.encode(out))
        wrote = True
        if line_buffered:
            raw_out.flush()
    if wrote:  # (an encoder with a byte order mark would write one for empty input)
        raw_out.write(encoder.encode("", final=True))
    raw_out.flush()
