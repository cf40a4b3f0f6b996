"""A marked-up document through the engine, block by block."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from ..engine.match import Match
from ..engine.matcher import Matcher
from ..engine.regions import ScanState
from ..engine.rewrite import Judge, rewrite_block
from .base import Markup, blocks

__all__ = ["rewrite_document"]


def rewrite_document(matcher: Matcher, markup: Markup, chunks: Iterable[str], judge: Judge | None = None,
                     on_match: Callable[[Match], object] | None = None,
                     keep: Callable[[Match], bool] | None = None) -> Iterator[str]:
    """The document of ``chunks`` rewritten, one block at a time (its prose only); matches go
    to ``on_match`` with offsets into the whole document."""
    state = ScanState()
    view = getattr(markup, "view", None)  # optional: the block as the matcher reads it
    for offset, block, markup_state in blocks(markup, chunks):
        spans = markup.protected(block, markup_state)
        seen = view(block, spans) if view is not None else None
        out, state = rewrite_block(matcher, block, spans, state, judge, offset, on_match, keep, seen)
        yield out
