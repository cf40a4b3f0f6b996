"""What a markup format gives the engine, and the driver that cuts a document into blocks.

A :class:`Markup` reads a document as blocks (a Markdown block, an HTML stretch between safe
points, a run of source lines) and says which spans of each block are not prose. Blocks are
cut by the text alone, never by how it arrived, so a stream and the whole text are cut alike
and give the same result; a block has at most :data:`MAX_BLOCK` characters, so memory stays
bounded (a block with no end of its own within that is cut where the format says, with the
state it is in carried over: a documented limit of each format).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol

__all__ = ["MAX_BLOCK", "Markup", "blank", "blocks", "complement"]

#: The longest block (characters).
MAX_BLOCK = 1 << 20


class Markup(Protocol):
    """A markup format. ``State`` values are the format's own (immutable: tuples, frozen
    dataclasses): what it must know at a block's start (an open fence, an element stack)."""

    @property
    def name(self) -> str:
        """The format's name (``"html"``, ``"markdown"``, ...)."""

    def start(self) -> Any:
        """The state at the start of a document."""

    def cut(self, text: str, start: int, end: int, state: Any, final: bool) -> tuple[int, Any] | None:
        """The end of the block that begins at ``text[start]`` and the state after it, reading
        ``text[start:end]`` only; ``None`` when ``end`` comes too soon to tell. With ``final``,
        ``end`` is the end of the input (or of the longest block): a cut in ``(start, end]`` is
        required. A cut must not depend on text beyond the point where it is returned."""

    def protected(self, block: str, state: Any) -> list[tuple[int, int]]:
        """The spans of ``block`` (a block cut by :meth:`cut`, which began in ``state``) that
        are not prose and stay byte for byte as written."""


def blocks(markup: Markup, chunks: Iterable[str], max_block: int = MAX_BLOCK) -> Iterator[tuple[int, str, Any]]:
    """The document of ``chunks`` as (offset, block, state at its start), in order."""
    buf = ""
    base = 0  # document offset of buf[0]
    state = markup.start()
    pending: list[str] = []
    size = 0

    def take(final: bool) -> Iterator[tuple[int, str, Any]]:
        nonlocal buf, base, state
        pos = 0
        while pos < len(buf):
            end = min(len(buf), pos + max_block)
            whole = final or end - pos == max_block  # all there is, or the longest block
            got = markup.cut(buf, pos, end, state, False)
            if got is None and whole:
                got = markup.cut(buf, pos, end, state, True)
                if got is None:
                    raise AssertionError(f"{markup.name}: no cut with the input's end in view")
            if got is None:
                break
            cut, after = got
            if not pos < cut <= end:
                raise AssertionError(f"{markup.name}: cut {cut} outside ({pos}, {end}]")
            yield base + pos, buf[pos:cut], state
            state = after
            pos = cut
        buf = buf[pos:]
        base += pos

    for chunk in chunks:
        if not chunk:
            continue
        pending.append(chunk)
        size += len(chunk)
        if size < 1 << 16:
            continue
        buf += "".join(pending)
        pending.clear()
        size = 0
        yield from take(False)
    buf += "".join(pending)
    yield from take(True)


def complement(spans: Iterable[tuple[int, int]], n: int, start: int = 0) -> list[tuple[int, int]]:
    """The stretches of ``[start, n)`` that no span covers (spans may overlap, in any order):
    what a format that finds the prose protects."""
    out: list[tuple[int, int]] = []
    pos = start
    for s, e in sorted(spans):
        if s > pos:
            out.append((pos, s))
        pos = max(pos, e)
    if pos < n:
        out.append((pos, n))
    return out


_MASK = re.compile(r"[^\n\r]")


def blank(block: str, protected: Sequence[tuple[int, int]]) -> str:
    """``block`` with its ``protected`` spans blanked (line breaks kept), as long as ``block``:
    the view a format may give the matcher and the context stage, so that markup or code around
    a word neither joins it to a neighbour nor counts as the sentence it stands in."""
    if not protected:
        return block
    pieces, pos = [], 0
    for s, e in protected:
        pieces.append(block[pos:s])
        pieces.append(_MASK.sub(" ", block[s:e]))
        pos = e
    pieces.append(block[pos:])
    return "".join(pieces)
